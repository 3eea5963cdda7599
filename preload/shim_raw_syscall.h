/*
 * The shim's own system calls, made with the instruction itself.  The shim
 * exports syscall(), so a call of the C library's syscall() from inside it
 * would come back to its own wrapper; and a library preloaded before it
 * could have wrapped that too.  Async-signal-safe, no cancellation point.
 */
#ifndef WHOKILLED_SHIM_RAW_SYSCALL_H
#define WHOKILLED_SHIM_RAW_SYSCALL_H

/*
 * System call nr with six arguments, as the C library's syscall() makes it:
 * the kernel's value, or -1 with errno for a kernel error (-4095..-1).
 * errno is left alone on success.
 */
long shim_syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
    long a6);

/*
 * shim_syscall(nr, args...): up to six arguments, each taken as a long,
 * the missing ones 0.
 */
#define SHIM_SYSCALL_ARGS(nr, a, b, c, d, e, f, ...) \
	(long)(nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
	(long)(f)
#define shim_syscall(...) \
	shim_syscall6(SHIM_SYSCALL_ARGS(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0))

#endif
