/*
 * How a signal systemd (PID 1) sent is explained from what the bus told
 * (daemon/sysd/sysd_memory.c), and the small parsers beside it: a unit
 * from a cgroup or a bus path, a systemctl command line.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/sysd/sysd_caller.h"
#include "daemon/sysd/sysd_memory.h"

#define MS	1000000LL
#define T0	(1800000000LL * 1000000000LL)

static struct sysd_memory mem;

/* A request for unit, with a caller of pid, at t. */
static void
add_call(uint32_t via, uint32_t verb, const char *unit, int32_t pid, int64_t t)
{
	struct sysd_call c;

	memset(&c, 0, sizeof c);
	c.ns = t;
	c.via = via;
	c.verb = verb;
	c.exact = via == WK_VIA_BUS;
	strcpy(c.unit, unit);
	strcpy(c.method, via == WK_VIA_BUS ? "StopUnit" : "private socket");
	c.has_caller = 1;
	c.caller.report.caller.pid = pid;
	c.caller.report.caller.start_time = 100 + (uint64_t)pid;
	sysd_memory_add_call(&mem, &c);
}

static void
setup(void)
{
	sysd_memory_init(&mem);
}

START_TEST(a_stop_names_its_caller_job_and_unit)
{
	struct wk_request r;

	add_call(WK_VIA_BUS, WK_VERB_STOP, "nginx.service", 4711, T0);
	sysd_memory_job_new(&mem, 197, "nginx.service", T0 + 1 * MS);
	/* The signal before the monitor read JobRemoved. */
	ck_assert_int_eq(sysd_memory_explain(&mem, T0 + 2 * MS, SIGTERM, 50, 9,
	    &r), 1);
	sysd_memory_job_removed(&mem, 197, T0 + 5 * MS);
	ck_assert_uint_eq(r.via, WK_VIA_BUS);
	ck_assert_uint_eq(r.verb, WK_VERB_STOP);
	ck_assert_str_eq(r.unit, "nginx.service");
	ck_assert_uint_eq(r.job, 197);
	ck_assert_uint_eq(r.flags, WK_RQ_EXACT | WK_RQ_CALLER | WK_RQ_JOB);
	ck_assert_int_eq(r.caller.report.caller.pid, 4711);
	/* SIGKILL in the same stop: its timeout ran out. */
	ck_assert_int_eq(sysd_memory_explain(&mem, T0 + 4 * MS, SIGKILL, 50, 9,
	    &r), 1);
	ck_assert_uint_eq(r.verb, WK_VERB_STOP_TIMEOUT);
	ck_assert_str_eq(r.job_verb, "stop");
	/* After the job: nothing tells. */
	ck_assert_int_eq(sysd_memory_explain(&mem, T0 + 900 * MS, SIGTERM, 50,
	    9, &r), 1);
	ck_assert_uint_eq(r.via, WK_VIA_SYSTEMD);
	ck_assert_uint_eq(r.verb, WK_VERB_UNKNOWN);
	ck_assert_uint_eq(r.flags, 0);
}
END_TEST

START_TEST(a_job_read_after_the_signal_still_explains_it)
{
	struct wk_request r;

	add_call(WK_VIA_SYSTEMCTL, WK_VERB_RESTART, "web.service", 300, T0);
	sysd_memory_explain(&mem, T0 + 1 * MS, SIGTERM, 50, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_UNKNOWN);
	sysd_memory_job_new(&mem, 12, "web.service", T0 + 3 * MS);
	ck_assert_int_eq(sysd_memory_explain(&mem, T0 + 1 * MS, SIGTERM, 50, 9,
	    &r), 1);
	ck_assert_uint_eq(r.via, WK_VIA_SYSTEMCTL);
	ck_assert_uint_eq(r.verb, WK_VERB_RESTART);
	ck_assert_uint_eq(r.flags & WK_RQ_EXACT, 0);
	ck_assert_str_eq(r.method, "private socket");
}
END_TEST

START_TEST(a_start_job_read_late_does_not_hide_the_restart)
{
	struct wk_request r;

	/* systemd-run's start job ended, but its JobRemoved is read only
	 * after the restart's signal. */
	sysd_memory_job_new(&mem, 10, "web.service", T0);
	add_call(WK_VIA_SYSTEMCTL, WK_VERB_RESTART, "web.service", 300,
	    T0 + 5 * MS);
	sysd_memory_job_new(&mem, 11, "web.service", T0 + 9 * MS);
	sysd_memory_job_removed(&mem, 10, T0 + 10 * MS);
	sysd_memory_explain(&mem, T0 + 7 * MS, SIGTERM, 50, 9, &r);
	ck_assert_uint_eq(r.job, 11);
	ck_assert_uint_eq(r.verb, WK_VERB_RESTART);
	ck_assert_int_eq(r.caller.report.caller.pid, 300);
}
END_TEST

START_TEST(a_second_job_of_the_transaction_is_a_dependency)
{
	struct wk_request r;

	add_call(WK_VIA_SYSTEMCTL, WK_VERB_STOP, "group.target", 300, T0);
	sysd_memory_job_new(&mem, 20, "group.target", T0 + 1 * MS);
	sysd_memory_job_new(&mem, 21, "member.service", T0 + 1 * MS + 200000);
	/* The target has no processes: the signal is the member's. */
	sysd_memory_explain(&mem, T0 + 2 * MS, SIGTERM, 50, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_DEPENDENCY);
	ck_assert_str_eq(r.unit, "member.service");
	ck_assert_str_eq(r.cause_unit, "group.target");
	ck_assert_uint_eq(r.job, 21);
	ck_assert_str_eq(r.job_verb, "stop");
	ck_assert_int_eq(r.caller.report.caller.pid, 300);
}
END_TEST

START_TEST(killunit_has_no_job)
{
	struct wk_request r;

	add_call(WK_VIA_BUS, WK_VERB_KILL, "victim.service", 77, T0);
	sysd_memory_explain(&mem, T0 + 1 * MS, SIGUSR1, 50, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_KILL);
	ck_assert_str_eq(r.unit, "victim.service");
	ck_assert_uint_eq(r.flags & WK_RQ_JOB, 0);
	/* Not a second later: another signal is not that call's. */
	sysd_memory_explain(&mem, T0 + 1000 * MS, SIGUSR1, 50, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_UNKNOWN);
}
END_TEST

START_TEST(the_main_pid_names_the_unit)
{
	struct wk_request r;

	sysd_memory_main_pid(&mem, "a.service", 50, T0 - 5000 * MS);
	sysd_memory_main_pid(&mem, "b.service", 60, T0 - 5000 * MS);
	add_call(WK_VIA_BUS, WK_VERB_KILL, "a.service", 77, T0);
	add_call(WK_VIA_BUS, WK_VERB_KILL, "b.service", 78, T0);
	sysd_memory_explain(&mem, T0 + 1 * MS, SIGTERM, 50, 9, &r);
	ck_assert_str_eq(r.unit, "a.service");
	ck_assert_int_eq(r.caller.report.caller.pid, 77);
	sysd_memory_explain(&mem, T0 + 1 * MS, SIGTERM, 60, 9, &r);
	ck_assert_str_eq(r.unit, "b.service");
	ck_assert_int_eq(r.caller.report.caller.pid, 78);
}
END_TEST

START_TEST(restart_policy_and_watchdog_from_unit_states)
{
	struct wk_request r;

	sysd_memory_state(&mem, "crashy.service", "stop-sigterm", T0);
	sysd_memory_state(&mem, "crashy.service", "failed", T0 + 2 * MS);
	sysd_memory_state(&mem, "crashy.service", "auto-restart", T0 + 3 * MS);
	sysd_memory_explain(&mem, T0 + 1 * MS, SIGTERM, 50, 9, &r);
	ck_assert_uint_eq(r.via, WK_VIA_SYSTEMD);
	ck_assert_uint_eq(r.verb, WK_VERB_RESTART_POLICY);
	ck_assert_str_eq(r.unit, "crashy.service");
	sysd_memory_state(&mem, "dog.service", "stop-watchdog", T0 + 5000 * MS);
	sysd_memory_explain(&mem, T0 + 5001 * MS, SIGABRT, 70, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_WATCHDOG);
	ck_assert_str_eq(r.unit, "dog.service");
}
END_TEST

START_TEST(a_shutdown_job_explains_the_stops_it_made)
{
	struct wk_request r;

	sysd_memory_job_new(&mem, 5, "poweroff.target", T0);
	sysd_memory_job_new(&mem, 6, "db.service", T0 + 1 * MS);
	sysd_memory_explain(&mem, T0 + 3 * MS, SIGTERM, 50, 9, &r);
	ck_assert_uint_eq(r.verb, WK_VERB_SHUTDOWN);
	ck_assert_str_eq(r.unit, "db.service");
	ck_assert_str_eq(r.cause_unit, "poweroff.target");
}
END_TEST

START_TEST(units_from_cgroups_and_paths)
{
	char unit[WK_UNIT_MAX];

	ck_assert_int_eq(sysd_unit_of_cgroup("0::/system.slice/victim.service\n",
	    unit, sizeof unit), 0);
	ck_assert_str_eq(unit, "victim.service");
	ck_assert_int_eq(sysd_unit_of_cgroup("12:pids:/\n1:name=systemd:"
	    "/system.slice/system-getty.slice/getty@tty1.service\n0::/\n",
	    unit, sizeof unit), 0);
	ck_assert_str_eq(unit, "getty@tty1.service");
	ck_assert_int_eq(sysd_unit_of_cgroup("0::/user.slice/user-1000.slice/"
	    "session-3.scope\n", unit, sizeof unit), 0);
	ck_assert_str_eq(unit, "session-3.scope");
	ck_assert_int_eq(sysd_unit_of_cgroup("0::/\n", unit, sizeof unit), -1);
	ck_assert_int_eq(sysd_unit_of_path("/org/freedesktop/systemd1/unit/"
	    "getty_40tty1_2eservice", unit, sizeof unit), 0);
	ck_assert_str_eq(unit, "getty@tty1.service");
	ck_assert_int_eq(sysd_unit_of_path("/org/freedesktop/systemd1/job/5",
	    unit, sizeof unit), -1);
}
END_TEST

START_TEST(what_a_systemctl_command_line_asks)
{
	static const char stop[] = "systemctl\0--no-pager\0stop\0nginx\0";
	static const char kill[] = "/bin/systemctl\0kill\0-s\0USR1\0a.socket\0";
	static const char restart[] = "systemctl\0try-restart\0x@1\0";
	static const char status[] = "systemctl\0status\0nginx\0";
	char unit[WK_UNIT_MAX];
	uint32_t verb;

	ck_assert_int_eq(sysd_systemctl_request(stop, sizeof stop - 1, &verb,
	    unit, sizeof unit), 1);
	ck_assert_uint_eq(verb, WK_VERB_STOP);
	ck_assert_str_eq(unit, "nginx.service");
	ck_assert_int_eq(sysd_systemctl_request(kill, sizeof kill - 1, &verb,
	    unit, sizeof unit), 1);
	ck_assert_uint_eq(verb, WK_VERB_KILL);
	ck_assert_str_eq(unit, "a.socket");
	ck_assert_int_eq(sysd_systemctl_request(restart, sizeof restart - 1,
	    &verb, unit, sizeof unit), 1);
	ck_assert_uint_eq(verb, WK_VERB_RESTART);
	ck_assert_str_eq(unit, "x@1.service");
	ck_assert_int_eq(sysd_systemctl_request(status, sizeof status - 1,
	    &verb, unit, sizeof unit), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sysd_memory");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, a_stop_names_its_caller_job_and_unit);
	tcase_add_test(tc, a_job_read_after_the_signal_still_explains_it);
	tcase_add_test(tc, a_start_job_read_late_does_not_hide_the_restart);
	tcase_add_test(tc, a_second_job_of_the_transaction_is_a_dependency);
	tcase_add_test(tc, killunit_has_no_job);
	tcase_add_test(tc, the_main_pid_names_the_unit);
	tcase_add_test(tc, restart_policy_and_watchdog_from_unit_states);
	tcase_add_test(tc, a_shutdown_job_explains_the_stops_it_made);
	tcase_add_test(tc, units_from_cgroups_and_paths);
	tcase_add_test(tc, what_a_systemctl_command_line_asks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
