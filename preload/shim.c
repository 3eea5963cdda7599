/*
 * libwhokilled.so entry point: the interposed kill family and the binding
 * to the real functions.  Everything a report needs lives in shim_report.c.
 */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_config.h"
#include "shim_report.h"

#define SHIM_EXPORT	__attribute__((visibility("default")))

typedef int (*kill_fn)(pid_t, int);
typedef int (*killpg_fn)(pid_t, int);
typedef int (*sigqueue_fn)(pid_t, int, const union sigval);
typedef int (*tgkill_fn)(pid_t, pid_t, int);
typedef int (*pidfd_send_signal_fn)(int, int, siginfo_t *, unsigned int);

/* Set once by the constructor; NULL means "use the raw syscall". */
static kill_fn real_kill;
static killpg_fn real_killpg;
static sigqueue_fn real_sigqueue;
static tgkill_fn real_tgkill;
static pidfd_send_signal_fn real_pidfd_send_signal;

/* One wrapped call and its arguments. */
struct shim_call {
	enum wk_call call;
	pid_t pid;		/* pid, pgrp, tgid or pidfd */
	pid_t tid;		/* tgkill only */
	int sig;
	union sigval value;	/* sigqueue only */
	siginfo_t *info;	/* pidfd_send_signal only */
	unsigned int flags;	/* pidfd_send_signal only */
};

#define LOAD(fn)	__atomic_load_n(&(fn), __ATOMIC_ACQUIRE)

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
	return (int)syscall(SYS_rt_sigqueueinfo, pid, sig, &info);
}

/* Makes the real call: the next definition in the link chain, or the syscall. */
static int
deliver(const struct shim_call *c)
{
	switch (c->call) {
	case WK_CALL_KILL:
		if (LOAD(real_kill) != NULL)
			return LOAD(real_kill)(c->pid, c->sig);
		return (int)syscall(SYS_kill, c->pid, c->sig);
	case WK_CALL_KILLPG:
		if (LOAD(real_killpg) != NULL)
			return LOAD(real_killpg)(c->pid, c->sig);
		if (c->pid < 0) {
			errno = EINVAL;
			return -1;
		}
		return (int)syscall(SYS_kill, -c->pid, c->sig);
	case WK_CALL_SIGQUEUE:
		if (LOAD(real_sigqueue) != NULL)
			return LOAD(real_sigqueue)(c->pid, c->sig, c->value);
		return raw_sigqueue(c->pid, c->sig, c->value);
	case WK_CALL_TGKILL:
		if (LOAD(real_tgkill) != NULL)
			return LOAD(real_tgkill)(c->pid, c->tid, c->sig);
		return (int)syscall(SYS_tgkill, c->pid, c->tid, c->sig);
	case WK_CALL_PIDFD_SEND_SIGNAL:
		if (LOAD(real_pidfd_send_signal) != NULL)
			return LOAD(real_pidfd_send_signal)(c->pid, c->sig,
			    c->info, c->flags);
		return (int)syscall(SYS_pidfd_send_signal, c->pid, c->sig,
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
static int
deliver_pending(const struct shim_call *c, struct wk_kill_report *r,
    int entry_errno)
{
	int ret, err, sent;

	shim_fill_caller(r);
	r->flags |= WK_F_RESULT_PENDING;
	/* A failed send is counted in the next report's dropped total;
	 * then no result follows, since no report waits for it. */
	sent = shim_send_report(shim_config.socket_path, r) == 0;
	errno = entry_errno;
	ret = deliver(c);
	err = errno;
	if (sent)
		(void)shim_send_result(shim_config.socket_path, r, ret, err);
	errno = err;
	return ret;
}

/*
 * Delivers a real signal between reading its target and sending the report.
 * Kept out of line so the report's stack space is taken only after
 * shim_stack_has_room() said yes.  errno is the caller's on entry to the
 * real call and the real call's on return.
 */
static __attribute__((noinline)) int
deliver_reported(const struct shim_call *c,
    int entry_errno)
{
	struct wk_kill_report r;
	int ret, err;

	shim_report_start(&r, c->call, c->sig, c->pid, c->tid);
	shim_read_target(&r);
	if (shim_may_include_self(&r))
		return deliver_pending(c, &r, entry_errno);
	errno = entry_errno;
	ret = deliver(c);
	err = errno;
	shim_set_result(&r, ret, err);
	shim_fill_caller(&r);
	/* A failed send is counted in the report's dropped total. */
	(void)shim_send_report(shim_config.socket_path, &r);
	errno = err;
	return ret;
}

/* Every wrapper lands here: probes and invalid signals pass straight through. */
static int
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

SHIM_EXPORT int
kill(pid_t pid, int sig)
{
	struct shim_call c = { .call = WK_CALL_KILL, .pid = pid, .sig = sig };

	return observe(&c);
}

SHIM_EXPORT int
killpg(pid_t pgrp, int sig)
{
	struct shim_call c = { .call = WK_CALL_KILLPG, .pid = pgrp, .sig = sig };

	return observe(&c);
}

SHIM_EXPORT int
sigqueue(pid_t pid, int sig, const union sigval value)
{
	struct shim_call c = { .call = WK_CALL_SIGQUEUE, .pid = pid, .sig = sig,
	    .value = value };

	return observe(&c);
}

SHIM_EXPORT int
tgkill(pid_t tgid, pid_t tid, int sig)
{
	struct shim_call c = { .call = WK_CALL_TGKILL, .pid = tgid, .tid = tid,
	    .sig = sig };

	return observe(&c);
}

SHIM_EXPORT int
pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
    unsigned int flags)
{
	struct shim_call c = { .call = WK_CALL_PIDFD_SEND_SIGNAL, .pid = pidfd,
	    .sig = sig, .info = info, .flags = flags };

	return observe(&c);
}

/*
 * Binds the real functions and captures the configuration.  glibc passes
 * argc and argv to ELF constructors.  A symbol dlsym cannot find stays NULL
 * and its wrapper uses the raw syscall instead.
 */
__attribute__((constructor)) static void
shim_init(int argc, char **argv)
{
	__atomic_store_n(&real_kill, (kill_fn)dlsym(RTLD_NEXT, "kill"),
	    __ATOMIC_RELEASE);
	__atomic_store_n(&real_killpg, (killpg_fn)dlsym(RTLD_NEXT, "killpg"),
	    __ATOMIC_RELEASE);
	__atomic_store_n(&real_sigqueue,
	    (sigqueue_fn)dlsym(RTLD_NEXT, "sigqueue"), __ATOMIC_RELEASE);
	__atomic_store_n(&real_tgkill, (tgkill_fn)dlsym(RTLD_NEXT, "tgkill"),
	    __ATOMIC_RELEASE);
	__atomic_store_n(&real_pidfd_send_signal,
	    (pidfd_send_signal_fn)dlsym(RTLD_NEXT, "pidfd_send_signal"),
	    __ATOMIC_RELEASE);
	shim_config_init(argc, argv);
}
