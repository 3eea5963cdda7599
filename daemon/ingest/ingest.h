/*
 * From datagram to stored row: decode any report, verify it against the
 * kernel's credentials, resolve what the daemon adds (a killer's terminal
 * and ancestry; a failed login's program's ancestry), store it.  Kill
 * reports come from the shim (ingest.c); session and failed-login reports
 * from the PAM module (ingest_pam.c).  Also the commit policy: a batch is
 * committed when it holds INGEST_COMMIT_ROWS rows or its first row has
 * waited commit_interval_ms; and the rows the store could not take yet,
 * kept in memory until it can (ingest_backlog.c).
 */
#ifndef WHOKILLED_DAEMON_INGEST_H
#define WHOKILLED_DAEMON_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "whokilled/wire.h"
#include "ingest_backlog.h"
#include "daemon/procs/procinfo.h"
#include "verify.h"
#include "daemon/base/stats.h"
#include "daemon/store/store.h"

#define INGEST_COMMIT_ROWS	1024
#define INGEST_LOG_WINDOW_MS	60000

struct ingest_kernel;
struct death_watch;
struct proc_table;

enum ingest_result {
	INGEST_STORED = 0,	/* added to the open batch */
	INGEST_MALFORMED,
	INGEST_FORGED,
	INGEST_NOCRED,
	INGEST_STORE_ERROR,	/* lost: refused, or the backlog was full */
	INGEST_KEPT,		/* kept in memory until the store works again */
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
	struct death_watch *deaths;	/* process ends, or NULL */
	struct proc_table *procs;	/* the process table, or NULL */
	struct rate_limit *limit;	/* per-uid report rate, or NULL */
	struct ingest_backlog backlog;	/* rows kept until committed */
};

void ingest_init(struct ingest *in, struct store *st,
    struct wkd_counters *counters, const char *boot_id,
    unsigned commit_interval_ms, unsigned drain_max);

/*
 * Handle one datagram of len bytes (truncated: it was longer than the
 * buffer) that came with the credentials cred (NULL: none): a kill, session
 * or failed-login report.  Counts it and returns what became of it.
 */
enum ingest_result ingest_datagram(struct ingest *in, const void *buf,
    size_t len, int truncated, const struct ucred *cred);

/*
 * Build the event for a verified report: boot id, tty, and the chain from
 * the killer's outermost ancestor to the killer itself.  Returns VERIFY_OK
 * or VERIFY_FORGED (with *why) when /proc contradicts the report.
 */
enum verify_result ingest_resolve(struct ingest *in,
    const struct wk_kill_report *r, const struct ucred *cred,
    struct wk_event *ev, const char **why);

/*
 * The chain entry of a reporting process itself, from its report (its
 * pid, uids and login uid are checked by then), with the parent and start
 * time the daemon settled on.
 */
void ingest_caller_entry(const struct wk_caller *c, int32_t ppid,
    uint64_t start_time, struct wk_chain_entry *entry);

/*
 * Check a session report: its pid is its sender's, and the sender runs as
 * root (verify_pam_sender, reading /proc with in->read_proc).  VERIFY_OK,
 * or NOCRED / FORGED with *why.
 */
enum verify_result ingest_check_session(struct ingest *in,
    const struct wk_session_report *s, const struct ucred *cred,
    const char **why);

/*
 * Check a failed-login report as a kill report's caller is checked (pid,
 * real uid and gid are the sender's) and its sender as a session report's,
 * then build the row to store: boot id, report, and the chain from the
 * program's outermost ancestor to the program itself, read while it waits
 * in PAM.  VERIFY_OK, or NOCRED / FORGED with *why.
 */
enum verify_result ingest_resolve_authfail(struct ingest *in,
    const struct wk_authfail_report *r, const struct ucred *cred,
    struct wk_authfail_event *ev, const char **why);

/*
 * Read up to drain_max datagrams from the report socket fd, stopping when
 * it is empty.  The report socket queues at most its queue length, so a
 * drain_max above it empties everything queued when the drain started.
 * Returns the number read, or -1 with errno on a socket error.
 */
int ingest_drain(struct ingest *in, int fd);

/*
 * The ancestors of the process pid (started at start_time, 0: unknown)
 * whose parent is *ppid, outermost first, at most max: from the process
 * table when the daemon has one -- then *ppid becomes the parent it had
 * at fork when the table knows it, and ancestors that already exited are
 * named -- else from in->read_proc.  Returns how many.
 */
unsigned ingest_chain(struct ingest *in, int32_t pid, uint64_t start_time,
    int32_t *ppid, struct wk_chain_entry *chain, unsigned max);

/*
 * Note that the batch got a row or a change, for the commit timer; call
 * after each write to the store outside ingest_datagram.
 */
void ingest_note_write(struct ingest *in);

/* ingest_note_write, and commit at once when the batch is full. */
void ingest_after_write(struct ingest *in);

/*
 * A write to the store failed: count it, with the rows of the batch it
 * took along that the backlog does not keep (the kept ones wait for a
 * retry), and log what.  pending_before: store_pending before the write.
 */
void ingest_write_failed(struct ingest *in, unsigned pending_before,
    const char *what);

/*
 * Commit the open batch, if any, and count it; 0 or -1.  When it fails,
 * the batch's kept rows wait for a retry and the others are counted lost.
 */
int ingest_commit(struct ingest *in);

/*
 * Write the waiting rows again when a retry is due at now_ms, then commit
 * if the policy says so; 0 or -1.
 */
int ingest_commit_if_due(struct ingest *in, int64_t now_ms);

/*
 * Milliseconds until the batch is due or waiting rows are tried again
 * (0: now), or -1 when neither.
 */
int ingest_timeout_ms(const struct ingest *in, int64_t now_ms);

/*
 * Before exit: commit, with a last try at the rows kept in memory; those
 * still not stored are counted lost and logged.  Frees the backlog.
 */
void ingest_finish(struct ingest *in);

#endif
