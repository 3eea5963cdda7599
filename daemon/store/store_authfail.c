/*
 * Failed authentications in the store: one row each, read back in groups
 * of failures alike in account, service, remote host and program.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_error.h"
#include "store_db.h"
#include "store_authfail.h"

#include "store_row.h"

#define AUTHFAIL_DEFAULT_LIMIT	1000
#define NSEC_PER_SEC		1000000000

/* Same order as enum authfail_col; parameter col + 1. */
#define AUTHFAIL_COLUMNS \
	"boot_id, time_sec, time_nsec, flags, dropped, " \
	"user, service, tty, rhost, ruser, " \
	"caller_pid, caller_ppid, caller_tid, caller_start_time, " \
	"caller_uid, caller_euid, caller_suid, " \
	"caller_gid, caller_egid, caller_sgid, " \
	"caller_loginuid, caller_sessionid, caller_sid, caller_pgid, " \
	"caller_tty_nr, caller_comm, caller_exe, caller_argc, caller_argv, " \
	"chain, caller_argv_cut_head, caller_argv_cut_flags, " \
	"caller_argv_cut_args, caller_argv_cut_bytes"

enum authfail_col {
	AF_BOOT_ID,
	AF_TIME_SEC,
	AF_TIME_NSEC,
	AF_FLAGS,
	AF_DROPPED,
	AF_USER,
	AF_SERVICE,
	AF_TTY,
	AF_RHOST,
	AF_RUSER,
	AF_PID,
	AF_PPID,
	AF_TID,
	AF_START_TIME,
	AF_UID,
	AF_EUID,
	AF_SUID,
	AF_GID,
	AF_EGID,
	AF_SGID,
	AF_LOGINUID,
	AF_SESSIONID,
	AF_SID,
	AF_PGID,
	AF_TTY_NR,
	AF_COMM,
	AF_EXE,
	AF_ARGC,
	AF_ARGV,
	AF_CHAIN,
	AF_ARGV_CUT_HEAD,	/* wk_argv_cut (v8) */
	AF_ARGV_CUT_FLAGS,
	AF_ARGV_CUT_ARGS,
	AF_ARGV_CUT_BYTES,
	AF_COUNT
};

static const char insert_sql[] =
	"INSERT INTO authfails (" AUTHFAIL_COLUMNS ") VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	" ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31,"
	" ?32, ?33, ?34)";

/*
 * The failures matching account ?1 (or any for ''), ?2 <= time_sec <= ?3
 * (0: no bound) and, when ?4, by a program of real uid ?5 or for the
 * account ?6 (when not ''); grouped, each group's count, first and last
 * time (nanoseconds since the epoch) and its newest row, newest group
 * first, at most ?7.
 */
static const char groups_sql[] =
	"WITH f AS (SELECT *, time_sec * 1000000000 + time_nsec AS t"
	" FROM authfails WHERE (?1 = '' OR user = ?1)"
	" AND (?2 = 0 OR time_sec >= ?2) AND (?3 = 0 OR time_sec <= ?3)"
	" AND (NOT ?4 OR caller_uid = ?5 OR (?6 != '' AND user = ?6))),"
	" g AS (SELECT *, count(*) OVER w AS n, min(t) OVER w AS first_t,"
	" max(t) OVER w AS last_t,"
	" row_number() OVER (w ORDER BY t DESC, id DESC) AS newest"
	" FROM f WINDOW w AS (PARTITION BY user, service, rhost, caller_uid,"
	" caller_exe, caller_argv))"
	" SELECT n, first_t, last_t, id, " AUTHFAIL_COLUMNS " FROM g"
	" WHERE newest = 1 ORDER BY last_t DESC, id DESC LIMIT ?7";

/* Result columns of groups_sql before the AUTHFAIL_COLUMNS. */
enum { G_COUNT, G_FIRST, G_LAST, G_ID, G_ROW };

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_authfail_stmts[] = {
	STORE_STMT(authfail_insert, insert_sql),
	STORE_STMT(authfail_groups, groups_sql),
	STORE_STMT_END
};

static void
bind_int(struct store_binder *b, enum authfail_col col,
    int64_t v)
{
	store_bind_int(b, (int)col + 1, v);
}

static void
bind_text(struct store_binder *b, enum authfail_col col,
    const char *field, size_t size)
{
	store_bind_text(b, (int)col + 1, field, size);
}

/* Every column of ev to the INSERT; an SQLite code. */
static int
bind_authfail(sqlite3_stmt *stmt, const struct wk_authfail_event *ev)
{
	const struct wk_authfail_report *r = &ev->report;
	const struct wk_caller *c = &r->caller;
	struct store_binder b = { stmt, SQLITE_OK };

	bind_text(&b, AF_BOOT_ID, ev->boot_id, sizeof ev->boot_id);
	bind_int(&b, AF_TIME_SEC, r->time.sec);
	bind_int(&b, AF_TIME_NSEC, r->time.nsec);
	bind_int(&b, AF_FLAGS, r->flags);
	bind_int(&b, AF_DROPPED, r->hdr.dropped);
	bind_text(&b, AF_USER, r->user, sizeof r->user);
	bind_text(&b, AF_SERVICE, r->service, sizeof r->service);
	bind_text(&b, AF_TTY, r->tty, sizeof r->tty);
	bind_text(&b, AF_RHOST, r->rhost, sizeof r->rhost);
	bind_text(&b, AF_RUSER, r->ruser, sizeof r->ruser);
	bind_int(&b, AF_PID, c->pid);
	bind_int(&b, AF_PPID, c->ppid);
	bind_int(&b, AF_TID, c->tid);
	bind_int(&b, AF_START_TIME, (int64_t)c->start_time);
	bind_int(&b, AF_UID, c->uid);
	bind_int(&b, AF_EUID, c->euid);
	bind_int(&b, AF_SUID, c->suid);
	bind_int(&b, AF_GID, c->gid);
	bind_int(&b, AF_EGID, c->egid);
	bind_int(&b, AF_SGID, c->sgid);
	bind_int(&b, AF_LOGINUID, c->loginuid);
	bind_int(&b, AF_SESSIONID, c->sessionid);
	bind_int(&b, AF_SID, c->sid);
	bind_int(&b, AF_PGID, c->pgid);
	bind_int(&b, AF_TTY_NR, c->tty_nr);
	bind_text(&b, AF_COMM, c->comm, sizeof c->comm);
	bind_text(&b, AF_EXE, c->exe, sizeof c->exe);
	bind_int(&b, AF_ARGC, c->argc);
	store_bind_blob(&b, AF_ARGV + 1, ev->argv, c->argv_len);
	store_bind_chain(&b, AF_CHAIN + 1, ev->chain, ev->chain_len);
	store_bind_argv_cut(&b, AF_ARGV_CUT_HEAD + 1, c);
	return b.rc;
}

int
store_add_authfail(struct store *st, const struct wk_authfail_event *ev)
{
	int rc;

	if (st == NULL || ev == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (ev->chain_len > WK_CHAIN_MAX ||
	    ev->report.caller.argv_len > WK_ARGV_MAX) {
		store_format_error(st->errmsg, sizeof st->errmsg,
		    "authfail insert: chain_len %u or argv_len %u out of"
		    " bounds", ev->chain_len, ev->report.caller.argv_len);
		errno = EINVAL;
		return -1;
	}
	rc = bind_authfail(st->authfail_insert, ev);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "authfail insert");
		sqlite3_reset(st->authfail_insert);
		return -1;
	}
	if (store_write(st, st->authfail_insert, "authfail insert",
	    NULL) == -1)
		return -1;
	st->pending++;
	return 0;
}

static int64_t
column(sqlite3_stmt *stmt, enum authfail_col col)
{
	return sqlite3_column_int64(stmt, G_ROW + (int)col);
}

static void
read_text(sqlite3_stmt *stmt, enum authfail_col col, char *field,
    size_t size)
{
	store_read_text(stmt, G_ROW + (int)col, field, size);
}

/* Nanoseconds since the epoch into a wk_time, nsec within its range. */
static void
split_time(int64_t t, struct wk_time *out)
{
	out->sec = t / NSEC_PER_SEC;
	out->nsec = t % NSEC_PER_SEC;
	if (out->nsec < 0) {
		out->nsec += NSEC_PER_SEC;
		out->sec--;
	}
}

/*
 * Rebuild the group of the current row.  A row edited by hand is bounded
 * as a kill's is (strings cut, chain left out unless whole), and its
 * nanoseconds and flags are brought in range so the frame decodes.
 */
static void
read_group(sqlite3_stmt *stmt, struct wk_authfail_event *ev)
{
	struct wk_authfail_report *r = &ev->report;
	struct wk_caller *c = &r->caller;

	memset(ev, 0, WK_AUTHFAIL_EVENT_FIXED);
	wk_reply_init(&ev->hdr, WK_R_AUTHFAIL, sizeof *ev);
	wk_authfail_init(r);
	ev->count = (uint32_t)sqlite3_column_int64(stmt, G_COUNT);
	split_time(sqlite3_column_int64(stmt, G_FIRST), &ev->first);
	split_time(sqlite3_column_int64(stmt, G_LAST), &ev->last);
	ev->id = sqlite3_column_int64(stmt, G_ID);
	read_text(stmt, AF_BOOT_ID, ev->boot_id, sizeof ev->boot_id);

	r->time.sec = column(stmt, AF_TIME_SEC);
	r->time.nsec = column(stmt, AF_TIME_NSEC);
	if (r->time.nsec < 0 || r->time.nsec >= NSEC_PER_SEC)
		r->time.nsec = 0;
	r->flags = (uint32_t)column(stmt, AF_FLAGS) & WK_SF_TRUNCATED;
	r->hdr.dropped = (uint32_t)column(stmt, AF_DROPPED);
	read_text(stmt, AF_USER, r->user, sizeof r->user);
	read_text(stmt, AF_SERVICE, r->service, sizeof r->service);
	read_text(stmt, AF_TTY, r->tty, sizeof r->tty);
	read_text(stmt, AF_RHOST, r->rhost, sizeof r->rhost);
	read_text(stmt, AF_RUSER, r->ruser, sizeof r->ruser);

	c->pid = (int32_t)column(stmt, AF_PID);
	c->ppid = (int32_t)column(stmt, AF_PPID);
	c->tid = (int32_t)column(stmt, AF_TID);
	c->start_time = (uint64_t)column(stmt, AF_START_TIME);
	c->uid = (uint32_t)column(stmt, AF_UID);
	c->euid = (uint32_t)column(stmt, AF_EUID);
	c->suid = (uint32_t)column(stmt, AF_SUID);
	c->gid = (uint32_t)column(stmt, AF_GID);
	c->egid = (uint32_t)column(stmt, AF_EGID);
	c->sgid = (uint32_t)column(stmt, AF_SGID);
	c->loginuid = (uint32_t)column(stmt, AF_LOGINUID);
	c->sessionid = (uint32_t)column(stmt, AF_SESSIONID);
	c->sid = (int32_t)column(stmt, AF_SID);
	c->pgid = (int32_t)column(stmt, AF_PGID);
	c->tty_nr = (int32_t)column(stmt, AF_TTY_NR);
	read_text(stmt, AF_COMM, c->comm, sizeof c->comm);
	read_text(stmt, AF_EXE, c->exe, sizeof c->exe);
	c->argc = (uint32_t)column(stmt, AF_ARGC);
	store_read_argv(stmt, G_ROW + AF_ARGV, c, ev->argv);
	store_read_argv_cut(stmt, G_ROW + AF_ARGV_CUT_HEAD, c,
	    WK_F_ARGV_TRUNCATED, ev->argv);
	ev->chain_len = store_read_chain(stmt, G_ROW + AF_CHAIN, ev->chain);
}

/* The query's parameters; an SQLite code. */
static int
bind_query(sqlite3_stmt *stmt, const struct store_authfail_query *q)
{
	struct store_binder b = { stmt, SQLITE_OK };

	store_bind_text(&b, 1, q->user, sizeof q->user);
	store_bind_int(&b, 2, q->since);
	store_bind_int(&b, 3, q->until);
	store_bind_int(&b, 4, q->restricted != 0);
	store_bind_int(&b, 5, q->viewer_uid);
	store_bind_text(&b, 6, q->viewer_name, sizeof q->viewer_name);
	store_bind_int(&b, 7, q->limit != 0 ? q->limit :
	    AUTHFAIL_DEFAULT_LIMIT);
	return b.rc;
}

int
store_find_failed_logins(struct store *st,
    const struct store_authfail_query *q, store_authfail_cb cb, void *arg)
{
	sqlite3_stmt *stmt;
	struct wk_authfail_event ev;
	int rc, n = 0, error = 0;

	if (st == NULL || q == NULL || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	stmt = st->authfail_groups;
	rc = bind_query(stmt, q);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_group(stmt, &ev);
		n++;
		rc = cb(&ev, arg) != 0 ? SQLITE_DONE : SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		error = store_note_error(st, rc, "failed logins query");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error == 0)
		return n;
	errno = error;
	return -1;
}
