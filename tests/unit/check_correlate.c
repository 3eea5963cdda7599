/*
 * Whether a kernel event and a shim event are the same signal, and what
 * the one attribution made of both holds.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/ingest/correlate.h"

#define BOOT	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static struct wk_event
shim_event(void)
{
	static const char argv[] = "kill\0-TERM\0-4000";
	struct wk_event ev;
	struct wk_kill_report *r = &ev.report;

	memset(&ev, 0, sizeof ev);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, BOOT);
	snprintf(ev.tty, sizeof ev.tty, "pts/1");
	r->time.sec = 1800000000;
	r->time.nsec = 500000000;
	r->call = WK_CALL_KILLPG;
	r->signo = SIGTERM;
	r->arg_pid = 4000;
	r->flags = WK_F_TARGET_READ | WK_F_TARGET_GROUP | WK_F_CALLER_STAT_READ;
	r->caller.pid = 300;
	r->caller.ppid = 200;
	r->caller.tid = 301;
	r->caller.sid = 200;
	r->caller.pgid = 300;
	r->caller.start_time = 9999;
	r->caller.uid = 1000;
	r->caller.euid = 1000;
	r->caller.loginuid = 1000;
	r->caller.sessionid = 7;
	snprintf(r->caller.comm, sizeof r->caller.comm, "kill");
	snprintf(r->caller.exe, sizeof r->caller.exe, "kill");
	r->caller.argc = 3;
	r->caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	r->target.pid = 4000;
	r->target.start_time = 5555;
	r->target.uid = 1000;
	snprintf(r->target.comm, sizeof r->target.comm, "make");
	ev.chain_len = 3;
	for (uint32_t i = 0; i < 3; i++) {
		ev.chain[i].pid = 100 + (int32_t)i * 100;
		ev.chain[i].uid = 1000;
	}
	return ev;
}

/* The kernel's record of the same killpg(4000, SIGTERM): kill(-4000). */
static struct wk_event
kernel_event(void)
{
	static const char argv[] = "kill";
	struct wk_event ev;
	struct wk_kill_report *r = &ev.report;

	memset(&ev, 0, sizeof ev);
	ev.sources = WK_SRC_KERNEL;
	snprintf(ev.boot_id, sizeof ev.boot_id, BOOT);
	snprintf(ev.tty, sizeof ev.tty, "pts/1");
	r->time.sec = 1800000000;
	r->time.nsec = 499000000;
	r->call = WK_CALL_KILL;
	r->signo = SIGTERM;
	r->arg_pid = -4000;
	r->flags = WK_F_TARGET_READ | WK_F_TARGET_GROUP | WK_F_ARGV_TRUNCATED;
	r->caller.pid = 300;
	r->caller.ppid = 200;
	r->caller.uid = 0;
	r->caller.euid = 0;
	r->caller.suid = 0;
	r->caller.loginuid = 1001;
	r->caller.sessionid = 8;
	snprintf(r->caller.comm, sizeof r->caller.comm, "kill");
	snprintf(r->caller.exe, sizeof r->caller.exe, "/usr/bin/kill");
	r->caller.argc = 1;
	r->caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	r->target.pid = 4000;
	r->target.uid = 0;
	snprintf(r->target.comm, sizeof r->target.comm, "make");
	ev.chain_len = 1;
	ev.chain[0].pid = 300;
	return ev;
}

START_TEST(same_signal_matches_either_way)
{
	struct wk_event s = shim_event(), k = kernel_event();

	ck_assert(correlate_match(&s, &k));
	ck_assert(correlate_match(&k, &s));
	/* Unknown on one side is no contradiction. */
	k.report.target.pid = 0;
	k.report.caller.start_time = 0;
	ck_assert(correlate_match(&s, &k));
	k = kernel_event();
	k.report.time.sec += 2;
	k.report.time.nsec = 500000000;		/* exactly 2 s later */
	ck_assert(correlate_match(&s, &k));
}
END_TEST

START_TEST(any_difference_is_another_signal)
{
	struct wk_event s = shim_event(), k;

	k = kernel_event();
	k.report.caller.pid = 301;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.signo = SIGKILL;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.time.sec += 3;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.time.sec -= 3;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.arg_pid = 4000;	/* kill(4000), not the group */
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.target.pid = 4001;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.caller.start_time = 9998;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	k.report.call = WK_CALL_SIGQUEUE;
	ck_assert(!correlate_match(&s, &k));
	k = kernel_event();
	snprintf(k.boot_id, sizeof k.boot_id, "other");
	ck_assert(!correlate_match(&s, &k));
}
END_TEST

START_TEST(tgkill_matches_on_both_ids)
{
	struct wk_event s = shim_event(), k = kernel_event();

	s.report.call = k.report.call = WK_CALL_TGKILL;
	s.report.arg_pid = k.report.arg_pid = 4000;
	s.report.arg_tid = k.report.arg_tid = 4002;
	ck_assert(correlate_match(&s, &k));
	k.report.arg_tid = 4003;
	ck_assert(!correlate_match(&s, &k));
}
END_TEST

START_TEST(merge_takes_each_field_from_its_witness)
{
	struct wk_event s = shim_event(), k = kernel_event(), m;
	const struct wk_kill_report *r = &m.report;

	s.id = 12;
	s.sources |= WK_SRC_PAM;
	correlate_merge(&s, &k, &m);
	ck_assert_uint_eq(m.sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	ck_assert_int_eq(m.id, 0);
	/* The kernel's word on who it was. */
	ck_assert_uint_eq(r->caller.uid, 0);
	ck_assert_uint_eq(r->caller.euid, 0);
	ck_assert_uint_eq(r->caller.loginuid, 1001);
	ck_assert_uint_eq(r->caller.sessionid, 8);
	ck_assert_str_eq(r->caller.exe, "/usr/bin/kill");
	/* The shim's on what only the process saw. */
	ck_assert_uint_eq(r->call, WK_CALL_KILLPG);
	ck_assert_int_eq(r->arg_pid, 4000);
	ck_assert_int_eq(r->caller.tid, 301);
	ck_assert_int_eq(r->caller.pgid, 300);
	ck_assert_uint_eq(r->caller.start_time, 9999);
	ck_assert_uint_eq(r->caller.argc, 3);
	ck_assert_uint_eq(r->flags & WK_F_ARGV_TRUNCATED, 0);
	ck_assert_uint_eq(r->target.start_time, 5555);
	ck_assert_uint_eq(r->target.uid, 1000);
	ck_assert_int_eq(r->time.nsec, 500000000);
	/* The longer chain, its killer with the kernel's ids. */
	ck_assert_uint_eq(m.chain_len, 3);
	ck_assert_uint_eq(m.chain[2].uid, 0);
	ck_assert_uint_eq(m.chain[2].loginuid, 1001);
	ck_assert_uint_eq(m.chain[1].uid, 1000);
}
END_TEST

/* What the shim lacks comes from the kernel; nothing is made up. */
START_TEST(merge_fills_what_the_shim_lacks)
{
	struct wk_event s = shim_event(), k = kernel_event(), m;

	s.report.flags &= ~WK_F_TARGET_READ;
	s.report.target.start_time = 0;
	s.report.caller.argv_len = 0;
	s.report.caller.argc = 0;
	memset(s.argv, 0, sizeof s.argv);
	s.tty[0] = '\0';
	s.chain_len = 0;
	k.report.target.ppid = 77;
	k.chain_len = 2;
	correlate_merge(&s, &k, &m);
	ck_assert_uint_ne(m.report.flags & WK_F_TARGET_READ, 0);
	ck_assert_uint_eq(m.report.target.uid, 0);
	ck_assert_int_eq(m.report.target.ppid, 77);
	ck_assert_uint_eq(m.report.target.start_time, 0);
	ck_assert_str_eq(m.argv, "kill");
	ck_assert_uint_eq(m.report.caller.argc, 1);
	ck_assert_uint_ne(m.report.flags & WK_F_ARGV_TRUNCATED, 0);
	ck_assert_str_eq(m.tty, "pts/1");
	ck_assert_uint_eq(m.chain_len, 2);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("correlate");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, same_signal_matches_either_way);
	tcase_add_test(tc, any_difference_is_another_signal);
	tcase_add_test(tc, tgkill_matches_on_both_ids);
	tcase_add_test(tc, merge_takes_each_field_from_its_witness);
	tcase_add_test(tc, merge_fills_what_the_shim_lacks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
