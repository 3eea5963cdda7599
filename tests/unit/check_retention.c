/*
 * Retention: which limit calls for pruning (age, size, the free-space
 * floor, each a little past itself to start and a little inside to end),
 * the oldest rows of every kind going first, in batches, each committed,
 * and a run through the daemon's part with a clock the test sets.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/ingest/ingest.h"
#include "daemon/retention/retention.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "store_testsql.h"

#define DAY	86400
#define NOW	1790000000	/* the tests' "now": 2026-09-21 */
#define MIB	(1024 * 1024)

static int64_t
fixed_now(void)
{
	return NOW;
}

/* ------------------------------------------------------------ decisions */

static struct retention_view
view(int64_t oldest, uint64_t file, uint64_t used)
{
	struct retention_view v;

	memset(&v, 0, sizeof v);
	v.now = NOW;
	v.oldest = oldest;
	v.size.page_size = 4096;
	v.size.file_bytes = file;
	v.size.used_bytes = used;
	return v;
}

START_TEST(age_starts_past_the_slack_and_prunes_to_the_limit)
{
	struct retention_limits lim = { 90, 0, 0 };
	struct retention_view v;
	int64_t before;

	/* 91 days old: past 90 days and the hour of slack. */
	v = view(NOW - 91 * DAY, MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before),
	    RETENTION_AGE);
	ck_assert_int_eq(before, NOW - 90 * DAY);
	/* 90 days and a minute: not yet a run, but one running goes on. */
	v = view(NOW - 90 * DAY - 60, MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before),
	    RETENTION_AGE);
	/* Within 90 days, or an empty store: nothing. */
	v = view(NOW - 89 * DAY, MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before), 0);
	v = view(0, MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before), 0);
	/* 0 days: no age limit. */
	lim.max_age_days = 0;
	v = view(1, MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before), 0);
}
END_TEST

START_TEST(size_starts_past_the_limit_and_prunes_a_sixteenth_below)
{
	struct retention_limits lim = { 0, 16 * MIB, 0 };
	struct retention_view v;
	int64_t before;

	v = view(NOW, 20 * MIB, 16 * MIB + 4096);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before),
	    RETENTION_SIZE);
	ck_assert_int_eq(before, INT64_MAX);	/* any age may go */
	v = view(NOW, 20 * MIB, 16 * MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
	/* Running: on until 15 MiB are in use. */
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before),
	    RETENTION_SIZE);
	v = view(NOW, 20 * MIB, 15 * MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before), 0);
	/* Free pages do not count: a big file with little in use is fine. */
	v = view(NOW, 100 * MIB, MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
}
END_TEST

START_TEST(floor_keeps_room_inside_the_file_while_the_disk_is_short)
{
	struct retention_limits lim = { 0, 0, 5 };
	struct retention_view v;
	int64_t before;

	/* 32 MiB file, 4% of the filesystem free. */
	v = view(NOW, 32 * MIB, 32 * MIB - 512 * 1024);
	v.fs_known = 1;
	v.fs_bytes = 1000 * MIB;
	v.fs_avail = 40 * MIB;
	/* 512 KiB free pages: under 1/32 of the file (1 MiB): a run. */
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before),
	    RETENTION_FLOOR);
	ck_assert_int_eq(before, INT64_MAX);
	/* 1.5 MiB free: no new run, a run goes on to 2 MiB (1/16). */
	v.size.used_bytes = 32 * MIB - 1536 * 1024;
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before),
	    RETENTION_FLOOR);
	v.size.used_bytes = 30 * MIB;
	ck_assert_uint_eq(retention_decide(&lim, &v, 1, &before), 0);
	/* Enough room on the disk: a full file is no reason. */
	v.size.used_bytes = 32 * MIB;
	v.fs_avail = 60 * MIB;
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
	/* statvfs did not answer: no guess prunes. */
	v.fs_avail = 0;
	v.fs_known = 0;
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before), 0);
	/* A small file keeps at least 8 pages free: 3 is too few. */
	v = view(NOW, 100 * 4096, 100 * 4096 - 3 * 4096);
	v.fs_known = 1;
	v.fs_bytes = 1000 * MIB;
	v.fs_avail = 0;
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before),
	    RETENTION_FLOOR);
}
END_TEST

START_TEST(age_with_size_lets_any_age_go)
{
	struct retention_limits lim = { 90, MIB, 0 };
	struct retention_view v;
	int64_t before;

	v = view(NOW - 100 * DAY, 4 * MIB, 2 * MIB);
	ck_assert_uint_eq(retention_decide(&lim, &v, 0, &before),
	    RETENTION_AGE | RETENTION_SIZE);
	ck_assert_int_eq(before, INT64_MAX);
}
END_TEST

/* ---------------------------------------------------- the store's rows */

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
	sqlite3_busy_timeout(db, 2000);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "?");
	sqlite3_close(db);
}

/*
 * n rows of kind k, the first at first, each step seconds later: the
 * rows the test gives an age.  (tests/store_seed.sh does the same for the
 * end-to-end tests.)
 */
static void
seed(const char *path, enum store_kind k, int n, int64_t first, int step)
{
	static const char *const sql[STORE_KINDS] = {
		"INSERT INTO kills (boot_id, time_sec, time_nsec, call, signo,"
		" result, error, sources, flags, dropped, target_pid,"
		" target_start_time, target_uid, target_comm, target_ppid,"
		" arg_pid, arg_tid, killer_pid, killer_ppid, killer_tid,"
		" killer_start_time, killer_uid, killer_euid, killer_suid,"
		" killer_gid, killer_egid, killer_sgid, killer_loginuid,"
		" killer_sessionid, killer_sid, killer_pgid, killer_tty_nr,"
		" killer_tty, killer_comm, killer_exe, killer_argc, killer_argv,"
		" chain) SELECT 'seed', T, 0, 1, 15, 0, 0, 1, 1, 0, 100000 + i,"
		" 1, 0, 'victim', 1, 100000 + i, 0, 2000, 1, 2000, 1, 0, 0, 0,"
		" 0, 0, 0, 4294967295, 4294967295, 2000, 2000, 0, '', 'kill',"
		" '/usr/bin/kill', 1, x'6b696c6c00', zeroblob(0) FROM n",
		"INSERT INTO sessions (boot_id, pid, start_time, uid, loginuid,"
		" sessionid, own_id, flags, user, service, tty, rhost, ruser,"
		" opened_sec, opened_nsec, closed_sec, closed_nsec)"
		" SELECT 'seed', 3000 + i, 1, 1000, 1000, 10 + i, 0, 1, 'u',"
		" 'sshd', 'pts/0', '', '', T - 5, 0, T, 0 FROM n",
		"INSERT INTO authfails (boot_id, time_sec, time_nsec, flags,"
		" dropped, user, service, tty, rhost, ruser, caller_pid,"
		" caller_ppid, caller_tid, caller_start_time, caller_uid,"
		" caller_euid, caller_suid, caller_gid, caller_egid,"
		" caller_sgid, caller_loginuid, caller_sessionid, caller_sid,"
		" caller_pgid, caller_tty_nr, caller_comm, caller_exe,"
		" caller_argc, caller_argv, chain) SELECT 'seed', T, 0, 0, 0,"
		" 'u', 'su', '', '', '', 4000 + i, 1, 4000 + i, 1, 1000, 0, 0,"
		" 1000, 1000, 1000, 1000, 5, 4000, 4000, 0, 'su', '/usr/bin/su',"
		" 1, x'737500', zeroblob(0) FROM n",
		"INSERT INTO deaths (boot_id, pid, start_time, ppid, uid, comm,"
		" args, kind, exit_sec, exit_nsec, status, signalled,"
		" parent_pid, parent_comm) SELECT 'seed', 200000 + i, T, 1, 0,"
		" 'd', 'd', 2, T, 0, 15, 1, 0, '' FROM n",
	};
	char buf[2048], t[64];
	const char *s;
	size_t len = 0;

	snprintf(t, sizeof t, "(%lld + i * %d)", (long long)first, step);
	len = (size_t)snprintf(buf, sizeof buf, "WITH RECURSIVE n(i) AS"
	    " (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d) ", n - 1);
	for (s = sql[k]; *s != '\0' && len + 64 < sizeof buf; s++) {
		if (*s == 'T' && (s[1] == ',' || s[1] == ' ') && s[-1] == ' ') {
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "%s", t);
			continue;
		}
		buf[len++] = *s;
	}
	buf[len] = '\0';
	exec_sql(path, buf);
}

START_TEST(the_oldest_rows_go_first_whatever_their_kind)
{
	uint64_t gone[STORE_KINDS] = { 0 };
	int64_t oldest[STORE_KINDS], first, n;
	char path[300];
	struct store *st = open_store(path, sizeof path);

	/* Interleaved: deaths from t=1000, sessions 1010, kills 1020,
	 * failed logins 1030, ten of each, 40 s apart. */
	seed(path, STORE_KIND_DEATHS, 10, 1000, 40);
	seed(path, STORE_KIND_SESSIONS, 10, 1010, 40);
	seed(path, STORE_KIND_KILLS, 10, 1020, 40);
	seed(path, STORE_KIND_AUTHFAILS, 10, 1030, 40);
	ck_assert_int_eq(store_oldest(st, oldest, &first), 0);
	ck_assert_int_eq(first, 1000);
	ck_assert_int_eq(oldest[STORE_KIND_SESSIONS], 1010);
	ck_assert_int_eq(oldest[STORE_KIND_KILLS], 1020);
	ck_assert_int_eq(oldest[STORE_KIND_AUTHFAILS], 1030);
	/* Each call takes the oldest kind's rows up to the next kind's. */
	ck_assert_int_eq(store_prune_oldest(st, INT64_MAX, 100, gone), 1);
	ck_assert_uint_eq(gone[STORE_KIND_DEATHS], 1);
	ck_assert_int_eq(store_prune_oldest(st, INT64_MAX, 100, gone), 1);
	ck_assert_uint_eq(gone[STORE_KIND_SESSIONS], 1);
	ck_assert_int_eq(store_oldest(st, oldest, &first), 0);
	ck_assert_int_eq(first, 1020);
	/* Everything older than 1200: 5 of each (1000..1160 + 10 * k). */
	while ((n = store_prune_oldest(st, 1200, 3, gone)) > 0)
		ck_assert_int_le(n, 3);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_uint_eq(gone[STORE_KIND_DEATHS], 5);
	ck_assert_uint_eq(gone[STORE_KIND_SESSIONS], 5);
	ck_assert_uint_eq(gone[STORE_KIND_KILLS], 5);
	ck_assert_uint_eq(gone[STORE_KIND_AUTHFAILS], 5);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"
	    " WHERE time_sec < 1200"), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM kills"), 5);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths"), 5);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sessions"), 5);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM authfails"), 5);
	store_close(st);
}
END_TEST

START_TEST(an_end_with_no_time_is_not_aged_out)
{
	uint64_t gone[STORE_KINDS] = { 0 };
	char path[300];
	struct store *st = open_store(path, sizeof path);

	exec_sql(path, "INSERT INTO deaths (boot_id, pid, start_time, ppid,"
	    " uid, comm, args, kind, signalled, parent_pid, parent_comm)"
	    " VALUES ('seed', 7, 7, 1, 0, 'x', 'x', 5, 0, 0, '')");
	ck_assert_int_eq(store_prune_oldest(st, INT64_MAX, 10, gone), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM deaths"), 1);
	store_close(st);
}
END_TEST

/* -------------------------------------------- the daemon's part, a run */

struct rig {
	char path[300];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct retention ret;
};

static void
rig_open(struct rig *r, const struct retention_limits *lim)
{
	memset(r, 0, sizeof *r);
	r->st = open_store(r->path, sizeof r->path);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	ck_assert_int_eq(retention_init(&r->ret, &r->in, r->path, lim), 0);
	r->ret.now = fixed_now;
}

static void
rig_close(struct rig *r)
{
	ingest_finish(&r->in);
	store_close(r->st);
}

/* Rounds of the loop until the run ends; the rounds it took. */
static unsigned
run_to_end(struct rig *r)
{
	unsigned rounds = 0;
	int64_t ms = 1;
	uint64_t pruned;

	do {
		pruned = r->counters.rows_pruned;
		/* The loop's clock: on to when the part asked to be called. */
		if (r->ret.next_check_ms > ms)
			ms = r->ret.next_check_ms;
		retention_handle(&r->ret, ms);
		/* A batch at most, and committed at once. */
		ck_assert_uint_le(r->counters.rows_pruned - pruned,
		    RETENTION_BATCH_ROWS);
		ck_assert(!store_dirty(r->st));
		rounds++;
		ck_assert_uint_lt(rounds, 10000);
	} while (r->ret.running);
	return rounds;
}

START_TEST(a_run_prunes_by_age_in_committed_batches)
{
	struct retention_limits lim = { 90, 0, 0 };
	struct rig r;
	unsigned rounds;

	rig_open(&r, &lim);
	/* 1000 signals 200 to 100 days old, 100 a day old, and of every
	 * other kind 300 old and 10 young. */
	seed(r.path, STORE_KIND_KILLS, 1000, NOW - 200 * DAY, 8640);
	seed(r.path, STORE_KIND_KILLS, 100, NOW - DAY, 60);
	seed(r.path, STORE_KIND_SESSIONS, 300, NOW - 150 * DAY, 60);
	seed(r.path, STORE_KIND_SESSIONS, 10, NOW - DAY, 60);
	seed(r.path, STORE_KIND_AUTHFAILS, 300, NOW - 150 * DAY, 60);
	seed(r.path, STORE_KIND_AUTHFAILS, 10, NOW - DAY, 60);
	seed(r.path, STORE_KIND_DEATHS, 300, NOW - 150 * DAY, 60);
	seed(r.path, STORE_KIND_DEATHS, 10, NOW - DAY, 60);
	ck_assert_int_eq(retention_timeout_ms(&r.ret, 1), 0);
	rounds = run_to_end(&r);
	/* 1900 rows, 256 a batch: at least 8 batches. */
	ck_assert_uint_ge(rounds, 8);
	ck_assert_uint_eq(r.counters.rows_pruned, 1900);
	ck_assert_int_eq(test_sql_int(r.path, "SELECT count(*) FROM kills"), 100);
	ck_assert_int_eq(test_sql_int(r.path, "SELECT count(*) FROM sessions"), 10);
	ck_assert_int_eq(test_sql_int(r.path, "SELECT count(*) FROM authfails"),
	    10);
	ck_assert_int_eq(test_sql_int(r.path, "SELECT count(*) FROM deaths"), 10);
	ck_assert_int_eq(test_sql_int(r.path, "SELECT min(time_sec) FROM kills"),
	    NOW - DAY);
	/* Then nothing more until the next check, a second later. */
	ck_assert_int_eq(retention_timeout_ms(&r.ret, r.ret.next_check_ms -
	    RETENTION_CHECK_MS), RETENTION_CHECK_MS);
	rig_close(&r);
}
END_TEST

START_TEST(a_run_prunes_the_store_under_its_size)
{
	struct retention_limits lim = { 0, MIB, 0 };
	struct store_size size;
	struct rig r;

	rig_open(&r, &lim);
	seed(r.path, STORE_KIND_KILLS, 20000, NOW - 30 * DAY, 60);
	ck_assert_int_eq(store_size(r.st, &size), 0);
	ck_assert_uint_gt(size.used_bytes, 2 * MIB);
	run_to_end(&r);
	ck_assert_int_eq(store_size(r.st, &size), 0);
	ck_assert_uint_le(size.used_bytes, MIB - MIB / 16);
	/* The newest stayed, the oldest went; the file did not shrink. */
	ck_assert_int_eq(test_sql_int(r.path, "SELECT max(time_sec) FROM kills"),
	    NOW - 30 * DAY + 19999 * 60);
	ck_assert_uint_gt(r.counters.rows_pruned, 10000);
	ck_assert_uint_gt(size.file_bytes, 2 * MIB);
	rig_close(&r);
}
END_TEST

START_TEST(new_limits_are_checked_at_the_next_round)
{
	struct retention_limits lim = { 0, 0, 0 }, age = { 30, 0, 0 };
	struct rig r;

	rig_open(&r, &lim);
	seed(r.path, STORE_KIND_KILLS, 10, NOW - 40 * DAY, 60);
	run_to_end(&r);
	ck_assert_uint_eq(r.counters.rows_pruned, 0);
	ck_assert_int_gt(retention_timeout_ms(&r.ret, 2), 0);
	retention_set_limits(&r.ret, &age);
	ck_assert_int_eq(retention_timeout_ms(&r.ret, 2), 0);
	run_to_end(&r);
	ck_assert_uint_eq(r.counters.rows_pruned, 10);
	rig_close(&r);
}
END_TEST

static Suite *
retention_suite(void)
{
	Suite *s = suite_create("retention");
	TCase *decide = tcase_create("decide");
	TCase *store = tcase_create("store");
	TCase *run = tcase_create("run");

	tcase_add_test(decide, age_starts_past_the_slack_and_prunes_to_the_limit);
	tcase_add_test(decide, size_starts_past_the_limit_and_prunes_a_sixteenth_below);
	tcase_add_test(decide, floor_keeps_room_inside_the_file_while_the_disk_is_short);
	tcase_add_test(decide, age_with_size_lets_any_age_go);
	suite_add_tcase(s, decide);
	tcase_add_test(store, the_oldest_rows_go_first_whatever_their_kind);
	tcase_add_test(store, an_end_with_no_time_is_not_aged_out);
	suite_add_tcase(s, store);
	tcase_set_timeout(run, 60);
	tcase_add_test(run, a_run_prunes_by_age_in_committed_batches);
	tcase_add_test(run, a_run_prunes_the_store_under_its_size);
	tcase_add_test(run, new_limits_are_checked_at_the_next_round);
	suite_add_tcase(s, run);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	test_make_base_dir("check_retention");
	sr = srunner_create(retention_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
