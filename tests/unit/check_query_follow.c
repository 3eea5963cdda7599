/*
 * Followers' filters (daemon/query/query_follow.c): a new row matches
 * as the list's clauses would select it, and the visibility rules hold.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/query/query_follow.h"
#include "daemon/query/query_list.h"

static struct wk_event
kill_of(const char *comm, uint32_t target_uid, uint32_t uid, uint32_t euid,
    uint32_t login, int32_t signo)
{
	struct wk_event ev;

	memset(&ev, 0, sizeof ev);
	wk_report_init(&ev.report);
	ev.id = 10;
	ev.report.signo = signo;
	ev.report.target.pid = 4711;
	ev.report.target.uid = target_uid;
	snprintf(ev.report.target.comm, sizeof ev.report.target.comm, "%s",
	    comm);
	ev.report.caller.uid = uid;
	ev.report.caller.euid = euid;
	ev.report.caller.loginuid = login;
	memcpy(ev.argv, "kill\0-9\0", 8);
	ev.report.caller.argv_len = 8;
	return ev;
}

static struct query_follow
follower(uid_t asker)
{
	struct query_follow f;

	memset(&f, 0, sizeof f);
	f.asker = asker;
	f.from_kill = 5;
	return f;
}

START_TEST(kills_match_as_the_clauses)
{
	struct query_follow f = follower(0);
	struct wk_event ev = kill_of("postgres", 110, 0, 0, 1001, SIGTERM);
	struct wk_event frame;

	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	ck_assert_uint_eq(frame.hdr.type, WK_R_EVENT);
	/* The frame ends with the argv's used bytes, as in an answer by pid. */
	ck_assert_uint_eq(frame.hdr.size, WK_EVENT_FIXED + 8);
	ev.id = 5;		/* in the first answer already */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ev.id = 10;
	f.filter.signo = SIGKILL;
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	f.filter.signo = SIGTERM;
	strcpy(f.filter.name, "postgres");
	strcpy(f.filter.comm, "postgres");
	f.filter.comm_whole = 1;
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	strcpy(f.filter.name, "post*");
	f.filter.glob = 1;
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	strcpy(f.filter.name, "nginx*");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	/* The executable's name: whole, where the comm is cut or another. */
	strcpy(ev.target_exe, "postgres-server");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	strcpy(f.filter.name, "*-server");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	f.filter.glob = 0;
	strcpy(f.filter.name, "postgres-server");
	strcpy(f.filter.comm, "postgres-server");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	/* A long name: the comm's 15 bytes only where no exe is known. */
	strcpy(ev.report.target.comm, "postgres-server");
	strcpy(ev.target_exe, "postgres-serverd");
	strcpy(f.filter.name, "postgres-serverx");
	f.filter.comm_whole = 0;
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ev.target_exe[0] = '\0';
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	strcpy(ev.report.target.comm, "postgres");
	ev.target_exe[0] = '\0';
	f.filter.name[0] = f.filter.comm[0] = '\0';
	f.filter.by = 1;
	f.filter.by_uid = 1001;	/* the login uid */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	f.filter.by_uid = 0;	/* the uid */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	f.filter.by_uid = 110;	/* the target's owner is not the sender */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	/* Time bounds are the first answer's: a new row is new. */
	f.filter.by = 0;
	f.filter.since = 2000000000;
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
}
END_TEST

/* An audit hub's follower of one node: that node's kills only, and a
 * node's kills never to an unprivileged follower (its uids are the
 * node's). */
START_TEST(a_node_matches_as_the_clause)
{
	struct query_follow f = follower(0);
	struct wk_event ev = kill_of("postgres", 1001, 1001, 1001, 1001,
	    SIGTERM);
	struct wk_event frame;
	struct store_kill_key k;

	memset(&k, 0, sizeof k);
	k.id = 10;
	k.signo = SIGTERM;
	k.target_uid = k.uid = k.euid = k.loginuid = 1001;
	strcpy(k.target_comm, "postgres");
	strcpy(ev.node, "web7");
	strcpy(k.node, "web7");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	ck_assert_int_eq(query_follow_key(&f, &k), 1);
	strcpy(f.filter.node, "web7");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	ck_assert_int_eq(query_follow_key(&f, &k), 1);
	strcpy(f.filter.node, "db3");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ck_assert_int_eq(query_follow_key(&f, &k), 0);
	/* This host's kill is no node's. */
	ev.node[0] = k.node[0] = '\0';
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ck_assert_int_eq(query_follow_key(&f, &k), 0);
	/* uid 1001 of a node is not this host's uid 1001. */
	f = follower(1001);
	ck_assert_int_eq(query_follow_key(&f, &k), 1);
	strcpy(ev.node, "web7");
	strcpy(k.node, "web7");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ck_assert_int_eq(query_follow_key(&f, &k), 0);
}
END_TEST

START_TEST(a_unit_matches_as_the_clause)
{
	struct query_follow f = follower(0);
	struct wk_event ev = kill_of("nginx", 110, 0, 0, 1001, SIGTERM);
	struct wk_event frame;

	strcpy(f.filter.unit, "nginx.service");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	strcpy(ev.target_cgroup.unit, "nginx.service");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	strcpy(f.filter.unit, "nginx-debug.service");
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
}
END_TEST

/* "nginx" asks for nginx.service, as systemctl reads it; a type stays. */
START_TEST(a_unit_without_a_type_is_a_service)
{
	struct wk_query q;
	struct store_list_query f;

	memset(&q, 0, sizeof q);
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "");
	strcpy(q.unit, "nginx");
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "nginx.service");
	strcpy(q.unit, "nginx.service");
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "nginx.service");
	strcpy(q.unit, "session-3.scope");
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "session-3.scope");
	strcpy(q.unit, "backup.timer");
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "backup.timer");
	strcpy(q.unit, "my.app");	/* not a type: a service named my.app */
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, "my.app.service");
	strcpy(q.unit, ".scope");	/* a suffix alone is no unit name */
	query_list_filter(&q, &f);
	ck_assert_str_eq(f.unit, ".scope.service");
}
END_TEST

START_TEST(an_unprivileged_follower_sees_its_own)
{
	struct query_follow f = follower(1002);
	struct wk_event ev = kill_of("sleep", 0, 0, 0, 1001, SIGTERM);
	struct wk_event frame;

	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 0);
	ev = kill_of("sleep", 1002, 0, 0, 1001, SIGTERM);	/* its process */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	ck_assert_uint_eq(frame.report.caller.argv_len, 0);	/* not its argv */
	ev = kill_of("sleep", 0, 1002, 1002, 1002, SIGTERM);	/* it sent it */
	ck_assert_int_eq(query_follow_kill(&f, &ev, &frame), 1);
	ck_assert_uint_eq(frame.report.caller.argv_len, 8);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("query_follow");
	TCase *tc = tcase_create("follow");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, kills_match_as_the_clauses);
	tcase_add_test(tc, an_unprivileged_follower_sees_its_own);
	tcase_add_test(tc, a_unit_matches_as_the_clause);
	tcase_add_test(tc, a_node_matches_as_the_clause);
	tcase_add_test(tc, a_unit_without_a_type_is_a_service);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
