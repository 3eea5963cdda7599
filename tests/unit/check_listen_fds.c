/* Socket activation: the report and query sockets are picked out of the passed descriptors. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/base/listen_fds.h"

/*
 * The activation protocol puts descriptors at 3 and 4, where Check keeps
 * its own pipe: each scenario runs in a child of its own that reports the
 * line of its first failed expectation in its exit status (0: all held).
 */
#define EXPECT(cond)	do { if (!(cond)) return __LINE__ % 250 + 1; } while (0)
#define EXPECT_EQ(a, b)	EXPECT((a) == (b))
#define EXPECT_NE(a, b)	EXPECT((a) != (b))
#define EXPECT_NULL(p)	EXPECT((p) == NULL)

static void
run_isolated(int (*scenario)(void))
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(scenario());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "scenario failed near line %d (mod 250)", WEXITSTATUS(status) - 1);
}

static char dir[64];
static struct sockaddr_un report_sun, query_sun;

static void
setup(void)
{
	strcpy(dir, "/tmp/check_listen_fds.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	report_sun.sun_family = query_sun.sun_family = AF_UNIX;
	snprintf(report_sun.sun_path, sizeof report_sun.sun_path, "%s/report.sock", dir);
	snprintf(query_sun.sun_path, sizeof query_sun.sun_path, "%s/query.sock", dir);
}

static void
teardown(void)
{
	unlink(report_sun.sun_path);
	unlink(query_sun.sun_path);
	rmdir(dir);
}

/* A socket of type bound at sun, moved to descriptor at; 0 or -1. */
static int
bound_at(int at, int type, const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0 || bind(fd, (const struct sockaddr *)sun, sizeof *sun) != 0)
		return -1;
	if (type == SOCK_STREAM && listen(fd, 8) != 0)
		return -1;
	if (fd == at)
		return 0;
	if (dup2(fd, at) != at)
		return -1;
	close(fd);
	return 0;
}

static void
set_env(long pid, const char *n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", pid);
	setenv("LISTEN_PID", buf, 1);
	setenv("LISTEN_FDS", n, 1);
}

static int
both_sockets_are_found_in_any_order_scenario(void)
{
	struct listen_fds l;

	EXPECT_EQ(bound_at(3, SOCK_STREAM, &query_sun), 0);
	EXPECT_EQ(bound_at(4, SOCK_DGRAM, &report_sun), 0);
	set_env(getpid(), "2");
	EXPECT_EQ(listen_fds_take(&report_sun, &query_sun, &l), 0);
	EXPECT_EQ(l.passed, 2);
	EXPECT_EQ(l.report, 4);
	EXPECT_EQ(l.query, 3);
	EXPECT_EQ(fcntl(3, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	EXPECT_NULL(getenv("LISTEN_PID"));
	EXPECT_NULL(getenv("LISTEN_FDS"));
	return 0;
}

START_TEST(both_sockets_are_found_in_any_order)
{
	run_isolated(both_sockets_are_found_in_any_order_scenario);
}
END_TEST

static int
wrong_type_or_path_is_not_taken_scenario(void)
{
	struct listen_fds l;
	struct sockaddr_un other = { .sun_family = AF_UNIX };

	snprintf(other.sun_path, sizeof other.sun_path, "%s/other.sock", dir);
	/* A stream socket at the report path, a datagram one elsewhere. */
	EXPECT_EQ(bound_at(3, SOCK_STREAM, &report_sun), 0);
	EXPECT_EQ(bound_at(4, SOCK_DGRAM, &other), 0);
	set_env(getpid(), "2");
	EXPECT_EQ(listen_fds_take(&report_sun, &query_sun, &l), 0);
	EXPECT_EQ(l.passed, 2);
	EXPECT_EQ(l.report, -1);
	EXPECT_EQ(l.query, -1);
	/* What is not ours is closed. */
	EXPECT_EQ(fcntl(3, F_GETFD), -1);
	EXPECT_EQ(fcntl(4, F_GETFD), -1);
	unlink(other.sun_path);
	return 0;
}

START_TEST(wrong_type_or_path_is_not_taken)
{
	run_isolated(wrong_type_or_path_is_not_taken_scenario);
}
END_TEST

static int
another_process_s_descriptors_are_left_alone_scenario(void)
{
	struct listen_fds l;

	EXPECT_EQ(bound_at(3, SOCK_DGRAM, &report_sun), 0);
	set_env(getpid() + 1, "1");
	EXPECT_EQ(listen_fds_take(&report_sun, &query_sun, &l), 0);
	EXPECT_EQ(l.passed, 0);
	EXPECT_EQ(l.report, -1);
	EXPECT_NE(fcntl(3, F_GETFD), -1);
	EXPECT_NULL(getenv("LISTEN_PID"));
	return 0;
}

START_TEST(another_process_s_descriptors_are_left_alone)
{
	run_isolated(another_process_s_descriptors_are_left_alone_scenario);
}
END_TEST

static int
nothing_passed_and_malformed_scenario(void)
{
	struct listen_fds l;

	unsetenv("LISTEN_PID");
	EXPECT_EQ(listen_fds_take(&report_sun, &query_sun, &l), 0);
	EXPECT_EQ(l.passed, 0);
	set_env(getpid(), "two");
	EXPECT_EQ(listen_fds_take(&report_sun, &query_sun, &l), -1);
	EXPECT_EQ(errno, EINVAL);
	return 0;
}

START_TEST(nothing_passed_and_malformed)
{
	run_isolated(nothing_passed_and_malformed_scenario);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("listen_fds");
	TCase *tc = tcase_create("take");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, both_sockets_are_found_in_any_order);
	tcase_add_test(tc, wrong_type_or_path_is_not_taken);
	tcase_add_test(tc, another_process_s_descriptors_are_left_alone);
	tcase_add_test(tc, nothing_passed_and_malformed);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
