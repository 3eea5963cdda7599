/*
 * Ancestry chains that survive ancestors which already exited: /proc for
 * processes still running, the process table for the rest, and the parent
 * each process had at fork rather than the one it was reparented to.
 */
#ifndef WHOKILLED_DAEMON_PROC_TABLE_CHAIN_H
#define WHOKILLED_DAEMON_PROC_TABLE_CHAIN_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "proc_table.h"

/*
 * The state of one walk, the arg of proc_table_reader: the table, and the
 * start time of the process whose parent is asked for next (0: unknown),
 * which the reader moves up the chain as it goes.
 */
struct proc_table_walk {
	struct proc_table *table;
	uint64_t child_start;
	uint64_t now_ns;	/* CLOCK_MONOTONIC of the walk; 0: read it */
};

/*
 * How long what /proc said about a running process's audit ids and
 * command line is believed without reading it again.  Everything else in
 * its entry follows the process events (fork, exec, uid, comm, exit), but
 * the kernel sends no event when a process sets its login uid or rewrites
 * its command line (sshd does both).
 */
#define PROC_TABLE_FRESH_NS	1000000000ull

/*
 * The running entry of pid when it can stand in for /proc: its start time
 * is known, no exec went unread, and its audit ids and args were read
 * from /proc within PROC_TABLE_FRESH_NS (else they are read again now,
 * through one descriptor, and the start time must still match).  NULL
 * when there is none or it cannot be trusted: the caller reads /proc.
 */
struct proc_entry *proc_table_current(struct proc_table *t, int32_t pid,
    uint64_t now_ns);

/*
 * A procinfo_reader (see procinfo.h): the running process with this pid
 * when it started before the child (from the table when
 * proc_table_current trusts its entry, else /proc), else the newest process the table
 * holds with this pid that did.  The parent is the one from fork when the
 * table knows it; an empty command line (a zombie) is filled from the
 * table.  Returns 0, or -1 with ESRCH.
 */
int proc_table_reader(int32_t pid, struct wk_chain_entry *out, void *arg);

/*
 * procinfo_chain over proc_table_reader: the ancestors of a process whose
 * parent is ppid and which started at child_start, outermost first.
 */
unsigned proc_table_chain(struct proc_table *t, int32_t ppid,
    uint64_t child_start, struct wk_chain_entry *chain, unsigned max);

/*
 * The parent a process had when it was forked, from the table, else its
 * parent in /proc now; 0 or -1 with errno (ESRCH: unknown to both).
 */
int proc_table_parent(const struct proc_table *t, int32_t pid,
    uint64_t start_time, int32_t *ppid);

#endif
