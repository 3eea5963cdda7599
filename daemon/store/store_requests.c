/*
 * The requests table (schema version 14): one row per signal of PID 1
 * that was explained, keyed as the signal is (boot, time, target pid,
 * signal), holding the request frame as the daemon would send it.  A
 * frame that no longer decodes (written by another version) is as if
 * none was kept.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_db.h"
#include "store_error.h"
#include "store_requests.h"
#include "store_row.h"

const struct store_stmt_def store_requests_stmts[] = {
	STORE_STMT(request_put, "INSERT OR REPLACE INTO requests (boot_id,"
	    " time_sec, time_nsec, target_pid, signo, frame)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
	STORE_STMT(request_find, "SELECT frame FROM requests WHERE"
	    " boot_id = ?1 AND time_sec = ?2 AND time_nsec = ?3"
	    " AND target_pid = ?4 AND signo = ?5"),
	STORE_STMT_END
};

int
store_request_put(struct store *st, const struct store_request *r)
{
	struct store_binder b = { st->request_put, SQLITE_OK };
	size_t size = wk_request_size(&r->req);

	store_bind_text(&b, 1, r->boot_id, sizeof r->boot_id);
	store_bind_int(&b, 2, r->time.sec);
	store_bind_int(&b, 3, r->time.nsec);
	store_bind_int(&b, 4, r->target_pid);
	store_bind_int(&b, 5, r->signo);
	if (b.rc == SQLITE_OK)
		b.rc = sqlite3_bind_blob(b.stmt, 6, &r->req, (int)size,
		    SQLITE_TRANSIENT);
	if (b.rc != SQLITE_OK) {
		errno = store_note_error(st, b.rc, "request");
		sqlite3_reset(b.stmt);
		return -1;
	}
	if (store_write(st, b.stmt, "request", NULL) == -1)
		return -1;
	st->pending++;
	return 0;
}

int
store_request_find(struct store *st, const struct wk_event *ev,
    struct wk_request *out)
{
	struct store_binder b = { st->request_find, SQLITE_OK };
	const struct wk_kill_report *r = &ev->report;
	const char *why;
	const void *blob;
	int rc, n, found = 0;

	store_bind_text(&b, 1, ev->boot_id, sizeof ev->boot_id);
	store_bind_int(&b, 2, r->time.sec);
	store_bind_int(&b, 3, r->time.nsec);
	store_bind_int(&b, 4, r->target.pid);
	store_bind_int(&b, 5, r->signo);
	rc = b.rc;
	if (rc == SQLITE_OK && (rc = sqlite3_step(b.stmt)) == SQLITE_ROW) {
		blob = sqlite3_column_blob(b.stmt, 0);
		n = sqlite3_column_bytes(b.stmt, 0);
		found = blob != NULL && n > 0 &&
		    wk_decode_request(blob, (size_t)n, out, &why) == 0;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(b.stmt);
	if (rc != SQLITE_DONE) {
		errno = store_note_error(st, rc, "request");
		return -1;
	}
	if (!found)
		return 0;
	out->event = ev->id;
	return 1;
}
