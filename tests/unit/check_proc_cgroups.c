/*
 * The pool of cgroup paths (daemon/procs/proc_cgroups.c) and the process
 * table's use of it: one copy per path, ids given back by a sweep, a full
 * pool that leaves a cgroup unknown rather than failing; and the unit
 * and cgroup of a target (daemon/procs/proc_target.c): the table's,
 * read again from /proc for a running process, /proc alone without a
 * table.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cgroup_unit.h"
#include "daemon/base/clock_convert.h"
#include "daemon/base/file_read.h"
#include "daemon/procs/procinfo.h"
#include "daemon/procs/proc_cgroups.h"
#include "daemon/procs/proc_table.h"
#include "daemon/procs/proc_target.h"

/* Beyond PID_MAX_LIMIT: no real process can have these pids. */
#define FAKE	5000000

static struct wk_cgroup
cg(const char *path, const char *unit)
{
	struct wk_cgroup c;

	memset(&c, 0, sizeof c);
	snprintf(c.path, sizeof c.path, "%s", path);
	snprintf(c.unit, sizeof c.unit, "%s", unit);
	return c;
}

START_TEST(a_path_is_kept_once)
{
	struct proc_cgroups *p = proc_cgroups_new(8);
	struct wk_cgroup a = cg("/system.slice/a.service", "a.service");
	struct wk_cgroup b = cg("/system.slice/b.service", "b.service");
	struct wk_cgroup got;
	uint32_t ia, ib;

	ck_assert_ptr_nonnull(p);
	ia = proc_cgroups_intern(p, &a);
	ib = proc_cgroups_intern(p, &b);
	ck_assert_uint_ne(ia, 0);
	ck_assert_uint_ne(ib, 0);
	ck_assert_uint_ne(ia, ib);
	ck_assert_uint_eq(proc_cgroups_intern(p, &a), ia);
	ck_assert_uint_eq(proc_cgroups_count(p), 2);
	ck_assert_int_eq(proc_cgroups_get(p, ib, &got), 0);
	ck_assert_str_eq(got.path, "/system.slice/b.service");
	ck_assert_str_eq(got.unit, "b.service");
	/* A path with no unit is a path too; "" is unknown. */
	a = cg("/", "");
	ck_assert_uint_ne(proc_cgroups_intern(p, &a), 0);
	a = cg("", "");
	ck_assert_uint_eq(proc_cgroups_intern(p, &a), 0);
	ck_assert_int_eq(proc_cgroups_get(p, 0, &got), -1);
	ck_assert_str_eq(got.path, "");
	ck_assert_int_eq(proc_cgroups_get(p, 999, &got), -1);
	proc_cgroups_free(p);
}
END_TEST

START_TEST(a_full_pool_gives_back_what_a_sweep_leaves_unmarked)
{
	struct proc_cgroups *p = proc_cgroups_new(100);
	struct wk_cgroup c, got;
	uint32_t ids[100], id;
	char path[64];
	int i;

	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof path, "/s.slice/u%d.service", i);
		c = cg(path, path + 9);
		ids[i] = proc_cgroups_intern(p, &c);
		ck_assert_uint_ne(ids[i], 0);
	}
	c = cg("/s.slice/one-more.service", "one-more.service");
	ck_assert_uint_eq(proc_cgroups_intern(p, &c), 0);
	/* Only the even ones are still named. */
	proc_cgroups_sweep_begin(p);
	for (i = 0; i < 100; i += 2)
		proc_cgroups_mark(p, ids[i]);
	ck_assert_uint_eq(proc_cgroups_sweep_end(p), 50);
	ck_assert_uint_eq(proc_cgroups_count(p), 50);
	ck_assert_int_eq(proc_cgroups_get(p, ids[1], &got), -1);
	ck_assert_int_eq(proc_cgroups_get(p, ids[2], &got), 0);
	ck_assert_str_eq(got.unit, "u2.service");
	id = proc_cgroups_intern(p, &c);
	ck_assert_uint_ne(id, 0);
	ck_assert_int_eq(proc_cgroups_get(p, id, &got), 0);
	ck_assert_str_eq(got.path, "/s.slice/one-more.service");
	/* A path given back and interned again is found again, once. */
	c = cg("/s.slice/u1.service", "u1.service");
	id = proc_cgroups_intern(p, &c);
	ck_assert_uint_eq(proc_cgroups_intern(p, &c), id);
	proc_cgroups_free(p);
}
END_TEST

static struct proc_entry
entry(int32_t pid, uint64_t start)
{
	struct proc_entry e;

	memset(&e, 0, sizeof e);
	e.pid = pid;
	e.start_time = start;
	e.loginuid = e.sessionid = WK_ID_UNSET;
	snprintf(e.comm, sizeof e.comm, "p%d", pid);
	return e;
}

/*
 * More distinct cgroups than the pool holds, over a table whose entries
 * come and go: the paths no entry names any more are given back, and
 * every live entry keeps its own.
 */
START_TEST(the_table_reuses_the_paths_of_entries_gone)
{
	struct proc_table_limits lim = { 64, 1 };
	struct proc_table *t = proc_table_new(&lim);
	const struct proc_entry *e;
	struct proc_entry in;
	struct wk_cgroup c, got;
	char path[64];
	int i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; i < 3 * (int)PROC_CGROUPS_DEFAULT_MAX; i++) {
		in = entry(FAKE + i, 100 + (uint64_t)i);
		e = proc_table_add(t, &in, 1000 + (uint64_t)i);
		snprintf(path, sizeof path, "/x.slice/n%d.scope", i);
		c = cg(path, path + 9);
		proc_table_set_cgroup(t, e, &c, 0);
		ck_assert_int_eq(proc_table_get_cgroup(t, e, &got), 0);
		ck_assert_str_eq(got.path, path);
	}
	/* The last 64 entries are there, each with its own. */
	for (i = 3 * PROC_CGROUPS_DEFAULT_MAX - 64;
	    i < 3 * (int)PROC_CGROUPS_DEFAULT_MAX; i++) {
		e = proc_table_find_exact(t, FAKE + i, 100 + (uint64_t)i);
		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(proc_table_get_cgroup(t, e, &got), 0);
		snprintf(path, sizeof path, "/x.slice/n%d.scope", i);
		ck_assert_str_eq(got.path, path);
	}
	/* Unknown is "" and -1. */
	c = cg("", "");
	proc_table_set_cgroup(t, e, &c, 0);
	ck_assert_int_eq(proc_table_get_cgroup(t, e, &got), -1);
	proc_table_free(t);
}
END_TEST

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

START_TEST(a_target_without_a_table_is_read_while_it_runs)
{
	struct wk_cgroup want = own_cgroup(), got;
	struct procinfo_stat st;

	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	char exe[WK_EXE_BASE_MAX], path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);

	ck_assert_int_gt(n, 0);
	path[n] = '\0';
	ck_assert_int_eq(proc_target_cgroup(NULL, getpid(), st.start_time,
	    clock_mono_now_ns(), &got, exe, sizeof exe), 0);
	ck_assert_str_eq(got.path, want.path);
	ck_assert_str_eq(got.unit, want.unit);
	/* Its executable's base name, in the same read. */
	ck_assert_str_eq(exe, strrchr(path, '/') + 1);
	/* Another process of the pid (another start time): unknown. */
	ck_assert_int_eq(proc_target_cgroup(NULL, getpid(), st.start_time + 1,
	    clock_mono_now_ns(), &got, NULL, 0), -1);
	ck_assert_str_eq(got.path, "");
	/* No start time, no table: not guessed. */
	ck_assert_int_eq(proc_target_cgroup(NULL, getpid(), 0,
	    clock_mono_now_ns(), &got, NULL, 0), -1);
	ck_assert_int_eq(proc_target_cgroup(NULL, FAKE, 5,
	    clock_mono_now_ns(), &got, NULL, 0), -1);
}
END_TEST

START_TEST(a_running_target_is_read_again_once_a_second)
{
	struct proc_table *t = proc_table_new(NULL);
	struct wk_cgroup want = own_cgroup(), stale, got;
	struct procinfo_stat st;
	struct proc_entry in;
	const struct proc_entry *e;
	uint64_t now = clock_mono_now_ns();

	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	in = entry(getpid(), st.start_time);
	e = proc_table_add(t, &in, now);
	/* Read at its exec (checked 0): the first report reads again. */
	stale = cg("/old.slice/old.service", "old.service");
	proc_table_set_cgroup(t, e, &stale, 0);
	ck_assert_int_eq(proc_target_cgroup(t, getpid(), st.start_time, now,
	    &got, NULL, 0), 0);
	ck_assert_str_eq(got.path, want.path);
	ck_assert_str_eq(got.unit, want.unit);
	/* Read by a report just now: believed for a second... */
	proc_table_set_cgroup(t, e, &stale, now);
	ck_assert_int_eq(proc_target_cgroup(t, getpid(), st.start_time,
	    now + PROC_TARGET_FRESH_NS / 2, &got, NULL, 0), 0);
	ck_assert_str_eq(got.unit, "old.service");
	/* ...then read again. */
	ck_assert_int_eq(proc_target_cgroup(t, getpid(), st.start_time,
	    now + PROC_TARGET_FRESH_NS, &got, NULL, 0), 0);
	ck_assert_str_eq(got.path, want.path);
	proc_table_free(t);
}
END_TEST

START_TEST(an_ended_target_keeps_what_the_table_read)
{
	struct proc_table *t = proc_table_new(NULL);
	struct wk_cgroup c = cg("/system.slice/gone.service", "gone.service");
	struct wk_cgroup got;
	struct proc_entry in = entry(FAKE, 777);
	struct proc_entry *e;

	char exe[WK_EXE_BASE_MAX];

	strcpy(in.exe_base, "goned");
	e = proc_table_add(t, &in, 1000);
	proc_table_set_cgroup(t, e, &c, 0);
	/* The table's executable name, read at its exec. */
	ck_assert_int_eq(proc_target_cgroup(t, FAKE, 777, 5000, &got, exe,
	    sizeof exe), 0);
	ck_assert_str_eq(exe, "goned");
	/* Not running any more (no /proc to read), ended or not. */
	ck_assert_int_eq(proc_target_cgroup(t, FAKE, 777, 5000, &got, NULL, 0), 0);
	ck_assert_str_eq(got.unit, "gone.service");
	proc_table_mark_exited(t, e, 9, 2000, 0);
	ck_assert_int_eq(proc_target_cgroup(t, FAKE, 777, 5000, &got, NULL, 0), 0);
	ck_assert_str_eq(got.path, "/system.slice/gone.service");
	/* Another start time: the table does not know it. */
	ck_assert_int_eq(proc_target_cgroup(t, FAKE, 778, 5000, &got, NULL, 0), -1);
	proc_table_free(t);
}
END_TEST

static Suite *
proc_cgroups_suite(void)
{
	Suite *s = suite_create("proc_cgroups");
	TCase *tc = tcase_create("pool");
	TCase *tt = tcase_create("target");

	tcase_add_test(tc, a_path_is_kept_once);
	tcase_add_test(tc, a_full_pool_gives_back_what_a_sweep_leaves_unmarked);
	tcase_add_test(tc, the_table_reuses_the_paths_of_entries_gone);
	tcase_add_test(tt, a_target_without_a_table_is_read_while_it_runs);
	tcase_add_test(tt, a_running_target_is_read_again_once_a_second);
	tcase_add_test(tt, an_ended_target_keeps_what_the_table_read);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tt);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proc_cgroups_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
