/*
 * Failed logins in the store: each stored, read back in groups with their
 * count, first and last time and newest failure.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"

static struct store *
open_store(void)
{
	char dir[200], path[300], err[256];
	struct store *st;

	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/store.db", dir);
	st = store_open(path, err, sizeof err);
	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

/*
 * A failure for account user via service at sec, by program pid of real
 * uid uid running "psql -U <user>", chain bash[100] → psql[pid].
 */
static struct wk_authfail_event
failure(const char *user,
    const char *service, uint32_t uid, int32_t pid, int64_t sec)
{
	struct wk_authfail_event ev;
	struct wk_caller *c = &ev.report.caller;
	int n;

	memset(&ev, 0, sizeof ev);
	wk_authfail_init(&ev.report);
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
	ev.report.time.sec = sec;
	ev.report.time.nsec = 250;
	snprintf(ev.report.user, sizeof ev.report.user, "%s", user);
	snprintf(ev.report.service, sizeof ev.report.service, "%s", service);
	c->pid = pid;
	c->ppid = 100;
	c->uid = c->euid = uid;
	c->gid = c->egid = uid;
	snprintf(c->comm, sizeof c->comm, "psql");
	snprintf(c->exe, sizeof c->exe, "/usr/bin/psql");
	n = snprintf(ev.argv, sizeof ev.argv, "psql%c-U%c%s", 0, 0, user);
	c->argv_len = (uint32_t)n + 1;
	c->argc = 3;
	ev.chain_len = 2;
	ev.chain[0].pid = 100;
	snprintf(ev.chain[0].comm, sizeof ev.chain[0].comm, "bash");
	ev.chain[1].pid = pid;
	ev.chain[1].ppid = 100;
	snprintf(ev.chain[1].comm, sizeof ev.chain[1].comm, "psql");
	snprintf(ev.chain[1].args, sizeof ev.chain[1].args, "psql -U %s",
	    user);
	return ev;
}

static void
add_ok(struct store *st, const struct wk_authfail_event *ev)
{
	ck_assert_msg(store_add_authfail(st, ev) == 0, "add: %s",
	    store_errmsg(st));
}

/* What a walk saw. */
struct groups {
	struct wk_authfail_event ev[8];
	int n;
};

static int
collect(const struct wk_authfail_event *ev, void *arg)
{
	struct groups *g = arg;

	if (g->n < 8)
		g->ev[g->n] = *ev;
	g->n++;
	return 0;
}

static int
find(struct store *st, const struct store_authfail_query *q,
    struct groups *g)
{
	int n;

	memset(g, 0, sizeof *g);
	n = store_find_failed_logins(st, q, collect, g);
	ck_assert_msg(n >= 0, "find: %s", store_errmsg(st));
	ck_assert_int_eq(n, g->n);
	return n;
}

START_TEST(failures_alike_form_one_group)
{
	struct store_authfail_query q;
	struct wk_authfail_event ev;
	struct groups g;
	struct store *st;
	const char *why;

	st = open_store();
	ev = failure("postgres", "su", 1001, 4240, 1000);
	add_ok(st, &ev);
	ev = failure("postgres", "su", 1001, 4241, 1060);
	add_ok(st, &ev);
	ev = failure("postgres", "su", 1001, 4242, 1180);
	add_ok(st, &ev);
	memset(&q, 0, sizeof q);
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_uint_eq(g.ev[0].count, 3);
	ck_assert_int_eq(g.ev[0].first.sec, 1000);
	ck_assert_int_eq(g.ev[0].first.nsec, 250);
	ck_assert_int_eq(g.ev[0].last.sec, 1180);
	/* The newest failure speaks for the group, with its chain. */
	ck_assert_int_eq(g.ev[0].report.caller.pid, 4242);
	ck_assert_int_eq(g.ev[0].report.time.sec, 1180);
	ck_assert_uint_eq(g.ev[0].chain_len, 2);
	ck_assert_int_eq(g.ev[0].chain[1].pid, 4242);
	ck_assert_str_eq(g.ev[0].chain[1].args, "psql -U postgres");
	ck_assert_str_eq(g.ev[0].boot_id, TEST_BOOT_ID);
	ck_assert_mem_eq(g.ev[0].argv, "psql\0-U\0postgres", 17);
	/* A frame the CLI accepts, once sized as the daemon sends it. */
	g.ev[0].hdr.size = (uint32_t)wk_authfail_event_size(&g.ev[0]);
	ck_assert_msg(wk_decode_authfail_event(&g.ev[0], g.ev[0].hdr.size,
	    &ev, &why) == 0, "%s", why);
	store_close(st);
}
END_TEST

START_TEST(groups_differ_in_account_service_host_uid_exe_and_argv)
{
	struct store_authfail_query q;
	struct wk_authfail_event ev, base = failure("postgres", "su", 1001,
	    4240, 1000);
	struct groups g;
	struct store *st;

	st = open_store();
	add_ok(st, &base);
	ev = failure("root", "su", 1001, 4240, 1001);
	add_ok(st, &ev);
	ev = base;
	snprintf(ev.report.service, sizeof ev.report.service, "sshd");
	add_ok(st, &ev);
	ev = base;
	snprintf(ev.report.rhost, sizeof ev.report.rhost, "10.0.0.9");
	add_ok(st, &ev);
	ev = base;
	ev.report.caller.uid = 1002;
	add_ok(st, &ev);
	ev = base;
	snprintf(ev.report.caller.exe, sizeof ev.report.caller.exe, "/x/psql");
	add_ok(st, &ev);
	ev = base;
	ev.argv[0] = 'P';
	add_ok(st, &ev);
	/* Differing only in pid, tty and time: the same group. */
	ev = base;
	ev.report.caller.pid = 9;
	snprintf(ev.report.tty, sizeof ev.report.tty, "pts/9");
	ev.report.time.sec = 5000;
	add_ok(st, &ev);
	memset(&q, 0, sizeof q);
	ck_assert_int_eq(find(st, &q, &g), 7);
	/* Newest last failure first: the base group, last seen at 5000. */
	ck_assert_uint_eq(g.ev[0].count, 2);
	ck_assert_int_eq(g.ev[0].last.sec, 5000);
	ck_assert_str_eq(g.ev[0].report.tty, "pts/9");
	ck_assert_str_eq(g.ev[1].report.user, "root");
	/* Equal last times: the newest row first. */
	ck_assert_int_eq(g.ev[2].argv[0], 'P');
	store_close(st);
}
END_TEST

START_TEST(account_time_and_limit_filter)
{
	struct store_authfail_query q;
	struct wk_authfail_event ev;
	struct groups g;
	struct store *st;

	st = open_store();
	ev = failure("postgres", "su", 1001, 4240, 1000);
	add_ok(st, &ev);
	ev = failure("postgres", "su", 1001, 4241, 3000);
	add_ok(st, &ev);
	ev = failure("root", "su", 1001, 4242, 2000);
	add_ok(st, &ev);

	memset(&q, 0, sizeof q);
	snprintf(q.user, sizeof q.user, "postgres");
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_uint_eq(g.ev[0].count, 2);

	/* Only the failures in the window are counted. */
	q.since = 2500;
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_uint_eq(g.ev[0].count, 1);
	ck_assert_int_eq(g.ev[0].first.sec, 3000);
	q.since = 0;
	q.until = 1500;
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_int_eq(g.ev[0].last.sec, 1000);

	memset(&q, 0, sizeof q);
	q.limit = 1;
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_str_eq(g.ev[0].report.user, "postgres");
	q.limit = 0;
	q.until = 2500;
	ck_assert_int_eq(find(st, &q, &g), 2);
	ck_assert_str_eq(g.ev[0].report.user, "root");
	store_close(st);
}
END_TEST

START_TEST(restricted_walk_sees_own_programs_and_own_account)
{
	struct store_authfail_query q;
	struct wk_authfail_event ev;
	struct groups g;
	struct store *st;

	st = open_store();
	ev = failure("postgres", "su", 1001, 4240, 1000);	/* by 1001 */
	add_ok(st, &ev);
	ev = failure("alice", "sshd", 1002, 4241, 1001);	/* for alice */
	add_ok(st, &ev);
	ev = failure("root", "su", 1003, 4242, 1002);		/* neither */
	add_ok(st, &ev);

	memset(&q, 0, sizeof q);
	q.restricted = 1;
	q.viewer_uid = 1001;
	snprintf(q.viewer_name, sizeof q.viewer_name, "alice");
	ck_assert_int_eq(find(st, &q, &g), 2);
	ck_assert_str_eq(g.ev[0].report.user, "alice");
	ck_assert_str_eq(g.ev[1].report.user, "postgres");

	/* A viewer without a name sees only its own programs' failures. */
	q.viewer_name[0] = '\0';
	ck_assert_int_eq(find(st, &q, &g), 1);
	ck_assert_str_eq(g.ev[0].report.user, "postgres");

	q.restricted = 0;
	ck_assert_int_eq(find(st, &q, &g), 3);
	store_close(st);
}
END_TEST

START_TEST(oversized_failure_is_refused)
{
	struct wk_authfail_event ev = failure("postgres", "su", 1001, 4240,
	    1000);
	struct store_authfail_query q;
	struct groups g;
	struct store *st;

	st = open_store();
	ev.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(store_add_authfail(st, &ev), -1);
	ev.chain_len = 0;
	ev.report.caller.argv_len = WK_ARGV_MAX + 1;
	ck_assert_int_eq(store_add_authfail(st, &ev), -1);
	memset(&q, 0, sizeof q);
	ck_assert_int_eq(find(st, &q, &g), 0);
	ck_assert_int_eq(store_find_failed_logins(NULL, &q, collect, &g), -1);
	store_close(st);
}
END_TEST

static Suite *
authfail_suite(void)
{
	Suite *s = suite_create("store_authfail");
	TCase *tc = tcase_create("failed_logins");

	tcase_add_test(tc, failures_alike_form_one_group);
	tcase_add_test(tc, groups_differ_in_account_service_host_uid_exe_and_argv);
	tcase_add_test(tc, account_time_and_limit_filter);
	tcase_add_test(tc, restricted_walk_sees_own_programs_and_own_account);
	tcase_add_test(tc, oversized_failure_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(authfail_suite());
	int failed;

	test_make_base_dir("check_store_authfail");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
