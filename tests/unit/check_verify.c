/* The credential check: a report is believed only for what the kernel says. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "whokilled/wire.h"
#include "daemon/ingest/verify.h"

static void
caller_and_creds(struct wk_caller *c, struct ucred *cred)
{
	memset(c, 0, sizeof *c);
	c->pid = 4242;
	c->uid = 1000;
	c->euid = 0;
	c->gid = 100;
	c->egid = 0;
	cred->pid = 4242;
	cred->uid = 1000;
	cred->gid = 100;
}

START_TEST(matching_creds_are_believed)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	ck_assert_int_eq(verify_report_creds(&cred, &c, &why), VERIFY_OK);
	ck_assert_ptr_nonnull(why);
}
END_TEST

START_TEST(pid_mismatch_is_forged)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	c.pid = 4243;
	ck_assert_int_eq(verify_report_creds(&cred, &c, &why), VERIFY_FORGED);
	ck_assert_ptr_nonnull(strstr(why, "pid"));
}
END_TEST

START_TEST(uid_mismatch_is_forged)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	c.uid = 0;
	ck_assert_int_eq(verify_report_creds(&cred, &c, &why), VERIFY_FORGED);
	ck_assert_ptr_nonnull(strstr(why, "uid"));
}
END_TEST

/* SCM_CREDENTIALS carries the real uid: claiming it as euid is no help. */
START_TEST(effective_uid_is_not_compared)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	c.uid = 0;
	c.euid = 1000;
	ck_assert_int_eq(verify_report_creds(&cred, &c, &why), VERIFY_FORGED);
}
END_TEST

START_TEST(gid_mismatch_is_forged)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	c.gid = 0;
	ck_assert_int_eq(verify_report_creds(&cred, &c, &why), VERIFY_FORGED);
	ck_assert_ptr_nonnull(strstr(why, "gid"));
}
END_TEST

START_TEST(missing_creds_are_refused)
{
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;

	caller_and_creds(&c, &cred);
	ck_assert_int_eq(verify_report_creds(NULL, &c, &why), VERIFY_NOCRED);
	ck_assert_ptr_nonnull(why);
}
END_TEST

/* A report from uid 1000 and what /proc says about its sender now. */
static void
live_pair(struct wk_kill_report *r, struct wk_chain_entry *live,
    struct ucred *cred)
{
	memset(r, 0, sizeof *r);
	memset(live, 0, sizeof *live);
	caller_and_creds(&r->caller, cred);
	r->flags = WK_F_CALLER_STAT_READ;
	r->caller.start_time = live->start_time = 5000;
	r->caller.loginuid = live->loginuid = 1000;
	live->pid = r->caller.pid;
	live->uid = 1000;
}

START_TEST(live_sender_that_agrees_is_believed)
{
	struct wk_kill_report r;
	struct wk_chain_entry live;
	struct ucred cred;
	const char *why;

	live_pair(&r, &live, &cred);
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why), VERIFY_OK);
}
END_TEST

START_TEST(claimed_loginuid_of_another_user_is_forged)
{
	struct wk_kill_report r;
	struct wk_chain_entry live;
	struct ucred cred;
	const char *why;

	live_pair(&r, &live, &cred);
	r.caller.loginuid = 1001;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why),
	    VERIFY_FORGED);
	ck_assert_ptr_nonnull(strstr(why, "login uid"));
}
END_TEST

START_TEST(claimed_unset_loginuid_is_believed_and_not_stored)
{
	struct wk_kill_report r;
	struct wk_chain_entry live;
	struct ucred cred;
	const char *why;

	/* Read before the process set its login uid: not a forgery. */
	live_pair(&r, &live, &cred);
	r.caller.loginuid = WK_ID_UNSET;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why), VERIFY_OK);
	/* But a set one must be the kernel's. */
	live.loginuid = WK_ID_UNSET;
	r.caller.loginuid = 1000;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why),
	    VERIFY_FORGED);
}
END_TEST

START_TEST(claimed_start_time_is_checked_only_when_flagged)
{
	struct wk_kill_report r;
	struct wk_chain_entry live;
	struct ucred cred;
	const char *why;

	live_pair(&r, &live, &cred);
	r.caller.start_time = 4000;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why),
	    VERIFY_FORGED);
	r.flags = 0;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why), VERIFY_OK);
}
END_TEST

START_TEST(root_sender_is_trusted_on_live_fields)
{
	struct wk_kill_report r;
	struct wk_chain_entry live;
	struct ucred cred;
	const char *why;

	live_pair(&r, &live, &cred);
	cred.uid = 0;
	r.caller.loginuid = 1001;
	ck_assert_int_eq(verify_report_live(&cred, &r, &live, &why), VERIFY_OK);
}
END_TEST

/*
 * A sender in another pid namespace: the kernel gives its pid in the
 * daemon's namespace, NSpid its pids from there to its own.
 */
START_TEST(pid_in_a_child_namespace_is_believed)
{
	static const int32_t nspid[] = { 4242, 7 };
	static const int32_t nested[] = { 4242, 31, 7 };
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;
	char buf[160];

	caller_and_creds(&c, &cred);
	c.pid = 7;
	ck_assert_int_eq(verify_ns_caller(&cred, &c, nspid, 2, 4026532291u,
	    buf, sizeof buf, &why), VERIFY_OK);
	ck_assert_str_eq(why, "");
	/* Two namespaces deep: its own pid is the last. */
	ck_assert_int_eq(verify_ns_caller(&cred, &c, nested, 3, 4026532291u,
	    buf, sizeof buf, &why), VERIFY_OK);
}
END_TEST

START_TEST(another_pid_in_the_namespace_is_forged_and_said_so)
{
	static const int32_t nspid[] = { 4242, 7 };
	static const int32_t nested[] = { 4242, 7, 3 };
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;
	char buf[160];

	caller_and_creds(&c, &cred);
	c.pid = 1;
	ck_assert_int_eq(verify_ns_caller(&cred, &c, nspid, 2, 4026532291u,
	    buf, sizeof buf, &why), VERIFY_FORGED_NS);
	ck_assert_str_eq(why, " in pid namespace 4026532291: its pid there"
	    " is 7, the report says 1");
	/* Its pid in an outer namespace is not its pid. */
	c.pid = 7;
	ck_assert_int_eq(verify_ns_caller(&cred, &c, nested, 3, 99, buf,
	    sizeof buf, &why), VERIFY_FORGED_NS);
	ck_assert_str_eq(why, " in pid namespace 99: its pid there is 3, the"
	    " report says 7");
}
END_TEST

START_TEST(another_pid_in_the_daemons_namespace_is_forged)
{
	static const int32_t host[] = { 4242 };
	static const int32_t other[] = { 5000, 7 };
	struct wk_caller c;
	struct ucred cred;
	const char *why = NULL;
	char buf[160];

	caller_and_creds(&c, &cred);
	c.pid = 7;
	ck_assert_int_eq(verify_ns_caller(&cred, &c, host, 1, 4026531836u,
	    buf, sizeof buf, &why), VERIFY_FORGED);
	ck_assert_str_eq(why, "caller pid differs from the sender's");
	ck_assert_int_eq(verify_ns_caller(&cred, &c, host, 0, 4026531836u,
	    buf, sizeof buf, &why), VERIFY_FORGED);
	/* NSpid of another process than the kernel's sender. */
	ck_assert_int_eq(verify_ns_caller(&cred, &c, other, 2, 4026532291u,
	    buf, sizeof buf, &why), VERIFY_FORGED);
}
END_TEST


static Suite *
verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("creds");

	tcase_add_test(tc, matching_creds_are_believed);
	tcase_add_test(tc, pid_mismatch_is_forged);
	tcase_add_test(tc, uid_mismatch_is_forged);
	tcase_add_test(tc, effective_uid_is_not_compared);
	tcase_add_test(tc, gid_mismatch_is_forged);
	tcase_add_test(tc, missing_creds_are_refused);
	tcase_add_test(tc, pid_in_a_child_namespace_is_believed);
	tcase_add_test(tc, another_pid_in_the_namespace_is_forged_and_said_so);
	tcase_add_test(tc, another_pid_in_the_daemons_namespace_is_forged);
	suite_add_tcase(s, tc);

	tc = tcase_create("live");
	tcase_add_test(tc, live_sender_that_agrees_is_believed);
	tcase_add_test(tc, claimed_loginuid_of_another_user_is_forged);
	tcase_add_test(tc, claimed_unset_loginuid_is_believed_and_not_stored);
	tcase_add_test(tc, claimed_start_time_is_checked_only_when_flagged);
	tcase_add_test(tc, root_sender_is_trusted_on_live_fields);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(verify_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
