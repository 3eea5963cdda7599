/*
 * Ends of processes between the table, the store and the wire: which
 * exits are kept, and what a row and a frame say.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/procs/death_record.h"

#define BOOT	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

/* A process that started at tick 1000 and ended with status at 5 s. */
static struct proc_entry
ended(uint32_t status, uint32_t flags)
{
	struct proc_entry e;

	memset(&e, 0, sizeof e);
	e.pid = 4242;
	e.ppid = 4000;
	e.start_time = 1000;
	e.uid = 1001;
	e.euid = 1001;
	e.loginuid = WK_ID_UNSET;
	e.sessionid = WK_ID_UNSET;
	e.flags = PROC_F_EXITED | flags;
	e.exit_status = status;
	e.exit_time_ns = 5000000000ull;
	snprintf(e.comm, sizeof e.comm, "job");
	snprintf(e.args, sizeof e.args, "job --fast");
	return e;
}

START_TEST(what_is_worth_a_row)
{
	struct proc_entry e;

	/* Plain exit: only when it ran min_runtime_ticks (100) or more. */
	e = ended(3 << 8, 0);
	ck_assert(!death_worth_storing(&e, 1099, 100));
	ck_assert(death_worth_storing(&e, 1100, 100));
	ck_assert(death_worth_storing(&e, 1001, 0));
	/* A start time unknown: its run time is too. */
	e.start_time = 0;
	ck_assert(!death_worth_storing(&e, 5000, 100));
	/* Any signal death, any signalled or OOM-killed process. */
	e = ended(SIGKILL, 0);
	ck_assert(death_worth_storing(&e, 1001, 100));
	e = ended(SIGSEGV | 0x80, 0);
	ck_assert(death_worth_storing(&e, 1001, 100));
	e = ended(0, PROC_F_SIGNALLED);
	ck_assert(death_worth_storing(&e, 1001, 100));
	e = ended(0, PROC_F_OOM);
	ck_assert(death_worth_storing(&e, 1001, 100));
	/* Found gone without its exit: only for a reason of the first kind. */
	e = ended(0, PROC_F_EXIT_UNKNOWN);
	ck_assert(!death_worth_storing(&e, 9000, 100));
	e = ended(0, PROC_F_EXIT_UNKNOWN | PROC_F_SIGNALLED);
	ck_assert(death_worth_storing(&e, 9000, 100));
}
END_TEST

START_TEST(kinds_of_wait_statuses)
{
	ck_assert_uint_eq(death_kind_of_status(0), STORE_DEATH_EXITED);
	ck_assert_uint_eq(death_kind_of_status(3 << 8), STORE_DEATH_EXITED);
	ck_assert_uint_eq(death_kind_of_status(SIGTERM), STORE_DEATH_SIGNALED);
	ck_assert_uint_eq(death_kind_of_status(SIGSEGV | 0x80),
	    STORE_DEATH_CORE);
	ck_assert_uint_eq(death_kind_of_status(0x7f), STORE_DEATH_UNKNOWN);
	ck_assert_uint_eq(death_kind_of_status(0x10000), STORE_DEATH_UNKNOWN);
}
END_TEST

START_TEST(a_row_from_the_table)
{
	struct proc_entry e = ended(3 << 8, PROC_F_SIGNALLED), parent;
	struct wk_time when = { 1763737961, 5 };
	struct store_death d;

	parent = ended(0, 0);
	parent.pid = 4000;
	parent.exit_time_ns = 4000000000ull;
	snprintf(parent.comm, sizeof parent.comm, "bash");

	death_from_entry(&e, BOOT, &when, &parent, &d);
	ck_assert_str_eq(d.boot_id, BOOT);
	ck_assert_int_eq(d.pid, 4242);
	ck_assert_int_eq(d.ppid, 4000);
	ck_assert_uint_eq(d.start_time, 1000);
	ck_assert_uint_eq(d.uid, 1001);
	ck_assert_uint_eq(d.kind, STORE_DEATH_EXITED);
	ck_assert_int_eq(d.exit_known, 1);
	ck_assert_uint_eq(d.status, 3 << 8);
	ck_assert_int_eq(d.time.sec, 1763737961);
	ck_assert_int_eq(d.signalled, 1);
	ck_assert_str_eq(d.comm, "job");
	ck_assert_str_eq(d.args, "job --fast");
	/* The parent ended first: named. */
	ck_assert_int_eq(d.parent_pid, 4000);
	ck_assert_str_eq(d.parent_comm, "bash");

	/* A parent that ended later, or runs, is not named. */
	parent.exit_time_ns = 6000000000ull;
	death_from_entry(&e, BOOT, &when, &parent, &d);
	ck_assert_int_eq(d.parent_pid, 0);
	parent.flags = 0;
	death_from_entry(&e, BOOT, &when, &parent, &d);
	ck_assert_int_eq(d.parent_pid, 0);

	/* Gone without its exit: how is unknown. */
	e = ended(0, PROC_F_EXIT_UNKNOWN);
	death_from_entry(&e, BOOT, &when, NULL, &d);
	ck_assert_uint_eq(d.kind, STORE_DEATH_UNKNOWN);
	ck_assert_int_eq(d.exit_known, 0);
}
END_TEST

START_TEST(an_oom_kill_on_a_row_and_on_the_wire)
{
	struct proc_entry e = ended(SIGKILL, 0);
	struct wk_time when = { 1763737961, 0 }, at = { 1763737960, 9 };
	struct store_death d;
	struct oom_kill k;
	struct wk_death w;

	memset(&k, 0, sizeof k);
	k.pid = 4242;
	k.uid = 1001;
	k.flags = OOM_F_CONTEXT | OOM_F_VICTIM | OOM_F_GROUP;
	k.anon_rss_kb = 30000;
	k.file_rss_kb = 1000;
	k.shmem_rss_kb = 24;
	k.total_vm_kb = 40000;
	k.oom_score_adj = 300;
	k.seq = 99;
	snprintf(k.comm, sizeof k.comm, "job");
	snprintf(k.constraint, sizeof k.constraint, "CONSTRAINT_MEMCG");
	snprintf(k.oom_memcg, sizeof k.oom_memcg, "/jobs");
	snprintf(k.task_memcg, sizeof k.task_memcg, "/jobs/j1");

	death_from_entry(&e, BOOT, &when, NULL, &d);
	death_add_oom(&d, &k, &at);
	ck_assert_uint_eq(d.kind, STORE_DEATH_OOM);
	ck_assert_int_eq(d.has_oom, 1);
	ck_assert_uint_eq(d.oom_seq, 99);

	death_to_wire(&d, &w);
	ck_assert_uint_eq(w.hdr.type, WK_R_DEATH);
	ck_assert_uint_eq(w.kind, WK_DEATH_OOM);
	ck_assert_int_eq(w.signo, SIGKILL);
	ck_assert_uint_eq(w.flags & (WK_D_OOM_CONTEXT | WK_D_OOM_GROUP |
	    WK_D_OOM_GLOBAL | WK_D_EXIT_KNOWN | WK_D_START_KNOWN),
	    WK_D_OOM_CONTEXT | WK_D_OOM_GROUP | WK_D_EXIT_KNOWN |
	    WK_D_START_KNOWN);
	ck_assert_int_eq(w.time.sec, 1763737961);
	ck_assert_int_eq(w.oom.time.sec, 1763737960);
	ck_assert_str_eq(w.oom.memcg, "/jobs");
	ck_assert_str_eq(w.oom.task_memcg, "/jobs/j1");
	/*
	 * The kernel's memory cgroup is no stand-in for the cgroup: on a v1
	 * host it is the memory hierarchy's path, not the one read from
	 * /proc elsewhere.  What the table read stays.
	 */
	ck_assert_str_eq(w.cgroup.path, "");
	ck_assert_uint_eq(w.oom.anon_rss_kb, 30000);
	ck_assert_int_eq(w.oom.score_adj, 300);

	death_from_entry(&e, BOOT, &when, NULL, &d);
	snprintf(d.cgroup.path, sizeof d.cgroup.path, "/x.slice/read.service");
	death_add_oom(&d, &k, &at);
	ck_assert_str_eq(d.cgroup.path, "/x.slice/read.service");

	/* An OOM kill whose exit was not seen is timed by the kill. */
	d.exit_known = 0;
	death_to_wire(&d, &w);
	ck_assert_int_eq(w.time.sec, 1763737960);
	ck_assert_int_eq(w.signo, SIGKILL);
	ck_assert_uint_eq(w.flags & WK_D_EXIT_KNOWN, 0);
}
END_TEST

START_TEST(frames_of_every_kind)
{
	struct proc_entry e;
	struct wk_time when = { 1763737961, 0 };
	struct store_death d;
	struct wk_death w, back;
	const char *why = NULL;

	e = ended(3 << 8, 0);
	death_from_entry(&e, BOOT, &when, NULL, &d);
	death_to_wire(&d, &w);
	ck_assert_uint_eq(w.kind, WK_DEATH_EXITED);
	ck_assert_int_eq(w.exit_code, 3);
	ck_assert_int_eq(w.signo, 0);
	ck_assert_msg(wk_decode_death(&w, sizeof w, &back, &why) == 0, "%s", why);

	e = ended(SIGSEGV | 0x80, PROC_F_SIGNALLED);
	death_from_entry(&e, BOOT, &when, NULL, &d);
	death_to_wire(&d, &w);
	ck_assert_uint_eq(w.kind, WK_DEATH_SIGNALED);
	ck_assert_int_eq(w.signo, SIGSEGV);
	ck_assert_uint_eq(w.flags & (WK_D_CORE | WK_D_SIGNALLED),
	    WK_D_CORE | WK_D_SIGNALLED);
	ck_assert_msg(wk_decode_death(&w, sizeof w, &back, &why) == 0, "%s", why);

	e = ended(0, PROC_F_EXIT_UNKNOWN);
	death_from_entry(&e, BOOT, &when, NULL, &d);
	death_to_wire(&d, &w);
	ck_assert_uint_eq(w.kind, WK_DEATH_UNKNOWN);
	ck_assert_int_eq(w.time.sec, 0);
	ck_assert_msg(wk_decode_death(&w, sizeof w, &back, &why) == 0, "%s", why);
}
END_TEST

static Suite *
record_suite(void)
{
	Suite *s = suite_create("death_record");
	TCase *tc = tcase_create("record");

	tcase_add_test(tc, what_is_worth_a_row);
	tcase_add_test(tc, kinds_of_wait_statuses);
	tcase_add_test(tc, a_row_from_the_table);
	tcase_add_test(tc, an_oom_kill_on_a_row_and_on_the_wire);
	tcase_add_test(tc, frames_of_every_kind);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(record_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
