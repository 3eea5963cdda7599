/*
 * Lists of any pid: signals and ends of processes, newest first.
 *
 * The kills and the deaths are each read newest first, at most limit + 1
 * (the one more tells whether the limit left some out), and merged by
 * time.  An unprivileged asker's rows are filtered here, after the store:
 * the store reads at most QUERY_SCAN_LIMIT rows of each table for them.
 * A kill's frame ends with its killer's argv (its used bytes only), and
 * is followed by the frame of who asked systemd for it when that is known,
 * as in an answer by pid; the kills kept hold QUERY_REPLY_EVENTS_MAX bytes
 * at most (at least one), so long command lines make a shorter list.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/base/log.h"
#include "query_request.h"
#include "query_death.h"
#include "query_list.h"
#include "query_visibility.h"

/* A kill kept: its frames in kill_frames, and its time to merge by. */
struct list_kill {
	size_t off;
	size_t size;
	struct wk_time time;
};

/* What one list gathers before merging. */
struct list_walk {
	const struct query_env *env;
	uid_t asker;
	uint32_t want;		/* rows of each table to keep: limit + 1 */
	struct query_reply kill_frames;	/* each kill's frames, in order */
	struct list_kill *kills;
	uint32_t nkills;
	int kills_full;		/* QUERY_REPLY_EVENTS_MAX left older ones out */
	struct wk_death *deaths;
	uint32_t ndeaths;
	int failed;		/* the store failed inside a callback */
	int nomem;		/* out of memory inside one */
};

/* systemd's unit types (systemd.unit(5)): a name ending in another
 * suffix, or none, names a service, as systemctl reads it. */
static const char *const unit_types[] = {
	".service", ".socket", ".device", ".mount", ".automount", ".swap",
	".target", ".path", ".timer", ".slice", ".scope",
};

/* The unit asked, as the store holds it: "nginx" is "nginx.service". */
static void
unit_filter(const char *asked, char *unit, size_t size)
{
	size_t i, len = strnlen(asked, WK_UNIT_MAX - 1), tlen;

	unit[0] = '\0';
	if (len == 0)
		return;
	for (i = 0; i < sizeof unit_types / sizeof unit_types[0]; i++) {
		tlen = strlen(unit_types[i]);
		if (len > tlen &&
		    memcmp(asked + len - tlen, unit_types[i], tlen) == 0) {
			snprintf(unit, size, "%.*s", (int)len, asked);
			return;
		}
	}
	snprintf(unit, size, "%.*s.service", (int)len, asked);
}

void
query_list_filter(const struct wk_query *q, struct store_list_query *f)
{
	memset(f, 0, sizeof *f);
	f->since = q->since;
	f->until = q->until;
	f->signo = q->signo;
	f->exits = (q->flags & WK_QF_EXITS) != 0;
	f->by = (q->flags & WK_QF_BY) != 0;
	f->by_uid = q->by_uid;
	snprintf(f->name, sizeof f->name, "%s", q->name);
	f->glob = strpbrk(f->name, "*?[") != NULL;
	/* The kernel keeps 15 bytes of a name (comm): a longer one is
	 * matched by those there, whole by the executable's name. */
	snprintf(f->comm, sizeof f->comm, "%.*s", (int)sizeof f->comm - 1,
	    f->name);
	f->comm_whole = f->glob || strcmp(f->comm, f->name) == 0;
	unit_filter(q->unit, f->unit, sizeof f->unit);
	snprintf(f->node, sizeof f->node, "%s", q->node);
}

/* store_list_kills callback: keep one the asker may see, redacted. */
static int
keep_kill(const struct wk_event *ev, void *arg)
{
	struct list_walk *w = arg;
	static struct wk_event copy;	/* one thread; 36 KB off the stack */
	struct list_kill *k;
	size_t size, off = w->kill_frames.len;

	if (!query_may_see(ev, w->asker))
		return 0;
	wk_event_copy(&copy, ev);
	query_redact(&copy, w->asker);
	size = wk_event_size(&copy);
	if (w->nkills > 0 && off + size > QUERY_REPLY_EVENTS_MAX) {
		w->kills_full = 1;
		return 1;
	}
	wk_reply_init(&copy.hdr, WK_R_EVENT, (uint32_t)size);
	if (query_reply_append(&w->kill_frames, &copy, size) == -1 ||
	    query_request_append(w->env, ev, w->asker, &w->kill_frames) == -1) {
		w->nomem = 1;
		return 1;
	}
	k = &w->kills[w->nkills++];
	k->off = off;
	k->size = w->kill_frames.len - off;
	k->time = ev->report.time;
	return w->nkills >= w->want;
}

/* store_list_deaths callback: keep the frame of one the asker may see. */
static int
keep_death(const struct store_death *d, void *arg)
{
	struct list_walk *w = arg;
	int rc;

	rc = query_death_listed(w->env, d, w->asker, &w->deaths[w->ndeaths]);
	if (rc == -1) {
		w->failed = 1;
		return 1;
	}
	if (rc == 1)
		w->ndeaths++;
	return w->ndeaths >= w->want;
}

static int
before(const struct wk_time *a, const struct wk_time *b)
{
	return a->sec != b->sec ? a->sec < b->sec : a->nsec < b->nsec;
}

/* When an end happened, as the list orders it. */
static const struct wk_time *
death_time(const struct wk_death *d)
{
	return d->time.sec != 0 ? &d->time : &d->oom.time;
}

/* One frame of a merged list: the kill or the death at index i. */
struct list_item {
	const void *frame;
	size_t size;
};

/*
 * Merge the two newest-first runs into out, at most limit frames, newest
 * first or (oldest_first) the same frames oldest first.  Returns the
 * frames written, or -1 (ENOMEM).
 */
static int
merge(const struct list_walk *w, uint32_t limit, int oldest_first,
    struct query_reply *out)
{
	struct list_item *items;
	uint32_t k = 0, d = 0, n, i;
	int rc = -1;

	items = calloc(limit + 1, sizeof *items);
	if (items == NULL)
		return -1;
	/* When the kills were cut by size, the ends older than the last
	 * kill kept are left out too: the list has no gap. */
	for (n = 0; n < limit && (k < w->nkills ||
	    (d < w->ndeaths && !w->kills_full)); n++) {
		if (d >= w->ndeaths || (k < w->nkills &&
		    !before(&w->kills[k].time, death_time(&w->deaths[d])))) {
			items[n].frame = w->kill_frames.buf + w->kills[k].off;
			items[n].size = w->kills[k++].size;
		} else {
			items[n].frame = &w->deaths[d++];
			items[n].size = sizeof *w->deaths;
		}
	}
	for (i = 0; i < n; i++) {
		const struct list_item *it = &items[oldest_first ? n - 1 - i : i];

		if (query_reply_append(out, it->frame, it->size) == -1)
			goto done;
	}
	rc = (int)n;
done:
	free(items);
	return rc;
}

/* A store failure: the answer becomes one error frame. */
static int
list_failed(const struct query_env *env, struct query_reply *out)
{
	log_warnx("store: list: %s", store_errmsg(env->store));
	out->len = 0;
	return query_reply_error(out, EIO, "the store failed: %s",
	    store_errmsg(env->store));
}

/*
 * The end frame: why nothing, or that older ones were left out -- by the
 * answer's size (long command lines: a larger --limit would not help,
 * an earlier --until does), or by the limit.
 */
static int
list_end(const struct wk_query *q, uint32_t sent, int more, int full,
    struct query_reply *out)
{
	char message[WK_MESSAGE_MAX] = "";

	if (full)
		snprintf(message, sizeof message, "the newest %" PRIu32
		    " are shown (an answer holds at most %d MiB); older ones"
		    " with --until the time of the oldest shown", sent,
		    QUERY_REPLY_EVENTS_MAX >> 20);
	else if (more)
		snprintf(message, sizeof message, "the newest %" PRIu32
		    " are shown; older ones with --limit (at most %d) or"
		    " --until", sent, QUERY_MAX_LIMIT);
	else if (sent == 0 && (q->flags & WK_QF_FOLLOW) == 0)
		snprintf(message, sizeof message, "nothing recorded matches");
	return query_reply_end(out, sent, 0, message);
}

int
query_answer_list(const struct query_env *env, const struct wk_query *q,
    uid_t asker, struct query_reply *out, struct query_follow *follow)
{
	struct store_list_query f;
	struct list_walk w;
	uint32_t limit;
	int following = (q->flags & WK_QF_FOLLOW) != 0, n, rc = -1;

	query_list_filter(q, &f);
	limit = q->limit;
	if (limit == 0 && !following)
		limit = QUERY_LIST_DEFAULT_LIMIT;
	if (limit > QUERY_MAX_LIMIT)
		limit = QUERY_MAX_LIMIT;
	memset(&w, 0, sizeof w);
	w.env = env;
	w.asker = asker;
	w.want = limit + 1;
	w.kills = calloc(w.want, sizeof *w.kills);
	w.deaths = calloc(w.want, sizeof *w.deaths);
	if (w.kills == NULL || w.deaths == NULL)
		goto done;
	f.limit = asker == 0 ? w.want : QUERY_SCAN_LIMIT;
	if (limit > 0 && (store_list_kills(env->store, &f, keep_kill, &w) == -1 ||
	    store_list_deaths(env->store, &f, keep_death, &w) == -1 ||
	    w.failed || w.nomem)) {
		if (w.nomem)
			goto done;
		rc = list_failed(env, out);
		goto done;
	}
	if (following) {
		memset(follow, 0, sizeof *follow);
		follow->filter = f;
		follow->filter.limit = 0;
		follow->asker = asker;
		if (store_last_ids(env->store, &follow->from_kill,
		    &follow->from_death) == -1) {
			rc = list_failed(env, out);
			goto done;
		}
	}
	n = merge(&w, limit, following, out);
	if (n == -1)
		goto done;
	rc = list_end(q, (uint32_t)n, w.nkills + w.ndeaths > (uint32_t)n,
	    w.kills_full, out);
	if (rc == 0 && following)
		follow->started = 1;
done:
	query_reply_free(&w.kill_frames);
	free(w.kills);
	free(w.deaths);
	return rc;
}
