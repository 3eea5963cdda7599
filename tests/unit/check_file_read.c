/* Reading a small file whole: all of it, cut at the buffer, or the error. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/base/file_read.h"

/* A temporary file holding text; its path in path. */
static void
make_file(char *path, size_t size, const char *text)
{
	int fd;

	snprintf(path, size, "/tmp/whokilled-file-read.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

START_TEST(reads_all_of_a_small_file_nul_terminated)
{
	char path[64], buf[32];

	make_file(path, sizeof path, "1234\n");
	memset(buf, 'x', sizeof buf);
	ck_assert_int_eq(file_read_at(AT_FDCWD, path, buf, sizeof buf), 5);
	ck_assert_str_eq(buf, "1234\n");
	unlink(path);
}
END_TEST

START_TEST(a_longer_file_is_cut_at_the_buffer)
{
	char path[64], buf[4];

	make_file(path, sizeof path, "abcdefgh");
	ck_assert_int_eq(file_read_at(AT_FDCWD, path, buf, sizeof buf), 3);
	ck_assert_str_eq(buf, "abc");
	unlink(path);
}
END_TEST

START_TEST(relative_to_a_directory_and_missing_files)
{
	char buf[16];
	int dirfd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ne(dirfd, -1);
	ck_assert_int_gt(file_read_at(dirfd, "stat", buf, sizeof buf), 0);
	errno = 0;
	ck_assert_int_eq(file_read_at(dirfd, "no-such-file", buf, sizeof buf),
	    -1);
	ck_assert_int_eq(errno, ENOENT);
	close(dirfd);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("file_read");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, reads_all_of_a_small_file_nul_terminated);
	tcase_add_test(tc, a_longer_file_is_cut_at_the_buffer);
	tcase_add_test(tc, relative_to_a_directory_and_missing_files);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
