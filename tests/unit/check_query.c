/*
 * Answers to queries: what each asker may see, the frames of an answer,
 * and the query socket's handling of clients.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/daemon_parts.h"
#include "daemon/ingest/ingest.h"
#include "daemon/query/query_answer.h"
#include "daemon/query/query_list.h"
#include "daemon/query/query_server.h"
#include "daemon/query/query_visibility.h"
#include "daemon/base/report_socket.h"
#include "daemon/store/store.h"
#include "daemon/base/unix_socket.h"
#include "daemon_testutil.h"

#define NO_SUCH_PID	4000001

/* An event: target owned by 1001, killed by uid 1002 (euid 0), login 1003. */
static void
sample_event(struct wk_event *ev, int32_t target, uint64_t target_start)
{
	static const char argv[] = "mysql\0-psecret";

	memset(ev, 0, sizeof *ev);
	ev->sources = WK_SRC_SHIM;
	snprintf(ev->boot_id, sizeof ev->boot_id, "%s", TEST_BOOT_ID);
	wk_report_init(&ev->report);
	ev->report.time.sec = 1700000000;
	ev->report.call = WK_CALL_KILL;
	ev->report.signo = SIGKILL;
	ev->report.arg_pid = target;
	ev->report.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	ev->report.target.pid = target;
	ev->report.target.start_time = target_start;
	ev->report.target.uid = 1001;
	ev->report.caller.pid = 300;
	ev->report.caller.uid = 1002;
	ev->report.caller.euid = 0;
	ev->report.caller.gid = 1002;
	ev->report.caller.loginuid = 1003;
	snprintf(ev->report.caller.comm, sizeof ev->report.caller.comm,
	    "mysql");
	ev->report.caller.argc = 2;
	ev->report.caller.argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	ev->chain_len = 2;
	ev->chain[0].pid = 200;
	snprintf(ev->chain[0].comm, sizeof ev->chain[0].comm, "bash");
	snprintf(ev->chain[0].args, sizeof ev->chain[0].args, "bash -c x");
	ev->chain[1].pid = 300;
	ev->chain[1].ppid = 200;
	snprintf(ev->chain[1].comm, sizeof ev->chain[1].comm, "mysql");
	snprintf(ev->chain[1].args, sizeof ev->chain[1].args, "mysql -psecret");
}

START_TEST(who_may_see_an_event)
{
	struct wk_event ev;

	sample_event(&ev, 77, 10);
	ck_assert(query_may_see(&ev, 0));
	ck_assert(query_may_see(&ev, 1001));	/* the target's owner */
	ck_assert(query_may_see(&ev, 1002));	/* the killer's uid */
	ck_assert(query_may_see(&ev, 1003));	/* the killer's login */
	ck_assert(!query_may_see(&ev, 1004));
	ev.report.caller.euid = 1005;
	ck_assert(query_may_see(&ev, 1005));
}
END_TEST

START_TEST(command_lines_are_blanked_for_the_target_owner)
{
	struct wk_event ev;
	uint32_t i;

	sample_event(&ev, 77, 10);
	query_redact(&ev, 1001);
	ck_assert_uint_eq(ev.report.caller.argv_len, 0);
	ck_assert_uint_eq(ev.report.caller.argc, 2);
	for (i = 0; i < WK_ARGV_MAX; i++)
		ck_assert_int_eq(ev.argv[i], 0);
	for (i = 0; i < ev.chain_len; i++)
		ck_assert_str_eq(ev.chain[i].args, "");
	ck_assert_str_eq(ev.chain[1].comm, "mysql");
}
END_TEST

START_TEST(command_lines_are_kept_for_the_killer_and_root)
{
	static const uid_t askers[] = { 0, 1002, 1003 };
	struct wk_event ev;
	size_t i;

	for (i = 0; i < sizeof askers / sizeof askers[0]; i++) {
		sample_event(&ev, 77, 10);
		query_redact(&ev, askers[i]);
		ck_assert_uint_eq(ev.report.caller.argv_len, 15);
		ck_assert_str_eq(ev.chain[1].args, "mysql -psecret");
	}
}
END_TEST

/* An answer split into its frames. */
struct frames {
	struct wk_event events[8];
	unsigned nevents;
	struct wk_authfail_event groups[8];
	unsigned ngroups;
	struct wk_stats stats;
	int have_stats;
	struct wk_end end;
	int have_end;
	struct wk_error error;
	int have_error;
	struct wk_death deaths[8];
	unsigned ndeaths;
	unsigned total;
};

static void
split_frames(const struct query_reply *out, struct frames *f)
{
	const char *why = "";
	size_t off = 0;
	uint16_t type;
	uint32_t size;

	memset(f, 0, sizeof *f);
	while (off < out->len) {
		ck_assert_msg(wk_peek_reply(out->buf + off, out->len - off,
		    &type, &size, &why) == 0, "frame %u: %s", f->total, why);
		ck_assert_uint_le(off + size, out->len);
		ck_assert_msg(!f->have_end && !f->have_error,
		    "a frame after the last");
		switch (type) {
		case WK_R_EVENT:
			ck_assert_uint_lt(f->nevents, 8);
			ck_assert_msg(wk_decode_event(out->buf + off, size,
			    &f->events[f->nevents++], &why) == 0, "%s", why);
			break;
		case WK_R_AUTHFAIL:
			ck_assert_uint_lt(f->ngroups, 8);
			ck_assert_msg(wk_decode_authfail_event(out->buf + off,
			    size, &f->groups[f->ngroups++], &why) == 0, "%s",
			    why);
			break;
		case WK_R_STATS:
			ck_assert_int_eq(wk_decode_stats(out->buf + off, size,
			    &f->stats, &why), 0);
			f->have_stats = 1;
			break;
		case WK_R_DEATH:
			ck_assert_uint_lt(f->ndeaths, 8);
			ck_assert_msg(f->nevents == 0, "a death after an event");
			ck_assert_msg(wk_decode_death(out->buf + off, size,
			    &f->deaths[f->ndeaths++], &why) == 0, "%s", why);
			break;
		case WK_R_END:
			ck_assert_int_eq(wk_decode_end(out->buf + off, size,
			    &f->end, &why), 0);
			f->have_end = 1;
			break;
		case WK_R_ERROR:
			ck_assert_int_eq(wk_decode_error(out->buf + off, size,
			    &f->error, &why), 0);
			f->have_error = 1;
			break;
		}
		off += size;
		f->total++;
	}
	ck_assert(f->have_end || f->have_error);
}

/* A store in a fresh directory and an env answering from it. */
struct rig {
	char dir[200];
	struct store *st;
	struct wkd_counters counters;
	struct query_env env;
	struct daemon_parts parts;
};

static void
rig_open(struct rig *r)
{
	char path[300], err[256];

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "%s", err);
	r->env.store = r->st;
	r->env.counters = &r->counters;
	r->env.boot_id = TEST_BOOT_ID;
	r->parts.report_fd = -1;
	daemon_parts_hook_query(&r->parts, &r->env);
	r->env.started = 1700000000;
}

static void
rig_add(struct rig *r, const struct wk_event *ev)
{
	ck_assert_int_eq(store_add(r->st, ev), 0);
	ck_assert_int_eq(store_commit(r->st), 0);
}

/* Ask q as uid asker; the answer split into f. */
static void
ask(struct rig *r, const struct wk_query *q, uid_t asker, struct frames *f)
{
	struct query_reply out = { 0 };

	ck_assert_int_eq(query_answer(&r->env, q, sizeof *q, asker, &out), 0);
	split_frames(&out, f);
	query_reply_free(&out);
}

START_TEST(answer_by_pid_follows_the_privacy_rules)
{
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	rig_add(&r, &ev);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;

	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.end.count, 1);
	ck_assert_str_eq(f.end.message, "");
	ck_assert_uint_eq(f.events[0].report.caller.argv_len, 15);

	ask(&r, &q, 1001, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.events[0].report.caller.argv_len, 0);
	ck_assert_uint_eq(f.events[0].report.caller.argc, 2);
	ck_assert_str_eq(f.events[0].chain[1].args, "");

	ask(&r, &q, 1004, &f);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.end.count, 0);
	ck_assert_str_eq(f.end.message, "no signal to pid 4000001 was "
	    "recorded");
	ck_assert_uint_eq(r.counters.queries, 3);
	store_close(r.st);
}
END_TEST

/*
 * Events whose command lines are 32 KiB each: the answer stops at 4 MiB of
 * event frames, not at the limit asked for, and its end frame counts the
 * events it holds; every frame carries only its argv's used bytes.
 */
START_TEST(answer_of_long_command_lines_is_bounded_in_bytes)
{
	static struct wk_event ev, got;
	struct query_reply out = { 0 };
	struct wk_query q;
	struct wk_end end;
	const char *why = "";
	size_t off = 0, event_bytes = 0;
	unsigned events = 0, i;
	uint16_t type;
	uint32_t size;
	struct rig r;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	memset(ev.argv, 'a', WK_ARGV_MAX);
	ev.argv[WK_ARGV_MAX - 1] = '\0';
	ev.report.caller.argc = 1;
	ev.report.caller.argv_len = WK_ARGV_MAX;
	for (i = 0; i < 150; i++) {
		ev.report.time.sec = 1700000000 + i;
		ck_assert_int_eq(store_add(r.st, &ev), 0);
	}
	ck_assert_int_eq(store_commit(r.st), 0);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	q.limit = 1000;
	ck_assert_int_eq(query_answer(&r.env, &q, sizeof q, 0, &out), 0);
	memset(&end, 0, sizeof end);
	while (off < out.len) {
		ck_assert_msg(wk_peek_reply(out.buf + off, out.len - off, &type,
		    &size, &why) == 0, "%s", why);
		if (type == WK_R_EVENT) {
			ck_assert_uint_eq(size, WK_EVENT_FIXED + WK_ARGV_MAX);
			ck_assert_msg(wk_decode_event(out.buf + off, size, &got,
			    &why) == 0, "%s", why);
			events++;
			event_bytes += size;
		} else if (type == WK_R_END) {
			ck_assert_int_eq(wk_decode_end(out.buf + off, size, &end,
			    &why), 0);
		}
		off += size;
	}
	ck_assert_uint_lt(events, 150);
	ck_assert_uint_ge(events, 110);
	ck_assert_uint_le(event_bytes, QUERY_REPLY_EVENTS_MAX);
	ck_assert_uint_eq(end.count, events);
	query_reply_free(&out);
	store_close(r.st);
}
END_TEST

/*
 * A list cut by the answer's size, not by its limit, says so: a larger
 * --limit would not show more, an earlier --until does.
 */
START_TEST(list_cut_by_size_advises_until)
{
	static struct wk_event ev;
	struct query_reply out = { 0 };
	struct query_follow follow;
	struct wk_query q;
	struct wk_end end;
	const char *why = "";
	size_t off = 0;
	unsigned events = 0, i;
	uint16_t type;
	uint32_t size;
	struct rig r;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	memset(ev.argv, 'a', WK_ARGV_MAX);
	ev.argv[WK_ARGV_MAX - 1] = '\0';
	ev.report.caller.argc = 1;
	ev.report.caller.argv_len = WK_ARGV_MAX;
	for (i = 0; i < 150; i++) {
		ev.report.time.sec = 1700000000 + i;
		ck_assert_int_eq(store_add(r.st, &ev), 0);
	}
	ck_assert_int_eq(store_commit(r.st), 0);
	wk_query_init(&q, WK_Q_LIST);
	q.since = 1600000000;
	q.limit = 1000;
	memset(&follow, 0, sizeof follow);
	ck_assert_int_eq(query_answer_list(&r.env, &q, 0, &out, &follow), 0);
	memset(&end, 0, sizeof end);
	while (off < out.len) {
		ck_assert_msg(wk_peek_reply(out.buf + off, out.len - off, &type,
		    &size, &why) == 0, "%s", why);
		if (type == WK_R_EVENT)
			events++;
		else if (type == WK_R_END)
			ck_assert_int_eq(wk_decode_end(out.buf + off, size, &end,
			    &why), 0);
		off += size;
	}
	ck_assert_uint_lt(events, 150);
	ck_assert_uint_eq(end.count, events);
	ck_assert_msg(strstr(end.message, "--until") != NULL, "%s", end.message);
	ck_assert_msg(strstr(end.message, "--limit") == NULL, "%s", end.message);
	query_reply_free(&out);
	out.len = 0;
	/* Cut by the limit: then a larger --limit helps. */
	q.limit = 5;
	memset(&follow, 0, sizeof follow);
	ck_assert_int_eq(query_answer_list(&r.env, &q, 0, &out, &follow), 0);
	ck_assert_msg(out.len > 0, "no answer");
	off = 0;
	memset(&end, 0, sizeof end);
	while (off < out.len) {
		ck_assert_int_eq(wk_peek_reply(out.buf + off, out.len - off,
		    &type, &size, &why), 0);
		if (type == WK_R_END)
			ck_assert_int_eq(wk_decode_end(out.buf + off, size, &end,
			    &why), 0);
		off += size;
	}
	ck_assert_uint_eq(end.count, 5);
	ck_assert_msg(strstr(end.message, "--limit") != NULL, "%s", end.message);
	query_reply_free(&out);
	store_close(r.st);
}
END_TEST

/*
 * A filter that matches none of a gone process's signals: the answer is
 * still about that process, and the end frame counts what the filter left
 * out (only what the asker may see), naming the newest.
 */
START_TEST(filter_that_matches_nothing_counts_what_it_left_out)
{
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	ev.report.signo = SIGTERM;
	rig_add(&r, &ev);
	sample_event(&ev, NO_SUCH_PID, 10);
	ev.report.signo = SIGUSR1;
	ev.report.time.sec = 1700000005;
	rig_add(&r, &ev);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	q.signo = SIGKILL;

	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.end.filtered_out, 2);
	ck_assert_int_eq(f.end.excluded.signo, SIGUSR1);
	ck_assert_int_eq(f.end.excluded.time.sec, 1700000005);
	ck_assert_int_gt(f.end.excluded.event, 0);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].start_time, 10);
	ck_assert_ptr_nonnull(strstr(f.end.message, "; 2 other recorded "
	    "signals to it did not match"));

	/* --since after the last one: likewise. */
	q.signo = 0;
	q.since = 1700000006;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.end.filtered_out, 2);

	/* Someone who may see none of them is told of none. */
	ask(&r, &q, 1004, &f);
	ck_assert_uint_eq(f.end.filtered_out, 0);

	/* A filter that matches: nothing is left out. */
	q.since = 0;
	q.signo = SIGTERM;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.end.filtered_out, 0);
	store_close(r.st);
}
END_TEST

START_TEST(answer_is_about_the_process_alive_now)
{
	struct procinfo_stat self;
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;

	rig_open(&r);
	ck_assert_int_eq(procinfo_read_stat(getpid(), &self), 0);
	/* An earlier process that had our pid was killed. */
	sample_event(&ev, getpid(), self.start_time - 1);
	rig_add(&r, &ev);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = getpid();

	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.end.other_processes, 1);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_RUNNING);
	ck_assert_uint_eq(f.deaths[0].flags & WK_D_SUBJECT, WK_D_SUBJECT);
	ck_assert_uint_eq(f.deaths[0].start_time, self.start_time);
	ck_assert_str_eq(f.end.message, "no recorded signal was sent to it; 1 "
	    "earlier process with this pid received some");

	/* Someone else is not told about our process, only that it runs. */
	ask(&r, &q, 1004, &f);
	ck_assert_uint_eq(f.ndeaths, 0);
	ck_assert_ptr_nonnull(strstr(f.end.message, "is running (started "));
	ck_assert_ptr_nonnull(strstr(f.end.message, "no recorded signal"));

	q.flags = WK_QF_ALL_PROCESSES;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);

	/* A signal to this very process is shown. */
	sample_event(&ev, getpid(), self.start_time);
	ev.report.signo = SIGUSR1;
	rig_add(&r, &ev);
	q.flags = 0;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_int_eq(f.events[0].report.signo, SIGUSR1);
	store_close(r.st);
}
END_TEST

START_TEST(answer_about_a_zombie_says_so)
{
	struct procinfo_stat st;
	struct wk_query q;
	struct frames f;
	struct rig r;
	pid_t pid;
	int i;

	rig_open(&r);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(0);
	/* Not reaped: wait until the kernel shows it as a zombie. */
	for (i = 0; i < 500; i++) {
		if (procinfo_read_stat(pid, &st) == 0 && st.state == 'Z')
			break;
		usleep(10000);
	}
	ck_assert_int_eq(st.state, 'Z');
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = pid;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 0);
	ck_assert_uint_eq(f.ndeaths, 1);
	ck_assert_uint_eq(f.deaths[0].kind, WK_DEATH_UNKNOWN);
	ck_assert_uint_eq(f.deaths[0].flags & WK_D_ZOMBIE, WK_D_ZOMBIE);
	ck_assert_str_eq(f.end.message, "no recorded signal was sent to it");
	ask(&r, &q, 1004, &f);
	ck_assert_uint_eq(f.ndeaths, 0);
	ck_assert_ptr_nonnull(strstr(f.end.message, "has exited, not yet "
	    "reaped"));
	store_close(r.st);
}
END_TEST

START_TEST(limit_counts_only_what_the_asker_sees)
{
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;
	int i;

	rig_open(&r);
	for (i = 0; i < 3; i++) {
		sample_event(&ev, NO_SUCH_PID, 10);
		ev.report.time.sec = 1700000000 + i;
		rig_add(&r, &ev);
	}
	/* Newer events by and of other users, invisible to 1001. */
	for (i = 0; i < 5; i++) {
		sample_event(&ev, NO_SUCH_PID, 10);
		ev.report.time.sec = 1700000100 + i;
		ev.report.target.uid = 2000;
		ev.report.caller.uid = ev.report.caller.loginuid = 2000;
		rig_add(&r, &ev);
	}
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	q.limit = 2;
	ask(&r, &q, 1001, &f);
	ck_assert_uint_eq(f.nevents, 2);
	ck_assert_int_eq(f.events[0].report.time.sec, 1700000002);
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 2);
	ck_assert_int_eq(f.events[0].report.time.sec, 1700000104);
	store_close(r.st);
}
END_TEST

START_TEST(bad_query_gets_one_error_frame)
{
	struct query_reply out = { 0 };
	struct wk_query q;
	struct frames f;
	struct rig r;

	rig_open(&r);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = 5;
	q.magic = 0;
	ck_assert_int_eq(query_answer(&r.env, &q, sizeof q, 0, &out), 0);
	split_frames(&out, &f);
	ck_assert(f.have_error);
	ck_assert_uint_eq(f.total, 1);
	ck_assert_int_eq(f.error.code, EINVAL);
	ck_assert_ptr_nonnull(strstr(f.error.message, "magic"));
	query_reply_free(&out);

	ck_assert_int_eq(query_answer(&r.env, &q, 3, 0, &out), 0);
	split_frames(&out, &f);
	ck_assert(f.have_error);
	query_reply_free(&out);
	ck_assert_uint_eq(r.counters.queries, 0);
	store_close(r.st);
}
END_TEST

START_TEST(stats_are_the_counters_then_end)
{
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	rig_add(&r, &ev);
	rig_add(&r, &ev);
	r.counters.received = 9;
	r.counters.rejected_forged = 2;
	r.counters.sender_dropped = 5;
	r.counters.audit_records = 31;
	r.counters.audit_events = 11;
	r.counters.audit_dropped = 3;
	r.counters.audit_duplicates = 4;
	r.counters.audit_backfilled = 6;
	r.counters.kernel_merged = 7;
	wk_query_init(&q, WK_Q_STATS);
	ask(&r, &q, 1000, &f);
	ck_assert(f.have_stats);
	ck_assert(f.have_end);
	ck_assert_uint_eq(f.total, 2);
	ck_assert_uint_eq(f.stats.received, 9);
	ck_assert_uint_eq(f.stats.rejected_forged, 2);
	ck_assert_uint_eq(f.stats.sender_dropped, 5);
	ck_assert_uint_eq(f.stats.queries, 1);
	ck_assert_uint_eq(f.stats.events_total, 2);
	ck_assert_int_eq(f.stats.started, 1700000000);
	ck_assert_uint_eq(f.stats.audit_records, 31);
	ck_assert_uint_eq(f.stats.audit_events, 11);
	ck_assert_uint_eq(f.stats.audit_dropped, 3);
	ck_assert_uint_eq(f.stats.audit_duplicates, 4);
	ck_assert_uint_eq(f.stats.audit_backfilled, 6);
	ck_assert_uint_eq(f.stats.kernel_merged, 7);
	store_close(r.st);
}
END_TEST

START_TEST(event_carries_its_login_session)
{
	struct wk_session_report s;
	struct wk_query q;
	struct wk_event ev;
	struct frames f;
	struct rig r;

	rig_open(&r);
	wk_session_init(&s, WK_MSG_SESSION_OPEN);
	s.time.sec = 1690000000;
	s.pid = 200;
	s.uid = 1003;
	s.loginuid = 1003;
	s.sessionid = 12;
	snprintf(s.user, sizeof s.user, "carol");
	snprintf(s.service, sizeof s.service, "sshd");
	snprintf(s.rhost, sizeof s.rhost, "192.0.2.7");
	ck_assert_int_eq(store_session_open(r.st, TEST_BOOT_ID, &s), 0);
	sample_event(&ev, NO_SUCH_PID, 10);
	ev.report.caller.sessionid = 12;
	rig_add(&r, &ev);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	ask(&r, &q, 1003, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.events[0].session.flags, WK_SI_KNOWN);
	ck_assert_str_eq(f.events[0].session.user, "carol");
	ck_assert_str_eq(f.events[0].session.rhost, "192.0.2.7");
	ck_assert_int_eq(f.events[0].session.opened.sec, 1690000000);
	ck_assert_uint_eq(f.events[0].sources, WK_SRC_SHIM | WK_SRC_PAM);
	store_close(r.st);
}
END_TEST

/*
 * A failure for account user by a program of real uid uid running
 * "psql -psecret" at sec; its chain shows the same secret.
 */
static void
sample_failure(struct wk_authfail_event *ev, const char *user, uint32_t uid,
    int64_t sec)
{
	static const char argv[] = "psql\0-psecret";
	struct wk_caller *c = &ev->report.caller;

	memset(ev, 0, sizeof *ev);
	wk_authfail_init(&ev->report);
	snprintf(ev->boot_id, sizeof ev->boot_id, "%s", TEST_BOOT_ID);
	ev->report.time.sec = sec;
	snprintf(ev->report.user, sizeof ev->report.user, "%s", user);
	snprintf(ev->report.service, sizeof ev->report.service, "su");
	c->pid = 300;
	c->uid = uid;
	snprintf(c->comm, sizeof c->comm, "psql");
	snprintf(c->exe, sizeof c->exe, "/usr/bin/psql");
	c->argc = 2;
	c->argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	ev->chain_len = 1;
	ev->chain[0].pid = 300;
	snprintf(ev->chain[0].comm, sizeof ev->chain[0].comm, "psql");
	snprintf(ev->chain[0].args, sizeof ev->chain[0].args, "psql -psecret");
}

static void
rig_add_failure(struct rig *r, const char *user, uint32_t uid, int64_t sec)
{
	struct wk_authfail_event ev;

	sample_failure(&ev, user, uid, sec);
	ck_assert_int_eq(store_add_authfail(r->st, &ev), 0);
	ck_assert_int_eq(store_commit(r->st), 0);
}

START_TEST(failed_logins_are_grouped_and_filtered)
{
	struct wk_query q;
	struct frames f;
	struct rig r;

	rig_open(&r);
	rig_add_failure(&r, "postgres", 1001, 1700000000);
	rig_add_failure(&r, "postgres", 1001, 1700000060);
	rig_add_failure(&r, "root", 1001, 1700000030);
	wk_query_init(&q, WK_Q_FAILED_LOGINS);
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.ngroups, 2);
	ck_assert_uint_eq(f.end.count, 2);
	ck_assert_str_eq(f.groups[0].report.user, "postgres");
	ck_assert_uint_eq(f.groups[0].count, 2);
	ck_assert_int_eq(f.groups[0].first.sec, 1700000000);
	ck_assert_int_eq(f.groups[0].last.sec, 1700000060);
	ck_assert_uint_eq(f.groups[0].report.caller.argv_len, 14);

	snprintf(q.user, sizeof q.user, "root");
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.ngroups, 1);
	ck_assert_str_eq(f.groups[0].report.user, "root");

	q.since = 1700000040;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.ngroups, 0);
	ck_assert_str_eq(f.end.message, "no failed login for root was "
	    "recorded matching the query");

	wk_query_init(&q, WK_Q_FAILED_LOGINS);
	q.limit = 1;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.ngroups, 1);
	ck_assert_uint_eq(r.counters.queries, 4);
	store_close(r.st);
}
END_TEST

/*
 * 65534 ("nobody") sees failures of its own programs with their command
 * lines, failures for its account by others without theirs, and no
 * other failure.
 */
START_TEST(failed_logins_follow_the_privacy_rules)
{
	struct wk_authfail_event ev;
	struct wk_query q;
	struct frames f;
	struct rig r;

	rig_open(&r);
	rig_add_failure(&r, "postgres", 65534, 1700000000);
	rig_add_failure(&r, "nobody", 1001, 1700000010);
	rig_add_failure(&r, "root", 1001, 1700000020);
	wk_query_init(&q, WK_Q_FAILED_LOGINS);
	ask(&r, &q, 65534, &f);
	ck_assert_uint_eq(f.ngroups, 2);
	ck_assert_str_eq(f.groups[0].report.user, "nobody");
	ck_assert_uint_eq(f.groups[0].report.caller.argv_len, 0);
	ck_assert_uint_eq(f.groups[0].report.caller.argc, 2);
	ck_assert_str_eq(f.groups[0].chain[0].args, "");
	ck_assert_str_eq(f.groups[0].chain[0].comm, "psql");
	ck_assert_str_eq(f.groups[1].report.user, "postgres");
	ck_assert_uint_eq(f.groups[1].report.caller.argv_len, 14);
	ck_assert_str_eq(f.groups[1].chain[0].args, "psql -psecret");

	ask(&r, &q, 4000001, &f);		/* a uid without a name */
	ck_assert_uint_eq(f.ngroups, 0);
	ck_assert_str_eq(f.end.message, "no failed login was recorded");

	sample_failure(&ev, "nobody", 1001, 0);
	ck_assert(query_may_see_authfail(&ev, 0, ""));
	ck_assert(query_may_see_authfail(&ev, 1001, ""));
	ck_assert(query_may_see_authfail(&ev, 77, "nobody"));
	ck_assert(!query_may_see_authfail(&ev, 77, "nobod"));
	ck_assert(!query_may_see_authfail(&ev, 77, ""));
	query_redact_authfail(&ev, 1001);
	ck_assert_uint_eq(ev.report.caller.argv_len, 14);
	query_redact_authfail(&ev, 77);
	ck_assert_uint_eq(ev.report.caller.argv_len, 0);
	store_close(r.st);
}
END_TEST

/* A report still queued on the socket is in the answer to a later query. */
START_TEST(queued_reports_are_stored_before_answering)
{
	struct wk_kill_report rep;
	struct sockaddr_un addr;
	struct ingest in;
	struct wk_query q;
	struct frames f;
	struct rig r;
	unsigned depth;
	int fd, out;

	rig_open(&r);
	ck_assert_int_eq(unix_socket_addr(&addr, r.dir, WK_REPORT_SOCKET), 0);
	fd = report_socket_open(&addr, 1, &depth);
	ck_assert_int_ne(fd, -1);
	ingest_init(&in, r.st, &r.counters, TEST_BOOT_ID, 60000, 64);
	r.parts.ingest = &in;
	r.parts.report_fd = fd;

	out = socket(AF_UNIX, SOCK_DGRAM, 0);
	test_self_report(&rep, NO_SUCH_PID, SIGHUP);
	ck_assert_int_eq(sendto(out, &rep, sizeof rep, 0,
	    (const struct sockaddr *)&addr, sizeof addr), sizeof rep);

	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	ask(&r, &q, 0, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_int_eq(f.events[0].report.signo, SIGHUP);
	ck_assert_uint_eq(r.counters.stored, 1);
	ck_assert_uint_eq(store_pending(r.st), 0);
	store_close(r.st);
}
END_TEST

/* A query server on a fresh socket, answering from r. */
static int
server_open(struct rig *r, struct query_server *qs, struct sockaddr_un *addr)
{
	int lfd;

	ck_assert_int_eq(unix_socket_addr(addr, r->dir, WK_QUERY_SOCKET), 0);
	lfd = query_server_listen(addr);
	ck_assert_int_ne(lfd, -1);
	query_server_init(qs, lfd, &r->env);
	return lfd;
}

static int
client_connect(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(connect(fd, (const struct sockaddr *)addr,
	    sizeof *addr), 0);
	return fd;
}

/* Poll the server once (up to wait_ms) and handle what came, at now_ms. */
static void
server_step(struct query_server *qs, int wait_ms, int64_t now_ms)
{
	struct pollfd pfd[1 + QUERY_SLOTS];
	unsigned n;

	n = query_server_pollfds(qs, pfd);
	ck_assert_int_ge(poll(pfd, n, wait_ms), 0);
	query_server_handle(qs, pfd, n, now_ms);
}

START_TEST(server_answers_a_client_over_the_socket)
{
	struct query_server qs;
	struct sockaddr_un addr;
	struct query_reply got = { 0 };
	struct wk_event ev;
	struct wk_query q;
	struct frames f;
	struct rig r;
	char buf[8192];
	ssize_t n;
	int c;

	rig_open(&r);
	sample_event(&ev, NO_SUCH_PID, 10);
	rig_add(&r, &ev);
	server_open(&r, &qs, &addr);
	c = client_connect(&addr);
	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = NO_SUCH_PID;
	ck_assert_int_eq(write(c, &q, sizeof q), sizeof q);

	server_step(&qs, 1000, wkd_monotonic_ms());	/* accept */
	server_step(&qs, 1000, wkd_monotonic_ms());	/* read, answer */
	while ((n = read(c, buf, sizeof buf)) > 0)
		ck_assert_int_eq(query_reply_append(&got, buf, (size_t)n), 0);
	ck_assert_int_eq(n, 0);
	split_frames(&got, &f);
	ck_assert_uint_eq(f.nevents, 1);
	ck_assert_uint_eq(f.end.count, 1);
	query_reply_free(&got);
	close(c);
	query_server_close(&qs);
	store_close(r.st);
}
END_TEST

START_TEST(silent_client_is_dropped_at_its_deadline)
{
	struct query_server qs;
	struct sockaddr_un addr;
	struct rig r;
	int64_t now;
	char byte;
	int c, t;

	rig_open(&r);
	server_open(&r, &qs, &addr);
	c = client_connect(&addr);
	ck_assert_int_eq(write(c, "ab", 2), 2);	/* part of a query */
	now = wkd_monotonic_ms();
	server_step(&qs, 1000, now);		/* accept */
	server_step(&qs, 100, now);		/* the two bytes */
	t = query_server_timeout_ms(&qs, now);
	ck_assert_int_gt(t, 0);
	ck_assert_int_le(t, QUERY_READ_MS);
	server_step(&qs, 0, now + QUERY_READ_MS - 1);
	ck_assert_int_eq(query_server_timeout_ms(&qs, now) >= 0, 1);
	server_step(&qs, 0, now + QUERY_READ_MS);
	ck_assert_int_eq(query_server_timeout_ms(&qs, now), -1);
	ck_assert_int_eq(read(c, &byte, 1), 0);	/* closed, no answer */
	close(c);
	query_server_close(&qs);
	store_close(r.st);
}
END_TEST

START_TEST(clients_beyond_the_limit_are_turned_away)
{
	struct query_server qs;
	struct sockaddr_un addr;
	struct wk_error raw, e;
	const char *why;
	struct rig r;
	int c[QUERY_MAX_CLIENTS + 1], i;

	rig_open(&r);
	server_open(&r, &qs, &addr);
	for (i = 0; i <= QUERY_MAX_CLIENTS; i++)
		c[i] = client_connect(&addr);
	server_step(&qs, 1000, wkd_monotonic_ms());
	ck_assert_int_eq(read(c[QUERY_MAX_CLIENTS], &raw, sizeof raw),
	    sizeof raw);
	ck_assert_int_eq(wk_decode_error(&raw, sizeof raw, &e, &why), 0);
	ck_assert_int_eq(e.code, EBUSY);
	for (i = 0; i <= QUERY_MAX_CLIENTS; i++)
		close(c[i]);
	query_server_close(&qs);
	store_close(r.st);
}
END_TEST

static Suite *
query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("privacy");

	tcase_add_test(tc, who_may_see_an_event);
	tcase_add_test(tc, command_lines_are_blanked_for_the_target_owner);
	tcase_add_test(tc, command_lines_are_kept_for_the_killer_and_root);
	suite_add_tcase(s, tc);

	tc = tcase_create("answer");
	tcase_add_test(tc, answer_by_pid_follows_the_privacy_rules);
	tcase_add_test(tc, answer_of_long_command_lines_is_bounded_in_bytes);
	tcase_add_test(tc, list_cut_by_size_advises_until);
	tcase_add_test(tc, filter_that_matches_nothing_counts_what_it_left_out);
	tcase_add_test(tc, answer_is_about_the_process_alive_now);
	tcase_add_test(tc, answer_about_a_zombie_says_so);
	tcase_add_test(tc, limit_counts_only_what_the_asker_sees);
	tcase_add_test(tc, bad_query_gets_one_error_frame);
	tcase_add_test(tc, stats_are_the_counters_then_end);
	tcase_add_test(tc, queued_reports_are_stored_before_answering);
	tcase_add_test(tc, event_carries_its_login_session);
	tcase_add_test(tc, failed_logins_are_grouped_and_filtered);
	tcase_add_test(tc, failed_logins_follow_the_privacy_rules);
	suite_add_tcase(s, tc);

	tc = tcase_create("server");
	tcase_add_test(tc, server_answers_a_client_over_the_socket);
	tcase_add_test(tc, silent_client_is_dropped_at_its_deadline);
	tcase_add_test(tc, clients_beyond_the_limit_are_turned_away);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(query_suite());
	int failed;

	test_make_base_dir("check_query");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
