/*
 * The process table: lookups, bounds, retention, and the real kernel's
 * events keeping it true, so a chain can name an ancestor that exited.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/cgroup_unit.h"
#include "daemon/base/clock_convert.h"
#include "daemon/base/file_read.h"
#include "daemon/procs/procinfo.h"
#include "daemon/procs/proc_events.h"
#include "daemon/procs/proc_table.h"
#include "daemon/procs/proc_table_chain.h"
#include "daemon/procs/proc_table_feed.h"

/* Beyond PID_MAX_LIMIT: no real process can have these pids. */
#define FAKE	5000000
#define SEC	1000000000ull

static struct proc_entry
entry(int32_t pid, int32_t ppid, uint64_t start, const char *comm)
{
	struct proc_entry e;

	memset(&e, 0, sizeof e);
	e.pid = pid;
	e.ppid = ppid;
	e.start_time = start;
	e.loginuid = e.sessionid = WK_ID_UNSET;
	snprintf(e.comm, sizeof e.comm, "%s", comm);
	snprintf(e.args, sizeof e.args, "%s --run", comm);
	return e;
}

static struct proc_table *
table(uint32_t cap, uint64_t retention_ns)
{
	struct proc_table_limits lim = { cap, retention_ns };
	struct proc_table *t = proc_table_new(&lim);

	ck_assert_ptr_nonnull(t);
	return t;
}

/* ------------------------------------------------------------- lookups */

START_TEST(started_at_lists_running_then_exited)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry a = entry(FAKE, 1, 10, "a");
	struct proc_entry b = entry(FAKE + 1, 1, 10, "b");
	struct proc_entry c = entry(FAKE + 2, 1, 11, "c");
	const struct proc_entry *out[4];

	proc_table_mark_exited(t, proc_table_add(t, &a, 0), 0, 5 * SEC, 0);
	proc_table_add(t, &b, 0);
	proc_table_add(t, &c, 0);
	ck_assert_uint_eq(proc_table_started_at(t, 10, out, 4), 2);
	ck_assert_int_eq(out[0]->pid, FAKE + 1);
	ck_assert_int_eq(out[1]->pid, FAKE);
	ck_assert_uint_eq(proc_table_started_at(t, 10, out, 1), 1);
	ck_assert_uint_eq(proc_table_started_at(t, 12, out, 4), 0);
	/* An unknown start time is no start time. */
	c = entry(FAKE + 3, 1, 0, "d");
	proc_table_add(t, &c, 0);
	ck_assert_uint_eq(proc_table_started_at(t, 0, out, 4), 0);
	proc_table_free(t);
}
END_TEST

START_TEST(find_prefers_the_running_process)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 10, "old");
	const struct proc_entry *f;

	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0x100, 5 * SEC, 0);
	e = entry(FAKE, 1, 20, "new");
	proc_table_add(t, &e, 6 * SEC);

	f = proc_table_find(t, FAKE);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->comm, "new");
	f = proc_table_find_exact(t, FAKE, 10);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->comm, "old");
	ck_assert_uint_eq(f->exit_status, 0x100);
	ck_assert_ptr_null(proc_table_find_exact(t, FAKE, 15));
	ck_assert_ptr_null(proc_table_find(t, FAKE + 1));

	/* Both exited: the one that exited last. */
	proc_table_mark_exited(t, proc_table_live(t, FAKE), 9, 7 * SEC, 0);
	ck_assert_str_eq(proc_table_find(t, FAKE)->comm, "new");
	ck_assert_ptr_null(proc_table_live(t, FAKE));
	proc_table_free(t);
}
END_TEST

START_TEST(find_before_names_the_process_a_child_had_as_parent)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 10, "first");

	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 20 * SEC, 0);
	e = entry(FAKE, 1, 50, "reused");
	proc_table_add(t, &e, 0);

	ck_assert_str_eq(proc_table_find_before(t, FAKE, 30)->comm, "first");
	ck_assert_str_eq(proc_table_find_before(t, FAKE, 10)->comm, "first");
	ck_assert_str_eq(proc_table_find_before(t, FAKE, 60)->comm, "reused");
	ck_assert_ptr_null(proc_table_find_before(t, FAKE, 5));
	ck_assert_str_eq(proc_table_find_before(t, FAKE, 0)->comm, "reused");
	proc_table_free(t);
}
END_TEST

START_TEST(a_second_running_entry_retires_the_first)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 10, "missed");
	struct proc_table_counts c;
	const struct proc_entry *old;

	proc_table_add(t, &e, 0);
	e = entry(FAKE, 1, 20, "later");
	proc_table_add(t, &e, 3 * SEC);

	old = proc_table_find_exact(t, FAKE, 10);
	ck_assert_ptr_nonnull(old);
	ck_assert_uint_eq(old->flags & (PROC_F_EXITED | PROC_F_EXIT_UNKNOWN),
	    PROC_F_EXITED | PROC_F_EXIT_UNKNOWN);
	ck_assert_uint_eq(old->exit_time_ns, 3 * SEC);
	ck_assert_str_eq(proc_table_live(t, FAKE)->comm, "later");
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.live, 1);
	ck_assert_uint_eq(c.exited, 1);
	ck_assert_uint_eq(c.gone_unseen, 1);
	proc_table_free(t);
}
END_TEST

/* -------------------------------------------------------------- bounds */

START_TEST(eviction_takes_the_oldest_exited_first)
{
	struct proc_table *t = table(8, 0);
	struct proc_table_counts c;
	struct proc_entry e;
	int i;

	for (i = 1; i <= 8; i++) {
		e = entry(FAKE + i, 1, (uint64_t)i, "p");
		proc_table_add(t, &e, 0);
	}
	proc_table_mark_exited(t, proc_table_live(t, FAKE + 2), 0, 1 * SEC, 0);
	proc_table_mark_exited(t, proc_table_live(t, FAKE + 5), 0, 2 * SEC, 0);
	proc_table_mark_exited(t, proc_table_live(t, FAKE + 3), 0, 3 * SEC, 0);
	for (i = 9; i <= 10; i++) {
		e = entry(FAKE + i, 1, (uint64_t)i, "p");
		proc_table_add(t, &e, 0);
	}

	ck_assert_uint_eq(proc_table_size(t), 8);
	ck_assert_ptr_null(proc_table_find(t, FAKE + 2));
	ck_assert_ptr_null(proc_table_find(t, FAKE + 5));
	ck_assert_ptr_nonnull(proc_table_find(t, FAKE + 3));
	for (i = 1; i <= 10; i++)
		if (i != 2 && i != 3 && i != 5)
			ck_assert_ptr_nonnull(proc_table_live(t, FAKE + i));
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.evicted_exited, 2);
	ck_assert_uint_eq(c.evicted_live, 0);
	proc_table_free(t);
}
END_TEST

START_TEST(running_entries_are_evicted_only_when_nothing_exited)
{
	struct proc_table *t = table(4, 0);
	struct proc_table_counts c;
	struct proc_entry e;
	int i;

	for (i = 1; i <= 6; i++) {
		e = entry(FAKE + i, 1, (uint64_t)i, "p");
		proc_table_add(t, &e, 0);
	}
	ck_assert_uint_eq(proc_table_size(t), 4);
	ck_assert_ptr_null(proc_table_find(t, FAKE + 1));
	ck_assert_ptr_null(proc_table_find(t, FAKE + 2));
	ck_assert_ptr_nonnull(proc_table_find(t, FAKE + 3));
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.evicted_live, 2);
	proc_table_free(t);
}
END_TEST

START_TEST(churn_never_grows_the_table_past_its_cap)
{
	struct proc_table *t = table(64, 0);
	struct proc_table_counts c;
	struct proc_entry e;
	int i;

	for (i = 0; i < 10000; i++) {
		e = entry(FAKE + i % 3000, 1, (uint64_t)i + 1, "churn");
		proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0,
		    (uint64_t)i, 0);
		ck_assert_uint_le(proc_table_size(t), 64);
	}
	ck_assert_uint_eq(proc_table_size(t), 64);
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.evicted_exited, 10000 - 64);
	ck_assert_uint_eq(c.exited, 64);
	/* The newest 64 remain, each findable by pid and start time. */
	for (i = 10000 - 64; i < 10000; i++)
		ck_assert_ptr_nonnull(proc_table_find_exact(t, FAKE + i % 3000,
		    (uint64_t)i + 1));
	ck_assert_ptr_null(proc_table_find_exact(t, FAKE + (10000 - 65) % 3000,
	    10000 - 64));
	proc_table_free(t);
}
END_TEST

START_TEST(exits_expire_after_the_retention)
{
	struct proc_table *t = table(16, 10 * SEC);
	struct proc_table_counts c;
	struct proc_entry e = entry(FAKE, 1, 1, "a");

	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 1 * SEC, 0);
	e = entry(FAKE + 1, 1, 2, "b");
	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 4 * SEC, 0);
	e = entry(FAKE + 2, 1, 3, "running");
	proc_table_add(t, &e, 0);

	ck_assert_uint_eq(proc_table_expire(t, 5 * SEC), 0);
	ck_assert_uint_eq(proc_table_expire(t, 11 * SEC), 1);
	ck_assert_ptr_null(proc_table_find(t, FAKE));
	ck_assert_ptr_nonnull(proc_table_find(t, FAKE + 1));
	ck_assert_uint_eq(proc_table_expire(t, 1000 * SEC), 1);
	ck_assert_ptr_nonnull(proc_table_live(t, FAKE + 2));
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.expired, 2);
	proc_table_free(t);
}
END_TEST

START_TEST(a_sweep_retires_what_it_did_not_touch)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 1, "kept");

	proc_table_add(t, &e, 0);
	e = entry(FAKE + 1, 1, 2, "gone");
	proc_table_add(t, &e, 0);
	proc_table_sweep_begin(t);
	proc_table_touch(t, proc_table_live(t, FAKE));
	ck_assert_uint_eq(proc_table_sweep_end(t, 9 * SEC), 1);
	ck_assert_ptr_nonnull(proc_table_live(t, FAKE));
	ck_assert_ptr_null(proc_table_live(t, FAKE + 1));
	ck_assert(proc_table_find(t, FAKE + 1)->flags & PROC_F_EXIT_UNKNOWN);
	proc_table_free(t);
}
END_TEST

/* ------------------------------------------------------- synthetic feed */

START_TEST(events_update_a_running_entry)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 7, "daemon");
	struct proc_ev ev;
	const struct proc_entry *f;

	proc_table_add(t, &e, 0);
	memset(&ev, 0, sizeof ev);
	ev.pid = ev.tgid = FAKE;
	ev.type = PROC_EV_UID;
	ev.ruid = 1000;
	ev.euid = 0;
	proc_table_apply(t, &ev);
	ev.type = PROC_EV_COMM;
	snprintf(ev.comm, sizeof ev.comm, "renamed");
	proc_table_apply(t, &ev);

	/* A thread's exit is not the process's. */
	ev.type = PROC_EV_EXIT;
	ev.pid = FAKE + 1;
	ev.thread = 1;
	ev.exit_code = 0;
	proc_table_apply(t, &ev);
	ck_assert_ptr_nonnull(proc_table_live(t, FAKE));

	ev.pid = FAKE;
	ev.thread = 0;
	ev.exit_code = SIGKILL;
	ev.time_ns = 42;
	proc_table_apply(t, &ev);

	f = proc_table_find(t, FAKE);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->uid, 1000);
	ck_assert_uint_eq(f->euid, 0);
	ck_assert_str_eq(f->comm, "renamed");
	ck_assert(f->flags & PROC_F_EXITED);
	ck_assert_uint_eq(f->exit_status, SIGKILL);
	ck_assert_uint_eq(f->exit_time_ns, 42);
	proc_table_free(t);
}
END_TEST

/* setsid() (by any thread) makes a process lead a group of its own pid. */
START_TEST(setsid_makes_a_process_lead_its_group)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 7, "daemon");
	struct proc_ev ev;

	e.pgid = FAKE - 5;
	proc_table_add(t, &e, 0);
	memset(&ev, 0, sizeof ev);
	ev.type = PROC_EV_SID;
	ev.pid = FAKE + 2;
	ev.tgid = FAKE;
	ev.thread = 1;
	proc_table_apply(t, &ev);
	ck_assert_int_eq(proc_table_live(t, FAKE)->pgid, FAKE);
	proc_table_free(t);
}
END_TEST

/* setsid() leaves the controlling terminal behind: a new session has none. */
START_TEST(setsid_leaves_the_terminal_behind)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 7, "sh");
	struct proc_ev ev;

	e.sid = FAKE - 5;
	e.tty_nr = 34816;
	proc_table_add(t, &e, 0);
	memset(&ev, 0, sizeof ev);
	ev.type = PROC_EV_SID;
	ev.pid = ev.tgid = FAKE;
	proc_table_apply(t, &ev);
	ck_assert_int_eq(proc_table_live(t, FAKE)->sid, FAKE);
	ck_assert_int_eq(proc_table_live(t, FAKE)->tty_nr, 0);
	proc_table_free(t);
}
END_TEST

/*
 * The process that had a pid at a moment: not an earlier one that had
 * ended by then, not a later one that had not started; by the fork
 * event's time when the start time is unknown.
 */
START_TEST(at_names_the_process_that_had_the_pid_then)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e = entry(FAKE, 1, 100, "first");

	/* first: ticks 100..200 (forked at 1 s, ended at 2 s). */
	e.forked_ns = 1 * SEC;
	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 2 * SEC, 0);
	/* second: forked at 3 s, start time unknown, ended at 4 s. */
	e = entry(FAKE, 1, 0, "second");
	e.flags = PROC_F_START_UNKNOWN;
	e.forked_ns = 3 * SEC;
	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 4 * SEC, 0);
	/* third: running since tick 500 (5 s), its fork not seen. */
	e = entry(FAKE, 1, 500, "third");
	proc_table_add(t, &e, 0);

	ck_assert_str_eq(proc_table_at(t, FAKE, SEC + SEC / 2, 150)->comm, "first");
	ck_assert_str_eq(proc_table_at(t, FAKE, 3 * SEC + SEC / 2, 350)->comm, "second");
	ck_assert_str_eq(proc_table_at(t, FAKE, 6 * SEC, 600)->comm, "third");
	/* Between two processes, or before the first: none. */
	ck_assert_ptr_null(proc_table_at(t, FAKE, 2 * SEC + SEC / 2, 250));
	ck_assert_ptr_null(proc_table_at(t, FAKE, SEC / 2, 50));
	ck_assert_ptr_null(proc_table_at(t, FAKE + 1, 6 * SEC, 600));
	/* A moment that makes no sense (before this boot) names none. */
	ck_assert_ptr_null(proc_table_at(t, FAKE, 0, 0));
	proc_table_free(t);
}
END_TEST

/* Counts the entries a walk sees; stops at *arg's first element. */
static int
count_entry(const struct proc_entry *e, void *arg)
{
	int *n = arg;

	(void)e;
	return ++n[0] == n[1];
}

START_TEST(each_walks_running_and_exited_entries)
{
	struct proc_table *t = table(16, 0);
	struct proc_entry e;
	int n[2] = { 0, 0 };
	int32_t i;

	for (i = 0; i < 5; i++) {
		e = entry(FAKE + i, 1, 7, "p");
		proc_table_add(t, &e, 0);
	}
	proc_table_mark_exited(t, proc_table_live(t, FAKE + 1), 0, 10, 0);
	proc_table_mark_exited(t, proc_table_live(t, FAKE + 3), 0, 11, 0);
	proc_table_each(t, count_entry, n);
	ck_assert_int_eq(n[0], 5);
	n[0] = 0;
	n[1] = 2;
	proc_table_each(t, count_entry, n);
	ck_assert_int_eq(n[0], 2);
	proc_table_free(t);
}
END_TEST

START_TEST(an_exit_of_an_unknown_process_is_still_kept)
{
	struct proc_table *t = table(16, 0);
	struct proc_ev ev;
	const struct proc_entry *f;

	memset(&ev, 0, sizeof ev);
	ev.type = PROC_EV_EXIT;
	ev.pid = ev.tgid = FAKE;
	ev.parent_tgid = FAKE - 1;
	ev.exit_code = 0x200;
	proc_table_apply(t, &ev);

	f = proc_table_find(t, FAKE);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->ppid, FAKE - 1);
	ck_assert_uint_eq(f->exit_status, 0x200);
	ck_assert(f->flags & PROC_F_START_UNKNOWN);
	proc_table_free(t);
}
END_TEST

START_TEST(a_chain_is_named_from_exited_entries)
{
	struct proc_table *t = table(16, 0);
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct proc_entry e;
	unsigned n;

	e = entry(FAKE, 1, 100, "sshd");
	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 1, 0);
	e = entry(FAKE + 1, FAKE, 110, "bash");
	proc_table_mark_exited(t, proc_table_add(t, &e, 0), 0, 2, 0);
	/* The pid of the bash was reused by a younger process since. */
	e = entry(FAKE + 1, 1, 500, "impostor");
	proc_table_add(t, &e, 0);

	n = proc_table_chain(t, FAKE + 1, 120, chain, WK_CHAIN_MAX);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(chain[0].comm, "sshd");
	ck_assert_str_eq(chain[1].comm, "bash");
	ck_assert_str_eq(chain[1].args, "bash --run");
	ck_assert_int_eq(chain[1].ppid, FAKE);
	proc_table_free(t);
}
END_TEST

/* ------------------------------------------------------ real processes */

START_TEST(seeding_reads_every_running_process)
{
	struct proc_table *t = table(0, 0);
	struct wk_chain_entry self;
	const struct proc_entry *f;

	ck_assert_int_gt(proc_table_seed(t), 1);
	ck_assert_int_eq(procinfo_read(getpid(), &self, NULL), 0);
	ck_assert_str_ne(self.args, "");
	f = proc_table_find_exact(t, getpid(), self.start_time);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->ppid, getppid());
	ck_assert_str_eq(f->comm, self.comm);
	ck_assert_str_eq(f->args, self.args);
	ck_assert_uint_eq(f->uid, getuid());
	ck_assert_uint_eq(f->loginuid, self.loginuid);
	ck_assert_int_eq(f->pgid, getpgrp());
	ck_assert(f->flags & PROC_F_SEEDED);
	ck_assert_ptr_nonnull(proc_table_live(t, 1));
	proc_table_free(t);
}
END_TEST

/* This process's entry with made-up args, last checked `age_ns` ago. */
static struct proc_entry *
add_self(struct proc_table *t, uint64_t now, uint64_t age_ns, uint32_t flags)
{
	struct wk_chain_entry self;
	struct proc_entry e, *added;

	ck_assert_int_eq(procinfo_read(getpid(), &self, NULL), 0);
	e = entry(getpid(), getppid(), self.start_time, self.comm);
	snprintf(e.args, sizeof e.args, "as the table says");
	e.flags = flags;
	e.checked_ns = now - age_ns;
	added = proc_table_add(t, &e, now);
	ck_assert_ptr_nonnull(added);
	return added;
}

START_TEST(a_freshly_checked_entry_stands_in_for_proc)
{
	struct proc_table *t = table(0, 0);
	uint64_t now = clock_mono_now_ns();
	struct proc_entry *e;

	add_self(t, now, PROC_TABLE_FRESH_NS / 2, PROC_F_EXECED);
	e = proc_table_current(t, getpid(), now);
	ck_assert_ptr_nonnull(e);
	/* Not read again: the table's own args are what comes back. */
	ck_assert_str_eq(e->args, "as the table says");
	proc_table_free(t);
}
END_TEST

START_TEST(an_entry_checked_too_long_ago_is_read_again)
{
	struct proc_table *t = table(0, 0);
	uint64_t now = clock_mono_now_ns();
	struct wk_chain_entry self;
	struct proc_entry *e;

	ck_assert_int_eq(procinfo_read(getpid(), &self, NULL), 0);
	add_self(t, now, PROC_TABLE_FRESH_NS + SEC, PROC_F_EXECED);
	e = proc_table_current(t, getpid(), now);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->args, self.args);
	ck_assert_uint_eq(e->loginuid, self.loginuid);
	ck_assert_uint_eq(e->checked_ns, now);
	proc_table_free(t);
}
END_TEST

START_TEST(an_unsure_entry_never_stands_in_for_proc)
{
	struct proc_table *t = table(0, 0);
	uint64_t now = clock_mono_now_ns();
	struct proc_entry *e;

	/* An exec that was not read in time: its program is unknown. */
	add_self(t, now, 0, PROC_F_STALE);
	ck_assert_ptr_null(proc_table_current(t, getpid(), now));
	proc_table_free(t);

	/* Another process under this pid, once it has to be read again. */
	t = table(0, 0);
	e = add_self(t, now, PROC_TABLE_FRESH_NS + SEC, 0);
	e->start_time += 7;
	ck_assert_ptr_null(proc_table_current(t, getpid(), now));
	ck_assert_ptr_null(proc_table_current(t, FAKE, now));
	proc_table_free(t);
}
END_TEST

START_TEST(lost_events_bring_a_rescan)
{
	struct proc_table *t = table(0, 0);
	struct proc_entry e = entry(FAKE, 1, 1, "vanished");
	struct proc_table_counts c;
	struct proc_ev lost = { .type = PROC_EV_LOST };
	uint64_t now;

	ck_assert_int_gt(proc_table_seed(t), 1);
	proc_table_add(t, &e, 0);
	now = clock_mono_now_ns() + 2 * SEC;
	ck_assert(!proc_table_resync_due(t, now));
	proc_table_apply(t, &lost);
	ck_assert(proc_table_resync_due(t, now));
	proc_table_maintain(t, now);
	ck_assert(!proc_table_resync_due(t, now));

	ck_assert_ptr_null(proc_table_live(t, FAKE));
	ck_assert(proc_table_find(t, FAKE)->flags & PROC_F_EXIT_UNKNOWN);
	ck_assert_ptr_nonnull(proc_table_live(t, getpid()));
	proc_table_get_counts(t, &c);
	ck_assert_uint_eq(c.lost_events, 1);
	ck_assert_uint_eq(c.resyncs, 2);
	proc_table_free(t);
}
END_TEST

/* Feed events to t until done(t, arg) holds (at most about 5 s). */
static void
pump(int fd, struct proc_table *t,
    int (*done)(const struct proc_table *, const void *), const void *arg)
{
	struct proc_events_counts c = { 0 };
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int round;

	for (round = 0; round < 50 && !done(t, arg); round++) {
		ck_assert_int_ge(poll(&pfd, 1, 100), 0);
		ck_assert_int_ge(proc_events_read(fd, &c, proc_table_apply_cb,
		    t), 0);
	}
	ck_assert_msg(done(t, arg), "the table never got there");
}

/* The running process pid has been read after an exec. */
static int
execed(const struct proc_table *t, const void *arg)
{
	const struct proc_entry *f = proc_table_find(t, *(const pid_t *)arg);

	return f != NULL && (f->flags & PROC_F_EXECED) != 0;
}

static int
exited(const struct proc_table *t, const void *arg)
{
	const struct proc_entry *f = proc_table_find(t, *(const pid_t *)arg);

	return f != NULL && (f->flags & PROC_F_EXITED) != 0;
}

/*
 * Start "/bin/sh -c script" with a pipe on its stdin (returned in *in)
 * and one on its stdout (returned in *out).
 */
static pid_t
start_sh(const char *script, int *in, int *out)
{
	int pin[2], pout[2];
	pid_t pid;

	ck_assert_int_eq(pipe(pin), 0);
	ck_assert_int_eq(pipe(pout), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		close(pin[1]);
		close(pout[0]);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	*in = pin[1];
	*out = pout[0];
	return pid;
}

/* This process's cgroup, as /proc says. */
static struct wk_cgroup
own_cgroup(void)
{
	struct wk_cgroup c;
	char buf[4096];
	ssize_t n;

	memset(&c, 0, sizeof c);
	n = file_read_at(AT_FDCWD, "/proc/self/cgroup", buf, sizeof buf);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(wk_cgroup_parse(buf, (size_t)n, c.path,
	    sizeof c.path, c.unit, sizeof c.unit), 0);
	return c;
}

START_TEST(a_child_is_followed_from_fork_to_exit)
{
	struct proc_table *t = table(0, 0);
	struct wk_cgroup own, cg;
	const struct proc_entry *f;
	struct procinfo_stat st;
	int fd, in, out, status;
	pid_t pid;

	fd = proc_events_open();
	ck_assert_msg(fd >= 0, "proc_events_open: %s", strerror(errno));
	ck_assert_int_gt(proc_table_seed(t), 1);
	pid = start_sh("read x; exit 5", &in, &out);
	pump(fd, t, execed, &pid);
	ck_assert_int_eq(procinfo_read_stat(pid, &st), 0);
	close(in);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	pump(fd, t, exited, &pid);

	f = proc_table_find_exact(t, pid, st.start_time);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->ppid, getpid());
	ck_assert_str_eq(f->comm, "sh");
	ck_assert_str_eq(f->args, "sh -c read x; exit 5");
	ck_assert_uint_eq(f->exit_status, (uint32_t)status);
	ck_assert_uint_eq(f->exit_status, 0x500);
	ck_assert_uint_eq(f->flags & (PROC_F_STALE | PROC_F_SEEDED), 0);
	/* Its cgroup, read at its exec: ours, as is the seeded entry's. */
	own = own_cgroup();
	ck_assert_int_eq(proc_table_get_cgroup(t, f, &cg), 0);
	ck_assert_str_eq(cg.path, own.path);
	ck_assert_str_eq(cg.unit, own.unit);
	f = proc_table_live(t, getpid());
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(proc_table_get_cgroup(t, f, &cg), 0);
	ck_assert_str_eq(cg.path, own.path);
	close(out);
	proc_events_close(fd);
	proc_table_free(t);
}
END_TEST

START_TEST(a_fork_seen_after_seeding_keeps_the_seeded_entry)
{
	struct proc_table *t = table(0, 0);
	struct proc_table_counts before, after;
	const struct proc_entry *f;
	struct procinfo_stat st;
	int fd, in, out, status;
	pid_t pid;

	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	pid = start_sh("read x", &in, &out);
	/* The fork event waits in the socket while the scan finds the child. */
	ck_assert_int_gt(proc_table_seed(t), 1);
	ck_assert_int_eq(procinfo_read_stat(pid, &st), 0);
	ck_assert_ptr_nonnull(proc_table_find_exact(t, pid, st.start_time));
	proc_table_get_counts(t, &before);
	pump(fd, t, execed, &pid);
	proc_table_get_counts(t, &after);

	f = proc_table_live(t, pid);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->start_time, st.start_time);
	ck_assert_int_eq(f->ppid, getpid());
	ck_assert_uint_eq(after.gone_unseen, before.gone_unseen);
	close(in);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(out);
	proc_events_close(fd);
	proc_table_free(t);
}
END_TEST

START_TEST(a_fork_read_after_the_process_ended_keeps_its_seeded_entry)
{
	struct proc_table *t = table(0, 0);
	const struct proc_entry *f;
	struct procinfo_stat st;
	struct proc_ev ev;
	int go[2], status;
	uint64_t forked_ns;
	pid_t pid;
	char b;

	ck_assert_int_eq(pipe(go), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &b, 1) < 0)
			_exit(1);
		_exit(0);
	}
	forked_ns = clock_mono_now_ns();
	ck_assert_int_gt(proc_table_seed(t), 1);
	ck_assert_int_eq(procinfo_read_stat(pid, &st), 0);
	/* It ends before its fork event is read: /proc no longer says. */
	ck_assert_int_eq(write(go[1], "x", 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	memset(&ev, 0, sizeof ev);
	ev.type = PROC_EV_FORK;
	ev.time_ns = forked_ns;
	ev.pid = ev.tgid = pid;
	ev.parent_pid = ev.parent_tgid = getpid();
	proc_table_apply(t, &ev);

	f = proc_table_live(t, pid);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->start_time, st.start_time);
	ck_assert_uint_eq(f->flags & PROC_F_START_UNKNOWN, 0);
	ck_assert_int_eq(f->ppid, getpid());
	close(go[1]);
	close(go[0]);
	proc_table_free(t);
}
END_TEST

START_TEST(a_grandchild_chain_names_its_exited_parent)
{
	struct proc_table *t = table(0, 0);
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct procinfo_stat gst;
	char line[32];
	int fd, in, out, status;
	int32_t ppid;
	pid_t sh, gc;
	ssize_t n;
	unsigned len;

	/* Orphans come to this test, which reaps them, not to init. */
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(proc_table_seed(t), 1);
	sh = start_sh("sleep 30 & echo $!; read x", &in, &out);
	n = read(out, line, sizeof line - 1);
	ck_assert_int_gt(n, 0);
	line[n] = '\0';
	gc = (pid_t)atoi(line);
	ck_assert_int_gt(gc, 0);
	pump(fd, t, execed, &sh);
	pump(fd, t, execed, &gc);
	close(in);
	ck_assert_int_eq(waitpid(sh, &status, 0), sh);
	pump(fd, t, exited, &sh);

	/* /proc has already forgotten who started the sleep. */
	ck_assert_int_eq(procinfo_read_stat(gc, &gst), 0);
	ck_assert_int_eq(gst.ppid, getpid());
	ck_assert_int_eq(proc_table_parent(t, gc, gst.start_time, &ppid), 0);
	ck_assert_int_eq(ppid, sh);

	len = proc_table_chain(t, ppid, gst.start_time, chain, WK_CHAIN_MAX);
	ck_assert_uint_ge(len, 2);
	ck_assert_int_eq(chain[len - 1].pid, sh);
	ck_assert_str_eq(chain[len - 1].comm, "sh");
	ck_assert_str_eq(chain[len - 1].args,
	    "sh -c sleep 30 & echo $!; read x");
	ck_assert_int_eq(chain[len - 2].pid, getpid());

	kill(gc, SIGKILL);
	waitpid(gc, &status, 0);
	close(out);
	proc_events_close(fd);
	proc_table_free(t);
}
END_TEST

static Suite *
proc_table_suite(void)
{
	Suite *s = suite_create("proc_table");
	TCase *tc = tcase_create("lookups");

	tcase_add_test(tc, find_prefers_the_running_process);
	tcase_add_test(tc, started_at_lists_running_then_exited);
	tcase_add_test(tc, find_before_names_the_process_a_child_had_as_parent);
	tcase_add_test(tc, a_second_running_entry_retires_the_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("bounds");
	tcase_add_test(tc, eviction_takes_the_oldest_exited_first);
	tcase_add_test(tc, running_entries_are_evicted_only_when_nothing_exited);
	tcase_add_test(tc, churn_never_grows_the_table_past_its_cap);
	tcase_add_test(tc, exits_expire_after_the_retention);
	tcase_add_test(tc, a_sweep_retires_what_it_did_not_touch);
	suite_add_tcase(s, tc);

	tc = tcase_create("feed");
	tcase_add_test(tc, events_update_a_running_entry);
	tcase_add_test(tc, an_exit_of_an_unknown_process_is_still_kept);
	tcase_add_test(tc, setsid_makes_a_process_lead_its_group);
	tcase_add_test(tc, setsid_leaves_the_terminal_behind);
	tcase_add_test(tc, at_names_the_process_that_had_the_pid_then);
	tcase_add_test(tc, each_walks_running_and_exited_entries);
	tcase_add_test(tc, a_chain_is_named_from_exited_entries);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, seeding_reads_every_running_process);
	tcase_add_test(tc, a_freshly_checked_entry_stands_in_for_proc);
	tcase_add_test(tc, an_entry_checked_too_long_ago_is_read_again);
	tcase_add_test(tc, an_unsure_entry_never_stands_in_for_proc);
	tcase_add_test(tc, lost_events_bring_a_rescan);
	tcase_add_test(tc, a_child_is_followed_from_fork_to_exit);
	tcase_add_test(tc, a_fork_seen_after_seeding_keeps_the_seeded_entry);
	tcase_add_test(tc, a_fork_read_after_the_process_ended_keeps_its_seeded_entry);
	tcase_add_test(tc, a_grandchild_chain_names_its_exited_parent);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proc_table_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
