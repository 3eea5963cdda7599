/*
 * Answers to queries.  The caller owns the sockets; this file only turns a
 * query into reply frames.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_input.h"
#include "log.h"
#include "procinfo.h"
#include "query_answer.h"

int
query_reply_append(struct query_reply *out, const void *frame, size_t size)
{
	size_t cap;
	char *p;

	if (out->len + size > out->cap) {
		cap = out->cap != 0 ? out->cap : 4 * sizeof(struct wk_event);
		while (cap < out->len + size)
			cap *= 2;
		p = realloc(out->buf, cap);
		if (p == NULL)
			return -1;
		out->buf = p;
		out->cap = cap;
	}
	memcpy(out->buf + out->len, frame, size);
	out->len += size;
	return 0;
}

void
query_reply_free(struct query_reply *out)
{
	free(out->buf);
	memset(out, 0, sizeof *out);
}

int
query_may_see(const struct wk_event *ev, uid_t asker)
{
	const struct wk_caller *c = &ev->report.caller;

	if (asker == 0)
		return 1;
	return ev->report.target.uid == asker || c->uid == asker ||
	    c->euid == asker || c->loginuid == asker;
}

void
query_redact(struct wk_event *ev, uid_t asker)
{
	struct wk_caller *c = &ev->report.caller;
	uint32_t i;

	if (asker == 0 || c->uid == asker || c->loginuid == asker)
		return;
	memset(c->argv, 0, sizeof c->argv);
	c->argv_len = 0;
	for (i = 0; i < ev->chain_len && i < WK_CHAIN_MAX; i++)
		memset(ev->chain[i].args, 0, sizeof ev->chain[i].args);
}

int
query_reply_error(struct query_reply *out, int code, const char *fmt, ...)
{
	struct wk_error e;
	va_list ap;

	memset(&e, 0, sizeof e);
	wk_reply_init(&e.hdr, WK_R_ERROR, sizeof e);
	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof e.message, fmt, ap);
	va_end(ap);
	return query_reply_append(out, &e, sizeof e);
}

int
query_reply_end(struct query_reply *out, uint32_t count, uint32_t others,
    const char *message)
{
	struct wk_end end;

	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	end.count = count;
	end.other_processes = others;
	snprintf(end.message, sizeof end.message, "%s", message);
	return query_reply_append(out, &end, sizeof end);
}

/* State of one walk over the store's events. */
struct event_walk {
	struct query_reply *out;
	uid_t asker;
	uint32_t limit;
	uint32_t sent;
	int failed;
};

/* store_find_by_pid callback: filter, redact and append one event. */
static int
add_event(const struct wk_event *ev, void *arg)
{
	struct event_walk *w = arg;
	struct wk_event copy;

	if (!query_may_see(ev, w->asker))
		return 0;
	copy = *ev;
	query_redact(&copy, w->asker);
	wk_reply_init(&copy.hdr, WK_R_EVENT, sizeof copy);
	if (query_reply_append(w->out, &copy, sizeof copy) == -1) {
		w->failed = 1;
		return 1;
	}
	return ++w->sent >= w->limit;
}

/* Why nothing was found, for the end frame. */
static void
nothing_found(const struct wk_query *q, int alive,
    const struct procinfo_stat *st, uint32_t others, char *buf, size_t size)
{
	const char *filtered = "";
	char started[64] = "?";
	int n;
	int64_t sec;
	time_t t;
	struct tm tm;

	if (q->signo != 0 || q->since != 0 || q->until != 0)
		filtered = " matching the query";
	if (!alive) {
		snprintf(buf, size, "no signal to pid %" PRId32 "%s was "
		    "recorded", q->pid, filtered);
		return;
	}
	if (procinfo_start_epoch(st->start_time, &sec) == 0) {
		t = (time_t)sec;
		if (localtime_r(&t, &tm) != NULL)
			strftime(started, sizeof started, "%Y-%m-%d %H:%M:%S",
			    &tm);
	}
	if (st->state == 'Z')
		n = snprintf(buf, size, "pid %" PRId32 " has exited, not yet "
		    "reaped (started %s), and received no recorded signal%s",
		    q->pid, started, filtered);
	else
		n = snprintf(buf, size, "pid %" PRId32 " is running (started "
		    "%s) and has received no recorded signal%s", q->pid,
		    started, filtered);
	if (others > 0 && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "; %" PRIu32 " earlier "
		    "process%s with this pid did", others,
		    others == 1 ? "" : "es");
}

/*
 * Events for a pid.  While /proc/PID exists the answer is about THAT
 * process (boot id + start time), so a reused pid never shows the kill of
 * the process that had it before; otherwise the store's most recent one.
 */
static int
answer_by_pid(const struct query_env *env, const struct wk_query *q,
    uid_t asker, struct query_reply *out)
{
	struct store_pid_query sq;
	struct procinfo_stat st;
	struct event_walk walk;
	char message[WK_MESSAGE_MAX] = "";
	uint32_t others = 0;
	int alive, n;

	if (q->pid <= 0)
		return query_reply_error(out, EINVAL, "pid %" PRId32 " is not a "
		    "process id", q->pid);
	memset(&sq, 0, sizeof sq);
	sq.pid = q->pid;
	sq.signo = q->signo;
	sq.since = q->since;
	sq.until = q->until;
	sq.all_processes = (q->flags & WK_QF_ALL_PROCESSES) != 0;
	alive = procinfo_read_stat(q->pid, &st) == 0;
	if (alive && !sq.all_processes) {
		snprintf(sq.boot_id, sizeof sq.boot_id, "%s", env->boot_id);
		sq.start_time = st.start_time;
	}
	memset(&walk, 0, sizeof walk);
	walk.out = out;
	walk.asker = asker;
	walk.limit = q->limit == 0 ? QUERY_DEFAULT_LIMIT : q->limit;
	if (walk.limit > QUERY_MAX_LIMIT)
		walk.limit = QUERY_MAX_LIMIT;
	/* Others' events are skipped, so a user's walk reads further. */
	sq.limit = asker == 0 ? walk.limit : QUERY_SCAN_LIMIT;

	n = store_find_by_pid(env->store, &sq, add_event, &walk, &others);
	if (walk.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (n == -1) {
		log_warnx("store: query for pid %" PRId32 ": %s", q->pid,
		    store_errmsg(env->store));
		out->len = 0;
		return query_reply_error(out, EIO, "the store failed: %s",
		    store_errmsg(env->store));
	}
	if (walk.sent == 0)
		nothing_found(q, alive, &st, others, message, sizeof message);
	return query_reply_end(out, walk.sent, others, message);
}

/* The counters, then the end frame. */
static int
answer_stats(const struct query_env *env, struct query_reply *out)
{
	struct wk_stats stats;
	int64_t total;

	total = store_count(env->store);
	if (total < 0) {
		log_warnx("store: count: %s", store_errmsg(env->store));
		total = 0;
	}
	stats_fill(&stats, env->counters, env->started, (uint64_t)total);
	if (query_reply_append(out, &stats, sizeof stats) == -1)
		return -1;
	return query_reply_end(out, 0, 0, "");
}

int
query_answer(const struct query_env *env, const void *buf, size_t len,
    uid_t asker, struct query_reply *out)
{
	struct wk_query q;
	const char *why;

	if (wk_decode_query(buf, len, &q, &why) == -1) {
		log_debug("bad query from uid %u: %s", (unsigned)asker, why);
		return query_reply_error(out, EINVAL, "bad query: %s", why);
	}
	env->counters->queries++;
	if (env->audit != NULL)
		audit_input_drain(env->audit, wkd_monotonic_ms());
	if (env->ingest != NULL) {
		/* Failures are counted and logged by ingest itself. */
		(void)ingest_drain(env->ingest, env->report_fd);
		(void)ingest_commit(env->ingest);
	}
	switch (q.type) {
	case WK_Q_BY_PID:
		return answer_by_pid(env, &q, asker, out);
	case WK_Q_STATS:
		return answer_stats(env, out);
	case WK_Q_FAILED_LOGINS:
		return query_answer_failed_logins(env, &q, asker, out);
	default:
		return query_reply_error(out, EINVAL, "unknown query type %u",
		    (unsigned)q.type);
	}
}
