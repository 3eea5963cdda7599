/*
 * The ring of recent audit events: a repeat is known, the oldest is
 * forgotten once the ring is full.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/ingest/audit_seen.h"

static struct store_audit_id
id(int64_t sec, uint32_t msec, uint64_t serial)
{
	struct store_audit_id a;

	memset(&a, 0, sizeof a);
	a.sec = sec;
	a.msec = msec;
	a.serial = serial;
	return a;
}

START_TEST(repeat_is_known_by_time_and_serial)
{
	struct audit_seen s;
	struct store_audit_id a = id(100, 5, 7);
	struct store_audit_id other;

	audit_seen_init(&s);
	ck_assert(!audit_seen_has(&s, &a));
	audit_seen_add(&s, &a);
	ck_assert(audit_seen_has(&s, &a));
	other = id(100, 5, 8);
	ck_assert(!audit_seen_has(&s, &other));
	other = id(100, 6, 7);
	ck_assert(!audit_seen_has(&s, &other));
	other = id(101, 5, 7);
	ck_assert(!audit_seen_has(&s, &other));
}
END_TEST

START_TEST(oldest_is_forgotten_when_full)
{
	static struct audit_seen s;
	struct store_audit_id a;

	audit_seen_init(&s);
	for (uint64_t i = 0; i < AUDIT_SEEN_MAX + 1; i++) {
		a = id(100, 0, i);
		audit_seen_add(&s, &a);
	}
	a = id(100, 0, 0);
	ck_assert(!audit_seen_has(&s, &a));
	a = id(100, 0, 1);
	ck_assert(audit_seen_has(&s, &a));
	a = id(100, 0, AUDIT_SEEN_MAX);
	ck_assert(audit_seen_has(&s, &a));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_seen");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, repeat_is_known_by_time_and_serial);
	tcase_add_test(tc, oldest_is_forgotten_when_full);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
