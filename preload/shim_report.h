/*
 * The testable core of the preload shim: fill one struct wk_kill_report
 * around a real signal and send it to the daemon.  Every function here is
 * async-signal-safe and never blocks.
 */
#ifndef WHOKILLED_SHIM_REPORT_H
#define WHOKILLED_SHIM_REPORT_H

#include <stdint.h>

#include "whokilled/wire.h"

/* Smallest alternate signal stack the shim builds a report on. */
#define SHIM_MIN_ALTSTACK	16384

/*
 * Clears *r, fills the header and the time, and records the call as the
 * caller made it: which function, the signal and its first arguments
 * (arg_tid is tgkill's tid, 0 for the others).
 */
void shim_report_start(struct wk_kill_report *r, enum wk_call call, int signo,
    int arg_pid, int arg_tid);

/*
 * Reads the target named by r's call and arguments, before delivery:
 * target.* and WK_F_TARGET_READ when /proc/PID/stat could be read (the
 * group leader for a process group), WK_F_TARGET_GROUP / WK_F_TARGET_ALL
 * from the arguments alone.  A target that cannot be read leaves target.*
 * zero; the report still goes out.
 */
void shim_read_target(struct wk_kill_report *r);

/*
 * shim_read_target for tkill(tid), reported as tgkill(tid, tid): the
 * target is the thread's process, found from /proc/TID/status first.
 */
void shim_read_thread_target(struct wk_kill_report *r);

/*
 * When the target (read by shim_read_target) is a child of a caller
 * running as root, its /proc/PID/cgroup into buf (size bytes, at least
 * WK_TARGET_CGROUP_MAX + 1), read before delivery: such a parent (PID 1,
 * a supervisor) may reap it at once, before the daemon could read it.
 * Sets r->target.cgroup_len (0: not read).
 */
void shim_read_target_cgroup(struct wk_kill_report *r, char *buf,
    size_t size);

/*
 * Whether the call r describes (after shim_read_target) may signal the
 * calling process itself, so that it may not return to report after
 * delivery: kill() of 0, -1, its own pid or its own group; killpg() of 0,
 * 1 (every process) or its own group; sigqueue() or tgkill() of its own
 * pid; tgkill() (or tkill()) of a thread whose process, read with the
 * target, is its own; pidfd_send_signal() of a pidfd whose pid (read with
 * the target) is its own.  Costs at most two getpid() or a getpgrp().
 */
int shim_may_include_self(const struct wk_kill_report *r);

/* Records what the real call returned and its errno (kept only on -1). */
void shim_set_result(struct wk_kill_report *r, int result, int error);

/*
 * Fills r->caller as the calling process sees itself now: ids, loginuid
 * and audit session, /proc/self/stat (WK_F_CALLER_STAT_READ when read),
 * and the executable name and argv captured in shim_config.
 */
void shim_fill_caller(struct wk_kill_report *r);

/*
 * shim_fill_caller without reading /proc/self (the three files cost a
 * fresh process about 24 µs): ids from system calls, comm (the main
 * thread's name, PR_GET_NAME), the executable name and argv; loginuid and
 * sessionid WK_ID_UNSET, tty and start time left out (no
 * WK_F_CALLER_STAT_READ), for the daemon's process table to fill in.
 * Only for the socket WK_LEAN_SOCKET.
 */
void shim_fill_caller_lean(struct wk_kill_report *r);

/*
 * Fills the caller of r and sends it, lean to WK_LEAN_SOCKET beside
 * socket_path while that name is there (the daemon follows process
 * events), else whole to socket_path.  A process that once found no
 * WK_LEAN_SOCKET (ENOENT, ECONNREFUSED) sends whole reports from then
 * on; a lean report that could not be sent for any other reason is
 * dropped and counted, as in shim_send_report.  0, or -1 with errno.
 */
int shim_fill_and_send(const char *socket_path, struct wk_kill_report *r,
    char *cgroup);

/* Forget that WK_LEAN_SOCKET was missing (for the tests). */
void shim_lean_reset(void);

/*
 * Sends r and the argv_len bytes of shim_config.argv (the command line
 * shim_fill_caller described) as one datagram to the Unix socket at
 * socket_path, on a socket
 * opened and closed for this report alone (the host may close or dup2 over
 * any descriptor we kept).  hdr.dropped carries the reports this process
 * failed to send so far, taken from the counter (and put back, plus this
 * one, when the send fails).  The send never waits: a full daemon queue
 * drops the report (the daemon sizes its queue so that this is rare).
 * Needs r->caller.pid.  cgroup: r->target.cgroup_len bytes sent after
 * argv (NULL when none).  Returns 0, or -1 with errno after counting the
 * report as dropped.
 */
int shim_send_report(const char *socket_path, struct wk_kill_report *r,
    char *cgroup);

/*
 * Sends the result of the call r reported before delivery (r was sent
 * with WK_F_RESULT_PENDING): one small datagram naming r by its caller
 * and time, on a fresh non-blocking socket like a report.  A result that
 * cannot be sent is not counted (the report was).  0, or -1 with errno.
 */
int shim_send_result(const char *socket_path, const struct wk_kill_report *r,
    int result, int error);

/* Counts one report of this process as dropped (not built or not sent). */
void shim_count_drop(void);

/* Reports this process has dropped and not yet told the daemon about. */
uint32_t shim_dropped_pending(void);

/*
 * Returns 1 when the current stack can hold a report: always, unless the
 * thread runs on an alternate signal stack smaller than SHIM_MIN_ALTSTACK.
 */
int shim_stack_has_room(void);

#endif
