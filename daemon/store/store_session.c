/*
 * Login sessions in the store: their opens and closes as the PAM module
 * reports them, and the join of a kill to the session it belongs to.
 *
 * A kill belongs to:
 *   (a) when the killer has an audit login uid and session id, the session
 *       of this boot with both the same, open at the time of the kill
 *       (opened before it, not closed before it).  Sessions nested in it
 *       (su, sudo: they keep the login's ids) share the ids, so the first
 *       one opened -- the login that started the audit session -- is the
 *       person's; a session named by the module's own id is left out,
 *       since its audit ids are not its own;
 *   (b) else the session whose login process (pid and start time) is in
 *       the kill's chain, the killer itself or an ancestor, open at the
 *       time of the kill; the nearest to the killer wins.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_error.h"
#include "store_db.h"
#include "store_session.h"

#include "store_row.h"

static const char insert_sql[] =
	"INSERT INTO sessions (boot_id, pid, start_time, uid, loginuid,"
	" sessionid, own_id, flags, user, service, tty, rhost, ruser,"
	" opened_sec, opened_nsec, closed_sec, closed_nsec)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17)";

/* The close time ?1 ?2 goes to the newest open session matching... */
#define CLOSE_NEWEST(where) \
	"UPDATE sessions SET closed_sec = ?1, closed_nsec = ?2 WHERE id =" \
	" (SELECT id FROM sessions WHERE closed_sec = 0 AND " where \
	" ORDER BY id DESC LIMIT 1)"

/* ...the same process: boot id ?3, pid ?4, start time ?5; */
static const char close_process_sql[] =
	CLOSE_NEWEST("boot_id = ?3 AND pid = ?4 AND start_time = ?5");

/* ...the same own id ?4 on boot ?3; */
static const char close_own_sql[] =
	CLOSE_NEWEST("boot_id = ?3 AND own_id = ?4");

/* ...the same audit login uid ?4 and session ?5 on boot ?3. */
static const char close_audit_sql[] =
	CLOSE_NEWEST("boot_id = ?3 AND loginuid = ?4 AND sessionid = ?5"
	    " AND (flags & 8) = 0");

/* Open at the kill's time ?k: opened at or before it, not closed before. */
#define OPEN_AT(k1, k2) \
	" (opened_sec, opened_nsec) <= (" k1 ", " k2 ")" \
	" AND (closed_sec = 0 OR (closed_sec, closed_nsec) >= (" k1 ", " k2 "))"

/* Join (a): boot ?1, login uid ?2, session ?3, kill time ?4 ?5. */
static const char join_audit_sql[] =
	"SELECT id FROM sessions WHERE boot_id = ?1 AND loginuid = ?2"
	" AND sessionid = ?3 AND (flags & 8) = 0 AND" OPEN_AT("?4", "?5")
	" ORDER BY opened_sec, opened_nsec, id LIMIT 1";

/* Join (b): boot ?1, the chain's pids ?2..?17, kill time ?18 ?19. */
static const char join_chain_sql[] =
	"SELECT id, pid, start_time FROM sessions WHERE boot_id = ?1"
	" AND pid IN (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17) AND" OPEN_AT("?18", "?19");

#define JOIN_CHAIN_FIRST_PID	2
#define JOIN_CHAIN_TIME		(JOIN_CHAIN_FIRST_PID + WK_CHAIN_MAX)

static const char by_id_sql[] =
	"SELECT pid, start_time, uid, loginuid, sessionid, own_id, flags,"
	" user, service, tty, rhost, ruser, opened_sec, opened_nsec,"
	" closed_sec, closed_nsec FROM sessions WHERE id = ?1";

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_session_stmts[] = {
	STORE_STMT(session_insert, insert_sql),
	STORE_STMT(session_close_process, close_process_sql),
	STORE_STMT(session_close_own, close_own_sql),
	STORE_STMT(session_close_audit, close_audit_sql),
	STORE_STMT(session_join_audit, join_audit_sql),
	STORE_STMT(session_join_chain, join_chain_sql),
	STORE_STMT(session_by_id, by_id_sql),
	STORE_STMT_END
};

/* Bind a new row of r: opened at r->time, or (closing) only closed then. */
static int
bind_session(sqlite3_stmt *stmt, const char *boot_id,
    const struct wk_session_report *r, int closing)
{
	struct store_binder b = { stmt, SQLITE_OK };

	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 2, r->pid);
	store_bind_int(&b, 3, (int64_t)r->start_time);
	store_bind_int(&b, 4, r->uid);
	store_bind_int(&b, 5, r->loginuid);
	store_bind_int(&b, 6, r->sessionid);
	store_bind_int(&b, 7, (int64_t)r->own_id);
	store_bind_int(&b, 8, r->flags & WK_SF_ALL);
	store_bind_text(&b, 9, r->user, sizeof r->user);
	store_bind_text(&b, 10, r->service, sizeof r->service);
	store_bind_text(&b, 11, r->tty, sizeof r->tty);
	store_bind_text(&b, 12, r->rhost, sizeof r->rhost);
	store_bind_text(&b, 13, r->ruser, sizeof r->ruser);
	store_bind_int(&b, 14, closing ? 0 : r->time.sec);
	store_bind_int(&b, 15, closing ? 0 : r->time.nsec);
	store_bind_int(&b, 16, closing ? r->time.sec : 0);
	store_bind_int(&b, 17, closing ? r->time.nsec : 0);
	return b.rc;
}

/* Insert a row for r; 0 or -1 with errno. */
static int
insert_session(struct store *st, const char *boot_id,
    const struct wk_session_report *r, int closing)
{
	int rc;

	rc = bind_session(st->session_insert, boot_id, r, closing);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "session insert");
		sqlite3_reset(st->session_insert);
		return -1;
	}
	return store_write(st, st->session_insert, "session insert", NULL);
}

int
store_session_open(struct store *st, const char *boot_id,
    const struct wk_session_report *r)
{
	if (st == NULL || boot_id == NULL || r == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (insert_session(st, boot_id, r, 0) == -1)
		return -1;
	st->pending++;
	return 0;
}

/*
 * Run one of the close UPDATEs: close time ?1 ?2, boot ?3, then keys ?4
 * and ?5 (k5_used: whether the statement has ?5).  *closed says whether a
 * row changed.  0 or -1.
 */
static int
close_matching(struct store *st, sqlite3_stmt *stmt,
    const char *boot_id, const struct wk_session_report *r, int64_t k4,
    int64_t k5, int k5_used, int *closed)
{
	struct store_binder b = { stmt, SQLITE_OK };
	int changes = 0;

	store_bind_int(&b, 1, r->time.sec);
	store_bind_int(&b, 2, r->time.nsec);
	store_bind_text(&b, 3, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 4, k4);
	if (k5_used)
		store_bind_int(&b, 5, k5);
	if (b.rc != SQLITE_OK) {
		errno = store_note_error(st, b.rc, "session close");
		sqlite3_reset(stmt);
		return -1;
	}
	if (store_write(st, stmt, "session close", &changes) == -1)
		return -1;
	*closed = changes > 0;
	return 0;
}

int
store_session_close(struct store *st, const char *boot_id,
    const struct wk_session_report *r)
{
	int closed = 0;

	if (st == NULL || boot_id == NULL || r == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (close_matching(st, st->session_close_process, boot_id, r, r->pid,
	    (int64_t)r->start_time, 1, &closed) == -1)
		return -1;
	if (!closed && (r->flags & WK_SF_OWN_ID) && r->own_id != 0 &&
	    close_matching(st, st->session_close_own, boot_id, r,
	    (int64_t)r->own_id, 0, 0, &closed) == -1)
		return -1;
	if (!closed && !(r->flags & WK_SF_OWN_ID) &&
	    r->loginuid != WK_ID_UNSET && r->sessionid != WK_ID_UNSET &&
	    close_matching(st, st->session_close_audit, boot_id, r,
	    r->loginuid, r->sessionid, 1, &closed) == -1)
		return -1;
	if (!closed && insert_session(st, boot_id, r, 1) == -1)
		return -1;
	st->pending++;
	return 0;
}

/*
 * End a SELECT whose last step returned rc (SQLITE_DONE: all went well):
 * reset it and drop its bindings.  0, or -1 with errno and errmsg.
 */
static int
finish_select(struct store *st, sqlite3_stmt *stmt, int rc,
    const char *what)
{
	int error = rc == SQLITE_DONE ? 0 : store_note_error(st, rc, what);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error == 0)
		return 0;
	errno = error;
	return -1;
}

/* Join (a); *id 0 when none.  0 or -1. */
static int
join_audit(struct store *st, const struct wk_event *ev,
    int64_t *id)
{
	const struct wk_kill_report *r = &ev->report;
	sqlite3_stmt *stmt = st->session_join_audit;
	struct store_binder b = { stmt, SQLITE_OK };
	int rc;

	store_bind_text(&b, 1, ev->boot_id, sizeof ev->boot_id);
	store_bind_int(&b, 2, r->caller.loginuid);
	store_bind_int(&b, 3, r->caller.sessionid);
	store_bind_int(&b, 4, r->time.sec);
	store_bind_int(&b, 5, r->time.nsec);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_DONE;
	}
	return finish_select(st, stmt, rc, "session join");
}

/* Join (b); *id 0 when none.  0 or -1. */
static int
join_chain(struct store *st, const struct wk_event *ev,
    int64_t *id)
{
	sqlite3_stmt *stmt = st->session_join_chain;
	struct store_binder b = { stmt, SQLITE_OK };
	uint32_t i, n = ev->chain_len;
	int64_t row;
	int32_t pid;
	uint64_t start;
	int rc, best = -1;

	store_bind_text(&b, 1, ev->boot_id, sizeof ev->boot_id);
	for (i = 0; i < WK_CHAIN_MAX; i++)
		store_bind_int(&b, JOIN_CHAIN_FIRST_PID + (int)i,
		    i < n ? ev->chain[i].pid : 0);
	store_bind_int(&b, JOIN_CHAIN_TIME, ev->report.time.sec);
	store_bind_int(&b, JOIN_CHAIN_TIME + 1, ev->report.time.nsec);
	rc = b.rc;
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		row = sqlite3_column_int64(stmt, 0);
		pid = (int32_t)sqlite3_column_int64(stmt, 1);
		start = (uint64_t)sqlite3_column_int64(stmt, 2);
		/* The entry nearest the killer; a later row of it wins. */
		for (i = n; i-- > 0;) {
			if (ev->chain[i].pid != pid ||
			    ev->chain[i].start_time != start)
				continue;
			if ((int)i > best || ((int)i == best && row > *id)) {
				best = (int)i;
				*id = row;
			}
			break;
		}
		rc = SQLITE_OK;
	}
	return finish_select(st, stmt, rc, "session join");
}

int
store_session_join(struct store *st, const struct wk_event *ev,
    int64_t *id)
{
	const struct wk_caller *c = &ev->report.caller;

	*id = 0;
	if (c->loginuid != WK_ID_UNSET && c->sessionid != WK_ID_UNSET &&
	    join_audit(st, ev, id) == -1)
		return -1;
	if (*id == 0 && ev->chain_len > 0 && join_chain(st, ev, id) == -1)
		return -1;
	return 0;
}

int
store_session_of(struct store *st, const struct wk_event *ev,
    struct wk_session_info *out)
{
	int64_t id = 0;

	memset(out, 0, sizeof *out);
	if (store_session_join(st, ev, &id) == -1)
		return -1;
	return id > 0 ? store_session_read(st, id, out) : 0;
}

int
store_session_read(struct store *st, int64_t id,
    struct wk_session_info *out)
{
	sqlite3_stmt *stmt = st->session_by_id;
	int rc;

	memset(out, 0, sizeof *out);
	rc = sqlite3_bind_int64(stmt, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->pid = (int32_t)sqlite3_column_int64(stmt, 0);
		out->start_time = (uint64_t)sqlite3_column_int64(stmt, 1);
		out->uid = (uint32_t)sqlite3_column_int64(stmt, 2);
		out->loginuid = (uint32_t)sqlite3_column_int64(stmt, 3);
		out->sessionid = (uint32_t)sqlite3_column_int64(stmt, 4);
		out->own_id = (uint64_t)sqlite3_column_int64(stmt, 5);
		out->flags = ((uint32_t)sqlite3_column_int64(stmt, 6) &
		    WK_SF_ALL) | WK_SI_KNOWN;
		store_read_text(stmt, 7, out->user, sizeof out->user);
		store_read_text(stmt, 8, out->service, sizeof out->service);
		store_read_text(stmt, 9, out->tty, sizeof out->tty);
		store_read_text(stmt, 10, out->rhost, sizeof out->rhost);
		store_read_text(stmt, 11, out->ruser, sizeof out->ruser);
		out->opened.sec = sqlite3_column_int64(stmt, 12);
		out->opened.nsec = sqlite3_column_int64(stmt, 13);
		out->closed.sec = sqlite3_column_int64(stmt, 14);
		out->closed.nsec = sqlite3_column_int64(stmt, 15);
		if (out->closed.sec != 0)
			out->flags |= WK_SI_CLOSED;
		rc = SQLITE_DONE;
	}
	return finish_select(st, stmt, rc, "session read");
}
