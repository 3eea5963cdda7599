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
#define PROC_READ_ARGS	0x4u	/* cmdline into args */
#define PROC_READ_ALL	(PROC_READ_IDS | PROC_READ_AUDIT | PROC_READ_ARGS)

/*
 * Read the parts asked for into out; fields not asked for are left as
 * they are.  A zombie has no command line: args are then left alone and
 * *zombie is set.  Returns 0, or -1 with errno (ENOENT or ESRCH: gone).
 */
int proc_snapshot_read(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie);

#endif
