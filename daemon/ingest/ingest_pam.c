/*
 * Reports from the PAM module: sessions opened and closed, failed
 * authentications.  Only a login program running as root sends them, so
 * only a sender that runs as root now is believed.
 */
#include <errno.h>
#include <string.h>

#include "ingest_chain.h"
#include "ingest_pam.h"
#include "daemon/procs/procinfo.h"

enum verify_result
ingest_check_session(struct ingest *in, const struct wk_session_report *s,
    const struct ucred *cred, const char **why)
{
	struct wk_chain_entry live;
	enum verify_result v;
	int alive;

	v = verify_session_creds(cred, s, why);
	if (v != VERIFY_OK || cred->uid == 0)
		return v;
	alive = in->read_proc(cred->pid, &live, in->read_proc_arg) == 0;
	return verify_pam_sender(cred, alive ? &live : NULL, s->start_time,
	    why);
}

enum verify_result
ingest_resolve_authfail(struct ingest *in, const struct wk_authfail_report *r,
    const char *argv, const struct ucred *cred, struct wk_authfail_event *ev,
    const char **why)
{
	const struct wk_caller *c = &r->caller;
	struct wk_chain_entry live;
	enum verify_result v;
	uint64_t start = c->start_time;
	int32_t ppid = c->ppid;
	unsigned n;
	int alive;

	v = verify_report_creds(cred, c, why);
	if (v != VERIFY_OK)
		return v;
	alive = in->read_proc(c->pid, &live, in->read_proc_arg) == 0;
	v = verify_pam_sender(cred, alive ? &live : NULL, c->start_time, why);
	if (v != VERIFY_OK)
		return v;
	/* A root sender that is gone is taken at its word about its parent. */
	if (alive && (start == 0 || live.start_time == start)) {
		ppid = live.ppid;
		start = live.start_time;
	}

	memset(ev, 0, WK_AUTHFAIL_EVENT_FIXED);
	wk_reply_init(&ev->hdr, WK_R_AUTHFAIL, sizeof *ev);
	ev->count = 1;
	memcpy(ev->boot_id, in->boot_id, sizeof ev->boot_id);
	ev->first = ev->last = r->time;
	ev->report = *r;
	memcpy(ev->argv, argv, c->argv_len);
	n = ingest_chain(in, c->pid, start, &ppid, ev->chain,
	    WK_CHAIN_MAX - 1);
	ingest_caller_entry(c, ev->argv, ppid, start, &ev->chain[n]);
	ev->chain_len = n + 1;
	*why = "";
	return VERIFY_OK;
}
