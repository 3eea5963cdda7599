/* Wait statuses in words, and kernel times in wall-clock time. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/base/clock_convert.h"
#include "daemon/procs/exit_status.h"

START_TEST(statuses_are_described_in_words)
{
	static const struct {
		uint32_t status;
		enum exit_kind kind;
		const char *text;
	} table[] = {
		{ 0x0000, EXIT_KIND_EXITED, "exited with status 0" },
		{ 0x0300, EXIT_KIND_EXITED, "exited with status 3" },
		{ 0xff00, EXIT_KIND_EXITED, "exited with status 255" },
		{ SIGKILL, EXIT_KIND_SIGNALED, "killed by SIGKILL" },
		{ SIGTERM, EXIT_KIND_SIGNALED, "killed by SIGTERM" },
		{ SIGSEGV, EXIT_KIND_SIGNALED, "died of SIGSEGV" },
		{ SIGSEGV | 0x80, EXIT_KIND_SIGNALED_CORE,
		    "died of SIGSEGV (core dumped)" },
		{ SIGABRT | 0x80, EXIT_KIND_SIGNALED_CORE,
		    "died of SIGABRT (core dumped)" },
		{ SIGQUIT | 0x80, EXIT_KIND_SIGNALED_CORE,
		    "killed by SIGQUIT (core dumped)" },
		{ 34, EXIT_KIND_SIGNALED, "killed by SIGRTMIN+2" },
		{ 0x137f, EXIT_KIND_UNKNOWN, "ended with wait status 0x137f" },
		{ 0x10000, EXIT_KIND_UNKNOWN, "ended with wait status 0x10000" },
		{ 0x0109, EXIT_KIND_UNKNOWN, "ended with wait status 0x109" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		ck_assert_msg(exit_status_kind(table[i].status) == table[i].kind,
		    "status 0x%x: kind %d, want %d", table[i].status,
		    exit_status_kind(table[i].status), table[i].kind);
		exit_status_describe(table[i].status, buf, sizeof buf);
		ck_assert_msg(strcmp(buf, table[i].text) == 0,
		    "status 0x%x: '%s', want '%s'", table[i].status, buf,
		    table[i].text);
	}
}
END_TEST

START_TEST(a_short_buffer_is_cut_not_overrun)
{
	char buf[12];

	memset(buf, 'x', sizeof buf);
	exit_status_describe(SIGSEGV | 0x80, buf, 8);
	ck_assert_str_eq(buf, "died of");
	ck_assert_int_eq(buf[8], 'x');
}
END_TEST

/* The wait status the kernel gives for a child that ends as told. */
static int
real_status(int how)
{
	struct rlimit none = { 0, 0 };
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &none);
		if (how > 0)
			_exit(how);
		/* The test runner's own SIGTERM handler would be inherited. */
		signal(-how, SIG_DFL);
		raise(-how);
		_exit(99);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

START_TEST(real_wait_statuses_agree)
{
	char buf[64];
	int st;

	st = real_status(7);
	ck_assert_int_eq(exit_status_kind((uint32_t)st), EXIT_KIND_EXITED);
	ck_assert_int_eq(exit_status_code((uint32_t)st), WEXITSTATUS(st));
	ck_assert_str_eq(exit_status_describe((uint32_t)st, buf, sizeof buf),
	    "exited with status 7");

	st = real_status(-SIGTERM);
	ck_assert_int_eq(exit_status_kind((uint32_t)st), EXIT_KIND_SIGNALED);
	ck_assert_int_eq(exit_status_signal((uint32_t)st), WTERMSIG(st));
	ck_assert_str_eq(exit_status_describe((uint32_t)st, buf, sizeof buf),
	    "killed by SIGTERM");

	/* RLIMIT_CORE is 0 in the child: no core, whatever core_pattern says. */
	st = real_status(-SIGSEGV);
	ck_assert(!WCOREDUMP(st));
	ck_assert_str_eq(exit_status_describe((uint32_t)st, buf, sizeof buf),
	    "died of SIGSEGV");
}
END_TEST

START_TEST(monotonic_converts_by_the_clock_offset)
{
	struct timespec real = { 1000000, 200000000 };
	struct timespec mono = { 500, 100000000 };
	struct wk_time t;

	/* 1.5 s before mono_now. */
	clock_mono_to_real_at(498600000000ull, &real, &mono, &t);
	ck_assert_int_eq(t.sec, 999998);
	ck_assert_int_eq(t.nsec, 700000000);
	/* Exactly mono_now. */
	clock_mono_to_real_at(500100000000ull, &real, &mono, &t);
	ck_assert_int_eq(t.sec, 1000000);
	ck_assert_int_eq(t.nsec, 200000000);
	/* 0.9 s after mono_now. */
	clock_mono_to_real_at(501000000000ull, &real, &mono, &t);
	ck_assert_int_eq(t.sec, 1000001);
	ck_assert_int_eq(t.nsec, 100000000);
}
END_TEST

static Suite *
exit_status_suite(void)
{
	Suite *s = suite_create("exit_status");
	TCase *tc = tcase_create("words");

	tcase_add_test(tc, statuses_are_described_in_words);
	tcase_add_test(tc, a_short_buffer_is_cut_not_overrun);
	tcase_add_test(tc, real_wait_statuses_agree);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, monotonic_converts_by_the_clock_offset);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(exit_status_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
