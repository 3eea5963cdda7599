/*
 * The credential check.  A report is a claim; the kernel's SCM_CREDENTIALS
 * are the evidence.
 */
#include <inttypes.h>
#include <stdio.h>

#include "verify.h"

enum verify_result
verify_report_creds(const struct ucred *cred, const struct wk_caller *caller,
    const char **why)
{
	if (cred == NULL) {
		*why = "no credentials attached";
		return VERIFY_NOCRED;
	}
	if (cred->pid != caller->pid) {
		*why = "caller pid differs from the sender's";
		return VERIFY_FORGED;
	}
	if (cred->uid != caller->uid) {
		*why = "caller uid differs from the sender's real uid";
		return VERIFY_FORGED;
	}
	if (cred->gid != caller->gid) {
		*why = "caller gid differs from the sender's real gid";
		return VERIFY_FORGED;
	}
	*why = "";
	return VERIFY_OK;
}

enum verify_result
verify_ns_caller(const struct ucred *cred, const struct wk_caller *caller,
    const int32_t *nspid, unsigned count, uint64_t ns, char *buf,
    size_t size, const char **why)
{
	*why = "";
	if (count < 2 || nspid[0] != cred->pid) {
		*why = "caller pid differs from the sender's";
		return VERIFY_FORGED;
	}
	if (nspid[count - 1] != caller->pid) {
		snprintf(buf, size, " in pid namespace %" PRIu64 ": its pid"
		    " there is %" PRId32 ", the report says %" PRId32, ns,
		    nspid[count - 1], caller->pid);
		*why = buf;
		return VERIFY_FORGED_NS;
	}
	return VERIFY_OK;
}

enum verify_result
verify_report_live(const struct ucred *cred, const struct wk_kill_report *r,
    const struct wk_chain_entry *live, const char **why)
{
	*why = "";
	if (cred->uid == 0)
		return VERIFY_OK;
	if ((r->flags & WK_F_CALLER_STAT_READ) &&
	    r->caller.start_time != live->start_time) {
		*why = "caller start time differs from /proc";
		return VERIFY_FORGED;
	}
	/*
	 * The shim keeps what it read at the process's first report, so a
	 * process that set its login uid since claims "unset": not a lie
	 * that gains anything, and the kernel's value is what gets stored.
	 */
	if (r->caller.loginuid != live->loginuid &&
	    r->caller.loginuid != WK_ID_UNSET) {
		*why = "caller login uid differs from /proc";
		return VERIFY_FORGED;
	}
	return VERIFY_OK;
}

enum verify_result
verify_result_creds(const struct ucred *cred, const struct wk_kill_result *m,
    const char **why)
{
	if (cred == NULL) {
		*why = "no credentials attached";
		return VERIFY_NOCRED;
	}
	if (cred->pid != m->pid) {
		*why = "kill result's pid differs from the sender's";
		return VERIFY_FORGED;
	}
	*why = "";
	return VERIFY_OK;
}

enum verify_result
verify_session_creds(const struct ucred *cred,
    const struct wk_session_report *s, const char **why)
{
	if (cred == NULL) {
		*why = "no credentials attached";
		return VERIFY_NOCRED;
	}
	if (cred->pid != s->pid) {
		*why = "session pid differs from the sender's";
		return VERIFY_FORGED;
	}
	*why = "";
	return VERIFY_OK;
}

enum verify_result
verify_pam_sender(const struct ucred *cred, const struct wk_chain_entry *live,
    uint64_t start_time, const char **why)
{
	*why = "";
	if (cred->uid == 0)
		return VERIFY_OK;
	if (live == NULL) {
		*why = "PAM report from a process that is gone and was not"
		    " root";
		return VERIFY_FORGED;
	}
	if (start_time != 0 && live->start_time != start_time) {
		*why = "PAM report's start time differs from /proc";
		return VERIFY_FORGED;
	}
	if (live->euid != 0) {
		*why = "PAM report from a process without effective uid 0";
		return VERIFY_FORGED;
	}
	return VERIFY_OK;
}
