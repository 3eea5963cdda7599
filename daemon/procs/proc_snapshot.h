/*
 * One process read from /proc into a process-table entry, through one
 * descriptor of its /proc/PID directory so every file is the same process.
 */
#ifndef WHOKILLED_DAEMON_PROC_SNAPSHOT_H
#define WHOKILLED_DAEMON_PROC_SNAPSHOT_H

#include <stdint.h>

#include "proc_table.h"

/* What to read besides stat (pid, ppid, start_time, comm: always read). */
#define PROC_READ_IDS	0x1u	/* status: uid, euid */
#define PROC_READ_AUDIT	0x2u	/* loginuid, sessionid */
#define PROC_READ_ARGS	0x4u	/* cmdline into args, exe into exe_base */
#define PROC_READ_ALL	(PROC_READ_IDS | PROC_READ_AUDIT | PROC_READ_ARGS)
#define PROC_READ_CGROUP 0x8u	/* cgroup, into proc_snapshot_read_cg's cg */

/*
 * Read the parts asked for into out; fields not asked for are left as
 * they are.  A zombie has no command line: args are then left alone and
 * *zombie is set.  Returns 0, or -1 with errno (ENOENT or ESRCH: gone).
 */
int proc_snapshot_read(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie);

/*
 * The same, and with PROC_READ_CGROUP its cgroup and unit into *cg (path
 * "" when the file could not be read or was refused: common/cgroup_unit.h).
 */
int proc_snapshot_read_cg(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie, struct wk_cgroup *cg);

/*
 * The cgroup and unit of the process that has pid now, if it started at
 * start_time (0: whichever does): 0, or -1 with errno (ESRCH: gone or
 * another process; EINVAL/ENOENT: the file was refused).
 */
int proc_snapshot_cgroup(int32_t pid, uint64_t start_time,
    struct wk_cgroup *cg);

/*
 * The same, and the base name of its executable into exe (size bytes; ""
 * when it cannot be read; exe NULL: not asked), through one open.
 */
int proc_snapshot_cgroup_exe(int32_t pid, uint64_t start_time,
    struct wk_cgroup *cg, char *exe, size_t size);

#endif
