/*
 * Retention in the poll loop: when a limit is passed, the oldest rows go,
 * a batch per round, each committed at once.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "daemon/base/log.h"
#include "daemon/base/stats.h"
#include "retention.h"

#define MIB	(1024 * 1024)

static uint64_t
now_ns(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int64_t
wall_clock(void)
{
	return (int64_t)time(NULL);
}

/* The free pages a floor run keeps in the file, and half that to start. */
static uint64_t
floor_reserve(const struct store_size *s)
{
	uint64_t least = RETENTION_MIN_RESERVE_PAGES * s->page_size;

	return s->file_bytes / 16 > least ? s->file_bytes / 16 : least;
}

int
retention_short_of_room(const struct retention_limits *lim,
    const struct retention_view *v)
{
	return lim->min_free_percent > 0 && v->fs_known && v->fs_bytes > 0 &&
	    v->fs_avail * 100 < v->fs_bytes * lim->min_free_percent;
}

unsigned
retention_decide(const struct retention_limits *lim,
    const struct retention_view *v, int running, int64_t *before)
{
	const struct store_size *s = &v->size;
	uint64_t free_bytes = s->file_bytes - s->used_bytes, reserve, target;
	int64_t cut = 0;
	unsigned why = 0;

	*before = INT64_MAX;
	if (lim->max_age_days > 0 && v->oldest != 0) {
		cut = v->now - (int64_t)lim->max_age_days * 86400;
		if (v->oldest < (running ? cut : cut - RETENTION_AGE_SLACK_S))
			why |= RETENTION_AGE;
	}
	if (lim->max_bytes > 0) {
		target = running ? lim->max_bytes - lim->max_bytes / 16 :
		    lim->max_bytes;
		if (s->used_bytes > target)
			why |= RETENTION_SIZE;
	}
	if (retention_short_of_room(lim, v)) {
		reserve = floor_reserve(s);
		if (free_bytes < (running ? reserve : reserve / 2))
			why |= RETENTION_FLOOR;
	}
	if (why == RETENTION_AGE)
		*before = cut;
	return why;
}

int
retention_init(struct retention *r, struct ingest *in, const char *path,
    const struct retention_limits *lim)
{
	memset(r, 0, sizeof *r);
	if (strlen(path) >= sizeof r->path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(r->path, path, strlen(path) + 1);
	r->in = in;
	r->lim = *lim;
	r->now = wall_clock;
	return 0;
}

void
retention_set_limits(struct retention *r, const struct retention_limits *lim)
{
	r->lim = *lim;
	r->next_check_ms = 0;
}

int
retention_view_read(struct retention *r, struct retention_view *v)
{
	int64_t oldest[STORE_KINDS];
	struct statvfs fs;

	memset(v, 0, sizeof *v);
	v->now = r->now();
	if (store_size(r->in->store, &v->size) == -1 ||
	    store_oldest(r->in->store, oldest, &v->oldest) == -1)
		return -1;
	/* Without an answer the floor is not checked: no guess prunes. */
	if (statvfs(r->path, &fs) == 0) {
		v->fs_known = 1;
		v->fs_bytes = (uint64_t)fs.f_blocks * fs.f_frsize;
		v->fs_avail = (uint64_t)fs.f_bavail * fs.f_frsize;
	}
	return 0;
}

/* "older than 90 days, over 1024 MiB, ..." for the log. */
static void
reasons_text(const struct retention *r, char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	if (r->reasons & RETENTION_AGE)
		n += snprintf(buf + n, size - (size_t)n, "older than %u days",
		    r->lim.max_age_days);
	if ((r->reasons & RETENTION_SIZE) && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, "%sthe store over "
		    "%" PRIu64 " MiB", n > 0 ? "; " : "",
		    r->lim.max_bytes / MIB);
	if ((r->reasons & RETENTION_FLOOR) && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "%sits filesystem under "
		    "%u%% free", n > 0 ? "; " : "", r->lim.min_free_percent);
}

/* The end of a run: its one line in the log. */
static void
end_run(struct retention *r, const struct retention_view *v)
{
	char why[160], when[64] = "the store holds no event";
	uint64_t total = 0;
	struct tm tm;
	time_t t;
	unsigned k;

	for (k = 0; k < STORE_KINDS; k++)
		total += r->gone[k];
	if (v->oldest != 0) {
		t = (time_t)v->oldest;
		if (localtime_r(&t, &tm) != NULL)
			strftime(when, sizeof when,
			    "its oldest event is from %Y-%m-%d %H:%M:%S", &tm);
	}
	reasons_text(r, why, sizeof why);
	log_info("retention: pruned %" PRIu64 " rows (%" PRIu64 " %s, %"
	    PRIu64 " %s, %" PRIu64 " %s, %" PRIu64 " %s): %s%s; the store has "
	    "%" PRIu64 " KiB in use of %" PRIu64 " KiB; %s", total,
	    r->gone[STORE_KIND_KILLS], store_kind_name(STORE_KIND_KILLS),
	    r->gone[STORE_KIND_SESSIONS], store_kind_name(STORE_KIND_SESSIONS),
	    r->gone[STORE_KIND_AUTHFAILS],
	    store_kind_name(STORE_KIND_AUTHFAILS),
	    r->gone[STORE_KIND_DEATHS], store_kind_name(STORE_KIND_DEATHS),
	    why, r->stuck ? " (nothing more could go: the limit is not met)" :
	    "", v->size.used_bytes / 1024, v->size.file_bytes / 1024, when);
	r->running = 0;
	r->stuck = 0;
	r->reasons = 0;
	memset(r->gone, 0, sizeof r->gone);
}

/* A run that failed: logged when it pruned something (the store's
 * failure is logged where it happened), and ended. */
static void
stop_run(struct retention *r, const struct retention_view *v)
{
	unsigned k;
	uint64_t total = 0;

	for (k = 0; k < STORE_KINDS; k++)
		total += r->gone[k];
	if (total > 0) {
		end_run(r, v);
		return;
	}
	r->running = 0;
	r->stuck = 0;
	r->reasons = 0;
}

/* One batch of the run (starting it when a limit calls for it). */
static void
step(struct retention *r, int64_t now_ms)
{
	struct ingest *in = r->in;
	struct retention_view v;
	uint64_t before_batch[STORE_KINDS], t0, took;
	unsigned why, pending;
	int64_t before, n;

	if (retention_view_read(r, &v) == -1) {
		log_warnx("retention: cannot read the store: %s",
		    store_errmsg(in->store));
		r->running = 0;
		r->next_check_ms = now_ms + RETENTION_CHECK_MS;
		return;
	}
	why = retention_decide(&r->lim, &v, r->running, &before);
	/* Short of room: the WAL kept small too, a second of rows at most. */
	if (retention_short_of_room(&r->lim, &v) &&
	    store_checkpoint_now(in->store) == -1)
		log_debug("retention: %s", store_errmsg(in->store));
	if (why == 0 || r->stuck) {
		/* A limit nothing could meet: not tried again every second. */
		r->next_check_ms = now_ms + (r->stuck ? RETENTION_STUCK_MS :
		    RETENTION_CHECK_MS);
		if (r->running)
			end_run(r, &v);
		return;
	}
	r->running = 1;
	r->reasons |= why;
	t0 = now_ns();
	memcpy(before_batch, r->gone, sizeof before_batch);
	pending = store_pending(in->store);
	n = store_prune_oldest(in->store, before, RETENTION_BATCH_ROWS,
	    r->gone);
	if (n == -1)
		ingest_write_failed(in, pending, "prune the oldest rows");
	ingest_note_write(in);
	/* Each batch its own transaction (with the rows ingest has queued). */
	if (n > 0 && ingest_commit(in) == -1)
		n = -1;
	if (n == -1) {
		/* Rolled back: what this batch deleted is there again. */
		memcpy(r->gone, before_batch, sizeof r->gone);
		stop_run(r, &v);
		r->next_check_ms = now_ms + RETENTION_CHECK_MS;
		return;
	}
	if (n == 0) {
		/* Nothing older to delete: said once, at the run's end. */
		r->stuck = 1;
		r->next_check_ms = now_ms;
		return;
	}
	in->counters->rows_pruned += (uint64_t)n;
	if ((why & RETENTION_FLOOR) && store_checkpoint_now(in->store) == -1)
		log_debug("retention: %s", store_errmsg(in->store));
	/* Twice the batch's time to the next one: a third of the time at
	 * most goes to pruning, the rest to reports (bench/RESULTS.md). */
	took = now_ns() - t0;
	r->next_check_ms = now_ms + (int64_t)((RETENTION_REST * took +
	    999999) / 1000000);
}

void
retention_handle(struct retention *r, int64_t now_ms)
{
	if (now_ms >= r->next_check_ms)
		step(r, now_ms);
}

int
retention_timeout_ms(const struct retention *r, int64_t now_ms)
{
	if (r->next_check_ms <= now_ms)
		return 0;
	return (int)(r->next_check_ms - now_ms);
}
