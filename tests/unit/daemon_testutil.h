/*
 * Shared by the daemon's unit tests: a scratch directory per test and a
 * well-formed report for the calling process.
 */
#ifndef WHOKILLED_TESTS_DAEMON_TESTUTIL_H
#define WHOKILLED_TESTS_DAEMON_TESTUTIL_H

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/procs/procinfo.h"

#define TEST_BOOT_ID	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static char test_base_dir[128];

/* Once, in the runner: the directory every test makes its own below. */
static inline void test_make_base_dir(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(test_base_dir, sizeof test_base_dir, "%s/%s.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", name);
	if (mkdtemp(test_base_dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	/* Tests may drop privileges; they still need to reach their files. */
	chmod(test_base_dir, 0755);
}

static inline int test_remove_entry(const char *path, const struct stat *sb,
    int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void test_remove_base_dir(void)
{
	nftw(test_base_dir, test_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh directory for one test. */
static inline void test_dir(char *dir, size_t size)
{
	snprintf(dir, size, "%s/t.XXXXXX", test_base_dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
}

/* The command line of test_self_report's reports. */
static const char test_self_argv[] = "kill\0-TERM\0target";

/*
 * A report the calling process could send about a kill of target: its
 * own pid, ids, start time, terminal and login uid, as the shim fills them.
 * No command line: the report alone is the datagram (sizeof *r bytes);
 * test_self_argv_add gives it one.
 */
static inline void test_self_report(struct wk_kill_report *r, int32_t target,
    int signo)
{
	struct procinfo_stat st;
	struct wk_chain_entry self;
	struct timespec ts;

	wk_report_init(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	r->time.sec = ts.tv_sec;
	r->time.nsec = ts.tv_nsec;
	r->call = WK_CALL_KILL;
	r->signo = signo;
	r->arg_pid = target;
	r->flags = WK_F_CALLER_STAT_READ;
	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	ck_assert_int_eq(procinfo_read(getpid(), &self, NULL), 0);
	r->caller.pid = getpid();
	r->caller.tid = getpid();
	r->caller.ppid = getppid();
	r->caller.sid = getsid(0);
	r->caller.pgid = getpgid(0);
	r->caller.tty_nr = st.tty_nr;
	r->caller.start_time = st.start_time;
	r->caller.uid = getuid();
	r->caller.euid = geteuid();
	r->caller.suid = geteuid();
	r->caller.gid = getgid();
	r->caller.egid = getegid();
	r->caller.sgid = getegid();
	r->caller.loginuid = self.loginuid;
	snprintf(r->caller.comm, sizeof r->caller.comm, "kill");
	snprintf(r->caller.exe, sizeof r->caller.exe, "/usr/bin/kill");
	if (target > 0) {
		r->flags |= WK_F_TARGET_READ;
		r->target.pid = target;
		if (procinfo_read_stat(target, &st) == 0) {
			r->target.ppid = st.ppid;
			r->target.start_time = st.start_time;
			memcpy(r->target.comm, st.comm, sizeof r->target.comm);
		}
		r->target.uid = geteuid();
	}
}

/* Gives r the command line "kill -TERM target" (test_self_argv). */
static inline void test_self_argv_add(struct wk_kill_report *r)
{
	r->caller.argc = 3;
	r->caller.argv_len = sizeof test_self_argv;
	r->hdr.size = sizeof *r + sizeof test_self_argv;
}

/*
 * r as a datagram: r (its size set to fit), then the caller's argv_len
 * bytes of argv (test_self_argv when NULL).  Returns its length; buf holds
 * WK_REPORT_MAX bytes.
 */
static inline size_t test_datagram(const struct wk_kill_report *r,
    const char *argv, unsigned char *buf)
{
	struct wk_kill_report head = *r;

	if (argv == NULL)
		argv = test_self_argv;
	head.hdr.size = (uint32_t)(sizeof *r + r->caller.argv_len);
	memcpy(buf, &head, sizeof head);
	memcpy(buf + sizeof head, argv, r->caller.argv_len);
	return head.hdr.size;
}

#endif
