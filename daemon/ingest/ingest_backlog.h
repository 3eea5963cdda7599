/*
 * Rows the store could not take yet, kept in memory until it can: a full
 * disk, an I/O error or a busy database must not lose the reports that
 * arrive meanwhile, nor the batch in flight when the commit fails.
 *
 * Every kept row (a kill, a session opened or closed, a failed login, the
 * end of a process) goes through one ring, oldest first: the rows written
 * into the open batch (SQLite may still roll them back), then the rows
 * waiting for the store.  A commit drops the batch's rows; a rollback (a
 * failed commit, or a write that took the batch along) turns them into
 * waiting rows again, ahead of the others.  While rows wait, new ones
 * queue behind them, and every INGEST_RETRY_MS (on the next report or on
 * the poll loop's timer) they are written again, oldest first, with the
 * same store call as the first time, so that merges with the kernel's
 * rows and session joins come out as they would have.  The ring holds at
 * most INGEST_BACKLOG_MAX rows (about 16 MB of address space, mapped once;
 * a working store uses the first few hundred slots, about 1 MB, and what a
 * failure filled beyond goes back once the ring is empty); a row that
 * finds it full is lost and counted in store_errors.
 */
#ifndef WHOKILLED_DAEMON_INGEST_BACKLOG_H
#define WHOKILLED_DAEMON_INGEST_BACKLOG_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"

#define INGEST_BACKLOG_MAX	4096	/* rows kept in memory at most */
#define INGEST_RETRY_MS		1000	/* waiting rows are tried this often */

struct ingest;

/* What a kept row is, and so which store call writes it. */
enum ingest_row_kind {
	INGEST_ROW_KILL = 1,		/* struct wk_event: ingest_kernel_store_shim */
	INGEST_ROW_SESSION_OPEN,	/* struct wk_session_report */
	INGEST_ROW_SESSION_CLOSE,	/* struct wk_session_report */
	INGEST_ROW_AUTHFAIL,		/* struct wk_authfail_event */
	INGEST_ROW_DEATH,		/* struct store_death */
};

/* What became of a row handed to ingest_store_row. */
enum ingest_row_result {
	INGEST_ROW_WRITTEN = 0,		/* in the open batch */
	INGEST_ROW_WAITING,		/* kept in memory: the store fails now */
	INGEST_ROW_LOST,		/* refused, or the ring was full (counted) */
};

struct ingest_kept_row;

struct ingest_backlog {
	struct ingest_kept_row *rows;	/* the ring, NULL until mapped */
	unsigned size;		/* slots mapped: max */
	unsigned max;		/* INGEST_BACKLOG_MAX */
	unsigned peak;		/* most rows held since the ring was empty */
	unsigned head;		/* the oldest row */
	unsigned count;		/* rows held: the batch's, then the waiting */
	unsigned batch;		/* rows written into the open batch */
	unsigned batch_pending;	/* of those, rows counted in store_pending */
	int64_t retry_ms;	/* when waiting rows are tried next; -1: none */
	int failing;		/* rows wait: the store fails (logged once) */
	int full_logged;	/* the ring was full in this failure (logged) */
	int retrying;		/* inside ingest_backlog_retry */
	uint64_t kept_stored;	/* this failure: waiting rows stored since */
	uint64_t lost;		/* this failure: rows lost */
};

/* An empty backlog; nothing is mapped until a row is kept. */
void ingest_backlog_init(struct ingest_backlog *b);

/*
 * Write a row of the given kind (row: size bytes of the struct the kind
 * names) with its store call, keeping a copy until it is committed.  When
 * rows wait already, it waits behind them (they are tried first when a
 * retry is due).  A transient failure (ENOSPC, EIO, EBUSY, ENOMEM) keeps
 * it waiting; any other failure loses it, counted and logged.
 */
enum ingest_row_result ingest_store_row(struct ingest *in,
    enum ingest_row_kind kind, const void *row, size_t size);

/* Rows waiting for the store (not in the open batch). */
unsigned ingest_backlog_waiting(const struct ingest *in);

/* Whether waiting rows are due to be tried at now_ms. */
int ingest_backlog_due(const struct ingest *in, int64_t now_ms);

/* Milliseconds until waiting rows are tried (0: now), -1 when none wait. */
int ingest_backlog_timeout_ms(const struct ingest *in, int64_t now_ms);

/*
 * Write the waiting rows again, oldest first, committing every
 * INGEST_COMMIT_ROWS and at the end; stops at the first transient
 * failure and tries again INGEST_RETRY_MS later.
 */
void ingest_backlog_retry(struct ingest *in);

/*
 * The store's transaction may have ended in a rollback (after a failed
 * write or commit; pending_before: store_pending before it): if so, the
 * batch's kept rows wait again and *moved says how many (may be NULL).
 * Returns how many rows of the batch were lost with it, the ones the
 * ring did not keep.
 */
unsigned ingest_backlog_rolled_back(struct ingest *in, unsigned pending_before,
    unsigned *moved);

/* The open batch was committed: its rows are dropped from the ring. */
void ingest_backlog_committed(struct ingest *in);

/*
 * Rows moved to waiting because of a failure (what failed, rows lost with
 * it): the first time, log that the store fails and that rows are kept.
 * Returns whether the store was failing already (a caller logs its own
 * error at debug level then).
 */
int ingest_backlog_failing(struct ingest *in, const char *what,
    unsigned lost);

/*
 * Count rows lost (store_errors, and this failure's tally).
 */
void ingest_backlog_count_lost(struct ingest *in, unsigned lost);

/*
 * A store write failed ("cannot WHAT"): moved rows went to waiting, lost
 * rows are gone.  Counts the loss and logs it -- at warning level only
 * when nothing was kept and the store was not failing already (was_failing:
 * whether it was before this write), since ingest_backlog_failing says the
 * rest once.
 */
void ingest_backlog_note_failure(struct ingest *in, const char *what,
    unsigned lost, unsigned moved, int was_failing);

/*
 * Before exit: a last try at the waiting rows and a commit; what still
 * waits is counted lost and logged.  Unmaps the ring.
 */
void ingest_backlog_finish(struct ingest *in);

#endif
