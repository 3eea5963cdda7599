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

#include "daemon/base/log.h"
#include "daemon/procs/procinfo.h"
#include "daemon/procs/proc_table.h"
#include "query_answer.h"
#include "query_death.h"
#include "query_failed_logins.h"
#include "query_list.h"
#include "query_request.h"
#include "query_reply.h"
#include "query_visibility.h"

/* State of one walk over the store's events. */
struct event_walk {
	const struct query_env *env;
	struct query_reply *out;
	uid_t asker;
	uint32_t limit;
	uint32_t sent;
	int failed;
	/* The processes the events sent were about, for their deaths. */
	struct query_process procs[QUERY_DEATHS_MAX];
	unsigned nprocs;
};

static int
same_process(const struct query_process *a, const struct query_process *b)
{
	return a->pid == b->pid && a->start_time == b->start_time &&
	    strncmp(a->boot_id, b->boot_id, WK_BOOT_ID_MAX) == 0;
}

/* Whether p is among the processes of the events sent. */
static int
walked(const struct event_walk *w, const struct query_process *p)
{
	unsigned i;

	for (i = 0; i < w->nprocs; i++)
		if (same_process(&w->procs[i], p))
			return 1;
	return 0;
}

/* Remember the target of an event sent, once. */
static void
note_process(struct event_walk *w, const struct wk_event *ev)
{
	struct query_process p;

	memset(&p, 0, sizeof p);
	memcpy(p.boot_id, ev->boot_id, sizeof p.boot_id);
	p.boot_id[sizeof p.boot_id - 1] = '\0';
	p.pid = ev->report.target.pid;
	p.start_time = ev->report.target.start_time;
	p.signalled_sec = ev->report.time.sec;
	if (p.pid <= 0 || w->nprocs >= QUERY_DEATHS_MAX || walked(w, &p))
		return;
	w->procs[w->nprocs++] = p;
}

/* store_find_by_pid callback: filter, redact and append one event. */
static int
add_event(const struct wk_event *ev, void *arg)
{
	struct event_walk *w = arg;
	static struct wk_event copy;	/* one thread; 36 KB off the stack */
	size_t size;

	if (!query_may_see(ev, w->asker))
		return 0;
	wk_event_copy(&copy, ev);
	query_redact(&copy, w->asker);
	/* A frame carries the used bytes of argv only. */
	size = wk_event_size(&copy);
	if (w->sent > 0 && w->out->len + size > QUERY_REPLY_EVENTS_MAX)
		return 1;
	wk_reply_init(&copy.hdr, WK_R_EVENT, (uint32_t)size);
	if (query_reply_append(w->out, &copy, size) == -1) {
		w->failed = 1;
		return 1;
	}
	note_process(w, ev);
	if (query_request_append(w->env, ev, w->asker, w->out) == -1) {
		w->failed = 1;
		return 1;
	}
	return ++w->sent >= w->limit;
}

/*
 * The events of an answer whose result never came: WK_F_SENDER_ENDED
 * when the sender's own end was by that signal (after the walk: the
 * store is not called back from inside it).  0, or -1 when the store
 * failed.
 */
static int
settle_pending(const struct query_env *env, struct query_reply *events)
{
	static struct wk_event ev;	/* one thread; 36 KB off the stack */
	struct wk_reply_header h;
	size_t off;
	int rc;

	/*
	 * Event frames, each maybe followed by its request frame; frames end
	 * with their argv's used bytes: each says its size.
	 */
	for (off = 0; off + sizeof h <= events->len; off += h.size) {
		memcpy(&h, events->buf + off, sizeof h);
		if (h.size < sizeof h || off + h.size > events->len)
			break;	/* only this file's frames are here */
		if (h.type != WK_R_EVENT || h.size < WK_EVENT_FIXED ||
		    h.size > sizeof ev)
			continue;
		memcpy(&ev, events->buf + off, h.size);
		if (!(ev.report.flags & WK_F_RESULT_PENDING))
			continue;
		rc = query_death_sender_ended(env, &ev);
		if (rc == -1)
			return -1;
		if (rc == 1) {
			ev.report.flags |= WK_F_SENDER_ENDED;
			memcpy(events->buf + off, &ev, WK_EVENT_FIXED);
		}
	}
	return 0;
}

/* Whether q filters the events by signal or time. */
static int
has_filter(const struct wk_query *q)
{
	return q->signo != 0 || q->since != 0 || q->until != 0;
}

/* " matching the query" when q filters, else "". */
static const char *
filtered(const struct wk_query *q)
{
	return has_filter(q) ? " matching the query" : "";
}

/* The signals to the subject a filter left out (see struct wk_end). */
struct excluded_walk {
	uid_t asker;
	uint32_t count;
	struct wk_end_excluded newest;
};

/* store_find_by_pid callback: count one the asker may see (newest first). */
static int
add_excluded(const struct wk_event *ev, void *arg)
{
	struct excluded_walk *x = arg;

	if (!query_may_see(ev, x->asker))
		return 0;
	if (x->count++ == 0) {
		x->newest.event = ev->id;
		x->newest.time = ev->report.time;
		x->newest.signo = ev->report.signo;
		x->newest.result = ev->report.result;
		x->newest.error = ev->report.error;
	}
	return 0;
}

/*
 * The signals to the process of sq (its pid and process choice, without
 * its filters) that the asker may see: none of them matched the filters,
 * or an event would have been sent.  0, or -1 when the store failed.
 */
static int
find_excluded(const struct query_env *env, const struct store_pid_query *sq,
    uid_t asker, struct excluded_walk *x)
{
	struct store_pid_query all = *sq;

	memset(x, 0, sizeof *x);
	x->asker = asker;
	all.signo = 0;
	all.since = 0;
	all.until = 0;
	all.limit = QUERY_SCAN_LIMIT;
	return store_find_by_pid(env->store, &all, add_excluded, x, NULL) ==
	    -1 ? -1 : 0;
}

/* "; N other recorded signal(s) to it did not match" after buf's text. */
static void
add_excluded_note(uint32_t n, char *buf, size_t size)
{
	size_t len = strlen(buf);

	if (n == 0 || len >= size)
		return;
	snprintf(buf + len, size - len, "; %" PRIu32 " other recorded "
	    "signal%s to it did not match", n, n == 1 ? "" : "s");
}

/* Why nothing was found, for the end frame. */
static void
nothing_found(const struct wk_query *q, int alive,
    const struct procinfo_stat *st, uint32_t others, char *buf, size_t size)
{
	char started[64] = "?";
	int n;
	int64_t sec;
	time_t t;
	struct tm tm;

	if (!alive) {
		snprintf(buf, size, "no signal to pid %" PRId32 "%s was "
		    "recorded", q->pid, filtered(q));
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
		    q->pid, started, filtered(q));
	else
		n = snprintf(buf, size, "pid %" PRId32 " is running (started "
		    "%s) and has received no recorded signal%s", q->pid,
		    started, filtered(q));
	if (others > 0 && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "; %" PRIu32 " earlier "
		    "process%s with this pid did", others,
		    others == 1 ? "" : "es");
}

/*
 * The end frame's message when no event was sent but the death frame
 * already says what became of the process.
 */
static void
no_signal(const struct wk_query *q, uint32_t others, char *buf, size_t size)
{
	int n;

	n = snprintf(buf, size, "no recorded signal%s was sent to it",
	    filtered(q));
	if (others > 0 && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "; %" PRIu32 " earlier "
		    "process%s with this pid received some", others,
		    others == 1 ? "" : "es");
}

/* The process an answer is about, and what is known of it now. */
struct pid_subject {
	struct query_process p;
	struct procinfo_stat st;	/* when alive */
	int alive;			/* /proc has the pid (maybe a zombie) */
	int zombie;
};

/*
 * Which process: while /proc/PID exists the answer is about THAT process
 * (boot id + start time), so a reused pid never shows the kill of the
 * process that had it before; otherwise the newest one the events or
 * the ends the daemon knows name.  0, or -1 when the store failed.
 */
static int
choose_subject(const struct query_env *env, const struct wk_query *q,
    struct pid_subject *s)
{
	struct wk_query all;
	int known;

	memset(s, 0, sizeof *s);
	s->p.pid = q->pid;
	s->alive = procinfo_read_stat(q->pid, &s->st) == 0;
	if (s->alive) {
		s->zombie = s->st.state == 'Z' || s->st.state == 'X';
		snprintf(s->p.boot_id, sizeof s->p.boot_id, "%s", env->boot_id);
		s->p.start_time = s->st.start_time;
		return 0;
	}
	known = query_death_subject(env, q, &s->p);
	if (known == 0 && has_filter(q)) {
		/* Nothing matches: the answer is still about the process
		 * the pid names, so that it can say what the filter left
		 * out, and how that process really ended. */
		all = *q;
		all.signo = 0;
		all.since = 0;
		all.until = 0;
		known = query_death_subject(env, &all, &s->p);
	}
	return known == -1 ? -1 : 0;
}

/*
 * The death frames: the subject's, then (with --all) those of the other
 * processes whose events are shown.  seen: the asker sees signals to the
 * subject that the filters left out.  *told: the subject's says how it is
 * (not "no record").  0, or -1 with errno: ENOMEM, or EIO when the store
 * failed.
 */
static int
add_deaths(const struct query_env *env, const struct wk_query *q,
    uid_t asker, const struct pid_subject *s, const struct event_walk *w,
    int seen, struct query_reply *out, int *told)
{
	struct wk_death d;
	unsigned i;
	int rc;

	*told = 0;
	rc = query_death_frame(env, &s->p, s->alive ? &s->st : NULL,
	    s->zombie, 1, asker, seen || walked(w, &s->p), &d);
	if (rc == 1) {
		*told = d.kind != WK_DEATH_NO_RECORD;
		if (query_reply_append(out, &d, sizeof d) == -1)
			return -1;
	}
	for (i = 0; rc != -1 && i < w->nprocs &&
	    (q->flags & WK_QF_ALL_PROCESSES) != 0; i++) {
		if (same_process(&w->procs[i], &s->p))
			continue;
		rc = query_death_frame(env, &w->procs[i], NULL, 0, 0, asker, 1,
		    &d);
		if (rc == 1 && query_reply_append(out, &d, sizeof d) == -1)
			return -1;
	}
	if (rc == -1) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* A store failure: the answer becomes one error frame. */
static int
store_failed(const struct query_env *env, const struct wk_query *q,
    struct query_reply *out)
{
	log_warnx("store: query for pid %" PRId32 ": %s", q->pid,
	    store_errmsg(env->store));
	out->len = 0;
	return query_reply_error(out, EIO, "the store failed: %s",
	    store_errmsg(env->store));
}

/*
 * Events for a pid, after the death frames of the processes they are
 * about (and of the process asked about when it has no event).
 */
static int
answer_by_pid(const struct query_env *env, const struct wk_query *q,
    uid_t asker, struct query_reply *out)
{
	struct store_pid_query sq;
	struct pid_subject s;
	struct event_walk walk;
	struct excluded_walk excluded = { 0 };
	struct query_reply events = { 0 };
	char message[WK_MESSAGE_MAX] = "";
	uint32_t others = 0;
	int n, told, rc = -1;

	if (q->pid <= 0)
		return query_reply_error(out, EINVAL, "pid %" PRId32 " is not a "
		    "process id", q->pid);
	if (choose_subject(env, q, &s) == -1)
		return store_failed(env, q, out);
	memset(&sq, 0, sizeof sq);
	sq.pid = q->pid;
	sq.signo = q->signo;
	sq.since = q->since;
	sq.until = q->until;
	sq.all_processes = (q->flags & WK_QF_ALL_PROCESSES) != 0;
	if (!sq.all_processes && s.p.start_time != 0) {
		memcpy(sq.boot_id, s.p.boot_id, sizeof sq.boot_id);
		sq.start_time = s.p.start_time;
	}
	memset(&walk, 0, sizeof walk);
	walk.env = env;
	walk.out = &events;
	walk.asker = asker;
	walk.limit = q->limit == 0 ? QUERY_DEFAULT_LIMIT : q->limit;
	if (walk.limit > QUERY_MAX_LIMIT)
		walk.limit = QUERY_MAX_LIMIT;
	/* Others' events are skipped, so a user's walk reads further. */
	sq.limit = asker == 0 ? walk.limit : QUERY_SCAN_LIMIT;

	n = store_find_by_pid(env->store, &sq, add_event, &walk, &others);
	if (walk.failed) {
		errno = ENOMEM;
		goto done;
	}
	if (n == -1 || settle_pending(env, &events) == -1) {
		rc = store_failed(env, q, out);
		goto done;
	}
	if (walk.sent == 0 && has_filter(q) &&
	    find_excluded(env, &sq, asker, &excluded) == -1) {
		rc = store_failed(env, q, out);
		goto done;
	}
	if (add_deaths(env, q, asker, &s, &walk, excluded.count > 0, out,
	    &told) == -1) {
		rc = errno == EIO ? store_failed(env, q, out) : -1;
		goto done;
	}
	if (events.len > 0 &&
	    query_reply_append(out, events.buf, events.len) == -1)
		goto done;
	if (walk.sent == 0 && told)
		no_signal(q, others, message, sizeof message);
	else if (walk.sent == 0)
		nothing_found(q, s.alive, &s.st, others, message,
		    sizeof message);
	add_excluded_note(excluded.count, message, sizeof message);
	rc = query_reply_end_excluded(out, walk.sent, others, message,
	    excluded.count, &excluded.newest);
done:
	query_reply_free(&events);
	return rc;
}

/*
 * The ends of a node's processes its events are about, as the node told
 * them (the newest event's first, the rest with --all), or the newest end
 * of the pid asked about when no event is.  0, or -1 with errno: ENOMEM,
 * or EIO when the store failed.
 */
static int
add_node_deaths(const struct query_env *env, const struct wk_query *q,
    uid_t asker, const struct event_walk *w, struct query_reply *out)
{
	struct wk_death d;
	unsigned i;
	int rc = 0;

	if (w->nprocs == 0)
		rc = query_death_of_node(env, q->node, q->pid, 0, -1, 1, asker,
		    &d);
	if (rc == 1 && query_reply_append(out, &d, sizeof d) == -1)
		return -1;
	for (i = 0; rc != -1 && i < w->nprocs; i++) {
		const struct query_process *p = &w->procs[i];

		if (i > 0 && (q->flags & WK_QF_ALL_PROCESSES) == 0)
			break;
		/* The end comes after the signal; a second of slack for the
		 * node's clock between its kernel and its daemon. */
		rc = query_death_of_node(env, q->node, p->pid, p->start_time,
		    p->signalled_sec - 1, i == 0, asker, &d);
		if (rc == 1 && query_reply_append(out, &d, sizeof d) == -1)
			return -1;
	}
	if (rc == -1) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/*
 * Events for a pid on an audit hub's node: the node's processes are not
 * this host's, so no /proc; the process shown is that of the newest event
 * (the node's boot is unknown here: --all shows every one), and its end
 * as the node told it, before the events.
 */
static int
answer_by_node_pid(const struct query_env *env, const struct wk_query *q,
    uid_t asker, struct query_reply *out)
{
	struct store_pid_query sq;
	struct event_walk walk;
	struct query_reply events = { 0 };
	char message[WK_MESSAGE_MAX] = "";
	uint32_t others = 0;
	int n, rc = -1;

	if (q->pid <= 0)
		return query_reply_error(out, EINVAL, "pid %" PRId32 " is not a "
		    "process id", q->pid);
	memset(&sq, 0, sizeof sq);
	sq.pid = q->pid;
	sq.signo = q->signo;
	sq.since = q->since;
	sq.until = q->until;
	sq.all_processes = (q->flags & WK_QF_ALL_PROCESSES) != 0;
	memcpy(sq.node, q->node, sizeof sq.node);
	memset(&walk, 0, sizeof walk);
	walk.env = env;
	walk.out = &events;
	walk.asker = asker;
	walk.limit = q->limit == 0 ? QUERY_DEFAULT_LIMIT : q->limit;
	if (walk.limit > QUERY_MAX_LIMIT)
		walk.limit = QUERY_MAX_LIMIT;
	sq.limit = asker == 0 ? walk.limit : QUERY_SCAN_LIMIT;
	n = store_find_by_pid(env->store, &sq, add_event, &walk, &others);
	if (walk.failed) {
		errno = ENOMEM;
		goto done;
	}
	if (n == -1) {
		rc = store_failed(env, q, out);
		goto done;
	}
	if (add_node_deaths(env, q, asker, &walk, out) == -1) {
		rc = errno == EIO ? store_failed(env, q, out) : -1;
		goto done;
	}
	if (events.len > 0 &&
	    query_reply_append(out, events.buf, events.len) == -1)
		goto done;
	if (walk.sent == 0)
		snprintf(message, sizeof message, "no recorded signal to pid %"
		    PRId32 " on node %.*s", q->pid, 64, q->node);
	rc = query_reply_end(out, walk.sent, others, message);
done:
	query_reply_free(&events);
	return rc;
}

/* The counters, then the end frame. */
static int
answer_stats(const struct query_env *env, struct query_reply *out)
{
	struct wk_stats stats;
	struct store_size size;
	int64_t total, deaths, oldest[STORE_KINDS];

	total = store_count(env->store);
	if (total < 0) {
		log_warnx("store: count: %s", store_errmsg(env->store));
		total = 0;
	}
	stats_fill(&stats, env->counters, env->started, (uint64_t)total);
	deaths = store_deaths_count(env->store);
	if (deaths < 0)
		log_warnx("store: count: %s", store_errmsg(env->store));
	else
		stats.deaths_total = (uint64_t)deaths;
	if (store_size(env->store, &size) == -1 ||
	    store_oldest(env->store, oldest, &stats.oldest_event) == -1) {
		log_warnx("store: size: %s", store_errmsg(env->store));
	} else {
		stats.store_bytes = size.file_bytes;
		stats.store_used_bytes = size.used_bytes;
	}
	stats.store_cache_bytes = store_cache_bytes(env->store);
	if (env->procs != NULL)
		stats.procs_tracked = proc_table_size(env->procs);
	if (env->hooks.store_backlog != NULL)
		stats.store_backlog = env->hooks.store_backlog(env->hooks.arg);
	if (env->hooks.sight != NULL)
		stats.sight = env->hooks.sight(env->hooks.arg, 1) |
		    WK_SEE_TOLD;
	if (query_reply_append(out, &stats, sizeof stats) == -1)
		return -1;
	return query_reply_end(out, 0, 0, "");
}

int
query_answer_follow(const struct query_env *env, const void *buf, size_t len,
    uid_t asker, struct query_reply *out, struct query_follow *follow,
    int *following)
{
	struct wk_query q;
	const char *why;
	int rc;

	*following = 0;
	if (wk_decode_query(buf, len, &q, &why) == -1) {
		log_debug("bad query from uid %u: %s", (unsigned)asker, why);
		return query_reply_error(out, EINVAL, "bad query: %s", why);
	}
	env->counters->queries++;
	if (env->hooks.catch_up != NULL)
		env->hooks.catch_up(env->hooks.arg);
	switch (q.type) {
	case WK_Q_BY_PID:
		if (q.node[0] != '\0')
			return answer_by_node_pid(env, &q, asker, out);
		return answer_by_pid(env, &q, asker, out);
	case WK_Q_STATS:
		return answer_stats(env, out);
	case WK_Q_FAILED_LOGINS:
		return query_answer_failed_logins(env, &q, asker, out);
	case WK_Q_LIST:
		follow->started = 0;
		rc = query_answer_list(env, &q, asker, out, follow);
		/* An error frame ends a follow before it starts. */
		*following = rc == 0 && follow->started;
		return rc;
	default:
		return query_reply_error(out, EINVAL, "unknown query type %u",
		    (unsigned)q.type);
	}
}

int
query_answer(const struct query_env *env, const void *buf, size_t len,
    uid_t asker, struct query_reply *out)
{
	struct query_follow follow;
	int following;

	return query_answer_follow(env, buf, len, asker, out, &follow,
	    &following);
}
