/*
 * Who asked systemd for a signal, as a frame after the signal's event.
 */
#include <stdlib.h>

#include "query_request.h"
#include "query_visibility.h"

int
query_request_append(const struct query_env *env, const struct wk_event *ev,
    uid_t asker, struct query_reply *out)
{
	const struct query_hooks *h = &env->hooks;
	struct wk_request *req;
	int rc = 0, found = 0;

	/* A node's PID 1 is not this host's systemd; only PID 1's signals
	 * are explained. */
	if (ev->node[0] != '\0' || ev->report.caller.pid != 1)
		return 0;
	req = malloc(sizeof *req);
	if (req == NULL)
		return -1;
	/* The memory of the bus first (it knows the last ten minutes, the
	 * newest word), then what the store kept (a restarted daemon). */
	if (h->requested_by != NULL)
		found = h->requested_by(h->arg, ev, req) == 1;
	if (!found && env->store != NULL)
		found = store_request_find(env->store, ev, req) == 1;
	if (found) {
		/* The asker's login, as a killer's is joined (its session
		 * may have been reported after it asked). */
		if ((req->flags & WK_RQ_CALLER) && env->store != NULL &&
		    !(req->caller.session.flags & WK_SI_KNOWN)) {
			/* Open when it asked. */
			if (req->caller.report.time.sec == 0)
				req->caller.report.time = req->time;
			(void)store_session_of(env->store, &req->caller,
			    &req->caller.session);
		}
		if (req->flags & WK_RQ_CALLER)
			query_redact(&req->caller, asker);
		/* The caller's argv is last: its used bytes only. */
		wk_reply_init(&req->hdr, WK_R_REQUEST,
		    (uint32_t)wk_request_size(req));
		rc = query_reply_append(out, req, req->hdr.size);
	}
	free(req);
	return rc;
}
