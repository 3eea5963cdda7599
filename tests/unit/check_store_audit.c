/*
 * The store's side of kernel audit events: one row per audit event and
 * target, the lookup of a signal's partner from the other source, and the
 * merge of two into one row.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "kernel_testlog.h"

#define T0	1800000000

static struct store *
open_store(char *path, size_t size)
{
	char dir[200], err[256];
	struct store *st;

	test_dir(dir, sizeof dir);
	snprintf(path, size, "%s/db", dir);
	st = store_open(path, err, sizeof err);
	ck_assert_msg(st != NULL, "store_open: %s", err);
	return st;
}

/* A kill of target by killer at T0 + ms milliseconds, seen by sources. */
static struct wk_event
event(uint32_t sources, int32_t killer, int32_t target, int ms)
{
	struct wk_event ev;

	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	wk_report_init(&ev.report);
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
	ev.sources = sources;
	ev.report.time.sec = T0 + ms / 1000;
	ev.report.time.nsec = (int64_t)(ms % 1000) * 1000000;
	ev.report.call = WK_CALL_KILL;
	ev.report.signo = SIGTERM;
	ev.report.arg_pid = target;
	ev.report.target.pid = target;
	ev.report.caller.pid = killer;
	ev.report.caller.loginuid = WK_ID_UNSET;
	ev.report.caller.sessionid = WK_ID_UNSET;
	return ev;
}

static struct store_audit_id
aid_of(uint64_t serial)
{
	struct store_audit_id a;

	memset(&a, 0, sizeof a);
	a.sec = T0;
	a.msec = 1;
	a.serial = serial;
	return a;
}

START_TEST(one_row_per_audit_event_and_target)
{
	struct wk_event ev = event(WK_SRC_KERNEL, 10, 20, 0);
	struct store_audit_id a = aid_of(5);
	char path[300];
	struct store *st = open_store(path, sizeof path);
	int added;

	ck_assert_int_eq(store_has_audit(st, TEST_BOOT_ID, "", &a), 0);
	ck_assert_int_eq(store_add_audit(st, &ev, &a, &added), 0);
	ck_assert_int_eq(added, 1);
	ck_assert_int_eq(store_has_audit(st, TEST_BOOT_ID, "", &a), 1);
	ck_assert_int_eq(store_add_audit(st, &ev, &a, &added), 0);
	ck_assert_int_eq(added, 0);
	ck_assert_uint_eq(store_pending(st), 1);
	/* The same event reaching another process is another row. */
	ev.report.target.pid = 21;
	ck_assert_int_eq(store_add_audit(st, &ev, &a, &added), 0);
	ck_assert_int_eq(added, 1);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_add_audit(st, &ev, &a, &added), 0);
	ck_assert_int_eq(added, 0);
	/* The same serial on another boot is another event. */
	ck_assert_int_eq(store_has_audit(st, "another-boot", "", &a), 0);
	a.msec = 2;
	ck_assert_int_eq(store_has_audit(st, TEST_BOOT_ID, "", &a), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st), 2);
	store_close(st);
}
END_TEST

struct found {
	int n;
	int64_t ids[STORE_PARTNERS_MAX];
	int32_t targets[STORE_PARTNERS_MAX];
};

static int
note(const struct wk_event *ev, void *arg)
{
	struct found *f = arg;

	f->ids[f->n] = ev->id;
	f->targets[f->n] = ev->report.target.pid;
	f->n++;
	return 0;
}

static int
partners(struct store *st, const struct wk_event *ev, uint32_t seen_by,
    uint32_t not_seen_by, struct found *f)
{
	memset(f, 0, sizeof *f);
	ck_assert_int_ne(store_find_partners(st, ev, seen_by, not_seen_by,
	    note, f), -1);
	return f->n;
}

START_TEST(partners_are_the_other_sources_rows_nearest_first)
{
	struct wk_event shim, k;
	struct found f;
	char path[300];
	struct store *st = open_store(path, sizeof path);

	/* Shim rows of killer 10: target 20 at +0, +1500, +4000 ms, target 0. */
	shim = event(WK_SRC_SHIM, 10, 20, 0);
	ck_assert_int_eq(store_add(st, &shim), 0);
	shim = event(WK_SRC_SHIM, 10, 20, 1500);
	ck_assert_int_eq(store_add(st, &shim), 0);
	shim = event(WK_SRC_SHIM, 10, 20, 4000);
	ck_assert_int_eq(store_add(st, &shim), 0);
	shim = event(WK_SRC_SHIM, 10, 0, 100);
	ck_assert_int_eq(store_add(st, &shim), 0);
	/* Not partners: another killer, another signal, already merged. */
	shim = event(WK_SRC_SHIM, 11, 20, 0);
	ck_assert_int_eq(store_add(st, &shim), 0);
	shim = event(WK_SRC_SHIM, 10, 20, 0);
	shim.report.signo = SIGKILL;
	ck_assert_int_eq(store_add(st, &shim), 0);
	shim = event(WK_SRC_SHIM | WK_SRC_KERNEL, 10, 20, 10);
	ck_assert_int_eq(store_add(st, &shim), 0);

	k = event(WK_SRC_KERNEL, 10, 20, 1200);
	ck_assert_int_eq(partners(st, &k, WK_SRC_SHIM, WK_SRC_KERNEL, &f), 4);
	ck_assert_int_eq(f.ids[0], 2);	/* 300 ms away */
	ck_assert_int_eq(f.ids[1], 4);	/* target unknown, 1100 ms */
	ck_assert_int_eq(f.ids[2], 1);	/* 1200 ms */
	ck_assert_int_eq(f.ids[3], 3);	/* 2800 ms: within 3 s */
	/* A kernel event of unknown target: every target of the killer. */
	k.report.target.pid = 0;
	ck_assert_int_eq(partners(st, &k, WK_SRC_SHIM, WK_SRC_KERNEL, &f), 4);
	/* On another boot: none. */
	snprintf(k.boot_id, sizeof k.boot_id, "another-boot");
	ck_assert_int_eq(partners(st, &k, WK_SRC_SHIM, WK_SRC_KERNEL, &f), 0);
	/* Rows the shim saw are no partners of a shim event. */
	shim = event(WK_SRC_SHIM, 10, 20, 0);
	ck_assert_int_eq(partners(st, &shim, WK_SRC_KERNEL, WK_SRC_SHIM, &f), 0);
	ck_assert_int_eq(store_commit(st), 0);
	store_close(st);
}
END_TEST

START_TEST(merge_rewrites_the_row_and_takes_the_audit_event)
{
	struct wk_event shim = event(WK_SRC_SHIM, 10, 20, 0), merged;
	struct store_audit_id a = aid_of(77);
	struct test_seen s;
	char path[300];
	struct store *st = open_store(path, sizeof path);
	int added;

	ck_assert_int_eq(store_add(st, &shim), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert(!store_dirty(st));
	merged = shim;
	merged.sources = WK_SRC_SHIM | WK_SRC_KERNEL;
	merged.report.caller.loginuid = 1000;
	snprintf(merged.report.caller.exe, sizeof merged.report.caller.exe,
	    "/usr/bin/kill");
	ck_assert_int_eq(store_merge(st, 1, &merged, &a), 0);
	ck_assert(store_dirty(st));
	ck_assert_uint_eq(store_pending(st), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_events_of(st, 20, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	ck_assert_uint_eq(s.ev[0].report.caller.loginuid, 1000);
	ck_assert_str_eq(s.ev[0].report.caller.exe, "/usr/bin/kill");
	ck_assert_int_eq(store_has_audit(st, TEST_BOOT_ID, "", &a), 1);
	/* A merge without an event keeps the row's. */
	ck_assert_int_eq(store_merge(st, 1, &merged, NULL), 0);
	ck_assert_int_eq(store_has_audit(st, TEST_BOOT_ID, "", &a), 1);
	/* The event is the row's now: no second row of it. */
	ck_assert_int_eq(store_add_audit(st, &shim, &a, &added), 0);
	ck_assert_int_eq(added, 0);
	/* Nor may another row take it. */
	ck_assert_int_eq(store_add(st, &shim), 0);
	errno = 0;
	ck_assert_int_eq(store_merge(st, 2, &merged, &a), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(store_merge(st, 99, &merged, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(store_count(st), 2);
	store_close(st);
}
END_TEST

/* A merge joins the session the kernel's audit ids name. */
START_TEST(merge_joins_the_login_session)
{
	struct wk_event shim = event(WK_SRC_SHIM, 10, 20, 0), merged;
	struct wk_session_report sr;
	struct test_seen s;
	char path[300];
	struct store *st = open_store(path, sizeof path);

	wk_session_init(&sr, WK_MSG_SESSION_OPEN);
	sr.time.sec = T0 - 60;
	sr.pid = 300;
	sr.loginuid = 1000;
	sr.sessionid = 3;
	snprintf(sr.user, sizeof sr.user, "alice");
	ck_assert_int_eq(store_session_open(st, TEST_BOOT_ID, &sr), 0);
	ck_assert_int_eq(store_add(st, &shim), 0);
	merged = shim;
	merged.sources = WK_SRC_SHIM | WK_SRC_KERNEL;
	merged.report.caller.loginuid = 1000;
	merged.report.caller.sessionid = 3;
	ck_assert_int_eq(store_merge(st, 1, &merged, NULL), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert_int_eq(test_events_of(st, 20, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources,
	    WK_SRC_SHIM | WK_SRC_KERNEL | WK_SRC_PAM);
	ck_assert_str_eq(s.ev[0].session.user, "alice");
	store_close(st);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("store_audit");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_store_audit");
	tcase_add_test(tc, one_row_per_audit_event_and_target);
	tcase_add_test(tc, partners_are_the_other_sources_rows_nearest_first);
	tcase_add_test(tc, merge_rewrites_the_row_and_takes_the_audit_event);
	tcase_add_test(tc, merge_joins_the_login_session);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
