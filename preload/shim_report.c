/*
 * Builds and sends one kill report.  Runs inside any host process, often in
 * a signal handler: stack memory only, raw syscalls for I/O, an atomic for the
 * only shared state (the dropped-report counter).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/caller_ids.h"
#include "shim_config.h"
#include "shim_proc.h"
#include "shim_raw_syscall.h"
#include "shim_report.h"
#include "shim_self.h"

_Static_assert(__atomic_always_lock_free(sizeof(uint64_t), 0),
    "the shim's counters must be lock-free to be async-signal-safe");

/*
 * Reports dropped by this process: the pid that counted them in the high
 * half, the count in the low half.  A child after fork inherits the word
 * but not the count, which is its parent's to report.
 */
static uint64_t dropped_word;

static uint32_t
dropped_of(uint64_t word, uint32_t pid)
{
	return (uint32_t)(word >> 32) == pid ? (uint32_t)word : 0;
}

/* Adds n to this process's count, saturating at UINT32_MAX. */
static void
dropped_add(uint32_t pid, uint64_t n)
{
	uint64_t old = __atomic_load_n(&dropped_word, __ATOMIC_RELAXED);
	uint64_t sum;

	do {
		sum = dropped_of(old, pid) + n;
		if (sum > UINT32_MAX)
			sum = UINT32_MAX;
	} while (!__atomic_compare_exchange_n(&dropped_word, &old,
	    (uint64_t)pid << 32 | sum, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

/* Takes this process's whole count, leaving 0; returns what it took. */
static uint32_t
dropped_take(uint32_t pid)
{
	return dropped_of(__atomic_exchange_n(&dropped_word, (uint64_t)pid << 32,
	    __ATOMIC_RELAXED), pid);
}

void
shim_count_drop(void)
{
	dropped_add((uint32_t)getpid(), 1);
}

uint32_t
shim_dropped_pending(void)
{
	return dropped_of(__atomic_load_n(&dropped_word, __ATOMIC_RELAXED),
	    (uint32_t)getpid());
}

int
shim_stack_has_room(void)
{
	stack_t ss;

	if (sigaltstack(NULL, &ss) < 0)
		return 1;
	return !(ss.ss_flags & SS_ONSTACK) || ss.ss_size >= SHIM_MIN_ALTSTACK;
}

void
shim_report_start(struct wk_kill_report *r, enum wk_call call, int signo,
    int arg_pid, int arg_tid)
{
	struct timespec now;

	wk_report_init(r);
	/* CLOCK_REALTIME cannot fail; the zero time is kept if it ever did. */
	if (clock_gettime(CLOCK_REALTIME, &now) == 0) {
		r->time.sec = now.tv_sec;
		r->time.nsec = now.tv_nsec;
	}
	r->call = (uint32_t)call;
	r->signo = signo;
	r->arg_pid = arg_pid;
	r->arg_tid = arg_tid;
}

/*
 * Decodes kill()'s pid argument: sets the group/all flags and returns the
 * process to read (the group leader for a group), or 0 for none.
 */
static int32_t
kill_target_pid(int32_t pid, uint32_t *flags)
{
	if (pid > 0)
		return pid;
	if (pid == -1) {
		*flags |= WK_F_TARGET_ALL;
		return 0;
	}
	*flags |= WK_F_TARGET_GROUP;
	if (pid == 0)
		return (int32_t)getpgrp();
	return pid == INT32_MIN ? 0 : -pid;
}

/* Fills r->target from a stat line read with its owner. */
static void
set_target(struct wk_kill_report *r, const struct wk_procstat *st,
    uint32_t owner)
{
	r->target.pid = st->pid;
	r->target.ppid = st->ppid;
	r->target.start_time = st->start_time;
	r->target.uid = owner;
	memcpy(r->target.comm, st->comm, sizeof r->target.comm);
	r->flags |= WK_F_TARGET_READ;
}

/* Fills r->target from /proc/PID/stat; a pid of 0 or one gone leaves it. */
static void
read_target_stat(struct wk_kill_report *r, int32_t pid)
{
	struct wk_procstat st;
	uint32_t owner;

	if (pid > 0 && shim_read_stat(pid, &st, &owner) == 0)
		set_target(r, &st, owner);
}

/*
 * The process behind pidfd_send_signal()'s descriptor: a pidfd names its
 * pid in its fdinfo; an open /proc/PID directory (psmisc's killall sends
 * through one) has no such line, and its own "stat" is read instead.  The
 * kernel accepts nothing else, so whatever else is read there goes with a
 * call that fails.
 */
static void
read_pidfd_target(struct wk_kill_report *r, int pidfd)
{
	struct wk_procstat st;
	uint32_t owner;
	int32_t pid;

	if (shim_pidfd_pid(pidfd, &pid) == 0)
		read_target_stat(r, pid);
	else if (errno == EINVAL &&
	    shim_read_stat_at(pidfd, &st, &owner) == 0)
		set_target(r, &st, owner);
}

void
shim_read_target(struct wk_kill_report *r)
{
	int32_t pid = 0;

	switch (r->call) {
	case WK_CALL_KILL:
		pid = kill_target_pid(r->arg_pid, &r->flags);
		break;
	case WK_CALL_KILLPG:
		/* glibc: killpg(p) is kill(-p), and EINVAL for p < 0. */
		if (r->arg_pid >= 0)
			pid = kill_target_pid(-r->arg_pid, &r->flags);
		break;
	case WK_CALL_SIGQUEUE:
		/* rt_sigqueueinfo signals one process; other pids fail ESRCH. */
	case WK_CALL_TGKILL:
		pid = r->arg_pid > 0 ? r->arg_pid : 0;
		break;
	case WK_CALL_PIDFD_SEND_SIGNAL:
		read_pidfd_target(r, r->arg_pid);
		return;
	}
	read_target_stat(r, pid);
}

void
shim_read_thread_target(struct wk_kill_report *r)
{
	int32_t tgid;

	if (shim_thread_tgid(r->arg_tid, &tgid) == 0)
		read_target_stat(r, tgid);
}

void
shim_read_target_cgroup(struct wk_kill_report *r, char *buf, size_t size)
{
	long n;

	r->target.cgroup_len = 0;
	if (!(r->flags & WK_F_TARGET_READ) ||
	    r->target.ppid != (int32_t)getpid() || geteuid() != 0)
		return;
	if (size > WK_TARGET_CGROUP_MAX + 1)
		size = WK_TARGET_CGROUP_MAX + 1;
	n = shim_read_cgroup(r->target.pid, buf, size);
	if (n > 0)
		r->target.cgroup_len = (uint32_t)n;
}

int
shim_may_include_self(const struct wk_kill_report *r)
{
	int32_t pid = r->arg_pid;

	switch (r->call) {
	case WK_CALL_KILL:
		if (pid == 0 || pid == -1)
			return 1;
		if (pid > 0)
			return pid == (int32_t)getpid();
		return pid != INT32_MIN && -pid == (int32_t)getpgrp();
	case WK_CALL_KILLPG:
		/* killpg(p) is kill(-p): 0 its own group, 1 every process. */
		if (pid == 0 || pid == 1)
			return 1;
		return pid > 1 && pid == (int32_t)getpgrp();
	case WK_CALL_SIGQUEUE:
		/* rt_sigqueueinfo reaches one process; 0 and -1 fail ESRCH. */
	case WK_CALL_TGKILL:
		/* A fatal signal to any thread ends the whole process; a
		 * tkill's process is the one read with the target. */
		if (pid > 0 && pid == (int32_t)getpid())
			return 1;
		return (r->flags & WK_F_TARGET_READ) &&
		    r->target.pid == (int32_t)getpid();
	case WK_CALL_PIDFD_SEND_SIGNAL:
		/* Its pid came from fdinfo with the target: no extra read. */
		return (r->flags & WK_F_TARGET_READ) &&
		    r->target.pid == (int32_t)getpid();
	}
	return 0;
}

void
shim_set_result(struct wk_kill_report *r, int result, int error)
{
	r->result = result;
	r->error = result == -1 ? error : 0;
}

/* The caller's exe and argv, as the constructor found them. */
static void
fill_exe_argv(struct wk_kill_report *r)
{
	struct wk_caller *c = &r->caller;
	struct shim_argv argv;

	shim_config_copy_exe(&shim_config, c->exe);
	shim_config_argv(&shim_config, &argv);
	c->argc = argv.argc;
	c->argv_len = argv.len + (uint32_t)argv.add_nul;
	c->argv_cut = argv.cut;
	if (c->argv_cut.head != 0)
		r->flags |= WK_F_ARGV_TRUNCATED;
}

/* What /proc/self says of the caller (its kept copy after the first
 * read): audit ids, and stat (WK_F_CALLER_STAT_READ). Needs its ids. */
static void
fill_self(struct wk_kill_report *r)
{
	struct wk_caller *c = &r->caller;
	struct shim_self self;

	(void)shim_self_get((uint32_t)c->pid, c->sid, &self);
	wk_caller_fill_proc(c, self.stat_read ? &self.stat : NULL,
	    self.loginuid, self.sessionid);
	if (self.stat_read)
		r->flags |= WK_F_CALLER_STAT_READ;
}

void
shim_fill_caller(struct wk_kill_report *r)
{
	wk_caller_fill_ids(&r->caller);
	fill_self(r);
	fill_exe_argv(r);
}

_Static_assert(WK_COMM_MAX >= 16, "PR_GET_NAME writes up to 16 bytes");

void
shim_fill_caller_lean(struct wk_kill_report *r)
{
	struct wk_caller *c = &r->caller;

	wk_caller_fill_ids(c);
	c->loginuid = WK_ID_UNSET;
	c->sessionid = WK_ID_UNSET;
	/*
	 * The main thread's name is the process's comm, as stat gives it,
	 * renamed or not: one system call, and right even when the daemon
	 * read the process too late to see its exec.  Another thread's name
	 * is its own: the daemon's table gives the process's.
	 */
	if (c->tid == c->pid)
		(void)shim_syscall(SYS_prctl, PR_GET_NAME, c->comm, 0, 0, 0);
	c->comm[sizeof c->comm - 1] = '\0';
	fill_exe_argv(r);
}

/* A datagram bigger than this asks for a send buffer that holds it. */
#define SHIM_BIG_DATAGRAM	16384

/* sun_path of socket_path into *addr; its length for msg_namelen, or 0. */
static socklen_t
socket_addr(const char *socket_path, struct sockaddr_un *addr)
{
	size_t len = strlen(socket_path);

	if (len == 0 || len >= sizeof addr->sun_path) {
		errno = EINVAL;
		return 0;
	}
	memset(addr, 0, sizeof *addr);
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, socket_path, len);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

/*
 * Ask for our credentials to ride with fd's datagrams even when the
 * receiving socket did not (one made by a service manager without
 * PassCredentials, or before the daemon took it over): the daemon
 * believes nothing without them.  Failing leaves it to the receiver.
 */
static void
ask_credentials(long fd)
{
	int one = 1;

	(void)shim_syscall(SYS_setsockopt, (int)fd, SOL_SOCKET, SO_PASSCRED, &one,
	    (socklen_t)sizeof one);
}

/*
 * A fresh non-blocking datagram socket for one report, asking for
 * credentials when ask; fd, or -1.
 */
static long
report_socket(int ask)
{
	long fd = shim_syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0);

	if (fd >= 0 && ask)
		ask_credentials(fd);
	return fd;
}

/* Closes fd, errno kept. */
static void
close_kept(long fd)
{
	int saved = errno;

	shim_syscall(SYS_close, (int)fd);
	errno = saved;
}

/*
 * One datagram of the bytes of iov[0..n) on fd, to the socket at
 * socket_path (NULL: the one fd is connected to).  0, or -1 with errno.
 */
static int
send_on(long fd, const char *socket_path, struct iovec *iov, int n)
{
	struct sockaddr_un addr;
	struct msghdr msg;
	size_t size = 0;
	int buf;

	memset(&msg, 0, sizeof msg);
	if (socket_path != NULL) {
		msg.msg_name = &addr;
		msg.msg_namelen = socket_addr(socket_path, &addr);
		if (msg.msg_namelen == 0)
			return -1;
	}
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)n;
	for (int i = 0; i < n; i++)
		size += iov[i].iov_len;
	/*
	 * A datagram must fit in the sender's buffer (net.core.wmem_default,
	 * which an administrator may have made small): a long command line
	 * asks for room, up to net.core.wmem_max.  Failing leaves the
	 * default, and a send that does not fit is a dropped report.
	 */
	if (size > SHIM_BIG_DATAGRAM) {
		buf = (int)size + 4096;
		(void)shim_syscall(SYS_setsockopt, (int)fd, SOL_SOCKET, SO_SNDBUF,
		    &buf, (socklen_t)sizeof buf);
	}
	/* Non-blocking: a full daemon queue (EAGAIN) drops this datagram. */
	return shim_syscall(SYS_sendmsg, (int)fd, &msg, MSG_NOSIGNAL) ==
	    (long)size ? 0 : -1;
}

/*
 * One datagram to the socket at socket_path, on a socket made and closed
 * for it (closing a datagram socket after the send cannot lose the
 * datagram).  0, or -1 with errno.
 */
static int
send_datagram(const char *socket_path, struct iovec *iov, int n)
{
	long fd = report_socket(1);
	int rc;

	if (fd < 0)
		return -1;
	rc = send_on(fd, socket_path, iov, n);
	close_kept(fd);
	return rc;
}

/*
 * shim_send_report on the socket fd (kept open), to socket_path (NULL:
 * the one fd is connected to).  With may_retry, a send that found no
 * socket there (ENOENT, ECONNREFUSED) puts the dropped count back as it
 * was and counts nothing: the report goes out again elsewhere.
 */
static int
send_report_on(long fd, const char *socket_path, struct wk_kill_report *r,
    char *cgroup, int may_retry)
{
	static const char nul;
	uint32_t pid = (uint32_t)r->caller.pid, len;
	const char *argv = shim_config_argv_bytes(&shim_config, &len);
	struct iovec iov[4];
	int saved;

	/*
	 * The argv bytes go straight from where they are (exec's area or the
	 * packed copy): the stack holds only the fixed part.  shim_fill_caller
	 * counted them into argv_len, one more for a NUL the last string
	 * lacked (a rewritten title): that one is sent from here.
	 */
	iov[0].iov_base = r;
	iov[0].iov_len = sizeof *r;
	iov[1].iov_base = (void *)(uintptr_t)argv;
	iov[1].iov_len = r->caller.argv_len < len ? r->caller.argv_len : len;
	iov[2].iov_base = (void *)(uintptr_t)&nul;
	iov[2].iov_len = r->caller.argv_len > len ? 1 : 0;
	r->caller.argv_len = (uint32_t)(iov[1].iov_len + iov[2].iov_len);
	if (cgroup == NULL)
		r->target.cgroup_len = 0;
	iov[3].iov_base = cgroup;
	iov[3].iov_len = r->target.cgroup_len;
	r->hdr.size = (uint32_t)(sizeof *r + r->caller.argv_len +
	    r->target.cgroup_len);
	/* Taken, not read: two threads must not both report the same drops. */
	r->hdr.dropped = dropped_take(pid);
	if (send_on(fd, socket_path, iov, 4) == 0)
		return 0;
	saved = errno;
	dropped_add(pid, (uint64_t)r->hdr.dropped +
	    (may_retry && (saved == ENOENT || saved == ECONNREFUSED) ? 0 : 1));
	errno = saved;
	return -1;
}

int
shim_send_report(const char *socket_path, struct wk_kill_report *r,
    char *cgroup)
{
	long fd = report_socket(1);
	int rc;

	if (fd < 0) {
		shim_count_drop();
		return -1;
	}
	rc = send_report_on(fd, socket_path, r, cgroup, 0);
	close_kept(fd);
	return rc;
}

/* 1 once this process found no WK_LEAN_SOCKET: whole reports from then on. */
static int lean_missing;

void
shim_lean_reset(void)
{
	__atomic_store_n(&lean_missing, 0, __ATOMIC_RELAXED);
}

/* WK_LEAN_SOCKET in the directory of socket_path into out; 0, or -1. */
static int
lean_path(const char *socket_path, char *out, size_t size)
{
	size_t dir = 0, i;

	for (i = 0; socket_path[i] != '\0'; i++)
		if (socket_path[i] == '/')
			dir = i + 1;
	if (dir == 0 || dir + sizeof WK_LEAN_SOCKET > size)
		return -1;
	/* Plain loops: a memcpy of a size not known here would bind the
	 * shim to __memcpy_chk, an IFUNC whose resolver costs every exec a
	 * page fault in libc. */
	for (i = 0; i < dir; i++)
		out[i] = socket_path[i];
	for (i = 0; i < sizeof WK_LEAN_SOCKET; i++)
		out[dir + i] = WK_LEAN_SOCKET[i];
	return 0;
}

int
shim_fill_and_send(const char *socket_path, struct wk_kill_report *r,
    char *cgroup)
{
	char lean[sizeof ((struct sockaddr_un *)0)->sun_path];
	struct sockaddr_un addr;
	socklen_t addr_len;
	int lean_filled = 0;
	/*
	 * Not asking for credentials: lean.sock is there only once the
	 * daemon has turned SO_PASSCRED on for the socket (which stays on,
	 * even under a service manager after the daemon is gone), and the
	 * kernel then attaches them.  Asking would bind the socket to an
	 * address of its own at the send, and make the send and the close
	 * dearer: about 2 µs of a first report.
	 */
	long fd = report_socket(0);
	int rc = -1;

	if (fd < 0) {
		shim_count_drop();
		return -1;
	}
	if (!__atomic_load_n(&lean_missing, __ATOMIC_RELAXED) &&
	    lean_path(socket_path, lean, sizeof lean) == 0) {
		shim_fill_caller_lean(r);
		lean_filled = 1;
		rc = send_report_on(fd, lean, r, cgroup, 1);
		if (rc == 0 || (errno != ENOENT && errno != ECONNREFUSED))
			goto out;
		__atomic_store_n(&lean_missing, 1, __ATOMIC_RELAXED);
	}
	/*
	 * Whole, to socket_path: connected first, so that a report no
	 * daemon would take costs no read of /proc/self.
	 */
	ask_credentials(fd);
	addr_len = socket_addr(socket_path, &addr);
	if (addr_len == 0 || shim_syscall(SYS_connect, (int)fd, &addr,
	    addr_len) != 0) {
		shim_count_drop();
		rc = -1;
		goto out;
	}
	/* After a lean attempt its ids and argv stand: /proc/self adds
	 * the rest. */
	if (lean_filled)
		fill_self(r);
	else
		shim_fill_caller(r);
	rc = send_report_on(fd, NULL, r, cgroup, 0);
out:
	close_kept(fd);
	return rc;
}

int
shim_send_result(const char *socket_path, const struct wk_kill_report *r,
    int result, int error)
{
	struct wk_kill_result m;
	struct iovec iov;

	wk_kill_result_init(&m);
	m.time = r->time;
	m.pid = r->caller.pid;
	m.tid = r->caller.tid;
	if (r->flags & WK_F_CALLER_STAT_READ)
		m.start_time = r->caller.start_time;
	m.signo = r->signo;
	m.result = result;
	m.error = result == -1 ? error : 0;
	iov.iov_base = &m;
	iov.iov_len = sizeof m;
	return send_datagram(socket_path, &iov, 1);
}
