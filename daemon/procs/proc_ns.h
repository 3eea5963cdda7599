/*
 * Processes of another pid namespace (a container), named in the daemon's
 * pids.  A process there knows itself and the others by the pids of its
 * own namespace; the daemon knows them by its own.  This finds which
 * process of the daemon's is meant, and proves it: through /proc while the
 * process runs (the namespace of /proc/PID/ns/pid and the NSpid line of
 * its status), else through its parent, whose children are born in the
 * namespace of its ns/pid_for_children.
 *
 * Only the namespace itself is searched, not the ones nested below it: a
 * process of a nested namespace is not found.
 */
#ifndef WHOKILLED_DAEMON_PROC_NS_H
#define WHOKILLED_DAEMON_PROC_NS_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "proc_table.h"

/* A pid namespace below the daemon's. */
struct proc_ns_place {
	uint64_t ns;		/* its inode (ns/pid) */
	unsigned level;		/* how deep: the daemon's is 0 */
};

/* A process already known in both pids (the sender of a report). */
struct proc_ns_known {
	int32_t pid;		/* in the daemon's pids */
	int32_t ns_pid;		/* in the namespace's */
};

/* The process to find, as a report of that namespace describes it. */
struct proc_ns_wanted {
	int32_t ns_pid;		/* its pid there, > 0 */
	uint64_t start_time;	/* clock ticks after boot; 0 finds nothing */
	int32_t ns_ppid;	/* its parent's pid there; 0: outside it */
	char comm[WK_COMM_MAX];	/* its name; "" matches any */
	struct wk_time alive_at;	/* it ran then (0: unknown) */
};

/*
 * The namespace the children of parent (in the daemon's pids; started no
 * later than child_start, when that is not 0) are born in, into *at: 1
 * with *ns_pid the parent's pid there, 0 when the parent is outside it
 * (it made the namespace, or entered it), -1 when it cannot be read.
 */
int proc_ns_children_of(int32_t parent, uint64_t child_start,
    struct proc_ns_place *at, int32_t *ns_pid);

/*
 * How parent (in the daemon's pids; started no later than child_start,
 * when that is not 0) bears children into the namespace at: 1 with
 * *ns_pid its pid there, or 0 for a parent outside it (whose children's
 * parent pid there is 0); -1 when its children are born elsewhere or it
 * cannot be read.  A parent that cannot be read but is known (the sender)
 * is taken as in the namespace with known->ns_pid.
 */
int proc_ns_parent_bears(int32_t parent, uint64_t child_start,
    const struct proc_ns_place *at, const struct proc_ns_known *known,
    int32_t *ns_pid);

/*
 * The process w of namespace at, in the daemon's pids, with *ppid its
 * parent there; 0 when none is found or when more than one could be it.
 * The candidates are the processes that started at w->start_time: from
 * the table t, or, without one, from a scan of /proc (at most
 * PROC_NS_SCAN_MAX entries).  One that runs is proven by /proc (its
 * namespace is at, its pid there w->ns_pid); one that ended (not before
 * w->alive_at) by its name and by its parent at fork, which must bear
 * children into at with w->ns_ppid as its pid there.
 */
#define PROC_NS_CANDIDATES_MAX	64
#define PROC_NS_SCAN_MAX	65536
int32_t proc_ns_find(struct proc_table *t, const struct proc_ns_place *at,
    const struct proc_ns_wanted *w, const struct proc_ns_known *known,
    int32_t *ppid);

#endif
