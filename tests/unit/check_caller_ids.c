/*
 * The common caller filling (common/caller_ids.c): the ids are this
 * process's and thread's, and the /proc part takes what it is given.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/caller_ids.h"

START_TEST(ids_are_this_process)
{
	struct wk_caller c;
	uid_t uid, euid, suid;
	gid_t gid, egid, sgid;

	memset(&c, 0, sizeof c);
	wk_caller_fill_ids(&c);
	ck_assert_int_eq(getresuid(&uid, &euid, &suid), 0);
	ck_assert_int_eq(getresgid(&gid, &egid, &sgid), 0);
	ck_assert_int_eq(c.pid, getpid());
	ck_assert_int_eq(c.ppid, getppid());
	ck_assert_int_eq(c.tid, gettid());
	ck_assert_int_eq(c.sid, getsid(0));
	ck_assert_int_eq(c.pgid, getpgrp());
	ck_assert_uint_eq(c.uid, uid);
	ck_assert_uint_eq(c.euid, euid);
	ck_assert_uint_eq(c.suid, suid);
	ck_assert_uint_eq(c.gid, gid);
	ck_assert_uint_eq(c.egid, egid);
	ck_assert_uint_eq(c.sgid, sgid);
	/* What only /proc tells is not touched. */
	ck_assert_uint_eq(c.loginuid, 0);
	ck_assert_uint_eq(c.start_time, 0);
	ck_assert_str_eq(c.comm, "");
}
END_TEST

static void *
fill_in_thread(void *arg)
{
	wk_caller_fill_ids(arg);
	return NULL;
}

START_TEST(tid_is_the_calling_thread)
{
	struct wk_caller c;
	pthread_t t;

	memset(&c, 0, sizeof c);
	ck_assert_int_eq(pthread_create(&t, NULL, fill_in_thread, &c), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(c.pid, getpid());
	ck_assert_int_gt(c.tid, 0);
	ck_assert_int_ne(c.tid, gettid());
}
END_TEST

START_TEST(proc_part_from_stat)
{
	struct wk_procstat st = { .pid = 9, .ppid = 1, .session = 9,
	    .tty_nr = 34817, .start_time = 4242, .comm = "sshd" };
	struct wk_caller c;

	memset(&c, 0x5a, sizeof c);
	wk_caller_fill_proc(&c, &st, 1000, 7);
	ck_assert_uint_eq(c.loginuid, 1000);
	ck_assert_uint_eq(c.sessionid, 7);
	ck_assert_int_eq(c.tty_nr, 34817);
	ck_assert_uint_eq(c.start_time, 4242);
	ck_assert_mem_eq(c.comm, st.comm, sizeof c.comm);
	/* The ids are not the stat file's to give. */
	ck_assert_int_eq(c.pid, 0x5a5a5a5a);
	ck_assert_int_eq(c.sid, 0x5a5a5a5a);
}
END_TEST

START_TEST(proc_part_without_stat)
{
	struct wk_caller c;

	memset(&c, 0, sizeof c);
	c.tty_nr = 5;
	c.start_time = 6;
	memcpy(c.comm, "kept", 5);
	wk_caller_fill_proc(&c, NULL, WK_ID_UNSET, WK_ID_UNSET);
	ck_assert_uint_eq(c.loginuid, WK_ID_UNSET);
	ck_assert_uint_eq(c.sessionid, WK_ID_UNSET);
	ck_assert_int_eq(c.tty_nr, 5);
	ck_assert_uint_eq(c.start_time, 6);
	ck_assert_str_eq(c.comm, "kept");
}
END_TEST

static Suite *
caller_ids_suite(void)
{
	Suite *s = suite_create("caller_ids");
	TCase *tc = tcase_create("fill");

	tcase_add_test(tc, ids_are_this_process);
	tcase_add_test(tc, tid_is_the_calling_thread);
	tcase_add_test(tc, proc_part_from_stat);
	tcase_add_test(tc, proc_part_without_stat);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(caller_ids_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
