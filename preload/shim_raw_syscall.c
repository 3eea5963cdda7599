/*
 * The system call instruction of each architecture the shim is built for,
 * with the C library's convention for the result.
 */
#include <errno.h>

#include "shim_raw_syscall.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "shim_raw_syscall.c: add this architecture's system call instruction"
#endif

/* The kernel's result in a register: -4095..-1 is -errno. */
static long
kernel_call(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile ("syscall"
	    : "=a" (ret)
	    : "a" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10), "r" (r8),
	      "r" (r9)
	    : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;

	__asm__ volatile ("svc 0"
	    : "+r" (x0)
	    : "r" (x8), "r" (x1), "r" (x2), "r" (x3), "r" (x4), "r" (x5)
	    : "memory");
	return x0;
#endif
}

long
shim_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long ret = kernel_call(nr, a1, a2, a3, a4, a5, a6);

	if ((unsigned long)ret > -4096UL) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}
