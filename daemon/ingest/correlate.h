/*
 * One signal seen twice: by the kernel audit trail and by the preload
 * shim.  Whether two events are the same signal, and the one attribution
 * made of both.  Pure functions over struct wk_event.
 */
#ifndef WHOKILLED_DAEMON_CORRELATE_H
#define WHOKILLED_DAEMON_CORRELATE_H

#include "whokilled/wire.h"

/* Farthest apart the two sources may time the same signal. */
#define CORRELATE_WINDOW_NS	2000000000LL

/*
 * Whether a and b are the same signal: same boot, killer pid and signal,
 * times within CORRELATE_WINDOW_NS, the same system call argument (the
 * pid, -pgrp, tgid and tid, or pidfd it was given), the same target pid
 * and killer start time where both know them.  Which source saw which is
 * the caller's to check.
 */
int correlate_match(const struct wk_event *a, const struct wk_event *b);

/*
 * The attribution of one signal from its shim event and its kernel event:
 * each field from the source that has it.  The kernel's word wins on who
 * the killer was (its uids, gids, audit login uid and session, comm and
 * executable) and on what the call returned; the shim's on what only a
 * process sees of itself (thread, process group, terminal, start time,
 * its whole command line, the C library call it made) and on the target
 * it read before delivery.  The longer chain is kept (the shim's on a
 * tie).  out->sources names both; out->id is 0: the caller knows the row.
 */
void correlate_merge(const struct wk_event *shim, const struct wk_event *kernel,
    struct wk_event *out);

#endif
