/*
 * Kills the kernel audit trail saw: stored once per audit event (and
 * target), and merged with the preload shim's report of the same signal
 * into one row.
 */
#include <errno.h>

#include <sqlite3.h>

#include "store.h"
#include "store_error.h"
#include "store_db.h"
#include "store_audit.h"
#include "store_kills.h"

#include "store_row.h"

/* The audit event columns follow the row's: ?53 sec, ?54 msec, ?55 serial. */
#define AUDIT_PARAM_SEC		(STORE_COL_COUNT + 1)
#define AUDIT_PARAM_MSEC	(STORE_COL_COUNT + 2)
#define AUDIT_PARAM_SERIAL	(STORE_COL_COUNT + 3)
#define MERGE_PARAM_ID		(STORE_COL_COUNT + 4)

static const char insert_sql[] =
	"INSERT INTO kills (" STORE_ROW_COLUMNS ", audit_sec, audit_msec,"
	" audit_serial) VALUES (" STORE_ROW_PARAMS ", ?53, ?54, ?55)"
	" ON CONFLICT DO NOTHING";

static const char has_sql[] =
	"SELECT 1 FROM kills WHERE boot_id = ?1 AND audit_serial = ?2"
	" AND audit_sec = ?3 AND audit_msec = ?4 AND node = ?5 LIMIT 1";

/* Every column anew; the audit event only when ?55 gives one. */
static const char merge_sql[] =
	"UPDATE kills SET (" STORE_ROW_COLUMNS ") = (" STORE_ROW_PARAMS "),"
	" audit_sec = coalesce(?53, audit_sec),"
	" audit_msec = coalesce(?54, audit_msec),"
	" audit_serial = coalesce(?55, audit_serial) WHERE id = ?56";

_Static_assert(STORE_COL_COUNT == 52, "store: audit parameters in SQL");

/*
 * Partners of a signal: boot ?1, killer pid ?2, signal ?3, time ?4 s ?5 ns
 * (rows within 3 s), seen by a source of ?6 and by none of ?7, not a
 * group member's row (64: WK_F_GROUP_MEMBER, the daemon's own copy of
 * the call's row for another process of the group).  Nearest in time
 * first.
 */
#define PARTNER_WHERE \
	" boot_id = ?1 AND node = ?9 AND killer_pid = ?2 AND signo = ?3" \
	" AND time_sec BETWEEN ?4 - 3 AND ?4 + 3" \
	" AND (sources & ?6) != 0 AND (sources & ?7) = 0" \
	" AND (flags & 64) = 0"

_Static_assert(WK_F_GROUP_MEMBER == 64, "store: member flag in SQL");
#define PARTNER_ORDER \
	" ORDER BY abs((time_sec - ?4) * 1000000000 + (time_nsec - ?5)), id" \
	" LIMIT 16"

/* ...whose target is ?8 or unknown (the index by target). */
static const char partners_by_target_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE target_pid IN (?8, 0)"
	" AND" PARTNER_WHERE PARTNER_ORDER;

/* ...of any target, for a signal whose own target is unknown. */
static const char partners_by_time_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE" PARTNER_WHERE
	PARTNER_ORDER;

_Static_assert(STORE_PARTNERS_MAX == 16, "store: partner limit in SQL");

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_audit_stmts[] = {
	STORE_STMT(audit_insert, insert_sql),
	STORE_STMT(audit_has, has_sql),
	STORE_STMT(partners_by_target, partners_by_target_sql),
	STORE_STMT(partners_by_time, partners_by_time_sql),
	STORE_STMT(merge, merge_sql),
	STORE_STMT_END
};

/* Bind the audit event (NULLs for none) after the row's columns. */
static int
bind_audit_id(sqlite3_stmt *stmt, const struct store_audit_id *aid)
{
	struct store_binder b = { stmt, SQLITE_OK };

	if (aid == NULL) {
		b.rc = sqlite3_bind_null(stmt, AUDIT_PARAM_SEC);
		if (b.rc == SQLITE_OK)
			b.rc = sqlite3_bind_null(stmt, AUDIT_PARAM_MSEC);
		if (b.rc == SQLITE_OK)
			b.rc = sqlite3_bind_null(stmt, AUDIT_PARAM_SERIAL);
		return b.rc;
	}
	store_bind_int(&b, AUDIT_PARAM_SEC, aid->sec);
	store_bind_int(&b, AUDIT_PARAM_MSEC, aid->msec);
	store_bind_int(&b, AUDIT_PARAM_SERIAL, (int64_t)aid->serial);
	return b.rc;
}

int
store_add_audit(struct store *st, const struct wk_event *ev,
    const struct store_audit_id *aid, int *added)
{
	int rc, changes = 0;

	*added = 0;
	if (st == NULL || ev == NULL || aid == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (store_bind_event(st, st->audit_insert, ev) == -1)
		return -1;
	rc = bind_audit_id(st->audit_insert, aid);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "audit insert");
		sqlite3_reset(st->audit_insert);
		return -1;
	}
	if (store_write(st, st->audit_insert, "audit insert", &changes) == -1)
		return -1;
	if (changes > 0) {
		st->pending++;
		*added = 1;
	}
	return 0;
}

int
store_has_audit(struct store *st, const char *boot_id, const char *node,
    const struct store_audit_id *aid)
{
	sqlite3_stmt *stmt = st->audit_has;
	struct store_binder b = { stmt, SQLITE_OK };
	int rc, found = 0, error = 0;

	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 2, (int64_t)aid->serial);
	store_bind_int(&b, 3, aid->sec);
	store_bind_int(&b, 4, aid->msec);
	store_bind_text(&b, 5, node, WK_NODE_MAX);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		found = 1;
	else if (rc != SQLITE_DONE)
		error = store_note_error(st, rc, "audit lookup");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}

int
store_find_partners(struct store *st, const struct wk_event *ev,
    uint32_t seen_by, uint32_t not_seen_by, store_event_cb cb, void *arg)
{
	const struct wk_kill_report *r = &ev->report;
	sqlite3_stmt *stmt = r->target.pid != 0 ? st->partners_by_target :
	    st->partners_by_time;
	struct store_binder b = { stmt, SQLITE_OK };
	struct wk_event row;
	int rc, n = 0, error = 0;

	store_bind_text(&b, 1, ev->boot_id, sizeof ev->boot_id);
	store_bind_int(&b, 2, r->caller.pid);
	store_bind_int(&b, 3, r->signo);
	store_bind_int(&b, 4, r->time.sec);
	store_bind_int(&b, 5, r->time.nsec);
	store_bind_int(&b, 6, seen_by);
	store_bind_int(&b, 7, not_seen_by);
	if (r->target.pid != 0)
		store_bind_int(&b, 8, r->target.pid);
	store_bind_text(&b, 9, ev->node, sizeof ev->node);
	rc = b.rc;
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		store_row_read(stmt, &row);
		n++;
		if (cb(&row, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		error = store_note_error(st, rc, "partner lookup");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return n;
}

int
store_merge(struct store *st, int64_t id, const struct wk_event *ev,
    const struct store_audit_id *aid)
{
	int rc, changes = 0;

	if (st == NULL || ev == NULL || id <= 0) {
		errno = EINVAL;
		return -1;
	}
	if (store_bind_event(st, st->merge, ev) == -1)
		return -1;
	rc = bind_audit_id(st->merge, aid);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st->merge, MERGE_PARAM_ID, id);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "merge");
		sqlite3_reset(st->merge);
		return -1;
	}
	if (store_write(st, st->merge, "merge", &changes) == -1) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
			errno = EEXIST;
		return -1;
	}
	if (changes == 0) {
		store_format_error(st->errmsg, sizeof st->errmsg,
		    "merge: no row %lld", (long long)id);
		errno = ENOENT;
		return -1;
	}
	return 0;
}
