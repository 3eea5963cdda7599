/*
 * Kernel audit events into the real store: kernel-only kills, failed
 * attempts, one row per audit event however often it is read, and one row
 * per signal when the shim reported it too, in either order.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "../../audit/audit_reader.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/base/report_socket.h"
#include "daemon/store/store.h"
#include "daemon/base/unix_socket.h"
#include "daemon_testutil.h"
#include "disk_full_vfs.h"
#include "kernel_testlog.h"

#define T0		1800000000	/* events happen then, on "this boot" */
#define BOOT_SEC	(T0 - 100000)
#define KILLER		4100
#define SHELL		4000	/* the killer's parent */
#define LOGIN		3900	/* and its parent */
#define TARGET		5000
#define HZ_TICKS(s)	((uint64_t)((s) - BOOT_SEC) * 100)

/* Processes a test says are alive, for the fake /proc. */
struct fake_proc {
	int32_t pid, ppid;
	int64_t started;	/* epoch seconds */
	const char *comm;
};

static const struct fake_proc *alive;

static int
fake_read(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	(void)arg;
	for (const struct fake_proc *p = alive; p != NULL && p->pid != 0; p++) {
		if (p->pid != pid)
			continue;
		memset(out, 0, sizeof *out);
		out->pid = pid;
		out->ppid = p->ppid;
		out->start_time = HZ_TICKS(p->started);
		out->loginuid = 1000;
		snprintf(out->comm, sizeof out->comm, "%s", p->comm);
		snprintf(out->args, sizeof out->args, "%s --from-proc", p->comm);
		return 0;
	}
	errno = ENOENT;
	return -1;
}

struct rig {
	char dir[200];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct ingest_kernel ki;
};

static void
rig_open(struct rig *r)
{
	char path[300], err[256];

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	ck_assert_int_eq(ingest_kernel_init(&r->ki, &r->in), 0);
	r->in.read_proc = fake_read;
	r->ki.boot_sec = BOOT_SEC;
	r->ki.hz = 100;
	alive = NULL;
}

/* A daemon restart: same store, nothing remembered in memory. */
static void
rig_restart(struct rig *r)
{
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ingest_kernel_free(&r->ki);
	ck_assert_int_eq(ingest_kernel_init(&r->ki, &r->in), 0);
	r->ki.boot_sec = BOOT_SEC;
	r->ki.hz = 100;
}

static void
rig_close(struct rig *r)
{
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ingest_kernel_free(&r->ki);
	store_close(r->st);
}

/* Feed text through a reader of its own, as one source would. */
static void
feed(struct rig *r, enum ingest_kernel_origin origin, const char *text)
{
	struct wk_audit_sink sink;
	struct wk_audit_reader *rd;

	ingest_kernel_sink(&r->ki, origin, &sink);
	rd = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(rd);
	ck_assert_int_eq(wk_audit_reader_feed(rd, text, strlen(text)), 0);
	ck_assert_int_eq(wk_audit_reader_finish(rd), 0);
	wk_audit_reader_free(rd);
}

static void
feed_kill(struct rig *r, const struct test_kill *k)
{
	struct test_text t = { 0 };

	test_kill_records(&t, k);
	feed(r, INGEST_KERNEL_LIVE, t.buf);
	free(t.buf);
}

/* "kill -9 5000" by pid 4100 of login uid 1000, session 3, at T0. */
static struct test_kill
base_kill(void)
{
	struct test_kill k = {
		.sec = T0, .msec = 250, .serial = 700, .pid = KILLER,
		.ppid = SHELL, .uid = 0, .auid = 1000, .ses = 3, .a0 = TARGET,
		.sig = SIGKILL, .opid = TARGET, .ouid = 33, .ocomm = "sleep",
		.argv = { "kill", "-9", "5000", NULL },
	};

	return k;
}

/* What the shim would have made of the same kill (resolved by ingest). */
static struct wk_event
base_shim(void)
{
	static const char argv[] = "/bin/kill\0-9\0005000";
	struct wk_event ev;
	struct wk_kill_report *r = &ev.report;

	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	ev.sources = WK_SRC_SHIM;
	snprintf(ev.boot_id, sizeof ev.boot_id, "%s", TEST_BOOT_ID);
	snprintf(ev.tty, sizeof ev.tty, "pts/0");
	wk_report_init(r);
	r->time.sec = T0;
	r->time.nsec = 250400000;
	r->call = WK_CALL_KILL;
	r->signo = SIGKILL;
	r->arg_pid = TARGET;
	r->flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	r->caller.pid = KILLER;
	r->caller.ppid = SHELL;
	r->caller.tid = KILLER;
	r->caller.start_time = HZ_TICKS(T0 - 1);
	r->caller.loginuid = 1000;
	r->caller.sessionid = 3;
	snprintf(r->caller.comm, sizeof r->caller.comm, "kill");
	snprintf(r->caller.exe, sizeof r->caller.exe, "/bin/kill");
	r->caller.argc = 3;
	r->caller.argv_len = sizeof argv;
	memcpy(ev.argv, argv, sizeof argv);
	r->target.pid = TARGET;
	r->target.ppid = SHELL;
	r->target.start_time = HZ_TICKS(T0 - 50);
	r->target.uid = 33;
	snprintf(r->target.comm, sizeof r->target.comm, "sleep");
	ev.chain_len = 1;
	ev.chain[0].pid = KILLER;
	ev.chain[0].ppid = SHELL;
	snprintf(ev.chain[0].comm, sizeof ev.chain[0].comm, "kill");
	return ev;
}

START_TEST(kernel_only_kill_is_stored_and_found_by_target)
{
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;
	const struct wk_event *ev;

	rig_open(&r);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_uint_eq(r.counters.audit_events, 1);
	ck_assert_uint_eq(r.counters.stored, 1);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ev = &s.ev[0];
	ck_assert_uint_eq(ev->sources, WK_SRC_KERNEL);
	ck_assert_str_eq(ev->boot_id, TEST_BOOT_ID);
	ck_assert_int_eq(ev->report.signo, SIGKILL);
	ck_assert_int_eq(ev->report.result, 0);
	ck_assert_int_eq(ev->report.caller.pid, KILLER);
	ck_assert_uint_eq(ev->report.caller.loginuid, 1000);
	ck_assert_uint_eq(ev->report.caller.sessionid, 3);
	ck_assert_str_eq(ev->report.caller.exe, "/usr/bin/kill");
	ck_assert_uint_eq(ev->report.caller.argv_len, sizeof "kill\0-9\0005000");
	ck_assert_int_eq(memcmp(ev->argv, "kill\0-9\0005000",
	    sizeof "kill\0-9\0005000"), 0);
	ck_assert_str_eq(ev->report.target.comm, "sleep");
	ck_assert_uint_eq(ev->report.target.uid, 33);
	ck_assert_str_eq(ev->tty, "pts/0");
	/* Nobody alive: no start times, the killer alone in its chain. */
	ck_assert_uint_eq(ev->report.caller.start_time, 0);
	ck_assert_uint_eq(ev->chain_len, 1);
	rig_close(&r);
}
END_TEST

START_TEST(failed_kills_are_attempts)
{
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	k.error = EPERM;
	feed_kill(&r, &k);
	k = base_kill();
	k.serial = 701;
	k.error = ESRCH;
	k.a0 = 4000000;
	k.opid = 0;
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);

	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_int_eq(s.ev[0].report.result, -1);
	ck_assert_int_eq(s.ev[0].report.error, EPERM);
	ck_assert_str_eq(s.ev[0].report.target.comm, "sleep");
	/* Nobody was reached: the pid asked for is the target. */
	ck_assert_int_eq(test_events_of(r.st, 4000000, &s), 1);
	ck_assert_int_eq(s.ev[0].report.result, -1);
	ck_assert_int_eq(s.ev[0].report.error, ESRCH);
	ck_assert_uint_eq(s.ev[0].report.flags & WK_F_TARGET_READ, 0);
	rig_close(&r);
}
END_TEST

START_TEST(same_event_from_two_sources_is_stored_once)
{
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	feed_kill(&r, &k);	/* the plugin's copy */
	feed_kill(&r, &k);	/* the netlink group's */
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(r.counters.audit_events, 2);
	ck_assert_uint_eq(r.counters.audit_duplicates, 1);

	/* After a restart only the store remembers: still one row. */
	rig_restart(&r);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(r.counters.audit_duplicates, 2);
	ck_assert_int_eq(store_count(r.st), 1);

	/* Another event of the same signal is another row. */
	k.serial++;
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 2);
	rig_close(&r);
}
END_TEST

/* The one row of a merged kill, in either order. */
static void
check_merged(struct rig *r)
{
	struct test_seen s;
	const struct wk_kill_report *rep;

	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ck_assert_int_eq(test_events_of(r->st, TARGET, &s), 1);
	ck_assert_int_eq(store_count(r->st), 1);
	ck_assert_uint_eq(r->counters.kernel_merged, 1);
	rep = &s.ev[0].report;
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	/* The kernel's word on who, the shim's on what only it saw. */
	ck_assert_str_eq(rep->caller.exe, "/usr/bin/kill");
	ck_assert_uint_eq(rep->caller.uid, 0);
	ck_assert_uint_eq(rep->caller.loginuid, 1000);
	ck_assert_int_eq(rep->caller.tid, KILLER);
	ck_assert_uint_eq(rep->caller.start_time, HZ_TICKS(T0 - 1));
	ck_assert_int_eq(memcmp(s.ev[0].argv, "/bin/kill\0-9\0005000",
	    sizeof "/bin/kill\0-9\0005000"), 0);
	ck_assert_uint_eq(rep->target.start_time, HZ_TICKS(T0 - 50));
	ck_assert_int_eq(rep->time.nsec, 250400000);
}

START_TEST(kernel_first_then_shim_is_one_row)
{
	struct test_kill k = base_kill();
	struct wk_event shim = base_shim();
	struct rig r;

	rig_open(&r);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &shim), 0);
	check_merged(&r);
	rig_close(&r);
}
END_TEST

START_TEST(shim_first_then_kernel_is_one_row)
{
	struct test_kill k = base_kill();
	struct wk_event shim = base_shim();
	struct rig r;

	rig_open(&r);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &shim), 0);
	feed_kill(&r, &k);
	check_merged(&r);
	/* The row carries the audit event: its second copy adds nothing. */
	rig_restart(&r);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 1);
	ck_assert_uint_eq(r.counters.audit_duplicates, 1);
	rig_close(&r);
}
END_TEST

/* Kernel event k and shim event shim are stored as two rows. */
static void
check_apart(const struct test_kill *k, const struct wk_event *shim,
    int kernel_first)
{
	struct rig r;

	rig_open(&r);
	if (kernel_first)
		feed_kill(&r, k);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, shim), 0);
	if (!kernel_first)
		feed_kill(&r, k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 2);
	ck_assert_uint_eq(r.counters.kernel_merged, 0);
	rig_close(&r);
}

START_TEST(no_merge_when_pid_signal_or_time_differ)
{
	struct test_kill k;
	struct wk_event shim;

	for (int first = 0; first < 2; first++) {
		k = base_kill();
		shim = base_shim();
		shim.report.caller.pid = KILLER + 1;
		check_apart(&k, &shim, first);

		shim = base_shim();
		shim.report.signo = SIGTERM;
		check_apart(&k, &shim, first);

		shim = base_shim();
		shim.report.time.sec = T0 + 3;
		check_apart(&k, &shim, first);

		shim = base_shim();
		shim.report.target.pid = TARGET + 1;
		shim.report.arg_pid = TARGET + 1;
		k.a0 = TARGET;
		check_apart(&k, &shim, first);
	}
}
END_TEST

/* The killer alive in /proc since before the kill, but a different process. */
START_TEST(no_merge_when_killer_start_times_differ)
{
	static const struct fake_proc procs[] = {
		{ KILLER, SHELL, T0 - 10, "kill" }, { 0, 0, 0, NULL },
	};
	struct test_kill k = base_kill();
	struct wk_event shim = base_shim();
	struct rig r;

	for (int kernel_first = 0; kernel_first < 2; kernel_first++) {
		rig_open(&r);
		alive = procs;
		if (kernel_first)
			feed_kill(&r, &k);
		ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &shim), 0);
		if (!kernel_first)
			feed_kill(&r, &k);
		ck_assert_int_eq(ingest_commit(&r.in), 0);
		ck_assert_int_eq(store_count(r.st), 2);
		rig_close(&r);
	}
}
END_TEST

/* A shim report through the report socket, as ingest_datagram stores it. */
START_TEST(shim_datagram_merges_into_kernel_row)
{
	struct wk_kill_report rep;
	struct sockaddr_un addr;
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;
	unsigned depth;
	int fd, out;

	rig_open(&r);
	r.in.read_proc = procinfo_read;
	ck_assert_int_eq(procinfo_boot_time(&r.ki.boot_sec), 0);
	r.ki.hz = sysconf(_SC_CLK_TCK);
	test_self_report(&rep, 4000000, SIGTERM);
	k.sec = rep.time.sec;
	k.msec = (unsigned)(rep.time.nsec / 1000000);
	k.pid = getpid();
	k.ppid = getppid();
	k.auid = rep.caller.loginuid;
	k.a0 = 4000000;
	k.sig = SIGTERM;
	k.error = ESRCH;
	k.opid = 0;
	feed_kill(&r, &k);

	ck_assert_int_eq(unix_socket_addr(&addr, r.dir, WK_REPORT_SOCKET), 0);
	fd = report_socket_open(&addr, 1, &depth);
	ck_assert_int_ne(fd, -1);
	out = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ne(out, -1);
	ck_assert_int_eq(sendto(out, &rep, sizeof rep, 0,
	    (const struct sockaddr *)&addr, sizeof addr), (ssize_t)sizeof rep);
	ck_assert_int_eq(ingest_drain(&r.in, fd), 1);
	ck_assert_int_eq(ingest_commit(&r.in), 0);

	ck_assert_int_eq(test_events_of(r.st, 4000000, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	ck_assert_int_eq(s.ev[0].report.error, ESRCH);
	ck_assert_uint_eq(r.counters.kernel_merged, 1);
	close(out);
	close(fd);
	rig_close(&r);
}
END_TEST

/* The poll loop's timer, once the retry of kept rows is due. */
static void
retry_kept(struct rig *r)
{
	(void)ingest_commit_if_due(&r->in, wkd_monotonic_ms() +
	    INGEST_RETRY_MS + 1);
	ck_assert_uint_eq(ingest_backlog_waiting(&r->in), 0);
}

/*
 * The disk fills while the shim's report of a signal is in the open
 * batch: the batch is rolled back, the report kept, and retried with the
 * same call it still merges into the kernel's row -- whether that row was
 * stored before or while it waited.
 */
START_TEST(shim_report_kept_on_a_full_disk_still_merges)
{
	struct test_kill k = base_kill();
	struct wk_event shim = base_shim();
	struct rig r;

	for (int kernel_first = 0; kernel_first < 2; kernel_first++) {
		test_disk_full_vfs_install();
		rig_open(&r);
		if (kernel_first) {
			feed_kill(&r, &k);
			ck_assert_int_eq(ingest_commit(&r.in), 0);
		}
		ck_assert_int_eq(ingest_store_row(&r.in, INGEST_ROW_KILL, &shim,
		    sizeof shim), INGEST_ROW_WRITTEN);
		test_disk_full = 1;
		ck_assert_int_eq(ingest_commit(&r.in), -1);
		ck_assert_uint_eq(ingest_backlog_waiting(&r.in), 1);
		test_disk_full = 0;
		if (!kernel_first)
			feed_kill(&r, &k);
		retry_kept(&r);
		check_merged(&r);
		ck_assert_uint_eq(r.counters.store_errors, 0);
		rig_close(&r);
	}
}
END_TEST

/* Chains: from /proc while the parent lives, else from exec records. */
START_TEST(chain_from_proc_or_from_exec_records)
{
	static const struct fake_proc procs[] = {
		{ SHELL, LOGIN, T0 - 30, "bash" }, { LOGIN, 1, T0 - 40, "sshd" },
		{ TARGET, SHELL, T0 - 50, "sleep" }, { 0, 0, 0, NULL },
	};
	static const char *const sshd[] = { "sshd: alice", NULL };
	static const char *const bash[] = { "-bash", NULL };
	struct test_kill k = base_kill();
	struct test_text t = { 0 };
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	alive = procs;
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(s.ev[0].chain_len, 3);
	ck_assert_int_eq(s.ev[0].chain[0].pid, LOGIN);
	ck_assert_str_eq(s.ev[0].chain[1].args, "bash --from-proc");
	ck_assert_int_eq(s.ev[0].chain[2].pid, KILLER);
	ck_assert_uint_eq(s.ev[0].report.target.start_time, HZ_TICKS(T0 - 50));
	rig_close(&r);

	/* Nobody alive: the exec records (seen once each, though twice fed). */
	rig_open(&r);
	test_exec_records(&t, T0 - 40, 0, 600, LOGIN, 1, 1000, "sshd",
	    "/usr/sbin/sshd", sshd);
	test_exec_records(&t, T0 - 30, 0, 610, SHELL, LOGIN, 1000, "bash",
	    "/usr/bin/bash", bash);
	feed(&r, INGEST_KERNEL_LIVE, t.buf);
	feed(&r, INGEST_KERNEL_LIVE, t.buf);
	ck_assert_uint_eq(wk_audit_history_count(r.ki.history), 2);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(s.ev[0].chain_len, 3);
	ck_assert_str_eq(s.ev[0].chain[0].args, "sshd: alice");
	ck_assert_str_eq(s.ev[0].chain[1].args, "-bash");
	ck_assert_uint_eq(s.ev[0].report.target.start_time, 0);
	free(t.buf);
	rig_close(&r);
}
END_TEST

/* A process started after the event is not the one that was there. */
START_TEST(process_started_after_the_event_is_not_taken)
{
	static const struct fake_proc procs[] = {
		{ TARGET, SHELL, T0 + 5, "sleep" }, { 0, 0, 0, NULL },
	};
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	alive = procs;
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(s.ev[0].report.target.start_time, 0);
	rig_close(&r);
}
END_TEST

/* An event from before this boot has no boot id and no /proc lookups. */
START_TEST(event_of_an_earlier_boot_has_no_boot_id)
{
	static const struct fake_proc procs[] = {
		{ TARGET, SHELL, BOOT_SEC - 10000, "sleep" }, { 0, 0, 0, NULL },
	};
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	alive = procs;
	k.sec = BOOT_SEC - 5000;
	feed_kill(&r, &k);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_str_eq(s.ev[0].boot_id, "");
	ck_assert_uint_eq(s.ev[0].report.target.start_time, 0);
	rig_close(&r);
}
END_TEST

/* An event cut by the end of a log waits for its whole live copy. */
START_TEST(event_cut_short_is_not_stored)
{
	struct test_kill k = base_kill();
	struct test_text t = { 0 };
	struct wk_audit_sink sink;
	struct wk_audit_reader *rd;
	struct rig r;

	rig_open(&r);
	test_kill_records(&t, &k);
	ingest_kernel_sink(&r.ki, INGEST_KERNEL_BACKFILL, &sink);
	rd = wk_audit_reader_new(&sink);
	ck_assert_int_eq(wk_audit_reader_feed(rd, t.buf, t.len - 10), 0);
	ck_assert_int_eq(wk_audit_reader_finish(rd), 0);
	wk_audit_reader_free(rd);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 0);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 1);
	ck_assert_uint_eq(r.counters.audit_backfilled, 0);
	free(t.buf);
	rig_close(&r);
}
END_TEST

/* A process-group kill is found by the group leader's pid. */
START_TEST(group_kill_is_found_by_its_leader)
{
	struct test_kill k = base_kill();
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	k.a0 = -TARGET;
	k.opid = TARGET + 1;	/* a member; the leader was not reached */
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_TARGET_GROUP, 0);
	rig_close(&r);
}
END_TEST

/*
 * kill(0, SIGKILL) reported before delivery, stored as the call's row and
 * a member's: the kernel's record of it settles the call's own row (its
 * result known now), never the member's copy, whichever came first.
 */
START_TEST(kernel_record_settles_a_pending_group_call)
{
	struct test_kill k = base_kill();
	struct wk_event own = base_shim(), member;
	struct test_seen s;
	struct rig r;

	rig_open(&r);
	own.report.arg_pid = 0;
	own.report.flags |= WK_F_TARGET_GROUP | WK_F_RESULT_PENDING;
	own.report.reached = 2;
	member = own;
	member.report.flags |= WK_F_GROUP_MEMBER;
	member.report.target.pid = TARGET + 1;
	/* The member's row first: the nearer in id of two equal times. */
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &member), 0);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &own), 0);
	k.a0 = 0;
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 2);
	ck_assert_uint_eq(r.counters.kernel_merged, 1);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	ck_assert_uint_eq(s.ev[0].report.flags & WK_F_RESULT_PENDING, 0);
	ck_assert_uint_eq(s.ev[0].report.reached, 2);
	ck_assert_int_eq(test_events_of(r.st, TARGET + 1, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_RESULT_PENDING, 0);
	rig_close(&r);

	/* The kernel first: the member's copy is stored apart. */
	rig_open(&r);
	feed_kill(&r, &k);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &member), 0);
	ck_assert_int_eq(ingest_kernel_store_shim(&r.in, &own), 0);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ck_assert_int_eq(store_count(r.st), 2);
	ck_assert_int_eq(test_events_of(r.st, TARGET + 1, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM);
	ck_assert_int_eq(test_events_of(r.st, TARGET, &s), 1);
	ck_assert_uint_eq(s.ev[0].sources, WK_SRC_SHIM | WK_SRC_KERNEL);
	ck_assert_uint_eq(s.ev[0].report.flags & WK_F_RESULT_PENDING, 0);
	rig_close(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ingest_kernel");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_ingest_kernel");
	tcase_add_test(tc, kernel_only_kill_is_stored_and_found_by_target);
	tcase_add_test(tc, failed_kills_are_attempts);
	tcase_add_test(tc, same_event_from_two_sources_is_stored_once);
	tcase_add_test(tc, kernel_first_then_shim_is_one_row);
	tcase_add_test(tc, shim_first_then_kernel_is_one_row);
	tcase_add_test(tc, no_merge_when_pid_signal_or_time_differ);
	tcase_add_test(tc, no_merge_when_killer_start_times_differ);
	tcase_add_test(tc, shim_datagram_merges_into_kernel_row);
	tcase_add_test(tc, kernel_record_settles_a_pending_group_call);
	tcase_add_test(tc, shim_report_kept_on_a_full_disk_still_merges);
	tcase_add_test(tc, chain_from_proc_or_from_exec_records);
	tcase_add_test(tc, process_started_after_the_event_is_not_taken);
	tcase_add_test(tc, event_of_an_earlier_boot_has_no_boot_id);
	tcase_add_test(tc, event_cut_short_is_not_stored);
	tcase_add_test(tc, group_kill_is_found_by_its_leader);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
