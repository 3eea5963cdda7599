/*
 * The death frames of an answer by pid: which process is shown when the
 * pid was reused, the recorded signal that ended it and who may see it,
 * an exit only the process table knows, and "no record" with when the
 * daemon was not running.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whokilled/wire.h"
#include "daemon/base/clock_convert.h"
#include "daemon/daemon_parts.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/query/query_answer.h"
#include "daemon/procs/proc_chain_via.h"
#include "daemon/query/query_death.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"

#define PID	4000002		/* above pid_max: never running here */

struct frames {
	struct wk_death deaths[8];
	unsigned ndeaths;
	struct wk_event events[8];
	unsigned nevents;
	struct wk_end end;
};

static void
split(const struct query_reply *out, struct frames *f)
{
	const char *why = "";
	size_t off = 0;
	uint16_t type;
	uint32_t size;
	int ended = 0;

	memset(f, 0, sizeof *f);
	while (off < out->len) {
		ck_assert_msg(wk_peek_reply(out->buf + off, out->len - off,
		    &type, &size, &why) == 0, "%s", why);
		ck_assert(!ended);
		switch (type) {
		case WK_R_DEATH:
			ck_assert_uint_eq(f->nevents, 0);
			ck_assert_uint_lt(f->ndeaths, 8);
			ck_assert_msg(wk_decode_death(out->buf + off, size,
			    &f->deaths[f->ndeaths++], &why) == 0, "%s", why);
			break;
		case WK_R_EVENT:
			ck_assert_uint_lt(f->nevents, 8);
			ck_assert_msg(wk_decode_event(out->buf + off, size,
			    &f->events[f->nevents++], &why) == 0, "%s", why);
			break;
		case WK_R_END:
			ck_assert_int_eq(wk_decode_end(out->buf + off, size,
			    &f->end, &why), 0);
			ended = 1;
			break;
		default:
			ck_abort_msg("unexpected frame %u", type);
		}
		off += size;
	}
	ck_assert(ended);
}

struct rig {
	struct store *st;
	struct wkd_counters counters;
	struct query_env env;
	struct ingest in;
	struct death_watch dw;
	struct daemon_parts parts;
	int have_dw;
};

static void
rig_open(struct rig *r)
{
	char dir[200], path[300], err[256];

	memset(r, 0, sizeof *r);
	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/db", dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "%s", err);
	r->env.store = r->st;
	r->env.counters = &r->counters;
	r->env.boot_id = TEST_BOOT_ID;
	r->parts.report_fd = -1;
	daemon_parts_hook_query(&r->parts, &r->env);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
}

/* A death watch with an empty table and no sources, in the env. */
static void
rig_watch(struct rig *r)
{
	struct death_watch_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.table_only = 1;
	ck_assert_int_eq(death_watch_open(&r->dw, &r->in, &cfg), 0);
	r->have_dw = 1;
	r->parts.deaths = &r->dw;
	daemon_parts_hook_query(&r->parts, &r->env);
}

static void
rig_close(struct rig *r)
{
	if (r->have_dw)
		death_watch_close(&r->dw);
	store_close(r->st);
}

static void
ask(struct rig *r, uint32_t flags, int32_t signo, uid_t asker,
    struct frames *f)
{
	struct query_reply out = { 0 };
	struct wk_query q;

	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = PID;
	q.flags = flags;
	q.signo = signo;
	ck_assert_int_eq(query_answer(&r->env, &q, sizeof q, asker, &out), 0);
	split(&out, f);
	query_reply_free(&out);
}

static void
put_exit(struct rig *r, uint64_t start, uint32_t status,
    int64_t sec)
{
	struct store_death d;

	memset(&d, 0, sizeof d);
	snprintf(d.boot_id, sizeof d.boot_id, "%s", TEST_BOOT_ID);
	d.pid = PID;
	d.start_time = start;
	d.uid = 1001;
	snprintf(d.comm, sizeof d.comm, "svc");
	d.kind = (status & 0x7f) == 0 ? STORE_DEATH_EXITED :
	    STORE_DEATH_SIGNALED;
	d.exit_known = 1;
	d.status = status;
	d.time.sec = sec;
	ck_assert_int_eq(store_death_put(r->st, &d), 0);
	ck_assert_int_eq(store_commit(r->st), 0);
}

/*
 * signo to (PID, start) at sec by kill[300] of uid 0 in alice's (1003)
 * session: bash[200] 1003 -> su[250] 1003->0 -> bash[280] 0 -> kill.
 */
static void
put_signal(struct rig *r, uint64_t start, int32_t signo,
    int64_t sec, uint32_t target_uid)
{
	struct wk_event ev;
	static const char argv[] = "kill\0-9";

	memset(&ev, 0, sizeof ev);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
	wk_report_init(&ev.report);
	ev.report.time.sec = sec;
	ev.report.call = WK_CALL_KILL;
	ev.report.signo = signo;
	ev.report.arg_pid = PID;
	ev.report.flags = WK_F_TARGET_READ;
	ev.report.target.pid = PID;
	ev.report.target.start_time = start;
	ev.report.target.uid = target_uid;
	ev.report.caller.pid = 300;
	ev.report.caller.uid = 0;
	ev.report.caller.euid = 0;
	ev.report.caller.loginuid = 1003;
	ev.report.caller.argc = 2;
	ev.report.caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	snprintf(ev.report.caller.comm, sizeof ev.report.caller.comm, "kill");
	ev.chain_len = 4;
	ev.chain[0].pid = 200;
	ev.chain[0].uid = ev.chain[0].euid = 1003;
	snprintf(ev.chain[0].comm, sizeof ev.chain[0].comm, "bash");
	ev.chain[1].pid = 250;
	ev.chain[1].uid = 1003;
	ev.chain[1].euid = 0;
	snprintf(ev.chain[1].comm, sizeof ev.chain[1].comm, "su");
	ev.chain[2].pid = 280;
	snprintf(ev.chain[2].comm, sizeof ev.chain[2].comm, "bash");
	ev.chain[3].pid = 300;
	snprintf(ev.chain[3].comm, sizeof ev.chain[3].comm, "kill");
	ck_assert_int_eq(store_add(r->st, &ev), 0);
	ck_assert_int_eq(store_commit(r->st), 0);
}

/*
 * Two kills of PID by its own group's sh[310] (started at tick 77) that
 * never returned, and sh's end by that signal: each event, a frame as
 * long as its command line, is settled as "the sender ended by it".
 */
START_TEST(pending_signals_whose_sender_ended_are_settled)
{
	static const char argv[] = "sh\0-c\0kill -TERM 0";
	static struct wk_event ev;
	struct store_death d;
	struct frames f;
	struct rig r;

	rig_open(&r);
	for (int i = 0; i < 2; i++) {
		memset(&ev, 0, sizeof ev);
		ev.sources = WK_SRC_SHIM;
		snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
		wk_report_init(&ev.report);
		ev.report.time.sec = 1000 + i;
		ev.report.call = WK_CALL_KILL;
		ev.report.signo = SIGTERM;
		ev.report.arg_pid = 0;
		ev.report.flags = WK_F_TARGET_READ | WK_F_TARGET_GROUP |
		    WK_F_RESULT_PENDING;
		ev.report.target.pid = PID;
		ev.report.target.start_time = 50;
		ev.report.caller.pid = 310;
		ev.report.caller.start_time = 77;
		/* Command lines of another length each: frames differ. */
		ev.report.caller.argc = 3 - (uint32_t)i;
		ev.report.caller.argv_len = i == 0 ? sizeof argv :
		    sizeof "sh\0-c";
		memcpy(ev.argv, argv, sizeof argv);
		snprintf(ev.report.caller.comm, sizeof ev.report.caller.comm,
		    "sh");
		ev.chain_len = 1;
		ev.chain[0].pid = 310;
		ck_assert_int_eq(store_add(r.st, &ev), 0);
	}
	memset(&d, 0, sizeof d);
	snprintf(d.boot_id, sizeof d.boot_id, "%s", TEST_BOOT_ID);
	d.pid = 310;
	d.start_time = 77;
	snprintf(d.comm, sizeof d.comm, "sh");
	d.kind = STORE_DEATH_SIGNALED;
	d.exit_known = 1;
	d.status = SIGTERM;
	d.time.sec = 1001;
	ck_assert_int_eq(store_death_put(r.st, &d), 0);
	ck_assert_int_eq(store_commit(r.st), 0);

	ask(&r, 0, 0, 0, &f);
	ck_assert_uint_eq(f.nevents, 2);
	for (unsigned i = 0; i < 2; i++)
		ck_assert_uint_eq(f.events[i].report.flags &
		    (WK_F_RESULT_PENDING | WK_F_SENDER_ENDED),
		    WK_F_RESULT_PENDING | WK_F_SENDER_ENDED);
	rig_close(&r);
}
END_TEST

START_TEST(a_reused_pid_shows_the_newest_process_that_ended)
{
	struct frames f;
	struct rig r;

	rig_open(&r);
	/* The first holder of the pid handled a SIGTERM and exited 3... */
	put_signal(&r, 100, SIGTERM, 1000, 1001);
	put_exit(&r, 100, 3 << 8, 1010);
	/* ...a later one exited 4, and nobody signalled it. */
	put_exit(&r, 200, 4 << 8, 2000);

	ask(&r, 0, 0, 0, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_EXITED);
	ck_assert_int_eq(f.deaths[0].exit_code, 4);
	ck_assert_uint_eq(f.deaths[0].start_time, 200);
	ck_assert_uint_eq(f.deaths[0].flags & WK_D_SUBJECT, WK_D_SUBJECT);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.end.other_processes, 1);
	ck_assert_str_eq(f.end.message, "no recorded signal was sent to it; 1 "
	    "earlier process with this pid received some");

	/* --all: the subject, then the process the event is about. */
	ask(&r, WK_QF_ALL_PROCESSES, 0, 0, &f);
	ck_assert_uint_eq(f.ndeaths, 2);
	ck_assert_uint_eq(f.deaths[0].start_time, 200);
	ck_assert_uint_eq(f.deaths[1].start_time, 100);
	ck_assert_int_eq(f.deaths[1].exit_code, 3);
	ck_assert_uint_eq(f.deaths[1].flags & WK_D_SUBJECT, 0);
	ck_assert_uint_eq(f.nevents, 1);

	/* A signal filter asks about signals: the event's process. */
	ask(&r, 0, SIGTERM, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].start_time, 100);
	ck_assert_int_eq(f.deaths[0].exit_code, 3);
	rig_close(&r);
}
END_TEST

START_TEST(a_later_event_keeps_its_own_process)
{
	struct frames f;
	struct rig r;

	rig_open(&r);
	put_exit(&r, 100, 0, 1000);
	put_signal(&r, 200, SIGKILL, 2000, 1001);
	ask(&r, 0, 0, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].start_time, 200);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_NO_RECORD);
	rig_close(&r);
}
END_TEST

START_TEST(the_signal_that_ended_it_is_named)
{
	struct frames f;
	struct rig r;

	rig_open(&r);
	put_signal(&r, 300, SIGTERM, 990, 1001);
	put_signal(&r, 300, SIGKILL, 1000, 1001);
	put_exit(&r, 300, SIGKILL, 1000);

	ask(&r, 0, 0, 1001, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_SIGNALED);
	ck_assert_int_eq(f.deaths[0].signo, SIGKILL);
	ck_assert_uint_eq(f.deaths[0].flags & (WK_D_SENDER |
	    WK_D_SENDER_HIDDEN), WK_D_SENDER);
	ck_assert_int_eq(f.deaths[0].sender.pid, 300);
	ck_assert_uint_eq(f.deaths[0].sender.loginuid, 1003);
	ck_assert_str_eq(f.deaths[0].sender.comm, "kill");
	ck_assert_str_eq(f.deaths[0].sender.via, "su");
	ck_assert_uint_eq(f.nevents, 2);
	ck_assert_int_eq(f.deaths[0].sender.event, f.events[0].id);
	ck_assert_int_eq(f.events[0].report.signo, SIGKILL);

	/* Not the owner's, not the killer's: nothing at all. */
	ask(&r, 0, 0, 1005, &f);
	ck_assert_uint_eq(f.ndeaths, 0);
	ck_assert_uint_eq(f.nevents, 0);
	rig_close(&r);
}
END_TEST

START_TEST(a_sender_the_asker_may_not_see_is_only_said_to_exist)
{
	struct frames f;
	struct rig r;

	rig_open(&r);
	/* Signalled while it ran as root (setuid): not the owner's event. */
	put_signal(&r, 300, SIGTERM, 1000, 0);
	put_exit(&r, 300, SIGTERM, 1001);
	ask(&r, 0, 0, 1001, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].flags & (WK_D_SENDER |
	    WK_D_SENDER_HIDDEN), WK_D_SENDER_HIDDEN);
	ck_assert_int_eq(f.deaths[0].sender.pid, 0);
	ck_assert_str_eq(f.deaths[0].sender.comm, "");
	ck_assert_uint_eq(f.nevents, 0);
	rig_close(&r);
}
END_TEST

START_TEST(an_exit_only_the_table_knows_is_told)
{
	struct proc_entry e, *in;
	struct frames f;
	struct rig r;

	rig_open(&r);
	rig_watch(&r);
	memset(&e, 0, sizeof e);
	e.pid = PID;
	e.ppid = 1;
	e.start_time = 4242;
	e.uid = 1001;
	e.loginuid = e.sessionid = WK_ID_UNSET;
	snprintf(e.comm, sizeof e.comm, "quick");
	in = proc_table_add(r.dw.table, &e, clock_mono_now_ns());
	proc_table_mark_exited(r.dw.table, in, 3 << 8, clock_mono_now_ns(), 0);

	ask(&r, 0, 0, 1001, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_EXITED);
	ck_assert_int_eq(f.deaths[0].exit_code, 3);
	ck_assert_uint_eq(f.deaths[0].start_time, 4242);
	ck_assert_str_eq(f.deaths[0].comm, "quick");
	ck_assert_int_gt(f.deaths[0].time.sec, 0);
	ck_assert_str_eq(f.end.message, "no recorded signal was sent to it");
	rig_close(&r);
}
END_TEST

START_TEST(no_record_says_when_the_daemon_was_not_running)
{
	struct wk_time before = { 1000, 0 };
	struct frames f;
	struct rig r;
	int64_t run;

	rig_open(&r);
	ck_assert_int_eq(store_run_begin(r.st, TEST_BOOT_ID, &before,
	    STORE_RUN_EXITS, &run), 0);
	ck_assert_int_eq(store_run_update(r.st, run, 1500, 0, 1), 0);
	ck_assert_int_eq(store_commit(r.st), 0);
	rig_watch(&r);

	ask(&r, 0, 0, 1004, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_NO_RECORD);
	ck_assert_uint_eq(f.deaths[0].flags & (WK_D_WATCHING | WK_D_SUBJECT),
	    WK_D_WATCHING | WK_D_SUBJECT);
	ck_assert_int_eq(f.deaths[0].watch.gap_from.sec, 1500);
	ck_assert_int_gt(f.deaths[0].watch.gap_to.sec, 1500);
	ck_assert_int_eq(f.deaths[0].watch.since.sec,
	    f.deaths[0].watch.gap_to.sec);
	ck_assert_str_eq(f.end.message, "no signal to pid 4000002 was "
	    "recorded");
	rig_close(&r);
}
END_TEST

/*
 * A death by a signal no recorded process sent carries what the daemon
 * sees now (to name the blind spots), and whether it was not watching
 * for part of the process's life; one with a sender carries none.
 */
START_TEST(an_unsent_signal_carries_the_blind_spots)
{
	struct frames f;
	struct rig r;
	int64_t now = (int64_t)time(NULL);

	rig_open(&r);
	rig_watch(&r);
	/* Started 3 s after boot, ended now: long before this run began. */
	put_exit(&r, 300, SIGTERM, now + 10);
	ask(&r, 0, 0, 0, &f);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_SIGNALED);
	ck_assert_uint_eq(f.deaths[0].flags & (WK_D_SENDER |
	    WK_D_SENDER_HIDDEN), 0);
	ck_assert_uint_eq(f.deaths[0].sight & WK_SEE_TOLD, WK_SEE_TOLD);
	ck_assert_uint_eq(f.deaths[0].sight & WK_SEE_GAP, WK_SEE_GAP);
	ck_assert_int_ge(f.deaths[0].watch.since.sec, now - 60);
	ck_assert_int_eq(f.deaths[0].watch.gap_from.sec, 0);
	ck_assert_uint_eq(f.deaths[0].sight & ~WK_SEE_ALL, 0);

	/* A self-inflicted one is no one's: nothing to explain. */
	put_exit(&r, 400, SIGSEGV, now + 20);
	ask(&r, 0, 0, 0, &f);
	ck_assert_int_eq(f.deaths[0].signo, SIGSEGV);
	ck_assert_uint_eq(f.deaths[0].sight, 0);

	/* With a recorded sender: nothing either. */
	put_signal(&r, 500, SIGKILL, now + 29, 1001);
	put_exit(&r, 500, SIGKILL, now + 30);
	ask(&r, 0, 0, 0, &f);
	ck_assert_uint_eq(f.deaths[0].flags & WK_D_SENDER, WK_D_SENDER);
	ck_assert_uint_eq(f.deaths[0].sight, 0);
	rig_close(&r);
}
END_TEST

START_TEST(the_program_the_identity_changed_in)
{
	struct wk_chain_entry c[4];

	memset(c, 0, sizeof c);
	c[0].uid = c[0].euid = 1000;
	snprintf(c[0].comm, sizeof c[0].comm, "bash");
	c[1].uid = 1000;
	snprintf(c[1].comm, sizeof c[1].comm, "sudo");
	snprintf(c[2].comm, sizeof c[2].comm, "sh");
	snprintf(c[3].comm, sizeof c[3].comm, "kill");
	ck_assert_str_eq(proc_chain_via(c, 4, 1000), "sudo");
	/* No change: the login's own kill. */
	c[3].euid = 1000;
	c[2].euid = 1000;
	c[1].euid = 1000;
	ck_assert_ptr_null(proc_chain_via(c, 4, 1000));
	/* The chain does not reach the login's processes. */
	ck_assert_ptr_null(proc_chain_via(c, 4, 1001));
	ck_assert_ptr_null(proc_chain_via(c, 4, WK_ID_UNSET));
	ck_assert_ptr_null(proc_chain_via(c, 0, 1000));
}
END_TEST

static Suite *
death_suite(void)
{
	Suite *s = suite_create("query_death");
	TCase *tc = tcase_create("deaths");

	tcase_add_test(tc, a_reused_pid_shows_the_newest_process_that_ended);
	tcase_add_test(tc, pending_signals_whose_sender_ended_are_settled);
	tcase_add_test(tc, a_later_event_keeps_its_own_process);
	tcase_add_test(tc, the_signal_that_ended_it_is_named);
	tcase_add_test(tc, a_sender_the_asker_may_not_see_is_only_said_to_exist);
	tcase_add_test(tc, an_exit_only_the_table_knows_is_told);
	tcase_add_test(tc, no_record_says_when_the_daemon_was_not_running);
	tcase_add_test(tc, an_unsent_signal_carries_the_blind_spots);
	tcase_add_test(tc, the_program_the_identity_changed_in);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	test_make_base_dir("check_query_death");
	sr = srunner_create(death_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
