/*
 * Unit tests for the preload shim's core: /proc parsing, target and caller
 * capture, the configuration, and sending (with and without a listener).
 * Each test runs in its own process (CK_FORK), so the shim's static state
 * starts fresh every time.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../common/decimal.h"
#include "../../preload/shim_config.h"
#include "../../preload/shim_proc.h"
#include "../../preload/shim_raw_syscall.h"
#include "../../preload/shim_report.h"
#include "../../preload/shim_self.h"
#include "../../preload/shim_signal_syscall.h"
#include "whokilled/wire.h"

/* ------------------------------------------------------------ helpers */

/* A child that optionally leads its own group and renames itself, then waits. */
static pid_t
spawn_child(const char *name, int own_group)
{
	int ready[2];
	char byte = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(ready), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		if (name != NULL)
			prctl(PR_SET_NAME, name, 0, 0, 0);
		if (write(ready[1], &byte, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	return pid;
}

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A pid no process has now. */
static pid_t
unused_pid(void)
{
	pid_t pid = 4194304 - 17;

	while (kill(pid, 0) == 0 || errno != ESRCH)
		pid--;
	return pid;
}

/* Fields of /proc/PID/stat read independently of the shim, with stdio. */
struct stat_fields {
	int ppid, pgrp, session, tty_nr;
	unsigned long long start_time;
	char comm[64];
};

static void
stdio_stat(const char *path, struct stat_fields *f)
{
	char buf[2048];
	size_t n;
	char *open, *close;
	FILE *fp = fopen(path, "r");

	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	ck_assert(open != NULL && close != NULL && close > open);
	memset(f->comm, 0, sizeof f->comm);
	memcpy(f->comm, open + 1, (size_t)(close - open - 1));
	ck_assert_int_eq(sscanf(close + 1,
	    " %*c %d %d %d %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
	    &f->ppid, &f->pgrp, &f->session, &f->tty_nr, &f->start_time), 5);
}

static void
stdio_stat_pid(pid_t pid, struct stat_fields *f)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	stdio_stat(path, f);
}

/* The id in a /proc/self file, or WK_ID_UNSET when it cannot be read. */
static uint32_t
stdio_id(const char *path)
{
	unsigned long v;
	FILE *fp = fopen(path, "r");
	int ok;

	if (fp == NULL)
		return WK_ID_UNSET;
	ok = fscanf(fp, "%lu", &v) == 1;
	fclose(fp);
	return ok ? (uint32_t)v : WK_ID_UNSET;
}

/* A temporary directory for sockets, and the report socket path inside. */
struct sockdir {
	char dir[64];
	char path[108];
};

static void
sockdir_make(struct sockdir *d)
{
	snprintf(d->dir, sizeof d->dir, "/tmp/check_shim.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d->dir));
	ck_assert_int_ge(shim_config_socket_path(d->path, sizeof d->path,
	    d->dir, 0), 0);
}

static void
sockdir_remove(struct sockdir *d)
{
	unlink(d->path);
	rmdir(d->dir);
}

/* A datagram socket bound at path with SO_PASSCRED, like the daemon's. */
static int
listen_at(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int one = 1;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof one), 0);
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	return fd;
}

/* Receives one datagram (not waiting) with the kernel's credentials. */
static ssize_t
receive(int fd, void *buf, size_t size, struct ucred *cred)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof control.buf,
	};
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

	memset(cred, 0, sizeof *cred);
	for (cm = CMSG_FIRSTHDR(&msg); n >= 0 && cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_CREDENTIALS)
			memcpy(cred, CMSG_DATA(cm), sizeof *cred);
	return n;
}

/* A complete report about a SIGUSR1 to this process, as the wrapper builds it. */
static void
build_report(struct wk_kill_report *r)
{
	shim_report_start(r, WK_CALL_KILL, SIGUSR1, getpid(), 0);
	shim_read_target(r);
	shim_set_result(r, 0, 0);
	shim_fill_caller(r);
}

/* ------------------------------------------------------------ /proc/PID/stat */

static const char stat_tail[] = " S 1 100 100 34816 100 4194560 10 0 0 0 "
    "5 6 0 0 20 0 1 0 987654321 1000 200 18446744073709551615 1 1 0 0 0 "
    "0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

START_TEST(parse_stat_plain)
{
	struct wk_procstat st;
	char buf[512];

	snprintf(buf, sizeof buf, "4242 (sleep)%s", stat_tail);
	ck_assert_int_eq(wk_procstat_parse(buf, strlen(buf), &st), 0);
	ck_assert_int_eq(st.pid, 4242);
	ck_assert_str_eq(st.comm, "sleep");
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_int_eq(st.pgrp, 100);
	ck_assert_int_eq(st.session, 100);
	ck_assert_int_eq(st.tty_nr, 34816);
	ck_assert_uint_eq(st.start_time, 987654321);
}
END_TEST

START_TEST(parse_stat_comm_with_parens_and_spaces)
{
	struct wk_procstat st;
	char buf[512];

	snprintf(buf, sizeof buf, "77 (a) (b c) 9 9)%s", stat_tail);
	ck_assert_int_eq(wk_procstat_parse(buf, strlen(buf), &st), 0);
	ck_assert_int_eq(st.pid, 77);
	ck_assert_str_eq(st.comm, "a) (b c) 9 9");
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_uint_eq(st.start_time, 987654321);
}
END_TEST

START_TEST(parse_stat_long_comm_is_cut)
{
	struct wk_procstat st;
	char buf[512];

	snprintf(buf, sizeof buf, "5 (kworker/u8:3-events_unbound)%s", stat_tail);
	ck_assert_int_eq(wk_procstat_parse(buf, strlen(buf), &st), 0);
	ck_assert_uint_eq(strlen(st.comm), WK_COMM_MAX - 1);
	ck_assert_str_eq(st.comm, "kworker/u8:3-ev");
	ck_assert_uint_eq(st.start_time, 987654321);
}
END_TEST

START_TEST(parse_stat_rejects_malformed)
{
	static const char *const bad[] = {
		"",
		"12",
		"12 (x",
		"x (sleep) S 1 100 100 0",
		"12 (sleep) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",	/* stops at 21 */
		"12 (sleep) S one 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (sleep) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 -5",
		"12 (sleep) S 1 99999999999 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (sleep) S 1  100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5",
		"12 (sleep) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5x",
	};
	static const char good[] = "12 (sleep) S 1 100 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 5";
	struct wk_procstat st;

	/* The same shape with valid values parses: the cases below differ in one fault. */
	ck_assert_int_eq(wk_procstat_parse(good, sizeof good - 1, &st), 0);
	ck_assert_uint_eq(st.start_time, 5);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		errno = 0;
		ck_assert_msg(wk_procstat_parse(bad[i], strlen(bad[i]), &st) ==
		    -1, "accepted: \"%s\"", bad[i]);
		ck_assert_int_eq(errno, EINVAL);
	}
}
END_TEST

START_TEST(parse_stat_ignores_bytes_after_len)
{
	struct wk_procstat st;
	char buf[512];
	size_t len;

	snprintf(buf, sizeof buf, "4242 (sleep)%s", stat_tail);
	len = strlen(buf);
	/* A ')' past len must not move the end of the name. */
	snprintf(buf + len, sizeof buf - len, " x) y");
	ck_assert_int_eq(wk_procstat_parse(buf, len, &st), 0);
	ck_assert_str_eq(st.comm, "sleep");
}
END_TEST

START_TEST(read_stat_of_renamed_child)
{
	static const char name[] = "x) (y z";
	struct wk_procstat st;
	struct stat_fields f;
	uint32_t owner = 12345;
	pid_t child = spawn_child(name, 0);

	ck_assert_int_eq(shim_read_stat(child, &st, &owner), 0);
	stdio_stat_pid(child, &f);
	ck_assert_int_eq(st.pid, child);
	ck_assert_str_eq(st.comm, name);
	ck_assert_int_eq(st.ppid, getpid());
	ck_assert_int_eq(st.pgrp, f.pgrp);
	ck_assert_int_eq(st.session, f.session);
	ck_assert_int_eq(st.tty_nr, f.tty_nr);
	ck_assert_uint_eq(st.start_time, f.start_time);
	ck_assert_uint_eq(owner, geteuid());
	reap(child);
}
END_TEST

START_TEST(read_stat_of_self)
{
	struct wk_procstat st;
	struct stat_fields f;

	ck_assert_int_eq(shim_read_stat(0, &st, NULL), 0);
	stdio_stat("/proc/self/stat", &f);
	ck_assert_int_eq(st.pid, getpid());
	ck_assert_str_eq(st.comm, f.comm);
	ck_assert_uint_eq(st.start_time, f.start_time);
}
END_TEST

START_TEST(read_stat_of_missing_pid_fails)
{
	struct wk_procstat st;

	errno = 0;
	ck_assert_int_eq(shim_read_stat(unused_pid(), &st, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(shim_read_stat(-4, &st, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(read_id_matches_proc)
{
	uint32_t id = 0;

	if (shim_read_id("/proc/self/loginuid", &id) == 0)
		ck_assert_uint_eq(id, stdio_id("/proc/self/loginuid"));
	else
		ck_assert_uint_eq(stdio_id("/proc/self/loginuid"), WK_ID_UNSET);
	ck_assert_int_eq(shim_read_id("/proc/self/no-such-file", &id), -1);
	ck_assert_int_eq(errno, ENOENT);
	/* A file that is not a number. */
	ck_assert_int_eq(shim_read_id("/proc/self/comm", &id), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(pidfd_pid_from_fdinfo)
{
	pid_t child = spawn_child(NULL, 0);
	int pidfd = pidfd_open(child, 0);
	int fds[2];
	int32_t pid = 0;

	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(shim_pidfd_pid(pidfd, &pid), 0);
	ck_assert_int_eq(pid, child);
	reap(child);
	/* Once the process is gone and reaped the kernel shows Pid: -1. */
	ck_assert_int_eq(shim_pidfd_pid(pidfd, &pid), -1);
	ck_assert_int_eq(errno, ESRCH);
	close(pidfd);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(shim_pidfd_pid(fds[0], &pid), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(shim_pidfd_pid(-1, &pid), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(number_conversion)
{
	char buf[32];
	const char *p;
	int64_t v;
	static const char max[] = "9223372036854775807";
	static const char min[] = "-9223372036854775808";
	static const char over[] = "9223372036854775808";

	ck_assert_uint_eq(shim_format_u64(buf, sizeof buf, 0), 1);
	ck_assert_int_eq(buf[0], '0');
	ck_assert_uint_eq(shim_format_u64(buf, sizeof buf, UINT64_MAX), 20);
	ck_assert_int_eq(memcmp(buf, "18446744073709551615", 20), 0);
	ck_assert_uint_eq(shim_format_u64(buf, 3, 1234), 0);

	p = max;
	ck_assert_int_eq(wk_parse_i64(&p, max + sizeof max - 1, &v), 0);
	ck_assert(v == INT64_MAX && *p == '\0');
	p = min;
	ck_assert_int_eq(wk_parse_i64(&p, min + sizeof min - 1, &v), 0);
	ck_assert(v == INT64_MIN);
	p = over;
	ck_assert_int_eq(wk_parse_i64(&p, over + sizeof over - 1, &v), -1);
	p = "-";
	ck_assert_int_eq(wk_parse_i64(&p, p + 1, &v), -1);
	p = "12 3";
	ck_assert_int_eq(wk_parse_i64(&p, p + 4, &v), 0);
	ck_assert(v == 12 && *p == ' ');
}
END_TEST

/* ------------------------------------------------------------ target */

START_TEST(target_of_live_child)
{
	static const char name[] = "victim (1)";
	struct wk_kill_report r;
	struct stat_fields f;
	pid_t child = spawn_child(name, 0);

	shim_report_start(&r, WK_CALL_KILL, SIGTERM, child, 0);
	shim_read_target(&r);
	stdio_stat_pid(child, &f);
	ck_assert_uint_eq(r.flags, WK_F_TARGET_READ);
	ck_assert_int_eq(r.target.pid, child);
	ck_assert_int_eq(r.target.ppid, getpid());
	ck_assert_str_eq(r.target.comm, name);
	ck_assert_uint_eq(r.target.start_time, f.start_time);
	ck_assert_uint_eq(r.target.uid, geteuid());
	ck_assert_uint_eq(r.call, WK_CALL_KILL);
	ck_assert_int_eq(r.signo, SIGTERM);
	ck_assert_int_eq(r.arg_pid, child);
	reap(child);
}
END_TEST

START_TEST(target_uid_is_the_effective_uid)
{
	struct wk_kill_report r;
	int ready[2];
	char byte = 0;
	uid_t expect = geteuid() == 0 ? 65534 : geteuid();
	pid_t child;

	ck_assert_int_eq(pipe(ready), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* As root: a real and effective uid of nobody, made dumpable
		 * again so /proc shows it (a credential change clears it). */
		if (geteuid() == 0 && setresuid(65534, 65534, 65534) < 0)
			_exit(1);
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		if (write(ready[1], &byte, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &byte, 1), 1);
	shim_report_start(&r, WK_CALL_KILL, SIGTERM, child, 0);
	shim_read_target(&r);
	ck_assert(r.flags & WK_F_TARGET_READ);
	ck_assert_uint_eq(r.target.uid, expect);
	reap(child);
}
END_TEST

START_TEST(target_of_missing_pid)
{
	struct wk_kill_report r;
	pid_t gone = unused_pid();

	shim_report_start(&r, WK_CALL_KILL, SIGKILL, gone, 0);
	shim_read_target(&r);
	ck_assert_uint_eq(r.flags & WK_F_TARGET_READ, 0);
	ck_assert_int_eq(r.target.pid, 0);
	ck_assert_uint_eq(r.target.start_time, 0);
	ck_assert_str_eq(r.target.comm, "");
	ck_assert_int_eq(r.arg_pid, gone);
}
END_TEST

/* Flags and target pid the shim derives for one call. */
static void
check_target(enum wk_call call, int arg_pid, int arg_tid,
    uint32_t want_flags, pid_t want_pid)
{
	struct wk_kill_report r;

	shim_report_start(&r, call, SIGHUP, arg_pid, arg_tid);
	shim_read_target(&r);
	ck_assert_msg(r.flags == want_flags,
	    "call %d arg %d: flags %#x, want %#x", (int)call, arg_pid,
	    r.flags, want_flags);
	ck_assert_msg(r.target.pid == want_pid,
	    "call %d arg %d: target %d, want %d", (int)call, arg_pid,
	    r.target.pid, (int)want_pid);
}

START_TEST(target_groups_and_all)
{
	const uint32_t group_read = WK_F_TARGET_GROUP | WK_F_TARGET_READ;
	pid_t child;

	/* This test process leads its own group; the child another. */
	ck_assert_int_eq(setpgid(0, 0), 0);
	child = spawn_child(NULL, 1);

	check_target(WK_CALL_KILL, 0, 0, group_read, getpid());
	check_target(WK_CALL_KILL, -child, 0, group_read, child);
	check_target(WK_CALL_KILL, -1, 0, WK_F_TARGET_ALL, 0);
	check_target(WK_CALL_KILL, INT_MIN, 0, WK_F_TARGET_GROUP, 0);
	check_target(WK_CALL_KILL, -unused_pid(), 0, WK_F_TARGET_GROUP, 0);

	check_target(WK_CALL_KILLPG, 0, 0, group_read, getpid());
	check_target(WK_CALL_KILLPG, child, 0, group_read, child);
	check_target(WK_CALL_KILLPG, 1, 0, WK_F_TARGET_ALL, 0);
	check_target(WK_CALL_KILLPG, -child, 0, 0, 0);

	check_target(WK_CALL_SIGQUEUE, child, 0, WK_F_TARGET_READ, child);
	check_target(WK_CALL_SIGQUEUE, 0, 0, 0, 0);
	check_target(WK_CALL_SIGQUEUE, -child, 0, 0, 0);

	check_target(WK_CALL_TGKILL, child, child, WK_F_TARGET_READ, child);
	check_target(WK_CALL_TGKILL, 0, child, 0, 0);
	reap(child);
}
END_TEST

START_TEST(target_through_pidfd)
{
	pid_t child = spawn_child("by pidfd", 0);
	int pidfd = pidfd_open(child, 0);

	ck_assert_int_ge(pidfd, 0);
	check_target(WK_CALL_PIDFD_SEND_SIGNAL, pidfd, 0, WK_F_TARGET_READ, child);
	check_target(WK_CALL_PIDFD_SEND_SIGNAL, 0, 0, 0, 0);
	check_target(WK_CALL_PIDFD_SEND_SIGNAL, -1, 0, 0, 0);
	reap(child);
	close(pidfd);
}
END_TEST

START_TEST(target_through_proc_directory)
{
	pid_t child = spawn_child("by procdir", 0);
	char path[64];
	int dirfd, other;

	/* psmisc's killall signals through an open /proc/PID directory. */
	snprintf(path, sizeof path, "/proc/%d", (int)child);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	check_target(WK_CALL_PIDFD_SEND_SIGNAL, dirfd, 0, WK_F_TARGET_READ,
	    child);
	/* A directory outside /proc is not read, whatever it holds. */
	other = open("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(other, 0);
	check_target(WK_CALL_PIDFD_SEND_SIGNAL, other, 0, 0, 0);
	ck_assert_int_eq(shim_read_stat_at(other, &(struct wk_procstat){ 0 },
	    NULL), -1);
	ck_assert_int_eq(errno, EBADF);
	close(other);
	reap(child);
	close(dirfd);
}
END_TEST

/* A second thread of this process: its tid, and it waits for release. */
struct waiting_thread {
	pthread_t thread;
	int ready[2];
	int release[2];
	pid_t tid;
};

static void *
waiting_thread_main(void *arg)
{
	struct waiting_thread *t = arg;
	pid_t tid = gettid();
	char byte;

	if (write(t->ready[1], &tid, sizeof tid) != sizeof tid)
		return NULL;
	if (read(t->release[0], &byte, 1) < 0)
		return NULL;
	return NULL;
}

static void
waiting_thread_start(struct waiting_thread *t)
{
	ck_assert_int_eq(pipe(t->ready), 0);
	ck_assert_int_eq(pipe(t->release), 0);
	ck_assert_int_eq(pthread_create(&t->thread, NULL, waiting_thread_main,
	    t), 0);
	ck_assert_int_eq(read(t->ready[0], &t->tid, sizeof t->tid),
	    sizeof t->tid);
	ck_assert_int_ne(t->tid, getpid());
}

static void
waiting_thread_stop(struct waiting_thread *t)
{
	ck_assert_int_eq(write(t->release[1], "x", 1), 1);
	ck_assert_int_eq(pthread_join(t->thread, NULL), 0);
}

START_TEST(target_of_a_thread)
{
	struct waiting_thread t;
	struct wk_kill_report r;
	int32_t tgid = 0;

	waiting_thread_start(&t);
	ck_assert_int_eq(shim_thread_tgid(t.tid, &tgid), 0);
	ck_assert_int_eq(tgid, getpid());
	ck_assert_int_eq(shim_thread_tgid(getpid(), &tgid), 0);
	ck_assert_int_eq(tgid, getpid());
	ck_assert_int_eq(shim_thread_tgid(unused_pid(), &tgid), -1);
	ck_assert_int_eq(errno, ENOENT);

	/* tkill(tid): the target is the thread's process, and since that is
	 * this process, the call may reach the caller. */
	shim_report_start(&r, WK_CALL_TGKILL, SIGHUP, t.tid, t.tid);
	shim_read_thread_target(&r);
	ck_assert_uint_eq(r.flags, WK_F_TARGET_READ);
	ck_assert_int_eq(r.target.pid, getpid());
	ck_assert(shim_may_include_self(&r));
	/* Read as a tgkill it would be the thread alone, not its process. */
	shim_report_start(&r, WK_CALL_TGKILL, SIGHUP, t.tid, t.tid);
	shim_read_target(&r);
	ck_assert_int_eq(r.target.pid, t.tid);
	waiting_thread_stop(&t);

	/* A thread that is gone: nothing read. */
	shim_report_start(&r, WK_CALL_TGKILL, SIGHUP, t.tid, t.tid);
	shim_read_thread_target(&r);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert(!shim_may_include_self(&r));
}
END_TEST

/* Whether the shim takes call(arg_pid, arg_tid) as one that may reach itself. */
static int
includes_self(enum wk_call call, int arg_pid, int arg_tid)
{
	struct wk_kill_report r;

	shim_report_start(&r, call, SIGHUP, arg_pid, arg_tid);
	shim_read_target(&r);
	return shim_may_include_self(&r);
}

START_TEST(calls_that_may_reach_the_caller)
{
	pid_t self = getpid(), child;
	int pidfd_self, pidfd_child;

	/* This test process leads its own group; the child another. */
	ck_assert_int_eq(setpgid(0, 0), 0);
	child = spawn_child(NULL, 1);

	/* kill: 0 (its own group), -1 (every process: the daemon maybe),
	 * itself, its own group by number -- and nothing else. */
	ck_assert(includes_self(WK_CALL_KILL, 0, 0));
	ck_assert(includes_self(WK_CALL_KILL, -1, 0));
	ck_assert(includes_self(WK_CALL_KILL, self, 0));
	ck_assert(includes_self(WK_CALL_KILL, -self, 0));
	ck_assert(!includes_self(WK_CALL_KILL, child, 0));
	ck_assert(!includes_self(WK_CALL_KILL, -child, 0));
	ck_assert(!includes_self(WK_CALL_KILL, INT_MIN, 0));
	ck_assert(!includes_self(WK_CALL_KILL, -unused_pid(), 0));

	/* killpg(p) is kill(-p): 0 its group, 1 every process. */
	ck_assert(includes_self(WK_CALL_KILLPG, 0, 0));
	ck_assert(includes_self(WK_CALL_KILLPG, 1, 0));
	ck_assert(includes_self(WK_CALL_KILLPG, self, 0));
	ck_assert(!includes_self(WK_CALL_KILLPG, child, 0));
	ck_assert(!includes_self(WK_CALL_KILLPG, -self, 0));

	/* One process: itself only. */
	ck_assert(includes_self(WK_CALL_SIGQUEUE, self, 0));
	ck_assert(!includes_self(WK_CALL_SIGQUEUE, child, 0));
	ck_assert(!includes_self(WK_CALL_SIGQUEUE, 0, 0));
	ck_assert(!includes_self(WK_CALL_SIGQUEUE, -1, 0));

	/* A thread of its own, whatever the thread: a fatal signal ends
	 * the whole process. */
	ck_assert(includes_self(WK_CALL_TGKILL, self, self));
	ck_assert(includes_self(WK_CALL_TGKILL, self, 1));
	ck_assert(!includes_self(WK_CALL_TGKILL, child, child));
	ck_assert(!includes_self(WK_CALL_TGKILL, 0, self));

	/* A pidfd: its pid, read from fdinfo with the target. */
	pidfd_self = pidfd_open(self, 0);
	pidfd_child = pidfd_open(child, 0);
	ck_assert_int_ge(pidfd_self, 0);
	ck_assert_int_ge(pidfd_child, 0);
	ck_assert(includes_self(WK_CALL_PIDFD_SEND_SIGNAL, pidfd_self, 0));
	ck_assert(!includes_self(WK_CALL_PIDFD_SEND_SIGNAL, pidfd_child, 0));
	ck_assert(!includes_self(WK_CALL_PIDFD_SEND_SIGNAL, -1, 0));
	close(pidfd_self);
	close(pidfd_child);
	reap(child);
}
END_TEST

/* ----------------------------------------------------------- syscall */

START_TEST(raw_syscall_is_the_kernel_call)
{
	long nr_bad = 100000;

	errno = 4242;
	ck_assert_int_eq(shim_syscall(SYS_getpid), getpid());
	ck_assert_int_eq(shim_syscall(SYS_gettid), gettid());
	ck_assert_int_eq(errno, 4242);	/* success leaves errno alone */
	ck_assert_int_eq(shim_syscall(nr_bad), -1);
	ck_assert_int_eq(errno, ENOSYS);
	ck_assert_int_eq(shim_syscall(SYS_close, -1), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_int_eq(shim_syscall(SYS_kill, unused_pid(), 0), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

START_TEST(raw_syscall_passes_six_arguments)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = memfd_create("six", MFD_CLOEXEC);
	char *p;

	/* mmap's fifth and sixth arguments: the descriptor and the offset. */
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 2 * page), 0);
	ck_assert_int_eq(pwrite(fd, "second", 6, page), 6);
	p = (char *)shim_syscall(SYS_mmap, NULL, page, PROT_READ, MAP_SHARED,
	    fd, page);
	ck_assert_ptr_ne(p, MAP_FAILED);
	/* A pointer: a long result is not cut to an int. */
	ck_assert_mem_eq(p, "second", 6);
	ck_assert_int_eq(munmap(p, page), 0);
	close(fd);
}
END_TEST

/* Decodes syscall(nr, a0, a1, a2, a3) into *d; returns the decoder's answer. */
static int
decode(long nr, long a0, long a1, long a2, long a3,
    struct shim_signal_syscall *d)
{
	const long args[6] = { a0, a1, a2, a3, 77, 88 };

	return shim_signal_syscall_decode(nr, args, d);
}

START_TEST(signal_syscalls_read_as_their_named_calls)
{
	struct shim_signal_syscall d;

	ck_assert_int_eq(decode(SYS_kill, -42, SIGTERM, 5, 6, &d), 0);
	ck_assert_int_eq(d.call, WK_CALL_KILL);
	ck_assert_int_eq(d.pid, -42);
	ck_assert_int_eq(d.tid, 0);
	ck_assert_int_eq(d.sig, SIGTERM);
	ck_assert_int_eq(d.thread_only, 0);

	/* tkill(tid) as the audit reader names it: tgkill(tid, tid). */
	ck_assert_int_eq(decode(SYS_tkill, 1234, SIGUSR1, 5, 6, &d), 0);
	ck_assert_int_eq(d.call, WK_CALL_TGKILL);
	ck_assert_int_eq(d.pid, 1234);
	ck_assert_int_eq(d.tid, 1234);
	ck_assert_int_eq(d.sig, SIGUSR1);
	ck_assert_int_eq(d.thread_only, 1);

	ck_assert_int_eq(decode(SYS_tgkill, 100, 101, SIGINT, 6, &d), 0);
	ck_assert_int_eq(d.call, WK_CALL_TGKILL);
	ck_assert_int_eq(d.pid, 100);
	ck_assert_int_eq(d.tid, 101);
	ck_assert_int_eq(d.sig, SIGINT);
	ck_assert_int_eq(d.thread_only, 0);

	ck_assert_int_eq(decode(SYS_rt_sigqueueinfo, 100, SIGRTMIN, 0, 6,
	    &d), 0);
	ck_assert_int_eq(d.call, WK_CALL_SIGQUEUE);
	ck_assert_int_eq(d.pid, 100);
	ck_assert_int_eq(d.tid, 0);
	ck_assert_int_eq(d.sig, SIGRTMIN);

	ck_assert_int_eq(decode(SYS_rt_tgsigqueueinfo, 100, 101, SIGHUP, 0,
	    &d), 0);
	ck_assert_int_eq(d.call, WK_CALL_SIGQUEUE);
	ck_assert_int_eq(d.pid, 100);
	ck_assert_int_eq(d.tid, 101);
	ck_assert_int_eq(d.sig, SIGHUP);

	ck_assert_int_eq(decode(SYS_pidfd_send_signal, 7, SIGKILL, 0, 0, &d),
	    0);
	ck_assert_int_eq(d.call, WK_CALL_PIDFD_SEND_SIGNAL);
	ck_assert_int_eq(d.pid, 7);
	ck_assert_int_eq(d.sig, SIGKILL);

	/* Arguments are ints to the kernel: the upper half is not read. */
	ck_assert_int_eq(decode(SYS_kill, 0x100000000L | 55,
	    0x700000000L | SIGTERM, 0, 0, &d), 0);
	ck_assert_int_eq(d.pid, 55);
	ck_assert_int_eq(d.sig, SIGTERM);
	ck_assert_int_eq(decode(SYS_kill, 0xffffffffL, 0, 0, 0, &d), 0);
	ck_assert_int_eq(d.pid, -1);
}
END_TEST

START_TEST(other_syscalls_are_not_signals)
{
	struct shim_signal_syscall d;
	long nr;
	int signals = 0;

	for (nr = -1; nr < 2 * SHIM_SIGNAL_SYSCALL_LIMIT; nr++)
		signals += shim_syscall_sends_signal(nr);
	ck_assert_int_eq(signals, 6);
	ck_assert(!shim_syscall_sends_signal(SYS_futex));
	ck_assert(!shim_syscall_sends_signal(SYS_getpid));
	ck_assert(!shim_syscall_sends_signal(SYS_pidfd_open));
	ck_assert(!shim_syscall_sends_signal(LONG_MIN));
	ck_assert(!shim_syscall_sends_signal(LONG_MAX));
	ck_assert_int_eq(decode(SYS_futex, 1, 2, 3, 4, &d), -1);
	ck_assert_int_eq(decode(-1, 1, 2, 3, 4, &d), -1);
	/* The kernel reads the number as an int: so does the shim. */
	ck_assert(shim_syscall_sends_signal(0x100000000L | SYS_kill));
	ck_assert(shim_syscall_sends_signal(0x7fffffff00000000L |
	    SYS_pidfd_send_signal));
}
END_TEST

/* ------------------------------------------------------------ caller */

START_TEST(self_view_is_read_once_per_process)
{
	struct shim_self a, b;
	struct stat_fields f;
	uint32_t loginuid;
	int status;
	pid_t child;

	shim_self_forget();
	ck_assert_int_eq(shim_self_get((uint32_t)getpid(), getsid(0), &a), 0);
	ck_assert_int_eq(shim_self_get((uint32_t)getpid(), getsid(0), &b), 1);
	ck_assert_mem_eq(&a, &b, sizeof a);
	stdio_stat("/proc/self/stat", &f);
	ck_assert_uint_eq(a.stat_read, 1);
	ck_assert_uint_eq(a.stat.start_time, f.start_time);
	ck_assert_int_eq(a.stat.tty_nr, f.tty_nr);
	if (shim_read_id("/proc/self/loginuid", &loginuid) == 0)
		ck_assert_uint_eq(a.loginuid, loginuid);

	/* A child is another process: it reads its own view. */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		struct shim_self c;
		int from_copy = shim_self_get((uint32_t)getpid(), getsid(0), &c);

		stdio_stat("/proc/self/stat", &f);
		_exit(from_copy == 0 && c.stat.start_time == f.start_time &&
		    c.pid == (uint32_t)getpid() ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

START_TEST(self_view_is_read_again_in_a_new_session)
{
	int status;
	pid_t child;

	shim_self_forget();
	/* A child, which is never a session leader, so setsid() works. */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		struct shim_self v;
		int first, after_setsid, again;

		first = shim_self_get((uint32_t)getpid(), getsid(0), &v);
		if (setsid() == -1)
			_exit(2);
		after_setsid = shim_self_get((uint32_t)getpid(), getsid(0), &v);
		if (v.sid != getpid() || v.stat.tty_nr != 0)
			_exit(3);
		again = shim_self_get((uint32_t)getpid(), getsid(0), &v);
		_exit(first == 0 && after_setsid == 0 && again == 1 ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(caller_matches_the_process)
{
	char a0[] = "prog", a1[] = "-x", a2[] = "a b";
	char *const args[] = { a0, a1, a2, NULL };
	struct wk_kill_report r;
	struct stat_fields f;
	uid_t uid, euid, suid;
	gid_t gid, egid, sgid;

	shim_config_capture_argv(&shim_config, 3, args);
	shim_config_capture_exe(&shim_config, "/usr/bin/prog");
	shim_report_start(&r, WK_CALL_KILL, SIGTERM, 1, 0);
	shim_set_result(&r, -1, EPERM);
	shim_fill_caller(&r);
	ck_assert_int_eq(getresuid(&uid, &euid, &suid), 0);
	ck_assert_int_eq(getresgid(&gid, &egid, &sgid), 0);
	stdio_stat("/proc/self/stat", &f);

	ck_assert_int_eq(r.result, -1);
	ck_assert_int_eq(r.error, EPERM);
	ck_assert_int_eq(r.caller.pid, getpid());
	ck_assert_int_eq(r.caller.ppid, getppid());
	ck_assert_int_eq(r.caller.tid, gettid());
	ck_assert_uint_eq(r.caller.uid, uid);
	ck_assert_uint_eq(r.caller.euid, euid);
	ck_assert_uint_eq(r.caller.suid, suid);
	ck_assert_uint_eq(r.caller.gid, gid);
	ck_assert_uint_eq(r.caller.egid, egid);
	ck_assert_uint_eq(r.caller.sgid, sgid);
	ck_assert_uint_eq(r.caller.loginuid, stdio_id("/proc/self/loginuid"));
	ck_assert_uint_eq(r.caller.sessionid, stdio_id("/proc/self/sessionid"));
	ck_assert(r.flags & WK_F_CALLER_STAT_READ);
	ck_assert_int_eq(r.caller.sid, getsid(0));
	ck_assert_int_eq(r.caller.pgid, getpgrp());
	ck_assert_int_eq(r.caller.tty_nr, f.tty_nr);
	ck_assert_uint_eq(r.caller.start_time, f.start_time);
	ck_assert_str_eq(r.caller.comm, f.comm);
	ck_assert_str_eq(r.caller.exe, "/usr/bin/prog");
	ck_assert_uint_eq(r.caller.argc, 3);
	ck_assert_uint_eq(r.caller.argv_len, sizeof "prog\0-x\0a b");
	ck_assert_int_eq(memcmp(shim_config.argv_packed, "prog\0-x\0a b", sizeof "prog\0-x\0a b"), 0);
	ck_assert_uint_eq(r.caller.argv_cut.head, 0);
	ck_assert_uint_eq(r.flags & WK_F_ARGV_TRUNCATED, 0);
}
END_TEST

START_TEST(result_keeps_errno_only_on_failure)
{
	struct wk_kill_report r;

	shim_report_start(&r, WK_CALL_KILL, SIGTERM, 1, 0);
	shim_set_result(&r, 0, EINTR);
	ck_assert_int_eq(r.result, 0);
	ck_assert_int_eq(r.error, 0);
	shim_set_result(&r, -1, ESRCH);
	ck_assert_int_eq(r.result, -1);
	ck_assert_int_eq(r.error, ESRCH);
}
END_TEST

START_TEST(report_start_fills_header_and_time)
{
	struct wk_kill_report r;
	struct timespec before, after;

	memset(&r, 0xa5, sizeof r);
	clock_gettime(CLOCK_REALTIME, &before);
	shim_report_start(&r, WK_CALL_TGKILL, SIGRTMIN, 10, 11);
	clock_gettime(CLOCK_REALTIME, &after);
	ck_assert_uint_eq(r.hdr.magic, WK_REPORT_MAGIC);
	ck_assert_uint_eq(r.hdr.version, WK_WIRE_VERSION);
	ck_assert_uint_eq(r.hdr.type, WK_MSG_KILL);
	ck_assert_uint_eq(r.hdr.size, sizeof r);
	ck_assert_uint_eq(r.hdr.dropped, 0);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert_int_eq(r.arg_pid, 10);
	ck_assert_int_eq(r.arg_tid, 11);
	ck_assert_int_eq(r.signo, SIGRTMIN);
	ck_assert(r.time.sec >= before.tv_sec && r.time.sec <= after.tv_sec);
	ck_assert_int_eq(r.target.pid, 0);
}
END_TEST

/* ------------------------------------------------------------ config */

START_TEST(socket_path_from_env)
{
	char path[SHIM_SOCKET_PATH_MAX];
	char dir[WK_SOCKET_DIR_MAX + 2];

	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, NULL, 0), 1);
	ck_assert_str_eq(path, WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);

	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, "/tmp/x", 0), 0);
	ck_assert_str_eq(path, "/tmp/x/" WK_REPORT_SOCKET);

	/* Setuid and other AT_SECURE programs ignore the environment. */
	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, "/tmp/x", 1), 1);
	ck_assert_str_eq(path, WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);

	/* The longest accepted directory still fits sun_path. */
	memset(dir, 'd', WK_SOCKET_DIR_MAX);
	dir[0] = '/';
	dir[WK_SOCKET_DIR_MAX] = '\0';
	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, dir, 0), 0);
	ck_assert_uint_eq(strlen(path), WK_SOCKET_DIR_MAX + 1 + strlen(WK_REPORT_SOCKET));

	/* One byte longer is rejected and the default kept. */
	dir[WK_SOCKET_DIR_MAX] = 'd';
	dir[WK_SOCKET_DIR_MAX + 1] = '\0';
	errno = 0;
	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, dir, 0), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_str_eq(path, WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);

	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, "run/x", 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(path, WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);
	ck_assert_int_eq(shim_config_socket_path(path, sizeof path, "", 0), -1);
	ck_assert_str_eq(path, WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);
}
END_TEST

START_TEST(config_init_rejects_long_env)
{
	char a0[] = "check_shim";
	char *const args[] = { a0, NULL };
	char dir[WK_SOCKET_DIR_MAX + 2];

	memset(dir, 'e', sizeof dir - 1);
	dir[0] = '/';
	dir[sizeof dir - 1] = '\0';
	ck_assert_int_eq(setenv(WK_SOCKET_DIR_ENV, dir, 1), 0);
	shim_config_init(1, args, environ);
	ck_assert_str_eq(shim_config_socket(&shim_config),
	    WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);
	ck_assert_int_eq(shim_config.ready, 1);

	ck_assert_int_eq(setenv(WK_SOCKET_DIR_ENV, "/tmp/wk", 1), 0);
	shim_config_init(1, args, environ);
	ck_assert_str_eq(shim_config_socket(&shim_config), "/tmp/wk/" WK_REPORT_SOCKET);
	ck_assert_uint_eq(shim_config.argc, 1);
	ck_assert_str_eq(shim_config.argv_area, "check_shim");
	/* AT_EXECFN of this test binary. */
	ck_assert(strstr(shim_config.exe, "check_shim") != NULL);
}
END_TEST

START_TEST(argv_is_cut_to_fit)
{
	static char big[WK_ARGV_MAX];
	char a0[] = "prog", a2[] = "4711";
	char *const args[] = { a0, big, a2, NULL };
	static struct shim_config cfg;

	/* "prog\0" then an argument of the rest: exactly WK_ARGV_MAX bytes. */
	memset(big, 'b', WK_ARGV_MAX - 6);
	big[WK_ARGV_MAX - 6] = '\0';
	shim_config_capture_argv(&cfg, 2, args);
	ck_assert_uint_eq(cfg.argv_packed_len, WK_ARGV_MAX);
	ck_assert_uint_eq(cfg.argv_cut.head, 0);

	/* A third argument no longer fits: the beginning and the end are
	 * kept, the long one in the middle left out. */
	shim_config_capture_argv(&cfg, 3, args);
	ck_assert_uint_eq(cfg.argc, 3);
	ck_assert_uint_eq(cfg.argv_packed_len, sizeof "prog" + sizeof "4711");
	ck_assert_mem_eq(cfg.argv_packed, "prog\0" "4711", sizeof "prog\0" "4711");
	ck_assert_uint_eq(cfg.argv_cut.head, 1);
	ck_assert_uint_eq(cfg.argv_cut.args, 1);
	ck_assert_uint_eq(cfg.argv_cut.bytes, WK_ARGV_MAX - 6);

	/* A NULL entry (a nonconforming loader) ends the arguments. */
	shim_config_capture_argv(&cfg, 5, args);
	ck_assert_uint_eq(cfg.argc, 3);

	shim_config_capture_argv(&cfg, 0, NULL);
	ck_assert_uint_eq(cfg.argc, 0);
	ck_assert_uint_eq(cfg.argv_packed_len, 0);
	ck_assert_uint_eq(cfg.argv_cut.head, 0);
}
END_TEST

/* Strings laid out one after the other, as exec lays them: args points in. */
static void
lay_out(char *area, size_t size, char **args, const char *const *strs, int n)
{
	size_t off = 0;

	memset(area, 0, size);
	for (int i = 0; i < n; i++) {
		args[i] = area + off;
		memcpy(area + off, strs[i], strlen(strs[i]) + 1);
		off += strlen(strs[i]) + 1;
	}
	args[n] = NULL;
}

START_TEST(argv_is_sent_from_where_exec_put_it)
{
	static const char *const strs[] = { "kill", "-TERM", "4711" };
	static char area[64];
	static struct shim_config cfg;
	struct shim_argv v;
	char *args[4];

	lay_out(area, sizeof area, args, strs, 3);
	shim_config_capture_argv(&cfg, 3, args);
	/* Nothing copied at load: only where the strings are. */
	ck_assert_ptr_eq(cfg.argv_area, area);
	ck_assert_ptr_null(cfg.argv_packed);
	shim_config_argv(&cfg, &v);
	ck_assert_ptr_eq(v.bytes, area);
	ck_assert_uint_eq(v.len, sizeof "kill\0-TERM\0" "4711");
	ck_assert_int_eq(v.add_nul, 0);
	ck_assert_uint_eq(v.argc, 3);
	ck_assert_uint_eq(v.cut.head, 0);

	/* Strings elsewhere (ld.so --argv0) are packed, as before. */
	args[0] = (char *)(uintptr_t)"other";
	shim_config_capture_argv(&cfg, 3, args);
	ck_assert_ptr_null(cfg.argv_area);
	ck_assert_ptr_eq(cfg.argv_packed, cfg.argv_inline);
	shim_config_argv(&cfg, &v);
	ck_assert_uint_eq(v.argc, 3);
	ck_assert_mem_eq(v.bytes, "other\0-TERM\0" "4711", sizeof "other\0-TERM\0" "4711");
}
END_TEST

START_TEST(a_rewritten_command_line_is_sent_as_it_reads_now)
{
	static const char *const strs[] = { "postgres", "-D", "/srv/db" };
	static char area[64], argv[WK_ARGV_MAX], buf[WK_REPORT_MAX];
	static struct shim_config saved;
	struct wk_kill_report r, got;
	struct shim_argv v;
	struct sockdir d;
	struct ucred cred;
	const char *why = NULL;
	char *args[4];
	size_t len;
	ssize_t n;
	int fd;

	lay_out(area, sizeof area, args, strs, 3);
	len = sizeof "postgres\0-D\0/srv/db";
	saved = shim_config;
	shim_config_capture_argv(&shim_config, 3, args);

	/* setproctitle: a title, then NULs to the end of the area. */
	memset(area, 0, len);
	memcpy(area, "postgres: wal", sizeof "postgres: wal" - 1);
	shim_config_argv(&shim_config, &v);
	ck_assert_uint_eq(v.len, len);
	ck_assert_int_eq(v.add_nul, 0);
	/* The title and the padding's empty strings, as /proc/PID/cmdline. */
	ck_assert_uint_eq(v.argc, len - strlen("postgres: wal"));

	/* A title that fills the area to its last byte gets a NUL sent after
	 * it, and the report decodes. */
	memset(area, 'x', len);
	shim_config_argv(&shim_config, &v);
	ck_assert_int_eq(v.add_nul, 1);
	ck_assert_uint_eq(v.argc, 1);
	sockdir_make(&d);
	fd = listen_at(d.path);
	shim_report_start(&r, WK_CALL_KILL, SIGTERM, 1, 0);
	shim_set_result(&r, 0, 0);
	shim_fill_caller(&r);
	ck_assert_uint_eq(r.caller.argv_len, len + 1);
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof r + len + 1);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, &got, argv, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_uint_eq(got.caller.argc, 1);
	ck_assert_uint_eq(strlen(argv), len);
	close(fd);
	sockdir_remove(&d);
	shim_config = saved;
}
END_TEST

START_TEST(socket_dir_is_read_from_the_constructors_envp)
{
	char a0[] = "check_shim";
	char *const args[] = { a0, NULL };
	char e0[] = "WHOKILLED_SOCKET_DIRX=/wrong", e1[] = "PATH=/bin",
	    e2[] = "WHOKILLED_SOCKET_DIR=/tmp/env-dir";
	char *const envp[] = { e0, e1, e2, NULL };
	char *const none[] = { e0, e1, NULL };
	struct shim_config saved = shim_config;

	shim_config_init(1, args, envp);
	ck_assert_str_eq(shim_config_socket(&shim_config),
	    "/tmp/env-dir/" WK_REPORT_SOCKET);
	shim_config_init(1, args, none);
	ck_assert_str_eq(shim_config_socket(&shim_config),
	    WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);
	shim_config_init(1, args, NULL);
	ck_assert_str_eq(shim_config_socket(&shim_config),
	    WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET);
	shim_config = saved;
}
END_TEST

/* ------------------------------------------------------------ sending */

/*
 * A receiving socket made without SO_PASSCRED (by a service manager that was
 * not asked for it) still gets the sender's credentials once it turns the
 * option on: the shim asks for them on its own side.
 */
START_TEST(credentials_ride_without_the_receiver_asking)
{
	struct sockdir d;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct wk_kill_report r;
	struct ucred cred;
	char buf[4096];
	int one = 1;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	sockdir_make(&d);
	ck_assert_int_ge(fd, 0);
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", d.path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	build_report(&r);
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof one), 0);
	ck_assert_int_eq(receive(fd, buf, sizeof buf, &cred),
	    sizeof r + r.caller.argv_len);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_uint_eq(cred.uid, getuid());
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/*
 * A root parent signalling its child reads the child's cgroup before
 * delivery (it may reap it at once) and sends it after argv; a process
 * that is not its child gets none read.
 */
START_TEST(a_parent_sends_its_childs_cgroup)
{
	static char argv[WK_ARGV_MAX];
	char cgroup[WK_TARGET_CGROUP_MAX + 1], buf[8192], want[2048], path[64];
	struct sockdir d;
	struct wk_kill_report r, got;
	struct ucred cred;
	const char *why = NULL, *tail;
	ssize_t n, wn;
	pid_t child;
	int fd, wfd;

	if (geteuid() != 0)
		ck_abort_msg("needs root: only a root parent sends the cgroup");
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)child);
	wfd = open(path, O_RDONLY);
	ck_assert_int_ge(wfd, 0);
	wn = read(wfd, want, sizeof want);
	close(wfd);
	ck_assert_int_gt(wn, 0);

	sockdir_make(&d);
	fd = listen_at(d.path);
	shim_report_start(&r, WK_CALL_KILL, SIGTERM, child, 0);
	shim_read_target(&r);
	shim_read_target_cgroup(&r, cgroup, sizeof cgroup);
	ck_assert_uint_eq(r.target.cgroup_len, (uint32_t)wn);
	shim_set_result(&r, 0, 0);
	shim_fill_caller(&r);
	ck_assert_int_eq(shim_send_report(d.path, &r, cgroup), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof r + r.caller.argv_len + (size_t)wn);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, &got, argv, &why) == 0,
	    "decoder refused: %s", why);
	tail = wk_report_cgroup(buf, &got);
	ck_assert_ptr_nonnull(tail);
	ck_assert_int_eq(memcmp(tail, want, (size_t)wn), 0);
	/* The argv is still whole before it. */
	ck_assert_int_eq(memcmp(argv, buf + sizeof r, got.caller.argv_len), 0);

	/* Not its child (itself): nothing read, nothing sent. */
	build_report(&r);
	shim_read_target_cgroup(&r, cgroup, sizeof cgroup);
	ck_assert_uint_eq(r.target.cgroup_len, 0);
	ck_assert_int_eq(shim_send_report(d.path, &r, cgroup), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof r + r.caller.argv_len);
	ck_assert_int_eq(wk_decode_report(buf, (size_t)n, &got, argv, &why), 0);
	ck_assert_ptr_null(wk_report_cgroup(buf, &got));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

START_TEST(send_delivers_a_valid_report)
{
	static char argv[WK_ARGV_MAX];
	struct sockdir d;
	struct wk_kill_report r, got;
	char buf[4096];
	struct ucred cred;
	const char *why = NULL;
	ssize_t n;
	int fd;

	sockdir_make(&d);
	fd = listen_at(d.path);
	build_report(&r);
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof r + r.caller.argv_len);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, &got, argv, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_uint_eq(cred.uid, getuid());
	ck_assert_uint_eq(cred.gid, getgid());
	ck_assert_int_eq(got.caller.pid, cred.pid);
	ck_assert_uint_eq(got.caller.uid, cred.uid);
	ck_assert_int_eq(got.target.pid, getpid());
	ck_assert(got.flags & WK_F_TARGET_READ);
	ck_assert_uint_eq(got.hdr.dropped, 0);
	ck_assert_int_eq(memcmp(&got, &r, sizeof r), 0);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/*
 * A command line of 100 KiB: the datagram holds its beginning and its
 * end, straight from the static copy, and decodes with the cut.
 */
START_TEST(send_carries_a_long_argv)
{
	static char pids[20000][12], *args[20003], buf[WK_REPORT_MAX];
	static char argv[WK_ARGV_MAX];
	char a0[] = "kill", a1[] = "-TERM";
	struct wk_kill_report r, got;
	struct ucred cred;
	struct sockdir d;
	const char *why = NULL;
	ssize_t n;
	int fd;

	args[0] = a0;
	args[1] = a1;
	for (int i = 0; i < 20000; i++) {
		snprintf(pids[i], sizeof pids[i], "%d", 100000 + i);
		args[2 + i] = pids[i];
	}
	args[20002] = NULL;
	shim_config_capture_argv(&shim_config, 20002, args);
	sockdir_make(&d);
	fd = listen_at(d.path);
	build_report(&r);
	ck_assert(r.flags & WK_F_ARGV_TRUNCATED);
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_gt(n, 30000);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, &got, argv, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_uint_eq(got.caller.argc, 20002);
	ck_assert_str_eq(argv, "kill");
	/* The last argument, the one that matters, is there. */
	ck_assert_str_eq(argv + got.caller.argv_len - sizeof "119999",
	    "119999");
	ck_assert_uint_gt(got.caller.argv_cut.args, 0);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

START_TEST(send_result_names_its_report)
{
	struct sockdir d;
	struct wk_kill_report r;
	struct wk_kill_result got;
	struct ucred cred;
	const char *why = NULL;
	char buf[4096];
	ssize_t n;
	int fd;

	sockdir_make(&d);
	fd = listen_at(d.path);
	shim_report_start(&r, WK_CALL_TGKILL, SIGTERM, getpid(), 1);
	shim_read_target(&r);
	shim_fill_caller(&r);
	r.flags |= WK_F_RESULT_PENDING;
	errno = 0;
	ck_assert_int_eq(shim_send_result(d.path, &r, -1, ESRCH), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof got);
	ck_assert_msg(wk_decode_kill_result(buf, (size_t)n, &got, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_int_eq(got.pid, getpid());
	ck_assert_int_eq(got.tid, r.caller.tid);
	ck_assert_uint_eq(got.start_time, r.caller.start_time);
	ck_assert_int_eq(got.time.sec, r.time.sec);
	ck_assert_int_eq(got.time.nsec, r.time.nsec);
	ck_assert_int_eq(got.signo, SIGTERM);
	ck_assert_int_eq(got.result, -1);
	ck_assert_int_eq(got.error, ESRCH);
	ck_assert_uint_eq(got.hdr.dropped, 0);

	/* Success keeps no errno; a result never counts as a dropped report. */
	ck_assert_int_eq(shim_send_result(d.path, &r, 0, EINTR), 0);
	ck_assert_int_eq(receive(fd, buf, sizeof buf, &cred), sizeof got);
	memcpy(&got, buf, sizeof got);
	ck_assert_int_eq(got.result, 0);
	ck_assert_int_eq(got.error, 0);
	close(fd);
	unlink(d.path);
	ck_assert_int_eq(shim_send_result(d.path, &r, 0, 0), -1);
	ck_assert_uint_eq(shim_dropped_pending(), 0);
	sockdir_remove(&d);
}
END_TEST

START_TEST(send_without_listener_counts_drops)
{
	static char argv[WK_ARGV_MAX];
	struct sockdir d;
	struct wk_kill_report r, got;
	struct ucred cred;
	const char *why = NULL;
	char buf[4096];
	ssize_t n;
	int fd;

	sockdir_make(&d);
	build_report(&r);
	ck_assert_uint_eq(shim_dropped_pending(), 0);

	/* No socket file at all. */
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(shim_dropped_pending(), 1);

	/* A stale socket file that nobody reads. */
	close(listen_at(d.path));
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	ck_assert_uint_eq(shim_dropped_pending(), 2);

	/* A bad path counts too. */
	ck_assert_int_eq(shim_send_report("", &r, NULL), -1);
	ck_assert_uint_eq(shim_dropped_pending(), 3);

	/* The next report that goes out carries the count, which then clears. */
	unlink(d.path);
	fd = listen_at(d.path);
	build_report(&r);
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof r + r.caller.argv_len);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, &got, argv, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_uint_eq(got.hdr.dropped, 3);
	ck_assert_uint_eq(shim_dropped_pending(), 0);

	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	ck_assert_int_eq(receive(fd, buf, sizeof buf, &cred),
	    sizeof r + r.caller.argv_len);
	memcpy(&got, buf, sizeof got);
	ck_assert_uint_eq(got.hdr.dropped, 0);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/* This process's comm as /proc/self/comm gives it. */
static const char *
stat_comm(void)
{
	static char comm[WK_COMM_MAX];
	FILE *fp = fopen("/proc/self/comm", "r");

	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(comm, sizeof comm, fp));
	fclose(fp);
	comm[strcspn(comm, "\n")] = '\0';
	return comm;
}

/* A report up to its result, its caller not yet filled in. */
static void
start_report(struct wk_kill_report *r)
{
	shim_report_start(r, WK_CALL_KILL, SIGUSR1, getpid(), 0);
	shim_read_target(r);
	shim_set_result(r, 0, 0);
}

/* Receives and decodes one report from fd into *got. */
static void
receive_report(int fd, struct wk_kill_report *got)
{
	static char argv[WK_ARGV_MAX];
	struct ucred cred;
	const char *why = NULL;
	char buf[4096];
	ssize_t n = receive(fd, buf, sizeof buf, &cred);

	ck_assert_int_gt(n, 0);
	ck_assert_msg(wk_decode_report(buf, (size_t)n, got, argv, &why) == 0,
	    "decoder refused: %s", why);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_int_eq(got->caller.pid, cred.pid);
}

/*
 * While the daemon's lean.sock is there (a second name of the report
 * socket), the caller leaves out what only /proc/self would tell.
 */
START_TEST(lean_report_goes_to_lean_sock_while_it_is_there)
{
	struct wk_kill_report r, got;
	struct sockdir d;
	char lean[128];
	int fd;

	static char area[64];
	static const char *const strs[] = { "kill", "-TERM", "4711" };
	char *args[4];

	lay_out(area, sizeof area, args, strs, 3);
	shim_config_capture_argv(&shim_config, 3, args);
	sockdir_make(&d);
	snprintf(lean, sizeof lean, "%s/" WK_LEAN_SOCKET, d.dir);
	fd = listen_at(d.path);
	ck_assert_int_eq(link(d.path, lean), 0);
	shim_lean_reset();
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(!(got.flags & WK_F_CALLER_STAT_READ));
	ck_assert_uint_eq(got.caller.loginuid, WK_ID_UNSET);
	ck_assert_uint_eq(got.caller.sessionid, WK_ID_UNSET);
	ck_assert_uint_eq(got.caller.start_time, 0);
	ck_assert_int_eq(got.caller.tty_nr, 0);
	/* What system calls and the constructor give is all there. */
	ck_assert_str_eq(got.caller.comm, stat_comm());
	ck_assert_uint_eq(got.caller.uid, getuid());
	ck_assert_int_eq(got.caller.ppid, getppid());
	ck_assert_int_eq(got.caller.sid, getsid(0));
	ck_assert_uint_eq(got.caller.argc, 3);
	ck_assert_uint_eq(got.caller.argv_len, sizeof "kill\0-TERM\0" "4711");
	ck_assert(got.flags & WK_F_TARGET_READ);
	ck_assert_uint_eq(got.hdr.dropped, 0);
	unlink(lean);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/*
 * Without lean.sock (a daemon that does not follow process events) the
 * report goes whole to report.sock, nothing counted as dropped, and the
 * process does not look for lean.sock again.
 */
START_TEST(without_lean_sock_the_report_is_whole)
{
	struct wk_kill_report r, got;
	struct sockdir d;
	char lean[128];
	int fd;

	sockdir_make(&d);
	snprintf(lean, sizeof lean, "%s/" WK_LEAN_SOCKET, d.dir);
	fd = listen_at(d.path);
	shim_lean_reset();
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(got.flags & WK_F_CALLER_STAT_READ);
	ck_assert_uint_eq(got.caller.loginuid, stdio_id("/proc/self/loginuid"));
	ck_assert_uint_eq(got.caller.sessionid, stdio_id("/proc/self/sessionid"));
	ck_assert_uint_ne(got.caller.start_time, 0);
	ck_assert_str_ne(got.caller.comm, "");
	ck_assert_uint_eq(got.hdr.dropped, 0);
	ck_assert_uint_eq(shim_dropped_pending(), 0);

	/* Remembered: lean.sock made now is not tried... */
	ck_assert_int_eq(link(d.path, lean), 0);
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(got.flags & WK_F_CALLER_STAT_READ);
	/* ...until the process forgets (a new program). */
	shim_lean_reset();
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(!(got.flags & WK_F_CALLER_STAT_READ));

	/* A stale lean.sock (its daemon gone) is as good as none. */
	unlink(lean);
	close(listen_at(lean));
	shim_lean_reset();
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(got.flags & WK_F_CALLER_STAT_READ);
	ck_assert_uint_eq(shim_dropped_pending(), 0);
	unlink(lean);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/*
 * No daemon at all: neither name is there.  The report is dropped and
 * counted, and /proc/self is not read for it (the whole report would
 * have read it: WK_F_CALLER_STAT_READ).
 */
START_TEST(without_a_daemon_nothing_is_read_for_the_report)
{
	struct wk_kill_report r;
	struct sockdir d;

	sockdir_make(&d);
	shim_lean_reset();
	ck_assert_uint_eq(shim_dropped_pending(), 0);
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert(!(r.flags & WK_F_CALLER_STAT_READ));
	ck_assert_uint_eq(shim_dropped_pending(), 1);
	/* The next one, lean.sock known missing: the same. */
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), -1);
	ck_assert(!(r.flags & WK_F_CALLER_STAT_READ));
	ck_assert_uint_eq(shim_dropped_pending(), 2);
	sockdir_remove(&d);
}
END_TEST

/*
 * A lean report that lean.sock does not take for another reason (its
 * queue is full) is dropped and counted like any report: not sent whole
 * to the same socket under its other name.
 */
START_TEST(lean_report_on_a_full_queue_is_dropped)
{
	struct wk_kill_report r, got;
	struct sockdir d;
	char lean[128], byte = 0;
	int fd, tx, queued = 0;

	sockdir_make(&d);
	snprintf(lean, sizeof lean, "%s/" WK_LEAN_SOCKET, d.dir);
	fd = listen_at(d.path);
	ck_assert_int_eq(link(d.path, lean), 0);
	tx = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(tx, 0);
	{
		struct sockaddr_un a = { .sun_family = AF_UNIX };

		snprintf(a.sun_path, sizeof a.sun_path, "%s", d.path);
		while (sendto(tx, &byte, 1, 0, (struct sockaddr *)&a,
		    sizeof a) == 1)
			queued++;
		ck_assert_int_eq(errno, EAGAIN);
	}
	shim_lean_reset();
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(shim_dropped_pending(), 1);
	/* Emptied: the next report is lean, and carries the drop. */
	while (queued-- > 0)
		ck_assert_int_eq(recv(fd, &byte, 1, MSG_DONTWAIT), 1);
	start_report(&r);
	ck_assert_int_eq(shim_fill_and_send(d.path, &r, NULL), 0);
	receive_report(fd, &got);
	ck_assert(!(got.flags & WK_F_CALLER_STAT_READ));
	ck_assert_uint_eq(got.hdr.dropped, 1);
	close(tx);
	unlink(lean);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

START_TEST(dropped_count_belongs_to_one_process)
{
	struct wk_kill_report r;
	int status;
	pid_t child;

	shim_report_start(&r, WK_CALL_KILL, SIGTERM, 1, 0);
	shim_fill_caller(&r);
	ck_assert_int_eq(shim_send_report("/nonexistent/report.sock", &r, NULL), -1);
	shim_count_drop();
	ck_assert_uint_eq(shim_dropped_pending(), 2);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(shim_dropped_pending() == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "a forked child inherited its parent's dropped count");
	ck_assert_uint_eq(shim_dropped_pending(), 2);
}
END_TEST

/* Fills a listener's queue with raw datagrams until the kernel says EAGAIN. */
static void
fill_queue(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char byte = 0;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int sent = 0;

	ck_assert_int_ge(fd, 0);
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	while (sendto(fd, &byte, 1, 0, (struct sockaddr *)&addr, sizeof addr) == 1)
		ck_assert_int_lt(++sent, 100000);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_gt(sent, 0);
	close(fd);
}

/* A full queue drops the report at once (the shim never waits) and counts it. */
START_TEST(full_queue_drops_and_counts)
{
	struct sockdir d;
	struct wk_kill_report r, got;
	struct ucred cred;
	char buf[4096];
	ssize_t n;
	int fd;

	sockdir_make(&d);
	fd = listen_at(d.path);
	build_report(&r);
	fill_queue(d.path);

	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(shim_dropped_pending(), 1);

	/* Drain the filler; the next report goes out and carries the drop. */
	while (receive(fd, buf, sizeof buf, &cred) > 0)
		;
	ck_assert_int_eq(shim_send_report(d.path, &r, NULL), 0);
	n = receive(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, sizeof got);
	memcpy(&got, buf, sizeof got);
	ck_assert_uint_eq(got.hdr.dropped, 1);
	ck_assert_uint_eq(shim_dropped_pending(), 0);
	close(fd);
	sockdir_remove(&d);
}
END_TEST

/* ------------------------------------------------------------ stack guard */

static volatile sig_atomic_t room_in_handler = -1;

static void
note_room(int sig)
{
	(void)sig;
	room_in_handler = shim_stack_has_room();
}

/* Runs note_room for SIGUSR1 on an alternate stack of size bytes. */
static int
room_on_altstack(size_t size)
{
	struct sigaction sa = { .sa_handler = note_room, .sa_flags = SA_ONSTACK };
	stack_t ss = { .ss_size = size };

	ss.ss_sp = malloc(size);
	ck_assert_ptr_nonnull(ss.ss_sp);
	ck_assert_int_eq(sigaltstack(&ss, NULL), 0);
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	room_in_handler = -1;
	raise(SIGUSR1);
	ss.ss_flags = SS_DISABLE;
	ck_assert_int_eq(sigaltstack(&ss, NULL), 0);
	free(ss.ss_sp);
	return room_in_handler;
}

START_TEST(small_altstack_has_no_room)
{
	ck_assert_int_eq(shim_stack_has_room(), 1);
	ck_assert_int_eq(room_on_altstack(SHIM_MIN_ALTSTACK / 2), 0);
	ck_assert_int_eq(room_on_altstack(SHIM_MIN_ALTSTACK * 4), 1);
	/* Off the alternate stack again. */
	ck_assert_int_eq(shim_stack_has_room(), 1);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *
shim_suite(void)
{
	Suite *s = suite_create("shim");
	TCase *proc = tcase_create("proc");
	TCase *target = tcase_create("target");
	TCase *caller = tcase_create("caller");
	TCase *config = tcase_create("config");
	TCase *send = tcase_create("send");
	TCase *sys = tcase_create("syscall");

	tcase_add_test(proc, parse_stat_plain);
	tcase_add_test(proc, parse_stat_comm_with_parens_and_spaces);
	tcase_add_test(proc, parse_stat_long_comm_is_cut);
	tcase_add_test(proc, parse_stat_rejects_malformed);
	tcase_add_test(proc, parse_stat_ignores_bytes_after_len);
	tcase_add_test(proc, read_stat_of_renamed_child);
	tcase_add_test(proc, read_stat_of_self);
	tcase_add_test(proc, read_stat_of_missing_pid_fails);
	tcase_add_test(proc, read_id_matches_proc);
	tcase_add_test(proc, pidfd_pid_from_fdinfo);
	tcase_add_test(proc, number_conversion);
	suite_add_tcase(s, proc);

	tcase_add_test(target, target_of_live_child);
	tcase_add_test(target, target_uid_is_the_effective_uid);
	tcase_add_test(target, target_of_missing_pid);
	tcase_add_test(target, target_groups_and_all);
	tcase_add_test(target, target_through_pidfd);
	tcase_add_test(target, target_through_proc_directory);
	tcase_add_test(target, target_of_a_thread);
	tcase_add_test(target, calls_that_may_reach_the_caller);
	suite_add_tcase(s, target);

	tcase_add_test(caller, caller_matches_the_process);
	tcase_add_test(caller, self_view_is_read_once_per_process);
	tcase_add_test(caller, self_view_is_read_again_in_a_new_session);
	tcase_add_test(caller, result_keeps_errno_only_on_failure);
	tcase_add_test(caller, report_start_fills_header_and_time);
	tcase_add_test(caller, small_altstack_has_no_room);
	suite_add_tcase(s, caller);

	tcase_add_test(config, socket_path_from_env);
	tcase_add_test(config, config_init_rejects_long_env);
	tcase_add_test(config, argv_is_cut_to_fit);
	tcase_add_test(config, argv_is_sent_from_where_exec_put_it);
	tcase_add_test(config, socket_dir_is_read_from_the_constructors_envp);
	suite_add_tcase(s, config);

	tcase_add_test(send, send_delivers_a_valid_report);
	tcase_add_test(send, a_parent_sends_its_childs_cgroup);
	tcase_add_test(send, a_rewritten_command_line_is_sent_as_it_reads_now);
	tcase_add_test(send, send_result_names_its_report);
	tcase_add_test(send, send_carries_a_long_argv);
	tcase_add_test(send, credentials_ride_without_the_receiver_asking);
	tcase_add_test(send, send_without_listener_counts_drops);
	tcase_add_test(send, lean_report_goes_to_lean_sock_while_it_is_there);
	tcase_add_test(send, without_lean_sock_the_report_is_whole);
	tcase_add_test(send, lean_report_on_a_full_queue_is_dropped);
	tcase_add_test(send, without_a_daemon_nothing_is_read_for_the_report);
	tcase_add_test(send, dropped_count_belongs_to_one_process);
	tcase_add_test(send, full_queue_drops_and_counts);
	suite_add_tcase(s, send);

	tcase_add_test(sys, raw_syscall_is_the_kernel_call);
	tcase_add_test(sys, raw_syscall_passes_six_arguments);
	tcase_add_test(sys, signal_syscalls_read_as_their_named_calls);
	tcase_add_test(sys, other_syscalls_are_not_signals);
	suite_add_tcase(s, sys);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(shim_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
