/*
 * The write path of the ingest layer: every row (a kill, a session opened
 * or closed, a failed login, the end of a process) goes into the store's
 * open batch through here, and the batch is committed when it holds
 * INGEST_COMMIT_ROWS rows or its first row has waited commit_interval_ms.
 *
 * Rows the store could not take yet are kept in memory until it can: a full
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
 * most INGEST_BACKLOG_MAX rows (about 19 MB of address space, mapped once;
 * a working store uses the first few hundred slots, about 1 MB, and what a
 * failure filled beyond goes back once the ring is empty); a row that
 * finds it full is lost and counted in store_errors.
 */
#ifndef WHOKILLED_DAEMON_INGEST_BACKLOG_H
#define WHOKILLED_DAEMON_INGEST_BACKLOG_H

#include <stddef.h>
#include <stdint.h>

#include "ingest_state.h"

/* What became of a row handed to ingest_store_row. */
enum ingest_row_result {
	INGEST_ROW_WRITTEN = 0,		/* in the open batch */
	INGEST_ROW_WAITING,		/* kept in memory: the store fails now */
	INGEST_ROW_LOST,		/* refused, or the ring was full (counted) */
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

/*
 * Note that the batch got a row or a change, for the commit timer; call
 * after each write to the store outside ingest_store_row.
 */
void ingest_note_write(struct ingest *in);

/* ingest_note_write, and commit at once when the batch is full. */
void ingest_after_write(struct ingest *in);

/*
 * A write to the store failed: count it, with the rows of the batch it
 * took along that the backlog does not keep (the kept ones wait for a
 * retry), and log what.  pending_before: store_pending before the write.
 */
void ingest_write_failed(struct ingest *in, unsigned pending_before,
    const char *what);

/*
 * Commit the open batch, if any, and count it; 0 or -1.  When it fails,
 * the batch's kept rows wait for a retry and the others are counted lost.
 */
int ingest_commit(struct ingest *in);

/*
 * Write the waiting rows again when a retry is due at now_ms, then commit
 * if the policy says so; 0 or -1.
 */
int ingest_commit_if_due(struct ingest *in, int64_t now_ms);

/*
 * Milliseconds until the batch is due or waiting rows are tried again
 * (0: now), or -1 when neither.
 */
int ingest_timeout_ms(const struct ingest *in, int64_t now_ms);

/*
 * Before exit: commit, with a last try at the rows kept in memory; those
 * still not stored are counted lost and logged.  Frees the backlog.
 */
void ingest_finish(struct ingest *in);

/* A signal was stored or kept (ev): tell the listener (struct ingest_listener). */
void ingest_signal_stored(struct ingest *in, const struct wk_event *ev);

/* An end was stored or kept (d): tell the listeners. */
void ingest_death_stored(struct ingest *in, const struct store_death *d);

#endif
