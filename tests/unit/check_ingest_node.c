/*
 * An audit hub's ingest (daemon/ingest/ingest_node.c) through the real
 * reader and a real store: nodes' kernel events and their whokilled
 * records (audit/audit_note.c) stored per node; two nodes with the same
 * pid and the same audit serial kept apart; a node's kernel event and its
 * record of one signal merged into one row in either order; a second
 * delivery of either stores nothing; the largest record under the limit.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "whokilled/wire.h"
#include "../../audit/audit_end.h"
#include "../../audit/audit_note.h"
#include "../../audit/audit_reader.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "store_testsql.h"
#include "kernel_testlog.h"

#define T0	1800000000
#define KILLER	4100
#define TARGET	5000

struct rig {
	char dir[200];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct ingest_kernel ki;
};

static void
rig_open(struct rig *r)
{
	char path[300], err[256];

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	ck_assert_int_eq(ingest_kernel_init(&r->ki, &r->in), 0);
	r->ki.hub = 1;
}

static void
rig_close(struct rig *r)
{
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ingest_kernel_free(&r->ki);
	store_close(r->st);
}

/* One number the store's file answers (committed rows). */
static int64_t
sql_int(const struct rig *r, const char *sql)
{
	char path[300];

	snprintf(path, sizeof path, "%s/db", r->dir);
	return test_sql_int(path, sql);
}

/* Feed text as one source of the hub would (a reader of its own). */
static void
feed(struct rig *r, const char *text)
{
	struct wk_audit_sink sink;
	struct wk_audit_reader *rd;

	ingest_kernel_sink(&r->ki, INGEST_KERNEL_LIVE, &sink);
	rd = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(rd);
	ck_assert_int_eq(wk_audit_reader_feed(rd, text, strlen(text)), 0);
	ck_assert_int_eq(wk_audit_reader_finish(rd), 0);
	wk_audit_reader_free(rd);
}

/* "kill -9 5000" by 4100 on node, audit event serial at T0.250. */
static void
feed_kernel(struct rig *r, const char *node, uint64_t serial)
{
	struct test_kill k = {
		.sec = T0, .msec = 250, .serial = serial, .pid = KILLER,
		.ppid = 4000, .uid = 0, .auid = 1000, .ses = 3, .a0 = TARGET,
		.sig = SIGKILL, .opid = TARGET, .ouid = 33, .ocomm = "sleep",
		.argv = { "kill", "-9", "5000", NULL },
	};
	struct test_text t = { 0 }, out = { 0 };
	char *line, *save = NULL;

	test_kill_records(&t, &k);
	for (line = strtok_r(t.buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "type=EOE") != NULL)
			continue;	/* audisp-remote strips them */
		test_text_add(&out, "node=%s %s\n", node, line);
	}
	feed(r, out.buf);
	free(t.buf);
	free(out.buf);
}

/* The node's own view of that kill: argv, alice's session. */
static struct wk_event
node_view(uint32_t sources)
{
	static const char argv[] = "/bin/kill\0-9\0005000";
	struct wk_event ev;
	struct wk_kill_report *rp = &ev.report;

	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	wk_report_init(rp);
	ev.sources = sources;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
	rp->time.sec = T0;
	rp->time.nsec = 250400000;
	rp->call = WK_CALL_KILL;
	rp->signo = SIGKILL;
	rp->arg_pid = TARGET;
	rp->caller.pid = KILLER;
	rp->caller.loginuid = 1000;
	rp->caller.sessionid = 3;
	snprintf(rp->caller.comm, sizeof rp->caller.comm, "kill");
	snprintf(rp->caller.exe, sizeof rp->caller.exe, "/bin/kill");
	rp->caller.argc = 3;
	rp->caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	rp->target.pid = TARGET;
	snprintf(rp->target.comm, sizeof rp->target.comm, "sleep");
	ev.session.flags = WK_SI_KNOWN;
	ev.session.loginuid = 1000;
	snprintf(ev.session.user, sizeof ev.session.user, "alice");
	snprintf(ev.session.rhost, sizeof ev.session.rhost, "10.1.2.3");
	return ev;
}

/* The node's record of ev, as the hub's auditd hands it on. */
static void
feed_note(struct rig *r, const char *node, uint64_t serial,
    const struct wk_event *ev)
{
	static char msg[WK_AUDIT_NOTE_MAX], line[WK_AUDIT_NOTE_MAX + 512];

	ck_assert_int_eq(wk_audit_note_format(ev, msg, sizeof msg), 0);
	snprintf(line, sizeof line, "node=%s type=TRUSTED_APP msg=audit(%d.%03d:"
	    "%llu): pid=77 uid=0 auid=4294967295 ses=4294967295 msg='%s "
	    "exe=\"/usr/sbin/whokilledd\" hostname=? addr=? terminal=? "
	    "res=success'\n", node, T0, 753, (unsigned long long)serial, msg);
	feed(r, line);
}

static int
events_on(struct rig *r, const char *node, struct test_seen *s)
{
	struct store_pid_query q;

	ck_assert_int_eq(ingest_commit(&r->in), 0);
	memset(&q, 0, sizeof q);
	memset(s, 0, sizeof *s);
	q.pid = TARGET;
	q.all_processes = 1;
	snprintf(q.node, sizeof q.node, "%s", node);
	return store_find_by_pid(r->st, &q, test_collect, s, NULL);
}

/* The node's end of its process TARGET: by SIGKILL, 300 ms after T0. */
static struct wk_death
node_end(void)
{
	struct wk_death d;

	memset(&d, 0, sizeof d);
	wk_reply_init(&d.hdr, WK_R_DEATH, sizeof d);
	d.kind = WK_DEATH_SIGNALED;
	d.flags = WK_D_EXIT_KNOWN | WK_D_SIGNALLED | WK_D_START_KNOWN |
	    WK_D_SUBJECT | WK_D_SENDER;	/* the last two are not the node's */
	snprintf(d.boot_id, sizeof d.boot_id, "%s", TEST_BOOT_ID);
	d.pid = TARGET;
	d.ppid = 1;
	d.start_time = 4242;
	d.uid = 33;
	d.exit_status = SIGKILL;
	d.signo = SIGKILL;
	d.time.sec = T0;
	d.time.nsec = 550000000;
	snprintf(d.comm, sizeof d.comm, "sleep");
	snprintf(d.args, sizeof d.args, "sleep 1000");
	snprintf(d.cgroup.unit, sizeof d.cgroup.unit, "victim.service");
	snprintf(d.cgroup.path, sizeof d.cgroup.path,
	    "/system.slice/victim.service");
	return d;
}

/* The node's record of the end d, as the hub's auditd hands it on. */
static void
feed_end(struct rig *r, const char *node, uint64_t serial,
    const struct wk_death *d)
{
	static char msg[WK_AUDIT_END_MAX], line[WK_AUDIT_END_MAX + 512];

	ck_assert_int_eq(wk_audit_end_format(d, msg, sizeof msg), 0);
	snprintf(line, sizeof line, "node=%s type=TRUSTED_APP msg=audit(%d.%03d:"
	    "%llu): pid=77 uid=0 auid=4294967295 ses=4294967295 msg='%s "
	    "exe=\"/usr/sbin/whokilledd\" hostname=? addr=? terminal=? "
	    "res=success'\n", node, T0 + 3, 10, (unsigned long long)serial,
	    msg);
	feed(r, line);
}

START_TEST(two_nodes_same_pid_same_serial_kept_apart)
{
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_kernel(&r, "web7", 700);
	feed_kernel(&r, "db3", 700);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert_str_eq(s.ev[0].node, "web7");
	ck_assert_int_eq(events_on(&r, "db3", &s), 1);
	ck_assert_str_eq(s.ev[0].node, "db3");
	/* Neither is this host's. */
	ck_assert_int_eq(events_on(&r, "", &s), 0);
	rig_close(&r);
}
END_TEST

START_TEST(kernel_then_record_is_one_row)
{
	struct wk_event view = node_view(WK_SRC_SHIM | WK_SRC_PAM);
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_kernel(&r, "web7", 700);
	feed_note(&r, "web7", 701, &view);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL |
	    WK_SRC_PAM | WK_SRC_NODE);
	ck_assert_str_eq(s.ev[0].argv, "/bin/kill");
	ck_assert_str_eq(s.ev[0].session.user, "alice");
	ck_assert_str_eq(s.ev[0].session.rhost, "10.1.2.3");
	/* The kernel's word on who: its login uid. */
	ck_assert_uint_eq(s.ev[0].report.caller.loginuid, 1000);
	rig_close(&r);
}
END_TEST

START_TEST(record_then_kernel_is_one_row)
{
	struct wk_event view = node_view(WK_SRC_SHIM | WK_SRC_KERNEL | WK_SRC_PAM);
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_note(&r, "web7", 701, &view);
	feed_kernel(&r, "web7", 700);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert(s.ev[0].sources & WK_SRC_NODE);
	ck_assert_str_eq(s.ev[0].session.user, "alice");
	rig_close(&r);
}
END_TEST

START_TEST(second_delivery_stores_nothing)
{
	struct wk_event view = node_view(WK_SRC_SHIM);
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_kernel(&r, "web7", 700);
	feed_note(&r, "web7", 701, &view);
	/* The hub restarts its auditd; the node sends both again. */
	feed_kernel(&r, "web7", 700);
	feed_note(&r, "web7", 701, &view);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert_uint_eq(r.counters.node_duplicates, 1);
	ck_assert_uint_eq(r.counters.audit_duplicates, 1);
	rig_close(&r);
}
END_TEST

START_TEST(record_of_another_node_is_not_mixed_in)
{
	struct wk_event view = node_view(WK_SRC_SHIM | WK_SRC_PAM);
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_kernel(&r, "web7", 700);
	feed_kernel(&r, "db3", 700);
	feed_note(&r, "web7", 701, &view);
	ck_assert_int_eq(events_on(&r, "db3", &s), 1);
	ck_assert_uint_eq(s.ev[0].sources & WK_SRC_NODE, 0);
	ck_assert_uint_eq(s.ev[0].session.flags & WK_SI_KNOWN, 0);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert(s.ev[0].sources & WK_SRC_NODE);
	rig_close(&r);
}
END_TEST

START_TEST(records_without_a_node_are_refused)
{
	struct wk_event view = node_view(WK_SRC_SHIM);
	static char msg[WK_AUDIT_NOTE_MAX], line[WK_AUDIT_NOTE_MAX + 512];
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	ck_assert_int_eq(wk_audit_note_format(&view, msg, sizeof msg), 0);
	snprintf(line, sizeof line, "type=TRUSTED_APP msg=audit(%d.100:9): "
	    "pid=77 uid=0 msg='%s res=success'\n", T0, msg);
	feed(&r, line);
	ck_assert_uint_eq(r.counters.node_refused, 1);
	ck_assert_int_eq(events_on(&r, "", &s), 0);
	rig_close(&r);
}
END_TEST

START_TEST(largest_record_is_cut_to_fit_and_says_so)
{
	static struct wk_event ev;
	static char msg[WK_AUDIT_NOTE_MAX];
	struct rig r;
	struct test_seen s;

	ev = node_view(WK_SRC_SHIM);
	/* Every byte needs hex: argv, exe and a full chain at their most. */
	memset(ev.argv, ' ', WK_ARGV_MAX);
	ev.argv[WK_ARGV_MAX - 1] = '\0';
	ev.report.caller.argv_len = WK_ARGV_MAX;
	ev.report.caller.argc = 1;
	memset(ev.report.caller.exe, ' ', WK_EXE_MAX - 1);
	ev.chain_len = WK_CHAIN_MAX;
	for (int i = 0; i < WK_CHAIN_MAX; i++) {
		ev.chain[i].pid = 100 + i;
		memset(ev.chain[i].args, ' ', WK_ARGS_SHORT_MAX - 1);
		memset(ev.chain[i].comm, 'c', WK_COMM_MAX - 1);
	}
	ck_assert_int_eq(wk_audit_note_format(&ev, msg, sizeof msg), 0);
	/* A 32 KiB argv cannot fit an audit record: it is cut, and said. */
	ck_assert_uint_lt(strlen(msg), WK_AUDIT_NOTE_MAX);
	ck_assert_ptr_nonnull(strstr(msg, " cut="));
	ck_assert_ptr_nonnull(strstr(strstr(msg, " cut="), "argv"));
	rig_open(&r);
	feed_note(&r, "web7", 701, &ev);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert_uint_gt(s.ev[0].report.caller.argv_len, 0);
	ck_assert_uint_lt(s.ev[0].report.caller.argv_len, WK_ARGV_MAX);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_ARGV_TRUNCATED, 0);
	/* Cut at its end, by how much not known. */
	ck_assert_uint_eq(s.ev[0].report.caller.argv_cut.head, 0);
	rig_close(&r);
}
END_TEST

START_TEST(node_middle_cut_of_argv_reaches_the_hub)
{
	static const char argv[] = "/bin/kill\0-9\0005000";
	static struct wk_event ev;
	struct rig r;
	struct test_seen s;

	ev = node_view(WK_SRC_SHIM);
	/* The node kept the first and the last argument of seven. */
	ev.report.flags |= WK_F_ARGV_TRUNCATED;
	ev.report.caller.argc = 7;
	ev.report.caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	ev.report.caller.argv_cut.head = 2;
	ev.report.caller.argv_cut.args = 4;
	ev.report.caller.argv_cut.bytes = 40000;
	rig_open(&r);
	feed_note(&r, "web7", 701, &ev);
	ck_assert_int_eq(events_on(&r, "web7", &s), 1);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_ARGV_TRUNCATED, 0);
	ck_assert_uint_eq(s.ev[0].report.caller.argc, 7);
	ck_assert_uint_eq(s.ev[0].report.caller.argv_cut.head, 2);
	ck_assert_uint_eq(s.ev[0].report.caller.argv_cut.args, 4);
	ck_assert_uint_eq(s.ev[0].report.caller.argv_cut.bytes, 40000);
	ck_assert_mem_eq(s.ev[0].argv, argv, sizeof argv);
	rig_close(&r);
}
END_TEST

START_TEST(unreadable_record_is_counted_not_stored)
{
	struct test_seen s;
	struct rig r;
	char line[512];

	rig_open(&r);
	snprintf(line, sizeof line, "node=web7 type=TRUSTED_APP "
	    "msg=audit(%d.100:9): pid=77 uid=0 msg='op=whokilled-kill "
	    "sig=nine killer_pid=4100 kill_sec=%d res=success'\n", T0, T0);
	feed(&r, line);
	ck_assert_int_eq(events_on(&r, "web7", &s), 0);
	ck_assert_uint_eq(r.counters.node_records, 0);
	rig_close(&r);
}
END_TEST

START_TEST(node_end_is_stored_under_its_node_with_its_sender)
{
	struct wk_event ev = node_view(WK_SRC_SHIM);
	struct wk_death d = node_end();
	struct store_death row;
	struct wk_event sender;
	struct wk_time until = { T0 + 2, 0 };
	struct rig r;

	rig_open(&r);
	feed_kernel(&r, "web7", 100);
	feed_note(&r, "web7", 101, &ev);
	feed_end(&r, "web7", 102, &d);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.node_records, 2);
	ck_assert_int_eq(store_death_of_node(r.st, "web7", TARGET, 0, T0 - 1,
	    &row), 1);
	ck_assert_uint_eq(row.kind, STORE_DEATH_SIGNALED);
	ck_assert_int_eq(row.exit_known, 1);
	ck_assert_uint_eq(row.status, SIGKILL);
	ck_assert_uint_eq(row.start_time, 4242);
	ck_assert_int_eq(row.signalled, 1);
	ck_assert_int_eq(row.time.sec, T0);
	ck_assert_str_eq(row.comm, "sleep");
	ck_assert_str_eq(row.args, "sleep 1000");
	ck_assert_str_eq(row.cgroup.unit, "victim.service");
	ck_assert_str_eq(row.node, "web7");
	/* A node's process is its node's: no boot of this host. */
	ck_assert_str_eq(row.boot_id, "");
	/* By its start time too; not one that started otherwise. */
	ck_assert_int_eq(store_death_of_node(r.st, "web7", TARGET, 4242, T0 - 1,
	    &row), 1);
	ck_assert_int_eq(store_death_of_node(r.st, "web7", TARGET, 4243, T0 - 1,
	    &row), 0);
	/* Not an end before a later signal. */
	ck_assert_int_eq(store_death_of_node(r.st, "web7", TARGET, 0, T0 + 1,
	    &row), 0);
	/* Neither another node's, nor this host's. */
	ck_assert_int_eq(store_death_of_node(r.st, "db3", TARGET, 0, T0 - 1,
	    &row), 0);
	ck_assert_int_eq(store_death_latest(r.st, "", TARGET, &row), 0);
	ck_assert_int_eq(store_death_latest(r.st, "web7", TARGET, &row), 1);
	/* The signal that ended it is the node's, its kill and record one. */
	ck_assert_int_eq(store_find_sender(r.st, "web7", "", TARGET, 4242, 0,
	    SIGKILL, &until, &sender), 1);
	ck_assert_int_eq(sender.report.caller.pid, KILLER);
	ck_assert_str_eq(sender.node, "web7");
	ck_assert_int_eq(store_find_sender(r.st, "", "", TARGET, 4242, 0,
	    SIGKILL, &until, &sender), 0);
	rig_close(&r);
}
END_TEST

START_TEST(node_end_delivered_twice_is_stored_once)
{
	struct wk_death d = node_end();
	struct rig r;

	rig_open(&r);
	feed_end(&r, "web7", 102, &d);
	feed_end(&r, "web7", 102, &d);
	/* The same pid on another node is another process. */
	feed_end(&r, "db3", 102, &d);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.node_duplicates, 1);
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM deaths"), 2);
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM deaths WHERE node = 'web7'"), 1);
	rig_close(&r);
}
END_TEST

START_TEST(node_oom_end_keeps_its_memory_cgroup)
{
	struct wk_death d = node_end();
	struct store_death row;
	struct rig r;

	d.kind = WK_DEATH_OOM;
	d.flags = WK_D_EXIT_KNOWN | WK_D_START_KNOWN | WK_D_OOM_CONTEXT;
	d.oom.time.sec = T0;
	d.oom.time.nsec = 500000000;
	d.oom.anon_rss_kb = 31744;
	d.oom.score_adj = 200;
	snprintf(d.oom.constraint, sizeof d.oom.constraint, "CONSTRAINT_MEMCG");
	snprintf(d.oom.memcg, sizeof d.oom.memcg, "/system.slice/victim.service");
	snprintf(d.oom.task_memcg, sizeof d.oom.task_memcg,
	    "/system.slice/victim.service");
	rig_open(&r);
	feed_end(&r, "web7", 300, &d);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_death_of_node(r.st, "web7", TARGET, 4242, T0 - 1,
	    &row), 1);
	ck_assert_uint_eq(row.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(row.has_oom, 1);
	ck_assert_str_eq(row.oom.memcg, "/system.slice/victim.service");
	ck_assert_str_eq(row.oom.constraint, "CONSTRAINT_MEMCG");
	ck_assert_uint_eq(row.oom.anon_rss_kb, 31744);
	ck_assert_int_eq(row.oom.score_adj, 200);
	rig_close(&r);
}
END_TEST

START_TEST(largest_end_record_fits_whole)
{
	struct wk_death d = node_end();
	struct store_death row;
	static char msg[WK_AUDIT_END_MAX];
	struct rig r;

	/* Every string at its longest, every byte in need of hex. */
	memset(d.comm, ' ', sizeof d.comm - 1);
	memset(d.args, ' ', sizeof d.args - 1);
	memset(d.parent_comm, ' ', sizeof d.parent_comm - 1);
	memset(d.oom.constraint, ' ', sizeof d.oom.constraint - 1);
	memset(d.oom.memcg, ' ', sizeof d.oom.memcg - 1);
	memset(d.oom.task_memcg, ' ', sizeof d.oom.task_memcg - 1);
	memset(d.cgroup.unit, ' ', sizeof d.cgroup.unit - 1);
	memset(d.cgroup.path, ' ', sizeof d.cgroup.path - 1);
	d.kind = WK_DEATH_OOM;
	d.oom.time.sec = INT32_MAX;
	d.oom.time.nsec = 999999999;
	d.oom.total_vm_kb = d.oom.anon_rss_kb = UINT64_MAX / 2;
	ck_assert_int_eq(wk_audit_end_format(&d, msg, sizeof msg), 0);
	ck_assert_uint_lt(strlen(msg), 4096);
	rig_open(&r);
	feed_end(&r, "web7", 400, &d);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_death_latest(r.st, "web7", TARGET, &row), 1);
	ck_assert_uint_eq(strlen(row.oom.memcg), sizeof d.oom.memcg - 1);
	ck_assert_uint_eq(strlen(row.cgroup.path), sizeof d.cgroup.path - 1);
	rig_close(&r);
}
END_TEST

START_TEST(unreadable_end_record_is_counted_not_stored)
{
	struct rig r;
	char line[512];

	rig_open(&r);
	/* No pid, and a kind out of range: neither is stored. */
	snprintf(line, sizeof line, "node=web7 type=TRUSTED_APP "
	    "msg=audit(%d.100:9): pid=77 uid=0 msg='op=whokilled-end "
	    "end_kind=2 end_sec=%d res=success'\n", T0, T0);
	feed(&r, line);
	snprintf(line, sizeof line, "node=web7 type=TRUSTED_APP "
	    "msg=audit(%d.100:10): pid=77 uid=0 msg='op=whokilled-end "
	    "end_kind=9 end_pid=5000 end_sec=%d res=success'\n", T0, T0);
	feed(&r, line);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.node_records, 0);
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM deaths"), 0);
	rig_close(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ingest_node");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_ingest_node");
	tcase_add_test(tc, two_nodes_same_pid_same_serial_kept_apart);
	tcase_add_test(tc, kernel_then_record_is_one_row);
	tcase_add_test(tc, record_then_kernel_is_one_row);
	tcase_add_test(tc, second_delivery_stores_nothing);
	tcase_add_test(tc, record_of_another_node_is_not_mixed_in);
	tcase_add_test(tc, records_without_a_node_are_refused);
	tcase_add_test(tc, largest_record_is_cut_to_fit_and_says_so);
	tcase_add_test(tc, node_middle_cut_of_argv_reaches_the_hub);
	tcase_add_test(tc, unreadable_record_is_counted_not_stored);
	tcase_add_test(tc, node_end_is_stored_under_its_node_with_its_sender);
	tcase_add_test(tc, node_end_delivered_twice_is_stored_once);
	tcase_add_test(tc, node_oom_end_keeps_its_memory_cgroup);
	tcase_add_test(tc, largest_end_record_fits_whole);
	tcase_add_test(tc, unreadable_end_record_is_counted_not_stored);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
