/* From an audit kill to the shared struct wk_event. */
#include "../../audit/audit_event.h"
#include "../../audit/audit_value.h"
#include "audit_testutil.h"

static struct wk_audit_target targets[4];
static struct wk_audit_kill k;
static struct wk_event ev;

/* kill(2089, SIGKILL) by bash[1784] (root, login 1000, session 3, pts0) at 100.250. */
static void
setup(void)
{
	memset(&k, 0, sizeof k);
	memset(targets, 0, sizeof targets);
	k.stamp.sec = 100;
	k.stamp.msec = 250;
	k.stamp.serial = 304;
	k.call = WK_AUDIT_KILL;
	k.arch = 0xc000003e;
	k.syscall = 62;
	k.signo = 9;
	k.arg_pid = 2089;
	k.args[0] = 2089;
	k.args[1] = 9;
	k.success = 1;
	k.killer.pid = 1784;
	k.killer.ppid = 1770;
	k.killer.auid = 1000;
	k.killer.ses = 3;
	k.killer.suid = 5;
	wk_audit_copy(k.killer.tty, sizeof k.killer.tty, "pts0");
	wk_audit_copy(k.killer.comm, sizeof k.killer.comm, "bash");
	wk_audit_copy(k.killer.exe, sizeof k.killer.exe, "/usr/bin/bash");
	wk_audit_argv_from_proctitle(&k.killer, "bash\0-c\0kill -9 2089", 20);
	targets[0].pid = 2089;
	targets[0].uid = 1000;
	targets[0].auid = targets[0].ses = WK_ID_UNSET;
	wk_audit_copy(targets[0].comm, sizeof targets[0].comm, "sleep");
	k.targets = targets;
	k.ntargets = 1;
}

static void
add_target(int32_t pid, const char *comm)
{
	struct wk_audit_target *t = &targets[k.ntargets++];

	t->pid = pid;
	wk_audit_copy(t->comm, sizeof t->comm, comm);
}

START_TEST(test_plain_kill)
{
	enum wk_audit_argv_source src;

	src = wk_audit_event_fill(&ev, &k, wk_audit_shown_target(&k), NULL);
	ck_assert_int_eq(src, WK_AUDIT_ARGV_PROCTITLE);
	ck_assert_uint_eq(ev.hdr.type, WK_R_EVENT);
	ck_assert_uint_eq(ev.sources, WK_SRC_KERNEL);
	ck_assert_int_eq(ev.id, 0);
	ck_assert_str_eq(ev.boot_id, "");
	ck_assert_str_eq(ev.tty, "pts/0");
	ck_assert_uint_eq(ev.session.flags, 0);
	ck_assert_int_eq(ev.report.time.sec, 100);
	ck_assert_int_eq(ev.report.time.nsec, 250000000);
	ck_assert_uint_eq(ev.report.call, WK_CALL_KILL);
	ck_assert_int_eq(ev.report.signo, 9);
	ck_assert_int_eq(ev.report.result, 0);
	ck_assert_int_eq(ev.report.error, 0);
	ck_assert_uint_eq(ev.report.flags, WK_F_TARGET_READ);
	ck_assert_int_eq(ev.report.target.pid, 2089);
	ck_assert_uint_eq(ev.report.target.uid, 1000);
	ck_assert_str_eq(ev.report.target.comm, "sleep");
	ck_assert_int_eq(ev.report.caller.pid, 1784);
	ck_assert_int_eq(ev.report.caller.tid, 0);
	ck_assert_uint_eq(ev.report.caller.suid, 5);
	ck_assert_uint_eq(ev.report.caller.loginuid, 1000);
	ck_assert_uint_eq(ev.report.caller.sessionid, 3);
	ck_assert_uint_eq(ev.report.caller.argc, 3);
	ck_assert_mem_eq(ev.argv, "bash\0-c\0kill -9 2089", 21);
	ck_assert_uint_eq(ev.chain_len, 1);
	ck_assert_int_eq(ev.chain[0].pid, 1784);
	ck_assert_str_eq(ev.chain[0].args, "bash -c kill -9 2089");
}
END_TEST

START_TEST(test_failure_keeps_errno)
{
	k.success = 0;
	k.error = 1;
	wk_audit_event_fill(&ev, &k, wk_audit_shown_target(&k), NULL);
	ck_assert_int_eq(ev.report.result, -1);
	ck_assert_int_eq(ev.report.error, 1);
}
END_TEST

START_TEST(test_group_names_its_leader)
{
	k.arg_pid = -4240;
	targets[0].pid = 4241;
	add_target(4240, "leader");
	add_target(4242, "worker");
	ck_assert_ptr_eq(wk_audit_shown_target(&k), &targets[1]);
	wk_audit_event_fill(&ev, &k, wk_audit_shown_target(&k), NULL);
	ck_assert_uint_eq(ev.report.flags, WK_F_TARGET_GROUP | WK_F_TARGET_READ);
	ck_assert_int_eq(ev.report.target.pid, 4240);
	ck_assert_int_eq(ev.report.arg_pid, -4240);

	targets[1].pid = 4243;	/* the leader was not among those signalled */
	ck_assert_ptr_null(wk_audit_shown_target(&k));
}
END_TEST

START_TEST(test_every_process_and_own_group)
{
	k.arg_pid = -1;
	ck_assert_ptr_null(wk_audit_shown_target(&k));
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.flags, WK_F_TARGET_ALL);
	k.arg_pid = 0;
	ck_assert_ptr_null(wk_audit_shown_target(&k));
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.flags, WK_F_TARGET_GROUP);
}
END_TEST

START_TEST(test_thread_calls)
{
	k.call = WK_AUDIT_TKILL;
	k.arg_pid = 3107;
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.call, WK_CALL_TGKILL);
	ck_assert_int_eq(ev.report.arg_tid, 3107);

	k.call = WK_AUDIT_TGKILL;
	k.arg_pid = 3100;
	k.arg_tid = 3101;
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.call, WK_CALL_TGKILL);
	ck_assert_int_eq(ev.report.arg_pid, 3100);
	ck_assert_int_eq(ev.report.arg_tid, 3101);

	k.call = WK_AUDIT_RT_TGSIGQUEUEINFO;
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.call, WK_CALL_SIGQUEUE);
	ck_assert_int_eq(ev.report.arg_tid, 3101);

	k.call = WK_AUDIT_PIDFD_SEND_SIGNAL;
	k.arg_pid = 43;
	k.arg_tid = 0;
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_uint_eq(ev.report.call, WK_CALL_PIDFD_SEND_SIGNAL);
	ck_assert_int_eq(ev.report.arg_pid, 43);
	ck_assert_uint_eq(ev.report.flags, 0);
}
END_TEST

START_TEST(test_tty_names)
{
	wk_audit_copy(k.killer.tty, sizeof k.killer.tty, "tty1");
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_str_eq(ev.tty, "tty1");
	wk_audit_copy(k.killer.tty, sizeof k.killer.tty, "");
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_str_eq(ev.tty, "");
	wk_audit_copy(k.killer.tty, sizeof k.killer.tty, "pts12");
	wk_audit_event_fill(&ev, &k, NULL, NULL);
	ck_assert_str_eq(ev.tty, "pts/12");
}
END_TEST

/* An exec of pid running exe with argv "exe" "--from-execve", child of ppid. */
static void
add_exec(struct wk_audit_history *h, int64_t sec, int32_t pid, int32_t ppid,
    const char *comm, const char *exe)
{
	struct wk_audit_exec x;

	memset(&x, 0, sizeof x);
	x.stamp.sec = sec;
	x.proc.pid = pid;
	x.proc.ppid = ppid;
	x.proc.auid = 1000;
	wk_audit_copy(x.proc.comm, sizeof x.proc.comm, comm);
	wk_audit_copy(x.proc.exe, sizeof x.proc.exe, exe);
	wk_audit_argv_add(&x.proc, exe, strlen(exe), 1);
	wk_audit_argv_add(&x.proc, "--from-execve", 13, 1);
	x.proc.argc = 2;
	ck_assert_int_eq(wk_audit_history_add(h, &x), 0);
}

START_TEST(test_argv_from_execve_when_the_program_matches)
{
	struct wk_audit_history *h = wk_audit_history_new();

	add_exec(h, 50, 1784, 1770, "bash", "/usr/bin/bash");
	add_exec(h, 40, 1770, 1700, "su", "/usr/bin/su");
	ck_assert_int_eq(wk_audit_event_fill(&ev, &k, NULL, h), WK_AUDIT_ARGV_EXECVE);
	ck_assert_uint_eq(ev.report.caller.argc, 2);
	ck_assert_mem_eq(ev.argv, "/usr/bin/bash\0--from-execve", 28);
	ck_assert_uint_eq(ev.chain_len, 2);
	ck_assert_str_eq(ev.chain[0].comm, "su");
	ck_assert_int_eq(ev.chain[0].pid, 1770);
	ck_assert_int_eq(ev.chain[1].pid, 1784);	/* the killer ends the chain */
	ck_assert_str_eq(ev.chain[1].args, "/usr/bin/bash --from-execve");

	/* The pid's last exec was another program: its PROCTITLE is the better guess. */
	add_exec(h, 60, 1784, 1770, "vim", "/usr/bin/vim");
	k.stamp.sec = 70;
	ck_assert_int_eq(wk_audit_event_fill(&ev, &k, NULL, h), WK_AUDIT_ARGV_PROCTITLE);
	ck_assert_mem_eq(ev.argv, "bash\0", 5);
	wk_audit_history_free(h);
}
END_TEST

START_TEST(test_no_command_line_at_all)
{
	wk_audit_argv_clear(&k.killer);
	ck_assert_int_eq(wk_audit_event_fill(&ev, &k, NULL, NULL), WK_AUDIT_ARGV_NONE);
	ck_assert_uint_eq(ev.report.caller.argc, 0);
	ck_assert_uint_eq(ev.report.caller.argv_len, 0);
	ck_assert_str_eq(ev.chain[0].args, "");
}
END_TEST

START_TEST(test_target_parent_only_for_the_same_program)
{
	struct wk_audit_history *h = wk_audit_history_new();

	add_exec(h, 50, 2089, 2000, "sleep", "/usr/bin/sleep");
	wk_audit_event_fill(&ev, &k, &targets[0], h);
	ck_assert_int_eq(ev.report.target.ppid, 2000);
	wk_audit_copy(targets[0].comm, sizeof targets[0].comm, "other");
	wk_audit_event_fill(&ev, &k, &targets[0], h);
	ck_assert_int_eq(ev.report.target.ppid, 0);
	wk_audit_history_free(h);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_event");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_plain_kill);
	tcase_add_test(tc, test_failure_keeps_errno);
	tcase_add_test(tc, test_group_names_its_leader);
	tcase_add_test(tc, test_every_process_and_own_group);
	tcase_add_test(tc, test_thread_calls);
	tcase_add_test(tc, test_tty_names);
	tcase_add_test(tc, test_argv_from_execve_when_the_program_matches);
	tcase_add_test(tc, test_no_command_line_at_all);
	tcase_add_test(tc, test_target_parent_only_for_the_same_program);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
