/*
 * The connection's primitives every table file uses: statements from
 * tables, the batch transaction, errors.
 */
#include <errno.h>
#include <stddef.h>

#include <sqlite3.h>

#include "store.h"
#include "store_db.h"
#include "store_error.h"

/* The batch's own statements. */
const struct store_stmt_def store_db_stmts[] = {
	STORE_STMT(begin, "BEGIN IMMEDIATE"),
	STORE_STMT(commit, "COMMIT"),
	STORE_STMT(rollback, "ROLLBACK"),
	STORE_STMT_END
};

int
store_note_error(struct store *st, int rc, const char *what)
{
	store_format_error(st->errmsg, sizeof st->errmsg, "%s: %s", what,
	    sqlite3_errmsg(st->db));
	return store_sqlite_errno(rc);
}

/* Run a statement that returns no row: 0, or -1 with errno and errmsg. */
static int
run(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc, error = 0;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		error = store_note_error(st, rc, what);
	sqlite3_reset(stmt);
	if (error == 0)
		return 0;
	errno = error;
	return -1;
}

int
store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt)
{
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
	    NULL);
}

/* The statement pointer in st that def names. */
static sqlite3_stmt **
stmt_slot(struct store *st, const struct store_stmt_def *def)
{
	return (sqlite3_stmt **)(void *)((char *)st + def->offset);
}

int
store_stmts_prepare(struct store *st, const struct store_stmt_def *defs)
{
	int rc = SQLITE_OK;

	for (; defs->sql != NULL && rc == SQLITE_OK; defs++)
		rc = store_prepare(st->db, defs->sql, stmt_slot(st, defs));
	return rc;
}

void
store_stmts_finalize(struct store *st, const struct store_stmt_def *defs)
{
	sqlite3_stmt **slot;

	for (; defs->sql != NULL; defs++) {
		slot = stmt_slot(st, defs);
		sqlite3_finalize(*slot);
		*slot = NULL;
	}
}

int
store_write(struct store *st, sqlite3_stmt *stmt, const char *what,
    int *changes)
{
	int rc, error;

	if (sqlite3_get_autocommit(st->db)) {
		st->pending = 0;
		if (run(st, st->begin, "begin") == -1) {
			sqlite3_reset(stmt);
			return -1;
		}
	}
	rc = sqlite3_step(stmt);
	error = rc == SQLITE_DONE ? 0 : store_note_error(st, rc, what);
	sqlite3_reset(stmt);
	if (error != 0) {
		if (sqlite3_get_autocommit(st->db))
			st->pending = 0;
		errno = error;
		return -1;
	}
	if (changes != NULL)
		*changes = sqlite3_changes(st->db);
	return 0;
}

int
store_dirty(const struct store *st)
{
	return st != NULL && !sqlite3_get_autocommit(st->db);
}

unsigned
store_pending(const struct store *st)
{
	return st != NULL ? st->pending : 0;
}

/*
 * A commit that fails (disk full, I/O error) loses every row added since
 * the last successful commit: the transaction is rolled back so that the
 * store keeps working, and the next store_add() starts a new one.  If the
 * ROLLBACK fails as well, the transaction stays open and the next commit
 * tries again with those rows.
 */
int
store_commit(struct store *st)
{
	int rc, error;

	if (st == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (sqlite3_get_autocommit(st->db)) {
		st->pending = 0;
		return 0;
	}
	rc = sqlite3_step(st->commit);
	error = rc == SQLITE_DONE ? 0 : store_note_error(st, rc, "commit");
	sqlite3_reset(st->commit);
	if (error != 0 && !sqlite3_get_autocommit(st->db)) {
		sqlite3_step(st->rollback);
		sqlite3_reset(st->rollback);
	}
	st->pending = 0;
	if (error != 0) {
		errno = error;
		return -1;
	}
	return 0;
}

const char *
store_errmsg(const struct store *st)
{
	if (st == NULL)
		return "no store";
	if (st->errmsg[0] != '\0')
		return st->errmsg;
	return sqlite3_errmsg(st->db);
}
