/*
 * Calls kill() once and prints what it returned, for comparing a process
 * with and without the shim preloaded.
 *
 *   kill_errno PID SIG      SIG: a number (any, 0 and invalid ones too) or a name
 *
 * Prints "ret=R errno=E" (errno is cleared before the call, so a successful
 * call shows errno=0 unless something changed it) and exits 0.  Exits 2 on
 * bad arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "whokilled/wire.h"

/* A decimal number (any value, for invalid-signal tests) or a signal name. */
static int
parse_sig(const char *s, int *sig)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end != s && *end == '\0' && errno == 0) {
		*sig = (int)v;
		return 0;
	}
	*sig = wk_signal_parse(s);
	return *sig < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	char *end;
	long pid;
	int sig, ret, err;

	if (argc != 3) {
		fprintf(stderr, "usage: kill_errno PID SIG\n");
		return 2;
	}
	pid = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end != '\0' || parse_sig(argv[2], &sig) < 0) {
		fprintf(stderr, "kill_errno: bad PID or SIG\n");
		return 2;
	}
	errno = 0;
	ret = kill((pid_t)pid, sig);
	err = errno;
	printf("ret=%d errno=%d\n", ret, err);
	return 0;
}
