/*
 * Login sessions in the store: opens, closes, and the session a stored
 * kill is joined to.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "store_testsql.h"

#define BOOT_A	TEST_BOOT_ID
#define BOOT_B	"11111111-2222-3333-4444-555555555555"

/* A store in a fresh directory; its file's path in path. */
static struct store *
open_store(char *path, size_t size)
{
	char dir[200], err[256];
	struct store *st;

	test_dir(dir, sizeof dir);
	snprintf(path, size, "%s/store.db", dir);
	st = store_open(path, err, sizeof err);
	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

/*
 * A session report of login process pid (start time start) for alice
 * (uid 1001) over sshd from 127.0.0.1, with audit ids loginuid and
 * sessionid, at sec.
 */
static struct wk_session_report
session(uint16_t type, int32_t pid,
    uint64_t start, uint32_t loginuid, uint32_t sessionid, int64_t sec)
{
	struct wk_session_report s;

	wk_session_init(&s, type);
	s.time.sec = sec;
	s.time.nsec = 500;
	s.pid = pid;
	s.ppid = 1;
	s.start_time = start;
	s.uid = 1001;
	s.loginuid = loginuid;
	s.sessionid = sessionid;
	snprintf(s.user, sizeof s.user, "alice");
	snprintf(s.service, sizeof s.service, "sshd");
	snprintf(s.tty, sizeof s.tty, "/dev/pts/0");
	snprintf(s.rhost, sizeof s.rhost, "127.0.0.1");
	return s;
}

/* The same, named by the module's own id instead. */
static struct wk_session_report
own_session(uint16_t type, int32_t pid,
    uint64_t start, uint64_t own_id, int64_t sec)
{
	struct wk_session_report s = session(type, pid, start, 1001, 3, sec);

	s.flags = WK_SF_OWN_ID | WK_SF_LOGINUID_REFUSED;
	s.own_id = own_id;
	return s;
}

static void
open_ok(struct store *st, const char *boot,
    const struct wk_session_report *s)
{
	ck_assert_msg(store_session_open(st, boot, s) == 0, "open: %s",
	    store_errmsg(st));
}

static void
close_ok(struct store *st, const char *boot,
    const struct wk_session_report *s)
{
	ck_assert_msg(store_session_close(st, boot, s) == 0, "close: %s",
	    store_errmsg(st));
}

/*
 * A kill of target pid at sec by a killer with audit ids loginuid and
 * sessionid, whose chain is the n processes pids[i] started at 9000 +
 * pids[i] (the killer last).
 */
static struct wk_event
kill_event(const char *boot, int32_t target,
    uint32_t loginuid, uint32_t sessionid, int64_t sec, const int32_t *pids,
    unsigned n)
{
	struct wk_event ev;
	unsigned i;

	memset(&ev, 0, sizeof ev);
	wk_report_init(&ev.report);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", boot);
	ev.report.time.sec = sec;
	ev.report.call = WK_CALL_KILL;
	ev.report.signo = SIGTERM;
	ev.report.arg_pid = target;
	ev.report.flags = WK_F_TARGET_READ;
	ev.report.target.pid = target;
	ev.report.target.start_time = 1;
	ev.report.caller.pid = n > 0 ? pids[n - 1] : 500;
	ev.report.caller.loginuid = loginuid;
	ev.report.caller.sessionid = sessionid;
	ev.chain_len = n;
	for (i = 0; i < n; i++) {
		ev.chain[i].pid = pids[i];
		ev.chain[i].start_time = 9000 + (uint64_t)pids[i];
		snprintf(ev.chain[i].comm, sizeof ev.chain[i].comm, "p%d",
		    (int)pids[i]);
	}
	return ev;
}

static int
keep_newest(const struct wk_event *ev, void *arg)
{
	*(struct wk_event *)arg = *ev;
	return 1;
}

/* Store ev and read it back as a query would. */
static struct wk_event
stored(struct store *st, const struct wk_event *ev)
{
	struct store_pid_query q;
	struct wk_event got;

	ck_assert_msg(store_add(st, ev) == 0, "add: %s", store_errmsg(st));
	memset(&q, 0, sizeof q);
	q.pid = ev->report.target.pid;
	q.all_processes = 1;
	memset(&got, 0, sizeof got);
	ck_assert_int_eq(store_find_by_pid(st, &q, keep_newest, &got, NULL),
	    1);
	return got;
}

/* Read it again later (the kill is already stored). */
static struct wk_event
reread(struct store *st, int32_t target)
{
	struct store_pid_query q;
	struct wk_event got;

	memset(&q, 0, sizeof q);
	q.pid = target;
	q.all_processes = 1;
	ck_assert_int_eq(store_find_by_pid(st, &q, keep_newest, &got, NULL),
	    1);
	return got;
}

/* One integer from SQL on the committed store file. */
START_TEST(kill_joins_the_session_of_its_audit_ids)
{
	static const int32_t chain[] = { 600, 601 };
	struct wk_session_report s = session(WK_MSG_SESSION_OPEN, 700, 9700,
	    1001, 3, 1000);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	/* Uncommitted: a session opened in the same batch counts. */
	open_ok(st, BOOT_A, &s);

	ev = kill_event(BOOT_A, 4001, 1001, 3, 1100, chain, 2);
	ev = stored(st, &ev);
	ck_assert_uint_eq(ev.session.flags & (WK_SI_KNOWN | WK_SI_CLOSED),
	    WK_SI_KNOWN);
	ck_assert_uint_eq(ev.sources, WK_SRC_SHIM | WK_SRC_PAM);
	ck_assert_int_eq(ev.session.pid, 700);
	ck_assert_uint_eq(ev.session.sessionid, 3);
	ck_assert_str_eq(ev.session.user, "alice");

	/* Another audit session, another boot, or before the login: none. */
	ev = kill_event(BOOT_A, 4002, 1001, 4, 1100, chain, 2);
	ev = stored(st, &ev);
	ck_assert_uint_eq(ev.session.flags, 0);
	ck_assert_uint_eq(ev.sources, WK_SRC_SHIM);
	ev = kill_event(BOOT_B, 4003, 1001, 3, 1100, chain, 2);
	ck_assert_uint_eq(stored(st, &ev).session.flags, 0);
	ev = kill_event(BOOT_A, 4004, 1001, 3, 999, chain, 2);
	ck_assert_uint_eq(stored(st, &ev).session.flags, 0);
	/* An unset login uid joins nothing by audit ids. */
	ev = kill_event(BOOT_A, 4005, WK_ID_UNSET, 3, 1100, chain, 2);
	ck_assert_uint_eq(stored(st, &ev).session.flags, 0);
	store_close(st);
}
END_TEST

START_TEST(session_fields_reach_the_event)
{
	static const int32_t chain[] = { 600 };
	struct wk_session_report s = session(WK_MSG_SESSION_OPEN, 700, 9700,
	    1001, 3, 1000);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	s.flags = WK_SF_STAMPED | WK_SF_TRUNCATED;
	snprintf(s.ruser, sizeof s.ruser, "bob");
	open_ok(st, BOOT_A, &s);
	ev = kill_event(BOOT_A, 4001, 1001, 3, 1100, chain, 1);
	ev = stored(st, &ev);
	ck_assert_uint_eq(ev.session.flags,
	    WK_SI_KNOWN | WK_SF_STAMPED | WK_SF_TRUNCATED);
	ck_assert_uint_eq(ev.session.uid, 1001);
	ck_assert_uint_eq(ev.session.loginuid, 1001);
	ck_assert_uint_eq(ev.session.sessionid, 3);
	ck_assert(ev.session.own_id == 0);
	ck_assert_int_eq(ev.session.pid, 700);
	ck_assert(ev.session.start_time == 9700);
	ck_assert_int_eq(ev.session.opened.sec, 1000);
	ck_assert_int_eq(ev.session.opened.nsec, 500);
	ck_assert_int_eq(ev.session.closed.sec, 0);
	ck_assert_str_eq(ev.session.user, "alice");
	ck_assert_str_eq(ev.session.service, "sshd");
	ck_assert_str_eq(ev.session.tty, "/dev/pts/0");
	ck_assert_str_eq(ev.session.rhost, "127.0.0.1");
	ck_assert_str_eq(ev.session.ruser, "bob");
	store_close(st);
}
END_TEST

/*
 * su and sudo sessions inside a login keep its audit ids: the login, the
 * first opened and still open, is the person's session.
 */
START_TEST(nested_session_keeps_the_login)
{
	static const int32_t chain[] = { 600 };
	struct wk_session_report login = session(WK_MSG_SESSION_OPEN, 700, 9700,
	    1001, 3, 1000);
	struct wk_session_report su = session(WK_MSG_SESSION_OPEN, 710, 9710,
	    1001, 3, 1050);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	snprintf(su.service, sizeof su.service, "su");
	snprintf(su.user, sizeof su.user, "root");
	open_ok(st, BOOT_A, &login);
	open_ok(st, BOOT_A, &su);
	ev = kill_event(BOOT_A, 4001, 1001, 3, 1100, chain, 1);
	ev = stored(st, &ev);
	ck_assert_str_eq(ev.session.service, "sshd");

	/* Once the login is closed, a kill after that is not the login's. */
	login.time.sec = 1200;
	login.hdr.type = WK_MSG_SESSION_CLOSE;
	close_ok(st, BOOT_A, &login);
	ev = kill_event(BOOT_A, 4002, 1001, 3, 1300, chain, 1);
	ev = stored(st, &ev);
	ck_assert_str_eq(ev.session.service, "su");
	store_close(st);
}
END_TEST

START_TEST(own_id_session_joins_by_its_login_process_in_the_chain)
{
	static const int32_t through[] = { 700, 701, 702 };
	static const int32_t beside[] = { 700, 702 };
	struct wk_session_report s = own_session(WK_MSG_SESSION_OPEN, 701,
	    9701, 0x1f3a, 1000);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	open_ok(st, BOOT_A, &s);
	ev = kill_event(BOOT_A, 4001, WK_ID_UNSET, WK_ID_UNSET, 1100,
	    through, 3);
	ev = stored(st, &ev);
	ck_assert_uint_eq(ev.session.flags & (WK_SI_KNOWN | WK_SF_OWN_ID),
	    WK_SI_KNOWN | WK_SF_OWN_ID);
	ck_assert(ev.session.own_id == 0x1f3a);
	ck_assert(ev.sources & WK_SRC_PAM);

	/* Its audit ids are not its own: they join nothing. */
	ev = kill_event(BOOT_A, 4002, 1001, 3, 1100, beside, 2);
	ck_assert_uint_eq(stored(st, &ev).session.flags, 0);

	/* The same pid with another start time is another process. */
	ev = kill_event(BOOT_A, 4003, WK_ID_UNSET, WK_ID_UNSET, 1100,
	    through, 3);
	ev.chain[1].start_time = 1;
	ck_assert_uint_eq(stored(st, &ev).session.flags, 0);

	/* The killer itself may be the login process. */
	ev = kill_event(BOOT_A, 4004, WK_ID_UNSET, WK_ID_UNSET, 1100,
	    through, 2);
	ck_assert_int_eq(stored(st, &ev).session.pid, 701);
	store_close(st);
}
END_TEST

START_TEST(nearest_login_process_in_the_chain_wins)
{
	static const int32_t chain[] = { 700, 701, 702, 703 };
	struct wk_session_report outer = own_session(WK_MSG_SESSION_OPEN, 700,
	    9700, 0xa, 1000);
	struct wk_session_report inner = own_session(WK_MSG_SESSION_OPEN, 702,
	    9702, 0xb, 1010);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	/* The inner one first: the row order must not decide. */
	open_ok(st, BOOT_A, &inner);
	open_ok(st, BOOT_A, &outer);
	ev = kill_event(BOOT_A, 4001, WK_ID_UNSET, WK_ID_UNSET, 1100, chain,
	    4);
	ck_assert(stored(st, &ev).session.own_id == 0xb);

	/* Closed before the kill: the outer one is left. */
	inner.hdr.type = WK_MSG_SESSION_CLOSE;
	inner.time.sec = 1050;
	close_ok(st, BOOT_A, &inner);
	ev = kill_event(BOOT_A, 4002, WK_ID_UNSET, WK_ID_UNSET, 1100, chain,
	    4);
	ck_assert(stored(st, &ev).session.own_id == 0xa);
	store_close(st);
}
END_TEST

START_TEST(close_matches_process_then_own_id_then_audit_ids)
{
	struct wk_session_report s;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	s = session(WK_MSG_SESSION_OPEN, 700, 9700, 1001, 3, 1000);
	open_ok(st, BOOT_A, &s);
	s = own_session(WK_MSG_SESSION_OPEN, 710, 9710, 0xabc, 1000);
	open_ok(st, BOOT_A, &s);
	s = session(WK_MSG_SESSION_OPEN, 720, 9720, 1002, 5, 1000);
	open_ok(st, BOOT_A, &s);

	/* The same process; audit ids it no longer has do not matter. */
	s = session(WK_MSG_SESSION_CLOSE, 700, 9700, 1, 1, 2001);
	close_ok(st, BOOT_A, &s);
	/* Another process of the same own id. */
	s = own_session(WK_MSG_SESSION_CLOSE, 711, 9711, 0xabc, 2002);
	close_ok(st, BOOT_A, &s);
	/* Another process of the same audit session. */
	s = session(WK_MSG_SESSION_CLOSE, 721, 9721, 1002, 5, 2003);
	close_ok(st, BOOT_A, &s);
	/* Nothing open matches: kept as a session seen only closing. */
	s = session(WK_MSG_SESSION_CLOSE, 730, 9730, 1003, 6, 2004);
	close_ok(st, BOOT_A, &s);
	ck_assert_int_eq(store_commit(st), 0);

	ck_assert_int_eq(test_sql_int(path, "SELECT closed_sec FROM sessions"
	    " WHERE pid = 700"), 2001);
	ck_assert_int_eq(test_sql_int(path, "SELECT closed_sec FROM sessions"
	    " WHERE pid = 710"), 2002);
	ck_assert_int_eq(test_sql_int(path, "SELECT closed_sec FROM sessions"
	    " WHERE pid = 720"), 2003);
	ck_assert_int_eq(test_sql_int(path, "SELECT count(*) FROM sessions"), 4);
	ck_assert_int_eq(test_sql_int(path, "SELECT closed_sec * 10 + (opened_sec"
	    " = 0) FROM sessions WHERE pid = 730 AND loginuid = 1003"
	    " AND sessionid = 6 AND user = 'alice'"), 20041);
	store_close(st);
}
END_TEST

START_TEST(a_later_close_shows_when_the_kill_is_read)
{
	static const int32_t chain[] = { 600 };
	struct wk_session_report s = session(WK_MSG_SESSION_OPEN, 700, 9700,
	    1001, 3, 1000);
	struct wk_event ev;
	struct store *st;
	char path[300];

	st = open_store(path, sizeof path);
	open_ok(st, BOOT_A, &s);
	ev = kill_event(BOOT_A, 4001, 1001, 3, 1100, chain, 1);
	ev = stored(st, &ev);
	ck_assert_uint_eq(ev.session.flags & WK_SI_CLOSED, 0);

	s.hdr.type = WK_MSG_SESSION_CLOSE;
	s.time.sec = 2000;
	s.time.nsec = 7;
	close_ok(st, BOOT_A, &s);
	ck_assert_int_eq(store_commit(st), 0);
	ev = reread(st, 4001);
	ck_assert_uint_eq(ev.session.flags & WK_SI_CLOSED, WK_SI_CLOSED);
	ck_assert_int_eq(ev.session.closed.sec, 2000);
	ck_assert_int_eq(ev.session.closed.nsec, 7);
	ck_assert_int_eq(ev.session.opened.sec, 1000);
	store_close(st);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
	struct wk_session_report s = session(WK_MSG_SESSION_OPEN, 700, 9700,
	    1001, 3, 1000);

	ck_assert_int_eq(store_session_open(NULL, BOOT_A, &s), -1);
	ck_assert_int_eq(store_session_close(NULL, BOOT_A, &s), -1);
	ck_assert_int_eq(store_add_authfail(NULL, NULL), -1);
}
END_TEST

static Suite *
session_suite(void)
{
	Suite *s = suite_create("store_session");
	TCase *tc = tcase_create("sessions");

	tcase_add_test(tc, kill_joins_the_session_of_its_audit_ids);
	tcase_add_test(tc, session_fields_reach_the_event);
	tcase_add_test(tc, nested_session_keeps_the_login);
	tcase_add_test(tc, own_id_session_joins_by_its_login_process_in_the_chain);
	tcase_add_test(tc, nearest_login_process_in_the_chain_wins);
	tcase_add_test(tc, close_matches_process_then_own_id_then_audit_ids);
	tcase_add_test(tc, a_later_close_shows_when_the_kill_is_read);
	tcase_add_test(tc, bad_arguments_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(session_suite());
	int failed;

	test_make_base_dir("check_store_session");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
