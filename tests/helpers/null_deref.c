/*
 * Dereferences a null pointer and so dies of SIGSEGV.  Whether a core is
 * dumped follows RLIMIT_CORE and core_pattern as the caller set them.
 *
 *   null_deref
 *
 * Never returns normally; exits 2 if the read somehow succeeded.
 */
#include <stdio.h>

/* volatile: the compiler cannot see it is null and must do the read. */
static int *volatile nowhere;

int
main(void)
{
	int v = *nowhere;

	printf("read %d from address 0\n", v);
	return 2;
}
