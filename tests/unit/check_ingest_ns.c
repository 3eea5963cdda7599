/*
 * A report from another pid namespace, translated to the daemon's pids:
 * the pure rules (what was found in /proc and the process table is given).
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/ingest/ingest_ns.h"

#define NS	4026532291ull

/*
 * pid 7 of the namespace (4250 in the daemon's), child of its first
 * process (1 there, 4000 here), sends SIGKILL to its pid 3 (4242 here).
 */
static struct wk_kill_report
report(void)
{
	struct wk_kill_report r;

	memset(&r, 0, sizeof r);
	wk_report_init(&r);
	r.call = WK_CALL_KILL;
	r.signo = SIGKILL;
	r.arg_pid = 3;
	r.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	r.caller.pid = 7;
	r.caller.ppid = 1;
	r.caller.tid = 7;
	r.caller.pgid = 7;
	r.caller.sid = 1;
	r.caller.start_time = 5000;
	r.target.pid = 3;
	r.target.ppid = 1;
	r.target.start_time = 4000;
	return r;
}

static struct ingest_ns_view
view_alive(void)
{
	struct ingest_ns_view v;

	memset(&v, 0, sizeof v);
	v.ns = NS;
	v.pid = 4250;
	v.alive = 1;
	v.ppid = 4000;
	v.pgrp = 4250;
	v.session = 3990;
	v.target = 4242;
	v.target_ppid = 4000;
	return v;
}

START_TEST(a_running_sender_is_told_in_host_pids)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert(ns.id == NS);
	ck_assert_int_eq(ns.caller_pid, 7);
	ck_assert_int_eq(ns.target_pid, 3);
	ck_assert_int_eq(out.caller.pid, 4250);
	ck_assert_int_eq(out.caller.ppid, 4000);
	ck_assert_int_eq(out.caller.tid, 4250);
	/* Group and session as the kernel has them now, in host pids:
	 * its session began outside the namespace. */
	ck_assert_int_eq(out.caller.pgid, 4250);
	ck_assert_int_eq(out.caller.sid, 3990);
	ck_assert_int_eq(out.target.pid, 4242);
	ck_assert_int_eq(out.target.ppid, 4000);
	/* The call's own argument is kept as it was passed. */
	ck_assert_int_eq(out.arg_pid, 3);
	/* The rest is the report's. */
	ck_assert_uint_eq(out.caller.start_time, 5000);
	ck_assert_uint_eq(out.target.start_time, 4000);
	ck_assert_int_eq(out.signo, SIGKILL);
}
END_TEST

START_TEST(another_thread_is_the_one_found)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	r.caller.tid = 8;
	v.tid = 4251;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.caller.tid, 4251);
	v.tid = 0;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.caller.tid, 0);
}
END_TEST

START_TEST(a_sender_that_ended_names_only_itself_and_its_parent)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	v.alive = 0;
	v.pgrp = v.session = 0;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.caller.pid, 4250);
	ck_assert_int_eq(out.caller.ppid, 4000);
	ck_assert_int_eq(out.caller.pgid, 4250);	/* its own */
	ck_assert_int_eq(out.caller.sid, 4000);		/* its parent's */
	r.caller.pgid = 5;
	r.caller.sid = 0;	/* a session from outside */
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.caller.pgid, 0);
	ck_assert_int_eq(out.caller.sid, 0);
}
END_TEST

START_TEST(a_target_not_found_has_no_host_pid)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	v.target = v.target_ppid = 0;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.target.pid, 0);
	ck_assert_int_eq(out.target.ppid, 0);
	ck_assert_int_eq(ns.target_pid, 3);
	/* Its parent is known when it is the sender. */
	r.target.ppid = 7;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.target.ppid, 4250);
}
END_TEST

START_TEST(a_sender_that_signals_itself_is_its_own_target)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	r.arg_pid = r.target.pid = 7;
	v.target = v.target_ppid = 0;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.target.pid, 4250);
	ck_assert_int_eq(out.target.ppid, 4000);
	ck_assert_int_eq(ns.target_pid, 7);
}
END_TEST

START_TEST(an_unread_target_is_the_pid_addressed)
{
	struct wk_kill_report r = report(), out;
	struct ingest_ns_view v = view_alive();
	struct wk_pid_ns ns;

	/* No such process there: no host pid either. */
	r.flags &= ~WK_F_TARGET_READ;
	memset(&r.target, 0, sizeof r.target);
	r.arg_pid = 5;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(ns.target_pid, 5);
	ck_assert_int_eq(out.target.pid, 0);
	/* Its own group, by kill(0) or by number. */
	r.arg_pid = 0;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(ns.target_pid, 7);
	ck_assert_int_eq(out.target.pid, 4250);
	r.arg_pid = -7;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(out.target.pid, 4250);
	/* Every process, a pidfd: no pid. */
	r.arg_pid = -1;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(ns.target_pid, 0);
	ck_assert_int_eq(out.target.pid, 0);
	r.call = WK_CALL_PIDFD_SEND_SIGNAL;
	r.arg_pid = 3;
	ingest_ns_translate(&r, &v, &out, &ns);
	ck_assert_int_eq(ns.target_pid, 0);
	ck_assert_int_eq(out.target.pid, 0);
	ck_assert(ns.id == NS);
	ck_assert_int_eq(ns.caller_pid, 7);
}
END_TEST

START_TEST(the_pid_addressed_follows_the_call)
{
	struct wk_kill_report r = report();

	r.caller.pgid = 40;
	r.arg_pid = 12;
	ck_assert_int_eq(ingest_addressed_pid(&r), 12);
	r.arg_pid = 0;
	ck_assert_int_eq(ingest_addressed_pid(&r), 40);
	r.arg_pid = -12;
	ck_assert_int_eq(ingest_addressed_pid(&r), 12);
	r.arg_pid = -1;
	ck_assert_int_eq(ingest_addressed_pid(&r), 0);
	r.arg_pid = INT32_MIN;
	ck_assert_int_eq(ingest_addressed_pid(&r), 0);
	r.call = WK_CALL_KILLPG;
	r.arg_pid = 12;
	ck_assert_int_eq(ingest_addressed_pid(&r), 12);
	r.arg_pid = 0;
	ck_assert_int_eq(ingest_addressed_pid(&r), 40);
	r.arg_pid = -12;
	ck_assert_int_eq(ingest_addressed_pid(&r), 0);
	r.call = WK_CALL_TGKILL;
	ck_assert_int_eq(ingest_addressed_pid(&r), 0);
	r.arg_pid = 12;
	ck_assert_int_eq(ingest_addressed_pid(&r), 12);
	r.call = WK_CALL_PIDFD_SEND_SIGNAL;
	ck_assert_int_eq(ingest_addressed_pid(&r), 0);
}
END_TEST

static Suite *
ingest_ns_suite(void)
{
	Suite *s = suite_create("ingest_ns");
	TCase *tc = tcase_create("translate");

	tcase_add_test(tc, a_running_sender_is_told_in_host_pids);
	tcase_add_test(tc, another_thread_is_the_one_found);
	tcase_add_test(tc, a_sender_that_ended_names_only_itself_and_its_parent);
	tcase_add_test(tc, a_target_not_found_has_no_host_pid);
	tcase_add_test(tc, a_sender_that_signals_itself_is_its_own_target);
	tcase_add_test(tc, an_unread_target_is_the_pid_addressed);
	tcase_add_test(tc, the_pid_addressed_follows_the_call);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ingest_ns_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
