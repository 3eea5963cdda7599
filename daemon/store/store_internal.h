/*
 * Inside the store: the connection and its prepared statements, and how a
 * table file lists its statements.  Only the store's own files include
 * this; everyone else uses store.h.
 *
 * The files, lowest first (each calls only those above it in this list):
 *   store_error, store_chain, store_row, store_schema, store_checkpoint
 *   store_db       the connection's primitives: statements, batch, errors
 *   store_session  sessions, and joining a kill to its session
 *   store_kills    the kills table
 *   store_audit, store_authfail, store_deaths, store_runs, store_node
 *                  the other tables
 *   store_list     lists of any pid (over store_deaths' row reader)
 *   store_prune    retention: size, oldest rows, deleting the oldest
 *   store          open and close: every table's statements from its array
 */
#ifndef WHOKILLED_STORE_INTERNAL_H
#define WHOKILLED_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "store.h"

/* One connection, opened without SQLite's mutexes: one thread at a time. */
struct store {
	sqlite3 *db;
	/* store_db.c: the batch */
	sqlite3_stmt *begin;
	sqlite3_stmt *commit;
	sqlite3_stmt *rollback;
	/* store_kills.c */
	sqlite3_stmt *insert;
	sqlite3_stmt *kill_result;
	sqlite3_stmt *latest;
	sqlite3_stmt *others;
	sqlite3_stmt *events;	/* of one process (boot id, start time) */
	sqlite3_stmt *events_all;	/* of every process that had the pid */
	sqlite3_stmt *count;
	/* store_session.c */
	sqlite3_stmt *session_insert;
	sqlite3_stmt *session_close_process;
	sqlite3_stmt *session_close_own;
	sqlite3_stmt *session_close_audit;
	sqlite3_stmt *session_join_audit;
	sqlite3_stmt *session_join_chain;
	sqlite3_stmt *session_by_id;
	/* store_audit.c */
	sqlite3_stmt *audit_insert;
	sqlite3_stmt *audit_has;
	sqlite3_stmt *partners_by_target;
	sqlite3_stmt *partners_by_time;
	sqlite3_stmt *merge;
	/* store_node.c */
	sqlite3_stmt *node_partners;
	sqlite3_stmt *node_partners_any;
	sqlite3_stmt *node_signal;
	sqlite3_stmt *node_record_seen;
	/* store_authfail.c */
	sqlite3_stmt *authfail_insert;
	sqlite3_stmt *authfail_groups;
	/* store_deaths.c */
	sqlite3_stmt *death_put;
	sqlite3_stmt *death_find;
	sqlite3_stmt *death_node_find;
	sqlite3_stmt *death_latest;
	sqlite3_stmt *death_count;
	sqlite3_stmt *death_prune_plain;
	sqlite3_stmt *death_prune_any;
	sqlite3_stmt *death_sender;
	/* store_runs.c */
	sqlite3_stmt *run_insert;
	sqlite3_stmt *run_forget;
	sqlite3_stmt *run_update;
	sqlite3_stmt *run_kmsg;
	sqlite3_stmt *run_get;
	sqlite3_stmt *run_prev;
	/* store_list.c: its statements, prepared when first used */
	struct store_list_cache *list;
	/* store_prune.c: per enum store_kind */
	sqlite3_stmt *prune_oldest[STORE_KINDS];
	sqlite3_stmt *prune_delete[STORE_KINDS];
	sqlite3_stmt *prune_node_records;	/* with the kills of their time */
	sqlite3_stmt *prune_requests;		/* likewise */
	/* store_requests.c */
	sqlite3_stmt *request_put;
	sqlite3_stmt *request_find;
	sqlite3_stmt *page_count;
	sqlite3_stmt *freelist_count;
	sqlite3_stmt *page_size;
	unsigned pending;
	struct store_checkpointer *checkpointer;	/* NULL: SQLite's own */
	char errmsg[256];
};

/*
 * One prepared statement of a table file: its SQL and where its pointer
 * lives in struct store.  Each table file has an array of them, ended by
 * STORE_STMT_END; store_open prepares them all, store_close finalizes them.
 */
struct store_stmt_def {
	const char *sql;	/* NULL: the end of the array */
	size_t offset;		/* of the sqlite3_stmt * in struct store */
};

#define STORE_STMT(member, sql)	{ (sql), offsetof(struct store, member) }
#define STORE_STMT_END		{ NULL, 0 }

#endif
