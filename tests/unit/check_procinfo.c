/* What the daemon reads from /proc: terminals, processes, ancestry. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/procs/procinfo.h"
#include "daemon_testutil.h"

/* The kernel's encoding of a device number in /proc/PID/stat field 7. */
static int32_t
tty_nr(unsigned major, unsigned minor)
{
	return (int32_t)(((minor & 0xfff00u) << 12) | ((major & 0xfffu) << 8) |
	    (minor & 0xffu));
}

START_TEST(tty_names_follow_the_device_table)
{
	static const struct {
		unsigned major, minor;
		const char *name;
	} table[] = {
		{ 136, 0, "pts/0" },
		{ 136, 7, "pts/7" },
		{ 136, 300, "pts/300" },	/* minor beyond 8 bits */
		{ 137, 5, "pts/261" },
		{ 143, 255, "pts/2047" },
		{ 4, 1, "tty1" },
		{ 4, 63, "tty63" },
		{ 4, 64, "ttyS0" },
		{ 4, 70, "ttyS6" },
		{ 5, 1, "console" },
		{ 5, 0, "" },			/* /dev/tty */
		{ 8, 1, "" },			/* a disk */
		{ 0, 0, "" },			/* no terminal */
	};
	char buf[WK_TTY_MAX];
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		memset(buf, 'x', sizeof buf);
		procinfo_tty_name(tty_nr(table[i].major, table[i].minor), buf,
		    sizeof buf);
		ck_assert_msg(strcmp(buf, table[i].name) == 0,
		    "major %u minor %u: got '%s', want '%s'", table[i].major,
		    table[i].minor, buf, table[i].name);
	}
}
END_TEST

START_TEST(stat_comm_runs_to_the_last_paren)
{
	static const char line[] = "77 (a) b (c) S 45 77 77 34816 77 4194560 "
	    "1 2 3 4 5 6 7 8 20 0 1 0 123456 0 0\n";
	struct procinfo_stat st;

	ck_assert_int_eq(procinfo_parse_stat(line, sizeof line - 1, &st), 0);
	ck_assert_str_eq(st.comm, "a) b (c");
	ck_assert_int_eq(st.state, 'S');
	ck_assert_int_eq(st.ppid, 45);
	ck_assert_int_eq(st.tty_nr, 34816);
	ck_assert_uint_eq(st.start_time, 123456);
}
END_TEST

START_TEST(stat_that_stops_early_is_refused)
{
	static const char line[] = "77 (sleep) S 45 77 77 0 77 4194560 1 2";
	struct procinfo_stat st;

	ck_assert_int_eq(procinfo_parse_stat(line, sizeof line - 1, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(procinfo_parse_stat("no parens", 9, &st), -1);
}
END_TEST

START_TEST(args_join_with_spaces_and_are_cut)
{
	static const char args[] = "kill\0-9\0001234";
	char out[8];
	char wide[64];

	procinfo_join_args(args, sizeof args, wide, sizeof wide);
	ck_assert_str_eq(wide, "kill -9 1234");
	procinfo_join_args(args, sizeof args, out, sizeof out);
	ck_assert_str_eq(out, "kill -9");
	procinfo_join_args("", 0, wide, sizeof wide);
	ck_assert_str_eq(wide, "");
}
END_TEST

START_TEST(reading_self_gives_our_own_fields)
{
	struct wk_chain_entry e;
	char comm[WK_COMM_MAX] = "";
	FILE *fp;

	ck_assert_int_eq(procinfo_read(getpid(), &e, NULL), 0);
	fp = fopen("/proc/self/comm", "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(comm, sizeof comm, fp));
	fclose(fp);
	comm[strcspn(comm, "\n")] = '\0';

	ck_assert_int_eq(e.pid, getpid());
	ck_assert_int_eq(e.ppid, getppid());
	ck_assert_uint_eq(e.uid, getuid());
	ck_assert_uint_eq(e.euid, geteuid());
	ck_assert_str_eq(e.comm, comm);
	ck_assert_ptr_nonnull(strstr(e.args, "check_procinfo"));
	ck_assert_uint_gt(e.start_time, 0);
}
END_TEST

START_TEST(a_reaped_process_cannot_be_read)
{
	struct wk_chain_entry e;
	pid_t pid;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(procinfo_read(pid, &e, NULL), -1);
	ck_assert(errno == ENOENT || errno == ESRCH);
}
END_TEST

START_TEST(start_time_converts_to_wall_clock)
{
	struct procinfo_stat st;
	int64_t sec;
	time_t now = time(NULL);

	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	ck_assert_int_eq(procinfo_start_epoch(st.start_time, &sec), 0);
	/* This process started moments ago. */
	ck_assert_int_le(sec, (int64_t)now + 1);
	ck_assert_int_ge(sec, (int64_t)now - 60);
}
END_TEST

START_TEST(boot_id_is_read_and_trimmed)
{
	char dir[200], path[256], id[WK_BOOT_ID_MAX];
	FILE *fp;

	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/boot_id", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(TEST_BOOT_ID "\n", fp);
	fclose(fp);
	ck_assert_int_eq(procinfo_boot_id(path, id), 0);
	ck_assert_str_eq(id, TEST_BOOT_ID);

	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	ck_assert_int_eq(procinfo_boot_id(path, id), -1);

	ck_assert_int_eq(procinfo_boot_id(NULL, id), 0);
	ck_assert_uint_eq(strlen(id), 36);
}
END_TEST

/*
 * This test process F forks C, which forks G; G walks its own ancestry
 * and sends it back through a pipe.
 */
START_TEST(chain_of_a_real_process_tree)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	unsigned n = 0, i;
	pid_t child, grandchild;
	int fds[2], status;

	ck_assert_int_eq(pipe(fds), 0);
	child = fork();
	ck_assert_int_ne(child, -1);
	if (child == 0) {
		grandchild = fork();
		if (grandchild == 0) {
			struct procinfo_stat self;

			if (procinfo_read_stat(getpid(), &self) == -1)
				_exit(3);
			n = procinfo_chain(getppid(), self.start_time,
			    procinfo_read, NULL, chain, WK_CHAIN_MAX - 1);
			if (write(fds[1], &n, sizeof n) != sizeof n ||
			    write(fds[1], chain, sizeof chain) != sizeof chain)
				_exit(4);
			_exit(0);
		}
		_exit(grandchild > 0 && waitpid(grandchild, &status, 0) > 0 &&
		    WIFEXITED(status) ? WEXITSTATUS(status) : 5);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &n, sizeof n), sizeof n);
	ck_assert_int_eq(read(fds[0], chain, sizeof chain), sizeof chain);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	ck_assert_uint_ge(n, 2);
	/* Innermost last: C, whose parent is this process F. */
	ck_assert_int_eq(chain[n - 1].pid, child);
	ck_assert_int_eq(chain[n - 1].ppid, getpid());
	ck_assert_int_eq(chain[n - 2].pid, getpid());
	ck_assert_ptr_nonnull(strstr(chain[n - 1].args, "check_procinfo"));
	ck_assert_uint_eq(chain[n - 1].uid, getuid());
	for (i = 1; i < n; i++) {
		ck_assert_int_eq(chain[i].ppid, chain[i - 1].pid);
		ck_assert_uint_le(chain[i - 1].start_time, chain[i].start_time);
	}
	/* Outermost first: the walk ended below init or at its bound. */
	ck_assert(chain[0].ppid <= 2 || n == WK_CHAIN_MAX - 1);
	for (i = 0; i < n; i++)
		ck_assert_int_gt(chain[i].pid, 2);
}
END_TEST

/* A made-up process table for the walker. */
struct fake_proc {
	int32_t pid, ppid;
	uint64_t start;
};

struct fake_table {
	const struct fake_proc *procs;
	size_t n;
};

static int
fake_read(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	const struct fake_table *t = arg;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->procs[i].pid != pid)
			continue;
		memset(out, 0, sizeof *out);
		out->pid = pid;
		out->ppid = t->procs[i].ppid;
		out->start_time = t->procs[i].start;
		snprintf(out->comm, sizeof out->comm, "p%d", (int)pid);
		return 0;
	}
	errno = ENOENT;
	return -1;
}

START_TEST(chain_stops_at_a_reused_pid)
{
	/* 40 started after its "child" 50: pid 40 now names another process. */
	static const struct fake_proc procs[] = {
		{ 50, 40, 900 }, { 40, 30, 950 }, { 30, 1, 100 },
	};
	struct fake_table t = { procs, 3 };
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	unsigned n;

	n = procinfo_chain(50, 1000, fake_read, &t, chain, WK_CHAIN_MAX - 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(chain[0].pid, 50);
}
END_TEST

START_TEST(chain_stops_at_a_parent_younger_than_the_killer)
{
	static const struct fake_proc procs[] = {
		{ 50, 1, 1200 },
	};
	struct fake_table t = { procs, 1 };
	struct wk_chain_entry chain[WK_CHAIN_MAX];

	ck_assert_uint_eq(procinfo_chain(50, 1000, fake_read, &t, chain,
	    WK_CHAIN_MAX - 1), 0);
	/* Equal start ticks are normal for a fork in the same tick. */
	ck_assert_uint_eq(procinfo_chain(50, 1200, fake_read, &t, chain,
	    WK_CHAIN_MAX - 1), 1);
	/* With the killer's start unknown the first parent is taken. */
	ck_assert_uint_eq(procinfo_chain(50, 0, fake_read, &t, chain,
	    WK_CHAIN_MAX - 1), 1);
}
END_TEST

START_TEST(chain_leaves_out_init_and_kthreadd)
{
	static const struct fake_proc procs[] = {
		{ 50, 40, 300 }, { 40, 1, 200 }, { 1, 0, 1 },
		{ 60, 2, 300 }, { 2, 0, 1 },
	};
	struct fake_table t = { procs, 5 };
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	unsigned n;

	n = procinfo_chain(50, 1000, fake_read, &t, chain, WK_CHAIN_MAX - 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(chain[0].pid, 40);
	ck_assert_int_eq(chain[1].pid, 50);
	n = procinfo_chain(60, 1000, fake_read, &t, chain, WK_CHAIN_MAX - 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(procinfo_chain(1, 1000, fake_read, &t, chain,
	    WK_CHAIN_MAX - 1), 0);
}
END_TEST

START_TEST(chain_stops_at_an_ancestor_that_is_gone)
{
	static const struct fake_proc procs[] = {
		{ 50, 40, 300 },
	};
	struct fake_table t = { procs, 1 };
	struct wk_chain_entry chain[WK_CHAIN_MAX];

	ck_assert_uint_eq(procinfo_chain(50, 1000, fake_read, &t, chain,
	    WK_CHAIN_MAX - 1), 1);
	ck_assert_int_eq(chain[0].pid, 50);
}
END_TEST

START_TEST(chain_is_bounded_and_keeps_the_nearest_ancestors)
{
	struct fake_proc procs[40];
	struct fake_table t = { procs, 40 };
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	unsigned n, i;

	/* pid 100+i has parent 100+i+1; older the further up. */
	for (i = 0; i < 40; i++) {
		procs[i].pid = (int32_t)(100 + i);
		procs[i].ppid = (int32_t)(101 + i);
		procs[i].start = 1000 - i;
	}
	n = procinfo_chain(100, 5000, fake_read, &t, chain, WK_CHAIN_MAX - 1);
	ck_assert_uint_eq(n, WK_CHAIN_MAX - 1);
	ck_assert_int_eq(chain[n - 1].pid, 100);
	ck_assert_int_eq(chain[0].pid, (int32_t)(100 + n - 1));
}
END_TEST

START_TEST(stat_gives_group_and_session)
{
	static const char line[] = "77 (sleep) S 45 70 60 0 70 4194560 "
	    "1 2 3 4 5 6 7 8 20 0 1 0 123456 0 0\n";
	struct procinfo_stat st;

	ck_assert_int_eq(procinfo_parse_stat(line, sizeof line - 1, &st), 0);
	ck_assert_int_eq(st.pgrp, 70);
	ck_assert_int_eq(st.session, 60);
}
END_TEST

/* The lines of a status file around NSpid, as Linux 6 writes them. */
#define STATUS_HEAD "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\n" \
	"Tgid:\t4242\nNgid:\t0\nPid:\t4242\nPPid:\t4200\nTracerPid:\t0\n" \
	"Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t0 \n" \
	"NStgid:\t4242\t31\t7\n"
#define STATUS_TAIL "NSpgid:\t4200\t30\t6\nNSsid:\t4100\t1\t1\n" \
	"VmPeak:\t    2332 kB\n"

START_TEST(nspid_lists_every_namespace_outermost_first)
{
	static const char status[] = STATUS_HEAD "NSpid:\t4242\t31\t7\n"
	    STATUS_TAIL;
	struct procinfo_nspid ns;

	ck_assert_int_eq(procinfo_parse_nspid(status, sizeof status - 1, &ns),
	    0);
	ck_assert_uint_eq(ns.count, 3);
	ck_assert_int_eq(ns.pid[0], 4242);
	ck_assert_int_eq(ns.pid[1], 31);
	ck_assert_int_eq(ns.pid[2], 7);
}
END_TEST

START_TEST(nspid_of_the_daemons_namespace_is_one_pid)
{
	static const char status[] = "Name:\tbash\nNSpid:\t812\nNSpgid:\t1\n";
	static const char first[] = "NSpid:\t9";
	struct procinfo_nspid ns;

	ck_assert_int_eq(procinfo_parse_nspid(status, sizeof status - 1, &ns),
	    0);
	ck_assert_uint_eq(ns.count, 1);
	ck_assert_int_eq(ns.pid[0], 812);
	/* The first line, and the text ending without a newline. */
	ck_assert_int_eq(procinfo_parse_nspid(first, sizeof first - 1, &ns), 0);
	ck_assert_uint_eq(ns.count, 1);
	ck_assert_int_eq(ns.pid[0], 9);
}
END_TEST

START_TEST(nspid_is_read_only_within_the_text)
{
	static const char status[] = "NSpid:\t4242\t31\t7\n";
	struct procinfo_nspid ns;

	/* Cut after "31": the 7 beyond len is not read. */
	ck_assert_int_eq(procinfo_parse_nspid(status, 14, &ns), 0);
	ck_assert_uint_eq(ns.count, 2);
	ck_assert_int_eq(ns.pid[1], 31);
}
END_TEST

START_TEST(nspid_missing_or_odd_is_refused)
{
	static const char *const odd[] = {
		"NSpid:\n", "NSpid:\t12\tx\n", "NSpid:\t0\n", "NSpid:\t-3\n",
		"NSpid:\t2147483648\n", "NSpid:\t12\t\t+3\n",
	};
	char many[400];
	struct procinfo_nspid ns;
	size_t i, n;

	ck_assert_int_eq(procinfo_parse_nspid(STATUS_HEAD STATUS_TAIL,
	    sizeof(STATUS_HEAD STATUS_TAIL) - 1, &ns), -1);
	ck_assert_int_eq(errno, ENOENT);
	/* A line whose name only begins like it is not it. */
	ck_assert_int_eq(procinfo_parse_nspid("NSpidx:\t3\n", 10, &ns), -1);
	ck_assert_int_eq(errno, ENOENT);
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		errno = 0;
		ck_assert_msg(procinfo_parse_nspid(odd[i], strlen(odd[i]),
		    &ns) == -1 && errno == EINVAL, "accepted %s", odd[i]);
	}
	/* Deeper than the kernel nests. */
	n = (size_t)snprintf(many, sizeof many, "NSpid:");
	for (i = 0; i <= PROCINFO_NS_LEVELS; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "\t%zu",
		    i + 1);
	ck_assert_int_eq(procinfo_parse_nspid(many, n, &ns), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* As deep as it nests is fine. */
	n = (size_t)snprintf(many, sizeof many, "NSpid:");
	for (i = 0; i < PROCINFO_NS_LEVELS; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "\t%zu",
		    i + 1);
	ck_assert_int_eq(procinfo_parse_nspid(many, n, &ns), 0);
	ck_assert_uint_eq(ns.count, PROCINFO_NS_LEVELS);
}
END_TEST

/* The inode of a namespace link of this process ("ns/pid"). */
static uint64_t
own_ns(const char *link)
{
	char path[64];
	struct stat sb;

	snprintf(path, sizeof path, "/proc/self/%s", link);
	ck_assert_int_eq(stat(path, &sb), 0);
	return (uint64_t)sb.st_ino;
}

START_TEST(namespace_of_self_is_read)
{
	struct procinfo_ns ns;
	struct procinfo_stat st;

	ck_assert_int_eq(procinfo_read_ns(getpid(), &ns), 0);
	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	ck_assert_uint_eq(ns.st.start_time, st.start_time);
	ck_assert_int_eq(ns.st.pgrp, getpgrp());
	ck_assert_int_eq(ns.st.session, getsid(0));
	ck_assert_uint_ge(ns.nspid.count, 1);
	ck_assert_int_eq(ns.nspid.pid[0], getpid());
	ck_assert(ns.ns == own_ns("ns/pid"));
	ck_assert(ns.ns_children == ns.ns);
	ck_assert_uint_eq(ns.ns_children_level, ns.nspid.count - 1);
}
END_TEST

START_TEST(namespace_of_a_reaped_process_cannot_be_read)
{
	struct procinfo_ns ns;
	pid_t pid;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(procinfo_read_ns(pid, &ns), -1);
	ck_assert(errno == ENOENT || errno == ESRCH);
}
END_TEST

/*
 * A real child pid namespace (root only): a process that made one bears
 * children into it, one level down; its first child is pid 1 there.
 */
START_TEST(namespace_of_a_child_namespace_is_read)
{
	struct procinfo_ns maker, inner;
	int to_maker[2], from_maker[2];
	pid_t pid, inner_pid;
	char c = 0;
	int status;

	ck_assert_msg(geteuid() == 0, "this test needs root (unshare of a"
	    " pid namespace); it cannot run as uid %u", (unsigned)geteuid());
	ck_assert_int_eq(pipe(to_maker), 0);
	ck_assert_int_eq(pipe(from_maker), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (unshare(CLONE_NEWPID) == -1)
			_exit(1);
		inner_pid = fork();
		if (inner_pid == -1)
			_exit(1);
		if (inner_pid == 0)
			_exit(read(to_maker[0], &c, 1) == 1 ? 0 : 1);
		if (write(from_maker[1], &inner_pid, sizeof inner_pid) !=
		    (ssize_t)sizeof inner_pid)
			_exit(1);
		_exit(waitpid(inner_pid, &status, 0) == inner_pid &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(read(from_maker[0], &inner_pid, sizeof inner_pid),
	    (ssize_t)sizeof inner_pid);

	ck_assert_int_eq(procinfo_read_ns(pid, &maker), 0);
	ck_assert(maker.ns == own_ns("ns/pid"));
	ck_assert(maker.ns_children != maker.ns);
	ck_assert_uint_eq(maker.ns_children_level, maker.nspid.count);
	ck_assert_int_eq(procinfo_read_ns(inner_pid, &inner), 0);
	ck_assert_uint_eq(inner.nspid.count, maker.nspid.count + 1);
	ck_assert_int_eq(inner.nspid.pid[inner.nspid.count - 1], 1);
	ck_assert_int_eq(inner.st.ppid, pid);
	ck_assert(inner.ns == maker.ns_children);
	ck_assert(inner.ns_children == inner.ns);
	ck_assert_uint_eq(inner.ns_children_level, inner.nspid.count - 1);

	ck_assert_int_eq(write(to_maker[1], &c, 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* The two ends a thread says its id on and waits on to end. */
static int thread_said[2], thread_stop[2];

static void *
say_id_and_wait(void *arg)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	char c;

	(void)arg;
	if (write(thread_said[1], &tid, sizeof tid) == (ssize_t)sizeof tid)
		while (read(thread_stop[0], &c, 1) == -1)
			;
	return NULL;
}

START_TEST(a_thread_is_found_by_its_id)
{
	pthread_t th;
	pid_t tid;
	char c = 0;

	ck_assert_int_eq(pipe(thread_said), 0);
	ck_assert_int_eq(pipe(thread_stop), 0);
	ck_assert_int_eq(pthread_create(&th, NULL, say_id_and_wait, NULL), 0);
	ck_assert_int_eq(read(thread_said[0], &tid, sizeof tid),
	    (ssize_t)sizeof tid);
	ck_assert_int_ne(tid, getpid());
	/* The daemon's namespace is level 0: its ids are its own. */
	ck_assert_int_eq(procinfo_find_task(getpid(), 0, tid), tid);
	ck_assert_int_eq(procinfo_find_task(getpid(), 0, getpid()), getpid());
	ck_assert_int_eq(procinfo_find_task(getpid(), 1, tid), 0);
	ck_assert_int_eq(procinfo_find_task(getpid(), 0, 1), 0);
	ck_assert_int_eq(write(thread_stop[1], &c, 1), 1);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
}
END_TEST

static Suite *
procinfo_suite(void)
{
	Suite *s = suite_create("procinfo");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, tty_names_follow_the_device_table);
	tcase_add_test(tc, stat_comm_runs_to_the_last_paren);
	tcase_add_test(tc, stat_that_stops_early_is_refused);
	tcase_add_test(tc, args_join_with_spaces_and_are_cut);
	tcase_add_test(tc, stat_gives_group_and_session);
	tcase_add_test(tc, nspid_lists_every_namespace_outermost_first);
	tcase_add_test(tc, nspid_of_the_daemons_namespace_is_one_pid);
	tcase_add_test(tc, nspid_is_read_only_within_the_text);
	tcase_add_test(tc, nspid_missing_or_odd_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("proc");
	tcase_add_test(tc, reading_self_gives_our_own_fields);
	tcase_add_test(tc, a_reaped_process_cannot_be_read);
	tcase_add_test(tc, start_time_converts_to_wall_clock);
	tcase_add_test(tc, boot_id_is_read_and_trimmed);
	tcase_add_test(tc, namespace_of_self_is_read);
	tcase_add_test(tc, namespace_of_a_reaped_process_cannot_be_read);
	tcase_add_test(tc, namespace_of_a_child_namespace_is_read);
	tcase_add_test(tc, a_thread_is_found_by_its_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("chain");
	tcase_add_test(tc, chain_of_a_real_process_tree);
	tcase_add_test(tc, chain_stops_at_a_reused_pid);
	tcase_add_test(tc, chain_stops_at_a_parent_younger_than_the_killer);
	tcase_add_test(tc, chain_leaves_out_init_and_kthreadd);
	tcase_add_test(tc, chain_stops_at_an_ancestor_that_is_gone);
	tcase_add_test(tc, chain_is_bounded_and_keeps_the_nearest_ancestors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(procinfo_suite());
	int failed;

	test_make_base_dir("check_procinfo");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
