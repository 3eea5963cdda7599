/*
 * The common decimal parsers (common/decimal.c): whole numbers up to the
 * limits of their types, nothing past end read, every fault refused with
 * *p and the value left alone.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/decimal.h"

/* Parses text (up to its NUL) with wk_parse_u64; -1, or 0 and the rest. */
static int
u64_of(const char *text, uint64_t *v, const char **rest)
{
	const char *p = text;
	int rc = wk_parse_u64(&p, text + strlen(text), v);

	*rest = p;
	return rc;
}

START_TEST(u64_limits)
{
	const char *rest;
	uint64_t v;

	ck_assert_int_eq(u64_of("0", &v, &rest), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(u64_of("18446744073709551615", &v, &rest), 0);
	ck_assert(v == UINT64_MAX && *rest == '\0');
	ck_assert_int_eq(u64_of("000000000000000000000000042", &v, &rest), 0);
	ck_assert_uint_eq(v, 42);
}
END_TEST

START_TEST(u64_refuses_overflow_and_signs)
{
	static const char *const bad[] = {
		"18446744073709551616", "18446744073709551620",
		"99999999999999999999999", "-1", "+1", " 1", "", "x1",
	};
	uint64_t v = 7;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *p = bad[i];

		ck_assert_msg(wk_parse_u64(&p, bad[i] + strlen(bad[i]), &v) ==
		    -1, "accepted \"%s\"", bad[i]);
		ck_assert_ptr_eq(p, bad[i]);
		ck_assert_uint_eq(v, 7);
	}
}
END_TEST

START_TEST(u64_stops_at_end_and_at_non_digits)
{
	static const char text[] = "123456 7";
	const char *p = text;
	uint64_t v;

	/* Nothing at or after end is read: the text need not end in a NUL. */
	ck_assert_int_eq(wk_parse_u64(&p, text + 3, &v), 0);
	ck_assert_uint_eq(v, 123);
	ck_assert_ptr_eq(p, text + 3);
	p = text;
	ck_assert_int_eq(wk_parse_u64(&p, text + sizeof text - 1, &v), 0);
	ck_assert_uint_eq(v, 123456);
	ck_assert_ptr_eq(p, text + 6);
	p = text;
	ck_assert_int_eq(wk_parse_u64(&p, text, &v), -1);
}
END_TEST

START_TEST(i64_limits)
{
	static const char max[] = "9223372036854775807";
	static const char min[] = "-9223372036854775808";
	static const char over[] = "9223372036854775808";
	static const char under[] = "-9223372036854775809";
	const char *p;
	int64_t v;

	p = max;
	ck_assert_int_eq(wk_parse_i64(&p, max + sizeof max - 1, &v), 0);
	ck_assert(v == INT64_MAX && *p == '\0');
	p = min;
	ck_assert_int_eq(wk_parse_i64(&p, min + sizeof min - 1, &v), 0);
	ck_assert(v == INT64_MIN && *p == '\0');
	p = over;
	ck_assert_int_eq(wk_parse_i64(&p, over + sizeof over - 1, &v), -1);
	ck_assert_ptr_eq(p, over);
	p = under;
	ck_assert_int_eq(wk_parse_i64(&p, under + sizeof under - 1, &v), -1);
	ck_assert_ptr_eq(p, under);
	p = "-0";
	ck_assert_int_eq(wk_parse_i64(&p, p + 2, &v), 0);
	ck_assert(v == 0);
	p = "-";
	ck_assert_int_eq(wk_parse_i64(&p, p + 1, &v), -1);
	p = "--1";
	ck_assert_int_eq(wk_parse_i64(&p, p + 3, &v), -1);
	p = "-12 3";
	ck_assert_int_eq(wk_parse_i64(&p, p + 5, &v), 0);
	ck_assert(v == -12 && *p == ' ');
}
END_TEST

START_TEST(i32_limits)
{
	static const struct {
		const char *text;
		int ok;
		int32_t v;
	} cases[] = {
		{ "2147483647", 1, INT32_MAX },
		{ "-2147483648", 1, INT32_MIN },
		{ "2147483648", 0, 0 },
		{ "-2147483649", 0, 0 },
		{ "99999999999999999999999", 0, 0 },
		{ "34816", 1, 34816 },
		{ "-1", 1, -1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *p = cases[i].text;
		const char *end = p + strlen(p);
		int32_t v = 5;

		if (cases[i].ok) {
			ck_assert_int_eq(wk_parse_i32(&p, end, &v), 0);
			ck_assert_int_eq(v, cases[i].v);
			ck_assert_ptr_eq(p, end);
		} else {
			ck_assert_msg(wk_parse_i32(&p, end, &v) == -1,
			    "accepted \"%s\"", cases[i].text);
			ck_assert_int_eq(v, 5);
		}
	}
}
END_TEST

START_TEST(u32_text_is_the_whole_file)
{
	static const char *const bad[] = {
		"", "\n", "4294967296", "-1", "+1", "12ab", "12 ", " 12",
		"12\n\n", "12\nx",
	};
	uint32_t v = 0;

	ck_assert_int_eq(wk_parse_u32_text("0", 1, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(wk_parse_u32_text("4294967295", 10, &v), 0);
	ck_assert_uint_eq(v, UINT32_MAX);
	ck_assert_int_eq(wk_parse_u32_text("1000\n", 5, &v), 0);
	ck_assert_uint_eq(v, 1000);
	/* Bytes past len are not the file's. */
	ck_assert_int_eq(wk_parse_u32_text("17xyz", 2, &v), 0);
	ck_assert_uint_eq(v, 17);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = 9;
		ck_assert_msg(wk_parse_u32_text(bad[i], strlen(bad[i]), &v) ==
		    -1, "accepted \"%s\"", bad[i]);
		ck_assert_uint_eq(v, 9);
	}
}
END_TEST

static Suite *
decimal_suite(void)
{
	Suite *s = suite_create("decimal");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, u64_limits);
	tcase_add_test(tc, u64_refuses_overflow_and_signs);
	tcase_add_test(tc, u64_stops_at_end_and_at_non_digits);
	tcase_add_test(tc, i64_limits);
	tcase_add_test(tc, i32_limits);
	tcase_add_test(tc, u32_text_is_the_whole_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(decimal_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
