/*
 * The syscall() numbers that send a signal, and how each is reported: as
 * the named call that makes the same system call, the way the kernel audit
 * reader names them (kill; tgkill for tkill and tgkill; sigqueue for
 * rt_sigqueueinfo and rt_tgsigqueueinfo; pidfd_send_signal).  Every other
 * number costs its caller one comparison and one load of a table.
 */
#ifndef WHOKILLED_SHIM_SIGNAL_SYSCALL_H
#define WHOKILLED_SHIM_SIGNAL_SYSCALL_H

#include <stdint.h>

#include "whokilled/wire.h"

/* Above every signal-sending number of the architectures the shim supports. */
#define SHIM_SIGNAL_SYSCALL_LIMIT	512

/* Nonzero at the numbers that send a signal. */
extern const uint8_t shim_signal_syscalls[SHIM_SIGNAL_SYSCALL_LIMIT];

/*
 * Whether syscall(nr, ...) sends a signal.  The kernel reads the number as
 * an int, so the upper half of the long is ignored here too.
 */
static inline int
shim_syscall_sends_signal(long nr)
{
	unsigned int n = (unsigned int)nr;

	return n < SHIM_SIGNAL_SYSCALL_LIMIT && shim_signal_syscalls[n] != 0;
}

/* One signal-sending system call, in the terms of a report. */
struct shim_signal_syscall {
	enum wk_call call;
	int32_t pid;		/* arg_pid: pid, tgid, tkill's tid, or pidfd */
	int32_t tid;		/* arg_tid: the thread named, or 0 */
	int sig;
	int thread_only;	/* tkill: pid is a thread, its process unknown */
};

/*
 * Decodes the six arguments of syscall(nr, ...) into out, each as the
 * kernel reads it (an int).  tkill(tid) becomes tgkill(tid, tid) with
 * thread_only set.  Returns 0, or -1 when nr does not send a signal.
 */
int shim_signal_syscall_decode(long nr, const long args[6],
    struct shim_signal_syscall *out);

#endif
