/*
 * The daemon's store: attributions in one SQLite file (WAL mode), written in
 * batches, with the login sessions they are joined to and the failed
 * logins.  A process is identified by boot id + pid + start time, so a pid
 * that is reused never mixes two processes.
 */
#ifndef WHOKILLED_STORE_H
#define WHOKILLED_STORE_H

#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"

struct store;

/* What a query by target pid asks for. */
struct store_pid_query {
	int32_t pid;
	/*
	 * Which process that had this pid: when boot_id is non-empty and
	 * start_time non-zero, only that one (the process alive now); otherwise
	 * the most recent process with this pid that received a signal, or
	 * every one of them when all_processes is set.
	 */
	char boot_id[WK_BOOT_ID_MAX];
	uint64_t start_time;
	int all_processes;
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* 0: no bound */
	uint32_t limit;		/* most events to return, newest first */
	char node[WK_NODE_MAX];	/* an audit hub's node; "" this host */
};

/* Called for each event, newest first; a non-zero return stops the walk. */
typedef int (*store_event_cb)(const struct wk_event *ev, void *arg);

/*
 * Open (creating if needed, with mode 0600 and its directory 0700 when
 * missing) the store at path.  Returns NULL with errno set and a message in
 * err (may be NULL) on failure.
 */
struct store *store_open(const char *path, char *err, size_t errlen);

/* Commit what is pending and close.  NULL is fine. */
void store_close(struct store *st);

/*
 * Queue one attribution.  Rows are written inside an open transaction that
 * store_commit() ends; ev->id and ev->session are ignored (the store
 * assigns the id, and joins the kill to its login session: see
 * store_session.c).  Returns 0 or -1 (the row is not stored; the caller
 * counts it).
 */
int store_add(struct store *st, const struct wk_event *ev);

/*
 * The result m of a kill reported before delivery (WK_F_RESULT_PENDING)
 * on boot boot_id: every row of that call (same killer pid, tid and start
 * time, time and signal) gets it, and loses the pending flag.  Queued like
 * a write; *rows says how many rows it changed (0: none matched).  0 or
 * -1.
 */
int store_kill_result(struct store *st, const char *boot_id,
    const struct wk_kill_result *m, int *rows);

/*
 * A PAM session opened (on boot boot_id), as r says.  Queued like
 * store_add; 0 or -1.
 */
int store_session_open(struct store *st, const char *boot_id,
    const struct wk_session_report *r);

/*
 * A PAM session closed at r->time: the open session of the same process
 * (boot id, pid, start time), else of the same own id, else of the same
 * audit login uid and session id, gets its close time.  A close that
 * matches none is kept as a session seen only closing.  0 or -1.
 */
int store_session_close(struct store *st, const char *boot_id,
    const struct wk_session_report *r);

/*
 * Queue one failed authentication: ev->boot_id, ev->report and its
 * program's chain (ev->chain_len entries); the other fields are ignored.
 * 0 or -1 (EINVAL when argv_len or chain_len is out of bounds).
 */
int store_add_authfail(struct store *st, const struct wk_authfail_event *ev);

/* What a failed-logins query asks for. */
struct store_authfail_query {
	char user[WK_USER_MAX];	/* the account tried; "" any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* 0: no bound */
	uint32_t limit;		/* most groups, newest first; 0: default */
	/*
	 * When restricted, only failures by a program of real uid
	 * viewer_uid, or for the account viewer_name (when not ""): what an
	 * unprivileged asker may see.
	 */
	int restricted;
	uint32_t viewer_uid;
	char viewer_name[WK_USER_MAX];
};

/* Called for each group, newest first; a non-zero return stops the walk. */
typedef int (*store_authfail_cb)(const struct wk_authfail_event *ev,
    void *arg);

/*
 * Failed authentications matching q, grouped by account, service, remote
 * host, and the program's real uid, executable and argv: each group is one
 * wk_authfail_event with its count, first and last time, and the newest
 * failure's report and chain.  Groups come newest last failure first, at
 * most q->limit.  Returns the number passed to cb, or -1.
 */
int store_find_failed_logins(struct store *st,
    const struct store_authfail_query *q, store_authfail_cb cb, void *arg);

/*
 * A kernel audit event, as its records name it: msg=audit(SEC.MSEC:SERIAL).
 * The kernel numbers events per boot.
 */
struct store_audit_id {
	int64_t sec;
	uint32_t msec;
	uint32_t reserved;
	uint64_t serial;
};

/*
 * Queue an attribution the kernel audit trail saw in event aid, like
 * store_add.  *added is 0 when a row of the same event, boot and target
 * pid is stored already: then nothing is written.  0 or -1.
 */
int store_add_audit(struct store *st, const struct wk_event *ev,
    const struct store_audit_id *aid, int *added);

/*
 * Whether a kill of event aid on boot boot_id, recorded by audit node
 * node ("" this host), is stored: 1, 0, or -1.
 */
int store_has_audit(struct store *st, const char *boot_id, const char *node,
    const struct store_audit_id *aid);

/* What a node's row lacks, for store_find_node_partner. */
enum store_node_part {
	STORE_NODE_KERNEL = 1,	/* the node's kernel audit event of the signal */
	STORE_NODE_RECORD,	/* the node's whokilled record of it */
};

/*
 * The row of ev->node that may be the same signal as ev and lacks part:
 * by the same killer pid, of the same signal, within 3 seconds (the
 * node's clock on both sides), with ev's target pid or 0, not a group
 * member's copy.  1 with *row (and its id), 0 when none, or -1.
 */
int store_find_node_partner(struct store *st, const struct wk_event *ev,
    enum store_node_part lacking, struct wk_event *row);

/*
 * This host's row of the signal ev as stored now (merged with the other
 * sources, its login session read): 1 with *row, 0 when none, or -1.
 */
int store_find_signal(struct store *st, const struct wk_event *ev,
    struct wk_event *row);

/*
 * Remember a node's whokilled record (its own audit event aid): 1 when
 * it is new, 0 when it was read before (a second delivery), or -1.
 * Part of the open batch, like the row it stores.
 */
int store_node_record_new(struct store *st, const char *node,
    const struct store_audit_id *aid);

/*
 * Rows that may be the same signal as ev seen by another source: on ev's
 * boot and node, by the same killer pid, of the same signal, within 3 seconds of
 * ev, with ev's target pid or 0 (any target when ev's is 0), seen by a
 * source in seen_by and by none in not_seen_by.  cb gets each (with its
 * id), nearest in time first, at most STORE_PARTNERS_MAX; a non-zero
 * return stops the walk.  Returns the number passed to cb, or -1.
 */
#define STORE_PARTNERS_MAX	16
int store_find_partners(struct store *st, const struct wk_event *ev,
    uint32_t seen_by, uint32_t not_seen_by, store_event_cb cb, void *arg);

/*
 * Rewrite row id with ev (every column; its login session is joined
 * again) and, when aid is not NULL, mark it as seen in that audit event.
 * Queued like store_add.  0, or -1 with errno (EEXIST: that event is
 * stored on another row already; ENOENT: no row id).
 */
int store_merge(struct store *st, int64_t id, const struct wk_event *ev,
    const struct store_audit_id *aid);

/* Whether a batch is open: rows added or merged since the last commit. */
int store_dirty(const struct store *st);

/* Number of rows added since the last commit. */
unsigned store_pending(const struct store *st);

/* Commit the open transaction, if any.  0 or -1. */
int store_commit(struct store *st);

/*
 * Walk the events matching q, newest first, calling cb for each (at most
 * q->limit).  *other_processes (may be NULL) is set to the number of other
 * processes with the same pid (other boot id or start time) that have
 * events and were not shown.  Returns the number of events passed to cb, or
 * -1 on error.
 */
int store_find_by_pid(struct store *st, const struct store_pid_query *q,
    store_event_cb cb, void *arg, uint32_t *other_processes);

/* Kills in the store, or -1. */
int64_t store_count(struct store *st);

/*
 * The process (boot id, start time) of the newest event matching q's pid
 * and filters (its boot id, start time and process choice are ignored),
 * and that event's time.  1 with the three set, 0 when no event matches,
 * or -1.
 */
int store_latest_process(struct store *st, const struct store_pid_query *q,
    char boot_id[WK_BOOT_ID_MAX], uint64_t *start_time, struct wk_time *when);

/* ---------------------------------------------- store_deaths.c: deaths */

/* How a process ended, as the deaths table says (its kind column). */
enum store_death_kind {
	STORE_DEATH_EXITED = 1,		/* exit(N) */
	STORE_DEATH_SIGNALED = 2,	/* ended by a signal */
	STORE_DEATH_CORE = 3,		/* the same, and dumped core */
	STORE_DEATH_OOM = 4,		/* the OOM killer chose it */
	STORE_DEATH_UNKNOWN = 5,	/* ended, its exit not seen */
};

/* One process's end: a row of the deaths table. */
struct store_death {
	int64_t id;		/* its row; set by the lists (store_list_deaths) */
	char boot_id[WK_BOOT_ID_MAX];
	int32_t pid;
	int32_t ppid;		/* its parent at fork, 0 when unknown */
	uint64_t start_time;	/* 0: unknown */
	uint32_t uid;		/* WK_ID_UNSET when unknown */
	uint32_t kind;		/* enum store_death_kind */
	int exit_known;		/* status and time were seen */
	uint32_t status;	/* the wait status */
	struct wk_time time;	/* when it ended */
	int signalled;		/* a recorded signal was sent to it */
	int32_t parent_pid;	/* its parent, when that ended first; else 0 */
	char parent_comm[WK_COMM_MAX];
	char comm[WK_COMM_MAX];
	char args[WK_ARGS_SHORT_MAX];
	int has_oom;		/* the OOM killer chose it: */
	uint64_t oom_seq;	/* its kernel log record */
	uint32_t oom_flags;	/* OOM_F_* (kmsg_oom.h) */
	struct wk_death_oom oom;
	struct wk_cgroup cgroup;	/* its unit and cgroup; "" unknown */
	char exe[WK_EXE_BASE_MAX];	/* its executable's base name; "" unknown */
	char node[WK_NODE_MAX];	/* an audit hub's node it ended on; "" here */
};

/*
 * Queue what d says of a process's end, merged into the row of the same
 * process (boot id, pid, start time) when there is one: an exit and an
 * OOM kill arrive in either order and end in one row of kind OOM with the
 * exit's status and time; empty or unknown fields of d leave the row's
 * alone; signalled only goes from 0 to 1.  Counted as one pending row.
 * 0 or -1.
 */
int store_death_put(struct store *st, const struct store_death *d);

/*
 * The login session of the process ev's caller describes (its audit
 * session, else its chain, as a kill's is joined): *out filled and
 * flagged WK_SI_KNOWN, or zeroed when none is known.  0, or -1.
 */
int store_session_of(struct store *st, const struct wk_event *ev,
    struct wk_session_info *out);

/* Who asked systemd for a signal PID 1 sent, keyed as that signal. */
struct store_request {
	char boot_id[WK_BOOT_ID_MAX];
	struct wk_time time;	/* the signal's */
	int32_t target_pid;
	int32_t signo;
	struct wk_request req;	/* last: wk_request_size bytes of it used */
};

/* Queue r (replacing one of the same signal): counted as one pending
 * row.  0 or -1. */
int store_request_put(struct store *st, const struct store_request *r);

/* The request kept for the signal ev (its event id set to ev->id): 1
 * with *out, 0 when none (or it no longer decodes), -1 on an error. */
int store_request_find(struct store *st, const struct wk_event *ev,
    struct wk_request *out);

/* The row of one process of this host: 1 with *out, 0 when none, or -1. */
int store_death_find(struct store *st, const char *boot_id, int32_t pid,
    uint64_t start_time, struct store_death *out);

/*
 * The newest end of a process with this pid on node ("" this host), by
 * when it ended or when the OOM killer chose it, of any boot: 1 with
 * *out, 0 when none, or -1.
 */
int store_death_latest(struct store *st, const char *node, int32_t pid,
    struct store_death *out);

/*
 * An audit hub's node's end of pid (stored with boot_id "": a node's
 * processes are told apart by node, pid and time): of the process that
 * started at start_time (any, when 0), the first to end at not_before
 * seconds or later.  1 with *out, 0 when none, or -1.
 */
int store_death_of_node(struct store *st, const char *node, int32_t pid,
    uint64_t start_time, int64_t not_before, struct store_death *out);

/* Rows in the deaths table, or -1. */
int64_t store_deaths_count(struct store *st);

/*
 * Keep at most max rows: the oldest plain ends (exited or unknown, no
 * recorded signal, no OOM kill) go first, then the oldest of any kind.
 * Queued like a write.  Returns the rows deleted, or -1.
 */
int64_t store_deaths_prune(struct store *st, uint64_t max);

/*
 * The recorded signal that ended a process: the newest delivered signal
 * signo to pid on boot_id of node ("" this host), sent to the process of
 * start_time (or to a target whose start time was not read, no earlier
 * than not_before seconds) no later than until_sec.  1 with *out (its
 * session read too), 0 when none, or -1.
 */
int store_find_sender(struct store *st, const char *node, const char *boot_id,
    int32_t pid, uint64_t start_time, int64_t not_before, int32_t signo,
    const struct wk_time *until, struct wk_event *out);

/* ------------------------------------------ store_list.c: any process */

/*
 * What a list asks for: signals and ends of processes of any pid.  Each
 * filter is one clause of the statement (the statements are prepared for
 * the set of clauses a list uses, and kept).
 */
struct store_list_query {
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* 0: no bound */
	int32_t signo;		/* 0: any */
	int exits;		/* ends: plain exits (status 0, unknown) too */
	/* Only processes whose comm or executable's base name is this; a
	 * GLOB pattern when glob is set.  comm: the name as the kernel's
	 * comm holds it (cut at 15 bytes), for an exact name. */
	char name[WK_NAME_MAX];
	char comm[WK_COMM_MAX];
	int comm_whole;		/* the name fits a comm, or is a glob */
	int glob;
	/* Only processes of this systemd unit ("" any), as stored. */
	char unit[WK_UNIT_MAX];
	/* Only the kills of this node of an audit hub ("" every node and
	 * this host); a node's ends of processes are not stored. */
	char node[WK_NODE_MAX];
	/* Signals only, whose killer's login uid, uid or euid is by_uid. */
	int by;
	uint32_t by_uid;
	/* Follow: only rows stored after after_id, in the order they were
	 * stored (the time bounds are then ignored); else newest first. */
	int in_id_order;
	int64_t after_id;
	uint32_t limit;		/* rows at most */
};

/* Called for each end of a process; a non-zero return stops the walk. */
typedef int (*store_death_cb)(const struct store_death *d, void *arg);

/*
 * The signals matching q, newest first (or, with q->after_id, in the
 * order they were stored), at most q->limit, each with its session.
 * Returns the number passed to cb, or -1.  cb must not call the store.
 */
int store_list_kills(struct store *st, const struct store_list_query *q,
    store_event_cb cb, void *arg);

/*
 * The ends of processes matching q, the same way: killed by a signal
 * (with or without a known sender), by the OOM killer, or exited with a
 * status other than 0, and with q->exits plain exits and ends whose exit
 * was not seen.  None when q->by is set.  Returns the number passed to
 * cb, or -1.
 */
int store_list_deaths(struct store *st, const struct store_list_query *q,
    store_death_cb cb, void *arg);

/* What a follower's filter looks at in a kill, read without the rest. */
struct store_kill_key {
	int64_t id;
	int32_t signo;
	uint32_t target_uid;
	uint32_t uid;
	uint32_t euid;
	uint32_t loginuid;
	char target_comm[WK_COMM_MAX];
	char target_exe[WK_EXE_BASE_MAX];	/* "" unknown */
	char target_unit[WK_UNIT_MAX];	/* "" none or unknown */
	char node[WK_NODE_MAX];		/* "" this host */
};

typedef int (*store_kill_key_cb)(const struct store_kill_key *k, void *arg);

/*
 * The keys of the kills stored after after_id, in id order, at most
 * limit: a cheap first look for followers, who read the few rows they
 * want with store_kill_by_id.  Returns the number passed to cb, or -1.
 */
int store_list_kill_keys(struct store *st, int64_t after_id, uint32_t limit,
    store_kill_key_cb cb, void *arg);

/* Kill row id with its session: 1 with *out, 0 when gone, or -1. */
int store_kill_by_id(struct store *st, int64_t id, struct wk_event *out);

/* The newest row ids of kills and deaths (0 when empty), or -1. */
int store_last_ids(struct store *st, int64_t *kill_id, int64_t *death_id);

/* ------------------------------------------- store_runs.c: daemon runs */

/* daemon_runs.flags */
#define STORE_RUN_EXITS		0x1u	/* it saw process exits */
#define STORE_RUN_KMSG		0x2u	/* it read the kernel log */

/*
 * A run of the daemon began at started on boot boot_id: queue its row
 * (runs beyond the newest 1000 are forgotten) and set *id.  0 or -1.
 */
int store_run_begin(struct store *st, const char *boot_id,
    const struct wk_time *started, uint32_t flags, int64_t *id);

/*
 * Run id is still alive at alive_sec, and has read the kernel log up to
 * record kmsg_seq (0: none yet, the column is left as it is); with
 * stopped, it stops cleanly now.  Queued like a write.  0 or -1.
 */
int store_run_update(struct store *st, int64_t id, int64_t alive_sec,
    uint64_t kmsg_seq, int stopped);

/*
 * The last kernel log record read by any run on boot boot_id: 1 with
 * *seq, 0 when none recorded one, or -1.
 */
int store_run_kmsg_seq(struct store *st, const char *boot_id, uint64_t *seq);

/*
 * When run id has seen exits from (out->since; 0 when it does not see
 * them), and the last time before that none was seen: from the end of the
 * previous run that saw them (its clean stop, else when it was last known
 * alive) to the start of run id.  gap_* stay 0 when no earlier run saw
 * exits.  0, or -1 (ENOENT: no run id).
 */
int store_run_watch(struct store *st, int64_t id, struct wk_death_watch *out);

/* ------------------------------------------- store_prune.c: retention */

/* The kinds of rows retention prunes, each a table with a time. */
enum store_kind {
	STORE_KIND_KILLS,	/* signals: their time */
	STORE_KIND_SESSIONS,	/* login sessions: closed, else opened */
	STORE_KIND_AUTHFAILS,	/* failed logins: their time */
	STORE_KIND_DEATHS,	/* ends of processes: the exit, else the OOM
				 * kill; an end with neither is left to
				 * deaths_max */
	STORE_KINDS
};

/* "signals", "sessions", "failed logins", "ends of processes". */
const char *store_kind_name(enum store_kind kind);

/*
 * The store's size as SQLite counts it: the database's pages (the file,
 * once the WAL is copied in) and those holding rows; the rest are free
 * pages that new rows reuse before the file grows.
 */
struct store_size {
	uint64_t file_bytes;
	uint64_t used_bytes;
	uint64_t page_size;
};

/* 0 with *out, or -1. */
int store_size(struct store *st, struct store_size *out);

/* The bytes of the daemon's connection's page cache, now (SQLite's
 * memory statistics are off: see store_open). */
uint64_t store_cache_bytes(struct store *st);

/*
 * The time (seconds since the epoch) of each kind's oldest row, 0 when it
 * has none, and in *first (may be NULL) the oldest of all, 0 when the
 * store is empty.  0 or -1.
 */
int store_oldest(struct store *st, int64_t oldest[STORE_KINDS],
    int64_t *first);

/*
 * Delete up to limit of the oldest rows older than before (seconds since
 * the epoch; INT64_MAX: of any age): of the kind whose oldest row is the
 * oldest, those older than every other kind's oldest, so rows go oldest
 * first whatever their kind.  Queued like a write, in the open batch;
 * gone[kind] (may be NULL) counts them.  Returns the rows deleted, 0 when
 * none is older than before, or -1.
 */
int64_t store_prune_oldest(struct store *st, int64_t before, unsigned limit,
    uint64_t gone[STORE_KINDS]);

/*
 * Copy the WAL into the database now (PASSIVE: whatever no reader needs),
 * so that the next commit starts the WAL again from its beginning: on a
 * filesystem short of room the WAL must not grow to its usual 16 MiB
 * before the checkpoint thread copies it.  Nothing while a batch is open.
 * 0 or -1.
 */
int store_checkpoint_now(struct store *st);

/* The last SQLite error message, for logs. */
const char *store_errmsg(const struct store *st);

#endif
