/*
 * The daemon's runs: when it started, when it was last known alive, when
 * it stopped, so that an answer can say when nobody was watching.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_error.h"
#include "store_db.h"
#include "store_runs.h"

#include "store_row.h"

/* Runs remembered: older ones are forgotten when a run begins. */
#define RUNS_KEPT	1000
#define STRINGIFY_(x)	#x
#define STRINGIFY(x)	STRINGIFY_(x)

static const char insert_sql[] =
	"INSERT INTO daemon_runs (boot_id, started_sec, started_nsec,"
	" alive_sec, flags) VALUES (?1, ?2, ?3, ?2, ?4)";

static const char forget_sql[] =
	"DELETE FROM daemon_runs WHERE id <= ?1 - " STRINGIFY(RUNS_KEPT);

static const char update_sql[] =
	"UPDATE daemon_runs SET alive_sec = max(alive_sec, ?2),"
	" kmsg_seq = coalesce(?3, kmsg_seq),"
	" stopped_sec = CASE WHEN ?4 THEN ?2 ELSE stopped_sec END"
	" WHERE id = ?1";

static const char kmsg_sql[] =
	"SELECT max(kmsg_seq) FROM daemon_runs WHERE boot_id = ?1";

static const char get_sql[] =
	"SELECT started_sec, started_nsec, flags FROM daemon_runs"
	" WHERE id = ?1";

/* The run before ?1 that saw exits, and when it ended. */
static const char prev_sql[] =
	"SELECT coalesce(stopped_sec, alive_sec) FROM daemon_runs"
	" WHERE id < ?1 AND (flags & 1) != 0 ORDER BY id DESC LIMIT 1";

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_runs_stmts[] = {
	STORE_STMT(run_insert, insert_sql),
	STORE_STMT(run_forget, forget_sql),
	STORE_STMT(run_update, update_sql),
	STORE_STMT(run_kmsg, kmsg_sql),
	STORE_STMT(run_get, get_sql),
	STORE_STMT(run_prev, prev_sql),
	STORE_STMT_END
};

/* A bind failure on stmt: noted, stmt reset; -1 with errno. */
static int
bind_failed(struct store *st, sqlite3_stmt *stmt, int rc)
{
	errno = store_note_error(st, rc, "daemon run");
	sqlite3_reset(stmt);
	return -1;
}

int
store_run_begin(struct store *st, const char *boot_id,
    const struct wk_time *started, uint32_t flags, int64_t *id)
{
	struct store_binder b = { st->run_insert, SQLITE_OK };

	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 2, started->sec);
	store_bind_int(&b, 3, started->nsec);
	store_bind_int(&b, 4, flags);
	if (b.rc != SQLITE_OK)
		return bind_failed(st, st->run_insert, b.rc);
	if (store_write(st, st->run_insert, "daemon run", NULL) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	b.stmt = st->run_forget;
	store_bind_int(&b, 1, *id);
	if (b.rc != SQLITE_OK)
		return bind_failed(st, st->run_forget, b.rc);
	return store_write(st, st->run_forget, "daemon runs", NULL);
}

int
store_run_update(struct store *st, int64_t id, int64_t alive_sec,
    uint64_t kmsg_seq, int stopped)
{
	struct store_binder b = { st->run_update, SQLITE_OK };

	store_bind_int(&b, 1, id);
	store_bind_int(&b, 2, alive_sec);
	if (kmsg_seq != 0)
		store_bind_int(&b, 3, (int64_t)kmsg_seq);
	else if (b.rc == SQLITE_OK)
		b.rc = sqlite3_bind_null(st->run_update, 3);
	store_bind_int(&b, 4, stopped != 0);
	if (b.rc != SQLITE_OK)
		return bind_failed(st, st->run_update, b.rc);
	return store_write(st, st->run_update, "daemon run", NULL);
}

int
store_run_kmsg_seq(struct store *st, const char *boot_id, uint64_t *seq)
{
	sqlite3_stmt *stmt = st->run_kmsg;
	struct store_binder b = { stmt, SQLITE_OK };
	int rc, found = 0, error = 0;

	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
			*seq = (uint64_t)sqlite3_column_int64(stmt, 0);
			found = 1;
		}
	} else {
		error = store_note_error(st, rc, "kernel log position");
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}

int
store_run_watch(struct store *st, int64_t id, struct wk_death_watch *out)
{
	struct wk_time started = { 0, 0 };
	uint32_t flags = 0;
	int rc, error = 0, found = 0;

	memset(out, 0, sizeof *out);
	rc = sqlite3_bind_int64(st->run_get, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st->run_get);
	if (rc == SQLITE_ROW) {
		started.sec = sqlite3_column_int64(st->run_get, 0);
		started.nsec = sqlite3_column_int64(st->run_get, 1);
		flags = (uint32_t)sqlite3_column_int64(st->run_get, 2);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, "daemon run");
	}
	sqlite3_reset(st->run_get);
	if (error == 0 && found && (flags & STORE_RUN_EXITS) != 0) {
		out->since = started;
		rc = sqlite3_bind_int64(st->run_prev, 1, id);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st->run_prev);
		if (rc == SQLITE_ROW) {
			out->gap_from.sec = sqlite3_column_int64(st->run_prev,
			    0);
			out->gap_to = started;
		} else if (rc != SQLITE_DONE) {
			error = store_note_error(st, rc, "daemon runs");
		}
		sqlite3_reset(st->run_prev);
	}
	if (error == 0 && !found)
		error = ENOENT;
	if (error != 0) {
		errno = error;
		return -1;
	}
	return 0;
}
