/* Per-uid token buckets: a flooding uid is cut off, the others are not. */
#include <check.h>
#include <stdlib.h>

#include "daemon/ingest/rate_limit.h"

START_TEST(burst_then_rate)
{
	struct rate_limit *rl = rate_limit_new(100, 10, 16);
	int allowed = 0;

	ck_assert_ptr_nonnull(rl);
	for (int i = 0; i < 50; i++)
		allowed += rate_limit_allow(rl, 1000, 0);
	ck_assert_int_eq(allowed, 10);
	ck_assert_uint_eq(rate_limit_dropped_uid(rl, 1000), 40);
	/* 100 ms at 100/s give 10 more, never more than the burst. */
	allowed = 0;
	for (int i = 0; i < 50; i++)
		allowed += rate_limit_allow(rl, 1000, 100);
	ck_assert_int_eq(allowed, 10);
	allowed = 0;
	for (int i = 0; i < 50; i++)
		allowed += rate_limit_allow(rl, 1000, 100000);
	ck_assert_int_eq(allowed, 10);
	rate_limit_free(rl);
}
END_TEST

START_TEST(one_flooder_does_not_starve_another)
{
	struct rate_limit *rl = rate_limit_new(1000, 100, 16);

	for (int i = 0; i < 1000000; i++)
		rate_limit_allow(rl, 1000, i / 1000);
	ck_assert_uint_gt(rate_limit_dropped_uid(rl, 1000), 990000);
	/* Another user, at the same moment, is untouched. */
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(rate_limit_allow(rl, 1001, 1000), 1);
	ck_assert_uint_eq(rate_limit_dropped_uid(rl, 1001), 0);
	/* Root is never limited. */
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(rate_limit_allow(rl, 0, 1000), 1);
	ck_assert_uint_eq(rate_limit_dropped(rl),
	    rate_limit_dropped_uid(rl, 1000));
	rate_limit_free(rl);
}
END_TEST

START_TEST(many_uids_stay_bounded)
{
	struct rate_limit *rl = rate_limit_new(10, 1, 8);

	/* 10,000 uids pass through a table of 8; each first report is allowed. */
	for (uint32_t uid = 1; uid <= 10000; uid++)
		ck_assert_int_eq(rate_limit_allow(rl, uid, uid), 1);
	/* The most recent ones are still tracked, with their bucket spent. */
	ck_assert_int_eq(rate_limit_allow(rl, 10000, 10000), 0);
	ck_assert_uint_eq(rate_limit_dropped_uid(rl, 10000), 1);
	ck_assert_uint_eq(rate_limit_dropped_uid(rl, 1), 0);
	rate_limit_free(rl);
}
END_TEST

START_TEST(rate_zero_means_no_limit)
{
	struct rate_limit *rl = rate_limit_new(0, 0, 4);

	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(rate_limit_allow(rl, 5, 0), 1);
	ck_assert_int_eq(rate_limit_allow(NULL, 5, 0), 1);
	rate_limit_free(rl);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rate_limit");
	TCase *tc = tcase_create("buckets");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, burst_then_rate);
	tcase_add_test(tc, one_flooder_does_not_starve_another);
	tcase_add_test(tc, many_uids_stay_bounded);
	tcase_add_test(tc, rate_zero_means_no_limit);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
