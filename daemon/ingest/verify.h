/*
 * Whether a report is believed: only what the kernel vouches for counts.
 */
#ifndef WHOKILLED_DAEMON_VERIFY_H
#define WHOKILLED_DAEMON_VERIFY_H

#include <sys/socket.h>

#include "whokilled/wire.h"

enum verify_result {
	VERIFY_OK = 0,
	VERIFY_NOCRED,		/* no SCM_CREDENTIALS came with the datagram */
	VERIFY_FORGED,		/* the payload disagrees with the kernel */
	VERIFY_FORGED_NS,	/* likewise, about its pid namespace: *why
				 * follows "report from pid N uid U" */
};

/*
 * Compare the caller a report claims to be with the credentials the kernel
 * attached to its datagram (cred is NULL when none came).  SCM_CREDENTIALS
 * carries the sender's tgid and its REAL uid and gid, so those are what
 * caller.pid, caller.uid and caller.gid must equal.  *why names the first
 * mismatch.
 */
enum verify_result verify_report_creds(const struct ucred *cred,
    const struct wk_caller *caller, const char **why);

/*
 * A sender whose report gives another pid than the kernel's: believed when
 * the kernel puts it in a pid namespace below the daemon's and its pid
 * there is the report's.  nspid (count of them) is the NSpid line of the
 * sender's status: its pids from the daemon's namespace (the kernel's
 * cred->pid) to its own, last.  Its pid there must be the caller's; one
 * pid only is the daemon's namespace, where the two must be equal
 * (VERIFY_FORGED).  A mismatch in a namespace is VERIFY_FORGED_NS, and
 * *why says so in buf (size bytes), with the namespace ns.
 */
enum verify_result verify_ns_caller(const struct ucred *cred,
    const struct wk_caller *caller, const int32_t *nspid, unsigned count,
    uint64_t ns, char *buf, size_t size, const char **why);

/*
 * Compare the caller with what /proc says now about the same pid (live,
 * read by the daemon).  A sender that is not root must report its own
 * start time (when it says it read it) and login uid, so it cannot pin
 * its kill on another login session -- or claim none (the shim's copy may
 * predate the process setting it; the caller stores the kernel's value).
 * Root senders are trusted, and a login uid changed since the kill by a
 * privileged write would otherwise read as a forgery.
 */
enum verify_result verify_report_live(const struct ucred *cred,
    const struct wk_kill_report *r, const struct wk_chain_entry *live,
    const char **why);

/*
 * The result of a kill reported before delivery speaks for the process
 * that made the call: its pid must be the sender's (cred NULL: NOCRED).
 */
enum verify_result verify_result_creds(const struct ucred *cred,
    const struct wk_kill_result *m, const char **why);

/*
 * A session report speaks for the process that ran pam_open_session or
 * pam_close_session: its pid must be the sender's (cred NULL: NOCRED).
 */
enum verify_result verify_session_creds(const struct ucred *cred,
    const struct wk_session_report *s, const char **why);

/*
 * Whether the sender of a PAM report runs as root now, as only a login
 * program does: real uid 0 in the kernel's credentials, or else (a setuid
 * su or sudo: real uid the user's) alive with effective uid 0 in /proc.
 * live is what /proc says of the sender's pid (NULL when it could not be
 * read: the sender is gone); start_time, when not 0, is the start time the
 * report claims, which live must have too, or the pid was reused.
 */
enum verify_result verify_pam_sender(const struct ucred *cred,
    const struct wk_chain_entry *live, uint64_t start_time, const char **why);

#endif
