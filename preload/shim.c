/*
 * libwhokilled.so entry point: the interposed kill family, syscall() for
 * the numbers that send a signal, and the binding to the real functions.
 * Everything a report needs lives in shim_report.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_config.h"
#include "shim_next.h"
#include "shim_raw_syscall.h"
#include "shim_report.h"
#include "shim_signal_syscall.h"

#define SHIM_EXPORT	__attribute__((visibility("default")))

typedef int (*kill_fn)(pid_t, int);
typedef int (*killpg_fn)(pid_t, int);
typedef int (*sigqueue_fn)(pid_t, int, const union sigval);
typedef int (*tgkill_fn)(pid_t, pid_t, int);
typedef int (*pidfd_send_signal_fn)(int, int, siginfo_t *, unsigned int);
typedef long (*syscall_fn)(long, ...);

/* One wrapped call and its arguments. */
struct shim_call {
	enum wk_call call;
	pid_t pid;		/* pid, pgrp, tgid or pidfd */
	pid_t tid;		/* tgkill only */
	int sig;
	union sigval value;	/* sigqueue only */
	siginfo_t *info;	/* pidfd_send_signal only */
	unsigned int flags;	/* pidfd_send_signal only */
	int thread_only;	/* tkill: pid is a thread's id */
	long nr;		/* made by syscall(nr, args...) when args */
	const long *args;	/* is set: its six arguments, else NULL */
};

/* The wrapped functions, in the order of next_names. */
enum next_fn {
	NEXT_KILL, NEXT_KILLPG, NEXT_SIGQUEUE, NEXT_TGKILL,
	NEXT_PIDFD_SEND_SIGNAL, NEXT_SYSCALL, NEXT_NAMES
};
static const char *const next_names[NEXT_NAMES] = {
	"kill", "killpg", "sigqueue", "tgkill", "pidfd_send_signal", "syscall",
};

/*
 * The real functions are the next definitions after the shim's, as
 * dlsym(RTLD_NEXT) finds them, looked up at a function's first wrapped
 * call (shim_next.h): a process that never kills pays nothing, a killer
 * only for the name it calls.  NULL until then; NO_NEXT for a name not
 * found, whose wrapper makes the raw syscall.  One load on the way to
 * the real call (signal 0, syscall() of other numbers).
 */
static void *real_fn[NEXT_NAMES];
static char no_next;		/* its address marks "none" */
#define NO_NEXT	((void *)&no_next)

/* Reads only mapped tables and stores what any thread would: a second
 * thread, or a signal handler, binding at the same time is harmless. */
static __attribute__((noinline, cold)) void *
bind_next(enum next_fn i)
{
	void *fn = shim_next_find(next_names[i]);

	__atomic_store_n(&real_fn[i], fn != NULL ? fn : NO_NEXT,
	    __ATOMIC_RELEASE);
	return fn;
}

/* The real function i when already bound, else NULL: signal 0's path,
 * which binds nothing and so needs no frame (observe() binds). */
static inline void *
bound_fn(enum next_fn i)
{
	void *fn = __atomic_load_n(&real_fn[i], __ATOMIC_ACQUIRE);

	return fn != NO_NEXT ? fn : NULL;
}

/* The real function i (bound at its first call), or NULL: the syscall. */
static inline void *
next_fn(enum next_fn i)
{
	void *fn = __atomic_load_n(&real_fn[i], __ATOMIC_ACQUIRE);

	if (__builtin_expect(fn == NULL, 0))
		return bind_next(i);
	return fn != NO_NEXT ? fn : NULL;
}

/* sigqueue without glibc, built the way glibc builds it. */
static int
raw_sigqueue(pid_t pid, int sig, union sigval value)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value = value;
	return (int)shim_syscall(SYS_rt_sigqueueinfo, pid, sig, &info);
}

/* syscall(nr, a...) as made: the next definition, or the instruction. */
static inline long
pass_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	syscall_fn real = (syscall_fn)next_fn(NEXT_SYSCALL);

	if (real != NULL)
		return real(nr, a1, a2, a3, a4, a5, a6);
	return shim_syscall6(nr, a1, a2, a3, a4, a5, a6);
}

/*
 * Makes the real call: the next definition in the link chain, or the
 * syscall.  Returns what it returned (a long for syscall()).
 */
static long
deliver(const struct shim_call *c)
{
	kill_fn k;
	killpg_fn kpg;
	sigqueue_fn sq;
	tgkill_fn tgk;
	pidfd_send_signal_fn pfd;

	if (c->args != NULL)
		return pass_syscall(c->nr, c->args[0], c->args[1], c->args[2],
		    c->args[3], c->args[4], c->args[5]);
	switch (c->call) {
	case WK_CALL_KILL:
		if ((k = (kill_fn)next_fn(NEXT_KILL)) != NULL)
			return k(c->pid, c->sig);
		return shim_syscall(SYS_kill, c->pid, c->sig);
	case WK_CALL_KILLPG:
		if ((kpg = (killpg_fn)next_fn(NEXT_KILLPG)) != NULL)
			return kpg(c->pid, c->sig);
		if (c->pid < 0) {
			errno = EINVAL;
			return -1;
		}
		return shim_syscall(SYS_kill, -c->pid, c->sig);
	case WK_CALL_SIGQUEUE:
		if ((sq = (sigqueue_fn)next_fn(NEXT_SIGQUEUE)) != NULL)
			return sq(c->pid, c->sig, c->value);
		return raw_sigqueue(c->pid, c->sig, c->value);
	case WK_CALL_TGKILL:
		if ((tgk = (tgkill_fn)next_fn(NEXT_TGKILL)) != NULL)
			return tgk(c->pid, c->tid, c->sig);
		return shim_syscall(SYS_tgkill, c->pid, c->tid, c->sig);
	case WK_CALL_PIDFD_SEND_SIGNAL:
		pfd = (pidfd_send_signal_fn)next_fn(NEXT_PIDFD_SEND_SIGNAL);
		if (pfd != NULL)
			return pfd(c->pid, c->sig, c->info, c->flags);
		return shim_syscall(SYS_pidfd_send_signal, c->pid, c->sig,
		    c->info, c->flags);
	}
	errno = ENOSYS;
	return -1;
}

/*
 * A call that may signal the caller itself (shim_may_include_self): the
 * caller may die inside it, so the report (r, its target read) leaves
 * BEFORE delivery, marked pending, and the result follows in a second
 * datagram if the call returns.  errno as in deliver_reported.
 */
static long
deliver_pending(const struct shim_call *c, struct wk_kill_report *r,
    int entry_errno)
{
	long ret;
	int err, sent;

	/* Whole: the result names the report by the caller's start time,
	 * which a process may not claim for another (ingest_result.c). */
	shim_fill_caller(r);
	r->flags |= WK_F_RESULT_PENDING;
	/* A failed send is counted in the next report's dropped total;
	 * then no result follows, since no report waits for it. */
	sent = shim_send_report(shim_config_socket(&shim_config), r, NULL) == 0;
	errno = entry_errno;
	ret = deliver(c);
	err = errno;
	if (sent)
		(void)shim_send_result(shim_config_socket(&shim_config), r, (int)ret,
		    err);
	errno = err;
	return ret;
}

/*
 * Delivers a real signal between reading its target and sending the report.
 * Kept out of line so the report's stack space is taken only after
 * shim_stack_has_room() said yes.  errno is the caller's on entry to the
 * real call and the real call's on return.
 */
static __attribute__((noinline)) long
deliver_reported(const struct shim_call *c,
    int entry_errno)
{
	struct wk_kill_report r;
	char cgroup[WK_TARGET_CGROUP_MAX + 1];
	long ret;
	int err;

	shim_report_start(&r, c->call, c->sig, c->pid, c->tid);
	if (c->thread_only)
		shim_read_thread_target(&r);
	else
		shim_read_target(&r);
	if (shim_may_include_self(&r))
		return deliver_pending(c, &r, entry_errno);
	shim_read_target_cgroup(&r, cgroup, sizeof cgroup);
	errno = entry_errno;
	ret = deliver(c);
	err = errno;
	shim_set_result(&r, (int)ret, err);
	/* Lean while the daemon takes the caller from its process table;
	 * a failed send is counted in the report's dropped total. */
	(void)shim_fill_and_send(shim_config_socket(&shim_config), &r, cgroup);
	errno = err;
	return ret;
}

/* Every wrapper lands here: probes and invalid signals pass straight through. */
static long
observe(const struct shim_call *c)
{
	int entry_errno;

	if (c->sig <= 0 || c->sig > WK_SIGNAL_MAX ||
	    !__atomic_load_n(&shim_config.ready, __ATOMIC_ACQUIRE))
		return deliver(c);
	entry_errno = errno;
	if (!shim_stack_has_room()) {
		shim_count_drop();
		errno = entry_errno;
		return deliver(c);
	}
	return deliver_reported(c, entry_errno);
}

/*
 * Each wrapper hands signal 0 (a liveness probe, which supervisors send in
 * loops) straight to the next definition once it is bound, as a tail call
 * with no frame of the shim's; the rest, and a first probe, go through
 * observe(), out of line.
 */
static __attribute__((noinline)) long
observe_call(enum wk_call call, pid_t pid, pid_t tid, int sig,
    union sigval value, siginfo_t *info, unsigned int flags)
{
	struct shim_call c = { .call = call, .pid = pid, .tid = tid,
	    .sig = sig, .value = value, .info = info, .flags = flags };

	return observe(&c);
}

static const union sigval no_value;

SHIM_EXPORT int
kill(pid_t pid, int sig)
{
	kill_fn real;

	if (sig == 0 && (real = (kill_fn)bound_fn(NEXT_KILL)) != NULL)
		return real(pid, 0);
	return (int)observe_call(WK_CALL_KILL, pid, 0, sig, no_value, NULL, 0);
}

SHIM_EXPORT int
killpg(pid_t pgrp, int sig)
{
	killpg_fn real;

	if (sig == 0 && (real = (killpg_fn)bound_fn(NEXT_KILLPG)) != NULL)
		return real(pgrp, 0);
	return (int)observe_call(WK_CALL_KILLPG, pgrp, 0, sig, no_value, NULL,
	    0);
}

SHIM_EXPORT int
sigqueue(pid_t pid, int sig, const union sigval value)
{
	sigqueue_fn real;

	if (sig == 0 && (real = (sigqueue_fn)bound_fn(NEXT_SIGQUEUE)) != NULL)
		return real(pid, 0, value);
	return (int)observe_call(WK_CALL_SIGQUEUE, pid, 0, sig, value, NULL, 0);
}

SHIM_EXPORT int
tgkill(pid_t tgid, pid_t tid, int sig)
{
	tgkill_fn real;

	if (sig == 0 && (real = (tgkill_fn)bound_fn(NEXT_TGKILL)) != NULL)
		return real(tgid, tid, 0);
	return (int)observe_call(WK_CALL_TGKILL, tgid, tid, sig, no_value,
	    NULL, 0);
}

SHIM_EXPORT int
pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
    unsigned int flags)
{
	pidfd_send_signal_fn real;

	if (sig == 0 && (real = (pidfd_send_signal_fn)
	    bound_fn(NEXT_PIDFD_SEND_SIGNAL)) != NULL)
		return real(pidfd, 0, info, flags);
	return (int)observe_call(WK_CALL_PIDFD_SEND_SIGNAL, pidfd, 0, sig,
	    no_value, info, flags);
}

/*
 * syscall() of a number that sends a signal, read as the named call that
 * makes it.  Out of line: the other numbers never pay for its frame.
 */
static __attribute__((noinline, cold)) long
observe_syscall(long nr, long a1, long a2, long a3, long a4, long a5,
    long a6)
{
	const long args[6] = { a1, a2, a3, a4, a5, a6 };
	struct shim_signal_syscall d;
	struct shim_call c;

	/* shim_syscall_sends_signal(nr) said yes: the decode cannot fail. */
	(void)shim_signal_syscall_decode(nr, args, &d);
	c = (struct shim_call){ .call = d.call, .pid = d.pid, .tid = d.tid,
	    .sig = d.sig, .thread_only = d.thread_only, .nr = nr,
	    .args = args };
	return observe(&c);
}

/*
 * glibc's syscall() is a thin wrapper around the instruction, and programs
 * send signals through it (psmisc's killall: pidfd_send_signal; Python's
 * signal.pidfd_send_signal).  Its six arguments are read as longs, as
 * glibc's own does; a number that sends no signal goes on at the cost of
 * one comparison and one table load, arguments, result and errno untouched.
 */
SHIM_EXPORT long
syscall(long number, ...)
{
	va_list ap;
	long a1, a2, a3, a4, a5, a6;

	va_start(ap, number);
	a1 = va_arg(ap, long);
	a2 = va_arg(ap, long);
	a3 = va_arg(ap, long);
	a4 = va_arg(ap, long);
	a5 = va_arg(ap, long);
	a6 = va_arg(ap, long);
	va_end(ap);
	if (__builtin_expect(shim_syscall_sends_signal(number), 0))
		return observe_syscall(number, a1, a2, a3, a4, a5, a6);
	return pass_syscall(number, a1, a2, a3, a4, a5, a6);
}

/*
 * Captures the configuration.  glibc passes argc, argv and envp to ELF
 * constructors.  The real functions are looked up later (bind_next).
 */
__attribute__((constructor)) static void
shim_init(int argc, char **argv, char **envp)
{
	shim_config_init(argc, argv, envp);
}
