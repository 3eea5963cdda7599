/*
 * The answer to "who keeps failing to log in": groups of failed
 * authentications from the store, as the asker may see them.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/base/log.h"
#include "query_failed_logins.h"
#include "query_reply.h"
#include "query_visibility.h"

/* State of one walk over the groups. */
struct group_walk {
	struct query_reply *out;
	uid_t asker;
	const char *asker_name;
	uint32_t sent;
	int failed;
};

/*
 * The user name of uid into name ("" when it has none or the lookup
 * fails: the asker then sees only their own programs' failures, which is
 * the safe side).
 */
static void
user_name(uid_t uid, char *name, size_t size)
{
	struct passwd pw, *found = NULL;
	char buf[4096];

	name[0] = '\0';
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 &&
	    found != NULL && strlen(pw.pw_name) < size)
		snprintf(name, size, "%s", pw.pw_name);
}

/* store_find_failed_logins callback: check, redact and append one group. */
static int
add_group(const struct wk_authfail_event *ev, void *arg)
{
	struct group_walk *w = arg;
	static struct wk_authfail_event copy;	/* one thread, off the stack */
	size_t size;

	if (!query_may_see_authfail(ev, w->asker, w->asker_name))
		return 0;
	wk_authfail_event_copy(&copy, ev);
	query_redact_authfail(&copy, w->asker);
	size = wk_authfail_event_size(&copy);
	if (w->sent > 0 && w->out->len + size > QUERY_REPLY_EVENTS_MAX)
		return 1;
	wk_reply_init(&copy.hdr, WK_R_AUTHFAIL, (uint32_t)size);
	if (query_reply_append(w->out, &copy, size) == -1) {
		w->failed = 1;
		return 1;
	}
	w->sent++;
	return 0;
}

/* Why nothing was listed, for the end frame. */
static void
nothing_found(const struct wk_query *q, char *buf, size_t size)
{
	const char *filtered = q->since != 0 || q->until != 0 ?
	    " matching the query" : "";

	if (q->user[0] != '\0')
		snprintf(buf, size, "no failed login for %.*s was recorded%s",
		    (int)sizeof q->user, q->user, filtered);
	else
		snprintf(buf, size, "no failed login was recorded%s",
		    filtered);
}

int
query_answer_failed_logins(const struct query_env *env,
    const struct wk_query *q, uid_t asker, struct query_reply *out)
{
	struct store_authfail_query sq;
	struct group_walk walk;
	char message[WK_MESSAGE_MAX] = "";
	int n;

	memset(&sq, 0, sizeof sq);
	memcpy(sq.user, q->user, sizeof sq.user);
	sq.since = q->since;
	sq.until = q->until;
	sq.limit = q->limit == 0 ? QUERY_DEFAULT_LIMIT : q->limit;
	if (sq.limit > QUERY_MAX_LIMIT)
		sq.limit = QUERY_MAX_LIMIT;
	if (asker != 0) {
		sq.restricted = 1;
		sq.viewer_uid = (uint32_t)asker;
		user_name(asker, sq.viewer_name, sizeof sq.viewer_name);
	}
	memset(&walk, 0, sizeof walk);
	walk.out = out;
	walk.asker = asker;
	walk.asker_name = sq.viewer_name;

	n = store_find_failed_logins(env->store, &sq, add_group, &walk);
	if (walk.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (n == -1) {
		log_warnx("store: failed-logins query: %s",
		    store_errmsg(env->store));
		out->len = 0;
		return query_reply_error(out, EIO, "the store failed: %s",
		    store_errmsg(env->store));
	}
	if (walk.sent == 0)
		nothing_found(q, message, sizeof message);
	return query_reply_end(out, walk.sent, 0, message);
}
