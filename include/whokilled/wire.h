/*
 * whokilled wire format, version 2.
 *
 * One header shared by the preload shim, the PAM module, the daemon and the
 * CLI.  Every message is a fixed-size structure for its type, followed, in
 * the four that carry a command line (kill and failed-login reports, event
 * and failed-login frames), by exactly caller.argv_len bytes of it: the
 * decoder accepts a message only when its length is exactly that, so every
 * string and array is bounded by construction.  Strings are NUL-terminated
 * inside their field.  Byte order is the host's: these messages only ever
 * cross a local Unix socket.
 *
 * Two families:
 *   reports  shim/PAM -> daemon, one datagram each, on WK_REPORT_SOCKET
 *   queries  CLI -> daemon on WK_QUERY_SOCKET (stream), answered by a
 *            sequence of reply frames ending with WK_R_END or WK_R_ERROR
 *
 * An answer by pid is: WK_R_DEATH frames (how the process shown ended, or
 * that it runs, or that there is no record: the one asked about first,
 * then the other processes whose events follow), WK_R_EVENT frames newest
 * first, WK_R_END.
 *
 * A list (WK_Q_LIST) is: WK_R_EVENT (signals) and WK_R_DEATH (ends of
 * processes) frames, newest first, WK_R_END.  With WK_QF_FOLLOW the same
 * frames come oldest first, then WK_R_END, and then the connection stays
 * open: every matching event the daemon stores from then on follows as
 * its frame, until the daemon stops (the connection ends) or drops a
 * follower that fell behind (WK_R_ERROR, then the end).
 */
#ifndef WHOKILLED_WIRE_H
#define WHOKILLED_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Signal and call names (wk_signal_name...), declared with their code. */
#include "whokilled/signals.h"

#define WK_WIRE_VERSION		2

#define WK_REPORT_MAGIC		0x4c4b4857u	/* "WHKL" */
#define WK_QUERY_MAGIC		0x514b4857u	/* "WHKQ" */
#define WK_REPLY_MAGIC		0x524b4857u	/* "WHKR" */

#define WK_DEFAULT_SOCKET_DIR	"/run/whokilled"
#define WK_REPORT_SOCKET	"report.sock"
/*
 * A second name of the report socket (a hard link), there only while the
 * daemon follows the kernel's process events: a report sent to it may
 * leave out what the daemon's process table holds about its sender (the
 * start time, tty, login uid and audit session, which a fresh process
 * would read from /proc/self).
 */
#define WK_LEAN_SOCKET		"lean.sock"
#define WK_QUERY_SOCKET		"query.sock"
#define WK_SOCKET_DIR_ENV	"WHOKILLED_SOCKET_DIR"

/* sockaddr_un.sun_path is 108 bytes; leave room for "/report.sock". */
#define WK_SOCKET_DIR_MAX	(108 - 16)

#define WK_COMM_MAX		16	/* TASK_COMM_LEN */
#define WK_EXE_MAX		256
/* A command line's bytes at most, each argument with its NUL; a longer one
 * keeps its beginning and its end (struct wk_argv_cut says where). */
#define WK_ARGV_MAX		32768
#define WK_TTY_MAX		32
#define WK_ARGS_SHORT_MAX	64
#define WK_CHAIN_MAX		16
#define WK_BOOT_ID_MAX		40	/* 36 characters of uuid + NUL, padded */
#define WK_MESSAGE_MAX		256
#define WK_SIGNAL_MAX		64	/* highest real-time signal on Linux */
#define WK_USER_MAX		64	/* user names, cut (and flagged) beyond */
#define WK_SERVICE_MAX		32	/* PAM service names */
#define WK_HOST_MAX		256	/* PAM_RHOST: a host name or address */
#define WK_CGROUP_MAX		256	/* a memory cgroup's path, cut beyond */
#define WK_CONSTRAINT_MAX	32	/* the OOM killer's "CONSTRAINT_MEMCG" */
#define WK_NAME_MAX		256	/* a process name or glob in a list query */
#define WK_NODE_MAX		256	/* an audit node name (node=), cut beyond */
#define WK_UNIT_MAX		256	/* a systemd unit name (UNIT_NAME_MAX) */
#define WK_EXE_BASE_MAX		64	/* an executable's base name, cut beyond */
#define WK_CGROUP_PATH_MAX	512	/* a process's cgroup, cut beyond */

#define WK_ID_UNSET		0xffffffffu	/* loginuid / sessionid not set */

/* ---------------------------------------------------------------- reports */

enum wk_msg_type {
	WK_MSG_KILL = 1,
	WK_MSG_SESSION_OPEN = 2,	/* struct wk_session_report, from PAM */
	WK_MSG_SESSION_CLOSE = 3,	/* struct wk_session_report, from PAM */
	WK_MSG_AUTH_FAIL = 4,		/* struct wk_authfail_report, from PAM */
	WK_MSG_KILL_RESULT = 5,		/* struct wk_kill_result, from the shim */
};

/* Which wrapped function sent the signal. */
enum wk_call {
	WK_CALL_KILL = 1,
	WK_CALL_KILLPG = 2,
	WK_CALL_SIGQUEUE = 3,
	WK_CALL_TGKILL = 4,
	WK_CALL_PIDFD_SEND_SIGNAL = 5,
	WK_CALL_MAX = WK_CALL_PIDFD_SEND_SIGNAL,
};

/* wk_kill_report.flags, as a sender sets them */
#define WK_F_TARGET_READ	0x0001u	/* target.* were read before delivery */
#define WK_F_TARGET_GROUP	0x0002u	/* addressed to a process group */
#define WK_F_TARGET_ALL		0x0004u	/* kill(-1, sig): every process allowed */
#define WK_F_ARGV_TRUNCATED	0x0008u	/* argv is not the whole command line */
#define WK_F_CALLER_STAT_READ	0x0010u	/* caller start_time/sid/tty/comm are valid */
/* Sent before delivery (the caller may be among the targets): result and
 * error are 0 until a WK_MSG_KILL_RESULT of the same caller and time. */
#define WK_F_RESULT_PENDING	0x0020u
#define WK_F_SENDER_ALL		0x003fu
/* ...and as the daemon adds them to a stored event: */
#define WK_F_GROUP_MEMBER	0x0040u	/* target: one process the group or
					 * kill -1 reached, not the one named */
#define WK_F_SENDER_ENDED	0x0080u	/* pending, and the sender's own end
					 * was by this signal */
#define WK_F_ALL		0x00ffu

/*
 * Processes of one group kill (or kill -1) the daemon stores a row for, at
 * most: the call's own row (its leader, when one of them) and members.
 */
#define WK_GROUP_ROWS_MAX	64

struct wk_header {
	uint32_t magic;		/* WK_REPORT_MAGIC */
	uint16_t version;	/* WK_WIRE_VERSION */
	uint16_t type;		/* enum wk_msg_type */
	uint32_t size;		/* bytes in the whole message, this header included */
	uint32_t dropped;	/* reports this process failed to send before this one */
};

struct wk_time {
	int64_t sec;		/* CLOCK_REALTIME */
	int64_t nsec;
};

/*
 * Where a command line longer than WK_ARGV_MAX was cut (WK_F_ARGV_TRUNCATED).
 * argv then holds its first arguments and its last ones, whole where they
 * fit: head strings, the cut, the rest.  The string before the cut may be
 * only the start of its argument (WK_CUT_HEAD_PART), the one after it only
 * the end of its argument (WK_CUT_TAIL_PART) -- of the same one when
 * WK_CUT_ONE_ARG.  All zero when argv is whole; head 0 with
 * WK_F_ARGV_TRUNCATED (a kernel audit record) means "cut at its end, by how
 * much is not known".
 */
struct wk_argv_cut {
	uint32_t head;		/* strings of argv before the cut; 0: see above */
	uint32_t flags;		/* WK_CUT_* */
	uint32_t args;		/* arguments left out whole at the cut */
	uint32_t reserved;	/* 0 */
	uint64_t bytes;		/* bytes of argument text left out (NULs not
				 * counted), parts of cut arguments included */
};

#define WK_CUT_HEAD_PART	0x0001u
#define WK_CUT_TAIL_PART	0x0002u
#define WK_CUT_ONE_ARG		0x0004u
#define WK_CUT_ALL		0x0007u

/*
 * The process that called the wrapped function, as it saw itself.  Its
 * command line's bytes are not here: they follow the message that holds
 * this caller (argv_len of them), and in memory they are the argv member
 * at the end of struct wk_event or struct wk_authfail_event.
 */
struct wk_caller {
	int32_t pid;
	int32_t ppid;
	int32_t tid;
	int32_t sid;		/* POSIX session */
	int32_t pgid;
	int32_t tty_nr;		/* /proc/PID/stat field 7; 0 when no terminal */
	uint64_t start_time;	/* clock ticks after boot, /proc/PID/stat field 22 */
	uint32_t uid, euid, suid;
	uint32_t gid, egid, sgid;
	uint32_t loginuid;	/* WK_ID_UNSET when unset or unreadable */
	uint32_t sessionid;	/* kernel audit session; WK_ID_UNSET likewise */
	char comm[WK_COMM_MAX];
	char exe[WK_EXE_MAX];	/* the file name given to execve (AT_EXECFN) */
	uint32_t argc;		/* arguments the process had, stored or not */
	uint32_t argv_len;	/* bytes of argv, each argument NUL-terminated */
	struct wk_argv_cut argv_cut;
};

/* The signalled process, read before delivery (group leader for groups). */
struct wk_target {
	int32_t pid;		/* 0 when nothing was read */
	int32_t ppid;
	uint64_t start_time;
	uint32_t uid;		/* owner of /proc/PID: the effective uid */
	/* A sender: the bytes of the target's /proc/PID/cgroup that follow
	 * argv in its datagram (WK_TARGET_CGROUP_MAX at most), read before
	 * delivery by a root parent, which may reap it at once (PID 1
	 * does); 0 none.  0 in a stored event. */
	uint32_t cgroup_len;
	char comm[WK_COMM_MAX];
};

/* The most of a target's /proc/PID/cgroup a sender sends. */
#define WK_TARGET_CGROUP_MAX	1024

/* A kill: sent as this structure, then caller.argv_len bytes of argv, then
 * target.cgroup_len bytes of the target's cgroup file. */
struct wk_kill_report {
	struct wk_header hdr;
	struct wk_time time;
	uint32_t call;		/* enum wk_call */
	int32_t signo;		/* 1..WK_SIGNAL_MAX; signal 0 is never reported */
	int32_t arg_pid;	/* first argument as given (pid, -pgrp, pgrp, tgid, pidfd) */
	int32_t arg_tid;	/* tgkill's tid, 0 otherwise */
	int32_t result;		/* what the real call returned */
	int32_t error;		/* its errno when result == -1, else 0 */
	uint32_t flags;		/* WK_F_* */
	uint32_t reached;	/* daemon: processes a group kill reached at
				 * the call, as it found them; 0 unknown.
				 * A sender sends 0. */
	struct wk_caller caller;
	struct wk_target target;
};

/*
 * The result of a kill reported before delivery (WK_F_RESULT_PENDING),
 * sent when the call returns: the caller and the report's time name the
 * report.  A caller that did not return sends none.
 */
struct wk_kill_result {
	struct wk_header hdr;	/* WK_MSG_KILL_RESULT; dropped is 0 */
	struct wk_time time;	/* the pending report's time */
	int32_t pid;		/* the caller: the sender */
	int32_t tid;
	uint64_t start_time;	/* the report's caller.start_time (0: unread) */
	int32_t signo;		/* the report's */
	int32_t result;		/* what the real call returned */
	int32_t error;		/* its errno when result == -1, else 0 */
	uint32_t reserved;	/* 0 */
};

/* wk_session_report.flags */
#define WK_SF_STAMPED		0x0001u	/* the module wrote loginuid itself */
#define WK_SF_LOGINUID_REFUSED	0x0002u	/* the kernel refused the write (EPERM...) */
#define WK_SF_NO_AUDIT		0x0004u	/* no loginuid/sessionid in this kernel */
#define WK_SF_OWN_ID		0x0008u	/* own_id names the session, not the kernel */
#define WK_SF_TRUNCATED		0x0010u	/* a PAM item was cut to fit */
#define WK_SF_ALL		0x001fu

/*
 * A PAM session opened or closed.  Sent by pam_whokilled.so from inside the
 * login program (sshd, login, su, cron...); believed only while that
 * process runs with effective uid 0.
 */
struct wk_session_report {
	struct wk_header hdr;	/* WK_MSG_SESSION_OPEN or WK_MSG_SESSION_CLOSE */
	struct wk_time time;
	int32_t pid;		/* the process that ran pam_open_session */
	int32_t ppid;
	uint64_t start_time;	/* its start time, clock ticks after boot */
	uint32_t uid;		/* the uid of the user logging in */
	uint32_t loginuid;	/* /proc/self/loginuid after stamping */
	uint32_t sessionid;	/* /proc/self/sessionid after stamping */
	uint32_t flags;		/* WK_SF_* */
	uint64_t own_id;	/* the module's own session id (WK_SF_OWN_ID), else 0 */
	char user[WK_USER_MAX];
	char service[WK_SERVICE_MAX];
	char tty[WK_TTY_MAX];
	char rhost[WK_HOST_MAX];
	char ruser[WK_USER_MAX];
};

/*
 * A failed authentication, sent by pam_whokilled.so in "authfail" mode from
 * inside the program that asked PAM (su, sshd, a cron job's client...),
 * followed by caller.argv_len bytes of that program's argv.
 */
struct wk_authfail_report {
	struct wk_header hdr;	/* WK_MSG_AUTH_FAIL */
	struct wk_time time;
	uint32_t flags;		/* WK_SF_TRUNCATED */
	uint32_t reserved;
	char user[WK_USER_MAX];	/* the account that was tried (PAM_USER) */
	char service[WK_SERVICE_MAX];
	char tty[WK_TTY_MAX];
	char rhost[WK_HOST_MAX];
	char ruser[WK_USER_MAX];
	struct wk_caller caller;	/* the program that called PAM */
};

/* Any report, as the daemon receives it; hdr.type says which member (the
 * argv bytes of a kill or failed login are decoded apart). */
union wk_report_any {
	struct wk_header hdr;
	struct wk_kill_report kill;
	struct wk_session_report session;
	struct wk_authfail_report authfail;
	struct wk_kill_result result;
};

/* ---------------------------------------------------------------- queries */

enum wk_query_type {
	WK_Q_BY_PID = 1,
	WK_Q_STATS = 2,
	WK_Q_FAILED_LOGINS = 3,	/* answered with WK_R_AUTHFAIL frames */
	WK_Q_LIST = 4,		/* signals and ends of processes, any pid */
};

/* wk_query.flags */
#define WK_QF_ALL_PROCESSES	0x0001u	/* every process that had this pid */
#define WK_QF_FOLLOW		0x0002u	/* WK_Q_LIST: then every new match */
#define WK_QF_EXITS		0x0004u	/* WK_Q_LIST: plain exits (status 0) too */
#define WK_QF_BY		0x0008u	/* WK_Q_LIST: only signals by by_uid */
#define WK_QF_ALL		0x000fu

struct wk_query {
	uint32_t magic;		/* WK_QUERY_MAGIC */
	uint16_t version;
	uint16_t type;		/* enum wk_query_type */
	uint32_t size;		/* sizeof(struct wk_query) */
	uint32_t flags;		/* WK_QF_* */
	int32_t pid;
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* likewise */
	uint32_t limit;		/* 0: the daemon's default */
	uint32_t reserved;
	char user[WK_USER_MAX];	/* WK_Q_FAILED_LOGINS: only this account; "" any */
	/* WK_QF_BY: only signals whose killer's login uid, uid or euid is
	 * this (ends of processes have no killer: none). */
	uint32_t by_uid;
	uint32_t reserved2;
	/* WK_Q_LIST: only processes of this comm ("" any); a shell glob
	 * when it holds '*', '?' or '['. */
	char name[WK_NAME_MAX];
	char node[WK_NODE_MAX];	/* a node of an audit hub: WK_Q_BY_PID its pid, WK_Q_LIST its
				 * list; "" this host (a list: every node) */
	/* WK_Q_LIST: only processes of this systemd unit ("" any); a name
	 * without a type suffix is a service ("nginx": "nginx.service"). */
	char unit[WK_UNIT_MAX];
};

enum wk_reply_type {
	WK_R_EVENT = 1,
	WK_R_STATS = 2,
	WK_R_END = 3,
	WK_R_ERROR = 4,
	WK_R_AUTHFAIL = 5,
	WK_R_DEATH = 6,		/* struct wk_death */
	WK_R_REQUEST = 7,	/* struct wk_request: who asked systemd, for
				 * the WK_R_EVENT frame just before it */
};

struct wk_reply_header {
	uint32_t magic;		/* WK_REPLY_MAGIC */
	uint16_t version;
	uint16_t type;		/* enum wk_reply_type */
	uint32_t size;		/* bytes in the frame, this header included */
	uint32_t reserved;
};

/* wk_event.sources */
#define WK_SRC_SHIM		0x0001u
#define WK_SRC_KERNEL		0x0002u
#define WK_SRC_PAM		0x0004u
#define WK_SRC_NODE		0x0008u	/* an audit hub: the node's whokilled record */
#define WK_SRC_ALL		0x000fu

/* One process of the chain from the outermost ancestor to the killer. */
struct wk_chain_entry {
	int32_t pid;
	int32_t ppid;
	uint64_t start_time;
	uint32_t uid;
	uint32_t euid;
	uint32_t loginuid;	/* WK_ID_UNSET when unknown */
	uint32_t reserved;
	char comm[WK_COMM_MAX];
	char args[WK_ARGS_SHORT_MAX];	/* command line, space-joined, may be cut */
};

/* wk_session_info.flags: WK_SF_* of the session report, plus: */
#define WK_SI_KNOWN		0x0100u	/* a session was joined to this event */
#define WK_SI_CLOSED		0x0200u	/* and it has been closed */

/* The login session a kill was joined to. */
struct wk_session_info {
	uint32_t flags;		/* WK_SI_KNOWN when the rest is valid */
	uint32_t uid;
	uint32_t loginuid;
	uint32_t sessionid;
	uint64_t own_id;
	int32_t pid;		/* the session's login process */
	uint32_t reserved;
	uint64_t start_time;
	struct wk_time opened;
	struct wk_time closed;	/* zero while open */
	char user[WK_USER_MAX];
	char service[WK_SERVICE_MAX];
	char tty[WK_TTY_MAX];
	char rhost[WK_HOST_MAX];
	char ruser[WK_USER_MAX];
};

/*
 * The killer's pid namespace, when it is not the daemon's (a container):
 * the event's pids are the daemon's, these the killer's own view.
 */
struct wk_pid_ns {
	uint64_t id;		/* the namespace's inode (ls -l /proc/PID/ns/pid);
				 * 0: the killer was in the daemon's */
	int32_t caller_pid;	/* the killer's pid there */
	int32_t target_pid;	/* the target's pid there, 0 when none */
};

/*
 * A process's systemd unit and cgroup, as the daemon read them from
 * /proc/PID/cgroup (common/cgroup_unit.h): the cgroup v2 path, or the
 * name=systemd one on a legacy host.
 */
struct wk_cgroup {
	char unit[WK_UNIT_MAX];		/* "nginx.service"; "" none or unknown */
	char path[WK_CGROUP_PATH_MAX];	/* "" unknown; a longer one is cut
					   and ends in "..." */
};

/* One stored attribution. */
struct wk_event {
	struct wk_reply_header hdr;
	int64_t id;
	uint32_t sources;	/* WK_SRC_* */
	uint32_t chain_len;	/* entries used in chain, killer last */
	char boot_id[WK_BOOT_ID_MAX];
	char tty[WK_TTY_MAX];	/* caller's terminal name ("pts/0"), "" if none */
	struct wk_kill_report report;
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_session_info session;
	struct wk_pid_ns pid_ns;
	struct wk_cgroup target_cgroup;	/* the target's (report.target) */
	/* The base name of the target's executable (/proc/PID/exe) when the
	 * daemon read it; "" unknown.  Its comm is this, cut at 15 bytes,
	 * unless the program renamed itself. */
	char target_exe[WK_EXE_BASE_MAX];
	char node[WK_NODE_MAX];	/* the audit node that recorded it; "" this host */
	/* Last: a frame carries report.caller.argv_len bytes of it, and no
	 * code reads past them (wk_event_size). */
	char argv[WK_ARGV_MAX];
};

/* Failed authentications alike in account, service, host and program. */
struct wk_authfail_event {
	struct wk_reply_header hdr;
	int64_t id;		/* the newest of the group */
	uint32_t count;		/* failures in the group */
	uint32_t chain_len;
	char boot_id[WK_BOOT_ID_MAX];
	struct wk_time first;
	struct wk_time last;
	struct wk_authfail_report report;	/* the newest failure */
	struct wk_chain_entry chain[WK_CHAIN_MAX];	/* its program's ancestry */
	char argv[WK_ARGV_MAX];	/* last, as in struct wk_event */
};

struct wk_stats {
	struct wk_reply_header hdr;
	uint64_t received;	/* datagrams read */
	uint64_t stored;	/* rows committed: kills, sessions, failed logins, ends */
	uint64_t rejected_malformed;
	uint64_t rejected_forged;	/* payload disagreed with the kernel's credentials */
	uint64_t rejected_nocred;	/* no credentials attached */
	uint64_t sender_dropped;	/* reports senders said they could not send */
	uint64_t store_errors;	/* rows that could not be stored and were lost */
	uint64_t queries;
	int64_t started;	/* daemon start, seconds since the epoch */
	uint64_t events_total;	/* rows in the store */
	/* The kernel audit trail (auditd plugin, netlink group, log files): */
	uint64_t audit_records;	/* records read */
	uint64_t audit_events;	/* signal events assembled from them */
	uint64_t audit_dropped;	/* records lost before the daemon read them */
	uint64_t audit_duplicates;	/* events read a second time, not stored again */
	uint64_t audit_backfilled;	/* kills stored from log files */
	uint64_t kernel_merged;	/* kernel events joined to a shim report */
	/* Deaths: the process-events connector and the kernel log. */
	uint32_t death_sources;	/* WK_DS_*: what the daemon reads now */
	/* Rows kept in memory while the store fails (full disk...), waiting. */
	uint32_t store_backlog;
	uint64_t exits_seen;	/* process exits the connector reported */
	uint64_t deaths_stored;	/* ends of processes written to the store */
	uint64_t oom_kills;	/* OOM kills read from the kernel log */
	uint64_t proc_events_lost;	/* times the connector dropped events */
	uint64_t kmsg_missed;	/* kernel log records overwritten unread */
	uint64_t procs_tracked;	/* processes in the daemon's table now */
	uint64_t deaths_total;	/* rows in the store's deaths table */
	uint64_t rate_limited;	/* reports dropped by the per-uid rate limit */
	uint32_t sight;		/* WK_SEE_*: what the daemon can see now */
	uint32_t reserved;
	/* Retention (the store's limits of age, size and free space): */
	uint64_t store_bytes;	/* the store's pages, in bytes */
	uint64_t store_used_bytes;	/* of those, pages holding rows */
	int64_t oldest_event;	/* the oldest row's time, epoch s; 0: none */
	uint64_t rows_pruned;	/* rows deleted by retention since start */
	/* An audit hub: its plugin's input and its nodes' records. */
	uint64_t audit_refused;	/* plugin input lines that were no records */
	uint64_t node_records;	/* nodes' whokilled records read */
	uint64_t node_duplicates;	/* of those, read before: not stored again */
	uint64_t node_refused;	/* without a node name, cut, or unreadable */
	/* A node (audit_records = yes): its records in the audit trail. */
	uint64_t trail_written;	/* whokilled records the kernel took */
	uint64_t trail_failed;	/* records it refused or that did not fit */
	uint64_t store_cache_bytes;	/* the store's page cache in memory */
};

/* wk_stats.death_sources */
#define WK_DS_EXITS		0x0001u	/* process exits (events connector) */
#define WK_DS_KMSG		0x0002u	/* OOM kills (kernel log) */
#define WK_DS_ALL		0x0003u

/*
 * wk_stats.sight and wk_death.sight: what the daemon can see now, so that
 * an answer can say what it cannot.  The kill rules are the kernel audit
 * rules of conf/audit/whokilled.rules (every kill, tkill and tgkill);
 * without them static binaries and raw syscalls are not seen.
 */
#define WK_SEE_EXITS		0x0001u	/* process exits: WK_DS_EXITS */
#define WK_SEE_KMSG		0x0002u	/* OOM kills: WK_DS_KMSG */
#define WK_SEE_RULES_READ	0x0004u	/* the kernel's audit rules were read */
#define WK_SEE_KILL_RULES	0x0008u	/* and hold kill rules for every call */
#define WK_SEE_RULES_PART	0x0010u	/* or for some kill calls only */
#define WK_SEE_AUDIT_OFF	0x0020u	/* the kernel's auditing is disabled */
#define WK_SEE_PRELOAD_READ	0x0040u	/* /etc/ld.so.preload was read */
#define WK_SEE_PRELOAD		0x0080u	/* and names libwhokilled.so */
#define WK_SEE_TOLD		0x0100u	/* the bits above are filled in */
#define WK_SEE_GAP		0x0200u	/* wk_death: the daemon was not running
					   for part of the process's life
					   (watch says when) */
#define WK_SEE_ALL		0x03ffu

/* wk_death.kind: how the process ended, or why that is not said. */
enum wk_death_kind {
	WK_DEATH_RUNNING = 1,	/* it has not ended (time: its start) */
	WK_DEATH_EXITED = 2,	/* exit(exit_code) */
	WK_DEATH_SIGNALED = 3,	/* ended by signo (WK_D_CORE: dumped core) */
	WK_DEATH_OOM = 4,	/* chosen by the kernel's OOM killer */
	WK_DEATH_UNKNOWN = 5,	/* ended, but the daemon did not see how */
	WK_DEATH_NO_RECORD = 6,	/* nothing is known of its end (see watch) */
	WK_DEATH_KIND_MAX = WK_DEATH_NO_RECORD,
};

/* wk_death.flags */
#define WK_D_SUBJECT		0x0001u	/* the process the query asked about */
#define WK_D_START_KNOWN	0x0002u	/* start_time is known */
#define WK_D_EXIT_KNOWN		0x0004u	/* exit_status and time: its exit was seen */
#define WK_D_CORE		0x0008u	/* it dumped core */
#define WK_D_SIGNALLED		0x0010u	/* a recorded signal was sent to it */
#define WK_D_SENDER		0x0020u	/* sender names the recorded signal that ended it */
#define WK_D_SENDER_HIDDEN	0x0040u	/* one did, sent by a process the asker may not see */
#define WK_D_SENDER_SESSION	0x0080u	/* sender.session_user is the login session's */
#define WK_D_PARENT_GONE	0x0100u	/* parent_* had exited before it */
#define WK_D_ZOMBIE		0x0200u	/* ended, not yet reaped */
#define WK_D_OOM_CONTEXT	0x0400u	/* oom.constraint and the memcgs are known */
#define WK_D_OOM_GLOBAL		0x0800u	/* the machine ran out, no cgroup limit */
#define WK_D_OOM_GROUP		0x1000u	/* killed with its cgroup's memory.oom.group */
#define WK_D_WATCHING		0x2000u	/* the daemon sees exits now (NO_RECORD) */
#define WK_D_ALL		0x3fffu

/* The recorded signal that ended a process, in brief. */
struct wk_death_sender {
	int64_t event;		/* the wk_event.id */
	int32_t pid;
	uint32_t uid;
	uint32_t loginuid;	/* WK_ID_UNSET when unset */
	uint32_t reserved;
	struct wk_time time;
	char comm[WK_COMM_MAX];
	char session_user[WK_USER_MAX];	/* the login session's user, or "" */
	char via[WK_COMM_MAX];	/* the program the identity changed in (su), or "" */
};

/* What the kernel's OOM killer said when it chose the process. */
struct wk_death_oom {
	struct wk_time time;
	uint64_t total_vm_kb;
	uint64_t anon_rss_kb;
	uint64_t file_rss_kb;
	uint64_t shmem_rss_kb;
	int32_t score_adj;
	uint32_t reserved;
	char constraint[WK_CONSTRAINT_MAX];	/* "CONSTRAINT_MEMCG", or "" */
	char memcg[WK_CGROUP_MAX];	/* the cgroup whose limit was hit */
	char task_memcg[WK_CGROUP_MAX];	/* the process's own memory cgroup */
};

/* When the daemon did and did not watch exits (WK_DEATH_NO_RECORD). */
struct wk_death_watch {
	struct wk_time since;	/* it has seen exits since; 0: it does not */
	struct wk_time gap_from;	/* it last did not see them from... */
	struct wk_time gap_to;	/* ...to; both 0 when it always did */
};

/* How one process ended, or that it runs, or that nothing is known. */
struct wk_death {
	struct wk_reply_header hdr;
	uint32_t kind;		/* enum wk_death_kind */
	uint32_t flags;		/* WK_D_* */
	char boot_id[WK_BOOT_ID_MAX];
	int32_t pid;
	int32_t ppid;		/* its parent at fork, 0 when unknown */
	uint64_t start_time;	/* clock ticks after boot, when WK_D_START_KNOWN */
	uint32_t uid;		/* WK_ID_UNSET when unknown */
	uint32_t exit_status;	/* the wait status, when WK_D_EXIT_KNOWN */
	int32_t exit_code;	/* WK_DEATH_EXITED: its status */
	int32_t signo;		/* SIGNALED and OOM: the signal that ended it */
	struct wk_time time;	/* when it ended (RUNNING: started); 0: unknown */
	char comm[WK_COMM_MAX];
	char args[WK_ARGS_SHORT_MAX];	/* its command line, may be cut or "" */
	int32_t parent_pid;	/* WK_D_PARENT_GONE: the parent that went first */
	uint32_t sight;		/* WK_SEE_* (WK_SEE_TOLD: filled in) when no
				   recorded process sent the signal that
				   ended it: what could explain that */
	char parent_comm[WK_COMM_MAX];
	struct wk_death_sender sender;	/* WK_D_SENDER */
	struct wk_death_oom oom;	/* WK_DEATH_OOM */
	struct wk_death_watch watch;	/* WK_DEATH_NO_RECORD, and WK_SEE_GAP */
	struct wk_cgroup cgroup;	/* its unit and cgroup, when known */
};

/* A signal the query's filters left out, in brief (wk_end). */
struct wk_end_excluded {
	int64_t event;		/* its wk_event.id */
	struct wk_time time;
	int32_t signo;
	int32_t result;		/* what the call returned */
	int32_t error;		/* its errno when result == -1 */
	uint32_t reserved;
};

struct wk_end {
	struct wk_reply_header hdr;
	uint32_t count;		/* events sent before this frame */
	uint32_t other_processes;	/* earlier processes with the same pid not shown */
	char message[WK_MESSAGE_MAX];	/* why nothing was found, or "" */
	/* When no event was sent: the signals to the process shown (that the
	 * asker may see) its signal or time filter left out, and the newest
	 * of them. */
	uint32_t filtered_out;
	uint32_t reserved;
	struct wk_end_excluded excluded;
};

struct wk_error {
	struct wk_reply_header hdr;
	int32_t code;		/* an errno value */
	uint32_t reserved;
	char message[WK_MESSAGE_MAX];
};

/* wk_request.via: how the request is known */
enum wk_request_via {
	WK_VIA_BUS = 1,		/* a method call seen on the system bus */
	WK_VIA_SYSTEMCTL = 2,	/* a systemctl running at that moment */
	WK_VIA_SYSTEMD = 3,	/* systemd's own doing */
	WK_VIA_MAX = WK_VIA_SYSTEMD,
};

/* wk_request.verb: what systemd was doing when it sent the signal */
enum wk_request_verb {
	WK_VERB_UNKNOWN = 0,
	WK_VERB_STOP = 1,
	WK_VERB_RESTART = 2,
	WK_VERB_KILL = 3,
	WK_VERB_STOP_TIMEOUT = 4,	/* SIGKILL after TimeoutStopSec */
	WK_VERB_DEPENDENCY = 5,		/* another unit's stop pulled it in */
	WK_VERB_RESTART_POLICY = 6,	/* Restart= after its main process ended */
	WK_VERB_WATCHDOG = 7,
	WK_VERB_SHUTDOWN = 8,
	WK_VERB_MAX = WK_VERB_SHUTDOWN,
};

#define WK_UNIT_MAX		256	/* a unit name (systemd allows 255) */
#define WK_METHOD_MAX		64	/* "StopUnit", "private socket"... */
/* wk_request.method of a systemctl: its connection to systemd's private
 * socket was seen, or only its command line names the verb and unit. */
#define WK_METHOD_PRIVATE_SOCKET	"private socket"
#define WK_METHOD_ARGV			"argv"

/* wk_request.flags */
#define WK_RQ_EXACT		0x0001u	/* the caller was seen asking, not inferred */
#define WK_RQ_CALLER		0x0002u	/* caller holds who asked */
#define WK_RQ_JOB		0x0004u	/* job is systemd's job id */
#define WK_RQ_ALL		0x0007u

/*
 * Who asked systemd (PID 1) to do what ended in the signal of the event
 * frame sent just before this one, as the daemon's bus monitor saw it.
 * caller has the killer's shape: report.caller, chain, session and tty
 * of the process that asked (its target and result are unused, zero).
 */
struct wk_request {
	struct wk_reply_header hdr;
	int64_t event;		/* the wk_event.id it explains */
	uint32_t via;		/* enum wk_request_via */
	uint32_t verb;		/* enum wk_request_verb */
	uint32_t flags;		/* WK_RQ_* */
	uint32_t job;		/* WK_RQ_JOB: systemd's job id */
	struct wk_time time;	/* when it was asked (or the job made) */
	char unit[WK_UNIT_MAX];	/* the unit acted on */
	/* WK_VERB_DEPENDENCY: the unit whose stop pulled this one in */
	char cause_unit[WK_UNIT_MAX];
	/* the method called ("StopUnit"), WK_METHOD_PRIVATE_SOCKET or
	 * WK_METHOD_ARGV for a systemctl, or "" */
	char method[WK_METHOD_MAX];
	/* the job's verb as asked, when it differs from verb ("stop" for a
	 * dependency), or "" */
	char job_verb[WK_METHOD_MAX];
	struct wk_event caller;
};

/* Largest reply frame, for receive buffers. */
#define WK_REPLY_MAX		sizeof(struct wk_request)
/* Largest report datagram. */
#define WK_REPORT_MAX		(sizeof(union wk_report_any) + WK_ARGV_MAX + \
				 WK_TARGET_CGROUP_MAX)
/* The fixed part of the frames that end with argv. */
#define WK_EVENT_FIXED		offsetof(struct wk_event, argv)
#define WK_AUTHFAIL_EVENT_FIXED	offsetof(struct wk_authfail_event, argv)
#define WK_REQUEST_FIXED	(offsetof(struct wk_request, caller) + \
				 WK_EVENT_FIXED)

/* ---------------------------------------------------------------- codec */

/*
 * Each decoder checks that buf holds exactly one well-formed message of a
 * known type and version, copies it into *out (aligned) and returns 0.  On
 * any fault it returns -1, leaves *out unspecified and points *why at a
 * static string saying what was wrong.  The reports that carry a command
 * line copy its caller.argv_len bytes into argv (WK_ARGV_MAX bytes); the
 * frames that end with argv copy only up to its end: the rest of *out's
 * argv is left as it was.
 */
int wk_decode_report(const void *buf, size_t len, struct wk_kill_report *out,
    char *argv, const char **why);
/* The target's cgroup bytes (out->target.cgroup_len of them) in the
 * datagram buf that wk_decode_report took as out, or NULL for none. */
const char *wk_report_cgroup(const void *buf,
    const struct wk_kill_report *out);
int wk_decode_session(const void *buf, size_t len,
    struct wk_session_report *out, const char **why);
int wk_decode_authfail(const void *buf, size_t len,
    struct wk_authfail_report *out, char *argv, const char **why);
int wk_decode_kill_result(const void *buf, size_t len,
    struct wk_kill_result *out, const char **why);
/* Any report: dispatches on the header's type; out->hdr.type says which. */
int wk_decode_any(const void *buf, size_t len, union wk_report_any *out,
    char *argv, const char **why);

/*
 * Whether argv (len bytes) with its caller's argc and cut is well formed:
 * NUL-terminated arguments, a cut that names strings argv holds and counts
 * that add up to argc.  1 or 0 with *why.
 */
int wk_argv_valid(const struct wk_caller *c, uint32_t flags,
    const char *argv, const char **why);

/* Bytes of the frame ev or fa is: the fixed part and argv's used bytes.
 * Copies and frames of events take this many (argv's rest is unused). */
size_t wk_event_size(const struct wk_event *ev);
size_t wk_authfail_event_size(const struct wk_authfail_event *fa);
/* Bytes of a request frame: its caller's argv is last, used bytes only. */
size_t wk_request_size(const struct wk_request *req);
/* *dst = *src, but only their wk_event_size / wk_authfail_event_size. */
void wk_event_copy(struct wk_event *dst, const struct wk_event *src);
void wk_authfail_event_copy(struct wk_authfail_event *dst,
    const struct wk_authfail_event *src);
int wk_decode_query(const void *buf, size_t len, struct wk_query *out,
    const char **why);

/* Reads the header of a reply frame: 0 with *type and *size, or -1 / *why. */
int wk_peek_reply(const void *buf, size_t len, uint16_t *type, uint32_t *size,
    const char **why);
int wk_decode_event(const void *buf, size_t len, struct wk_event *out,
    const char **why);
int wk_decode_stats(const void *buf, size_t len, struct wk_stats *out,
    const char **why);
int wk_decode_end(const void *buf, size_t len, struct wk_end *out,
    const char **why);
int wk_decode_error(const void *buf, size_t len, struct wk_error *out,
    const char **why);
int wk_decode_authfail_event(const void *buf, size_t len,
    struct wk_authfail_event *out, const char **why);
int wk_decode_request(const void *buf, size_t len, struct wk_request *out,
    const char **why);
/* "bus", "systemctl"...; "stop", "stop-timeout"...: the JSON words. */
const char *wk_request_via_name(uint32_t via);
const char *wk_request_verb_name(uint32_t verb);
int wk_decode_death(const void *buf, size_t len, struct wk_death *out,
    const char **why);

/* Fill the fixed header fields of a message of the given type. */
void wk_report_init(struct wk_kill_report *r);
void wk_session_init(struct wk_session_report *r, uint16_t type);
void wk_authfail_init(struct wk_authfail_report *r);
void wk_kill_result_init(struct wk_kill_result *m);
void wk_query_init(struct wk_query *q, uint16_t type);
void wk_reply_init(struct wk_reply_header *h, uint16_t type, uint32_t size);

#endif
