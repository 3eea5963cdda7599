/*
 * Retention's view of the store: its size, the time of each kind's oldest
 * row, and the deletion of the oldest rows, a small batch at a time.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_db.h"
#include "store_prune.h"

/*
 * A row's time, per kind.  The session and death expressions are those
 * of their indexes (schema version 8), to the letter.
 */
#define KILL_TIME	"time_sec"
#define SESSION_TIME	"(CASE WHEN closed_sec != 0 THEN closed_sec" \
			" ELSE opened_sec END)"
#define AUTHFAIL_TIME	"time_sec"
#define DEATH_TIME	"coalesce(exit_sec, oom_sec)"

/* The oldest row's time; NULL (a death with no time) is never chosen. */
#define OLDEST(table, expr) \
	"SELECT " expr " FROM " table " WHERE " expr " IS NOT NULL" \
	" ORDER BY " expr " LIMIT 1"

/* Up to ?2 of the oldest rows older than ?1. */
#define PRUNE(table, expr) \
	"DELETE FROM " table " WHERE id IN (SELECT id FROM " table \
	" WHERE " expr " < ?1 ORDER BY " expr " LIMIT ?2)"

#define SLOT(member, kind, sql) \
	{ (sql), offsetof(struct store, member[kind]) }

const struct store_stmt_def store_prune_stmts[] = {
	SLOT(prune_oldest, STORE_KIND_KILLS, OLDEST("kills", KILL_TIME)),
	SLOT(prune_oldest, STORE_KIND_SESSIONS,
	    OLDEST("sessions", SESSION_TIME)),
	SLOT(prune_oldest, STORE_KIND_AUTHFAILS,
	    OLDEST("authfails", AUTHFAIL_TIME)),
	SLOT(prune_oldest, STORE_KIND_DEATHS, OLDEST("deaths", DEATH_TIME)),
	SLOT(prune_delete, STORE_KIND_KILLS, PRUNE("kills", KILL_TIME)),
	SLOT(prune_delete, STORE_KIND_SESSIONS,
	    PRUNE("sessions", SESSION_TIME)),
	SLOT(prune_delete, STORE_KIND_AUTHFAILS,
	    PRUNE("authfails", AUTHFAIL_TIME)),
	SLOT(prune_delete, STORE_KIND_DEATHS, PRUNE("deaths", DEATH_TIME)),
	/* An audit hub's nodes' records already read (store_node.c): the
	 * kills of their time are gone, so is the memory of them. */
	STORE_STMT(prune_node_records, "DELETE FROM node_records WHERE"
	    " (node, serial, sec, msec) IN (SELECT node, serial, sec, msec"
	    " FROM node_records WHERE sec < ?1 ORDER BY sec LIMIT ?2)"),
	/* Who asked systemd for the signals of that time (store_requests.c). */
	STORE_STMT(prune_requests, "DELETE FROM requests WHERE"
	    " (boot_id, time_sec, time_nsec, target_pid, signo) IN"
	    " (SELECT boot_id, time_sec, time_nsec, target_pid, signo"
	    " FROM requests WHERE time_sec < ?1 ORDER BY time_sec LIMIT ?2)"),
	STORE_STMT(page_count, "PRAGMA page_count"),
	STORE_STMT(freelist_count, "PRAGMA freelist_count"),
	STORE_STMT(page_size, "PRAGMA page_size"),
	STORE_STMT_END
};

const char *
store_kind_name(enum store_kind kind)
{
	static const char *const names[STORE_KINDS] = {
		"signals", "sessions", "failed logins", "ends of processes",
	};

	return (unsigned)kind < STORE_KINDS ? names[kind] : "rows";
}

/* A statement's one integer (*out 0 when it gives no row): 0 or -1. */
static int
one_int(struct store *st, sqlite3_stmt *stmt, const char *what,
    int64_t *out)
{
	int rc, error = 0;

	*out = 0;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		error = store_note_error(st, rc, what);
	sqlite3_reset(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return 0;
}

int
store_size(struct store *st, struct store_size *out)
{
	int64_t pages, free_pages, page_size;

	if (one_int(st, st->page_count, "page count", &pages) == -1 ||
	    one_int(st, st->freelist_count, "free pages", &free_pages) == -1 ||
	    one_int(st, st->page_size, "page size", &page_size) == -1)
		return -1;
	if (free_pages > pages)
		free_pages = pages;
	out->page_size = (uint64_t)page_size;
	out->file_bytes = (uint64_t)pages * (uint64_t)page_size;
	out->used_bytes = (uint64_t)(pages - free_pages) * (uint64_t)page_size;
	return 0;
}

uint64_t
store_cache_bytes(struct store *st)
{
	int cur = 0, high = 0;

	if (sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_USED, &cur, &high,
	    0) != SQLITE_OK || cur < 0)
		return 0;
	return (uint64_t)cur;
}

int
store_oldest(struct store *st, int64_t oldest[STORE_KINDS], int64_t *first)
{
	unsigned k;

	if (first != NULL)
		*first = 0;
	for (k = 0; k < STORE_KINDS; k++) {
		if (one_int(st, st->prune_oldest[k], "oldest row",
		    &oldest[k]) == -1)
			return -1;
		if (first != NULL && oldest[k] != 0 &&
		    (*first == 0 || oldest[k] < *first))
			*first = oldest[k];
	}
	return 0;
}

/*
 * Up to limit rows older than cut of a table that goes with the kills: a
 * hub's remembered node records (a record delivered again after that
 * would add a row as old as those retention deletes, which it then
 * deletes), who asked systemd for signals.  0, or -1 with errno.
 */
static int
prune_older(struct store *st, sqlite3_stmt *stmt, const char *what,
    int64_t cut, unsigned limit)
{
	int changes = 0, rc;

	rc = sqlite3_bind_int64(stmt, 1, cut);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, limit);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, what);
		sqlite3_reset(stmt);
		return -1;
	}
	return store_write(st, stmt, what, &changes);
}

int64_t
store_prune_oldest(struct store *st, int64_t before, unsigned limit,
    uint64_t gone[STORE_KINDS])
{
	int64_t oldest[STORE_KINDS], cut;
	sqlite3_stmt *stmt;
	unsigned k, pick = STORE_KINDS;
	int changes = 0, rc;

	if (store_oldest(st, oldest, NULL) == -1)
		return -1;
	for (k = 0; k < STORE_KINDS; k++)
		if (oldest[k] != 0 && oldest[k] < before &&
		    (pick == STORE_KINDS || oldest[k] < oldest[pick]))
			pick = k;
	if (pick == STORE_KINDS || limit == 0)
		return 0;
	/*
	 * Of the kind with the oldest row, its rows older than the next
	 * kind's oldest (and than before): so the oldest rows of every kind
	 * go first, whichever table holds them.  Rows of the same second go
	 * together, or two kinds tied would each wait for the other.
	 */
	cut = before;
	for (k = 0; k < STORE_KINDS; k++)
		if (k != pick && oldest[k] != 0 && oldest[k] + 1 < cut &&
		    oldest[k] >= oldest[pick])
			cut = oldest[k] + 1;
	stmt = st->prune_delete[pick];
	rc = sqlite3_bind_int64(stmt, 1, cut);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, limit);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "prune");
		sqlite3_reset(stmt);
		return -1;
	}
	if (store_write(st, stmt, "prune", &changes) == -1)
		return -1;
	if (gone != NULL)
		gone[pick] += (uint64_t)changes;
	if (pick == STORE_KIND_KILLS &&
	    (prune_older(st, st->prune_node_records, "prune node records",
	    cut, limit) == -1 || prune_older(st, st->prune_requests,
	    "prune requests", cut, limit) == -1))
		return -1;
	return changes;
}

int
store_checkpoint_now(struct store *st)
{
	int rc;

	if (store_dirty(st))
		return 0;
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		errno = store_note_error(st, rc, "checkpoint");
		return -1;
	}
	return 0;
}
