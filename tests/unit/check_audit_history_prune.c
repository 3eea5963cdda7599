/*
 * A history fed for ever stays bounded: pruning keeps each pid's latest
 * program start, then only the pids that started most recently.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../audit/audit_history.h"

/* pid started comm at sec, its parent ppid. */
static void
add(struct wk_audit_history *h, int32_t pid, int32_t ppid, int64_t sec,
    const char *comm)
{
	struct wk_audit_exec x;

	memset(&x, 0, sizeof x);
	x.stamp.sec = sec;
	x.stamp.serial = (uint64_t)sec;
	x.proc.pid = pid;
	x.proc.ppid = ppid;
	snprintf(x.proc.comm, sizeof x.proc.comm, "%s", comm);
	snprintf(x.proc.exe, sizeof x.proc.exe, "/bin/%s", comm);
	snprintf(x.proc.argv, sizeof x.proc.argv, "%s", comm);
	x.proc.argv_len = (uint32_t)strlen(comm) + 1;
	x.proc.flags = WK_AUDIT_P_ARGV_KNOWN;
	ck_assert_int_eq(wk_audit_history_add(h, &x), 0);
}

START_TEST(prune_keeps_each_pids_latest_start)
{
	struct wk_audit_history *h = wk_audit_history_new();
	const struct wk_audit_exec_info *e;

	ck_assert_ptr_nonnull(h);
	add(h, 10, 1, 100, "bash");
	add(h, 10, 1, 200, "vim");
	add(h, 11, 10, 150, "make");
	ck_assert_uint_eq(wk_audit_history_count(h), 3);
	ck_assert_int_eq(wk_audit_history_prune(h, 100), 0);
	ck_assert_uint_eq(wk_audit_history_count(h), 2);
	e = wk_audit_history_find(h, "", 10, 1000, 0, 1000);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->comm, "vim");
	ck_assert_ptr_null(wk_audit_history_find(h, "", 10, 150, 0, 150));
	e = wk_audit_history_find(h, "", 11, 1000, 0, 1000);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->comm, "make");
	wk_audit_history_free(h);
}
END_TEST

START_TEST(prune_drops_the_oldest_pids_beyond_keep)
{
	struct wk_audit_history *h = wk_audit_history_new();

	ck_assert_ptr_nonnull(h);
	for (int32_t pid = 100; pid < 5100; pid++)
		add(h, pid, 1, 1000 + pid, "sh");
	ck_assert_int_eq(wk_audit_history_prune(h, 1000), 0);
	ck_assert_uint_eq(wk_audit_history_count(h), 1000);
	ck_assert_ptr_null(wk_audit_history_find(h, "", 4099, 99999, 0, 99999));
	ck_assert_ptr_nonnull(wk_audit_history_find(h, "", 4100, 99999, 0, 99999));
	ck_assert_ptr_nonnull(wk_audit_history_find(h, "", 5099, 99999, 0, 99999));
	/* Still a working table: adds and finds go on. */
	add(h, 100, 1, 99000, "new");
	ck_assert_ptr_nonnull(wk_audit_history_find(h, "", 100, 99999, 0, 99999));
	ck_assert_uint_eq(wk_audit_history_count(h), 1001);
	/* Ties at the cut all go: never more than keep. */
	for (int32_t pid = 6000; pid < 6010; pid++)
		add(h, pid, 1, 99500, "tie");
	ck_assert_int_eq(wk_audit_history_prune(h, 5), 0);
	ck_assert_uint_eq(wk_audit_history_count(h), 0);
	wk_audit_history_free(h);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_history_prune");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, prune_keeps_each_pids_latest_start);
	tcase_add_test(tc, prune_drops_the_oldest_pids_beyond_keep);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
