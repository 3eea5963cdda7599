/*
 * The common /proc/PID/stat parser (common/procstat.c): real lines, command
 * names that hold spaces, parentheses and newlines, lines cut short,
 * numbers too big for their field, garbage; and this process's own file.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/procstat.h"

/* Fields 3..52 of a line as kernel 6.x prints them; field 22 is 987654321. */
static const char tail[] = " S 1 100 100 34816 100 4194560 10 0 0 0 "
    "5 6 0 0 20 0 1 0 987654321 1000 200 18446744073709551615 1 1 0 0 0 "
    "0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

/* "PID (COMM)" followed by tail, into buf; returns its length. */
static size_t
line(char *buf, size_t size, const char *head)
{
	int n = snprintf(buf, size, "%s%s", head, tail);

	ck_assert(n > 0 && (size_t)n < size);
	return (size_t)n;
}

/* Parses text (up to its NUL), expecting failure with EINVAL. */
static void
assert_refused(const char *text, size_t len)
{
	struct wk_procstat st;

	errno = 0;
	ck_assert_msg(wk_procstat_parse(text, len, &st) == -1,
	    "accepted \"%.*s\"", (int)len, text);
	ck_assert_int_eq(errno, EINVAL);
}

START_TEST(every_kept_field)
{
	struct wk_procstat st;
	char buf[512];
	size_t len = line(buf, sizeof buf, "4242 (sleep)");

	ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
	ck_assert_int_eq(st.pid, 4242);
	ck_assert_str_eq(st.comm, "sleep");
	ck_assert_int_eq(st.state, 'S');
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_int_eq(st.pgrp, 100);
	ck_assert_int_eq(st.session, 100);
	ck_assert_int_eq(st.tty_nr, 34816);
	ck_assert_uint_eq(st.start_time, 987654321);
}
END_TEST

START_TEST(comm_runs_to_the_last_paren)
{
	static const struct {
		const char *head;
		const char *comm;
	} cases[] = {
		{ "77 (a) (b c) 9 9)", "a) (b c) 9 9" },
		{ "77 (a) S 1 2 3)", "a) S 1 2 3" },
		{ "77 ())", ")" },
		{ "77 (()", "(" },
		{ "77 ()", "" },
		{ "77 ( )", " " },
		{ "77 (x\ny)", "x\ny" },
		{ "77 (Z (zombie))", "Z (zombie)" },
	};
	struct wk_procstat st;
	char buf[512];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = line(buf, sizeof buf, cases[i].head);

		ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
		ck_assert_str_eq(st.comm, cases[i].comm);
		ck_assert_int_eq(st.state, 'S');
		ck_assert_int_eq(st.ppid, 1);
		ck_assert_uint_eq(st.start_time, 987654321);
	}
}
END_TEST

START_TEST(long_comm_is_cut_and_zero_padded)
{
	struct wk_procstat st;
	char buf[512];
	size_t len;

	memset(&st, 0xff, sizeof st);
	len = line(buf, sizeof buf, "5 (kworker/u8:3-events_unbound)");
	ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
	ck_assert_uint_eq(strlen(st.comm), WK_COMM_MAX - 1);
	ck_assert_str_eq(st.comm, "kworker/u8:3-ev");
	len = line(buf, sizeof buf, "5 (abc)");
	memset(&st, 0xff, sizeof st);
	ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
	for (size_t i = 3; i < WK_COMM_MAX; i++)
		ck_assert_int_eq(st.comm[i], '\0');
}
END_TEST

START_TEST(nothing_after_len_is_read)
{
	struct wk_procstat st;
	char buf[512];
	size_t len = line(buf, sizeof buf, "4242 (sleep)");

	/* A ')' past len must not move the end of the name. */
	snprintf(buf + len, sizeof buf - len, " x) y");
	ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
	ck_assert_str_eq(st.comm, "sleep");
}
END_TEST

START_TEST(fields_after_start_time_are_not_needed)
{
	static const char up_to_22[] = "12 (sleep) S 1 100 100 0 0 0 0 0 0 0 "
	    "0 0 0 0 0 0 0 0 5";
	struct wk_procstat st;
	char buf[128];

	ck_assert_int_eq(wk_procstat_parse(up_to_22, sizeof up_to_22 - 1,
	    &st), 0);
	ck_assert_uint_eq(st.start_time, 5);
	snprintf(buf, sizeof buf, "%s\n", up_to_22);
	ck_assert_int_eq(wk_procstat_parse(buf, strlen(buf), &st), 0);
	ck_assert_uint_eq(st.start_time, 5);
}
END_TEST

/* Every cut before the start time is there is refused. */
START_TEST(truncated_lines_refused)
{
	char buf[512];
	size_t len = line(buf, sizeof buf, "4242 (a) b)");
	const char *start = strstr(buf, " 987654321 ");
	size_t cut;

	ck_assert_ptr_nonnull(start);
	/* Up to and including the space before field 22. */
	for (cut = 0; cut <= (size_t)(start - buf) + 1; cut++)
		assert_refused(buf, cut);
	ck_assert_uint_lt(cut, len);
}
END_TEST

START_TEST(huge_numbers)
{
	static const char *const refused[] = {
		/* pid, ppid, pgrp, session, tty_nr past int32_t */
		"2147483648 (x) S 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"1 (x) S 2147483648 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"1 (x) S 1 -2147483649 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"1 (x) S 1 1 99999999999 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"1 (x) S 1 1 1 4294967296 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		/* start time past uint64_t */
		"1 (x) S 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
		    "18446744073709551616",
		"1 (x) S 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
		    "99999999999999999999999",
	};
	static const char widest[] = "2147483647 (x) S -2147483648 2147483647 "
	    "1 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 18446744073709551615";
	static const char skipped_huge[] = "1 (x) S 1 1 1 0 "
	    "99999999999999999999999 0 0 0 0 0 0 0 0 0 0 0 0 0 5";
	struct wk_procstat st;

	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		assert_refused(refused[i], strlen(refused[i]));
	ck_assert_int_eq(wk_procstat_parse(widest, sizeof widest - 1, &st), 0);
	ck_assert_int_eq(st.pid, INT32_MAX);
	ck_assert_int_eq(st.ppid, INT32_MIN);
	ck_assert_int_eq(st.pgrp, INT32_MAX);
	ck_assert_int_eq(st.tty_nr, -1);
	ck_assert(st.start_time == UINT64_MAX);
	/* A field that is not kept is not read as a number. */
	ck_assert_int_eq(wk_procstat_parse(skipped_huge,
	    sizeof skipped_huge - 1, &st), 0);
	ck_assert_uint_eq(st.start_time, 5);
}
END_TEST

START_TEST(garbage_refused)
{
	static const char *const bad[] = {
		"",
		"12",
		"12 (x",
		"12 x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12(x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12  (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		" 12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"x (sleep) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"0 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"-12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"+12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x)S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S one 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S +1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S 1x 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S 1  100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S 1\t100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 -5",
		"12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5x",
		"12 (x) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n",
		"12 (x) S\n1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (x)  1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"no parens",
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_refused(bad[i], strlen(bad[i]));
}
END_TEST

/* What the kernel writes for this process parses to this process. */
START_TEST(own_stat_file)
{
	struct wk_procstat st;
	char buf[1024];
	ssize_t n;
	int fd;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof buf);
	close(fd);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(wk_procstat_parse(buf, (size_t)n, &st), 0);
	ck_assert_int_eq(st.pid, getpid());
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_int_eq(st.pgrp, getpgrp());
	ck_assert_int_eq(st.session, getsid(0));
	ck_assert_int_eq(st.state, 'R');
	ck_assert_uint_gt(st.start_time, 0);
}
END_TEST

static Suite *
procstat_suite(void)
{
	Suite *s = suite_create("procstat");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, every_kept_field);
	tcase_add_test(tc, comm_runs_to_the_last_paren);
	tcase_add_test(tc, long_comm_is_cut_and_zero_padded);
	tcase_add_test(tc, nothing_after_len_is_read);
	tcase_add_test(tc, fields_after_start_time_are_not_needed);
	tcase_add_test(tc, truncated_lines_refused);
	tcase_add_test(tc, huge_numbers);
	tcase_add_test(tc, garbage_refused);
	tcase_add_test(tc, own_stat_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(procstat_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
