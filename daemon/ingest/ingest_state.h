/*
 * What the files of the ingest layer share: struct ingest, the state of
 * turning reports and kernel events into stored rows.  Each file's header
 * says which part of it that file owns:
 *
 *   ingest.c          reports: decode, verify, resolve (drain, read_proc,
 *                     limit, log_window_ms)
 *   ingest_group.c    the processes a group kill reached (procs)
 *   ingest_result.c   kill results reported after the call (procs)
 *   ingest_ns.c       kill reports from another pid namespace (procs)
 *   ingest_pam.c      session and failed-login reports
 *   ingest_kernel.c   kernel audit events (kernel, store_kill)
 *   ingest_chain.c    ancestry chains (procs, read_proc)
 *   ingest_backlog.c  the write path: the batch, its commit, the rows kept
 *                     until committed (store, counters, first_pending_ms,
 *                     backlog)
 *   ingest_log.c      the log trail (log)
 *
 * Calls go down that list, never up: where a lower file must reach a
 * higher one, it calls a hook the higher one set (store_kill), and the
 * layers above ingest listen through struct ingest_listener.
 */
#ifndef WHOKILLED_DAEMON_INGEST_STATE_H
#define WHOKILLED_DAEMON_INGEST_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"
#include "daemon/base/stats.h"
#include "daemon/procs/procinfo.h"
#include "daemon/store/store.h"
#include "ingest_log.h"

#define INGEST_COMMIT_ROWS	1024
#define INGEST_LOG_WINDOW_MS	60000
#define INGEST_BACKLOG_MAX	4096	/* rows kept in memory at most */
/*
 * ...and bytes: what INGEST_BACKLOG_MAX rows took when a command line was
 * 1 KiB.  A batch holding INGEST_COMMIT_BYTES is committed then, as one of
 * INGEST_COMMIT_ROWS rows is: rows with 32 KiB command lines would
 * otherwise keep 36 MB of copies in memory until their commit.
 */
#define INGEST_BACKLOG_BYTES_MAX	(16u << 20)
#define INGEST_COMMIT_BYTES	(4u << 20)
#define INGEST_RETRY_MS		1000	/* waiting rows are tried this often */

struct ingest;
struct ingest_kernel;
struct ingest_kept_row;
struct proc_table;
struct rate_limit;

/* What a kept row is, and so which store call writes it. */
enum ingest_row_kind {
	INGEST_ROW_KILL = 1,		/* struct wk_event: in->store_kill */
	INGEST_ROW_SESSION_OPEN,	/* struct wk_session_report */
	INGEST_ROW_SESSION_CLOSE,	/* struct wk_session_report */
	INGEST_ROW_AUTHFAIL,		/* struct wk_authfail_event */
	INGEST_ROW_DEATH,		/* struct store_death */
	INGEST_ROW_KILL_RESULT,		/* struct wk_kill_result */
	INGEST_ROW_REQUEST,		/* struct store_request */
};

/* The rows kept in memory until committed (ingest_backlog.h). */
struct ingest_backlog {
	struct ingest_kept_row *rows;	/* the ring, NULL until mapped */
	unsigned size;		/* slots mapped: max */
	unsigned max;		/* INGEST_BACKLOG_MAX */
	unsigned peak;		/* most rows held since the ring was empty */
	unsigned head;		/* the oldest row */
	unsigned count;		/* rows held: the batch's, then the waiting */
	unsigned batch;		/* rows written into the open batch */
	unsigned batch_pending;	/* of those, rows counted in store_pending */
	size_t bytes;		/* bytes of the rows held (their used part) */
	size_t batch_bytes;	/* of those, the open batch's */
	int64_t retry_ms;	/* when waiting rows are tried next; -1: none */
	int failing;		/* rows wait: the store fails (logged once) */
	int full_logged;	/* the ring was full in this failure (logged) */
	int retrying;		/* inside ingest_backlog_retry */
	uint64_t kept_stored;	/* this failure: waiting rows stored since */
	uint64_t lost;		/* this failure: rows lost */
};

/*
 * A layer above ingest that wants to hear of it (the death watch: its
 * process table is read for chains and it stores the ends of signalled
 * processes; the systemd monitor: what PID 1's signals reached).  Either
 * hook may be NULL.  At most INGEST_LISTENERS_MAX, told in the order
 * they were added.
 */
#define INGEST_LISTENERS_MAX	2
struct ingest_listener {
	/* After a batch of reports is received, before it is read: a
	 * report may name a process forked just before it, and a lean one
	 * is filled in from the process table, so the table catches up
	 * first. */
	void (*before_reports)(void *arg);
	/* A signal was stored, or kept until the store works again. */
	void (*signal_stored)(void *arg, const struct wk_event *ev);
	/* The end of a process was stored, or kept (its row as put). */
	void (*death_stored)(void *arg, const struct store_death *d);
	void *arg;
};

/*
 * Told after each commit, so that a layer above (the query layer's
 * followers) reads what was stored; committed may be NULL.  It may read
 * the store but must not write to it.
 */
struct ingest_commit_hook {
	void (*committed)(void *arg);
	void *arg;
};

struct ingest {
	struct store *store;
	struct wkd_counters *counters;
	char boot_id[WK_BOOT_ID_MAX];
	procinfo_reader read_proc;	/* procinfo_read, or a test's */
	void *read_proc_arg;
	unsigned commit_interval_ms;
	unsigned drain_max;		/* datagrams read per ingest_drain() */
	int64_t first_pending_ms;	/* when the batch got its first row */
	int64_t log_window_ms;		/* start of the rejection log window */
	struct ingest_kernel *kernel;	/* kernel audit events, or NULL */
	/* Writes a shim event (ingest_kernel_init sets it: merged with the
	 * kernel's record of the same signal); NULL: store_add. */
	int (*store_kill)(struct ingest *in, const struct wk_event *ev);
	struct ingest_commit_hook on_commit;
	struct ingest_listener listeners[INGEST_LISTENERS_MAX];
	/* The audit trail's writer (kaudit/audit_trail.h), or zeroes. */
	struct ingest_listener recorder;
	struct proc_table *procs;	/* the process table, or NULL */
	struct rate_limit *limit;	/* per-uid report rate, or NULL */
	struct ingest_backlog backlog;	/* rows kept until committed */
	struct ingest_log log;		/* the log trail, a line per signal */
};

#endif
