/*
 * Retention: the store kept within its limits -- the age of its events,
 * its size, and a floor of free space on its filesystem -- by deleting
 * the oldest rows of every kind (signals, sessions, failed logins, ends
 * of processes), oldest first whatever their kind, a small batch per
 * round of the poll loop, each batch committed at once: reports are read
 * between any two batches, and no transaction holds more than one.  After
 * a batch the part rests twice as long as the batch took, so pruning a
 * large store takes a third of the daemon's time at most.
 *
 * The store file stops growing; it does not shrink.  Deleted rows leave
 * free pages inside the file, which new rows fill before SQLite extends
 * it (docs/ARCHITECTURE.md, "Retention", says why no VACUUM).  So the
 * size limit and the free-space floor count the pages in use.
 *
 * A pruning run lasts from the check that finds a limit passed to the
 * batch that brings the store back within it, and is logged in one line
 * at its end.  Each limit starts a run a little past itself and prunes
 * to a little inside, so that a store at its limit is not pruned, and
 * logged, every second:
 *   age    starts when the oldest row is RETENTION_AGE_SLACK_S past
 *          max_age_days, prunes every row older than max_age_days;
 *   size   starts when the pages in use pass max_store_mb, prunes to
 *          1/16 below it;
 *   floor  while the filesystem has less than min_free_percent free,
 *          starts when fewer than 1/32 of the file's pages are free,
 *          prunes until 1/16 are (at least RETENTION_MIN_RESERVE_PAGES):
 *          room for the rows of the next seconds inside the file.  While
 *          the filesystem is short, the WAL is checkpointed every second
 *          and after every batch, so that it too stays small.
 */
#ifndef WHOKILLED_DAEMON_RETENTION_H
#define WHOKILLED_DAEMON_RETENTION_H

#include <limits.h>
#include <stdint.h>

#include "daemon/ingest/ingest.h"
#include "daemon/store/store.h"

#define RETENTION_BATCH_ROWS	256	/* rows deleted per batch, at most */
#define RETENTION_CHECK_MS	1000	/* the limits checked this often */
#define RETENTION_REST		2	/* after a batch, rest twice its time */
#define RETENTION_STUCK_MS	60000	/* after a run that could not meet a limit */
#define RETENTION_AGE_SLACK_S	3600	/* rows outlive max age by this, at most */
#define RETENTION_MIN_RESERVE_PAGES	8

/* Which limit a run prunes for (bits). */
#define RETENTION_AGE		0x1u
#define RETENTION_SIZE		0x2u
#define RETENTION_FLOOR		0x4u

/* The limits; 0 turns each off. */
struct retention_limits {
	unsigned max_age_days;
	uint64_t max_bytes;
	unsigned min_free_percent;
};

/* What a decision looks at. */
struct retention_view {
	int64_t now;			/* seconds since the epoch */
	int64_t oldest;			/* the oldest row's time, 0: none */
	struct store_size size;
	int fs_known;			/* statvfs answered: */
	uint64_t fs_bytes;		/* the filesystem's size */
	uint64_t fs_avail;		/* and its room for the daemon */
};

/*
 * Which limits call for pruning now (RETENTION_* bits, 0: none): with
 * running, whether the run goes on (to a little inside each limit); else
 * whether one starts (a little past it).  *before: the rows older than
 * this (seconds since the epoch) may go; INT64_MAX when any row may (the
 * size or the floor needs room).  Pure: unit-tested with views made up.
 */
unsigned retention_decide(const struct retention_limits *lim,
    const struct retention_view *v, int running, int64_t *before);

/* Whether the filesystem has less room than the floor. */
int retention_short_of_room(const struct retention_limits *lim,
    const struct retention_view *v);

struct retention {
	struct ingest *in;		/* its store, counters and commits */
	char path[PATH_MAX];		/* the store file: its filesystem */
	struct retention_limits lim;
	int64_t (*now)(void);		/* wall clock, seconds (time()) */
	int64_t next_check_ms;		/* monotonic; 0: at once */
	int running;
	unsigned reasons;		/* this run: the limits it pruned for */
	uint64_t gone[STORE_KINDS];	/* this run: rows deleted per kind */
	int stuck;			/* this run: nothing was left to delete */
};

/*
 * Retention of in's store at path, with lim.  The first check is at the
 * first round of the loop.  0, or -1 (ENAMETOOLONG).
 */
int retention_init(struct retention *r, struct ingest *in, const char *path,
    const struct retention_limits *lim);

/* New limits (SIGHUP): checked at the next round. */
void retention_set_limits(struct retention *r,
    const struct retention_limits *lim);

/* The poll loop's part: a check when due, one batch while a run lasts. */
void retention_handle(struct retention *r, int64_t now_ms);

/* Milliseconds to the next check or batch (0: now). */
int retention_timeout_ms(const struct retention *r, int64_t now_ms);

/* Look at the store now (the view retention_decide is given).  0 or -1. */
int retention_view_read(struct retention *r, struct retention_view *v);

#endif
