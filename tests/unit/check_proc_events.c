/*
 * The process-events connector: canned messages through the parser, and
 * real children of this test seen forking, exec'ing and dying (needs root).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include "daemon/procs/exit_status.h"
#include "daemon/procs/proc_events.h"
#include "daemon_testutil.h"

#define HELPERS	"build/tests/helpers"

/* ------------------------------------------------------------ parsing */

/* A connector message holding one event of kind what with union data. */
static size_t
make_msg(unsigned char *buf, uint32_t what, const void *data, size_t len)
{
	struct cn_msg cn;
	struct proc_event ev;
	size_t head = offsetof(struct proc_event, event_data);

	memset(&cn, 0, sizeof cn);
	memset(&ev, 0, sizeof ev);
	cn.id.idx = CN_IDX_PROC;
	cn.id.val = CN_VAL_PROC;
	cn.len = (uint16_t)(head + len);
	ev.what = what;
	ev.cpu = 1;
	ev.timestamp_ns = 123456789;
	memcpy(buf, &cn, sizeof cn);
	memcpy(buf + sizeof cn, &ev, head);
	memcpy(buf + sizeof cn + head, data, len);
	return sizeof cn + head + len;
}

START_TEST(fork_exec_exit_parse)
{
	unsigned char buf[256];
	struct fork_proc_event f = { 10, 10, 11, 11 };
	struct exec_proc_event x = { 11, 11 };
	struct exit_proc_event e = { 11, 11, 0x300, SIGCHLD, 10, 10 };
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, PROC_EVENT_FORK, &f, sizeof f);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.type, PROC_EV_FORK);
	ck_assert_int_eq(ev.parent_tgid, 10);
	ck_assert_int_eq(ev.pid, 11);
	ck_assert_int_eq(ev.tgid, 11);
	ck_assert_int_eq(ev.thread, 0);
	ck_assert_uint_eq(ev.time_ns, 123456789);
	ck_assert_uint_eq(ev.cpu, 1);

	n = make_msg(buf, PROC_EVENT_EXEC, &x, sizeof x);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.type, PROC_EV_EXEC);
	ck_assert_int_eq(ev.tgid, 11);

	n = make_msg(buf, PROC_EVENT_EXIT, &e, sizeof e);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.type, PROC_EV_EXIT);
	ck_assert_uint_eq(ev.exit_code, 0x300);
	ck_assert_int_eq(ev.exit_signal, SIGCHLD);
	ck_assert_int_eq(ev.parent_tgid, 10);
}
END_TEST

START_TEST(threads_are_flagged)
{
	unsigned char buf[256];
	struct fork_proc_event f = { 10, 10, 12, 10 };
	struct exit_proc_event e = { 12, 10, 0, (uint32_t)-1, 10, 10 };
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, PROC_EVENT_FORK, &f, sizeof f);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.thread, 1);
	n = make_msg(buf, PROC_EVENT_EXIT, &e, sizeof e);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.thread, 1);
	ck_assert_int_eq(ev.exit_signal, -1);
}
END_TEST

START_TEST(uid_and_comm_parse)
{
	unsigned char buf[256];
	struct id_proc_event u = { 20, 20, { 1000 }, { 0 } };
	struct comm_proc_event c = { 20, 20, "worker-\001\002" };
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, PROC_EVENT_UID, &u, sizeof u);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.type, PROC_EV_UID);
	ck_assert_uint_eq(ev.ruid, 1000);
	ck_assert_uint_eq(ev.euid, 0);

	/* A comm that fills its field is still terminated. */
	memset(c.comm, 'a', sizeof c.comm);
	n = make_msg(buf, PROC_EVENT_COMM, &c, sizeof c);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_int_eq(ev.type, PROC_EV_COMM);
	ck_assert_uint_eq(strlen(ev.comm), WK_COMM_MAX - 1);
}
END_TEST

START_TEST(an_exit_without_parent_fields_is_accepted)
{
	unsigned char buf[256];
	uint32_t old_exit[4] = { 30, 30, SIGKILL, SIGCHLD };
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, PROC_EVENT_EXIT, old_exit, sizeof old_exit);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), 0);
	ck_assert_uint_eq(ev.exit_code, SIGKILL);
	ck_assert_int_eq(ev.parent_tgid, 0);
}
END_TEST

START_TEST(every_short_message_is_refused)
{
	unsigned char buf[256];
	struct exit_proc_event e = { 11, 11, 0x300, SIGCHLD, 10, 10 };
	struct proc_ev ev;
	size_t n, cut;

	/* Shortened by the datagram: cut anywhere before the minimal exit. */
	n = make_msg(buf, PROC_EVENT_EXIT, &e, sizeof e);
	for (cut = 0; cut < n - 8; cut++) {
		errno = 0;
		ck_assert_msg(proc_events_parse(buf, cut, &ev) == -1,
		    "accepted %zu of %zu bytes", cut, n);
		ck_assert_int_eq(errno, EINVAL);
	}
	/* Shortened by its own length field: too little for an exit. */
	n = make_msg(buf, PROC_EVENT_EXIT, &e, 12);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(a_length_beyond_the_datagram_is_refused)
{
	unsigned char buf[256];
	struct fork_proc_event f = { 10, 10, 11, 11 };
	struct cn_msg cn;
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, PROC_EVENT_FORK, &f, sizeof f);
	memcpy(&cn, buf, sizeof cn);
	cn.len += 4;
	memcpy(buf, &cn, sizeof cn);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(other_connectors_and_kinds_are_not_events)
{
	unsigned char buf[256];
	struct fork_proc_event f = { 10, 10, 11, 11 };
	struct cn_msg cn;
	struct proc_ev ev;
	size_t n;

	n = make_msg(buf, 0x00000400, &f, sizeof f);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), -1);
	ck_assert_int_eq(errno, ENOMSG);

	n = make_msg(buf, PROC_EVENT_FORK, &f, sizeof f);
	memcpy(&cn, buf, sizeof cn);
	cn.id.idx = CN_IDX_CIFS;
	memcpy(buf, &cn, sizeof cn);
	ck_assert_int_eq(proc_events_parse(buf, n, &ev), -1);
	ck_assert_int_eq(errno, ENOMSG);
}
END_TEST

/* ------------------------------------------------------ the real kernel */

/* What the events said about one child of this test. */
struct seen {
	pid_t child;
	int forks, execs, exits;
	int thread_forks, thread_exits;
	int lost;
	struct proc_ev fork_ev, exec_ev, exit_ev;
};

static void
collect(const struct proc_ev *ev, void *arg)
{
	struct seen *s = arg;

	if (ev->type == PROC_EV_LOST) {
		s->lost++;
		return;
	}
	if (ev->tgid != s->child)
		return;
	switch (ev->type) {
	case PROC_EV_FORK:
		if (ev->thread) {
			s->thread_forks++;
		} else {
			s->forks++;
			s->fork_ev = *ev;
		}
		break;
	case PROC_EV_EXEC:
		s->execs++;
		s->exec_ev = *ev;
		break;
	case PROC_EV_EXIT:
		if (ev->thread) {
			s->thread_exits++;
		} else {
			s->exits++;
			s->exit_ev = *ev;
		}
		break;
	default:
		break;
	}
}

/* Read events until the child's exit is seen (at most about 5 s). */
static void
pump_until_exit(int fd, struct seen *s, struct proc_events_counts *c)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int round;

	for (round = 0; round < 50 && s->exits == 0; round++) {
		ck_assert_int_ge(poll(&pfd, 1, 100), 0);
		ck_assert_int_ge(proc_events_read(fd, c, collect, s), 0);
	}
	ck_assert_msg(s->exits == 1, "no exit event for %d", (int)s->child);
}

/*
 * Fork a child that runs path with up to two arguments (NULL ends them)
 * under RLIMIT_CORE core, and reap it.
 */
static pid_t
run_child(const char *path, const char *a1, const char *a2, rlim_t core,
    int *status)
{
	struct rlimit rl = { core, core };
	pid_t pid;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &rl);
		execl(path, path, a1, a2, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, status, 0), pid);
	return pid;
}

START_TEST(a_child_that_exits_3)
{
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	char buf[64];
	int fd, status;

	fd = proc_events_open();
	ck_assert_msg(fd >= 0, "proc_events_open: %s", strerror(errno));
	s.child = run_child("/bin/sh", "-c", "exit 3", 0, &status);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	pump_until_exit(fd, &s, &c);

	ck_assert_int_eq(s.forks, 1);
	ck_assert_int_eq(s.fork_ev.parent_tgid, getpid());
	ck_assert_int_eq(s.fork_ev.pid, s.child);
	ck_assert_int_eq(s.execs, 1);
	ck_assert_int_eq(s.exec_ev.thread, 0);
	ck_assert_uint_eq(s.exit_ev.exit_code, (uint32_t)status);
	ck_assert_int_eq(s.exit_ev.exit_signal, SIGCHLD);
	ck_assert_int_eq(s.exit_ev.parent_tgid, getpid());
	ck_assert(s.exit_ev.time_ns >= s.exec_ev.time_ns);
	ck_assert(s.exec_ev.time_ns >= s.fork_ev.time_ns);
	ck_assert_str_eq(exit_status_describe(s.exit_ev.exit_code, buf,
	    sizeof buf), "exited with status 3");
	ck_assert_uint_eq(c.malformed, 0);
	proc_events_close(fd);
}
END_TEST

START_TEST(a_child_killed_by_sigkill)
{
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	char buf[64];
	int fd, status;

	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	s.child = fork();
	ck_assert_int_ne(s.child, -1);
	if (s.child == 0) {
		for (;;)
			pause();
	}
	ck_assert_int_eq(kill(s.child, SIGKILL), 0);
	ck_assert_int_eq(waitpid(s.child, &status, 0), s.child);
	pump_until_exit(fd, &s, &c);

	ck_assert_int_eq(s.forks, 1);
	ck_assert_int_eq(s.execs, 0);
	ck_assert_uint_eq(s.exit_ev.exit_code, SIGKILL);
	ck_assert_str_eq(exit_status_describe(s.exit_ev.exit_code, buf,
	    sizeof buf), "killed by SIGKILL");
	proc_events_close(fd);
}
END_TEST

START_TEST(a_null_dereference_without_a_core)
{
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	char buf[64];
	int fd, status;

	ck_assert_int_eq(access(HELPERS "/null_deref", X_OK), 0);
	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	s.child = run_child(HELPERS "/null_deref", NULL, NULL, 0, &status);
	pump_until_exit(fd, &s, &c);

	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	ck_assert_int_eq(s.execs, 1);
	ck_assert_uint_eq(s.exit_ev.exit_code, SIGSEGV);
	ck_assert_str_eq(exit_status_describe(s.exit_ev.exit_code, buf,
	    sizeof buf), "died of SIGSEGV");
	proc_events_close(fd);
}
END_TEST

/* core_pattern names a plain file in the crashing process's directory. */
static int
core_lands_in_cwd(void)
{
	char pat[256];
	ssize_t n;
	int fd;

	fd = open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, pat, sizeof pat - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	pat[n] = '\0';
	return pat[0] != '|' && strchr(pat, '/') == NULL;
}

/* How many files in dir have names that start with "core". */
static int
count_cores(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((d = readdir(dp)) != NULL)
		if (strncmp(d->d_name, "core", 4) == 0)
			n++;
	closedir(dp);
	return n;
}

START_TEST(a_core_dump_sets_the_core_flag)
{
	char helper[4096], dir[256];
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	char buf[64];
	int fd, status;

	ck_assert_ptr_nonnull(realpath(HELPERS "/null_deref", helper));
	test_dir(dir, sizeof dir);
	ck_assert_int_eq(chdir(dir), 0);
	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	s.child = run_child(helper, NULL, NULL, RLIM_INFINITY, &status);
	pump_until_exit(fd, &s, &c);

	ck_assert_uint_eq(s.exit_ev.exit_code & 0x7f, SIGSEGV);
	/* The event carries what wait() says, core flag included. */
	ck_assert_uint_eq(s.exit_ev.exit_code, (uint32_t)status);
	if (core_lands_in_cwd()) {
		ck_assert(WCOREDUMP(status));
		ck_assert_int_eq(count_cores(dir), 1);
		ck_assert_str_eq(exit_status_describe(s.exit_ev.exit_code, buf,
		    sizeof buf), "died of SIGSEGV (core dumped)");
	}
	proc_events_close(fd);
}
END_TEST

static void *
thread_body(void *arg)
{
	return arg;
}

START_TEST(threads_of_a_child_are_seen_and_flagged)
{
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	pthread_t th;
	int fd, status;

	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	s.child = fork();
	ck_assert_int_ne(s.child, -1);
	if (s.child == 0) {
		if (pthread_create(&th, NULL, thread_body, NULL) != 0 ||
		    pthread_join(th, NULL) != 0)
			_exit(1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(s.child, &status, 0), s.child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	pump_until_exit(fd, &s, &c);

	ck_assert_int_eq(s.forks, 1);
	ck_assert_int_eq(s.thread_forks, 1);
	ck_assert_int_eq(s.thread_exits, 1);
	ck_assert_int_eq(s.exits, 1);
	ck_assert_uint_eq(s.exit_ev.exit_code, 0);
	proc_events_close(fd);
}
END_TEST

START_TEST(an_overflow_is_counted_and_reported)
{
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	int fd, tiny = 1, i, status;
	pid_t pid;

	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	/* The smallest buffer the kernel allows holds a few events. */
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &tiny,
	    sizeof tiny), 0);
	for (i = 0; i < 100; i++) {
		pid = fork();
		ck_assert_int_ne(pid, -1);
		if (pid == 0)
			_exit(0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	}
	s.child = -1;
	while (proc_events_read(fd, &c, collect, &s) == 1)
		;
	ck_assert_uint_ge(c.overflows, 1);
	ck_assert_int_eq(s.lost, (int)c.overflows);
	proc_events_close(fd);
}
END_TEST

START_TEST(only_the_kernel_is_believed)
{
	unsigned char msg[NLMSG_SPACE(256)];
	struct fork_proc_event f = { 1, 1, 4242, 4242 };
	struct sockaddr_nl to;
	struct nlmsghdr nh;
	struct proc_events_counts c = { 0 };
	struct seen s = { 0 };
	socklen_t len = sizeof to;
	size_t n;
	int fd, forger;

	fd = proc_events_open();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&to, &len), 0);
	forger = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_CONNECTOR);
	ck_assert_int_ge(forger, 0);

	memset(&nh, 0, sizeof nh);
	n = make_msg(msg + NLMSG_HDRLEN, PROC_EVENT_FORK, &f, sizeof f);
	nh.nlmsg_len = (uint32_t)NLMSG_LENGTH(n);
	nh.nlmsg_type = NLMSG_DONE;
	memcpy(msg, &nh, sizeof nh);
	to.nl_groups = 0;
	ck_assert_int_eq(sendto(forger, msg, nh.nlmsg_len, 0,
	    (struct sockaddr *)&to, sizeof to), (ssize_t)nh.nlmsg_len);

	s.child = 4242;
	while (proc_events_read(fd, &c, collect, &s) == 1)
		;
	ck_assert_int_eq(s.forks, 0);
	ck_assert_uint_ge(c.ignored, 1);
	close(forger);
	proc_events_close(fd);
}
END_TEST

static Suite *
proc_events_suite(void)
{
	Suite *s = suite_create("proc_events");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, fork_exec_exit_parse);
	tcase_add_test(tc, threads_are_flagged);
	tcase_add_test(tc, uid_and_comm_parse);
	tcase_add_test(tc, an_exit_without_parent_fields_is_accepted);
	tcase_add_test(tc, every_short_message_is_refused);
	tcase_add_test(tc, a_length_beyond_the_datagram_is_refused);
	tcase_add_test(tc, other_connectors_and_kinds_are_not_events);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, a_child_that_exits_3);
	tcase_add_test(tc, a_child_killed_by_sigkill);
	tcase_add_test(tc, a_null_dereference_without_a_core);
	tcase_add_test(tc, a_core_dump_sets_the_core_flag);
	tcase_add_test(tc, threads_of_a_child_are_seen_and_flagged);
	tcase_add_test(tc, an_overflow_is_counted_and_reported);
	tcase_add_test(tc, only_the_kernel_is_believed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(proc_events_suite());
	int failed;

	test_make_base_dir("check_proc_events");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
