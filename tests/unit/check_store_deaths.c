/*
 * The store's deaths and daemon runs: an exit and an OOM kill of one
 * process merge into one row in either order, rows are keyed by start
 * time, pruning keeps what explains a kill, the recorded signal that
 * ended a process is found, and the runs say when nobody watched.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/procs/kmsg_oom.h"
#include "daemon/store/store.h"
#include "daemon/store/store_schema.h"
#include "daemon_testutil.h"
#include "store_testsql.h"

#define BOOT_A	TEST_BOOT_ID
#define BOOT_B	"11111111-2222-3333-4444-555555555555"

static struct store *
open_store(char *path, size_t size)
{
	char dir[200], err[256];
	struct store *st;

	test_dir(dir, sizeof dir);
	snprintf(path, size, "%s/store.db", dir);
	st = store_open(path, err, sizeof err);
	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

static void
exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "?");
	sqlite3_close(db);
}

/* Process (boot, pid, start) exited with wait status at sec. */
static struct store_death
exit_row(const char *boot, int32_t pid,
    uint64_t start, uint32_t status, int64_t sec)
{
	struct store_death d;

	memset(&d, 0, sizeof d);
	snprintf(d.boot_id, sizeof d.boot_id, "%s", boot);
	d.pid = pid;
	d.ppid = 1;
	d.start_time = start;
	d.uid = 1000;
	snprintf(d.comm, sizeof d.comm, "worker");
	snprintf(d.args, sizeof d.args, "worker --once");
	d.exit_known = 1;
	d.status = status;
	d.time.sec = sec;
	d.kind = (status & 0x7f) == 0 ? STORE_DEATH_EXITED :
	    (status & 0x80) ? STORE_DEATH_CORE : STORE_DEATH_SIGNALED;
	return d;
}

/* The OOM killer chose (boot, pid, start) at sec; nothing else known. */
static struct store_death
oom_row(const char *boot, int32_t pid,
    uint64_t start, int64_t sec)
{
	struct store_death d;

	memset(&d, 0, sizeof d);
	snprintf(d.boot_id, sizeof d.boot_id, "%s", boot);
	d.pid = pid;
	d.start_time = start;
	d.uid = WK_ID_UNSET;
	d.kind = STORE_DEATH_OOM;
	d.has_oom = 1;
	d.oom_seq = 812;
	d.oom_flags = OOM_F_CONTEXT | OOM_F_VICTIM;
	d.oom.time.sec = sec;
	d.oom.anon_rss_kb = 31000;
	d.oom.file_rss_kb = 900;
	snprintf(d.oom.constraint, sizeof d.oom.constraint, "CONSTRAINT_MEMCG");
	snprintf(d.oom.memcg, sizeof d.oom.memcg, "/jobs/x");
	snprintf(d.oom.task_memcg, sizeof d.oom.task_memcg, "/jobs/x/y");
	return d;
}

static void
put_ok(struct store *st, const struct store_death *d)
{
	ck_assert_msg(store_death_put(st, d) == 0, "%s", store_errmsg(st));
}

static void
check_oom_merged(struct store *st)
{
	struct store_death got;

	ck_assert_int_eq(store_death_find(st, BOOT_A, 77, 500, &got), 1);
	ck_assert_uint_eq(got.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(got.exit_known, 1);
	ck_assert_uint_eq(got.status, SIGKILL);
	ck_assert_int_eq(got.time.sec, 2001);
	ck_assert_int_eq(got.has_oom, 1);
	ck_assert_int_eq(got.oom.time.sec, 2000);
	ck_assert_str_eq(got.oom.memcg, "/jobs/x");
	ck_assert_str_eq(got.oom.task_memcg, "/jobs/x/y");
	ck_assert_str_eq(got.oom.constraint, "CONSTRAINT_MEMCG");
	ck_assert_uint_eq(got.oom.anon_rss_kb, 31000);
	ck_assert_uint_eq(got.oom_seq, 812);
	ck_assert_str_eq(got.comm, "worker");
	ck_assert_uint_eq(got.uid, 1000);
	ck_assert_int_eq(store_deaths_count(st), 1);
}

START_TEST(an_exit_then_its_oom_kill_make_one_oom_row)
{
	struct store_death ex = exit_row(BOOT_A, 77, 500, SIGKILL, 2001);
	struct store_death oom = oom_row(BOOT_A, 77, 500, 2000);
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	put_ok(st, &ex);
	put_ok(st, &oom);
	ck_assert_int_eq(store_commit(st), 0);
	check_oom_merged(st);
	store_close(st);
}
END_TEST

START_TEST(an_oom_kill_then_the_exit_make_the_same_row)
{
	struct store_death ex = exit_row(BOOT_A, 77, 500, SIGKILL, 2001);
	struct store_death oom = oom_row(BOOT_A, 77, 500, 2000);
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	put_ok(st, &oom);
	put_ok(st, &ex);
	ck_assert_int_eq(store_commit(st), 0);
	check_oom_merged(st);
	store_close(st);
}
END_TEST

/*
 * The unit and cgroup first known stay, the two together: a later row
 * without them, or with another cgroup, leaves them.
 */
START_TEST(the_first_unit_known_stays)
{
	struct store_death ex = exit_row(BOOT_A, 66, 400, SIGKILL, 2001);
	struct store_death oom = oom_row(BOOT_A, 66, 400, 2000), got;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	/* Unknown at first (NULL), then known: taken; then another: the
	 * first stays. */
	put_ok(st, &ex);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 66, 400, &got), 1);
	ck_assert_str_eq(got.cgroup.unit, "");
	ck_assert_str_eq(got.cgroup.path, "");
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths"
	    " WHERE unit IS NULL AND cgroup IS NULL"), 1);
	snprintf(ex.cgroup.unit, sizeof ex.cgroup.unit, "cron.service");
	snprintf(ex.cgroup.path, sizeof ex.cgroup.path,
	    "/system.slice/cron.service");
	put_ok(st, &ex);
	snprintf(oom.cgroup.path, sizeof oom.cgroup.path, "/jobs/x/y");
	put_ok(st, &oom);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 66, 400, &got), 1);
	ck_assert_str_eq(got.cgroup.unit, "cron.service");
	ck_assert_str_eq(got.cgroup.path, "/system.slice/cron.service");
	ck_assert_uint_eq(got.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths"
	    " WHERE unit = 'cron.service'"), 1);
	store_close(st);
}
END_TEST

START_TEST(signalled_is_kept_and_unknown_never_hides_an_exit)
{
	struct store_death d = exit_row(BOOT_A, 88, 600, 3 << 8, 3000), got;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	d.signalled = 1;
	put_ok(st, &d);
	/* A later, poorer account of the same process. */
	d.signalled = 0;
	d.exit_known = 0;
	d.kind = STORE_DEATH_UNKNOWN;
	d.comm[0] = '\0';
	put_ok(st, &d);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 88, 600, &got), 1);
	ck_assert_uint_eq(got.kind, STORE_DEATH_EXITED);
	ck_assert_int_eq(got.exit_known, 1);
	ck_assert_uint_eq(got.status, 3 << 8);
	ck_assert_int_eq(got.signalled, 1);
	ck_assert_str_eq(got.comm, "worker");
	ck_assert_int_eq(got.has_oom, 0);
	store_close(st);
}
END_TEST

START_TEST(a_reused_pid_is_another_row)
{
	struct store_death a = exit_row(BOOT_A, 99, 700, 3 << 8, 4000);
	struct store_death b = exit_row(BOOT_A, 99, 900, SIGSEGV, 5000);
	struct store_death c = exit_row(BOOT_B, 99, 700, 4 << 8, 3000);
	struct store_death got;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	put_ok(st, &a);
	put_ok(st, &b);
	put_ok(st, &c);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_deaths_count(st), 3);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 99, 700, &got), 1);
	ck_assert_uint_eq(got.status, 3 << 8);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 99, 900, &got), 1);
	ck_assert_uint_eq(got.kind, STORE_DEATH_SIGNALED);
	ck_assert_int_eq(store_death_find(st, BOOT_B, 99, 700, &got), 1);
	ck_assert_uint_eq(got.status, 4 << 8);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 99, 800, &got), 0);
	/* The newest end of any process with the pid. */
	ck_assert_int_eq(store_death_latest(st, "", 99, &got), 1);
	ck_assert_uint_eq(got.start_time, 900);
	ck_assert_int_eq(store_death_latest(st, "", 98, &got), 0);
	store_close(st);
}
END_TEST

START_TEST(an_oom_kill_without_exit_counts_by_its_time)
{
	struct store_death a = exit_row(BOOT_A, 55, 100, 0, 4000);
	struct store_death b = oom_row(BOOT_A, 55, 0, 4500), got;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	put_ok(st, &a);
	put_ok(st, &b);
	ck_assert_int_eq(store_death_latest(st, "", 55, &got), 1);
	ck_assert_uint_eq(got.kind, STORE_DEATH_OOM);
	ck_assert_uint_eq(got.start_time, 0);
	ck_assert_int_eq(got.exit_known, 0);
	store_close(st);
}
END_TEST

START_TEST(pruning_drops_plain_exits_first)
{
	struct store_death d;
	struct store *st;
	char path[300];
	int i;

	st = open_store(path, sizeof path);
	/* Oldest first: 2 signalled, 2 killed, 1 OOM, then 5 plain exits. */
	for (i = 0; i < 10; i++) {
		d = exit_row(BOOT_A, 100 + i, 10, i < 2 || i >= 5 ? 0 : SIGTERM,
		    1000 + i);
		d.signalled = i < 2;
		if (i == 4)
			d = oom_row(BOOT_A, 104, 10, 1004);
		put_ok(st, &d);
	}
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_deaths_prune(st, 12), 0);
	ck_assert_int_eq(store_deaths_prune(st, 7), 3);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths WHERE pid"
	    " BETWEEN 105 AND 107"), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths WHERE pid"
	    " < 105 OR pid > 107"), 7);
	/* Below what explains kills: the oldest of any kind go. */
	ck_assert_int_eq(store_deaths_prune(st, 3), 4);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT min(pid) FROM deaths"), 102);
	ck_assert_int_eq(store_deaths_count(st), 3);
	store_close(st);
}
END_TEST

/* A delivered signal to (BOOT_A, pid, start) at sec, by killer. */
static void
add_signal(struct store *st, int32_t pid, uint64_t start,
    int32_t signo, int64_t sec, int32_t killer, int32_t result)
{
	struct wk_event ev;

	memset(&ev, 0, sizeof ev);
	wk_report_init(&ev.report);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", BOOT_A);
	ev.report.time.sec = sec;
	ev.report.call = WK_CALL_KILL;
	ev.report.signo = signo;
	ev.report.arg_pid = pid;
	ev.report.flags = start != 0 ? WK_F_TARGET_READ : 0;
	ev.report.target.pid = pid;
	ev.report.target.start_time = start;
	ev.report.caller.pid = killer;
	ev.report.result = result;
	ev.report.error = result == 0 ? 0 : EPERM;
	ck_assert_int_eq(store_add(st, &ev), 0);
}

START_TEST(the_sender_is_the_last_delivered_signal_before_the_end)
{
	struct wk_time until = { 1010, 0 };
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	add_signal(st, 40, 300, SIGTERM, 1000, 501, 0);
	add_signal(st, 40, 300, SIGTERM, 1005, 502, 0);
	add_signal(st, 40, 300, SIGTERM, 1006, 503, -1);	/* failed */
	add_signal(st, 40, 300, SIGKILL, 1007, 504, 0);		/* other signal */
	add_signal(st, 40, 300, SIGTERM, 1020, 505, 0);		/* after */
	add_signal(st, 40, 299, SIGTERM, 1008, 506, 0);		/* other process */
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_find_sender(st, "", BOOT_A, 40, 300, 0, SIGTERM,
	    &until, &ev), 1);
	ck_assert_int_eq(ev.report.caller.pid, 502);
	ck_assert_int_gt(ev.id, 0);
	ck_assert_int_eq(store_find_sender(st, "", BOOT_B, 40, 300, 0, SIGTERM,
	    &until, &ev), 0);
	ck_assert_int_eq(store_find_sender(st, "", BOOT_A, 40, 300, 0, SIGHUP,
	    &until, &ev), 0);

	/* A target whose start time was not read counts after not_before. */
	add_signal(st, 41, 0, SIGHUP, 1003, 507, 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_find_sender(st, "", BOOT_A, 41, 310, 1000, SIGHUP,
	    &until, &ev), 1);
	ck_assert_int_eq(ev.report.caller.pid, 507);
	ck_assert_int_eq(store_find_sender(st, "", BOOT_A, 41, 310, 1004, SIGHUP,
	    &until, &ev), 0);
	store_close(st);
}
END_TEST

START_TEST(runs_tell_when_nobody_watched)
{
	struct wk_time t1 = { 1000, 5 }, t2 = { 3000, 0 }, t3 = { 5000, 0 };
	struct wk_death_watch w;
	struct store *st;
	char path[300];
	int64_t r1, r2, r3;
	uint64_t seq = 0;

	st = open_store(path, sizeof path);
	ck_assert_int_eq(store_run_kmsg_seq(st, BOOT_A, &seq), 0);
	ck_assert_int_eq(store_run_begin(st, BOOT_A, &t1, STORE_RUN_EXITS |
	    STORE_RUN_KMSG, &r1), 0);
	ck_assert_int_eq(store_run_update(st, r1, 1500, 4711, 0), 0);
	ck_assert_int_eq(store_run_update(st, r1, 1600, 0, 1), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_run_watch(st, r1, &w), 0);
	ck_assert_int_eq(w.since.sec, 1000);
	ck_assert_int_eq(w.since.nsec, 5);
	ck_assert_int_eq(w.gap_from.sec, 0);
	ck_assert_int_eq(w.gap_to.sec, 0);

	/* A run that saw no exits, killed: it does not end the gap. */
	ck_assert_int_eq(store_run_begin(st, BOOT_A, &t2, 0, &r2), 0);
	ck_assert_int_eq(store_run_update(st, r2, 3500, 0, 0), 0);
	ck_assert_int_eq(store_run_watch(st, r2, &w), 0);
	ck_assert_int_eq(w.since.sec, 0);

	ck_assert_int_eq(store_run_begin(st, BOOT_A, &t3, STORE_RUN_EXITS,
	    &r3), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_run_watch(st, r3, &w), 0);
	ck_assert_int_eq(w.since.sec, 5000);
	ck_assert_int_eq(w.gap_from.sec, 1600);
	ck_assert_int_eq(w.gap_to.sec, 5000);
	ck_assert_int_eq(store_run_kmsg_seq(st, BOOT_A, &seq), 1);
	ck_assert_uint_eq(seq, 4711);
	ck_assert_int_eq(store_run_kmsg_seq(st, BOOT_B, &seq), 0);
	ck_assert_int_eq(store_run_watch(st, r3 + 10, &w), -1);
	store_close(st);
}
END_TEST

START_TEST(a_killed_run_ends_when_last_known_alive)
{
	struct wk_time t1 = { 1000, 0 }, t2 = { 9000, 0 };
	struct wk_death_watch w;
	struct store *st;
	char path[300];
	int64_t r1, r2;

	st = open_store(path, sizeof path);
	ck_assert_int_eq(store_run_begin(st, BOOT_A, &t1, STORE_RUN_EXITS,
	    &r1), 0);
	ck_assert_int_eq(store_run_update(st, r1, 1700, 0, 0), 0);
	/* An older alive time never moves it back. */
	ck_assert_int_eq(store_run_update(st, r1, 1200, 0, 0), 0);
	ck_assert_int_eq(store_run_begin(st, BOOT_A, &t2, STORE_RUN_EXITS,
	    &r2), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_run_watch(st, r2, &w), 0);
	ck_assert_int_eq(w.gap_from.sec, 1700);
	ck_assert_int_eq(w.gap_to.sec, 9000);
	store_close(st);
}
END_TEST

START_TEST(a_version_3_store_gets_the_new_tables)
{
	struct store_death d = exit_row(BOOT_A, 12, 34, 0, 100), got;
	struct store *st;
	char path[300], err[256];

	st = open_store(path, sizeof path);
	store_close(st);
	/* What versions 4 and later added goes (version 6: columns). */
	exec_sql(path, "DROP TABLE deaths; DROP TABLE daemon_runs;"
	    " ALTER TABLE kills DROP COLUMN pid_ns;"
	    " ALTER TABLE kills DROP COLUMN killer_ns_pid;"
	    " ALTER TABLE kills DROP COLUMN target_ns_pid;"
	    " PRAGMA user_version = 3;");
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'deaths'"), 0);
	st = store_open(path, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_int_eq(test_sql_int(path, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	put_ok(st, &d);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_death_find(st, BOOT_A, 12, 34, &got), 1);
	store_close(st);
}
END_TEST

static Suite *
deaths_suite(void)
{
	Suite *s = suite_create("store_deaths");
	TCase *tc = tcase_create("deaths");
	TCase *runs = tcase_create("runs");

	tcase_add_test(tc, an_exit_then_its_oom_kill_make_one_oom_row);
	tcase_add_test(tc, an_oom_kill_then_the_exit_make_the_same_row);
	tcase_add_test(tc, the_first_unit_known_stays);
	tcase_add_test(tc, signalled_is_kept_and_unknown_never_hides_an_exit);
	tcase_add_test(tc, a_reused_pid_is_another_row);
	tcase_add_test(tc, an_oom_kill_without_exit_counts_by_its_time);
	tcase_add_test(tc, pruning_drops_plain_exits_first);
	tcase_add_test(tc, the_sender_is_the_last_delivered_signal_before_the_end);
	tcase_add_test(tc, a_version_3_store_gets_the_new_tables);
	suite_add_tcase(s, tc);
	tcase_add_test(runs, runs_tell_when_nobody_watched);
	tcase_add_test(runs, a_killed_run_ends_when_last_known_alive);
	suite_add_tcase(s, runs);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	test_make_base_dir("check_store_deaths");
	sr = srunner_create(deaths_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
