/*
 * One row of the kills table <-> one struct wk_event.  The column list is
 * shared by the INSERT and the SELECTs of the store so that enum store_col
 * names both a parameter (col + 1) and a result column (col + 1, after id).
 */
#ifndef WHOKILLED_STORE_ROW_H
#define WHOKILLED_STORE_ROW_H

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
	"killer_argc, killer_argv, chain"

/* One positional parameter per column of STORE_ROW_COLUMNS. */
#define STORE_ROW_PARAMS \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " \
	"?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, " \
	"?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, " \
	"?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38"

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
	STORE_COL_COUNT
};

/*
 * Bind every column of ev to the parameters of stmt (an INSERT using
 * STORE_ROW_PARAMS).  Text and blobs are bound without copying, so ev must
 * outlive the next sqlite3_step().  ev->report.caller.argv_len and
 * ev->chain_len must already be within their arrays.  Returns an SQLite
 * result code: SQLITE_OK or the first bind error.
 */
int store_row_bind(sqlite3_stmt *stmt, const struct wk_event *ev);

/*
 * Rebuild *ev from the current row of stmt (a SELECT of "id, "
 * STORE_ROW_COLUMNS).  The row may have been edited by hand: every string is
 * cut to its field and NUL-terminated, and a chain blob that is not a whole
 * number of entries, or holds more than WK_CHAIN_MAX, is left out
 * (chain_len 0).
 */
void store_row_read(sqlite3_stmt *stmt, struct wk_event *ev);

#endif
