/*
 * The store fails (a full disk, a full database): the reports that arrive
 * meanwhile, and the batch in flight when the commit fails, are kept in
 * memory and stored once there is room, in their order; beyond the cap
 * they are lost and counted.  The disk is made full under the real store
 * by an SQLite VFS whose writes fail (disk_full_vfs.h), or the database by
 * PRAGMA max_page_count.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/daemon_parts.h"
#include "daemon/ingest/ingest.h"
#include "daemon/query/query_answer.h"
#include "daemon/store/store.h"
#include "daemon/store/store_internal.h"
#include "daemon_testutil.h"
#include "disk_full_vfs.h"

#define NO_SUCH_PID	4000000		/* above any pid_max in use */

struct rig {
	char dir[200];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct ucred cred;	/* this process, as the kernel names it */
	struct wk_kill_report rep;
};

static void
rig_open(struct rig *r)
{
	char path[300], err[256];

	memset(r, 0, sizeof *r);
	test_disk_full_vfs_install();
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	r->cred.pid = getpid();
	r->cred.uid = getuid();
	r->cred.gid = getgid();
	test_self_report(&r->rep, NO_SUCH_PID, SIGTERM);
}

static void
rig_close(struct rig *r)
{
	ingest_finish(&r->in);
	store_close(r->st);
}

/* n kill reports, as ingest_drain hands them over; all get result res. */
static void
send_kills(struct rig *r, unsigned n, enum ingest_result res)
{
	for (unsigned i = 0; i < n; i++) {
		r->rep.time.nsec = (r->rep.time.nsec + 1) % 1000000000;
		ck_assert_int_eq(ingest_datagram(&r->in, &r->rep,
		    sizeof r->rep, 0, &r->cred), res);
	}
}

/* The poll loop's timer, once a retry is due. */
static void
retry_now(struct rig *r)
{
	int64_t later = wkd_monotonic_ms() + INGEST_RETRY_MS + 1;

	ck_assert_int_ge(ingest_timeout_ms(&r->in, wkd_monotonic_ms()), 0);
	ck_assert_int_le(ingest_timeout_ms(&r->in, wkd_monotonic_ms()),
	    INGEST_RETRY_MS);
	(void)ingest_commit_if_due(&r->in, later);
}

static int64_t
sql_int(struct rig *r, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	ck_assert_int_eq(sqlite3_prepare_v2(r->st->db, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* What whokilled --stats would say now. */
static struct wk_stats
ask_stats(struct rig *r)
{
	struct query_env env;
	struct daemon_parts parts = { .ingest = &r->in, .report_fd = -1 };
	struct query_reply out;
	struct wk_query q;
	struct wk_stats stats;
	const char *why = "";
	uint16_t type;
	uint32_t size;

	memset(&env, 0, sizeof env);
	daemon_parts_hook_query(&parts, &env);	/* nothing to drain */
	env.store = r->st;
	env.counters = &r->counters;
	env.boot_id = TEST_BOOT_ID;
	memset(&out, 0, sizeof out);
	wk_query_init(&q, WK_Q_STATS);
	ck_assert_int_eq(query_answer(&env, &q, sizeof q, 0, &out), 0);
	ck_assert_int_eq(wk_peek_reply(out.buf, out.len, &type, &size, &why), 0);
	ck_assert_int_eq(type, WK_R_STATS);
	ck_assert_msg(wk_decode_stats(out.buf, size, &stats, &why) == 0, "%s",
	    why);
	query_reply_free(&out);
	return stats;
}

/*
 * The disk fills with a batch in flight: its commit fails and SQLite rolls
 * it back, but its rows wait in memory with the reports that follow, and
 * all are stored once there is room again -- without a report to wake the
 * daemon, by the timer.
 */
START_TEST(a_full_disk_loses_neither_the_batch_nor_what_follows)
{
	struct wk_stats stats;
	struct rig r;

	rig_open(&r);
	send_kills(&r, 3, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 3);

	send_kills(&r, 10, INGEST_STORED);	/* the batch in flight */
	test_disk_full = 1;
	ck_assert_int_eq(ingest_commit(&r.in), -1);
	ck_assert_int_gt(test_disk_full_writes, 0);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 10);
	send_kills(&r, 20, INGEST_KEPT);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 30);
	ck_assert_uint_eq(store_pending(r.st), 0);

	/* Still full: the retry fails, nothing is lost. */
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 30);
	send_kills(&r, 5, INGEST_KEPT);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 35);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	ck_assert_int_eq(store_count(r.st), 3);
	/* A query commits first: that fails too, and the rows still wait. */
	stats = ask_stats(&r);
	ck_assert_uint_eq(stats.store_backlog, 35);
	ck_assert_uint_eq(stats.store_errors, 0);
	ck_assert_uint_eq(stats.events_total, 3);

	/* Room again. */
	test_disk_full = 0;
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	stats = ask_stats(&r);
	ck_assert_uint_eq(stats.store_backlog, 0);
	ck_assert_uint_eq(stats.events_total, 38);
	ck_assert_int_eq(ingest_timeout_ms(&r.in, wkd_monotonic_ms()), -1);
	ck_assert_int_eq(store_count(r.st), 38);
	ck_assert_uint_eq(r.counters.stored, 38);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	ck_assert_uint_eq(r.counters.received, 38);
	/* And the store goes on as before. */
	send_kills(&r, 2, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 40);
	ck_assert_int_eq(sql_int(&r, "SELECT count(DISTINCT time_nsec) FROM"
	    " kills"), 40);
	rig_close(&r);
}
END_TEST

/* The next report retries too, once a retry is due. */
START_TEST(the_next_report_retries_when_due)
{
	struct rig r;

	rig_open(&r);
	test_disk_full = 1;
	send_kills(&r, 4, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), -1);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 4);
	test_disk_full = 0;
	/* Not due yet: it waits behind the others. */
	send_kills(&r, 1, INGEST_KEPT);
	ck_assert_int_eq(store_count(r.st), 0);
	r.in.backlog.retry_ms = wkd_monotonic_ms();
	send_kills(&r, 1, INGEST_STORED);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 6);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	rig_close(&r);
}
END_TEST

/*
 * The database may not grow (max_page_count, SQLITE_FULL at the insert,
 * the batch left open): the row that did not fit waits, the batch is
 * committed, and the row follows once the database may grow again.
 */
START_TEST(a_full_database_keeps_the_row_that_did_not_fit)
{
	struct rig r;
	unsigned kept;

	rig_open(&r);
	send_kills(&r, 2, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(sqlite3_exec(r.st->db, "PRAGMA max_page_count = 1",
	    NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < 50; i++)
		(void)ingest_datagram(&r.in, &r.rep, sizeof r.rep, 0, &r.cred);
	kept = ingest_backlog_waiting(&r.in);
	ck_assert_uint_gt(kept, 0);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	(void)ingest_commit(&r.in);
	ck_assert_int_eq(store_count(r.st), 52 - kept);

	ck_assert_int_eq(sqlite3_exec(r.st->db,
	    "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), SQLITE_OK);
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 52);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	rig_close(&r);
}
END_TEST

/*
 * The cap: INGEST_BACKLOG_MAX rows wait, the ones after are lost and
 * counted; the kept ones are all stored when there is room.
 */
START_TEST(beyond_the_cap_reports_are_lost_and_counted)
{
	struct rig r;

	rig_open(&r);
	test_disk_full = 1;
	send_kills(&r, 100, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), -1);
	send_kills(&r, INGEST_BACKLOG_MAX - 100, INGEST_KEPT);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), INGEST_BACKLOG_MAX);
	ck_assert_uint_eq(r.counters.store_errors, 0);
	send_kills(&r, 7, INGEST_STORE_ERROR);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), INGEST_BACKLOG_MAX);
	ck_assert_uint_eq(r.counters.store_errors, 7);
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), INGEST_BACKLOG_MAX);

	test_disk_full = 0;
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), INGEST_BACKLOG_MAX);
	ck_assert_uint_eq(r.counters.stored, INGEST_BACKLOG_MAX);
	ck_assert_uint_eq(r.counters.store_errors, 7);
	/* Empty, it starts again at its first slot. */
	ck_assert_uint_eq(r.in.backlog.count, 0);
	ck_assert_uint_eq(r.in.backlog.head, 0);
	ck_assert_uint_eq(r.in.backlog.peak, 0);
	rig_close(&r);
}
END_TEST

/* n kill reports with a command line of 32 KiB each. */
static enum ingest_result
send_long_kills(struct rig *r, unsigned n, enum ingest_result res)
{
	enum ingest_result got = res;

	static unsigned char dg[WK_REPORT_MAX];
	static char argv[WK_ARGV_MAX];
	struct wk_kill_report rep = r->rep;

	memset(argv, 'a', sizeof argv);
	argv[sizeof argv - 1] = '\0';
	rep.caller.argc = 1;
	rep.caller.argv_len = WK_ARGV_MAX;
	for (unsigned i = 0; i < n; i++) {
		r->rep.time.nsec = (r->rep.time.nsec + 1) % 1000000000;
		rep.time = r->rep.time;
		got = ingest_datagram(&r->in, dg, test_datagram(&rep, argv, dg),
		    0, &r->cred);
		if (res != INGEST_MALFORMED)	/* any result will do */
			ck_assert_int_eq(got, res);
	}
	return got;
}

/*
 * Rows of long command lines are bounded in bytes, not only in number: a
 * batch is committed at INGEST_COMMIT_BYTES, and while the store fails at
 * most INGEST_BACKLOG_BYTES_MAX of them wait; past that they are lost and
 * counted, and those kept are stored whole once it works.
 */
START_TEST(long_command_lines_are_bounded_in_bytes)
{
	unsigned kept;
	struct rig r;

	rig_open(&r);
	send_long_kills(&r, 300, INGEST_STORED);
	/* Committed along the way: a batch never held more than 4 MiB. */
	ck_assert_uint_lt(store_pending(r.st), 300);
	ck_assert_uint_le(r.in.backlog.batch_bytes, INGEST_COMMIT_BYTES);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 300);

	/* The disk full: stored in the batch, or kept, until one is lost. */
	test_disk_full = 1;
	while (send_long_kills(&r, 1, INGEST_MALFORMED) != INGEST_STORE_ERROR)
		;
	(void)ingest_commit(&r.in);
	kept = ingest_backlog_waiting(&r.in);
	ck_assert_uint_eq(r.counters.store_errors, 1);
	ck_assert_uint_le(kept, INGEST_BACKLOG_BYTES_MAX /
	    (WK_EVENT_FIXED + WK_ARGV_MAX));
	ck_assert_uint_gt(kept, 100);
	ck_assert_uint_le(r.in.backlog.bytes, INGEST_BACKLOG_BYTES_MAX);
	test_disk_full = 0;
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 300 + kept);
	ck_assert_uint_eq(r.in.backlog.bytes, 0);
	rig_close(&r);
}
END_TEST

/*
 * A session opened, then a kill by its login process, both kept: retried
 * in their order, the kill is joined to the session as it would have
 * been.  Needs root (only root's session reports are believed).
 */
START_TEST(kept_rows_are_written_in_order_so_kills_join_their_sessions)
{
	struct wk_session_report s;
	struct procinfo_stat st;
	struct rig r;

	if (geteuid() != 0)
		return;
	rig_open(&r);
	test_disk_full = 1;
	send_kills(&r, 1, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), -1);

	wk_session_init(&s, WK_MSG_SESSION_OPEN);
	s.time = r.rep.time;
	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	s.pid = getpid();
	s.ppid = getppid();
	s.start_time = st.start_time;
	s.uid = 1001;
	s.flags = WK_SF_OWN_ID;
	s.own_id = 0x5e55;
	snprintf(s.user, sizeof s.user, "alice");
	snprintf(s.service, sizeof s.service, "sshd");
	ck_assert_int_eq(ingest_datagram(&r.in, &s, sizeof s, 0, &r.cred),
	    INGEST_KEPT);
	send_kills(&r, 1, INGEST_KEPT);

	test_disk_full = 0;
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM sessions"), 1);
	/* The kill before the session has none, the one after has it. */
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM kills"), 2);
	ck_assert_int_eq(sql_int(&r, "SELECT count(*) FROM kills WHERE"
	    " session_id IS NOT NULL"), 1);
	ck_assert_int_eq(sql_int(&r, "SELECT max(time_nsec) = (SELECT"
	    " time_nsec FROM kills WHERE session_id IS NOT NULL) FROM kills"),
	    1);
	rig_close(&r);
}
END_TEST

/*
 * A kept row the store refuses for good (not a full disk) is lost and
 * counted, and does not hold up the rows behind it; ends of processes are
 * kept too, and counted once.
 */
START_TEST(a_refused_row_does_not_hold_up_the_others)
{
	struct store_death d;
	struct wk_event bad;
	struct rig r;

	rig_open(&r);
	test_disk_full = 1;
	send_kills(&r, 2, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), -1);
	memset(&bad, 0, sizeof bad);
	bad.chain_len = WK_CHAIN_MAX + 1;	/* refused with EINVAL */
	ck_assert_int_eq(ingest_store_row(&r.in, INGEST_ROW_KILL, &bad,
	    sizeof bad), INGEST_ROW_WAITING);
	memset(&d, 0, sizeof d);
	memcpy(d.boot_id, TEST_BOOT_ID, sizeof TEST_BOOT_ID);
	d.pid = 4242;
	d.start_time = 77;
	d.kind = STORE_DEATH_EXITED;
	ck_assert_int_eq(ingest_store_row(&r.in, INGEST_ROW_DEATH, &d,
	    sizeof d), INGEST_ROW_WAITING);
	send_kills(&r, 2, INGEST_KEPT);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 6);

	test_disk_full = 0;
	retry_now(&r);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 4);
	ck_assert_int_eq(store_deaths_count(r.st), 1);
	ck_assert_uint_eq(r.counters.deaths_stored, 1);
	ck_assert_uint_eq(r.counters.store_errors, 1);
	rig_close(&r);
}
END_TEST

/* At exit, what the store still cannot take is counted lost. */
START_TEST(finish_counts_what_is_still_waiting)
{
	struct rig r;

	rig_open(&r);
	test_disk_full = 1;
	send_kills(&r, 3, INGEST_STORED);
	ck_assert_int_eq(ingest_commit(&r.in), -1);
	send_kills(&r, 2, INGEST_KEPT);
	ingest_finish(&r.in);
	ck_assert_uint_eq(r.counters.store_errors, 5);
	ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 0);
	ck_assert_ptr_null(r.in.backlog.rows);
	test_disk_full = 0;
	rig_close(&r);
}
END_TEST

static Suite *
backlog_suite(void)
{
	Suite *s = suite_create("ingest_backlog");
	TCase *tc = tcase_create("disk full");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_full_disk_loses_neither_the_batch_nor_what_follows);
	tcase_add_test(tc, the_next_report_retries_when_due);
	tcase_add_test(tc, a_full_database_keeps_the_row_that_did_not_fit);
	tcase_add_test(tc, beyond_the_cap_reports_are_lost_and_counted);
	tcase_add_test(tc, long_command_lines_are_bounded_in_bytes);
	tcase_add_test(tc,
	    kept_rows_are_written_in_order_so_kills_join_their_sessions);
	tcase_add_test(tc, a_refused_row_does_not_hold_up_the_others);
	tcase_add_test(tc, finish_counts_what_is_still_waiting);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(backlog_suite());
	int failed;

	test_make_base_dir("check_ingest_backlog");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
