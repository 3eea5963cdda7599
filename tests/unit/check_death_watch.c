/*
 * Following real child processes to their end through the connector
 * (root needed): which ends are stored, the recorded signal and the OOM
 * kill merged with the exit in either order, chains through an ancestor
 * that exited, and the daemon's runs.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/base/clock_convert.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/procs/procinfo.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"

/* A store, an ingest and a death watch reading the real sources. */
struct rig {
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct death_watch dw;
	char boot_id[WK_BOOT_ID_MAX];
	char path[300];
};

static void
rig_open_at(struct rig *r, const char *path, uint32_t min_ms)
{
	struct death_watch_config cfg;
	char err[256];

	memset(&r->counters, 0, sizeof r->counters);
	ck_assert_int_eq(procinfo_boot_id(NULL, r->boot_id), 0);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "%s", err);
	ingest_init(&r->in, r->st, &r->counters, r->boot_id, 200, 64);
	memset(&cfg, 0, sizeof cfg);
	cfg.sources = 1;
	cfg.min_runtime_ms = min_ms;
	ck_assert_int_eq(death_watch_open(&r->dw, &r->in, &cfg), 0);
	ck_assert_msg(r->dw.events_fd >= 0, "the connector did not open "
	    "(this test needs root)");
}

static void
rig_open(struct rig *r, uint32_t min_ms)
{
	char dir[200];

	test_dir(dir, sizeof dir);
	snprintf(r->path, sizeof r->path, "%s/store.db", dir);
	rig_open_at(r, r->path, min_ms);
}

static void
rig_close(struct rig *r)
{
	death_watch_close(&r->dw);
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	store_close(r->st);
}

/* A child that waits for a byte on a pipe, then exits with code. */
struct child {
	pid_t pid;
	uint64_t start;
	int go;		/* write end */
};

static void
child_start(struct child *c, int code)
{
	struct procinfo_stat st;
	int p[2];
	char b;

	ck_assert_int_eq(pipe(p), 0);
	c->pid = fork();
	ck_assert_int_ge(c->pid, 0);
	if (c->pid == 0) {
		close(p[1]);
		if (read(p[0], &b, 1) < 0)
			_exit(99);
		_exit(code);
	}
	close(p[0]);
	c->go = p[1];
	ck_assert_int_eq(procinfo_read_stat(c->pid, &st), 0);
	c->start = st.start_time;
}

/* Let the child end (or kill it with signo), reap it, read the events. */
static void
child_end(struct rig *r, struct child *c, int signo)
{
	int status;

	if (signo != 0)
		ck_assert_int_eq(kill(c->pid, signo), 0);
	else
		ck_assert_int_eq(write(c->go, "x", 1), 1);
	close(c->go);
	ck_assert_int_eq(waitpid(c->pid, &status, 0), c->pid);
	death_watch_drain(&r->dw);
}

/* A delivered signal to the child, as ingest stores it. */
static void
signal_event(const struct rig *r, const struct child *c,
    int signo, struct wk_event *ev)
{
	memset(ev, 0, sizeof *ev);
	wk_report_init(&ev->report);
	memcpy(ev->boot_id, r->boot_id, sizeof ev->boot_id);
	ev->report.signo = signo;
	ev->report.target.pid = c->pid;
	ev->report.target.start_time = c->start;
}

static int
find(struct rig *r, const struct child *c, struct store_death *d)
{
	int rc = store_death_find(r->st, r->boot_id, c->pid, c->start, d);

	ck_assert_int_ge(rc, 0);
	return rc;
}

START_TEST(exits_are_kept_by_the_policy)
{
	struct child quick, killed;
	struct store_death d;
	const struct proc_entry *e;
	struct rig r;

	rig_open(&r, 60000);
	child_start(&quick, 3);
	child_start(&killed, 0);
	death_watch_drain(&r.dw);
	child_end(&r, &quick, 0);
	child_end(&r, &killed, SIGKILL);

	/* A quick plain exit: in the table only. */
	ck_assert_int_eq(find(&r, &quick, &d), 0);
	e = proc_table_find_exact(r.dw.table, quick.pid, quick.start);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->flags & PROC_F_EXITED, PROC_F_EXITED);
	ck_assert_uint_eq(e->exit_status, 3 << 8);
	/* A death by a signal: stored. */
	ck_assert_int_eq(find(&r, &killed, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_SIGNALED);
	ck_assert_uint_eq(d.status, SIGKILL);
	ck_assert_int_eq(d.ppid, getpid());
	ck_assert_uint_ge(r.counters.exits_seen, 2);
	ck_assert_uint_ge(r.counters.deaths_stored, 1);
	rig_close(&r);
}
END_TEST

START_TEST(every_exit_is_kept_without_a_minimum)
{
	struct child quick;
	struct store_death d;
	struct rig r;

	rig_open(&r, 0);
	child_start(&quick, 3);
	death_watch_drain(&r.dw);
	child_end(&r, &quick, 0);
	ck_assert_int_eq(find(&r, &quick, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_EXITED);
	ck_assert_uint_eq(d.status, 3 << 8);
	ck_assert_int_eq(d.signalled, 0);
	rig_close(&r);
}
END_TEST

START_TEST(a_signalled_process_keeps_its_exit_whichever_comes_first)
{
	struct child before, after;
	struct store_death d;
	struct wk_event ev;
	struct rig r;

	rig_open(&r, 60000);
	/* The signal is recorded while it runs; it handles it, exits 0. */
	child_start(&before, 0);
	death_watch_drain(&r.dw);
	signal_event(&r, &before, SIGTERM, &ev);
	death_watch_note_signal(&r.dw, &ev);
	ck_assert_int_eq(find(&r, &before, &d), 0);
	child_end(&r, &before, 0);
	ck_assert_int_eq(find(&r, &before, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_EXITED);
	ck_assert_int_eq(d.signalled, 1);

	/* The report comes after the exit. */
	child_start(&after, 5);
	death_watch_drain(&r.dw);
	child_end(&r, &after, 0);
	ck_assert_int_eq(find(&r, &after, &d), 0);
	signal_event(&r, &after, SIGTERM, &ev);
	death_watch_note_signal(&r.dw, &ev);
	ck_assert_int_eq(find(&r, &after, &d), 1);
	ck_assert_uint_eq(d.status, 5 << 8);
	ck_assert_int_eq(d.signalled, 1);

	/* A failed signal, or one of another boot, marks nothing. */
	child_start(&after, 0);
	death_watch_drain(&r.dw);
	signal_event(&r, &after, SIGTERM, &ev);
	ev.report.result = -1;
	ev.report.error = EPERM;
	death_watch_note_signal(&r.dw, &ev);
	signal_event(&r, &after, SIGTERM, &ev);
	ev.boot_id[0] ^= 1;
	death_watch_note_signal(&r.dw, &ev);
	child_end(&r, &after, 0);
	ck_assert_int_eq(find(&r, &after, &d), 0);
	rig_close(&r);
}
END_TEST

/* An OOM kill of the child now, as the kernel log reports it. */
static void
oom_now(struct rig *r, const struct child *c)
{
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	k.pid = c->pid;
	k.uid = getuid();
	k.flags = OOM_F_CONTEXT | OOM_F_VICTIM;
	k.anon_rss_kb = 33000;
	k.mono_us = clock_mono_now_ns() / 1000;
	k.seq = 1;
	snprintf(k.comm, sizeof k.comm, "child");
	snprintf(k.constraint, sizeof k.constraint, "CONSTRAINT_MEMCG");
	snprintf(k.oom_memcg, sizeof k.oom_memcg, "/test/oom");
	snprintf(k.task_memcg, sizeof k.task_memcg, "/test/oom");
	death_watch_oom(&k, &r->dw);
}

START_TEST(an_oom_kill_joins_the_exit_whichever_comes_first)
{
	struct child first, later;
	struct store_death d;
	struct rig r;

	rig_open(&r, 60000);
	/* The exit is read before the kernel log's record. */
	child_start(&first, 0);
	death_watch_drain(&r.dw);
	child_end(&r, &first, SIGKILL);
	oom_now(&r, &first);
	ck_assert_int_eq(find(&r, &first, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(d.exit_known, 1);
	ck_assert_uint_eq(d.status, SIGKILL);
	ck_assert_str_eq(d.oom.memcg, "/test/oom");

	/* The record is read while the process still runs. */
	child_start(&later, 0);
	death_watch_drain(&r.dw);
	oom_now(&r, &later);
	ck_assert_int_eq(find(&r, &later, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(d.exit_known, 0);
	child_end(&r, &later, SIGKILL);
	ck_assert_int_eq(find(&r, &later, &d), 1);
	ck_assert_uint_eq(d.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(d.exit_known, 1);
	ck_assert_uint_eq(d.status, SIGKILL);
	ck_assert_uint_eq(r.counters.oom_kills, 2);
	rig_close(&r);
}
END_TEST

START_TEST(a_chain_names_an_ancestor_that_exited)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct procinfo_stat st;
	int forked[2], go[2], hold[2], status;
	pid_t middle, leaf = 0;
	int32_t ppid;
	unsigned n;
	struct rig r;
	char b;

	rig_open(&r, 60000);
	ck_assert_int_eq(pipe(forked), 0);
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(hold), 0);
	middle = fork();
	ck_assert_int_ge(middle, 0);
	if (middle == 0) {
		/* The middle forks the leaf, says its pid, waits, exits. */
		leaf = fork();
		if (leaf == 0) {
			/* The leaf runs until the test closes hold. */
			close(hold[1]);
			if (read(hold[0], &b, 1) < 0)
				_exit(99);
			_exit(0);
		}
		if (write(forked[1], &leaf, sizeof leaf) != sizeof leaf)
			_exit(98);
		if (read(go[0], &b, 1) < 0)
			_exit(97);
		_exit(0);
	}
	close(forked[1]);
	close(hold[0]);
	ck_assert_int_eq(read(forked[0], &leaf, sizeof leaf), sizeof leaf);
	/* The table reads both while they run. */
	death_watch_drain(&r.dw);
	ck_assert_int_eq(write(go[1], "x", 1), 1);
	ck_assert_int_eq(waitpid(middle, &status, 0), middle);
	death_watch_drain(&r.dw);

	/* The leaf now has another parent; the table knows its first one. */
	ck_assert_int_eq(procinfo_read_stat(leaf, &st), 0);
	ck_assert_int_ne(st.ppid, middle);
	ppid = st.ppid;
	n = ingest_chain(&r.in, leaf, st.start_time, &ppid, chain,
	    WK_CHAIN_MAX - 1);
	ck_assert_int_eq(ppid, middle);
	ck_assert_uint_ge(n, 2);
	ck_assert_int_eq(chain[n - 1].pid, middle);
	ck_assert_int_eq(chain[n - 2].pid, getpid());
	close(go[1]);
	close(hold[1]);
	rig_close(&r);
}
END_TEST

START_TEST(the_runs_say_when_nobody_watched)
{
	struct wk_death_watch w;
	struct rig r;
	char path[300];

	rig_open(&r, 60000);
	ck_assert_uint_eq(death_watch_sources(&r.dw) & WK_DS_EXITS,
	    WK_DS_EXITS);
	ck_assert_uint_eq(r.counters.death_sources, death_watch_sources(&r.dw));
	ck_assert_int_eq(death_watch_watching(&r.dw, &w), 0);
	ck_assert_int_ne(w.since.sec, 0);
	ck_assert_int_eq(w.gap_from.sec, 0);
	snprintf(path, sizeof path, "%s", r.path);
	rig_close(&r);

	rig_open_at(&r, path, 60000);
	ck_assert_int_eq(death_watch_watching(&r.dw, &w), 0);
	ck_assert_int_ne(w.gap_from.sec, 0);
	ck_assert_int_ge(w.gap_to.sec, w.gap_from.sec);
	ck_assert_int_eq(w.gap_to.sec, w.since.sec);
	rig_close(&r);
}
END_TEST

static Suite *
watch_suite(void)
{
	Suite *s = suite_create("death_watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, exits_are_kept_by_the_policy);
	tcase_add_test(tc, every_exit_is_kept_without_a_minimum);
	tcase_add_test(tc, a_signalled_process_keeps_its_exit_whichever_comes_first);
	tcase_add_test(tc, an_oom_kill_joins_the_exit_whichever_comes_first);
	tcase_add_test(tc, a_chain_names_an_ancestor_that_exited);
	tcase_add_test(tc, the_runs_say_when_nobody_watched);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	test_make_base_dir("check_death_watch");
	sr = srunner_create(watch_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
