/*
 * Head and tail of a long command line (common/argv_pack.c): what is kept,
 * where the cut is said, and that every packing is one the wire accepts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/argv_pack.h"
#include "whokilled/wire.h"

#define CAP	64	/* a small field, so the cases read plainly */

static char out[WK_ARGV_MAX];
static uint32_t len;
static struct wk_argv_cut cut;

/* Packs the n strings of args into cap bytes; returns whether it cut. */
static int
pack(char *const *args, uint32_t n, size_t cap)
{
	struct wk_caller c;
	const char *why = NULL;
	int rc;

	memset(out, 0x55, sizeof out);
	rc = wk_argv_pack(args, n, out, cap, &len, &cut);
	ck_assert_uint_le(len, cap);
	/* Whatever was packed, the decoder takes it as it is. */
	memset(&c, 0, sizeof c);
	c.argc = n;
	c.argv_len = len;
	c.argv_cut = cut;
	ck_assert_msg(wk_argv_valid(&c, rc ? WK_F_ARGV_TRUNCATED : 0, out,
	    &why), "refused: %s", why);
	ck_assert_int_eq(rc, cut.head != 0);
	return rc;
}

/* The i-th string of out. */
static const char *
string(unsigned i)
{
	const char *p = out;

	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

static unsigned
strings(void)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += out[i] == '\0';
	return n;
}

START_TEST(short_line_is_whole)
{
	char a[] = "kill", b[] = "-9", c[] = "4711";
	char *const args[] = { a, b, c };

	ck_assert_int_eq(pack(args, 3, CAP), 0);
	ck_assert_uint_eq(len, sizeof "kill\0-9\0" "4711");
	ck_assert_mem_eq(out, "kill\0-9\0" "4711", len);
	ck_assert_uint_eq(cut.args + cut.bytes + cut.flags, 0);
}
END_TEST

START_TEST(no_arguments)
{
	ck_assert_int_eq(pack(NULL, 0, CAP), 0);
	ck_assert_uint_eq(len, 0);
}
END_TEST

/* Empty arguments are arguments: one byte each, counted and kept. */
START_TEST(empty_arguments_count)
{
	char e[] = "";
	char *args[200];

	for (int i = 0; i < 200; i++)
		args[i] = e;
	ck_assert_int_eq(pack(args, CAP, CAP), 0);
	ck_assert_uint_eq(len, CAP);
	ck_assert_int_eq(pack(args, 200, CAP), 1);
	ck_assert_uint_eq(len, CAP);
	ck_assert_uint_eq(strings(), CAP);
	ck_assert_uint_eq(cut.head, CAP / 2);
	ck_assert_uint_eq(cut.args, 200 - CAP);
	ck_assert_uint_eq(cut.bytes, 0);
	ck_assert_uint_eq(cut.flags, 0);
}
END_TEST

/* Exactly cap bytes is whole; one byte more is cut. */
START_TEST(exactly_at_the_limit)
{
	char a[CAP], b[] = "x";
	char *const args[] = { a, b };

	memset(a, 'a', CAP - 1 - 2);
	a[CAP - 3] = '\0';		/* CAP - 2 bytes with its NUL */
	ck_assert_int_eq(pack(args, 2, CAP), 0);
	ck_assert_uint_eq(len, CAP);
	a[CAP - 3] = 'a';
	a[CAP - 2] = '\0';		/* one more */
	ck_assert_int_eq(pack(args, 2, CAP), 1);
	/* The last argument is kept whole, the long first one's start. */
	ck_assert_str_eq(string(strings() - 1), "x");
	ck_assert_uint_eq(cut.head, 1);
	ck_assert_uint_eq(cut.flags, WK_CUT_HEAD_PART);
	ck_assert_uint_eq(cut.args, 0);
	ck_assert_uint_eq(strlen(string(0)) + cut.bytes, CAP - 2);
}
END_TEST

/* kill -TERM and many pids: the first and the last whole, the middle out. */
START_TEST(many_tiny_arguments)
{
	static char pids[1000][12];
	static char *args[1002];
	char a[] = "kill", b[] = "-TERM";
	uint64_t text = 0, kept = 0;

	args[0] = a;
	args[1] = b;
	for (int i = 0; i < 1000; i++) {
		snprintf(pids[i], sizeof pids[i], "%d", 1000 + i);
		args[2 + i] = pids[i];
	}
	for (int i = 0; i < 1002; i++)
		text += strlen(args[i]);
	ck_assert_int_eq(pack(args, 1002, CAP), 1);
	ck_assert_str_eq(string(0), "kill");
	ck_assert_str_eq(string(1), "-TERM");
	ck_assert_str_eq(string(strings() - 1), "1999");
	ck_assert_str_eq(string(cut.head - 1), pids[cut.head - 3]);
	ck_assert_str_eq(string(cut.head), pids[1000 - (strings() - cut.head)]);
	ck_assert_uint_eq(cut.flags, 0);
	ck_assert_uint_eq(cut.args + strings(), 1002);
	for (unsigned i = 0; i < strings(); i++)
		kept += strlen(string(i));
	ck_assert_uint_eq(cut.bytes + kept, text);
	/* Whole arguments fill the field up to less than one more. */
	ck_assert_uint_gt(len, CAP - 5);
	/* The head had half of it at most. */
	ck_assert_uint_le(string(cut.head) - out, CAP / 2);
}
END_TEST

/* sh -c '<a long script>': the command and the script's end. */
START_TEST(last_argument_too_long)
{
	static char script[10 * CAP];
	char a[] = "sh", b[] = "-c";
	char *const args[] = { a, b, script };

	memset(script, 's', sizeof script - 1);
	memcpy(script + sizeof script - 10, "kill 4711", 10);
	ck_assert_int_eq(pack(args, 3, CAP), 1);
	ck_assert_uint_eq(strings(), 3);
	ck_assert_str_eq(string(0), "sh");
	ck_assert_str_eq(string(1), "-c");
	ck_assert_uint_eq(cut.head, 2);
	ck_assert_uint_eq(cut.flags, WK_CUT_TAIL_PART);
	ck_assert_uint_eq(cut.args, 0);
	ck_assert_uint_eq(len, CAP);
	/* Its end, and what of it was left out. */
	ck_assert_uint_eq(strlen(string(2)), CAP - sizeof "sh\0-c" - 1);
	ck_assert_str_eq(string(2) + strlen(string(2)) - 9, "kill 4711");
	ck_assert_uint_eq(cut.bytes, sizeof script - 1 - strlen(string(2)));
}
END_TEST

/* One argument longer than the field: its start and its end. */
START_TEST(one_giant_argument)
{
	static char giant[5 * CAP];
	char *const args[] = { giant };

	for (size_t i = 0; i < sizeof giant - 1; i++)
		giant[i] = (char)('a' + i % 26);
	ck_assert_int_eq(pack(args, 1, CAP), 1);
	ck_assert_uint_eq(strings(), 2);
	ck_assert_uint_eq(cut.head, 1);
	ck_assert_uint_eq(cut.flags, WK_CUT_HEAD_PART | WK_CUT_TAIL_PART |
	    WK_CUT_ONE_ARG);
	ck_assert_uint_eq(cut.args, 0);
	ck_assert_uint_eq(len, CAP);
	ck_assert_int_eq(strncmp(string(0), giant, strlen(string(0))), 0);
	ck_assert_str_eq(string(1), giant + sizeof giant - 1 -
	    strlen(string(1)));
	ck_assert_uint_eq(cut.bytes + strlen(string(0)) + strlen(string(1)),
	    sizeof giant - 1);
}
END_TEST

/* Two giant arguments: the first one's start, the last one's end. */
START_TEST(two_giant_arguments)
{
	static char g1[3 * CAP], g2[3 * CAP];
	char *const args[] = { g1, g2 };

	memset(g1, '1', sizeof g1 - 1);
	memset(g2, '2', sizeof g2 - 1);
	ck_assert_int_eq(pack(args, 2, CAP), 1);
	ck_assert_uint_eq(strings(), 2);
	ck_assert_uint_eq(cut.flags, WK_CUT_HEAD_PART | WK_CUT_TAIL_PART);
	ck_assert_int_eq(string(0)[0], '1');
	ck_assert_int_eq(string(1)[0], '2');
	ck_assert_uint_eq(cut.bytes + strlen(string(0)) + strlen(string(1)),
	    2 * (sizeof g1 - 1));
}
END_TEST

/* A long first argument and short ones after: its start, the rest whole. */
START_TEST(giant_first_argument)
{
	static char giant[4 * CAP];
	char b[] = "-9", c[] = "4711";
	char *const args[] = { giant, b, c };

	memset(giant, 'g', sizeof giant - 1);
	ck_assert_int_eq(pack(args, 3, CAP), 1);
	ck_assert_uint_eq(cut.head, 1);
	ck_assert_uint_eq(cut.flags, WK_CUT_HEAD_PART);
	ck_assert_uint_eq(strlen(string(0)), CAP / 2 - 1);
	ck_assert_str_eq(string(1), "-9");
	ck_assert_str_eq(string(2), "4711");
}
END_TEST

/* At the real size: a 100 KiB command line keeps its last argument. */
START_TEST(real_size_keeps_the_end)
{
	static char pids[20000][12];
	static char *args[20002];
	char a[] = "kill", b[] = "-TERM";

	args[0] = a;
	args[1] = b;
	for (int i = 0; i < 20000; i++) {
		snprintf(pids[i], sizeof pids[i], "%d", 100000 + i);
		args[2 + i] = pids[i];
	}
	ck_assert_int_eq(pack(args, 20002, WK_ARGV_MAX), 1);
	ck_assert_uint_gt(len, WK_ARGV_MAX - 8);
	ck_assert_str_eq(string(strings() - 1), "119999");
	ck_assert_uint_eq(cut.args + strings(), 20002);
}
END_TEST

static Suite *
argv_pack_suite(void)
{
	Suite *s = suite_create("argv_pack");
	TCase *tc = tcase_create("pack");

	tcase_add_test(tc, short_line_is_whole);
	tcase_add_test(tc, no_arguments);
	tcase_add_test(tc, empty_arguments_count);
	tcase_add_test(tc, exactly_at_the_limit);
	tcase_add_test(tc, many_tiny_arguments);
	tcase_add_test(tc, last_argument_too_long);
	tcase_add_test(tc, one_giant_argument);
	tcase_add_test(tc, two_giant_arguments);
	tcase_add_test(tc, giant_first_argument);
	tcase_add_test(tc, real_size_keeps_the_end);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(argv_pack_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
