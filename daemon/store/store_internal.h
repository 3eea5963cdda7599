/*
 * Inside the store: the connection, its prepared statements, and what
 * store.c, store_session.c and store_authfail.c share.  Only the store's
 * own files include this; everyone else uses store.h.
 */
#ifndef WHOKILLED_STORE_INTERNAL_H
#define WHOKILLED_STORE_INTERNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "whokilled/wire.h"

/* One connection, opened without SQLite's mutexes: one thread at a time. */
struct store {
	sqlite3 *db;
	/* store.c: the batch and the kills table */
	sqlite3_stmt *begin;
	sqlite3_stmt *commit;
	sqlite3_stmt *rollback;
	sqlite3_stmt *insert;
	sqlite3_stmt *latest;
	sqlite3_stmt *others;
	sqlite3_stmt *events;	/* of one process (boot id, start time) */
	sqlite3_stmt *events_all;	/* of every process that had the pid */
	sqlite3_stmt *count;
	/* store_session.c */
	sqlite3_stmt *session_insert;
	sqlite3_stmt *session_close_process;
	sqlite3_stmt *session_close_own;
	sqlite3_stmt *session_close_audit;
	sqlite3_stmt *session_join_audit;
	sqlite3_stmt *session_join_chain;
	sqlite3_stmt *session_by_id;
	/* store_audit.c */
	sqlite3_stmt *audit_insert;
	sqlite3_stmt *audit_has;
	sqlite3_stmt *partners_by_target;
	sqlite3_stmt *partners_by_time;
	sqlite3_stmt *merge;
	/* store_authfail.c */
	sqlite3_stmt *authfail_insert;
	sqlite3_stmt *authfail_groups;
	/* store_deaths.c */
	sqlite3_stmt *death_put;
	sqlite3_stmt *death_find;
	sqlite3_stmt *death_latest;
	sqlite3_stmt *death_count;
	sqlite3_stmt *death_prune_plain;
	sqlite3_stmt *death_prune_any;
	sqlite3_stmt *death_sender;
	/* store_runs.c */
	sqlite3_stmt *run_insert;
	sqlite3_stmt *run_forget;
	sqlite3_stmt *run_update;
	sqlite3_stmt *run_kmsg;
	sqlite3_stmt *run_get;
	sqlite3_stmt *run_prev;
	unsigned pending;
	struct store_checkpointer *checkpointer;	/* NULL: SQLite's own */
	char errmsg[256];
};

/* Keep the message of a failed SQLite call; returns the errno for it. */
int store_note_error(struct store *st, int rc, const char *what);

/* Prepare a statement kept for the store's life; an SQLite code. */
int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt);

/*
 * Step stmt (an INSERT or UPDATE, already bound) inside the batch
 * transaction, which is begun first when none is open, then reset it.
 * *changes (may be NULL) gets the rows it changed.  Returns 0, or -1 with
 * errno and errmsg; when SQLite rolled the batch back on the way (FULL,
 * IOERR, NOMEM), pending drops to 0 so a caller counting losses can tell.
 * The caller counts its own row into pending once it is written.
 */
int store_write(struct store *st, sqlite3_stmt *stmt, const char *what,
    int *changes);

/*
 * Bind ev to the kills columns of stmt (an INSERT or UPDATE using
 * STORE_ROW_PARAMS), joined to its login session first (then also naming
 * the PAM as a source).  ev's counts must be within their arrays (EINVAL)
 * and ev must outlive the next step.  0, or -1 with errno and errmsg.
 */
int store_bind_event(struct store *st, sqlite3_stmt *stmt,
    const struct wk_event *ev, struct wk_event *row);

/* store_audit.c: prepare (an SQLite code) and finalize its statements. */
int store_audit_prepare(struct store *st);
void store_audit_finalize(struct store *st);

/* store_session.c: prepare (an SQLite code) and finalize its statements. */
int store_session_prepare(struct store *st);
void store_session_finalize(struct store *st);

/*
 * The session a kill belongs to (see store_session.c): *id is its row id,
 * or 0 when none.  Returns 0, or -1 with errno and errmsg.
 */
int store_session_join(struct store *st, const struct wk_event *ev,
    int64_t *id);

/*
 * Fill *out from session row id, flagged WK_SI_KNOWN (and WK_SI_CLOSED
 * once closed); a row that is gone leaves *out zeroed.  0, or -1 with
 * errno and errmsg.
 */
int store_session_read(struct store *st, int64_t id,
    struct wk_session_info *out);

/* store_authfail.c: likewise. */
int store_authfail_prepare(struct store *st);
void store_authfail_finalize(struct store *st);

/* store_deaths.c and store_runs.c: likewise. */
int store_deaths_prepare(struct store *st);
void store_deaths_finalize(struct store *st);
int store_runs_prepare(struct store *st);
void store_runs_finalize(struct store *st);

#endif
