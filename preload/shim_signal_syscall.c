/*
 * From syscall()'s number and arguments to the call a report names.
 */
#include <string.h>
#include <sys/syscall.h>

#include "shim_signal_syscall.h"

enum signal_syscall {
	SIGNAL_SYSCALL_NONE,
	SIGNAL_SYSCALL_KILL,
	SIGNAL_SYSCALL_TKILL,
	SIGNAL_SYSCALL_TGKILL,
	SIGNAL_SYSCALL_RT_SIGQUEUEINFO,
	SIGNAL_SYSCALL_RT_TGSIGQUEUEINFO,
	SIGNAL_SYSCALL_PIDFD_SEND_SIGNAL
};

_Static_assert(SYS_kill < SHIM_SIGNAL_SYSCALL_LIMIT &&
    SYS_tkill < SHIM_SIGNAL_SYSCALL_LIMIT &&
    SYS_tgkill < SHIM_SIGNAL_SYSCALL_LIMIT &&
    SYS_rt_sigqueueinfo < SHIM_SIGNAL_SYSCALL_LIMIT &&
    SYS_rt_tgsigqueueinfo < SHIM_SIGNAL_SYSCALL_LIMIT &&
    SYS_pidfd_send_signal < SHIM_SIGNAL_SYSCALL_LIMIT,
    "a signal-sending system call is beyond SHIM_SIGNAL_SYSCALL_LIMIT");

const uint8_t shim_signal_syscalls[SHIM_SIGNAL_SYSCALL_LIMIT] = {
	[SYS_kill] = SIGNAL_SYSCALL_KILL,
	[SYS_tkill] = SIGNAL_SYSCALL_TKILL,
	[SYS_tgkill] = SIGNAL_SYSCALL_TGKILL,
	[SYS_rt_sigqueueinfo] = SIGNAL_SYSCALL_RT_SIGQUEUEINFO,
	[SYS_rt_tgsigqueueinfo] = SIGNAL_SYSCALL_RT_TGSIGQUEUEINFO,
	[SYS_pidfd_send_signal] = SIGNAL_SYSCALL_PIDFD_SEND_SIGNAL,
};

int
shim_signal_syscall_decode(long nr, const long args[6],
    struct shim_signal_syscall *out)
{
	memset(out, 0, sizeof *out);
	if (!shim_syscall_sends_signal(nr))
		return -1;
	switch ((enum signal_syscall)shim_signal_syscalls[(unsigned int)nr]) {
	case SIGNAL_SYSCALL_KILL:		/* (pid, sig) */
		out->call = WK_CALL_KILL;
		out->pid = (int32_t)args[0];
		out->sig = (int)args[1];
		return 0;
	case SIGNAL_SYSCALL_TKILL:		/* (tid, sig) */
		out->call = WK_CALL_TGKILL;
		out->pid = (int32_t)args[0];
		out->tid = (int32_t)args[0];
		out->sig = (int)args[1];
		out->thread_only = 1;
		return 0;
	case SIGNAL_SYSCALL_TGKILL:		/* (tgid, tid, sig) */
		out->call = WK_CALL_TGKILL;
		out->pid = (int32_t)args[0];
		out->tid = (int32_t)args[1];
		out->sig = (int)args[2];
		return 0;
	case SIGNAL_SYSCALL_RT_SIGQUEUEINFO:	/* (tgid, sig, info) */
		out->call = WK_CALL_SIGQUEUE;
		out->pid = (int32_t)args[0];
		out->sig = (int)args[1];
		return 0;
	case SIGNAL_SYSCALL_RT_TGSIGQUEUEINFO:	/* (tgid, tid, sig, info) */
		out->call = WK_CALL_SIGQUEUE;
		out->pid = (int32_t)args[0];
		out->tid = (int32_t)args[1];
		out->sig = (int)args[2];
		return 0;
	case SIGNAL_SYSCALL_PIDFD_SEND_SIGNAL:	/* (pidfd, sig, info, flags) */
		out->call = WK_CALL_PIDFD_SEND_SIGNAL;
		out->pid = (int32_t)args[0];
		out->sig = (int)args[1];
		return 0;
	case SIGNAL_SYSCALL_NONE:
		break;
	}
	return -1;
}
