/* --since / --until parsing: each accepted form gives the right instant, garbage is refused. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "../../cli/timeparse.h"

/* 2026-11-21T15:12:41Z */
#define T_UTC		1795273961
/* A fixed "now" for relative times. */
#define NOW		((time_t)1800000000)

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Parses s with NOW, asserting success; returns the result. */
static int64_t
parsed(const char *s)
{
	int64_t t = -12345;

	ck_assert_msg(cli_parse_time(s, NOW, &t) == 0, "'%s' refused", s);
	return t;
}

/* Asserts that s is refused with errno want. */
static void
refused(const char *s, int want)
{
	int64_t t = -12345;

	errno = 0;
	ck_assert_msg(cli_parse_time(s, NOW, &t) == -1, "'%s' accepted as %lld", s,
	    (long long)t);
	ck_assert_msg(errno == want, "'%s': errno %d, want %d", s, errno, want);
}

START_TEST(iso_local_time_with_t_or_space)
{
	set_tz("UTC0");
	ck_assert_int_eq(parsed("2026-11-21T15:12:41"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21 15:12:41"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21t15:12:41"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21T15:12"), T_UTC - 41);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41.999"), T_UTC);
}
END_TEST

START_TEST(iso_without_offset_is_local_time)
{
	set_tz("EST5");
	ck_assert_int_eq(parsed("2026-11-21T15:12:41"), T_UTC + 5 * 3600);
	ck_assert_int_eq(parsed("2026-11-21"), T_UTC - (15 * 3600 + 12 * 60 + 41) + 5 * 3600);
}
END_TEST

START_TEST(iso_with_zone_ignores_local_time)
{
	set_tz("EST5");
	ck_assert_int_eq(parsed("2026-11-21T15:12:41Z"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41z"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41+00:00"), T_UTC);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41+01:00"), T_UTC - 3600);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41-02:30"), T_UTC + 9000);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41-0230"), T_UTC + 9000);
	ck_assert_int_eq(parsed("2026-11-21T15:12:41+05"), T_UTC - 5 * 3600);
	ck_assert_int_eq(parsed("2026-11-21 15:12:41.5+01:00"), T_UTC - 3600);
}
END_TEST

START_TEST(date_alone_is_local_midnight)
{
	set_tz("UTC0");
	ck_assert_int_eq(parsed("2026-11-21"), T_UTC - (15 * 3600 + 12 * 60 + 41));
	ck_assert_int_eq(parsed("2024-02-29"), 1709164800);
}
END_TEST

START_TEST(epoch_seconds)
{
	ck_assert_int_eq(parsed("@1763737961"), 1763737961);
	ck_assert_int_eq(parsed("@0"), 0);
}
END_TEST

START_TEST(relative_times_count_back_from_now)
{
	ck_assert_int_eq(parsed("-10m"), NOW - 600);
	ck_assert_int_eq(parsed("10m ago"), NOW - 600);
	ck_assert_int_eq(parsed("-2h"), NOW - 7200);
	ck_assert_int_eq(parsed("-3d"), NOW - 3 * 86400);
	ck_assert_int_eq(parsed("-1w"), NOW - 604800);
	ck_assert_int_eq(parsed("-45s"), NOW - 45);
	ck_assert_int_eq(parsed("3 days ago"), NOW - 3 * 86400);
	ck_assert_int_eq(parsed("90min ago"), NOW - 5400);
	ck_assert_int_eq(parsed("1 HOUR AGO"), NOW - 3600);
	ck_assert_int_eq(parsed("-0m"), NOW);
	ck_assert_int_eq(parsed("now"), NOW);
}
END_TEST

START_TEST(garbage_is_refused)
{
	static const char *const bad[] = {
		"", "yesterday", "10m", "-10", "-10x", "10x ago", "10m ag", "10m agoo",
		"- 10m", "--10m", "-10m ago", "+10m", "10", "@", "@12a", "@-5", "@ 5",
		"2026-13-01", "2026-00-10", "2026-02-29", "2026-04-31", "2026-11-00",
		"2026-11-21T24:00:00", "2026-11-21T15:60:00", "2026-11-21T15:12:60",
		"2026-11-21T15", "2026-11-21T15:12:", "2026-11-21T15:12:41.",
		"2026-11-21T15:12:41 Z", "2026-11-21T15:12:41+24:00", "2026-11-21T15:12:41+01:60",
		"2026-11-21T15:12:41+1", "2026-11-21T15:12:41+01:0", "2026-11-21T15:12:41Zx",
		"2026-11-21x", "2026-1-21", "26-11-21", "2026/11/21", "1969-12-31",
		"2026-11-21T", "now!", " 2026-11-21",
	};

	set_tz("UTC0");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused(bad[i], EINVAL);
}
END_TEST

START_TEST(out_of_range_is_erange)
{
	refused("@99999999999999999999", ERANGE);
	refused("-99999999999999999999s", ERANGE);
	refused("-9999999999999999w", ERANGE);
	refused("-100000d", ERANGE);
}
END_TEST

static Suite *
timeparse_suite(void)
{
	Suite *s = suite_create("cli_timeparse");
	TCase *tc = tcase_create("forms");

	tcase_add_test(tc, iso_local_time_with_t_or_space);
	tcase_add_test(tc, iso_without_offset_is_local_time);
	tcase_add_test(tc, iso_with_zone_ignores_local_time);
	tcase_add_test(tc, date_alone_is_local_midnight);
	tcase_add_test(tc, epoch_seconds);
	tcase_add_test(tc, relative_times_count_back_from_now);
	tcase_add_test(tc, garbage_is_refused);
	tcase_add_test(tc, out_of_range_is_erange);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(timeparse_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
