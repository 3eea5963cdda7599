/*
 * The processes a kill to a process group (kill 0, kill -PGID, killpg) or
 * to every process (kill -1) reached, each stored as a row of its own, so
 * that "whokilled PID" finds the signal for any of them, not only for the
 * pid the call named.
 *
 * They are found when the report is stored: in the process table (the
 * process group it last read for each process, whose entries outlive
 * their processes, so a member the signal ended is still named), else in
 * a bounded scan of /proc (then members that have ended already are
 * missed).  At most WK_GROUP_ROWS_MAX processes have a row; reached
 * counts them all.
 */
#ifndef WHOKILLED_DAEMON_INGEST_GROUP_H
#define WHOKILLED_DAEMON_INGEST_GROUP_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "daemon/procs/proc_table.h"
#include "ingest_state.h"

/* /proc entries a scan reads at most (without a process table). */
#define INGEST_GROUP_SCAN_MAX	8192

/* The processes of one call, besides the one its own row names. */
struct ingest_group {
	uint32_t n;		/* members[] used */
	struct wk_target members[WK_GROUP_ROWS_MAX];
};

/*
 * For a kill (ev, resolved) to a process group or to every process that
 * did not fail: the processes it reached at its time, as the table (else
 * /proc) shows them -- a group's members, or for kill -1 every process but
 * init, kernel threads and the caller that the caller may signal.  Sets
 * ev->report.reached to how many there were (unchanged: not such a
 * call) and g to those of them, other than ev's own target, that get a
 * row.  A group's members include the caller when it is one.
 */
void ingest_group_find(struct ingest *in, struct wk_event *ev,
    struct ingest_group *g);

/*
 * Store one row per process of g: ev with that process as its target and
 * WK_F_GROUP_MEMBER, through the write path (ingest_store_row), telling
 * the listener of each signal.  Returns how many were lost.
 */
unsigned ingest_group_store(struct ingest *in, const struct wk_event *ev,
    const struct ingest_group *g);

/*
 * Whether the process of entry e (its pid, parent, process group, uids,
 * start time, and its end when PROC_F_EXITED) was one the call of r
 * reached, by the rules of ingest_group_find, had it been made at
 * at_ticks (clock ticks after boot) and at_ns (CLOCK_MONOTONIC): it had
 * started by then and not yet ended.  Pure, for tests.
 */
int ingest_group_reached(const struct wk_kill_report *r,
    const struct proc_entry *e, uint64_t at_ticks, uint64_t at_ns);

#endif
