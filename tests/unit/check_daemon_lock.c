/*
 * One daemon per store (daemon/daemon_lock.c): the flock on the store
 * file, who /proc/locks says holds it, and a forked child taking it over.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/daemon_lock.h"
#include "daemon_testutil.h"

/* A store path two directories down a fresh test directory. */
static void
store_path(char *path, size_t size)
{
	char dir[200];

	test_dir(dir, sizeof dir);
	snprintf(path, size, "%s/db/whokilled.db", dir);
}

START_TEST(the_first_takes_it_a_second_is_refused_with_the_pid)
{
	char path[256], dir[256], err[512] = "";
	struct stat st;
	pid_t holder = -1;
	int fd, fd2;

	store_path(path, sizeof path);
	fd = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_msg(fd >= 0, "%s", err);
	ck_assert_int_eq(holder, 0);
	/* The directory and the file are made as the store makes them. */
	snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(path, '/') - path),
	    path);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0700);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_eq(daemon_lock_holder(fd), getpid());

	/* Another open of the file is another daemon, even in this process. */
	fd2 = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_int_eq(fd2, -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_int_eq(holder, getpid());
	ck_assert_ptr_nonnull(strstr(err, "is in use by another whokilledd"));
	ck_assert_ptr_nonnull(strstr(err, path));

	/* POSIX locks on the file (SQLite's) neither block nor are blocked. */
	fd2 = open(path, O_RDWR | O_CLOEXEC);
	ck_assert_int_ge(fd2, 0);
	ck_assert_int_eq(lockf(fd2, F_TLOCK, 0), 0);
	close(fd2);

	close(fd);
	fd = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_msg(fd >= 0, "free again after close: %s", err);
	close(fd);
}
END_TEST

/*
 * The daemon takes the lock, forks, and its starter exits: the child, who
 * adopts it, is the one /proc/locks names, and it still excludes others.
 */
START_TEST(a_forked_child_adopts_it_as_its_own)
{
	char path[256], err[512] = "";
	int fd, fd2, pipefd[2], status;
	pid_t holder, child;
	char c;

	store_path(path, sizeof path);
	fd = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_msg(fd >= 0, "%s", err);
	ck_assert_int_eq(pipe(pipefd), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		close(pipefd[0]);
		if (daemon_lock_adopt(fd) == -1)
			_exit(1);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	close(fd);	/* the starter's copy goes, as when it exits */
	fd2 = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_int_eq(fd2, -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_int_eq(holder, child);

	kill(child, SIGKILL);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	fd2 = daemon_lock_take(path, &holder, err, sizeof err);
	ck_assert_msg(fd2 >= 0, "free after the child's end: %s", err);
	close(fd2);
	close(pipefd[0]);
}
END_TEST

START_TEST(a_store_that_cannot_be_made_is_an_error_not_a_holder)
{
	char err[512] = "";
	pid_t holder = -1;

	ck_assert_int_eq(daemon_lock_take("/proc/nonexistent/x/whokilled.db",
	    &holder, err, sizeof err), -1);
	ck_assert_int_ne(errno, EWOULDBLOCK);
	ck_assert_int_eq(holder, 0);
	ck_assert_ptr_nonnull(strstr(err, "/proc/nonexistent/x/whokilled.db"));
}
END_TEST

static Suite *
lock_suite(void)
{
	Suite *s = suite_create("daemon_lock");
	TCase *tc = tcase_create("flock");

	tcase_add_test(tc, the_first_takes_it_a_second_is_refused_with_the_pid);
	tcase_add_test(tc, a_forked_child_adopts_it_as_its_own);
	tcase_add_test(tc,
	    a_store_that_cannot_be_made_is_an_error_not_a_holder);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lock_suite());
	int failed;

	test_make_base_dir("check_daemon_lock");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? 0 : 1;
}
