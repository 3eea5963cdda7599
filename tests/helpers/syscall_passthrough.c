/*
 * syscall() of numbers that send no signal gives what the kernel gives:
 * run with and without the shim preloaded, every check must pass.
 *
 *   syscall_passthrough
 *
 * Prints "ok NAME" or "FAIL NAME: what" per check; exits 0 when every
 * check passed, 1 otherwise.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;

static void
check(const char *name, int ok, const char *what)
{
	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, what);
		failures++;
	}
}

/* mmap's fifth and sixth arguments (descriptor, offset) reach the kernel. */
static int
six_arguments(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = memfd_create("six", MFD_CLOEXEC);
	char *p;
	int ok;

	if (fd < 0 || ftruncate(fd, 2 * page) != 0 ||
	    pwrite(fd, "second page", 11, page) != 11)
		return 0;
	p = (char *)syscall(SYS_mmap, NULL, page, PROT_READ, MAP_SHARED, fd,
	    page);
	close(fd);
	if (p == MAP_FAILED)
		return 0;
	/* The result is a pointer: a long not cut to an int. */
	ok = memcmp(p, "second page", 11) == 0;
	munmap(p, page);
	return ok;
}

int
main(void)
{
	unsigned int word = 0;
	long ret;
	int err;

	errno = 4242;
	ret = syscall(SYS_getpid);
	err = errno;
	check("getpid", ret == getpid(), "differs from getpid()");
	check("errno_kept_on_success", err == 4242, "errno changed");
	check("gettid", syscall(SYS_gettid) == gettid(), "differs from gettid()");
	check("getppid", syscall(SYS_getppid) == getppid(),
	    "differs from getppid()");

	errno = 0;
	ret = syscall(-1L);
	err = errno;
	check("negative_number_enosys", ret == -1 && err == ENOSYS,
	    "not -1/ENOSYS");
	errno = 0;
	ret = syscall(100000L);
	err = errno;
	check("unknown_number_enosys", ret == -1 && err == ENOSYS,
	    "not -1/ENOSYS");
	errno = 0;
	ret = syscall(SYS_close, -1);
	err = errno;
	check("close_ebadf", ret == -1 && err == EBADF, "not -1/EBADF");

	ret = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL,
	    NULL, 0);
	check("futex_wake_nobody", ret == 0, "woke someone or failed");
	errno = 0;
	ret = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
	err = errno;
	check("futex_wait_eagain", ret == -1 && err == EAGAIN,
	    "not -1/EAGAIN");

	check("six_arguments", six_arguments(), "mmap at an offset failed");
	fflush(stdout);
	return failures == 0 ? 0 : 1;
}
