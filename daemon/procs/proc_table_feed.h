/*
 * Keeping the process table true: seeded from /proc at start, then fed
 * every process event, reading /proc only where the event does not say
 * enough (a fork's start time, an exec's new command line).
 */
#ifndef WHOKILLED_DAEMON_PROC_TABLE_FEED_H
#define WHOKILLED_DAEMON_PROC_TABLE_FEED_H

#include <stdint.h>

#include "proc_events.h"
#include "proc_table.h"

/*
 * Apply one event.  Only processes (thread-group leaders) are kept;
 * events about other threads change nothing.  A lost-events notice makes
 * the next proc_table_maintain rescan /proc.
 */
void proc_table_apply(struct proc_table *t, const struct proc_ev *ev);

/* proc_table_apply in the shape proc_events_read calls (arg: the table). */
void proc_table_apply_cb(const struct proc_ev *ev, void *arg);

/*
 * Read every process in /proc into the table; running entries whose
 * process is no longer there are marked exited with an unknown status.
 * Returns how many processes were read, or -1 with errno.
 */
int proc_table_seed(struct proc_table *t);

/* Expire old exits, and rescan /proc when events were lost. */
void proc_table_maintain(struct proc_table *t, uint64_t now_ns);

#endif
