/*
 * A statically linked killer: no preload reaches it, so only the kernel's
 * audit records can say who it was.  Built with -static by the Makefile.
 *
 *   static_kill PID SIG     kill(PID, SIG); prints "ret=%d errno=%d"
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: static_kill PID SIG\n");
		return 2;
	}
	ret = kill(atoi(argv[1]), atoi(argv[2]));
	printf("ret=%d errno=%d\n", ret, ret == 0 ? 0 : errno);
	return ret == 0 ? 0 : 1;
}
