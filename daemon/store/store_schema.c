#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include <sqlite3.h>

#include "store_error.h"
#include "store_schema.h"

#define STORE_STRINGIFY_(x)	#x
#define STORE_STRINGIFY(x)	STORE_STRINGIFY_(x)

/*
 * Schema version 1: one row per attribution in the table kills.  The SQL
 * comments are kept by SQLite, so `sqlite3 FILE .schema` shows them.
 * Version 2 (schema_v2_sql) adds the login sessions and failed logins,
 * version 3 (schema_v3_sql) the kernel audit event of a kill, version 4
 * (schema_v4_sql) the ends of processes and the daemon's runs, version 5
 * (schema_v5_sql) indexes kills by target process, not by login, version 6
 * (schema_v6_sql) counts the processes a group kill reached, version 7
 * (schema_v7_sql) the pid namespace of a killer in a container, version 8
 * (schema_v8_kills_sql, schema_v8_deaths_sql) the systemd unit and cgroup
 * of a signal's target and of a process that ended, version 9
 * (schema_v9_sql) where a long command line was cut, version 10
 * (schema_v10_sql) the indexes retention deletes by, version 11
 * (schema_v11_sql) the indexes of the lists of any pid, version 12
 * (schema_v12_sql) an audit hub's nodes, version 13 (schema_v13_*) the
 * executable's base name of a target and of a process that ended, version
 * 14 (schema_v14_sql) who asked systemd for a signal, version 15
 * (schema_v15_sql) the lists of an audit hub's node, version 16
 * (schema_v16_sql) the ends of processes on an audit hub's nodes; a new store
 * is made by running them all, so a new store and a migrated one are
 * alike.
 *
 * A process is boot_id + pid + start_time (clock ticks after boot, field 22
 * of /proc/PID/stat): pids are reused, start times are not within one boot.
 * Unsigned 32-bit ids are stored as their value (4294967295 is "unset" for
 * killer_loginuid and killer_sessionid, as in audit records); start times
 * as the 64-bit integer of the same bits.
 *
 * killer_argv is exact: a BLOB of the argument bytes, each argument ending
 * with a NUL (so `cast(replace(killer_argv, x'00', ' ') as text)` reads it).
 *
 * chain is a BLOB of the processes from the outermost ancestor to the
 * killer, at most WK_CHAIN_MAX: packed since version 5 (store_chain.h),
 * before that struct wk_chain_entry (include/whokilled/wire.h) in host byte
 * order.  A blob that is neither whole is read as no chain.
 */
static const char schema_v1_sql[] =
	"CREATE TABLE kills (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  boot_id TEXT NOT NULL,          -- kernel boot id of the host\n"
	"  time_sec INTEGER NOT NULL,      -- when the signal was sent, epoch s\n"
	"  time_nsec INTEGER NOT NULL,\n"
	"  call INTEGER NOT NULL,          -- 1 kill 2 killpg 3 sigqueue"
	" 4 tgkill 5 pidfd_send_signal\n"
	"  signo INTEGER NOT NULL,\n"
	"  result INTEGER NOT NULL,        -- what the call returned\n"
	"  error INTEGER NOT NULL,         -- its errno, or 0\n"
	"  sources INTEGER NOT NULL,       -- bits: 1 shim 2 kernel 4 pam\n"
	"  flags INTEGER NOT NULL,         -- bits: 1 target read 2 group"
	" 4 all 8 argv cut 16 killer stat read\n"
	"  dropped INTEGER NOT NULL,       -- reports the killer lost before\n"
	"  target_pid INTEGER NOT NULL,    -- 0 when the target was not read\n"
	"  target_start_time INTEGER NOT NULL,\n"
	"  target_uid INTEGER NOT NULL,\n"
	"  target_comm TEXT NOT NULL,\n"
	"  target_ppid INTEGER NOT NULL,\n"
	"  arg_pid INTEGER NOT NULL,       -- first argument of the call\n"
	"  arg_tid INTEGER NOT NULL,       -- tgkill's tid, else 0\n"
	"  killer_pid INTEGER NOT NULL,\n"
	"  killer_ppid INTEGER NOT NULL,\n"
	"  killer_tid INTEGER NOT NULL,\n"
	"  killer_start_time INTEGER NOT NULL,\n"
	"  killer_uid INTEGER NOT NULL,\n"
	"  killer_euid INTEGER NOT NULL,\n"
	"  killer_suid INTEGER NOT NULL,\n"
	"  killer_gid INTEGER NOT NULL,\n"
	"  killer_egid INTEGER NOT NULL,\n"
	"  killer_sgid INTEGER NOT NULL,\n"
	"  killer_loginuid INTEGER NOT NULL, -- audit login uid (AUID)\n"
	"  killer_sessionid INTEGER NOT NULL, -- audit session id\n"
	"  killer_sid INTEGER NOT NULL,    -- POSIX session\n"
	"  killer_pgid INTEGER NOT NULL,\n"
	"  killer_tty_nr INTEGER NOT NULL,\n"
	"  killer_tty TEXT NOT NULL,       -- pts/0, or ''\n"
	"  killer_comm TEXT NOT NULL,\n"
	"  killer_exe TEXT NOT NULL,\n"
	"  killer_argc INTEGER NOT NULL,   -- arguments it had, stored or not\n"
	"  killer_argv BLOB NOT NULL,      -- NUL-terminated arguments\n"
	"  chain BLOB NOT NULL             -- struct wk_chain_entry[]\n"
	");\n"
	"CREATE INDEX kills_by_target ON kills (target_pid, time_sec, time_nsec);\n"
	"CREATE INDEX kills_by_login ON kills"
	" (killer_loginuid, time_sec, time_nsec);\n"
	"CREATE INDEX kills_by_time ON kills (time_sec, time_nsec);\n";

/*
 * Version 2.  sessions: one row per PAM session, from its open report (or
 * from its close alone when the open was never seen: opened_sec 0).  A
 * kill's session_id names the session it was joined to when stored.
 *
 * authfails: one row per failed authentication, with the program that
 * asked PAM (caller_*, as in kills) and its chain, the same BLOBs as in
 * kills.
 */
static const char schema_v2_sql[] =
	"ALTER TABLE kills ADD COLUMN session_id INTEGER;\n"
	"CREATE TABLE sessions (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  boot_id TEXT NOT NULL,\n"
	"  pid INTEGER NOT NULL,           -- the process that opened it\n"
	"  start_time INTEGER NOT NULL,    -- its start, clock ticks after boot\n"
	"  uid INTEGER NOT NULL,           -- the user logging in\n"
	"  loginuid INTEGER NOT NULL,      -- audit login uid after the open\n"
	"  sessionid INTEGER NOT NULL,     -- audit session id after the open\n"
	"  own_id INTEGER NOT NULL,        -- the module's own id, or 0\n"
	"  flags INTEGER NOT NULL,         -- bits: 1 stamped 2 refused"
	" 4 no audit 8 own id 16 item cut\n"
	"  user TEXT NOT NULL,             -- PAM_USER\n"
	"  service TEXT NOT NULL,\n"
	"  tty TEXT NOT NULL,\n"
	"  rhost TEXT NOT NULL,\n"
	"  ruser TEXT NOT NULL,\n"
	"  opened_sec INTEGER NOT NULL,    -- 0 when only the close was seen\n"
	"  opened_nsec INTEGER NOT NULL,\n"
	"  closed_sec INTEGER NOT NULL,    -- 0 while open\n"
	"  closed_nsec INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX sessions_by_audit ON sessions"
	" (boot_id, loginuid, sessionid);\n"
	"CREATE INDEX sessions_by_process ON sessions"
	" (boot_id, pid, start_time);\n"
	"CREATE INDEX sessions_by_own_id ON sessions (own_id);\n"
	"CREATE TABLE authfails (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  boot_id TEXT NOT NULL,\n"
	"  time_sec INTEGER NOT NULL,\n"
	"  time_nsec INTEGER NOT NULL,\n"
	"  flags INTEGER NOT NULL,         -- bits: 16 a PAM item was cut\n"
	"  dropped INTEGER NOT NULL,       -- reports the sender lost before\n"
	"  user TEXT NOT NULL,             -- the account tried (PAM_USER)\n"
	"  service TEXT NOT NULL,\n"
	"  tty TEXT NOT NULL,\n"
	"  rhost TEXT NOT NULL,\n"
	"  ruser TEXT NOT NULL,\n"
	"  caller_pid INTEGER NOT NULL,    -- the program that asked PAM\n"
	"  caller_ppid INTEGER NOT NULL,\n"
	"  caller_tid INTEGER NOT NULL,\n"
	"  caller_start_time INTEGER NOT NULL,\n"
	"  caller_uid INTEGER NOT NULL,\n"
	"  caller_euid INTEGER NOT NULL,\n"
	"  caller_suid INTEGER NOT NULL,\n"
	"  caller_gid INTEGER NOT NULL,\n"
	"  caller_egid INTEGER NOT NULL,\n"
	"  caller_sgid INTEGER NOT NULL,\n"
	"  caller_loginuid INTEGER NOT NULL,\n"
	"  caller_sessionid INTEGER NOT NULL,\n"
	"  caller_sid INTEGER NOT NULL,\n"
	"  caller_pgid INTEGER NOT NULL,\n"
	"  caller_tty_nr INTEGER NOT NULL,\n"
	"  caller_comm TEXT NOT NULL,\n"
	"  caller_exe TEXT NOT NULL,\n"
	"  caller_argc INTEGER NOT NULL,\n"
	"  caller_argv BLOB NOT NULL,      -- NUL-terminated arguments\n"
	"  chain BLOB NOT NULL             -- struct wk_chain_entry[]\n"
	");\n"
	"CREATE INDEX authfails_by_user ON authfails"
	" (user, time_sec, time_nsec);\n"
	"CREATE INDEX authfails_by_time ON authfails (time_sec, time_nsec);\n";

/*
 * Version 3: the kernel audit event a kill was seen in, as its record
 * header names it (msg=audit(SEC.MSEC:SERIAL)); NULL for a kill only the
 * preload shim reported.  The kernel numbers events per boot, so boot id,
 * serial and time name one event; with the target pid they name one row,
 * and the unique index makes a second copy of the same event (delivered by
 * the auditd plugin and the netlink group both, or read again from a log)
 * store nothing.
 */
static const char schema_v3_sql[] =
	"ALTER TABLE kills ADD COLUMN audit_sec INTEGER;"
	"   -- kernel audit event: msg=audit(SEC.MSEC:SERIAL)\n"
	"ALTER TABLE kills ADD COLUMN audit_msec INTEGER;\n"
	"ALTER TABLE kills ADD COLUMN audit_serial INTEGER;\n"
	"CREATE UNIQUE INDEX kills_by_audit_event ON kills"
	" (boot_id, audit_serial, audit_sec, audit_msec, target_pid)"
	" WHERE audit_serial IS NOT NULL;\n";

/*
 * Version 4: how processes ended, and when the daemon ran.
 *
 * deaths: one row per process (boot_id + pid + start_time; start_time 0
 * when it could not be known) whose end the daemon keeps: every one that
 * died of a signal, was sent a recorded signal or was chosen by the OOM
 * killer, and the plain exits of processes that ran long enough (see
 * whokilledd(8)); pruned to the deaths_max newest, plain exits first.
 * The process-events connector gives the exit (status: the wait status,
 * as task->exit_code: the exit code in bits 8-15, or the signal in bits
 * 0-6 and 128 for a core dump), the kernel log the OOM kill (oom_*); the
 * two arrive in either order and merge into the row.  kind says how it
 * ended: 1 exited, 2 killed by a signal, 3 the same with a core dump,
 * 4 killed by the OOM killer, 5 ended without its exit being seen.
 *
 * daemon_runs: one row per start of the daemon, so an answer can say
 * when it was not running.  alive_sec is the last time it was known to
 * run (kept current while it does), stopped_sec its clean stop (NULL when
 * it was killed or runs); kmsg_seq the last kernel log record it read,
 * so a restart in the same boot reads the OOM kills it missed, once.
 */
static const char schema_v4_sql[] =
	"CREATE TABLE deaths (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  boot_id TEXT NOT NULL,\n"
	"  pid INTEGER NOT NULL,\n"
	"  start_time INTEGER NOT NULL,    -- clock ticks after boot; 0 unknown\n"
	"  ppid INTEGER NOT NULL,          -- its parent at fork, or 0\n"
	"  uid INTEGER NOT NULL,           -- 4294967295 when unknown\n"
	"  comm TEXT NOT NULL,\n"
	"  args TEXT NOT NULL,             -- command line, may be cut\n"
	"  kind INTEGER NOT NULL,          -- 1 exited 2 signal 3 signal+core"
	" 4 oom 5 unknown\n"
	"  exit_sec INTEGER,               -- when it ended; NULL: not seen\n"
	"  exit_nsec INTEGER,\n"
	"  status INTEGER,                 -- wait status; NULL: not seen\n"
	"  signalled INTEGER NOT NULL,     -- 1: a recorded signal was sent"
	" to it\n"
	"  parent_pid INTEGER NOT NULL,    -- its parent, when that ended"
	" first; else 0\n"
	"  parent_comm TEXT NOT NULL,\n"
	"  oom_sec INTEGER,                -- when the OOM killer chose it\n"
	"  oom_nsec INTEGER,\n"
	"  oom_seq INTEGER,                -- its kernel log record\n"
	"  oom_flags INTEGER,              -- bits: 1 context 4 global"
	" 8 oom.group 16 cut\n"
	"  oom_constraint TEXT,\n"
	"  oom_memcg TEXT,                 -- the cgroup whose limit was hit\n"
	"  oom_task_memcg TEXT,\n"
	"  oom_total_vm_kb INTEGER,\n"
	"  oom_anon_rss_kb INTEGER,\n"
	"  oom_file_rss_kb INTEGER,\n"
	"  oom_shmem_rss_kb INTEGER,\n"
	"  oom_score_adj INTEGER\n"
	");\n"
	"CREATE UNIQUE INDEX deaths_by_process ON deaths"
	" (boot_id, pid, start_time);\n"
	"CREATE INDEX deaths_by_pid ON deaths (pid, exit_sec);\n"
	"CREATE TABLE daemon_runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  boot_id TEXT NOT NULL,\n"
	"  started_sec INTEGER NOT NULL,\n"
	"  started_nsec INTEGER NOT NULL,\n"
	"  alive_sec INTEGER NOT NULL,     -- last time it was known to run\n"
	"  stopped_sec INTEGER,            -- NULL: killed, or running\n"
	"  flags INTEGER NOT NULL,         -- bits: 1 saw exits 2 read the"
	" kernel log\n"
	"  kmsg_seq INTEGER                -- last kernel log record read\n"
	");\n";

/*
 * Version 5.  "Who signalled pid P" asks which processes had P, then for
 * the events of one of them: with boot id and start time in the index both
 * are answered from the index alone (at 10 million events, 11 ms -> 1 ms
 * median), and the time order within one process stays in it.  No
 * question asks by the killer's login uid, so kills_by_login goes: every
 * insert paid for it (inserts +20% without it).
 */
static const char schema_v5_sql[] =
	"DROP INDEX IF EXISTS kills_by_target;\n"
	"CREATE INDEX kills_by_target ON kills"
	" (target_pid, boot_id, target_start_time, time_sec, time_nsec);\n"
	"DROP INDEX IF EXISTS kills_by_login;\n";

/*
 * Version 6.  A kill sent to a process group or to every process (kill
 * -1) is stored as one row per process it reached (WK_GROUP_ROWS_MAX at
 * most): the call's own row, whose target is the one the call named, and
 * rows flagged 64 (a member of the group: the daemon's copy of the call
 * for another process).  reached is how many processes the daemon found
 * there at the call, so "and N more" can be said; 0 when not counted.
 * The flags column also says 32 (the report left before delivery, its
 * result was still to come) and, with the result never come, the result
 * columns stay 0.
 */
static const char schema_v6_sql[] =
	"ALTER TABLE kills ADD COLUMN reached INTEGER NOT NULL DEFAULT 0;"
	"   -- processes a group kill reached, 0 not counted\n";

/*
 * Version 7: a killer in another pid namespace (a container).  The row's
 * pids are the daemon's; pid_ns is that namespace (the inode of
 * /proc/PID/ns/pid), killer_ns_pid and target_ns_pid their pids there
 * (0: none).  All 0 for a killer in the daemon's own namespace.
 */
static const char schema_v7_sql[] =
	"ALTER TABLE kills ADD COLUMN pid_ns INTEGER NOT NULL DEFAULT 0;"
	"   -- the killer's pid namespace when not the host's, else 0\n"
	"ALTER TABLE kills ADD COLUMN killer_ns_pid INTEGER NOT NULL"
	" DEFAULT 0;   -- the killer's pid there\n"
	"ALTER TABLE kills ADD COLUMN target_ns_pid INTEGER NOT NULL"
	" DEFAULT 0;   -- the target's pid there, 0 when none\n";

/*
 * Version 8: the systemd unit and cgroup of a signal's target and of a
 * process that ended, as the daemon read them from /proc/PID/cgroup
 * (NULL: not known; a unit of '' is never stored: NULL).  cgroup is the
 * cgroup v2 path, or systemd's name=systemd one on a legacy host; unit is
 * the unit it belongs to (a user manager's process: the user's unit).
 * "What happened to nginx.service" asks by unit and time, newest first:
 * indexed, for rows that have a unit only (most signals of a host without
 * systemd have none, and cost no index entry).
 */
static const char schema_v8_kills_sql[] =
	"ALTER TABLE kills ADD COLUMN target_unit TEXT;"
	"   -- the target's systemd unit, NULL unknown or none\n"
	"ALTER TABLE kills ADD COLUMN target_cgroup TEXT;"
	"   -- its cgroup path, NULL unknown\n";

static const char schema_v8_deaths_sql[] =
	"ALTER TABLE deaths ADD COLUMN unit TEXT;"
	"   -- its systemd unit, NULL unknown or none\n"
	"ALTER TABLE deaths ADD COLUMN cgroup TEXT;"
	"   -- its cgroup path, NULL unknown\n";

static const char schema_v8_index_sql[] =
	"CREATE INDEX IF NOT EXISTS kills_by_unit ON kills"
	" (target_unit, time_sec, time_nsec) WHERE target_unit IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS deaths_by_unit ON deaths"
	" (unit, exit_sec, exit_nsec) WHERE unit IS NOT NULL;\n";

/*
 * Version 9: where a long command line was cut (struct wk_argv_cut):
 * killer_argv (caller_argv) then holds its first arguments, then its last
 * ones; the first argv_cut_head strings are those before the cut,
 * argv_cut_args arguments and argv_cut_bytes bytes of them were left out
 * there.  argv_cut_flags: 1 the string before the cut is only the start of
 * its argument, 2 the string after it only the end of its argument, 4 of
 * the same one.  All 0 when it is whole (or, with bit 8 of flags, cut at
 * its end by an amount not known: a kernel audit record).
 */
static const char schema_v9_sql[] =
	"ALTER TABLE kills ADD COLUMN killer_argv_cut_head INTEGER NOT NULL"
	" DEFAULT 0;   -- strings of killer_argv before its cut, 0 none\n"
	"ALTER TABLE kills ADD COLUMN killer_argv_cut_flags INTEGER NOT NULL"
	" DEFAULT 0;   -- 1 start of an argument before, 2 end of one after,"
	" 4 of one\n"
	"ALTER TABLE kills ADD COLUMN killer_argv_cut_args INTEGER NOT NULL"
	" DEFAULT 0;   -- arguments left out whole at the cut\n"
	"ALTER TABLE kills ADD COLUMN killer_argv_cut_bytes INTEGER NOT NULL"
	" DEFAULT 0;   -- bytes of arguments left out there\n"
	"ALTER TABLE authfails ADD COLUMN caller_argv_cut_head INTEGER NOT NULL"
	" DEFAULT 0;   -- as killer_argv_cut_head\n"
	"ALTER TABLE authfails ADD COLUMN caller_argv_cut_flags INTEGER NOT NULL"
	" DEFAULT 0;\n"
	"ALTER TABLE authfails ADD COLUMN caller_argv_cut_args INTEGER NOT NULL"
	" DEFAULT 0;\n"
	"ALTER TABLE authfails ADD COLUMN caller_argv_cut_bytes INTEGER NOT NULL"
	" DEFAULT 0;\n";

/*
 * Version 10: retention deletes the oldest rows of every kind first, in
 * small batches, so each table needs its rows in time order.  kills and
 * authfails have theirs (by_time); a session's time is its close (its
 * open while it is open, or when its close was never seen), a process
 * end's the exit (or the OOM kill when the exit was not seen).  The
 * expressions are those of daemon/store/store_prune.c, to the letter:
 * SQLite uses an index on an expression only for the same expression.
 */
static const char schema_v10_sql[] =
	"CREATE INDEX IF NOT EXISTS sessions_by_end ON sessions"
	" ((CASE WHEN closed_sec != 0 THEN closed_sec ELSE opened_sec END));\n"
	"CREATE INDEX IF NOT EXISTS deaths_by_end ON deaths"
	" (coalesce(exit_sec, oom_sec));\n";

/*
 * Version 11: the indexes of the lists (whokilled without a pid, with a
 * NAME, with --by USER: daemon/store/store_list.c), so that each reads
 * only the rows it shows, newest first, at 10 million events:
 *  - kills_by_comm and deaths_by_comm: a NAME (a glob with a fixed
 *    prefix too);
 *  - kills_by_login, and two partial indexes holding only the rows where
 *    the uid differs from the login uid (daemons, su) and the euid from
 *    the uid (setuid programs): --by is three disjoint branches;
 *  - deaths_by_time: ends newest first (when the exit was not seen, the
 *    OOM kill's time).
 * What each costs at ingest and on disk: bench/RESULTS.md.
 */
static const char schema_v11_sql[] =
	"CREATE INDEX IF NOT EXISTS kills_by_comm ON kills"
	" (target_comm, time_sec, time_nsec);\n"
	"CREATE INDEX IF NOT EXISTS kills_by_login ON kills"
	" (killer_loginuid, time_sec, time_nsec);\n"
	"CREATE INDEX IF NOT EXISTS kills_by_uid ON kills"
	" (killer_uid, time_sec, time_nsec)"
	" WHERE killer_uid != killer_loginuid;\n"
	"CREATE INDEX IF NOT EXISTS kills_by_euid ON kills"
	" (killer_euid, time_sec, time_nsec)"
	" WHERE killer_euid != killer_uid;\n"
	"CREATE INDEX IF NOT EXISTS deaths_by_time ON deaths"
	" (coalesce(exit_sec, oom_sec), coalesce(exit_nsec, oom_nsec));\n"
	"CREATE INDEX IF NOT EXISTS deaths_by_comm ON deaths"
	" (comm, coalesce(exit_sec, oom_sec), coalesce(exit_nsec, oom_nsec));\n";

/*
 * Version 12: an audit hub's nodes.  node is the node= name of the audit
 * records a kill came from ('' for this host's own kills), node_session
 * the node's login session as its whokilled record told it (a node's
 * sessions have no row in this host's sessions table).  Two nodes number
 * their audit events independently, so the unique audit index gains the
 * node; node_records remembers the whokilled records of nodes already
 * read (node, msg=audit(SEC.MSEC:SERIAL)), so a record delivered twice
 * stores nothing twice.  The questions by pid use kills_by_target and
 * test the node in the rows it finds; lists by node have their index
 * since version 15.  Version 11 is the lists' step, which comes
 * before; this one tests for its column, so it runs alike on a store at
 * version 10 or 11.  Retention deletes node_records with the kills of
 * their time (store_prune.c, by node_records_by_sec), so the table does
 * not grow without bound.
 */
static const char schema_v12_sql[] =
	"ALTER TABLE kills ADD COLUMN node TEXT NOT NULL DEFAULT '';"
	"   -- audit node= of a hub's node, '' this host\n"
	"ALTER TABLE kills ADD COLUMN node_session BLOB;"
	"   -- the node's login session, as its record told it\n"
	"DROP INDEX IF EXISTS kills_by_audit_event;\n"
	"CREATE UNIQUE INDEX kills_by_audit_event ON kills"
	" (boot_id, audit_serial, audit_sec, audit_msec, target_pid, node)"
	" WHERE audit_serial IS NOT NULL;\n"
	"CREATE TABLE IF NOT EXISTS node_records (\n"
	"  node TEXT NOT NULL,\n"
	"  serial INTEGER NOT NULL,\n"
	"  sec INTEGER NOT NULL,\n"
	"  msec INTEGER NOT NULL,\n"
	"  PRIMARY KEY (node, serial, sec, msec)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS node_records_by_sec ON node_records (sec);"
	"   -- retention deletes the oldest\n";

/*
 * Version 13: the base name of the executable of a signal's target and of
 * a process that ended (/proc/PID/exe, read by the daemon at its exec or
 * when a report names it; NULL unknown).  The kernel's comm is the name
 * the program was started by cut at 15 bytes, or what it renamed itself
 * to: a list by NAME matches either, each through its own index.
 */
static const char schema_v13_kills_sql[] =
	"ALTER TABLE kills ADD COLUMN target_exe TEXT;"
	"   -- the target's executable's base name, NULL unknown\n";
static const char schema_v13_deaths_sql[] =
	"ALTER TABLE deaths ADD COLUMN exe TEXT;"
	"   -- its executable's base name, NULL unknown\n";
static const char schema_v13_index_sql[] =
	"CREATE INDEX IF NOT EXISTS kills_by_exe ON kills"
	" (target_exe, time_sec, time_nsec) WHERE target_exe IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS deaths_by_exe ON deaths"
	" (exe, coalesce(exit_sec, oom_sec), coalesce(exit_nsec, oom_nsec))"
	" WHERE exe IS NOT NULL;\n";

/*
 * Version 14: who asked systemd for a signal PID 1 sent (the daemon's
 * memory of the bus keeps it ten minutes): the request frame as the
 * daemon sends it, keyed as the signal is.  Retention deletes it with the
 * kills of its time.
 */
static const char schema_v14_sql[] =
	"CREATE TABLE IF NOT EXISTS requests (\n"
	"  boot_id TEXT NOT NULL,\n"
	"  time_sec INTEGER NOT NULL,\n"
	"  time_nsec INTEGER NOT NULL,\n"
	"  target_pid INTEGER NOT NULL,\n"
	"  signo INTEGER NOT NULL,\n"
	"  frame BLOB NOT NULL,   -- struct wk_request, its used bytes\n"
	"  PRIMARY KEY (boot_id, time_sec, time_nsec, target_pid, signo)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS requests_by_sec ON requests (time_sec);"
	"   -- retention deletes the oldest\n";

/*
 * Version 15: a node's kills newest first (whokilled --node NAME with no
 * pid).  Partial: a host that is no hub stores '' in every row and pays
 * nothing for it; a list by node asks node != '' to be served by it.
 * And kills_by_target gains the node after the pid: since version 12 the
 * questions by pid test the node, which the index did not hold, so every
 * row of the pid was read from the table again (at 10 million events,
 * about 300 rows a pid: `whokilled PID` went from 0.4 to 20 ms at the
 * median).  Rebuilding it takes about 2 s a million rows, once.
 */
static const char schema_v15_sql[] =
	"CREATE INDEX IF NOT EXISTS kills_by_node ON kills"
	" (node, time_sec, time_nsec) WHERE node != '';\n"
	"DROP INDEX IF EXISTS kills_by_target;\n"
	"CREATE INDEX kills_by_target ON kills (target_pid, node, boot_id,"
	" target_start_time, time_sec, time_nsec);\n";

/*
 * Version 16: the ends of processes an audit hub's nodes tell it
 * (op=whokilled-end), under the node's name; '' on this host.  A node's
 * process is node + pid + start_time, its boot_id ''.  The unique index
 * of a process gains the node, last: this host's lookups are served as
 * before.
 */
static const char schema_v16_column_sql[] =
	"ALTER TABLE deaths ADD COLUMN node TEXT NOT NULL DEFAULT '';"
	"   -- an audit hub's node; '' this host\n";
static const char schema_v16_index_sql[] =
	"DROP INDEX IF EXISTS deaths_by_process;\n"
	"CREATE UNIQUE INDEX deaths_by_process ON deaths"
	" (boot_id, pid, start_time, node);\n";

/* Runs a single-value query; 0 with *value, or -1 with the SQLite code. */
static int
query_int(sqlite3 *db, const char *sql, int *value, int *rc)
{
	sqlite3_stmt *stmt = NULL;
	int ret = -1;

	*rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (*rc != SQLITE_OK)
		goto out;
	*rc = sqlite3_step(stmt);
	if (*rc != SQLITE_ROW)
		goto out;
	*value = sqlite3_column_int(stmt, 0);
	*rc = SQLITE_OK;
	ret = 0;
out:
	sqlite3_finalize(stmt);
	return ret;
}

/* Whether table has column name: 0 with *has, or -1 with the SQLite code. */
static int
has_column(sqlite3 *db, const char *table, const char *name, int *has,
    int *rc)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s')"
	    " WHERE name = '%s'", table, name);
	return query_int(db, sql, has, rc);
}

/*
 * Version 8, run where a column is not there yet (a store stamped down to
 * an older version keeps the columns it has).  0, or -1 with *rc.
 */
static int
schema_v8(sqlite3 *db, int *rc)
{
	int has;

	if (has_column(db, "kills", "target_unit", &has, rc) == -1)
		return -1;
	if (!has && (*rc = sqlite3_exec(db, schema_v8_kills_sql, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return -1;
	if (has_column(db, "deaths", "unit", &has, rc) == -1)
		return -1;
	if (!has && (*rc = sqlite3_exec(db, schema_v8_deaths_sql, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return -1;
	*rc = sqlite3_exec(db, schema_v8_index_sql, NULL, NULL, NULL);
	return *rc == SQLITE_OK ? 0 : -1;
}

/* Version 13, where its columns are not there yet, as version 8. */
static int
schema_v13(sqlite3 *db, int *rc)
{
	int has;

	if (has_column(db, "kills", "target_exe", &has, rc) == -1)
		return -1;
	if (!has && (*rc = sqlite3_exec(db, schema_v13_kills_sql, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return -1;
	if (has_column(db, "deaths", "exe", &has, rc) == -1)
		return -1;
	if (!has && (*rc = sqlite3_exec(db, schema_v13_deaths_sql, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return -1;
	*rc = sqlite3_exec(db, schema_v13_index_sql, NULL, NULL, NULL);
	return *rc == SQLITE_OK ? 0 : -1;
}

/* Version 16, where its column is not there yet, as version 8. */
static int
schema_v16(sqlite3 *db, int *rc)
{
	int has;

	if (has_column(db, "deaths", "node", &has, rc) == -1)
		return -1;
	if (!has && (*rc = sqlite3_exec(db, schema_v16_column_sql, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return -1;
	*rc = sqlite3_exec(db, schema_v16_index_sql, NULL, NULL, NULL);
	return *rc == SQLITE_OK ? 0 : -1;
}

int
store_schema_check(sqlite3 *db, const char *path, char *err,
    size_t errlen)
{
	int version, tables, rc;

	if (query_int(db, "PRAGMA user_version", &version, &rc) == -1 ||
	    query_int(db, "SELECT count(*) FROM sqlite_master", &tables,
	    &rc) == -1) {
		errno = store_sqlite_errno(rc);
		store_format_error(err, errlen, "%s: cannot read: %s", path,
		    sqlite3_errmsg(db));
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		errno = ENOTSUP;
		store_format_error(err, errlen,
		    "%s: store schema version %d is newer than this program's"
		    " (%d); use a newer whokilledd or another file", path,
		    version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version == 0 && tables > 0) {
		errno = EINVAL;
		store_format_error(err, errlen,
		    "%s: holds tables but no whokilled schema version;"
		    " not a whokilled store", path);
		return -1;
	}
	return 0;
}

int
store_schema_create(sqlite3 *db, const char *path, char *err,
    size_t errlen)
{
	int in_transaction = 0, version, reached = 0, pid_ns = 0, rc, ret = -1;
	int argv_cut = 0, node = 0;
	int saved;

	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	in_transaction = 1;
	if (query_int(db, "PRAGMA user_version", &version, &rc) == -1)
		goto out;
	if (version < 1)
		rc = sqlite3_exec(db, schema_v1_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 2)
		rc = sqlite3_exec(db, schema_v2_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 3)
		rc = sqlite3_exec(db, schema_v3_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 4)
		rc = sqlite3_exec(db, schema_v4_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 5)
		rc = sqlite3_exec(db, schema_v5_sql, NULL, NULL, NULL);
	/* ALTER TABLE cannot say "if not there": ask first, so that an
	 * upgrade from a version that was stamped down runs again. */
	if (rc == SQLITE_OK && version < 6 && query_int(db, "SELECT count(*)"
	    " FROM pragma_table_info('kills') WHERE name = 'reached'",
	    &reached, &rc) == -1)
		goto out;
	if (rc == SQLITE_OK && version < 6 && reached == 0)
		rc = sqlite3_exec(db, schema_v6_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 7 && query_int(db, "SELECT count(*)"
	    " FROM pragma_table_info('kills') WHERE name = 'pid_ns'",
	    &pid_ns, &rc) == -1)
		goto out;
	if (rc == SQLITE_OK && version < 7 && pid_ns == 0)
		rc = sqlite3_exec(db, schema_v7_sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	if (version < 8 && schema_v8(db, &rc) == -1)
		goto out;
	if (rc == SQLITE_OK && version < 9 && query_int(db, "SELECT count(*)"
	    " FROM pragma_table_info('kills') WHERE name ="
	    " 'killer_argv_cut_head'", &argv_cut, &rc) == -1)
		goto out;
	if (rc == SQLITE_OK && version < 9 && argv_cut == 0)
		rc = sqlite3_exec(db, schema_v9_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 10)
		rc = sqlite3_exec(db, schema_v10_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 11)
		rc = sqlite3_exec(db, schema_v11_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 12 &&
	    has_column(db, "kills", "node", &node, &rc) == -1)
		goto out;
	if (rc == SQLITE_OK && version < 12 && node == 0)
		rc = sqlite3_exec(db, schema_v12_sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	if (version < 13 && schema_v13(db, &rc) == -1)
		goto out;
	if (version < 14)
		rc = sqlite3_exec(db, schema_v14_sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < 15)
		rc = sqlite3_exec(db, schema_v15_sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	if (version < 16 && schema_v16(db, &rc) == -1)
		goto out;
	if (version < STORE_SCHEMA_VERSION) {
		rc = sqlite3_exec(db, "PRAGMA user_version = "
		    STORE_STRINGIFY(STORE_SCHEMA_VERSION), NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto out;
	}
	rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	ret = 0;
out:
	if (ret == -1) {
		saved = store_sqlite_errno(rc);
		store_format_error(err, errlen,
		    "%s: cannot create the schema: %s", path,
		    sqlite3_errmsg(db));
		/* Nothing to undo when SQLite already rolled back itself. */
		if (in_transaction && !sqlite3_get_autocommit(db))
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		errno = saved;
	}
	return ret;
}
