/*
 * One row of the kills table <-> one struct wk_event.  The column list is
 * shared by the INSERT and the SELECTs of the store so that enum store_col
 * names both a parameter (col + 1) and a result column (col + 1, after id).
 * Also the binders and readers of fixed-size fields that the store's other
 * tables use too.
 */
#ifndef WHOKILLED_STORE_ROW_H
#define WHOKILLED_STORE_ROW_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "whokilled/wire.h"

/* Same order as enum store_col. */
#define STORE_ROW_COLUMNS \
	"boot_id, time_sec, time_nsec, call, signo, result, error, sources, " \
	"flags, dropped, " \
	"target_pid, target_start_time, target_uid, target_comm, target_ppid, " \
	"arg_pid, arg_tid, " \
	"killer_pid, killer_ppid, killer_tid, killer_start_time, " \
	"killer_uid, killer_euid, killer_suid, " \
	"killer_gid, killer_egid, killer_sgid, " \
	"killer_loginuid, killer_sessionid, killer_sid, killer_pgid, " \
	"killer_tty_nr, killer_tty, killer_comm, killer_exe, " \
	"killer_argc, killer_argv, chain, session_id, reached, " \
	"pid_ns, killer_ns_pid, target_ns_pid, target_unit, target_cgroup, " \
	"killer_argv_cut_head, killer_argv_cut_flags, killer_argv_cut_args, " \
	"killer_argv_cut_bytes, node, node_session, target_exe"

/* One positional parameter per column of STORE_ROW_COLUMNS. */
#define STORE_ROW_PARAMS \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " \
	"?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, " \
	"?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, " \
	"?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, " \
	"?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52"

enum store_col {
	STORE_COL_BOOT_ID,
	STORE_COL_TIME_SEC,
	STORE_COL_TIME_NSEC,
	STORE_COL_CALL,
	STORE_COL_SIGNO,
	STORE_COL_RESULT,
	STORE_COL_ERROR,
	STORE_COL_SOURCES,
	STORE_COL_FLAGS,
	STORE_COL_DROPPED,
	STORE_COL_TARGET_PID,
	STORE_COL_TARGET_START_TIME,
	STORE_COL_TARGET_UID,
	STORE_COL_TARGET_COMM,
	STORE_COL_TARGET_PPID,
	STORE_COL_ARG_PID,
	STORE_COL_ARG_TID,
	STORE_COL_KILLER_PID,
	STORE_COL_KILLER_PPID,
	STORE_COL_KILLER_TID,
	STORE_COL_KILLER_START_TIME,
	STORE_COL_KILLER_UID,
	STORE_COL_KILLER_EUID,
	STORE_COL_KILLER_SUID,
	STORE_COL_KILLER_GID,
	STORE_COL_KILLER_EGID,
	STORE_COL_KILLER_SGID,
	STORE_COL_KILLER_LOGINUID,
	STORE_COL_KILLER_SESSIONID,
	STORE_COL_KILLER_SID,
	STORE_COL_KILLER_PGID,
	STORE_COL_KILLER_TTY_NR,
	STORE_COL_KILLER_TTY,
	STORE_COL_KILLER_COMM,
	STORE_COL_KILLER_EXE,
	STORE_COL_KILLER_ARGC,
	STORE_COL_KILLER_ARGV,
	STORE_COL_CHAIN,
	STORE_COL_SESSION_ID,	/* sessions.id, or NULL */
	STORE_COL_REACHED,	/* processes a group kill reached (v6) */
	STORE_COL_PID_NS,	/* wk_event.pid_ns (v7) */
	STORE_COL_KILLER_NS_PID,
	STORE_COL_TARGET_NS_PID,
	STORE_COL_TARGET_UNIT,	/* wk_event.target_cgroup (v8): NULL unknown */
	STORE_COL_TARGET_CGROUP,
	STORE_COL_ARGV_CUT_HEAD,	/* wk_argv_cut (v9) */
	STORE_COL_ARGV_CUT_FLAGS,
	STORE_COL_ARGV_CUT_ARGS,
	STORE_COL_ARGV_CUT_BYTES,
	STORE_COL_NODE,		/* wk_event.node: an audit hub's node (v12) */
	STORE_COL_NODE_SESSION,	/* the node's login session, as told (v12) */
	STORE_COL_TARGET_EXE,	/* wk_event.target_exe (v13): NULL unknown */
	STORE_COL_COUNT
};

/* Binds that stop at the first error, which is kept in rc. */
struct store_binder {
	sqlite3_stmt *stmt;
	int rc;			/* SQLITE_OK until a bind fails */
};

void store_bind_int(struct store_binder *b, int param, int64_t v);
/* A fixed-size string field, up to its first NUL or its end; not copied. */
void store_bind_text(struct store_binder *b, int param, const char *field,
    size_t size);
/* A fixed-size string field as text, or NULL when it is "". */
void store_bind_text_or_null(struct store_binder *b, int param,
    const char *field, size_t size);
/* len bytes of data, not copied. */
void store_bind_blob(struct store_binder *b, int param, const void *data,
    size_t len);

/* Binds a chain of n entries, packed (store_chain.h), to parameter param. */
void store_bind_chain(struct store_binder *b, int param,
    const struct wk_chain_entry *chain, uint32_t n);

/* Copy text column col into a fixed field, cut and NUL-terminated. */
void store_read_text(sqlite3_stmt *stmt, int col, char *field, size_t size);

/*
 * The argument bytes of blob column col into argv (WK_ARGV_MAX bytes) and
 * c->argv_len: at most WK_ARGV_MAX, ending with a NUL like the shim sends
 * them (one is added, or the last byte replaced, when it is missing).
 */
void store_read_argv(sqlite3_stmt *stmt, int col, struct wk_caller *c,
    char *argv);

/* Binds c->argv_cut to the four parameters from param on. */
void store_bind_argv_cut(struct store_binder *b, int param,
    const struct wk_caller *c);

/*
 * Reads c->argv_cut from the four columns from col on, after argc and argv
 * were read; a cut that does not fit them (a row edited by hand) is read
 * as none, so that the frame decodes.  flags: the row's WK_F_* (a failed
 * login: WK_F_ARGV_TRUNCATED when a cut is stored).
 */
void store_read_argv_cut(sqlite3_stmt *stmt, int col, struct wk_caller *c,
    uint32_t flags, const char *argv);

/*
 * The chain entries of blob column col (packed, or raw from an older
 * store: store_chain.h) into chain (WK_CHAIN_MAX entries), strings
 * NUL-terminated.  Returns how many, or 0 when the blob is neither form
 * whole.
 */
uint32_t store_read_chain(sqlite3_stmt *stmt, int col,
    struct wk_chain_entry *chain);

/*
 * Bind every column of ev, and session_id (0: none, stored as NULL; else
 * the PAM is one more source), to the parameters of stmt (an INSERT
 * using STORE_ROW_PARAMS).  Text and
 * blobs are bound without copying (the packed chain excepted), so ev must
 * outlive the next sqlite3_step().  ev->report.caller.argv_len and ev->chain_len must
 * already be within their arrays.  Returns an SQLite result code:
 * SQLITE_OK or the first bind error.
 */
int store_row_bind(sqlite3_stmt *stmt, const struct wk_event *ev,
    int64_t session_id);

/*
 * Rebuild *ev from the current row of stmt (a SELECT of "id, "
 * STORE_ROW_COLUMNS).  The row may have been edited by hand: every string is
 * cut to its field and NUL-terminated, and a chain blob that is not whole
 * (see store_read_chain) is left out (chain_len 0).
 */
void store_row_read(sqlite3_stmt *stmt, struct wk_event *ev);

/* The session_id of the current row, or 0 when it has none. */
int64_t store_row_session_id(sqlite3_stmt *stmt);

#endif
