/* The daemon's store: what goes in comes back, for the right process only. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "daemon/store/store_schema.h"
#include "store_testsql.h"

#define BOOT_A	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
#define BOOT_B	"11111111-2222-3333-4444-555555555555"

static char base_dir[256];

/* Runs in the parent, once: a directory every test makes its own below. */
static void
make_base_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(base_dir, sizeof base_dir, "%s/check_store.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(base_dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
remove_base_dir(void)
{
	nftw(base_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh directory for one test and the store path inside it. */
static void
store_path(char *path, size_t size)
{
	char dir[300];

	snprintf(dir, sizeof dir, "%s/t.XXXXXX", base_dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, size, "%s/store.db", dir);
}

static struct store *
open_ok(const char *path)
{
	char err[256];
	struct store *st = store_open(path, err, sizeof err);

	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

/* A minimal event: process (boot, pid, start) got signo at sec.nsec. */
static struct wk_event
event(const char *boot, int32_t pid, uint64_t start,
    int64_t sec, int64_t nsec, int32_t signo)
{
	struct wk_event ev;

	memset(&ev, 0, sizeof ev);
	wk_report_init(&ev.report);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", boot);
	ev.report.time.sec = sec;
	ev.report.time.nsec = nsec;
	ev.report.call = WK_CALL_KILL;
	ev.report.signo = signo;
	ev.report.arg_pid = pid;
	ev.report.flags = WK_F_TARGET_READ;
	ev.report.target.pid = pid;
	ev.report.target.start_time = start;
	ev.report.caller.pid = 500;
	return ev;
}

/* Every field set, to a value no other field has. */
static struct wk_event
full_event(void)
{
	static const char argv[] = "kill\0-s\0\0TERM\0" "4242";
	struct wk_event ev;
	struct wk_kill_report *r = &ev.report;
	int i;

	memset(&ev, 0, sizeof ev);
	wk_report_init(r);
	ev.sources = WK_SRC_SHIM | WK_SRC_KERNEL;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", BOOT_A);
	snprintf(ev.tty, sizeof ev.tty, "pts/7");
	r->hdr.dropped = 7;
	r->time.sec = 1763737961;
	r->time.nsec = 123456789;
	r->call = WK_CALL_TGKILL;
	r->signo = SIGTERM;
	r->arg_pid = 4242;
	r->arg_tid = 4243;
	r->result = -1;
	r->error = EPERM;
	r->flags = WK_F_TARGET_READ | WK_F_ARGV_TRUNCATED |
	    WK_F_CALLER_STAT_READ;
	r->reached = 77;
	r->caller.pid = 1001;
	r->caller.ppid = 1002;
	r->caller.tid = 1003;
	r->caller.sid = 1004;
	r->caller.pgid = 1005;
	r->caller.tty_nr = 34823;
	r->caller.start_time = 0x123456789aULL;
	r->caller.uid = 2001;
	r->caller.euid = 0xfffffffeu;
	r->caller.suid = 2003;
	r->caller.gid = 2004;
	r->caller.egid = 2005;
	r->caller.sgid = 2006;
	r->caller.loginuid = 1500;
	r->caller.sessionid = WK_ID_UNSET;
	snprintf(r->caller.comm, sizeof r->caller.comm, "kill");
	snprintf(r->caller.exe, sizeof r->caller.exe, "/usr/bin/kill");
	r->caller.argc = 5;
	r->caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	r->target.pid = 4242;
	r->target.ppid = 1;
	r->target.start_time = UINT64_MAX - 5;
	r->target.uid = 33;
	snprintf(r->target.comm, sizeof r->target.comm, "sleep");
	/* A killer in a container: an inode beyond 32 bits reads back. */
	ev.pid_ns.id = 0x1f0000abcdULL;
	ev.pid_ns.caller_pid = 9;
	ev.pid_ns.target_pid = 7;
	snprintf(ev.target_cgroup.unit, sizeof ev.target_cgroup.unit,
	    "nginx.service");
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/system.slice/nginx.service");
	ev.chain_len = 3;
	for (i = 0; i < 3; i++) {
		ev.chain[i].pid = 700 + i;
		ev.chain[i].ppid = 699 + i;
		ev.chain[i].start_time = 9000 + (uint64_t)i;
		ev.chain[i].uid = 1500;
		ev.chain[i].euid = i == 2 ? 0 : 1500;
		ev.chain[i].loginuid = 1500;
		snprintf(ev.chain[i].comm, sizeof ev.chain[i].comm, "proc%d", i);
		snprintf(ev.chain[i].args, sizeof ev.chain[i].args,
		    "proc%d --level %d", i, i);
	}
	return ev;
}

/* What a walk saw. */
struct seen {
	struct wk_event ev[32];
	int n;
	int stop_after;		/* 0: never stop */
};

static int
collect(const struct wk_event *ev, void *arg)
{
	struct seen *s = arg;

	if (s->n < (int)(sizeof s->ev / sizeof s->ev[0]))
		s->ev[s->n] = *ev;
	s->n++;
	return s->stop_after != 0 && s->n >= s->stop_after;
}

static int
count_only(const struct wk_event *ev, void *arg)
{
	(void)ev;
	(*(int *)arg)++;
	return 0;
}

static struct store_pid_query
by_pid(int32_t pid)
{
	struct store_pid_query q;

	memset(&q, 0, sizeof q);
	q.pid = pid;
	return q;
}

static int
find(struct store *st, const struct store_pid_query *q,
    struct seen *s, uint32_t *others)
{
	int n;

	memset(s, 0, sizeof *s);
	n = store_find_by_pid(st, q, collect, s, others);
	ck_assert_msg(n >= 0, "store_find_by_pid: %s", store_errmsg(st));
	ck_assert_int_eq(n, s->n);
	return n;
}

static void
add_ok(struct store *st, const struct wk_event *ev)
{
	ck_assert_msg(store_add(st, ev) == 0, "store_add: %s",
	    store_errmsg(st));
}


/* A kill of comm by a killer of uid, euid and login uid, at sec. */
static struct wk_event
list_event(const char *comm, uint32_t uid, uint32_t euid, uint32_t login,
    int64_t sec)
{
	struct wk_event ev = event("boot-a", 100 + (int32_t)sec, 7, sec, 0,
	    SIGTERM);

	snprintf(ev.report.target.comm, sizeof ev.report.target.comm, "%s",
	    comm);
	ev.report.caller.uid = uid;
	ev.report.caller.euid = euid;
	ev.report.caller.loginuid = login;
	return ev;
}

static int
list_count(struct store *st, const struct store_list_query *q, struct seen *s)
{
	int n;

	memset(s, 0, sizeof *s);
	n = store_list_kills(st, q, collect, s);
	ck_assert_msg(n >= 0, "store_list_kills: %s", store_errmsg(st));
	return n;
}

/* The lists' clauses: time, NAME (exact, glob), --by's three branches. */
START_TEST(lists_filter_by_clause)
{
	char path[512];
	struct store_list_query q;
	struct store *st;
	struct seen s;

	store_path(path, sizeof path);
	st = open_ok(path);
	{
		struct wk_event e[] = {
			list_event("postgres", 1001, 1001, 1001, 10),
			list_event("postgres", 0, 0, 1001, 20),	/* alice via su */
			list_event("nginx", 33, 33, WK_ID_UNSET, 30), /* a daemon */
			list_event("worker-1", 1002, 0, 1002, 40), /* setuid */
			list_event("worker-2", 1001, 1001, 1001, 50),
		};
		for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
			add_ok(st, &e[i]);
	}
	ck_assert_int_eq(store_commit(st), 0);

	memset(&q, 0, sizeof q);
	q.limit = 100;
	ck_assert_int_eq(list_count(st, &q, &s), 5);
	ck_assert_int_eq(s.ev[0].report.time.sec, 50);	/* newest first */
	ck_assert_int_eq(s.ev[4].report.time.sec, 10);
	q.since = 20;
	q.until = 40;
	ck_assert_int_eq(list_count(st, &q, &s), 3);
	q.since = q.until = 0;
	strcpy(q.name, "postgres");
	strcpy(q.comm, "postgres");
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	strcpy(q.name, "worker-*");
	strcpy(q.comm, "worker-*");
	q.glob = 1;
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	q.name[0] = q.comm[0] = '\0';
	q.glob = 0;
	q.by = 1;
	q.by_uid = 1001;	/* login uid: 10, 20, 50 */
	ck_assert_int_eq(list_count(st, &q, &s), 3);
	ck_assert_int_eq(s.ev[0].report.time.sec, 50);
	ck_assert_int_eq(s.ev[1].report.time.sec, 20);
	q.by_uid = 0;		/* uid (20) or euid (40), once each */
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	q.by_uid = 33;		/* a daemon's uid, no login */
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	q.by_uid = 1002;
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	q.limit = 1;
	q.by_uid = 1001;
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_int_eq(s.ev[0].report.time.sec, 50);

	/* Followers read in the order rows were stored, after an id. */
	memset(&q, 0, sizeof q);
	q.limit = 100;
	q.in_id_order = 1;
	q.after_id = 2;
	ck_assert_int_eq(list_count(st, &q, &s), 3);
	ck_assert_int_eq(s.ev[0].id, 3);
	store_close(st);
}
END_TEST

/*
 * A NAME is the comm (cut at 15 bytes) or the executable's base name: a
 * long name by either, a renamed process by its executable, a glob by
 * either, each row once.
 */
START_TEST(lists_match_the_executable_name)
{
	char path[512];
	struct store_list_query q;
	struct store *st;
	struct seen s;
	struct wk_event e[] = {
		list_event("systemd-journal", 0, 0, 0, 10),
		list_event("worker", 0, 0, 0, 20),
		list_event("python3", 0, 0, 0, 30),
		list_event("systemd-journal", 0, 0, 0, 40),	/* exe unknown */
	};

	strcpy(e[0].target_exe, "systemd-journald");
	strcpy(e[1].target_exe, "python3.11");	/* renamed itself */
	strcpy(e[2].target_exe, "python3.11");
	store_path(path, sizeof path);
	st = open_ok(path);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		add_ok(st, &e[i]);
	ck_assert_int_eq(store_commit(st), 0);
	memset(&q, 0, sizeof q);
	q.limit = 100;
	/* By its executable; by the comm's 15 bytes where none is known. */
	strcpy(q.name, "systemd-journald");
	strcpy(q.comm, "systemd-journal");
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	ck_assert_str_eq(s.ev[0].target_exe, "");
	ck_assert_str_eq(s.ev[1].target_exe, "systemd-journald");
	strcpy(q.name, "systemd-journalx");
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_int_eq(s.ev[0].report.time.sec, 40);
	strcpy(q.name, "systemd-journal");	/* whole: the comm as it is */
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	strcpy(q.name, "python3.11");
	strcpy(q.comm, "python3.11");
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	ck_assert_str_eq(s.ev[0].report.target.comm, "python3");
	ck_assert_str_eq(s.ev[1].report.target.comm, "worker");
	strcpy(q.name, "python3");
	strcpy(q.comm, "python3");
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	q.glob = 1;
	strcpy(q.name, "*journald");
	strcpy(q.comm, "*journald");
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_int_eq(s.ev[0].report.time.sec, 10);
	strcpy(q.name, "python3*");	/* comm and exe of one row: once */
	strcpy(q.comm, "python3*");
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	ck_assert_int_eq(s.ev[0].report.time.sec, 30);
	ck_assert_int_eq(s.ev[1].report.time.sec, 20);
	q.limit = 1;
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_int_eq(s.ev[0].report.time.sec, 30);
	store_close(st);
}
END_TEST

/* Run SQL on the store file from outside the store API. */
static void
exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "?");
	sqlite3_close(db);
}

START_TEST(event_round_trips_field_for_field)
{
	char path[400];
	struct wk_event in = full_event(), want;
	struct store_pid_query q = by_pid(4242);
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &in);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);

	ck_assert_int_gt(s.ev[0].id, 0);
	ck_assert_uint_eq(s.ev[0].hdr.magic, WK_REPLY_MAGIC);
	ck_assert_uint_eq(s.ev[0].hdr.type, WK_R_EVENT);
	ck_assert_uint_eq(s.ev[0].hdr.size, sizeof(struct wk_event));
	ck_assert_uint_eq(s.ev[0].report.caller.argv_len,
	    in.report.caller.argv_len);
	ck_assert_mem_eq(s.ev[0].argv, in.argv,
	    in.report.caller.argv_len);
	ck_assert_uint_eq(s.ev[0].chain_len, 3);
	ck_assert_mem_eq(s.ev[0].chain, in.chain, 3 * sizeof in.chain[0]);
	ck_assert(s.ev[0].report.target.start_time == UINT64_MAX - 5);
	ck_assert_uint_eq(s.ev[0].report.caller.euid, 0xfffffffeu);
	ck_assert_uint_eq(s.ev[0].report.caller.sessionid, WK_ID_UNSET);
	ck_assert_str_eq(s.ev[0].tty, "pts/7");
	ck_assert_str_eq(s.ev[0].boot_id, BOOT_A);

	want = in;
	want.id = s.ev[0].id;
	want.hdr = s.ev[0].hdr;
	/* Every byte of it: argv's unused rest is no part of an event. */
	ck_assert_msg(memcmp(&want, &s.ev[0], wk_event_size(&want)) == 0,
	    "the event read back differs from the one stored");
	store_close(st);
}
END_TEST

START_TEST(events_come_newest_first)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 77, 1000, 5, SIGHUP);
	add_ok(st, &ev);			/* id 1 */
	ev = event(BOOT_A, 300, 77, 3000, 0, SIGINT);
	add_ok(st, &ev);			/* id 2 */
	ev = event(BOOT_A, 300, 77, 1000, 900, SIGQUIT);
	add_ok(st, &ev);			/* id 3 */
	ev = event(BOOT_A, 300, 77, 1000, 5, SIGUSR1);
	add_ok(st, &ev);			/* id 4, same time as id 1 */
	ck_assert_int_eq(store_commit(st), 0);

	ck_assert_int_eq(find(st, &q, &s, NULL), 4);
	ck_assert_int_eq(s.ev[0].report.signo, SIGINT);
	ck_assert_int_eq(s.ev[1].report.signo, SIGQUIT);
	ck_assert_int_eq(s.ev[2].report.signo, SIGUSR1);
	ck_assert_int_eq(s.ev[3].report.signo, SIGHUP);
	ck_assert_int_gt(s.ev[2].id, s.ev[3].id);
	store_close(st);
}
END_TEST

START_TEST(signo_since_until_filter)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 77, 1000, 0, SIGTERM);
	add_ok(st, &ev);
	ev = event(BOOT_A, 300, 77, 2000, 0, SIGKILL);
	add_ok(st, &ev);
	ev = event(BOOT_A, 300, 77, 3000, 0, SIGTERM);
	add_ok(st, &ev);
	ev = event(BOOT_A, 301, 77, 2000, 0, SIGTERM);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);

	q.signo = SIGTERM;
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(s.ev[0].report.time.sec, 3000);
	ck_assert_int_eq(s.ev[1].report.time.sec, 1000);

	q = by_pid(300);
	q.since = 2000;
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(s.ev[0].report.time.sec, 3000);
	ck_assert_int_eq(s.ev[1].report.time.sec, 2000);

	q = by_pid(300);
	q.until = 2000;
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(s.ev[0].report.time.sec, 2000);
	ck_assert_int_eq(s.ev[1].report.time.sec, 1000);

	q = by_pid(300);
	q.since = 1500;
	q.until = 2500;
	q.signo = SIGKILL;
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_int_eq(s.ev[0].report.signo, SIGKILL);

	q.signo = SIGHUP;
	ck_assert_int_eq(find(st, &q, &s, NULL), 0);
	store_close(st);
}
END_TEST

START_TEST(limit_and_callback_stop_the_walk)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;
	int i, n = 0;

	store_path(path, sizeof path);
	st = open_ok(path);
	for (i = 0; i < 1005; i++) {
		ev = event(BOOT_A, 300, 77, 1000 + i, 0, SIGTERM);
		add_ok(st, &ev);
	}
	ck_assert_int_eq(store_commit(st), 0);

	q.limit = 2;
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(s.ev[0].report.time.sec, 2004);
	ck_assert_int_eq(s.ev[1].report.time.sec, 2003);

	q.limit = 10;
	memset(&s, 0, sizeof s);
	s.stop_after = 3;
	ck_assert_int_eq(store_find_by_pid(st, &q, collect, &s, NULL), 3);
	ck_assert_int_eq(s.n, 3);

	q.limit = 0;
	ck_assert_int_eq(store_find_by_pid(st, &q, count_only, &n, NULL),
	    1000);
	ck_assert_int_eq(n, 1000);
	store_close(st);
}
END_TEST

START_TEST(reused_pid_shows_only_the_newest_process)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;
	uint32_t others = 99;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);	/* older */
	add_ok(st, &ev);
	ev = event(BOOT_A, 300, 5000, 1100, 0, SIGKILL);	/* older */
	add_ok(st, &ev);
	ev = event(BOOT_A, 300, 9000, 2000, 0, SIGHUP);	/* newer */
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);

	ck_assert_int_eq(find(st, &q, &s, &others), 1);
	ck_assert(s.ev[0].report.target.start_time == 9000);
	ck_assert_uint_eq(others, 1);

	q.all_processes = 1;
	ck_assert_int_eq(find(st, &q, &s, &others), 3);
	ck_assert(s.ev[0].report.target.start_time == 9000);
	ck_assert(s.ev[1].report.target.start_time == 5000);
	ck_assert(s.ev[2].report.target.start_time == 5000);
	ck_assert_uint_eq(others, 0);

	/* A filter picks the newest process with a matching event. */
	q = by_pid(300);
	q.signo = SIGTERM;
	ck_assert_int_eq(find(st, &q, &s, &others), 1);
	ck_assert(s.ev[0].report.target.start_time == 5000);
	ck_assert_uint_eq(others, 1);
	store_close(st);
}
END_TEST

START_TEST(alive_process_shows_only_itself)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;
	uint32_t others = 99;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);
	add_ok(st, &ev);
	ev = event(BOOT_A, 300, 9000, 2000, 0, SIGHUP);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);

	snprintf(q.boot_id, sizeof q.boot_id, "%s", BOOT_A);
	q.start_time = 5000;
	ck_assert_int_eq(find(st, &q, &s, &others), 1);
	ck_assert(s.ev[0].report.target.start_time == 5000);
	ck_assert_int_eq(s.ev[0].report.signo, SIGTERM);
	ck_assert_uint_eq(others, 1);

	/* Alive, never signalled: nothing, and both others are counted. */
	q.start_time = 12345;
	ck_assert_int_eq(find(st, &q, &s, &others), 0);
	ck_assert_uint_eq(others, 2);
	store_close(st);
}
END_TEST

START_TEST(other_boot_is_another_process)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;
	uint32_t others = 99;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);
	add_ok(st, &ev);
	ev = event(BOOT_B, 300, 5000, 2000, 0, SIGKILL);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);

	ck_assert_int_eq(find(st, &q, &s, &others), 1);
	ck_assert_str_eq(s.ev[0].boot_id, BOOT_B);
	ck_assert_uint_eq(others, 1);

	snprintf(q.boot_id, sizeof q.boot_id, "%s", BOOT_A);
	q.start_time = 5000;
	ck_assert_int_eq(find(st, &q, &s, &others), 1);
	ck_assert_str_eq(s.ev[0].boot_id, BOOT_A);
	ck_assert_uint_eq(others, 1);
	store_close(st);
}
END_TEST

START_TEST(pending_rows_are_seen_and_counted)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	ck_assert_int_eq(store_count(st), 0);
	ck_assert_uint_eq(store_pending(st), 0);
	ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);
	add_ok(st, &ev);
	add_ok(st, &ev);
	ck_assert_uint_eq(store_pending(st), 2);
	ck_assert_int_eq(store_count(st), 2);
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_uint_eq(store_pending(st), 0);
	ck_assert_int_eq(store_count(st), 2);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
}
END_TEST

START_TEST(reopen_keeps_what_was_committed)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct wk_event ev;
	struct seen s;
	struct store *st;
	pid_t child;
	int status, i;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);
	add_ok(st, &ev);
	store_close(st);			/* commits */

	/* A daemon that dies between commits loses only the open batch. */
	child = fork();
	ck_assert_int_ne(child, -1);
	if (child == 0) {
		st = store_open(path, NULL, 0);
		if (st == NULL)
			_exit(1);
		for (i = 0; i < 10; i++) {
			ev = event(BOOT_A, 300, 5000, 2000 + i, 0, SIGHUP);
			if (store_add(st, &ev) == -1)
				_exit(2);
		}
		if (store_commit(st) == -1)
			_exit(3);
		ev = event(BOOT_A, 300, 5000, 3000, 0, SIGKILL);
		if (store_add(st, &ev) == -1)
			_exit(4);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	st = open_ok(path);
	ck_assert_int_eq(store_count(st), 11);
	ck_assert_int_eq(find(st, &q, &s, NULL), 11);
	ck_assert_int_eq(s.ev[0].report.time.sec, 2009);
	ck_assert_int_eq(s.ev[10].report.time.sec, 1000);
	store_close(st);
}
END_TEST

START_TEST(directory_and_file_are_private)
{
	char path[420], dir[400];
	struct stat sb;
	struct store *st;

	store_path(dir, sizeof dir);
	*strrchr(dir, '/') = '\0';
	snprintf(path, sizeof path, "%s/sub/store.db", dir);
	st = open_ok(path);
	store_close(st);
	snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/sub");
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0700);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
}
END_TEST

START_TEST(newer_schema_version_is_refused)
{
	char path[400], err[256] = "";
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	store_close(st);
	exec_sql(path, "PRAGMA user_version = 99");

	errno = 0;
	st = store_open(path, err, sizeof err);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(errno, ENOTSUP);
	ck_assert_msg(strstr(err, "version 99 is newer") != NULL, "%s", err);
}
END_TEST

START_TEST(foreign_file_is_refused)
{
	char path[400], err[256] = "";
	struct store *st;
	FILE *f;
	int i;

	store_path(path, sizeof path);
	exec_sql(path, "CREATE TABLE accounts (name TEXT)");
	st = store_open(path, err, sizeof err);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(err, "not a whokilled store") != NULL, "%s", err);

	store_path(path, sizeof path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 100; i++)
		fputs("this is a text file, not a database\n", f);
	fclose(f);
	errno = 0;
	st = store_open(path, err, sizeof err);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(errno, EBADMSG);
	ck_assert_msg(strstr(err, "not a database") != NULL, "%s", err);
}
END_TEST

START_TEST(oversized_event_is_refused)
{
	char path[400];
	struct wk_event ev = event(BOOT_A, 300, 5000, 1000, 0, SIGTERM);
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	ev.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(store_add(st, &ev), -1);
	ck_assert_int_eq(errno, EINVAL);
	ev.chain_len = 0;
	ev.report.caller.argv_len = WK_ARGV_MAX + 1;
	ck_assert_int_eq(store_add(st, &ev), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(store_count(st), 0);
	store_close(st);
}
END_TEST

/* Rewrite the one row's column with SQL, then read the event back. */
static struct wk_event
edited(const char *sql)
{
	char path[400];
	struct wk_event ev = full_event();
	struct store_pid_query q = by_pid(4242);
	static struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	store_close(st);
	exec_sql(path, sql);
	st = open_ok(path);
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	store_close(st);
	return s.ev[0];
}

START_TEST(hand_edited_chain_blob_is_bounded)
{
	struct wk_event ev;
	size_t entry = sizeof(struct wk_chain_entry);
	char sql[200];

	/* Not a whole number of entries. */
	snprintf(sql, sizeof sql, "UPDATE kills SET chain = zeroblob(%zu)",
	    entry + 1);
	ev = edited(sql);
	ck_assert_uint_eq(ev.chain_len, 0);

	/* More entries than the array holds. */
	snprintf(sql, sizeof sql, "UPDATE kills SET chain = zeroblob(%zu)",
	    entry * (WK_CHAIN_MAX + 1));
	ev = edited(sql);
	ck_assert_uint_eq(ev.chain_len, 0);

	/* Exactly full, with no NUL anywhere: strings end inside fields. */
	snprintf(sql, sizeof sql, "UPDATE kills SET chain ="
	    " CAST(printf('%%.%zuc', 'A') AS BLOB)", entry * WK_CHAIN_MAX);
	ev = edited(sql);
	ck_assert_uint_eq(ev.chain_len, WK_CHAIN_MAX);
	ck_assert_uint_eq(strlen(ev.chain[WK_CHAIN_MAX - 1].comm),
	    WK_COMM_MAX - 1);
	ck_assert_uint_eq(strlen(ev.chain[WK_CHAIN_MAX - 1].args),
	    WK_ARGS_SHORT_MAX - 1);

	ev = edited("UPDATE kills SET chain = 'short text'");
	ck_assert_uint_eq(ev.chain_len, 0);
}
END_TEST

START_TEST(hand_edited_strings_are_bounded)
{
	struct wk_event ev;

	/* Exactly the field's size (no room for the NUL), or far longer. */
	ev = edited("UPDATE kills SET target_comm = printf('%.16c', 'x'),"
	    " killer_comm = printf('%.100c', 'k'),"
	    " killer_exe = printf('%.256c', 'y'), boot_id = printf('%.99c', 'b'),"
	    " killer_tty = printf('%.32c', 't')");
	ck_assert_uint_eq(strlen(ev.report.target.comm), WK_COMM_MAX - 1);
	ck_assert_uint_eq(strlen(ev.report.caller.comm), WK_COMM_MAX - 1);
	ck_assert_uint_eq(strlen(ev.report.caller.exe), WK_EXE_MAX - 1);
	ck_assert_uint_eq(strlen(ev.boot_id), WK_BOOT_ID_MAX - 1);
	ck_assert_uint_eq(strlen(ev.tty), WK_TTY_MAX - 1);
	ck_assert_uint_eq(ev.chain_len, 3);
	ck_assert_int_eq(ev.chain[0].pid, 700);

	/* argv longer than the field and without a final NUL. */
	ev = edited("UPDATE kills SET killer_argv ="
	    " CAST(printf('%.40000c', 'a') AS BLOB)");
	ck_assert_uint_eq(ev.report.caller.argv_len, WK_ARGV_MAX);
	ck_assert_int_eq(ev.argv[WK_ARGV_MAX - 1], '\0');
	ck_assert_int_eq(ev.argv[WK_ARGV_MAX - 2], 'a');

	/* A short one without its NUL gets one. */
	ev = edited("UPDATE kills SET killer_argv = CAST('ls' AS BLOB)");
	ck_assert_uint_eq(ev.report.caller.argv_len, 3);
	ck_assert_mem_eq(ev.argv, "ls", 3);
}
END_TEST

START_TEST(failed_commit_leaves_store_usable)
{
	char path[400];
	struct store_pid_query q = by_pid(300);
	struct rlimit small = { 256 * 1024, RLIM_INFINITY }, saved;
	struct wk_event ev = full_event();
	struct seen s;
	struct store *st;
	int i, failed = 0;

	store_path(path, sizeof path);
	st = open_ok(path);
	for (i = 0; i < 10; i++) {
		ev = event(BOOT_A, 300, 5000, 1000 + i, 0, SIGTERM);
		add_ok(st, &ev);
	}
	ck_assert_int_eq(store_commit(st), 0);

	/* Files may not grow past 256 KiB: the batch cannot be written. */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small.rlim_max = saved.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	ev = full_event();
	ev.report.caller.argv_len = WK_ARGV_MAX;
	memset(ev.argv, 'a', WK_ARGV_MAX);
	for (i = 0; i < 1000; i++) {
		ev.report.target.pid = 300;
		ev.report.time.sec = 5000 + i;
		if (store_add(st, &ev) == -1)
			failed = 1;
	}
	if (store_commit(st) == -1) {
		failed = 1;
		ck_assert_msg(errno == ENOSPC || errno == EIO, "errno %d",
		    errno);
	}
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
	ck_assert_msg(failed, "the oversized batch was written");
	ck_assert_uint_eq(store_pending(st), 0);

	ev = event(BOOT_A, 300, 5000, 9000, 0, SIGKILL);
	add_ok(st, &ev);
	ck_assert_msg(store_commit(st) == 0, "commit after failure: %s",
	    store_errmsg(st));
	ck_assert_int_eq(store_count(st), 11);
	ck_assert_int_eq(find(st, &q, &s, NULL), 11);
	ck_assert_int_eq(s.ev[0].report.signo, SIGKILL);
	store_close(st);

	st = open_ok(path);
	ck_assert_int_eq(store_count(st), 11);
	store_close(st);
}
END_TEST

/* One integer from SQL on the store file, from outside the store API. */
/*
 * A kill reported before delivery, to a group of three: its result goes
 * into the rows of that call only, and takes the pending flag away.
 */
START_TEST(pending_rows_take_their_result)
{
	char path[400];
	struct store_pid_query q;
	struct wk_kill_result m;
	struct wk_event ev, other;
	struct store *st;
	struct seen s;
	int32_t pid;
	int rows;

	store_path(path, sizeof path);
	st = open_ok(path);
	for (pid = 300; pid < 303; pid++) {
		ev = event(BOOT_A, pid, 5000 + (uint64_t)pid, 1000, 5, SIGTERM);
		ev.report.arg_pid = 0;
		ev.report.caller.tid = 500;
		ev.report.caller.start_time = 77;
		ev.report.flags |= WK_F_TARGET_GROUP | WK_F_RESULT_PENDING |
		    (pid > 300 ? WK_F_GROUP_MEMBER : 0);
		ev.report.reached = 3;
		add_ok(st, &ev);
	}
	/* Another pending call a nanosecond later, of the same killer. */
	other = event(BOOT_A, 400, 6000, 1000, 6, SIGTERM);
	other.report.caller.tid = 500;
	other.report.caller.start_time = 77;
	other.report.flags |= WK_F_RESULT_PENDING;
	add_ok(st, &other);

	wk_kill_result_init(&m);
	m.time = ev.report.time;
	m.pid = 500;
	m.tid = 500;
	m.start_time = 77;
	m.signo = SIGTERM;
	m.result = -1;
	m.error = EPERM;
	ck_assert_int_eq(store_kill_result(st, BOOT_A, &m, &rows), 0);
	ck_assert_int_eq(rows, 3);
	ck_assert_int_eq(store_commit(st), 0);
	for (pid = 300; pid < 303; pid++) {
		q = by_pid(pid);
		ck_assert_int_eq(find(st, &q, &s, NULL), 1);
		ck_assert_uint_eq(s.ev[0].report.flags & WK_F_RESULT_PENDING, 0);
		ck_assert_int_eq(s.ev[0].report.result, -1);
		ck_assert_int_eq(s.ev[0].report.error, EPERM);
		ck_assert_uint_eq(s.ev[0].report.reached, 3);
		ck_assert_uint_eq((s.ev[0].report.flags & WK_F_GROUP_MEMBER) != 0,
		    pid > 300);
	}
	q = by_pid(400);
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_RESULT_PENDING, 0);
	ck_assert_int_eq(s.ev[0].report.result, 0);

	/* Another boot, killer, thread, signal or start time: no row. */
	m.start_time = 78;
	ck_assert_int_eq(store_kill_result(st, BOOT_A, &m, &rows), 0);
	ck_assert_int_eq(rows, 0);
	m.start_time = 77;
	m.signo = SIGKILL;
	ck_assert_int_eq(store_kill_result(st, BOOT_A, &m, &rows), 0);
	ck_assert_int_eq(rows, 0);
	m.signo = SIGTERM;
	m.tid = 501;
	ck_assert_int_eq(store_kill_result(st, BOOT_A, &m, &rows), 0);
	ck_assert_int_eq(rows, 0);
	m.tid = 500;
	ck_assert_int_eq(store_kill_result(st, BOOT_B, &m, &rows), 0);
	ck_assert_int_eq(rows, 0);
	/* A report that could not read its own start time: any. */
	m.start_time = 0;
	m.time = other.report.time;
	m.result = 0;
	m.error = 0;
	ck_assert_int_eq(store_kill_result(st, BOOT_A, &m, &rows), 0);
	ck_assert_int_eq(rows, 1);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
}
END_TEST

/* The store as version 1 of whokilledd made it, with one kill in it. */
static const char v1_store_sql[] =
	"PRAGMA journal_mode = WAL;"
	"CREATE TABLE kills (id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL,"
	" time_sec INTEGER NOT NULL, time_nsec INTEGER NOT NULL,"
	" call INTEGER NOT NULL, signo INTEGER NOT NULL,"
	" result INTEGER NOT NULL, error INTEGER NOT NULL,"
	" sources INTEGER NOT NULL, flags INTEGER NOT NULL,"
	" dropped INTEGER NOT NULL, target_pid INTEGER NOT NULL,"
	" target_start_time INTEGER NOT NULL, target_uid INTEGER NOT NULL,"
	" target_comm TEXT NOT NULL, target_ppid INTEGER NOT NULL,"
	" arg_pid INTEGER NOT NULL, arg_tid INTEGER NOT NULL,"
	" killer_pid INTEGER NOT NULL, killer_ppid INTEGER NOT NULL,"
	" killer_tid INTEGER NOT NULL, killer_start_time INTEGER NOT NULL,"
	" killer_uid INTEGER NOT NULL, killer_euid INTEGER NOT NULL,"
	" killer_suid INTEGER NOT NULL, killer_gid INTEGER NOT NULL,"
	" killer_egid INTEGER NOT NULL, killer_sgid INTEGER NOT NULL,"
	" killer_loginuid INTEGER NOT NULL,"
	" killer_sessionid INTEGER NOT NULL, killer_sid INTEGER NOT NULL,"
	" killer_pgid INTEGER NOT NULL, killer_tty_nr INTEGER NOT NULL,"
	" killer_tty TEXT NOT NULL, killer_comm TEXT NOT NULL,"
	" killer_exe TEXT NOT NULL, killer_argc INTEGER NOT NULL,"
	" killer_argv BLOB NOT NULL, chain BLOB NOT NULL);"
	"CREATE INDEX kills_by_target ON kills (target_pid, time_sec,"
	" time_nsec);"
	"CREATE INDEX kills_by_login ON kills (killer_loginuid, time_sec,"
	" time_nsec);"
	"CREATE INDEX kills_by_time ON kills (time_sec, time_nsec);"
	"INSERT INTO kills VALUES (1, '" BOOT_A "', 1000, 5, 1, 15, 0, 0, 1,"
	" 1, 0, 300, 5000, 0, 'sleep', 1, 300, 0, 500, 499, 500, 77, 1001,"
	" 1001, 1001, 1001, 1001, 1001, 1001, 3, 499, 500, 0, 'pts/1', 'kill',"
	" '/usr/bin/kill', 2, CAST('kill' || char(0) || '300' || char(0)"
	" AS BLOB), x'');"
	"PRAGMA user_version = 1;";

START_TEST(version_1_store_is_migrated)
{
	char path[400], fresh[400];
	struct store_pid_query q = by_pid(300);
	struct wk_session_report sr;
	struct wk_authfail_event af;
	struct wk_event ev;
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	exec_sql(path, v1_store_sql);
	st = open_ok(path);
	ck_assert_int_eq(test_sql_int(path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	/* Version 5: kills indexed by target process, not by pid alone. */
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_index_info('kills_by_target') WHERE name = 'boot_id'"), 1);
	/* Version 9: by login uid and time again, for the lists' --by. */
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_index_info('kills_by_login') WHERE name = 'time_sec'"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name IN ('kills_by_comm', 'kills_by_uid', 'kills_by_euid',"
	    " 'deaths_by_time', 'deaths_by_comm')"), 5);

	/* The old kill reads back as it was, with no session. */
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_int_eq(s.ev[0].report.signo, SIGTERM);
	ck_assert_int_eq(s.ev[0].report.caller.pid, 500);
	ck_assert_str_eq(s.ev[0].tty, "pts/1");
	ck_assert_uint_eq(s.ev[0].report.caller.argv_len, 9);
	ck_assert_uint_eq(s.ev[0].session.flags, 0);
	/* Version 6: a kill stored before counted no group. */
	ck_assert_uint_eq(s.ev[0].report.reached, 0);
	/* Version 7: a killer of the daemon's own pid namespace. */
	ck_assert(s.ev[0].pid_ns.id == 0);
	ck_assert_int_eq(s.ev[0].pid_ns.caller_pid, 0);
	ck_assert_int_eq(s.ev[0].pid_ns.target_pid, 0);
	/* Version 8: this host's own kill, no audit node; the audit index
	 * knows nodes. */
	ck_assert_str_eq(s.ev[0].node, "");
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_index_info('kills_by_audit_event') WHERE name = 'node'"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM node_records"), 0);

	/* Sessions, joins and failed logins work on it. */
	wk_session_init(&sr, WK_MSG_SESSION_OPEN);
	sr.time.sec = 2000;
	sr.pid = 700;
	sr.loginuid = 1001;
	sr.sessionid = 3;
	ck_assert_int_eq(store_session_open(st, BOOT_A, &sr), 0);
	ev = event(BOOT_A, 300, 5000, 2100, 0, SIGKILL);
	ev.report.caller.loginuid = 1001;
	ev.report.caller.sessionid = 3;
	add_ok(st, &ev);
	memset(&af, 0, sizeof af);
	wk_authfail_init(&af.report);
	snprintf(af.boot_id, sizeof af.boot_id, "%s", BOOT_A);
	af.report.caller.pid = 42;
	ck_assert_int_eq(store_add_authfail(st, &af), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_int_eq(s.ev[0].session.pid, 700);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM authfails"), 1);
	store_close(st);

	/* Its tables have the columns of a store made new. */
	store_path(fresh, sizeof fresh);
	st = open_ok(fresh);
	store_close(st);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('kills')"), test_sql_int(fresh, "SELECT count(*)"
	    " FROM pragma_table_info('kills')"));
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"),
	    test_sql_int(fresh, "SELECT count(*) FROM sqlite_master"));
	ck_assert_int_eq(test_sql_int(fresh, "SELECT count(*) FROM"
	    " pragma_table_info('kills') WHERE name = 'session_id'"), 1);
}
END_TEST

/* Size of a file, 0 when it does not exist. */
static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/* Whether SQLite's plan for sql (on the store at path) uses index. */
static int
plan_uses(const char *path, const char *sql, const char *index)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	char explain[512];
	const unsigned char *detail;
	int found = 0;

	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, explain, -1, &stmt, NULL) ==
	    SQLITE_OK, "%s: %s", explain, sqlite3_errmsg(db));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		detail = sqlite3_column_text(stmt, 3);
		if (detail != NULL && strstr((const char *)detail, index) != NULL)
			found = 1;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return found;
}

/*
 * An audit hub's lists: without a node every node's kills and this
 * host's; with one, that node's alone (no ends of processes: a node
 * stores none), by the partial index kills_by_node, and followers' keys
 * name the node.
 */
static int
count_key(const struct store_kill_key *k, void *arg)
{
	struct seen *s = arg;

	if (s->n < (int)(sizeof s->ev / sizeof s->ev[0]))
		snprintf(s->ev[s->n].node, sizeof s->ev[s->n].node, "%s",
		    k->node);
	s->n++;
	return 0;
}

START_TEST(lists_of_an_audit_hubs_node)
{
	char path[400];
	struct store_list_query q;
	struct wk_event e[] = {
		list_event("postgres", 0, 0, 1001, 10),	/* this host */
		list_event("postgres", 0, 0, 1001, 20),
		list_event("postgres", 0, 0, 1001, 30),
		list_event("nginx", 0, 0, 1001, 40),
	};
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	/* Two nodes' kills of the same pid. */
	e[1].report.target.pid = e[2].report.target.pid = 4242;
	strcpy(e[1].node, "web7");
	strcpy(e[2].node, "db3");
	strcpy(e[3].node, "web7");
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		add_ok(st, &e[i]);
	ck_assert_int_eq(store_commit(st), 0);
	memset(&q, 0, sizeof q);
	q.limit = 100;
	ck_assert_int_eq(list_count(st, &q, &s), 4);
	strcpy(q.node, "web7");
	ck_assert_int_eq(list_count(st, &q, &s), 2);
	ck_assert_str_eq(s.ev[0].node, "web7");
	ck_assert_int_eq(s.ev[0].report.time.sec, 40);	/* newest first */
	ck_assert_int_eq(s.ev[1].report.time.sec, 20);
	strcpy(q.name, "postgres");
	strcpy(q.comm, "postgres");
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_int_eq(s.ev[0].report.target.pid, 4242);
	strcpy(q.node, "db3");
	ck_assert_int_eq(list_count(st, &q, &s), 1);
	ck_assert_str_eq(s.ev[0].node, "db3");
	strcpy(q.node, "mail2");
	ck_assert_int_eq(list_count(st, &q, &s), 0);
	/* A node's ends are not stored: none listed for a node. */
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(store_list_deaths(st, &q, NULL, NULL), 0);
	/* Followers' keys carry the node. */
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(store_list_kill_keys(st, 0, 100, count_key, &s), 4);
	ck_assert_str_eq(s.ev[0].node, "");
	ck_assert_str_eq(s.ev[1].node, "web7");
	ck_assert_str_eq(s.ev[2].node, "db3");
	store_close(st);
	/* The list's own terms are what the partial index serves. */
	ck_assert(plan_uses(path, "SELECT id FROM kills WHERE 1 AND node != ''"
	    " AND node = 'web7' ORDER BY time_sec DESC, time_nsec DESC, id DESC"
	    " LIMIT 10", "kills_by_node"));
}
END_TEST

/*
 * An audit hub's memory of its nodes' records goes with the signals of its
 * time: pruning the kills deletes the records older than them, not newer.
 */
START_TEST(pruning_kills_takes_old_node_records_along)
{
	char path[400];
	struct wk_event ev = full_event();
	struct store_audit_id old_rec = { ev.report.time.sec - 10, 100, 0, 1 };
	struct store_audit_id new_rec = { ev.report.time.sec + 100, 100, 0, 2 };
	uint64_t gone[STORE_KINDS] = { 0 };
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	ck_assert_int_eq(store_node_record_new(st, "web7", &old_rec), 1);
	ck_assert_int_eq(store_node_record_new(st, "web7", &new_rec), 1);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_prune_oldest(st, ev.report.time.sec + 1, 100,
	    gone), 1);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_uint_eq(gone[STORE_KIND_KILLS], 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM node_records"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT serial FROM node_records"), 2);
	/* The newer one is still known: a second delivery stores nothing. */
	ck_assert_int_eq(store_node_record_new(st, "web7", &new_rec), 0);
	store_close(st);
}
END_TEST

/*
 * A store at version 10 (retention's indexes) or 11 (the lists' step, which comes
 * before the hub's) gains an audit hub's nodes: columns, the unique index
 * of audit events with the node, node_records; its old rows are this
 * host's ('').
 */
START_TEST(version_10_or_11_store_gains_the_nodes)
{
	char path[400];
	struct store_pid_query q = by_pid(4242);
	struct wk_event ev = full_event();
	struct seen s;
	struct store *st;
	char sql[700];

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
	snprintf(sql, sizeof sql, "DROP INDEX kills_by_node;"
	    " DROP INDEX kills_by_target;"
	    " CREATE INDEX kills_by_target ON kills (target_pid, boot_id,"
	    " target_start_time, time_sec, time_nsec);"
	    " DROP INDEX kills_by_audit_event;"
	    " DROP TABLE node_records;"
	    " ALTER TABLE kills DROP COLUMN node;"
	    " ALTER TABLE kills DROP COLUMN node_session;"
	    " CREATE UNIQUE INDEX kills_by_audit_event ON kills"
	    " (boot_id, audit_serial, audit_sec, audit_msec, target_pid)"
	    " WHERE audit_serial IS NOT NULL;"
	    " DROP INDEX deaths_by_process;"
	    " ALTER TABLE deaths DROP COLUMN node;"
	    " CREATE UNIQUE INDEX deaths_by_process ON deaths"
	    " (boot_id, pid, start_time);"
	    " PRAGMA user_version = %d;", 10 + _i);
	exec_sql(path, sql);

	st = open_ok(path);
	ck_assert_int_eq(test_sql_int(path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	ck_assert_int_eq(STORE_SCHEMA_VERSION, 16);
	/* Version 16: the ends a node tells, under its name; a process of
	 * this host and one of a node are two rows of the unique index. */
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('deaths') WHERE name = 'node'"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT seqno FROM"
	    " pragma_index_info('deaths_by_process') WHERE name = 'node'"), 3);
	/* Version 15's index of a node's list comes too, and the index by
	 * target holds the node: the questions by pid read no row to count
	 * a pid's processes. */
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'kills_by_node'"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT seqno FROM"
	    " pragma_index_info('kills_by_target') WHERE name = 'node'"), 1);
	ck_assert(plan_uses(path, "SELECT count(*) FROM (SELECT DISTINCT"
	    " boot_id, target_start_time FROM kills WHERE target_pid = 7"
	    " AND node = '')", "COVERING INDEX kills_by_target"));
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('kills') WHERE name IN ('node',"
	    " 'node_session')"), 2);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_index_info('kills_by_audit_event') WHERE name = 'node'"),
	    1);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name IN ('node_records', 'node_records_by_sec')"), 2);
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_str_eq(s.ev[0].node, "");
	store_close(st);
	/* Opened again: nothing to do, nothing lost. */
	st = open_ok(path);
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	store_close(st);
}
END_TEST

/*
 * Who asked systemd for a signal is kept with it (schema 14): found by
 * the signal's boot, time, target and signal, with the event id of the
 * asking row; another signal finds none; retention takes it with the
 * kills of its time.
 */
START_TEST(requests_kept_with_their_signal)
{
	static struct store_request sr;
	static struct wk_request got;
	char path[512];
	struct wk_event ev = event("boot-a", 4242, 1, 1700000000, 5, SIGTERM);
	uint64_t gone[STORE_KINDS] = { 0 };
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	memset(&sr, 0, sizeof sr);
	memcpy(sr.boot_id, ev.boot_id, sizeof sr.boot_id);
	sr.time = ev.report.time;
	sr.target_pid = ev.report.target.pid;
	sr.signo = SIGTERM;
	sr.req.via = WK_VIA_SYSTEMCTL;
	sr.req.verb = WK_VERB_STOP;
	sr.req.job = 197;
	sr.req.flags = WK_RQ_JOB;
	strcpy(sr.req.unit, "nginx.service");
	strcpy(sr.req.method, "private socket");
	wk_reply_init(&sr.req.hdr, WK_R_REQUEST,
	    (uint32_t)wk_request_size(&sr.req));
	ck_assert_int_eq(store_request_put(st, &sr), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ev.id = 77;
	ck_assert_int_eq(store_request_find(st, &ev, &got), 1);
	ck_assert_int_eq(got.event, 77);
	ck_assert_uint_eq(got.job, 197);
	ck_assert_str_eq(got.unit, "nginx.service");
	ck_assert_str_eq(got.method, "private socket");
	ev.report.signo = SIGCONT;
	ck_assert_int_eq(store_request_find(st, &ev, &got), 0);
	ev.report.signo = SIGTERM;
	ev.report.time.nsec++;
	ck_assert_int_eq(store_request_find(st, &ev, &got), 0);
	ev.report.time.nsec--;
	ck_assert_int_eq(store_prune_oldest(st, ev.report.time.sec + 1, 100,
	    gone), 1);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_request_find(st, &ev, &got), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM requests"), 0);
	store_close(st);
}
END_TEST

/*
 * A store of schema 12 gains the executables' names: columns and their
 * indexes, used by a list by name; old rows have none.
 */
START_TEST(version_12_store_gains_executable_names)
{
	char path[400];
	struct store_pid_query q = by_pid(4242);
	struct wk_event ev = full_event();
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
	exec_sql(path, "DROP INDEX kills_by_exe; DROP INDEX deaths_by_exe;"
	    " ALTER TABLE kills DROP COLUMN target_exe;"
	    " ALTER TABLE deaths DROP COLUMN exe;"
	    " PRAGMA user_version = 12;");
	st = open_ok(path);
	ck_assert_int_eq(test_sql_int(path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('kills') WHERE name = 'target_exe'"), 1);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('deaths') WHERE name = 'exe'"), 1);
	ck_assert(plan_uses(path, "SELECT id FROM kills WHERE target_exe ="
	    " 'nginx' ORDER BY time_sec DESC", "kills_by_exe"));
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_str_eq(s.ev[0].target_exe, "");
	store_close(st);
}
END_TEST

/*
 * A store of schema 7 (made new, then what version 8 added taken away)
 * gains the units: columns, indexes used by a lookup by unit, its old
 * rows with none.
 */
START_TEST(version_7_store_gains_units)
{
	char path[400], fresh[400];
	struct store_pid_query q = by_pid(4242);
	struct wk_event ev = full_event();
	struct seen s;
	struct store *st;

	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
	exec_sql(path, "DROP INDEX kills_by_unit; DROP INDEX deaths_by_unit;"
	    " ALTER TABLE kills DROP COLUMN target_unit;"
	    " ALTER TABLE kills DROP COLUMN target_cgroup;"
	    " ALTER TABLE deaths DROP COLUMN unit;"
	    " ALTER TABLE deaths DROP COLUMN cgroup;"
	    " PRAGMA user_version = 7;");

	st = open_ok(path);
	ck_assert_int_eq(test_sql_int(path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('kills') WHERE name IN ('target_unit',"
	    " 'target_cgroup')"), 2);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('deaths') WHERE name IN ('unit', 'cgroup')"),
	    2);
	/* The old row: no unit known. */
	ck_assert_int_eq(find(st, &q, &s, NULL), 1);
	ck_assert_str_eq(s.ev[0].target_cgroup.unit, "");
	ck_assert_str_eq(s.ev[0].target_cgroup.path, "");
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"
	    " WHERE target_unit IS NULL AND target_cgroup IS NULL"), 1);
	/* A new one has it, found by unit. */
	ev.report.time.sec++;
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_str_eq(s.ev[0].target_cgroup.unit, "nginx.service");
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"
	    " WHERE target_unit = 'nginx.service'"), 1);
	store_close(st);

	/* Lookups by unit, newest first, go through the indexes. */
	ck_assert(plan_uses(path, "SELECT id FROM kills WHERE target_unit ="
	    " 'nginx.service' ORDER BY time_sec DESC, time_nsec DESC",
	    "kills_by_unit"));
	ck_assert(plan_uses(path, "SELECT id FROM kills WHERE target_unit IN"
	    " ('nginx', 'nginx.service') AND time_sec >= 5", "kills_by_unit"));
	ck_assert(plan_uses(path, "SELECT id FROM deaths WHERE unit ="
	    " 'nginx.service' ORDER BY exit_sec DESC", "deaths_by_unit"));

	/* Alike a store made new. */
	store_path(fresh, sizeof fresh);
	st = open_ok(fresh);
	store_close(st);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"),
	    test_sql_int(fresh, "SELECT count(*) FROM sqlite_master"));
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM"
	    " pragma_table_info('deaths')"), test_sql_int(fresh, "SELECT count(*)"
	    " FROM pragma_table_info('deaths')"));
}
END_TEST

/* A target whose unit is not known is stored as NULL, not ''. */
START_TEST(unknown_unit_is_null)
{
	char path[400];
	struct wk_event ev = full_event();
	struct store_pid_query q = by_pid(4242);
	struct seen s;
	struct store *st;

	memset(&ev.target_cgroup, 0, sizeof ev.target_cgroup);
	store_path(path, sizeof path);
	st = open_ok(path);
	add_ok(st, &ev);
	/* A cgroup with no unit: the root, or another manager's. */
	ev.report.time.sec++;
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/docker/4f1c");
	add_ok(st, &ev);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"
	    " WHERE target_unit IS NULL"), 2);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"
	    " WHERE target_cgroup IS NULL"), 1);
	ck_assert_int_eq(find(st, &q, &s, NULL), 2);
	ck_assert_str_eq(s.ev[0].target_cgroup.path, "/docker/4f1c");
	ck_assert_str_eq(s.ev[0].target_cgroup.unit, "");
	store_close(st);
}
END_TEST

START_TEST(the_wal_is_checkpointed_while_ingest_goes_on)
{
	char path[400], wal[410];
	struct wk_event ev = full_event();
	struct store *st;
	int i, waited;

	store_path(path, sizeof path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	st = open_ok(path);
	/*
	 * Past the checkpoint threshold (4096 pages) but short of SQLite's
	 * own automatic one (10000): only the store's thread copies the WAL
	 * into the database while the store stays open.
	 */
	for (i = 0; file_size(wal) < 5000 * 4096; i++) {
		ev.report.target.pid = 1000 + i % 30000;
		ev.report.time.sec = 1700000000 + i;
		add_ok(st, &ev);
		if (i % 1024 == 1023)
			ck_assert_int_eq(store_commit(st), 0);
		ck_assert_int_lt(i, 1000000);
	}
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_lt(file_size(wal), 10000 * 4096);
	for (waited = 0; file_size(path) < 8 * 1024 * 1024 && waited < 200;
	    waited++)
		usleep(50000);
	ck_assert_int_ge(file_size(path), 8 * 1024 * 1024);
	ck_assert_int_eq(store_count(st), i);
	store_close(st);
}
END_TEST

START_TEST(the_wal_stays_bounded_under_steady_ingest)
{
	char path[400], wal[410];
	struct wk_event ev = full_event();
	struct store *st;
	off_t biggest = 0;
	int i, rows = -1;

	store_path(path, sizeof path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	st = open_ok(path);
	/* Rows for 5000 pages of WAL, then five times as many in all. */
	for (i = 0; rows < 0 || i < rows; i++) {
		ev.report.target.pid = 1000 + i % 30000;
		ev.report.time.sec = 1700000000 + i;
		add_ok(st, &ev);
		if (i % 1024 != 1023)
			continue;
		ck_assert_int_eq(store_commit(st), 0);
		if (file_size(wal) > biggest)
			biggest = file_size(wal);
		if (rows < 0 && biggest >= 5000 * 4096)
			rows = 5 * i;
	}
	ck_assert_int_eq(store_commit(st), 0);
	/* The cap (64 MiB) and a batch or two beyond it. */
	ck_assert_int_lt(biggest, 80 * 1024 * 1024);
	ck_assert_int_eq(store_count(st), i);
	store_close(st);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
	struct store_pid_query q = by_pid(1);
	char err[256] = "";

	errno = 0;
	ck_assert_ptr_null(store_open("", err, sizeof err));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(store_find_by_pid(NULL, &q, count_only, NULL, NULL),
	    -1);
	ck_assert_int_eq(store_add(NULL, NULL), -1);
	ck_assert_int_eq(store_count(NULL), -1);
	store_close(NULL);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_unchecked_fixture(tc, make_base_dir, remove_base_dir);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, event_round_trips_field_for_field);
	tcase_add_test(tc, events_come_newest_first);
	tcase_add_test(tc, lists_filter_by_clause);
	tcase_add_test(tc, lists_of_an_audit_hubs_node);
	tcase_add_test(tc, signo_since_until_filter);
	tcase_add_test(tc, limit_and_callback_stop_the_walk);
	tcase_add_test(tc, reused_pid_shows_only_the_newest_process);
	tcase_add_test(tc, alive_process_shows_only_itself);
	tcase_add_test(tc, other_boot_is_another_process);
	tcase_add_test(tc, pending_rows_are_seen_and_counted);
	tcase_add_test(tc, reopen_keeps_what_was_committed);
	tcase_add_test(tc, directory_and_file_are_private);
	tcase_add_test(tc, newer_schema_version_is_refused);
	tcase_add_test(tc, foreign_file_is_refused);
	tcase_add_test(tc, version_1_store_is_migrated);
	tcase_add_test(tc, version_7_store_gains_units);
	tcase_add_test(tc, unknown_unit_is_null);
	tcase_add_test(tc, pending_rows_take_their_result);
	tcase_add_test(tc, oversized_event_is_refused);
	tcase_add_test(tc, hand_edited_chain_blob_is_bounded);
	tcase_add_test(tc, hand_edited_strings_are_bounded);
	tcase_add_test(tc, failed_commit_leaves_store_usable);
	tcase_add_test(tc, bad_arguments_are_refused);
	tcase_add_loop_test(tc, version_10_or_11_store_gains_the_nodes, 0, 2);
	tcase_add_test(tc, lists_match_the_executable_name);
	tcase_add_test(tc, requests_kept_with_their_signal);
	tcase_add_test(tc, version_12_store_gains_executable_names);
	tcase_add_test(tc, pruning_kills_takes_old_node_records_along);
	tcase_add_test(tc, the_wal_is_checkpointed_while_ingest_goes_on);
	tcase_add_test(tc, the_wal_stays_bounded_under_steady_ingest);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
