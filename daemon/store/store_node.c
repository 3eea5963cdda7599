/*
 * The rows of an audit hub's nodes: a node's kernel event and its
 * whokilled record of the same signal meet in one row, in either order.
 */
#include <errno.h>

#include <sqlite3.h>

#include "store.h"
#include "store_db.h"
#include "store_error.h"
#include "store_node.h"
#include "store_row.h"
#include "store_session.h"

/*
 * ?1 node, ?2 killer pid, ?3 signal, ?4 s ?5 ns, ?6 the part the row
 * lacks (1: a kernel event, which gives a row its audit serial; 2: the
 * node's record, which sets source 8), ?7 target pid.
 */
#define PARTNER_WHERE \
	" node = ?1 AND node != '' AND killer_pid = ?2 AND signo = ?3" \
	" AND time_sec BETWEEN ?4 - 3 AND ?4 + 3" \
	" AND (flags & 64) = 0" \
	" AND CASE ?6 WHEN 1 THEN audit_serial IS NULL" \
	" ELSE (sources & 8) = 0 END" \
	" ORDER BY abs((time_sec - ?4) * 1000000000 + (time_nsec - ?5)), id" \
	" LIMIT 1"

/* With the target known: through the index by target (all nodes' rows of
 * a time range would be read otherwise). */
static const char partner_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills"
	" WHERE target_pid IN (?7, 0) AND" PARTNER_WHERE;

/* A signal whose target is unknown: any target, by time. */
static const char partner_any_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE" PARTNER_WHERE;

_Static_assert(WK_SRC_NODE == 8, "store: node source in SQL");
_Static_assert(STORE_NODE_KERNEL == 1 && STORE_NODE_RECORD == 2,
    "store: node parts in SQL");

static const char record_sql[] =
	"INSERT INTO node_records (node, serial, sec, msec)"
	" VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";

/*
 * This host's row of a signal as stored (merged, its session joined):
 * boot ?1, killer pid ?2, signal ?3, target ?4, time ?5 s ?6 ns, a group
 * member's copy or not as ?7.
 */
static const char signal_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills"
	" WHERE target_pid = ?4 AND node = '' AND boot_id = ?1"
	" AND killer_pid = ?2 AND signo = ?3"
	" AND time_sec BETWEEN ?5 - 3 AND ?5 + 3 AND (flags & 64) = ?7"
	" ORDER BY abs((time_sec - ?5) * 1000000000 + (time_nsec - ?6)), id"
	" LIMIT 1";

const struct store_stmt_def store_node_stmts[] = {
	STORE_STMT(node_partners, partner_sql),
	STORE_STMT(node_partners_any, partner_any_sql),
	STORE_STMT(node_signal, signal_sql),
	STORE_STMT(node_record_seen, record_sql),
	STORE_STMT_END
};

int
store_find_node_partner(struct store *st, const struct wk_event *ev,
    enum store_node_part lacking, struct wk_event *row)
{
	const struct wk_kill_report *r = &ev->report;
	sqlite3_stmt *stmt = r->target.pid != 0 ? st->node_partners :
	    st->node_partners_any;
	struct store_binder b = { stmt, SQLITE_OK };
	int rc, found = 0, error = 0;

	store_bind_text(&b, 1, ev->node, sizeof ev->node);
	store_bind_int(&b, 2, r->caller.pid);
	store_bind_int(&b, 3, r->signo);
	store_bind_int(&b, 4, r->time.sec);
	store_bind_int(&b, 5, r->time.nsec);
	store_bind_int(&b, 6, lacking);
	if (r->target.pid != 0)
		store_bind_int(&b, 7, r->target.pid);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_row_read(stmt, row);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, "node partner lookup");
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
store_node_record_new(struct store *st, const char *node,
    const struct store_audit_id *aid)
{
	sqlite3_stmt *stmt = st->node_record_seen;
	struct store_binder b = { stmt, SQLITE_OK };
	int changes = 0;

	store_bind_text(&b, 1, node, WK_NODE_MAX);
	store_bind_int(&b, 2, (int64_t)aid->serial);
	store_bind_int(&b, 3, aid->sec);
	store_bind_int(&b, 4, aid->msec);
	if (b.rc != SQLITE_OK) {
		errno = store_note_error(st, b.rc, "node record");
		sqlite3_reset(stmt);
		return -1;
	}
	if (store_write(st, stmt, "node record", &changes) == -1) {
		sqlite3_clear_bindings(stmt);
		return -1;
	}
	sqlite3_clear_bindings(stmt);
	return changes > 0;
}

int
store_find_signal(struct store *st, const struct wk_event *ev,
    struct wk_event *row)
{
	const struct wk_kill_report *r = &ev->report;
	sqlite3_stmt *stmt = st->node_signal;
	struct store_binder b = { stmt, SQLITE_OK };
	int64_t session;
	int rc, found = 0, error = 0;

	store_bind_text(&b, 1, ev->boot_id, sizeof ev->boot_id);
	store_bind_int(&b, 2, r->caller.pid);
	store_bind_int(&b, 3, r->signo);
	store_bind_int(&b, 4, r->target.pid);
	store_bind_int(&b, 5, r->time.sec);
	store_bind_int(&b, 6, r->time.nsec);
	store_bind_int(&b, 7, r->flags & WK_F_GROUP_MEMBER);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_row_read(stmt, row);
		session = store_row_session_id(stmt);
		found = 1;
		if (session > 0 &&
		    store_session_read(st, session, &row->session) == -1)
			error = errno;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, "signal lookup");
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}
