/*
 * The systemd unit and cgroup of a process a report or a kernel record
 * names as the target of a signal, and of a process that ended.
 */
#ifndef WHOKILLED_DAEMON_PROC_TARGET_H
#define WHOKILLED_DAEMON_PROC_TARGET_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "proc_table.h"

/*
 * The kernel sends no event when a process is moved to another cgroup
 * (systemd-run --scope, a write to cgroup.procs), so the first report
 * that names a running process reads its cgroup again, and later ones
 * when that read is older than this: a flood of signals to one process
 * costs one read a second.
 */
#define PROC_TARGET_FRESH_NS	1000000000ull

/*
 * The unit and cgroup of process pid that started at start_time (0: the
 * one running now) into *out.  With a table (t not NULL): its entry,
 * read again from /proc when it still runs and no report had it read in
 * the last PROC_TARGET_FRESH_NS (the entry then keeps what was read);
 * an ended process keeps what was last read, at its exec most often.
 * Without a table, or when it does not know the process: /proc, while
 * that very process runs.  With exe (not NULL) the base name of its
 * executable too (exe_size bytes, "" unknown): the table's, read at its
 * exec, else read with the cgroup, in the same open of /proc/PID.
 * Returns 0, or -1 (out "") when unknown.
 */
int proc_target_cgroup(struct proc_table *t, int32_t pid,
    uint64_t start_time, uint64_t now_ns, struct wk_cgroup *out, char *exe,
    size_t exe_size);

#endif
