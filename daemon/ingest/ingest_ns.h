/*
 * Kill reports from another pid namespace (a container).  The shim reports
 * its own view: the pids in it are its namespace's.  The kernel's
 * credentials give the sender's pid in the daemon's.  A report whose caller
 * pid is not the kernel's is believed when the sender's NSpid line puts it
 * in a namespace below the daemon's with the report's pid there; then its
 * pids are translated to the daemon's (what is stored and asked by), and
 * the event keeps the namespace and the killer's and target's pids there
 * (struct wk_pid_ns).  The common report, from the daemon's own namespace,
 * never comes here and costs nothing more.
 *
 * Of a sender that ended before the daemon read its report, /proc says
 * nothing: its parent at fork (from the process table) names the namespace
 * it was born in, and must have the report's parent pid there; its own pid
 * there is then its word.  arg_pid and arg_tid stay as the caller passed
 * them (its namespace's pids), as the kernel's audit records keep them.
 */
#ifndef WHOKILLED_DAEMON_INGEST_NS_H
#define WHOKILLED_DAEMON_INGEST_NS_H

#include <stdint.h>
#include <sys/socket.h>

#include "whokilled/wire.h"
#include "ingest_state.h"
#include "verify.h"

/* What the daemon found of a report's processes, in its own pids. */
struct ingest_ns_view {
	uint64_t ns;		/* the sender's pid namespace (its inode) */
	int32_t pid;		/* the sender (the kernel's credentials) */
	int alive;		/* it was read from /proc: the next three
				 * are its stat's; else ppid is its parent
				 * at fork and pgrp, session 0 */
	int32_t ppid, pgrp, session;
	int32_t tid;		/* the calling thread; 0: not found */
	int32_t target;		/* the target; 0: not found */
	int32_t target_ppid;	/* its parent; 0: unknown */
};

/*
 * The pid a call addressed, in the caller's pids: the process, or the
 * group leader's pid for a group (kill(0): the caller's group).  0 when
 * the call names no single pid (kill -1, a pidfd).
 */
int32_t ingest_addressed_pid(const struct wk_kill_report *r);

/*
 * Translate report r of a sender in another namespace with what v found:
 * out is r with the daemon's pids (0 where none is known; arg_pid and
 * arg_tid as they were), ns the namespace and the killer's and target's
 * (read or addressed) pids there.  Pure.
 */
void ingest_ns_translate(const struct wk_kill_report *r,
    const struct ingest_ns_view *v, struct wk_kill_report *out,
    struct wk_pid_ns *ns);

/*
 * Check a report whose caller pid differs from cred->pid, and translate
 * it (into out and ns) when its sender is in a namespace below the
 * daemon's with that pid there.  Returns VERIFY_OK, VERIFY_FORGED (the
 * daemon's own namespace) or VERIFY_FORGED_NS, with *why (valid until the
 * next call).
 */
enum verify_result ingest_ns_check(struct ingest *in,
    const struct wk_kill_report *r, const struct ucred *cred,
    struct wk_kill_report *out, struct wk_pid_ns *ns, const char **why);

#endif
