#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "store.h"
#include "store_error.h"
#include "store_checkpoint.h"
#include "store_internal.h"
#include "store_row.h"
#include "store_schema.h"

#define STORE_DEFAULT_LIMIT	1000
#define STORE_BUSY_TIMEOUT_MS	2000

/* The filters of a query by pid; ?1 pid, ?5 signo, ?6 since, ?7 until. */
#define FILTERS \
	" target_pid = ?1" \
	" AND (?5 = 0 OR signo = ?5)" \
	" AND (?6 = 0 OR time_sec >= ?6)" \
	" AND (?7 = 0 OR time_sec <= ?7)"

#define NEWEST_FIRST	" ORDER BY time_sec DESC, time_nsec DESC, id DESC"

static const char insert_sql[] =
	"INSERT INTO kills (" STORE_ROW_COLUMNS ") VALUES (" STORE_ROW_PARAMS ")";

/*
 * The process (boot id, start time) that had pid ?1 in the newest match,
 * and that match's time.
 */
static const char latest_sql[] =
	"SELECT boot_id, target_start_time, time_sec, time_nsec FROM kills"
	" WHERE" FILTERS NEWEST_FIRST " LIMIT 1";

/*
 * Processes that had pid ?1, leaving out (when ?2) the one of boot id ?3 and
 * start time ?4.  It reads every row of that pid (about 40 ms for 100,000
 * signals to one pid); an index to avoid it would halve the insert rate.
 */
static const char others_sql[] =
	"SELECT count(*) FROM (SELECT DISTINCT boot_id, target_start_time"
	" FROM kills WHERE target_pid = ?1"
	" AND NOT (?2 AND boot_id IS ?3 AND target_start_time IS ?4))";

/*
 * Matching events of the process of boot id ?3 and start time ?4, at most
 * ?8 (as plain terms, so the index on pid, boot id and start time finds
 * them); and of every process (events_all_sql, ?2 unused).
 */
static const char events_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE" FILTERS
	" AND boot_id = ?3 AND target_start_time = ?4"
	NEWEST_FIRST " LIMIT ?8";

static const char events_all_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE" FILTERS
	NEWEST_FIRST " LIMIT ?8";

int store_note_error(struct store *st, int rc, const char *what)
{
	store_format_error(st->errmsg, sizeof st->errmsg, "%s: %s", what,
	    sqlite3_errmsg(st->db));
	return store_sqlite_errno(rc);
}

/* Run a statement that returns no row: 0, or -1 with errno and errmsg. */
static int run(struct store *st, sqlite3_stmt *stmt, const char *what)
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

/* mkdir the directory part of path, mode 0700, when it is missing. */
static int make_parent_dir(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	char *slash;
	size_t len = strlen(path);

	if (len >= sizeof dir) {
		errno = ENAMETOOLONG;
		store_format_error(err, errlen, "%s: path too long", path);
		return -1;
	}
	memcpy(dir, path, len + 1);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		store_format_error(err, errlen, "%s: cannot create directory: %s",
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Create the file with mode 0600 so SQLite never picks the mode itself. */
static int make_file(const char *path, char *err, size_t errlen)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd == -1) {
		store_format_error(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Ask for the WAL journal; *is_wal tells whether SQLite agreed. */
static int enable_wal(sqlite3 *db, int *is_wal)
{
	sqlite3_stmt *stmt = NULL;
	const unsigned char *mode;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		mode = sqlite3_column_text(stmt, 0);
		*is_wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Busy timeout, WAL journal, synchronous=NORMAL (a crash may lose the last
 * commits, never corrupt the file), a 32 MiB page cache that keeps the hot
 * index pages in memory while batches are inserted, and checkpoints every
 * 10000 pages (40 MiB of WAL) rather than 1000: an index page touched by
 * many batches is then copied into the database once, not ten times.  The
 * WAL file is cut back to 64 MiB after a checkpoint when a long reader made
 * it grow.  0, or -1 with errno and a message.
 */
static int configure(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int rc, is_wal = 0;

	rc = sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = enable_wal(db, &is_wal);
	if (rc == SQLITE_OK && is_wal)
		rc = sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL,
		    NULL);
	/*
	 * 8 MiB of page cache: the indexes' upper levels stay in it, and the
	 * kernel's page cache holds the rest; more only adds to the daemon's
	 * resident size (the RSS target is 32 MiB at 10 million events).
	 */
	if (rc == SQLITE_OK && is_wal)
		rc = sqlite3_exec(db, "PRAGMA cache_size = -8192;"
		    " PRAGMA wal_autocheckpoint = 10000;"
		    " PRAGMA journal_size_limit = 67108864", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_format_error(err, errlen, "%s: %s", path,
		    sqlite3_errmsg(db));
		errno = store_sqlite_errno(rc);
		return -1;
	}
	if (!is_wal) {
		store_format_error(err, errlen,
		    "%s: SQLite cannot use a WAL journal for this file", path);
		errno = ENOTSUP;
		return -1;
	}
	return 0;
}

int store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt)
{
	return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
	    NULL);
}

/* Every statement the store runs, prepared once.  0 or -1. */
static int prepare_all(struct store *st, const char *path, char *err,
    size_t errlen)
{
	int rc;

	rc = store_prepare(st->db, "BEGIN IMMEDIATE", &st->begin);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, "COMMIT", &st->commit);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, "ROLLBACK", &st->rollback);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, insert_sql, &st->insert);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, latest_sql, &st->latest);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, others_sql, &st->others);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, events_sql, &st->events);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, events_all_sql, &st->events_all);
	if (rc == SQLITE_OK)
		rc = store_prepare(st->db, "SELECT count(*) FROM kills", &st->count);
	if (rc == SQLITE_OK)
		rc = store_session_prepare(st);
	if (rc == SQLITE_OK)
		rc = store_authfail_prepare(st);
	if (rc == SQLITE_OK)
		rc = store_audit_prepare(st);
	if (rc == SQLITE_OK)
		rc = store_deaths_prepare(st);
	if (rc == SQLITE_OK)
		rc = store_runs_prepare(st);
	if (rc == SQLITE_OK)
		return 0;
	store_format_error(err, errlen, "%s: cannot prepare statements: %s",
	    path, sqlite3_errmsg(st->db));
	errno = store_sqlite_errno(rc);
	return -1;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
	struct store *st = NULL;
	int rc, saved, ok = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		store_format_error(err, errlen, "no store path given");
		return NULL;
	}
	if (make_parent_dir(path, err, errlen) == -1 ||
	    make_file(path, err, errlen) == -1)
		return NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL) {
		store_format_error(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	rc = sqlite3_open_v2(path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		store_format_error(err, errlen, "%s: %s", path,
		    st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		errno = store_sqlite_errno(rc);
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (store_schema_check(st->db, path, err, errlen) == -1 ||
	    configure(st->db, path, err, errlen) == -1 ||
	    store_schema_create(st->db, path, err, errlen) == -1 ||
	    prepare_all(st, path, err, errlen) == -1)
		goto out;
	st->checkpointer = store_checkpointer_start(st->db, path);
	ok = 1;
out:
	if (!ok) {
		saved = errno;
		store_close(st);
		errno = saved;
		return NULL;
	}
	return st;
}

/*
 * Commits what is pending (a failure loses that batch: nobody is left to
 * tell, so callers that care call store_commit() first) and frees st.
 */
void store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->commit != NULL)
		(void)store_commit(st);
	store_checkpointer_stop(st->checkpointer);
	sqlite3_finalize(st->begin);
	sqlite3_finalize(st->commit);
	sqlite3_finalize(st->rollback);
	sqlite3_finalize(st->insert);
	sqlite3_finalize(st->latest);
	sqlite3_finalize(st->others);
	sqlite3_finalize(st->events);
	sqlite3_finalize(st->events_all);
	sqlite3_finalize(st->count);
	store_session_finalize(st);
	store_authfail_finalize(st);
	store_audit_finalize(st);
	store_deaths_finalize(st);
	store_runs_finalize(st);
	sqlite3_close(st->db);
	free(st);
}

int store_write(struct store *st, sqlite3_stmt *stmt, const char *what,
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

/*
 * Rows go into the transaction store_commit() ends (BEGIN IMMEDIATE when
 * none is open).  The kill is joined to its login session first (a session
 * opened in the same batch counts), and then also names the PAM as a
 * source.  An event whose argv_len or chain_len exceeds its array is
 * refused (EINVAL).  When the insert fails with SQLITE_FULL, SQLITE_IOERR
 * or SQLITE_NOMEM, SQLite may roll back the whole transaction: the rows
 * pending before are then lost too, and store_pending() drops to 0, which
 * is how a caller counting losses can tell.
 */
int store_bind_event(struct store *st, sqlite3_stmt *stmt,
    const struct wk_event *ev, struct wk_event *row)
{
	int64_t session = 0;
	int rc;

	if (ev->chain_len > WK_CHAIN_MAX ||
	    ev->report.caller.argv_len > WK_ARGV_MAX) {
		store_format_error(st->errmsg, sizeof st->errmsg,
		    "insert: chain_len %u or argv_len %u out of bounds",
		    ev->chain_len, ev->report.caller.argv_len);
		errno = EINVAL;
		return -1;
	}
	if (store_session_join(st, ev, &session) == -1)
		return -1;
	*row = *ev;
	if (session > 0)
		row->sources |= WK_SRC_PAM;
	rc = store_row_bind(stmt, row, session);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "insert");
		sqlite3_reset(stmt);
		return -1;
	}
	return 0;
}

int store_add(struct store *st, const struct wk_event *ev)
{
	struct wk_event row;

	if (st == NULL || ev == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (store_bind_event(st, st->insert, ev, &row) == -1)
		return -1;
	if (store_write(st, st->insert, "insert", NULL) == -1)
		return -1;
	st->pending++;
	return 0;
}

int store_dirty(const struct store *st)
{
	return st != NULL && !sqlite3_get_autocommit(st->db);
}

unsigned store_pending(const struct store *st)
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
int store_commit(struct store *st)
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

/* Bind pid and the filters shared by latest_sql and events_sql. */
static int bind_filters(sqlite3_stmt *stmt, const struct store_pid_query *q)
{
	int rc;

	rc = sqlite3_bind_int64(stmt, 1, q->pid);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 5, q->signo);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 6, q->since);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 7, q->until);
	return rc;
}

/*
 * Bind the process (boot id ?3, start time ?4) that events and others are
 * about, taken from the query or from the current row of latest.
 */
static int bind_process(struct store *st, const struct store_pid_query *q,
    int from_latest)
{
	sqlite3_stmt *stmts[] = { st->events, st->others };
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < sizeof stmts / sizeof stmts[0] && rc == SQLITE_OK;
	    i++) {
		if (from_latest) {
			rc = sqlite3_bind_value(stmts[i], 3,
			    sqlite3_column_value(st->latest, 0));
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_value(stmts[i], 4,
				    sqlite3_column_value(st->latest, 1));
		} else {
			rc = sqlite3_bind_text(stmts[i], 3, q->boot_id,
			    (int)strnlen(q->boot_id, sizeof q->boot_id),
			    SQLITE_TRANSIENT);
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_int64(stmts[i], 4,
				    (int64_t)q->start_time);
		}
	}
	return rc;
}

/*
 * Which process is shown: with q->all_processes every one; with a boot id
 * and start time in q that one; otherwise the process of the newest event
 * matching the filters, so that "--until" or "--signal" can reach back to
 * an earlier holder of the pid.  *other_processes counts the processes with
 * this pid (with any event, filters aside) other than the one shown; it is
 * 0 with all_processes.  The callback must not call back into the store.
 * On an error after some events were passed, -1 is still returned.
 */
int store_find_by_pid(struct store *st, const struct store_pid_query *q,
    store_event_cb cb, void *arg, uint32_t *other_processes)
{
	sqlite3_stmt *events;
	struct wk_event ev;
	int64_t limit, session;
	int rc, chosen = 0, n = 0, ret = -1, error = 0;

	if (other_processes != NULL)
		*other_processes = 0;
	if (st == NULL || q == NULL || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	limit = q->limit != 0 ? q->limit : STORE_DEFAULT_LIMIT;
	events = q->all_processes ? st->events_all : st->events;

	rc = bind_filters(events, q);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(events, 8, limit);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st->others, 1, q->pid);
	if (rc != SQLITE_OK)
		goto out;

	if (q->all_processes) {
		chosen = 1;
	} else if (q->boot_id[0] != '\0' && q->start_time != 0) {
		rc = bind_process(st, q, 0);
		chosen = 1;
	} else {
		rc = bind_filters(st->latest, q);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st->latest);
		if (rc == SQLITE_ROW) {
			rc = bind_process(st, q, 1);
			chosen = 1;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st->others, 2, chosen);
	if (rc != SQLITE_OK)
		goto out;

	if (!q->all_processes && other_processes != NULL) {
		rc = sqlite3_step(st->others);
		if (rc != SQLITE_ROW)
			goto out;
		*other_processes = (uint32_t)sqlite3_column_int64(st->others, 0);
	}

	rc = SQLITE_DONE;
	while (chosen && (rc = sqlite3_step(events)) == SQLITE_ROW) {
		store_row_read(events, &ev);
		session = store_row_session_id(events);
		if (session > 0 &&
		    store_session_read(st, session, &ev.session) == -1) {
			error = errno;
			break;
		}
		n++;
		if (cb(&ev, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		goto out;
	ret = n;
out:
	if (ret == -1 && error == 0)
		error = store_note_error(st, rc, "query");
	sqlite3_reset(st->latest);
	sqlite3_reset(st->others);
	sqlite3_reset(st->events);
	sqlite3_reset(st->events_all);
	sqlite3_clear_bindings(st->latest);
	sqlite3_clear_bindings(st->others);
	sqlite3_clear_bindings(st->events);
	sqlite3_clear_bindings(st->events_all);
	if (ret == -1)
		errno = error;
	return ret;
}

int64_t store_count(struct store *st)
{
	int64_t rows = -1;
	int rc, error = 0;

	if (st == NULL) {
		errno = EINVAL;
		return -1;
	}
	rc = sqlite3_step(st->count);
	if (rc == SQLITE_ROW)
		rows = sqlite3_column_int64(st->count, 0);
	else
		error = store_note_error(st, rc, "count");
	sqlite3_reset(st->count);
	if (rows == -1)
		errno = error;
	return rows;
}

int store_latest_process(struct store *st, const struct store_pid_query *q,
    char boot_id[WK_BOOT_ID_MAX], uint64_t *start_time, struct wk_time *when)
{
	int rc, found = 0, error = 0;

	rc = bind_filters(st->latest, q);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st->latest);
	if (rc == SQLITE_ROW) {
		store_read_text(st->latest, 0, boot_id, WK_BOOT_ID_MAX);
		*start_time = (uint64_t)sqlite3_column_int64(st->latest, 1);
		when->sec = sqlite3_column_int64(st->latest, 2);
		when->nsec = sqlite3_column_int64(st->latest, 3);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, "latest process");
	}
	sqlite3_reset(st->latest);
	sqlite3_clear_bindings(st->latest);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}

const char *store_errmsg(const struct store *st)
{
	if (st == NULL)
		return "no store";
	if (st->errmsg[0] != '\0')
		return st->errmsg;
	return sqlite3_errmsg(st->db);
}
