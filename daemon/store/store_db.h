/*
 * The connection's primitives every table file of the store uses:
 * statements prepared from a table file's array, writes inside the batch
 * transaction, and error messages.  (store_dirty, store_pending,
 * store_commit and store_errmsg, also here, are declared in store.h.)
 */
#ifndef WHOKILLED_STORE_DB_H
#define WHOKILLED_STORE_DB_H

#include "store_internal.h"

#include <sqlite3.h>

/* The batch's own statements (BEGIN, COMMIT, ROLLBACK). */
extern const struct store_stmt_def store_db_stmts[];

/* Keep the message of a failed SQLite call; returns the errno for it. */
int store_note_error(struct store *st, int rc, const char *what);

/* Prepare a statement kept for the store's life; an SQLite code. */
int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt);

/* Prepare every statement of defs into st; an SQLite code. */
int store_stmts_prepare(struct store *st, const struct store_stmt_def *defs);

/* Finalize every statement of defs in st (those never prepared too). */
void store_stmts_finalize(struct store *st, const struct store_stmt_def *defs);

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

#endif
