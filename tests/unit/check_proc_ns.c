/*
 * From a pid of a namespace to the daemon's, on real processes: the
 * test's own pid namespace stands for the sender's (the search is the same
 * at any depth; tests/e2e/pid_namespace.sh runs it in a real container).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/base/clock_convert.h"
#include "daemon/procs/proc_ns.h"
#include "daemon/procs/proc_table.h"
#include "daemon/procs/procinfo.h"

#define SEC	1000000000ull

/* Where this test runs, and its own pid there. */
static struct proc_ns_place here;
static int32_t self_there;

static void
find_here(void)
{
	struct procinfo_ns me;

	ck_assert_int_eq(procinfo_read_ns(getpid(), &me), 0);
	here.ns = me.ns;
	here.level = me.nspid.count - 1;
	self_there = me.nspid.pid[here.level];
}

/* A child that waits until its pipe closes; its start time in *start. */
static pid_t
child(int *hold, uint64_t *start)
{
	struct procinfo_stat st;
	int fds[2];
	char c;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	*hold = fds[1];
	ck_assert_int_eq(procinfo_read_stat(pid, &st), 0);
	*start = st.start_time;
	return pid;
}

/* End and reap a child of child(). */
static void
reap(pid_t pid, int hold)
{
	close(hold);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}

/* Its pid in this namespace (the last of its NSpid). */
static int32_t
pid_there(pid_t pid)
{
	struct procinfo_ns ns;

	ck_assert_int_eq(procinfo_read_ns(pid, &ns), 0);
	return ns.nspid.pid[ns.nspid.count - 1];
}

static struct proc_entry *
add(struct proc_table *t, int32_t pid, int32_t ppid, uint64_t start,
    const char *comm)
{
	struct proc_entry e;

	memset(&e, 0, sizeof e);
	e.pid = pid;
	e.ppid = ppid;
	e.start_time = start;
	e.loginuid = e.sessionid = WK_ID_UNSET;
	snprintf(e.comm, sizeof e.comm, "%s", comm);
	return proc_table_add(t, &e, clock_mono_now_ns());
}

static struct proc_ns_wanted
wanted(int32_t ns_pid, uint64_t start, const char *comm)
{
	struct proc_ns_wanted w;
	struct timespec now;

	memset(&w, 0, sizeof w);
	w.ns_pid = ns_pid;
	w.start_time = start;
	w.ns_ppid = self_there;
	snprintf(w.comm, sizeof w.comm, "%s", comm);
	ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &now), 0);
	w.alive_at.sec = now.tv_sec;
	w.alive_at.nsec = now.tv_nsec;
	return w;
}

START_TEST(a_running_process_is_proven_by_proc)
{
	struct proc_table *t = proc_table_new(NULL);
	struct proc_ns_wanted w;
	uint64_t start;
	int32_t ppid = -1;
	int hold;
	pid_t pid = child(&hold, &start);

	find_here();
	/* A decoy of the same start time: this test, whose real start time
	 * is another, and whose name is not the one wanted. */
	add(t, getpid(), getppid(), start, "decoy");
	add(t, pid, getpid(), start, "check_proc_ns");
	w = wanted(pid_there(pid), start, "check_proc_ns");
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), pid);
	ck_assert_int_eq(ppid, getpid());
	/* Another pid there, or another namespace: not it. */
	w.ns_pid++;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	w.ns_pid--;
	here.ns++;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	here.ns--;
	/* Without a start time nothing is searched. */
	w.start_time = 0;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	reap(pid, hold);
	proc_table_free(t);
}
END_TEST

START_TEST(without_a_table_proc_is_scanned)
{
	struct proc_ns_wanted w;
	uint64_t start;
	int32_t ppid = -1;
	int hold;
	pid_t pid = child(&hold, &start);

	find_here();
	w = wanted(pid_there(pid), start, "");
	ck_assert_int_eq(proc_ns_find(NULL, &here, &w, NULL, &ppid), pid);
	ck_assert_int_eq(ppid, getpid());
	reap(pid, hold);
	/* Once reaped, /proc knows nothing of it. */
	ck_assert_int_eq(proc_ns_find(NULL, &here, &w, NULL, &ppid), 0);
}
END_TEST

START_TEST(a_reaped_process_is_vouched_for_by_its_parent)
{
	struct proc_table *t = proc_table_new(NULL);
	struct proc_ns_wanted w;
	uint64_t start;
	int32_t ppid = -1;
	int hold;
	pid_t pid = child(&hold, &start);

	find_here();
	/* Read while it ran (the report's time), then it ended. */
	w = wanted(pid_there(pid), start, "sleep");
	reap(pid, hold);
	proc_table_mark_exited(t, add(t, pid, getpid(), start, "sleep"), 0x9,
	    clock_mono_now_ns(), 0);
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), pid);
	ck_assert_int_eq(ppid, getpid());
	/* Its parent's pid there must be the one the report gave. */
	w.ns_ppid = self_there + 1;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	w.ns_ppid = self_there;
	/* Another name is another process. */
	snprintf(w.comm, sizeof w.comm, "bash");
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	/* A parent of another namespace vouches for nothing here. */
	snprintf(w.comm, sizeof w.comm, "sleep");
	here.level++;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	here.level--;
	proc_table_free(t);
}
END_TEST

START_TEST(two_that_could_be_it_are_neither)
{
	struct proc_table *t = proc_table_new(NULL);
	struct proc_ns_wanted w;
	uint64_t start;
	int32_t ppid = -1;
	int hold;
	pid_t pid = child(&hold, &start);

	find_here();
	w = wanted(pid_there(pid), start, "sleep");
	reap(pid, hold);
	/* Two ended children of this process, of one name and start tick. */
	proc_table_mark_exited(t, add(t, pid, getpid(), start, "sleep"), 0x9,
	    clock_mono_now_ns(), 0);
	proc_table_mark_exited(t, add(t, pid + 1000000, getpid(), start,
	    "sleep"), 0, clock_mono_now_ns(), 0);
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	proc_table_free(t);
}
END_TEST

START_TEST(one_that_ended_before_the_signal_is_not_it)
{
	struct proc_table *t = proc_table_new(NULL);
	struct proc_ns_wanted w;
	uint64_t start, now = clock_mono_now_ns();
	int32_t ppid = -1;
	int hold;
	pid_t pid = child(&hold, &start);

	find_here();
	w = wanted(pid_there(pid), start, "sleep");
	reap(pid, hold);
	/* The other ended a second before the target was read. */
	proc_table_mark_exited(t, add(t, pid + 1000000, getpid(), start,
	    "sleep"), 0, now - SEC, 0);
	proc_table_mark_exited(t, add(t, pid, getpid(), start, "sleep"), 0x9,
	    now + SEC, 0);
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), pid);
	/* An end found by a sweep is no time of its end. */
	proc_table_free(t);
	t = proc_table_new(NULL);
	proc_table_mark_exited(t, add(t, pid + 1000000, getpid(), start,
	    "sleep"), 0, now - SEC, PROC_F_EXIT_UNKNOWN);
	proc_table_mark_exited(t, add(t, pid, getpid(), start, "sleep"), 0x9,
	    now + SEC, 0);
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	proc_table_free(t);
}
END_TEST

START_TEST(the_sender_vouches_for_its_child_when_both_are_gone)
{
	struct proc_table *t = proc_table_new(NULL);
	struct proc_ns_known sender;
	struct proc_ns_wanted w;
	uint64_t start, sender_start;
	int32_t ppid = -1;
	int hold, sender_hold;
	pid_t pid = child(&hold, &start);
	pid_t gone = child(&sender_hold, &sender_start);

	find_here();
	w = wanted(pid_there(pid), start, "sleep");
	w.ns_ppid = 4242;
	/* Last first: the later child holds the earlier one's pipe too. */
	reap(gone, sender_hold);
	reap(pid, hold);
	/* Its parent at fork was the sender, which is gone too. */
	proc_table_mark_exited(t, add(t, pid, gone, start, "sleep"), 0x9,
	    clock_mono_now_ns(), 0);
	ck_assert_int_eq(proc_ns_find(t, &here, &w, NULL, &ppid), 0);
	sender.pid = gone;
	sender.ns_pid = 4242;
	ck_assert_int_eq(proc_ns_find(t, &here, &w, &sender, &ppid), pid);
	ck_assert_int_eq(ppid, gone);
	proc_table_free(t);
}
END_TEST

START_TEST(a_parent_bears_children_into_its_namespace)
{
	struct proc_ns_place born;
	int32_t there = -1;
	pid_t pid;

	find_here();
	ck_assert_int_eq(proc_ns_children_of(getpid(), 0, &born, &there), 1);
	ck_assert(born.ns == here.ns);
	ck_assert_uint_eq(born.level, here.level);
	ck_assert_int_eq(there, self_there);
	/* Not one that started after the child. */
	ck_assert_int_eq(proc_ns_children_of(getpid(), 1, &born, &there), -1);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(proc_ns_children_of(pid, 0, &born, &there), -1);
	ck_assert_int_eq(proc_ns_children_of(0, 0, &born, &there), -1);
}
END_TEST

static Suite *
proc_ns_suite(void)
{
	Suite *s = suite_create("proc_ns");
	TCase *tc = tcase_create("find");

	tcase_add_test(tc, a_running_process_is_proven_by_proc);
	tcase_add_test(tc, without_a_table_proc_is_scanned);
	tcase_add_test(tc, a_reaped_process_is_vouched_for_by_its_parent);
	tcase_add_test(tc, two_that_could_be_it_are_neither);
	tcase_add_test(tc, one_that_ended_before_the_signal_is_not_it);
	tcase_add_test(tc, the_sender_vouches_for_its_child_when_both_are_gone);
	tcase_add_test(tc, a_parent_bears_children_into_its_namespace);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proc_ns_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
