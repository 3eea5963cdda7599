/*
 * What a process knows of itself only through /proc -- its start time,
 * terminal, command name and audit ids -- read at its first report and
 * kept for the next ones, so a process that signals often pays for /proc
 * once.  Kept per pid and POSIX session: a forked child, or a process that
 * called setsid(), reads again.  Async-signal-safe: the copy is guarded by
 * a sequence counter, and a reader that meets a writer (another thread, or
 * the signal handler it interrupted) reads /proc itself.
 */
#ifndef WHOKILLED_SHIM_SELF_H
#define WHOKILLED_SHIM_SELF_H

#include <stdint.h>

#include "common/procstat.h"

struct shim_self {
	uint32_t pid;
	int32_t sid;		/* the POSIX session it was read in */
	uint32_t loginuid;	/* WK_ID_UNSET when unset or unreadable */
	uint32_t sessionid;	/* WK_ID_UNSET when unset or unreadable */
	uint32_t stat_read;	/* 1: stat is set */
	struct wk_procstat stat;	/* its /proc/self/stat */
};

/*
 * Fills *out for the calling process, pid in POSIX session sid: from the
 * copy kept by an earlier call of this same process and session, else
 * from /proc (and the copy is kept).  Returns 1 when it came from the
 * copy, 0 when /proc was read.
 *
 * The login uid and audit session are thus as they were at the process's
 * first report: a process that sets its own login uid later (a login
 * program does, once) reports the old one, and the daemon, which checks
 * every report against the kernel, records the kernel's.
 */
int shim_self_get(uint32_t pid, int32_t sid, struct shim_self *out);

/* Drops the kept copy (tests; a process never needs to). */
void shim_self_forget(void);

#endif
