/*
 * The kills table: a signal in, the signals of one pid out.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "store.h"
#include "store_db.h"
#include "store_error.h"
#include "store_kills.h"
#include "store_row.h"
#include "store_session.h"

#define STORE_DEFAULT_LIMIT	1000

/*
 * The filters of a query by pid; ?1 pid, ?5 signo, ?6 since, ?7 until,
 * ?9 node ('' this host).
 */
#define FILTERS \
	" target_pid = ?1 AND node = ?9" \
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
 * start time ?4.  It reads every entry of that pid in kills_by_target (pid,
 * node, boot id, start time: the index alone, no row), about 300 at 10
 * million events on a host whose pids wrap at 32768.
 */
static const char others_sql[] =
	"SELECT count(*) FROM (SELECT DISTINCT boot_id, target_start_time"
	" FROM kills WHERE target_pid = ?1 AND node = ?9"
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

/*
 * The result of a kill reported before delivery, into every row of that
 * call (the call's own and its group members'): boot ?1, killer pid ?2,
 * tid ?3 and start time ?4 (0: the report had none; a kernel record may
 * have given the row one since), time ?5 s ?6
 * ns, signal ?7; result ?8, errno ?9.  The time finds the rows through
 * kills_by_time.  The pending flag (32) goes; a kernel record merged in
 * before may have set the result already, to the same.
 */
static const char result_sql[] =
	"UPDATE kills SET result = ?8, error = ?9, flags = flags & ~32"
	" WHERE time_sec = ?5 AND time_nsec = ?6 AND boot_id = ?1"
	" AND killer_pid = ?2 AND killer_tid = ?3"
	" AND (killer_start_time = ?4 OR ?4 = 0)"
	" AND signo = ?7";

_Static_assert(WK_F_RESULT_PENDING == 32, "store: pending flag in SQL");

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_kills_stmts[] = {
	STORE_STMT(insert, insert_sql),
	STORE_STMT(kill_result, result_sql),
	STORE_STMT(latest, latest_sql),
	STORE_STMT(others, others_sql),
	STORE_STMT(events, events_sql),
	STORE_STMT(events_all, events_all_sql),
	STORE_STMT(count, "SELECT count(*) FROM kills"),
	STORE_STMT_END
};

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
int
store_bind_event(struct store *st, sqlite3_stmt *stmt,
    const struct wk_event *ev)
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
	/* A node's kill joins none of this host's sessions. */
	if (ev->node[0] == '\0' && store_session_join(st, ev, &session) == -1)
		return -1;
	rc = store_row_bind(stmt, ev, session);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "insert");
		sqlite3_reset(stmt);
		return -1;
	}
	return 0;
}

int
store_add(struct store *st, const struct wk_event *ev)
{
	if (st == NULL || ev == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (store_bind_event(st, st->insert, ev) == -1)
		return -1;
	if (store_write(st, st->insert, "insert", NULL) == -1)
		return -1;
	st->pending++;
	return 0;
}

int
store_kill_result(struct store *st, const char *boot_id,
    const struct wk_kill_result *m, int *rows)
{
	struct store_binder b = { NULL, SQLITE_OK };

	*rows = 0;
	if (st == NULL || boot_id == NULL || m == NULL) {
		errno = EINVAL;
		return -1;
	}
	b.stmt = st->kill_result;
	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 2, m->pid);
	store_bind_int(&b, 3, m->tid);
	store_bind_int(&b, 4, (int64_t)m->start_time);
	store_bind_int(&b, 5, m->time.sec);
	store_bind_int(&b, 6, m->time.nsec);
	store_bind_int(&b, 7, m->signo);
	store_bind_int(&b, 8, m->result);
	store_bind_int(&b, 9, m->result == -1 ? m->error : 0);
	if (b.rc != SQLITE_OK) {
		errno = store_note_error(st, b.rc, "kill result");
		sqlite3_reset(st->kill_result);
		return -1;
	}
	return store_write(st, st->kill_result, "kill result", rows);
}

/* Bind pid and the filters shared by latest_sql and events_sql. */
static int
bind_filters(sqlite3_stmt *stmt, const struct store_pid_query *q)
{
	int rc;

	rc = sqlite3_bind_int64(stmt, 1, q->pid);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 5, q->signo);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 6, q->since);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 7, q->until);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 9, q->node,
		    (int)strnlen(q->node, sizeof q->node), SQLITE_TRANSIENT);
	return rc;
}

/*
 * Bind the process (boot id ?3, start time ?4) that events and others are
 * about, taken from the query or from the current row of latest.
 */
static int
bind_process(struct store *st, const struct store_pid_query *q,
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
int
store_find_by_pid(struct store *st, const struct store_pid_query *q,
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
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st->others, 9, q->node,
		    (int)strnlen(q->node, sizeof q->node), SQLITE_TRANSIENT);
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

int64_t
store_count(struct store *st)
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

int
store_latest_process(struct store *st, const struct store_pid_query *q,
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
