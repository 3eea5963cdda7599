/*
 * From datagram to stored row, over a real report socket and the real
 * store: what is believed is stored, what is not is counted and dropped.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "daemon/base/clock_convert.h"
#include "daemon/ingest/ingest.h"
#include "daemon/procs/proc_table.h"
#include "daemon/base/report_socket.h"
#include "daemon/store/store.h"
#include "daemon/base/unix_socket.h"
#include "daemon_testutil.h"
#include "store_testsql.h"

#define NO_SUCH_PID	4000000		/* above any pid_max in use */

/* One daemon's worth of ingest: store, socket, counters. */
struct rig {
	char dir[200];
	struct store *st;
	struct sockaddr_un addr;
	int fd;			/* the report socket */
	int out;		/* an unbound datagram socket to send from */
	struct wkd_counters counters;
	struct ingest in;
};

static void
rig_open(struct rig *r)
{
	char path[300], err[256];
	unsigned depth;

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ck_assert_int_eq(unix_socket_addr(&r->addr, r->dir, WK_REPORT_SOCKET),
	    0);
	/* Queue length 1 leaves the system's depth (and sysctl) alone. */
	r->fd = report_socket_open(&r->addr, 1, &depth);
	ck_assert_int_ne(r->fd, -1);
	r->out = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ne(r->out, -1);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
}

static void
rig_send(const struct rig *r, const void *buf, size_t len)
{
	ck_assert_int_eq(sendto(r->out, buf, len, 0,
	    (const struct sockaddr *)&r->addr, sizeof r->addr), (ssize_t)len);
}

static int
count_event(const struct wk_event *ev, void *arg)
{
	*(struct wk_event *)arg = *ev;
	return 0;
}

/* The newest stored event for target pid; returns how many there are. */
static int
stored_event(struct rig *r, int32_t pid, struct wk_event *ev)
{
	struct store_pid_query q;

	memset(&q, 0, sizeof q);
	q.pid = pid;
	q.all_processes = 1;
	return store_find_by_pid(r->st, &q, count_event, ev, NULL);
}

START_TEST(good_report_is_stored_with_its_chain)
{
	static unsigned char dg[WK_REPORT_MAX];
	struct wk_kill_report rep;
	struct wk_event ev;
	struct rig r;
	uint32_t n;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	test_self_argv_add(&rep);
	rig_send(&r, dg, test_datagram(&rep, NULL, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_uint_eq(store_pending(r.st), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);

	ck_assert_uint_eq(r.counters.received, 1);
	ck_assert_uint_eq(r.counters.stored, 1);
	ck_assert_uint_eq(r.counters.rejected_forged +
	    r.counters.rejected_malformed + r.counters.rejected_nocred, 0);
	ck_assert_int_eq(store_count(r.st), 1);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);

	ck_assert_uint_eq(ev.sources, WK_SRC_SHIM);
	ck_assert_str_eq(ev.boot_id, TEST_BOOT_ID);
	ck_assert_int_eq(ev.report.signo, SIGTERM);
	ck_assert_int_eq(ev.report.caller.pid, getpid());
	ck_assert_uint_eq(ev.report.caller.argv_len, sizeof test_self_argv);
	ck_assert_mem_eq(ev.argv, test_self_argv, sizeof test_self_argv);
	n = ev.chain_len;
	ck_assert_uint_ge(n, 2);
	ck_assert_int_eq(ev.chain[n - 1].pid, getpid());
	ck_assert_str_eq(ev.chain[n - 1].args, "kill -TERM target");
	ck_assert_int_eq(ev.chain[n - 2].pid, getppid());
	store_close(r.st);
}
END_TEST

/* The stored event of signal signo to pid; returns how many there are. */
static int
stored_signal(struct rig *r, int32_t pid, int signo, struct wk_event *ev)
{
	struct store_pid_query q;

	memset(&q, 0, sizeof q);
	q.pid = pid;
	q.signo = signo;
	q.all_processes = 1;
	return store_find_by_pid(r->st, &q, count_event, ev, NULL);
}

/* A lean report of this process (no /proc/self read), as the shim sends
 * it to lean.sock. */
static void
lean_self_report(struct wk_kill_report *rep)
{
	test_self_report(rep, NO_SUCH_PID, SIGTERM);
	rep->flags &= ~WK_F_CALLER_STAT_READ;
	rep->caller.tty_nr = 0;
	rep->caller.start_time = 0;
	rep->caller.loginuid = WK_ID_UNSET;
	rep->caller.sessionid = WK_ID_UNSET;
	memset(rep->caller.comm, 0, sizeof rep->caller.comm);
}

/*
 * A lean report is filled in from the process table: start time, tty,
 * login uid, audit session and comm of the process that had the sender's
 * pid at the call (values only the table has here, to tell them apart);
 * the tty only while the table's session is the one the report names.
 */
START_TEST(a_lean_report_is_filled_in_from_the_process_table)
{
	static unsigned char dg[WK_REPORT_MAX];
	struct proc_table_limits lim = { 0, 0 };
	struct wk_kill_report rep;
	struct procinfo_stat st;
	struct proc_entry e, *live;
	struct wk_event ev;
	struct rig r;

	rig_open(&r);
	r.in.procs = proc_table_new(&lim);
	ck_assert_ptr_nonnull(r.in.procs);
	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	memset(&e, 0, sizeof e);
	e.pid = getpid();
	e.ppid = getppid();
	e.pgid = getpgid(0);
	e.sid = getsid(0);
	e.tty_nr = 34816;			/* pts/0 */
	e.start_time = st.start_time;
	e.uid = getuid();
	e.euid = geteuid();
	e.loginuid = 4242;
	e.sessionid = 77;
	e.checked_ns = clock_mono_now_ns();	/* as read from /proc just now */
	snprintf(e.comm, sizeof e.comm, "from-the-table");
	proc_table_add(r.in.procs, &e, clock_mono_now_ns());

	lean_self_report(&rep);
	rig_send(&r, dg, test_datagram(&rep, NULL, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.stored, 1);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert(ev.report.flags & WK_F_CALLER_STAT_READ);
	ck_assert_uint_eq(ev.report.caller.start_time, st.start_time);
	ck_assert_uint_eq(ev.report.caller.loginuid, 4242);
	ck_assert_uint_eq(ev.report.caller.sessionid, 77);
	ck_assert_str_eq(ev.report.caller.comm, "from-the-table");
	ck_assert_str_eq(ev.tty, "pts/0");

	/* The table's session is another one: no tty is taken from it. */
	live = proc_table_live(r.in.procs, getpid());
	ck_assert_ptr_nonnull(live);
	live->sid = getsid(0) + 1;
	lean_self_report(&rep);
	rep.signo = SIGUSR1;
	rig_send(&r, dg, test_datagram(&rep, NULL, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_signal(&r, NO_SUCH_PID, SIGUSR1, &ev), 1);
	ck_assert_int_eq(ev.report.caller.tty_nr, 0);
	ck_assert_str_eq(ev.tty, "");
	ck_assert_uint_eq(ev.report.caller.loginuid, 4242);

	/*
	 * A session led from outside the pid namespace is 0 to getsid and
	 * to stat alike (a container run without its own session): still
	 * the same session, so its tty is taken.
	 */
	live->sid = 0;
	lean_self_report(&rep);
	rep.caller.sid = 0;
	rep.signo = SIGUSR2;
	rig_send(&r, dg, test_datagram(&rep, NULL, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_signal(&r, NO_SUCH_PID, SIGUSR2, &ev), 1);
	ck_assert_str_eq(ev.tty, "pts/0");

	/* A whole report is kept as the shim read it. */
	test_self_report(&rep, NO_SUCH_PID, SIGHUP);
	rig_send(&r, dg, test_datagram(&rep, NULL, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_signal(&r, NO_SUCH_PID, SIGHUP, &ev), 1);
	ck_assert_str_eq(ev.report.caller.comm, "kill");
	ck_assert_int_eq(ev.report.caller.tty_nr, st.tty_nr);
	proc_table_free(r.in.procs);
	r.in.procs = NULL;
	store_close(r.st);
}
END_TEST

START_TEST(report_naming_another_pid_is_forged)
{
	struct wk_kill_report rep;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGKILL);
	rep.caller.pid = getppid();
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ingest_commit(&r.in);
	ck_assert_uint_eq(r.counters.received, 1);
	ck_assert_uint_eq(r.counters.rejected_forged, 1);
	ck_assert_uint_eq(r.counters.stored, 0);
	ck_assert_int_eq(store_count(r.st), 0);
	store_close(r.st);
}
END_TEST

/*
 * A child with real uid 65534 (and effective uid 0 kept as saved id, the
 * shape of a setuid program) claims uid 0: the kernel says 65534.  Its
 * honest report is stored.  Needs root to change ids.
 */
START_TEST(report_claiming_root_from_another_uid_is_forged)
{
	struct wk_kill_report rep;
	struct rig r;
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return;
	rig_open(&r);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (setresgid(65534, 65534, 0) == -1 ||
		    setresuid(65534, 0, 0) == -1)
			_exit(2);
		test_self_report(&rep, NO_SUCH_PID, SIGKILL);
		rep.caller.uid = 0;
		if (sendto(r.out, &rep, sizeof rep, 0,
		    (const struct sockaddr *)&r.addr, sizeof r.addr) == -1)
			_exit(3);
		test_self_report(&rep, NO_SUCH_PID, SIGKILL);
		if (sendto(r.out, &rep, sizeof rep, 0,
		    (const struct sockaddr *)&r.addr, sizeof r.addr) == -1)
			_exit(3);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 2);
	ingest_commit(&r.in);
	ck_assert_uint_eq(r.counters.rejected_forged, 1);
	ck_assert_uint_eq(r.counters.stored, 1);
	store_close(r.st);
}
END_TEST

/* r as a datagram with the target's cgroup file cg after its argv. */
static size_t
datagram_with_cgroup(struct wk_kill_report *r, const char *cg,
    unsigned char *dg)
{
	size_t len;

	r->target.cgroup_len = (uint32_t)strlen(cg);
	len = test_datagram(r, NULL, dg);
	memcpy(dg + len, cg, strlen(cg));
	len += strlen(cg);
	((struct wk_header *)(void *)dg)->size = (uint32_t)len;
	return len;
}

/*
 * A target its parent reaped at once, which the daemon never saw: a root
 * parent's reading of its cgroup, sent with the report, names its unit;
 * another user's is not believed.
 */
START_TEST(a_root_parents_reading_names_a_gone_targets_unit)
{
	static const char cg[] = "0::/system.slice/victim.service\n";
	static unsigned char dg[WK_REPORT_MAX];
	struct wk_kill_report rep;
	struct wk_event ev;
	struct rig r;
	pid_t pid;
	int status;

	if (geteuid() != 0)
		ck_abort_msg("needs root: only a root sender's reading counts");
	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rep.target.start_time = 4242;
	test_self_argv_add(&rep);
	rig_send(&r, dg, datagram_with_cgroup(&rep, cg, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert_str_eq(ev.target_cgroup.unit, "victim.service");
	ck_assert_str_eq(ev.target_cgroup.path, "/system.slice/victim.service");
	ck_assert_uint_eq(ev.report.target.cgroup_len, 0);

	/* The same from uid 65534. */
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) == -1 ||
		    setresuid(65534, 65534, 65534) == -1)
			_exit(2);
		test_self_report(&rep, NO_SUCH_PID - 1, SIGTERM);
		rep.target.start_time = 4243;
		test_self_argv_add(&rep);
		if (sendto(r.out, dg, datagram_with_cgroup(&rep, cg, dg), 0,
		    (const struct sockaddr *)&r.addr, sizeof r.addr) == -1)
			_exit(3);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.stored, 2);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID - 1, &ev), 1);
	ck_assert_str_eq(ev.target_cgroup.unit, "");
	ck_assert_str_eq(ev.target_cgroup.path, "");
	store_close(r.st);
}
END_TEST

START_TEST(garbage_and_wrong_sizes_are_malformed)
{
	char big[sizeof(struct wk_kill_report) + 64];
	struct wk_kill_report rep;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rig_send(&r, "garbage", 7);
	rig_send(&r, &rep, sizeof rep - 1);
	memset(big, 0, sizeof big);
	memcpy(big, &rep, sizeof rep);
	rig_send(&r, big, sizeof big);
	rep.signo = 0;
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 4);
	ck_assert_uint_eq(r.counters.received, 4);
	ck_assert_uint_eq(r.counters.rejected_malformed, 4);
	ck_assert_uint_eq(store_pending(r.st), 0);
	ck_assert_int_eq(store_count(r.st), 0);
	store_close(r.st);
}
END_TEST

START_TEST(datagram_without_credentials_is_refused)
{
	struct wk_kill_report rep;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	ck_assert_int_eq(ingest_datagram(&r.in, &rep, sizeof rep, 0, NULL),
	    INGEST_NOCRED);
	ck_assert_uint_eq(r.counters.rejected_nocred, 1);
	ck_assert_uint_eq(store_pending(r.st), 0);
	store_close(r.st);
}
END_TEST

START_TEST(sender_drops_are_summed)
{
	struct wk_kill_report rep;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rep.hdr.dropped = 3;
	rig_send(&r, &rep, sizeof rep);
	rep.hdr.dropped = 4;
	rig_send(&r, &rep, sizeof rep);
	/* A forged report's count is not believed either. */
	rep.caller.pid = getppid();
	rep.hdr.dropped = 100;
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 3);
	ck_assert_uint_eq(r.counters.sender_dropped, 7);
	store_close(r.st);
}
END_TEST

START_TEST(drain_reads_at_most_drain_max)
{
	struct wk_kill_report rep;
	struct rig r;
	int i;

	rig_open(&r);
	r.in.drain_max = 3;
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	for (i = 0; i < 5; i++)
		rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 3);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 2);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 0);
	store_close(r.st);
}
END_TEST

START_TEST(batch_commits_after_the_interval)
{
	struct wk_kill_report rep;
	struct rig r;
	int64_t now;
	int t;

	rig_open(&r);
	now = wkd_monotonic_ms();
	ck_assert_int_eq(ingest_timeout_ms(&r.in, now), -1);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	now = wkd_monotonic_ms();
	t = ingest_timeout_ms(&r.in, now);
	ck_assert_int_ge(t, 0);
	ck_assert_int_le(t, 200);
	ck_assert_int_eq(ingest_commit_if_due(&r.in, now), 0);
	if (t > 0)
		ck_assert_uint_eq(r.counters.stored, 0);
	ck_assert_int_eq(ingest_commit_if_due(&r.in, now + 200), 0);
	ck_assert_uint_eq(r.counters.stored, 1);
	ck_assert_uint_eq(store_pending(r.st), 0);
	ck_assert_int_eq(ingest_timeout_ms(&r.in, now + 200), -1);
	store_close(r.st);
}
END_TEST

START_TEST(batch_commits_at_256_rows)
{
	struct wk_kill_report rep;
	struct rig r;
	int i, j;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	/* Eight at a time: without root the socket may queue only ten. */
	for (i = 0; i < INGEST_COMMIT_ROWS / 8; i++) {
		for (j = 0; j < 8; j++)
			rig_send(&r, &rep, sizeof rep);
		ck_assert_int_eq(ingest_drain(&r.in, r.fd), 8);
		if (i < INGEST_COMMIT_ROWS / 8 - 1)
			ck_assert_uint_eq(r.counters.stored, 0);
	}
	ck_assert_uint_eq(r.counters.stored, INGEST_COMMIT_ROWS);
	ck_assert_uint_eq(store_pending(r.st), 0);
	ck_assert_int_eq(store_count(r.st), INGEST_COMMIT_ROWS);
	store_close(r.st);
}
END_TEST

/* A made-up /proc for ingest_resolve: the killer 500 and its parent 400. */
struct fake_proc {
	int alive;		/* whether the killer 500 is still there */
	uint32_t killer_loginuid;
	uint32_t parent_uid;
};

static int
fake_read(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	const struct fake_proc *f = arg;

	memset(out, 0, sizeof *out);
	out->pid = pid;
	if (pid == 500 && f->alive) {
		out->ppid = 400;
		out->start_time = 2000;
		out->uid = out->euid = 1000;
		out->loginuid = f->killer_loginuid;
		return 0;
	}
	if (pid == 400) {
		out->ppid = 1;
		out->start_time = 1000;
		out->uid = out->euid = f->parent_uid;
		out->loginuid = f->parent_uid;
		snprintf(out->comm, sizeof out->comm, "bash");
		return 0;
	}
	errno = ENOENT;
	return -1;
}

/* A report by pid 500, uid 1000, login uid 1000, parent 400. */
static void
fake_report(struct wk_kill_report *rep, struct ucred *cred)
{
	wk_report_init(rep);
	rep->call = WK_CALL_KILL;
	rep->signo = SIGKILL;
	rep->arg_pid = 77;
	rep->flags = WK_F_CALLER_STAT_READ;
	rep->caller.pid = 500;
	rep->caller.ppid = 400;
	rep->caller.start_time = 2000;
	rep->caller.tty_nr = (136 << 8) | 3;
	rep->caller.uid = rep->caller.euid = 1000;
	rep->caller.gid = rep->caller.egid = 1000;
	rep->caller.loginuid = 1000;
	snprintf(rep->caller.comm, sizeof rep->caller.comm, "kill");
	cred->pid = 500;
	cred->uid = 1000;
	cred->gid = 1000;
}

START_TEST(resolve_rejects_a_false_login_uid_of_a_live_killer)
{
	struct fake_proc f = { 1, 1000, 1000 };
	struct wk_kill_report rep;
	struct wk_event ev;
	struct ucred cred;
	struct ingest in;
	struct wkd_counters c = { 0 };
	const char *why;

	ingest_init(&in, NULL, &c, TEST_BOOT_ID, 200, 64);
	in.read_proc = fake_read;
	in.read_proc_arg = &f;
	fake_report(&rep, &cred);
	ck_assert_int_eq(ingest_resolve(&in, &rep, test_self_argv, &cred, &ev, &why),
	    VERIFY_OK);
	ck_assert_uint_eq(ev.chain_len, 2);
	ck_assert_int_eq(ev.chain[0].pid, 400);
	ck_assert_int_eq(ev.chain[1].pid, 500);
	ck_assert_str_eq(ev.tty, "pts/3");

	rep.caller.loginuid = 1001;
	ck_assert_int_eq(ingest_resolve(&in, &rep, test_self_argv, &cred, &ev, &why),
	    VERIFY_FORGED);
}
END_TEST

START_TEST(resolve_of_a_gone_killer_keeps_a_parent_of_its_uid)
{
	struct fake_proc f = { 0, 1000, 1001 };
	struct wk_kill_report rep;
	struct wk_event ev;
	struct ucred cred;
	struct ingest in;
	struct wkd_counters c = { 0 };
	const char *why;

	ingest_init(&in, NULL, &c, TEST_BOOT_ID, 200, 64);
	in.read_proc = fake_read;
	in.read_proc_arg = &f;
	fake_report(&rep, &cred);
	ck_assert_int_eq(ingest_resolve(&in, &rep, test_self_argv, &cred, &ev, &why),
	    VERIFY_OK);
	ck_assert_uint_eq(ev.chain_len, 1);
	ck_assert_int_eq(ev.chain[0].pid, 500);

	f.parent_uid = 1000;
	ck_assert_int_eq(ingest_resolve(&in, &rep, test_self_argv, &cred, &ev, &why),
	    VERIFY_OK);
	ck_assert_uint_eq(ev.chain_len, 2);
	ck_assert_int_eq(ev.chain[0].pid, 400);

	/* Root's word on its parent is taken. */
	f.parent_uid = 1001;
	rep.caller.uid = cred.uid = 0;
	ck_assert_int_eq(ingest_resolve(&in, &rep, test_self_argv, &cred, &ev, &why),
	    VERIFY_OK);
	ck_assert_uint_eq(ev.chain_len, 2);
}
END_TEST

/*
 * This test process F forks C, which forks G; G resolves a report of its
 * own and sends the event back through a pipe.
 */
START_TEST(resolve_from_a_grandchild_puts_the_killer_last)
{
	struct wk_event ev;
	pid_t child;
	int fds[2], status;
	uint32_t n;

	ck_assert_int_eq(pipe(fds), 0);
	child = fork();
	ck_assert_int_ne(child, -1);
	if (child == 0) {
		pid_t g = fork();

		if (g == 0) {
			struct wkd_counters c = { 0 };
			struct wk_kill_report rep;
			struct ingest in;
			struct ucred cred = { getpid(), getuid(), getgid() };
			const char *why;

			ingest_init(&in, NULL, &c, TEST_BOOT_ID, 200, 64);
			test_self_report(&rep, NO_SUCH_PID, SIGTERM);
			test_self_argv_add(&rep);
			if (ingest_resolve(&in, &rep, test_self_argv, &cred,
			    &ev, &why) !=
			    VERIFY_OK)
				_exit(3);
			_exit(write(fds[1], &ev, sizeof ev) == sizeof ev ?
			    0 : 4);
		}
		_exit(g > 0 && waitpid(g, &status, 0) > 0 &&
		    WIFEXITED(status) ? WEXITSTATUS(status) : 5);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &ev, sizeof ev), sizeof ev);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	n = ev.chain_len;
	ck_assert_uint_ge(n, 3);
	ck_assert_int_eq(ev.chain[n - 1].pid, ev.report.caller.pid);
	ck_assert_int_eq(ev.chain[n - 1].ppid, child);
	ck_assert_str_eq(ev.chain[n - 1].comm, "kill");
	ck_assert_str_eq(ev.chain[n - 1].args, "kill -TERM target");
	ck_assert_int_eq(ev.chain[n - 2].pid, child);
	ck_assert_int_eq(ev.chain[n - 3].pid, getpid());
	ck_assert_ptr_nonnull(strstr(ev.chain[n - 2].args, "check_ingest"));
}
END_TEST

/* ------------------------------------------------------------ PAM reports */

/* One integer from SQL on the rig's store file (committed rows). */
static int64_t
rig_sql(const struct rig *r, const char *sql)
{
	char path[300];

	snprintf(path, sizeof path, "%s/db", r->dir);
	return test_sql_int(path, sql);
}

/* The result the caller of rep sends after its call returned. */
static void
result_of(const struct wk_kill_report *rep, int result, int error,
    struct wk_kill_result *m)
{
	wk_kill_result_init(m);
	m->time = rep->time;
	m->pid = rep->caller.pid;
	m->tid = rep->caller.tid;
	m->start_time = rep->caller.start_time;
	m->signo = rep->signo;
	m->result = result;
	m->error = result == -1 ? error : 0;
}

START_TEST(pending_report_is_settled_by_its_result)
{
	struct wk_kill_report rep;
	struct wk_kill_result m;
	struct wk_event ev;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rep.flags |= WK_F_RESULT_PENDING;
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert_uint_ne(ev.report.flags & WK_F_RESULT_PENDING, 0);
	ck_assert_int_eq(ev.report.result, 0);

	/* The result, in the same batch: the row is settled. */
	result_of(&rep, -1, ESRCH, &m);
	rig_send(&r, &m, sizeof m);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert_uint_eq(ev.report.flags & WK_F_RESULT_PENDING, 0);
	ck_assert_int_eq(ev.report.result, -1);
	ck_assert_int_eq(ev.report.error, ESRCH);
	ck_assert_uint_eq(r.counters.results_unmatched, 0);
	ck_assert_int_eq(store_count(r.st), 1);

	/* A result for a call never reported is counted and dropped. */
	m.time.nsec = (m.time.nsec + 1) % 1000000000;
	rig_send(&r, &m, sizeof m);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.results_unmatched, 1);
	ck_assert_int_eq(store_count(r.st), 1);
	store_close(r.st);
}
END_TEST

START_TEST(kill_result_from_another_pid_or_process_is_forged)
{
	struct wk_kill_report rep;
	struct wk_kill_result m;
	struct wk_event ev;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rep.flags |= WK_F_RESULT_PENDING;
	rig_send(&r, &rep, sizeof rep);
	/* Someone else's pid... */
	result_of(&rep, -1, EPERM, &m);
	m.pid = getppid();
	rig_send(&r, &m, sizeof m);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 2);
	ck_assert_uint_eq(r.counters.rejected_forged, 1);
	/* ...and, from a sender that is not root, another start time (an
	 * earlier process with this pid). */
	if (getuid() != 0) {
		result_of(&rep, -1, EPERM, &m);
		m.start_time = rep.caller.start_time - 1;
		rig_send(&r, &m, sizeof m);
		ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
		ck_assert_uint_eq(r.counters.rejected_forged, 2);
	}
	/* Nothing at all without credentials. */
	result_of(&rep, -1, EPERM, &m);
	ck_assert_int_eq(ingest_datagram(&r.in, &m, sizeof m, 0, NULL),
	    INGEST_NOCRED);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert_uint_ne(ev.report.flags & WK_F_RESULT_PENDING, 0);
	store_close(r.st);
}
END_TEST

/* The result check for a sender that is not root: a child of uid 65534. */
START_TEST(kill_result_start_time_is_checked_for_users)
{
	struct wk_kill_report rep;
	struct wk_kill_result m;
	struct ucred cred;
	const char *why = NULL;
	struct rig r;

	rig_open(&r);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	result_of(&rep, 0, 0, &m);
	cred.pid = getpid();
	cred.uid = 65534;
	cred.gid = 65534;
	ck_assert_int_eq(ingest_check_result(&r.in, &m, &cred, &why),
	    VERIFY_OK);
	m.start_time++;
	ck_assert_int_eq(ingest_check_result(&r.in, &m, &cred, &why),
	    VERIFY_FORGED);
	ck_assert_str_eq(why, "kill result's start time differs from /proc");
	/* Root is trusted; a pid that is not the sender's never is. */
	cred.uid = 0;
	ck_assert_int_eq(ingest_check_result(&r.in, &m, &cred, &why),
	    VERIFY_OK);
	cred.pid = getppid();
	ck_assert_int_eq(ingest_check_result(&r.in, &m, &cred, &why),
	    VERIFY_FORGED);
	store_close(r.st);
}
END_TEST

/* Children that sleep in one process group of their own, led by the first. */
static void
spawn_group(pid_t *pids, int n)
{
	int i, ready[2];
	char byte;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pipe(ready), 0);
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			setpgid(0, i == 0 ? 0 : pids[0]);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		setpgid(pids[i], pids[0]);
		close(ready[1]);
		ck_assert_int_eq(read(ready[0], &byte, 1), 1);
		close(ready[0]);
	}
}

static int
keep_event(const struct wk_event *ev, void *arg)
{
	*(struct wk_event *)arg = *ev;
	return 1;
}

START_TEST(group_kill_is_stored_for_every_member)
{
	struct wk_kill_report rep;
	struct store_pid_query q;
	struct procinfo_stat st;
	struct wk_event ev;
	struct rig r;
	pid_t pids[3];
	int i;

	rig_open(&r);
	spawn_group(pids, 3);
	/* kill(-G, SIGUSR2), the leader read by the shim, before delivery
	 * (no table in this rig: the members come from /proc). */
	test_self_report(&rep, -pids[0], SIGUSR2);
	rep.flags |= WK_F_TARGET_GROUP | WK_F_TARGET_READ;
	rep.target.pid = pids[0];
	ck_assert_int_eq(procinfo_read_stat(pids[0], &st), 0);
	rep.target.start_time = st.start_time;
	memcpy(rep.target.comm, st.comm, sizeof rep.target.comm);
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 3);
	for (i = 0; i < 3; i++) {
		memset(&q, 0, sizeof q);
		q.pid = pids[i];
		ck_assert_int_eq(store_find_by_pid(r.st, &q, keep_event, &ev,
		    NULL), 1);
		ck_assert_int_eq(ev.report.target.pid, pids[i]);
		ck_assert_uint_eq(ev.report.reached, 3);
		ck_assert_int_eq(ev.report.arg_pid, -pids[0]);
		ck_assert_int_eq(ev.report.caller.pid, getpid());
		ck_assert_uint_eq((ev.report.flags & WK_F_GROUP_MEMBER) != 0,
		    i != 0);
		ck_assert_uint_ne(ev.report.target.start_time, 0);
	}
	/* A call that failed reached no one: one row, nothing counted. */
	test_self_report(&rep, -pids[0], SIGUSR1);
	rep.flags |= WK_F_TARGET_GROUP;
	rep.result = -1;
	rep.error = EPERM;
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 4);
	for (i = 0; i < 3; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	store_close(r.st);
}
END_TEST

/* A process-table entry for the group rules. */
static struct proc_entry
entry(int32_t pid, int32_t ppid, int32_t pgid, uint32_t uid, uint64_t start)
{
	struct proc_entry e;

	memset(&e, 0, sizeof e);
	e.pid = pid;
	e.ppid = ppid;
	e.pgid = pgid;
	e.uid = e.euid = uid;
	e.start_time = start;
	return e;
}

START_TEST(group_rules)
{
	struct wk_kill_report r;
	struct proc_entry e;
	const uint64_t at_ticks = 1000, at_ns = 5000000000ull;

	wk_report_init(&r);
	r.call = WK_CALL_KILL;
	r.signo = SIGTERM;
	r.caller.pid = 700;
	r.caller.pgid = 700;
	r.caller.uid = r.caller.euid = 1000;

	/* kill(0): the caller's group, the caller included. */
	r.arg_pid = 0;
	r.flags = WK_F_TARGET_GROUP;
	e = entry(700, 1, 700, 1000, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(701, 700, 700, 0, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(702, 700, 702, 1000, 900);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	/* Started after the call, or ended before it: not reached. */
	e = entry(703, 700, 700, 1000, 1005);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(703, 700, 700, 1000, 1001);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(704, 700, 700, 1000, 900);
	e.flags = PROC_F_EXITED;
	e.exit_time_ns = at_ns - 1;
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e.exit_time_ns = at_ns + 1000;
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	/* Its start time unknown (gone before its fork was read): its fork
	 * event's time says whether it was there; without one, nothing. */
	e = entry(705, 700, 700, 1000, 0);
	e.flags = PROC_F_START_UNKNOWN;
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e.forked_ns = at_ns - 1000;
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e.forked_ns = at_ns + 1000;
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e.forked_ns = at_ns - 1000;
	e.flags |= PROC_F_EXITED;
	e.exit_time_ns = at_ns - 1;
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));

	/* kill(-G) and killpg(G): group G; killpg(0) the caller's. */
	r.arg_pid = -702;
	e = entry(702, 700, 702, 1000, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(700, 1, 700, 1000, 900);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	r.call = WK_CALL_KILLPG;
	r.arg_pid = 702;
	e = entry(702, 700, 702, 1000, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	r.arg_pid = 0;
	e = entry(701, 700, 700, 1000, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	/* A call to one process reaches no group. */
	r.call = WK_CALL_KILL;
	r.arg_pid = 701;
	r.flags = WK_F_TARGET_READ;
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));

	/* kill(-1): what the caller may signal, but init, kernel threads
	 * and the caller itself. */
	r.arg_pid = -1;
	r.flags = WK_F_TARGET_ALL;
	e = entry(800, 1, 800, 1000, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(801, 1, 801, 0, 900);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(1, 0, 1, 1000, 1);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(50, 2, 0, 1000, 5);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	e = entry(700, 1, 700, 1000, 900);
	ck_assert(!ingest_group_reached(&r, &e, at_ticks, at_ns));
	r.caller.euid = 0;
	e = entry(801, 1, 801, 0, 900);
	ck_assert(ingest_group_reached(&r, &e, at_ticks, at_ns));
}
END_TEST

/* A session report the calling process could send about itself. */
static void
self_session(struct wk_session_report *s, uint16_t type)
{
	struct procinfo_stat st;
	struct timespec ts;

	wk_session_init(s, type);
	clock_gettime(CLOCK_REALTIME, &ts);
	s->time.sec = ts.tv_sec;
	s->time.nsec = ts.tv_nsec;
	ck_assert_int_eq(procinfo_read_stat(getpid(), &st), 0);
	s->pid = getpid();
	s->ppid = getppid();
	s->start_time = st.start_time;
	s->uid = 1001;
	s->flags = WK_SF_OWN_ID;
	s->own_id = 0x5e55;
	snprintf(s->user, sizeof s->user, "alice");
	snprintf(s->service, sizeof s->service, "sshd");
}

/* A failed login the calling process could report about itself. */
static void
self_authfail(struct wk_authfail_report *a)
{
	struct wk_kill_report k;

	test_self_report(&k, NO_SUCH_PID, SIGTERM);
	test_self_argv_add(&k);
	wk_authfail_init(a);
	a->time = k.time;
	a->caller = k.caller;
	snprintf(a->user, sizeof a->user, "postgres");
	snprintf(a->service, sizeof a->service, "su");
	a->hdr.size = sizeof *a + sizeof test_self_argv;
}

/* a and its command line (test_self_argv) as a datagram in buf. */
static size_t
authfail_datagram(const struct wk_authfail_report *a, unsigned char *buf)
{
	memcpy(buf, a, sizeof *a);
	memcpy(buf + sizeof *a, test_self_argv, a->caller.argv_len);
	return sizeof *a + a->caller.argv_len;
}

START_TEST(session_from_root_is_stored_and_joined_to_its_kills)
{
	struct wk_session_report s;
	struct wk_kill_report rep;
	struct wk_event ev;
	struct rig r;

	rig_open(&r);
	self_session(&s, WK_MSG_SESSION_OPEN);
	rig_send(&r, &s, sizeof s);
	/* This process opened the session and kills: it is in the chain. */
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	rig_send(&r, &rep, sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 2);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.stored, 2);
	ck_assert_int_eq(stored_event(&r, NO_SUCH_PID, &ev), 1);
	ck_assert_uint_eq(ev.session.flags & WK_SI_KNOWN, WK_SI_KNOWN);
	ck_assert_int_eq(ev.session.pid, getpid());
	ck_assert(ev.session.own_id == 0x5e55);
	ck_assert(ev.sources & WK_SRC_PAM);

	s.hdr.type = WK_MSG_SESSION_CLOSE;
	s.hdr.dropped = 2;
	s.time.sec += 5;
	rig_send(&r, &s, sizeof s);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.stored, 3);
	ck_assert_uint_eq(r.counters.sender_dropped, 2);
	ck_assert_int_eq(rig_sql(&r, "SELECT count(*) FROM sessions"), 1);
	ck_assert_int_eq(rig_sql(&r, "SELECT closed_sec - opened_sec FROM"
	    " sessions"), 5);
	store_close(r.st);
}
END_TEST

static int
keep_group(const struct wk_authfail_event *ev, void *arg)
{
	*(struct wk_authfail_event *)arg = *ev;
	return 0;
}

START_TEST(failed_login_from_root_is_stored_with_its_chain)
{
	struct store_authfail_query q;
	static unsigned char dg[WK_REPORT_MAX];
	struct wk_authfail_report a;
	struct wk_authfail_event ev;
	struct rig r;
	uint32_t n;

	rig_open(&r);
	self_authfail(&a);
	rig_send(&r, dg, authfail_datagram(&a, dg));
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.stored, 1);
	memset(&q, 0, sizeof q);
	ck_assert_int_eq(store_find_failed_logins(r.st, &q, keep_group, &ev),
	    1);
	ck_assert_uint_eq(ev.count, 1);
	ck_assert_str_eq(ev.report.user, "postgres");
	ck_assert_str_eq(ev.boot_id, TEST_BOOT_ID);
	n = ev.chain_len;
	ck_assert_uint_ge(n, 2);
	ck_assert_int_eq(ev.chain[n - 1].pid, getpid());
	ck_assert_str_eq(ev.chain[n - 1].args, "kill -TERM target");
	ck_assert_int_eq(ev.chain[n - 2].pid, getppid());
	store_close(r.st);
}
END_TEST

START_TEST(session_naming_another_pid_is_forged)
{
	struct wk_session_report s;
	struct rig r;

	rig_open(&r);
	self_session(&s, WK_MSG_SESSION_OPEN);
	s.pid = getppid();
	rig_send(&r, &s, sizeof s);
	s.hdr.type = WK_MSG_SESSION_CLOSE;
	rig_send(&r, &s, sizeof s);
	ck_assert_int_eq(ingest_drain(&r.in, r.fd), 2);
	ingest_commit(&r.in);
	ck_assert_uint_eq(r.counters.rejected_forged, 2);
	ck_assert_uint_eq(r.counters.stored, 0);
	ck_assert_int_eq(rig_sql(&r, "SELECT count(*) FROM sessions"), 0);
	store_close(r.st);
}
END_TEST

/*
 * A child with uids (ruid, euid, 0) sends a session open and a failed
 * login about itself, then waits -- alive, so /proc shows its ids --
 * until the parent has drained them.  Needs root to change ids.
 */
static void
pam_reports_from_child(struct rig *r, uid_t ruid, uid_t euid)
{
	struct wk_session_report s;
	static unsigned char dg[WK_REPORT_MAX];
	struct wk_authfail_report a;
	int sent[2], done[2], status;
	char byte = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(sent), 0);
	ck_assert_int_eq(pipe(done), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (setresgid(ruid, ruid, 0) == -1 ||
		    setresuid(ruid, euid, 0) == -1)
			_exit(2);
		self_session(&s, WK_MSG_SESSION_OPEN);
		self_authfail(&a);
		if (sendto(r->out, &s, sizeof s, 0,
		    (const struct sockaddr *)&r->addr, sizeof r->addr) == -1 ||
		    sendto(r->out, dg, authfail_datagram(&a, dg), 0,
		    (const struct sockaddr *)&r->addr, sizeof r->addr) == -1)
			_exit(3);
		if (write(sent[1], &byte, 1) != 1 ||
		    read(done[0], &byte, 1) != 1)
			_exit(4);
		_exit(0);
	}
	ck_assert_int_eq(read(sent[0], &byte, 1), 1);
	ck_assert_int_eq(ingest_drain(&r->in, r->fd), 2);
	ingest_commit(&r->in);
	ck_assert_int_eq(write(done[1], &byte, 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sent[0]);
	close(sent[1]);
	close(done[0]);
	close(done[1]);
}

START_TEST(pam_reports_from_a_sender_without_euid_0_are_forged)
{
	struct rig r;

	if (geteuid() != 0)
		return;
	rig_open(&r);
	pam_reports_from_child(&r, 65534, 65534);
	ck_assert_uint_eq(r.counters.rejected_forged, 2);
	ck_assert_uint_eq(r.counters.stored, 0);
	ck_assert_int_eq(rig_sql(&r, "SELECT count(*) FROM sessions"), 0);
	ck_assert_int_eq(rig_sql(&r, "SELECT count(*) FROM authfails"), 0);
	store_close(r.st);
}
END_TEST

/* su and sudo are setuid: real uid the user's, effective uid 0. */
START_TEST(pam_reports_from_a_setuid_root_sender_are_believed)
{
	struct rig r;

	if (geteuid() != 0)
		return;
	rig_open(&r);
	pam_reports_from_child(&r, 65534, 0);
	ck_assert_uint_eq(r.counters.rejected_forged, 0);
	ck_assert_uint_eq(r.counters.stored, 2);
	ck_assert_int_eq(rig_sql(&r, "SELECT uid FROM sessions"), 1001);
	ck_assert_int_eq(rig_sql(&r, "SELECT caller_uid FROM authfails"),
	    65534);
	store_close(r.st);
}
END_TEST

/* A made-up /proc for the PAM checks: the sender 600 and its parent 400. */
struct fake_pam_proc {
	int alive;		/* whether 600 is there */
	uint32_t euid;		/* its effective uid */
	uint64_t start_time;	/* its start time */
};

static int
fake_pam_read(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	const struct fake_pam_proc *f = arg;

	memset(out, 0, sizeof *out);
	out->pid = pid;
	out->loginuid = WK_ID_UNSET;
	if (pid == 600 && f->alive) {
		out->ppid = 400;
		out->start_time = f->start_time;
		out->uid = 1000;
		out->euid = f->euid;
		snprintf(out->comm, sizeof out->comm, "su");
		return 0;
	}
	if (pid == 400) {
		out->ppid = 1;
		out->start_time = 1000;
		out->uid = out->euid = 1000;
		snprintf(out->comm, sizeof out->comm, "bash");
		return 0;
	}
	errno = ENOENT;
	return -1;
}

START_TEST(pam_sender_must_run_as_root_now)
{
	struct fake_pam_proc f = { 1, 0, 3000 };
	struct ucred cred = { 600, 1000, 1000 };
	struct wk_session_report s;
	struct wkd_counters c = { 0 };
	struct ingest in;
	const char *why;

	ingest_init(&in, NULL, &c, TEST_BOOT_ID, 200, 64);
	in.read_proc = fake_pam_read;
	in.read_proc_arg = &f;
	wk_session_init(&s, WK_MSG_SESSION_OPEN);
	s.pid = 600;
	s.start_time = 3000;
	ck_assert_int_eq(ingest_check_session(&in, &s, &cred, &why),
	    VERIFY_OK);
	ck_assert_int_eq(ingest_check_session(&in, &s, NULL, &why),
	    VERIFY_NOCRED);

	/* Another process now has the pid. */
	s.start_time = 2999;
	ck_assert_int_eq(ingest_check_session(&in, &s, &cred, &why),
	    VERIFY_FORGED);
	s.start_time = 3000;
	f.euid = 1000;
	ck_assert_int_eq(ingest_check_session(&in, &s, &cred, &why),
	    VERIFY_FORGED);
	ck_assert_ptr_nonnull(strstr(why, "effective uid 0"));
	f.euid = 0;
	f.alive = 0;
	ck_assert_int_eq(ingest_check_session(&in, &s, &cred, &why),
	    VERIFY_FORGED);

	/* Real uid 0 is root whatever /proc says by now. */
	cred.uid = 0;
	ck_assert_int_eq(ingest_check_session(&in, &s, &cred, &why),
	    VERIFY_OK);
}
END_TEST

START_TEST(failed_login_chain_runs_from_the_programs_parent)
{
	struct fake_pam_proc f = { 1, 0, 3000 };
	struct ucred cred = { 600, 1000, 1000 };
	struct wk_authfail_report a;
	struct wk_authfail_event ev;
	struct wkd_counters c = { 0 };
	struct ingest in;
	const char *why;

	ingest_init(&in, NULL, &c, TEST_BOOT_ID, 200, 64);
	in.read_proc = fake_pam_read;
	in.read_proc_arg = &f;
	wk_authfail_init(&a);
	a.time.sec = 1234;
	a.caller.pid = 600;
	a.caller.ppid = 4;		/* /proc says 400 */
	a.caller.start_time = 3000;
	a.caller.uid = 1000;
	a.caller.gid = 1000;
	a.caller.euid = 0;
	snprintf(a.caller.comm, sizeof a.caller.comm, "su");
	ck_assert_int_eq(ingest_resolve_authfail(&in, &a, "", &cred, &ev,
	    &why),
	    VERIFY_OK);
	ck_assert_uint_eq(ev.chain_len, 2);
	ck_assert_int_eq(ev.chain[0].pid, 400);
	ck_assert_int_eq(ev.chain[1].pid, 600);
	ck_assert_int_eq(ev.chain[1].ppid, 400);
	ck_assert_str_eq(ev.chain[1].comm, "su");
	ck_assert_uint_eq(ev.count, 1);
	ck_assert_int_eq(ev.last.sec, 1234);
	ck_assert_str_eq(ev.boot_id, TEST_BOOT_ID);

	/* The caller's ids are the kernel's, as for a kill. */
	a.caller.gid = 0;
	ck_assert_int_eq(ingest_resolve_authfail(&in, &a, "", &cred, &ev,
	    &why),
	    VERIFY_FORGED);
	a.caller.gid = 1000;
	f.euid = 1000;
	ck_assert_int_eq(ingest_resolve_authfail(&in, &a, "", &cred, &ev,
	    &why),
	    VERIFY_FORGED);
}
END_TEST

/*
 * As root the socket queues queue_len datagrams, far above the kernel's
 * default of 10, and the sysctl it borrowed is put back.
 */
START_TEST(report_socket_queues_queue_len_datagrams_as_root)
{
	struct wk_kill_report rep;
	struct sockaddr_un addr;
	char dir[200], sysctl[32];
	unsigned depth, i;
	FILE *fp;
	int fd, out;

	if (geteuid() != 0)
		return;
	fp = fopen(REPORT_SOCKET_QLEN_PATH, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(sysctl, sizeof sysctl, fp));
	fclose(fp);
	ck_assert_int_lt(atoi(sysctl), 200);

	test_dir(dir, sizeof dir);
	ck_assert_int_eq(unix_socket_addr(&addr, dir, WK_REPORT_SOCKET), 0);
	fd = report_socket_open(&addr, 200, &depth);
	ck_assert_int_ne(fd, -1);
	ck_assert_uint_eq(depth, 200);
	test_self_report(&rep, NO_SUCH_PID, SIGTERM);
	/*
	 * Queued datagrams also count against their sender's SO_SNDBUF, so
	 * the 150 come from three sockets, as from three killers.
	 */
	out = -1;
	for (i = 0; i < 150; i++) {
		if (i % 50 == 0) {
			out = socket(AF_UNIX, SOCK_DGRAM, 0);
			ck_assert_int_ne(out, -1);
		}
		ck_assert_msg(sendto(out, &rep, sizeof rep, MSG_DONTWAIT,
		    (const struct sockaddr *)&addr, sizeof addr) == sizeof rep,
		    "datagram %u: %s", i, strerror(errno));
	}

	fp = fopen(REPORT_SOCKET_QLEN_PATH, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_str_eq(fgets((char[32]){ 0 }, 32, fp), sysctl);
	fclose(fp);
}
END_TEST

static Suite *
ingest_suite(void)
{
	Suite *s = suite_create("ingest");
	TCase *tc = tcase_create("socket");

	tcase_add_test(tc, good_report_is_stored_with_its_chain);
	tcase_add_test(tc, a_lean_report_is_filled_in_from_the_process_table);
	tcase_add_test(tc, report_naming_another_pid_is_forged);
	tcase_add_test(tc, report_claiming_root_from_another_uid_is_forged);
	tcase_add_test(tc, a_root_parents_reading_names_a_gone_targets_unit);
	tcase_add_test(tc, garbage_and_wrong_sizes_are_malformed);
	tcase_add_test(tc, datagram_without_credentials_is_refused);
	tcase_add_test(tc, sender_drops_are_summed);
	tcase_add_test(tc, drain_reads_at_most_drain_max);
	tcase_add_test(tc, report_socket_queues_queue_len_datagrams_as_root);
	suite_add_tcase(s, tc);

	tc = tcase_create("commit");
	tcase_add_test(tc, batch_commits_after_the_interval);
	tcase_add_test(tc, batch_commits_at_256_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("pam");
	tcase_add_test(tc, session_from_root_is_stored_and_joined_to_its_kills);
	tcase_add_test(tc, failed_login_from_root_is_stored_with_its_chain);
	tcase_add_test(tc, session_naming_another_pid_is_forged);
	tcase_add_test(tc, pam_reports_from_a_sender_without_euid_0_are_forged);
	tcase_add_test(tc, pam_reports_from_a_setuid_root_sender_are_believed);
	tcase_add_test(tc, pam_sender_must_run_as_root_now);
	tcase_add_test(tc, failed_login_chain_runs_from_the_programs_parent);
	suite_add_tcase(s, tc);

	tc = tcase_create("pending and groups");
	tcase_add_test(tc, pending_report_is_settled_by_its_result);
	tcase_add_test(tc, kill_result_from_another_pid_or_process_is_forged);
	tcase_add_test(tc, kill_result_start_time_is_checked_for_users);
	tcase_add_test(tc, group_kill_is_stored_for_every_member);
	tcase_add_test(tc, group_rules);
	suite_add_tcase(s, tc);

	tc = tcase_create("resolve");
	tcase_add_test(tc, resolve_rejects_a_false_login_uid_of_a_live_killer);
	tcase_add_test(tc, resolve_of_a_gone_killer_keeps_a_parent_of_its_uid);
	tcase_add_test(tc, resolve_from_a_grandchild_puts_the_killer_last);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ingest_suite());
	int failed;

	test_make_base_dir("check_ingest");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
