/*
 * kill() called from inside a signal handler, for the shim's async-signal
 * safety.
 *
 *   kill_in_handler TARGET_PID [COUNT [ALTSTACK_BYTES]]
 *
 * Installs a SIGUSR1 handler that calls kill(TARGET_PID, SIGUSR2), then
 * sends itself SIGUSR1 COUNT times (default 20) with kill(getpid(), SIGUSR1),
 * so the handler runs inside the preloaded kill.  With ALTSTACK_BYTES (at
 * least sysconf(_SC_MINSIGSTKSZ)) the handler runs on an alternate signal
 * stack of that size; on one under 16 KiB the shim sends no report for the
 * handler's kill and counts it as dropped instead.  Exits 0 when the handler
 * ran COUNT times and every kill returned 0, 1 otherwise, 2 on bad
 * arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t target;
static volatile sig_atomic_t handled;
static volatile sig_atomic_t handler_failures;

static void
on_usr1(int sig)
{
	int saved = errno;

	(void)sig;
	if (kill(target, SIGUSR2) != 0)
		handler_failures++;
	handled++;
	errno = saved;
}

/* A whole decimal number in [min, max]; -1 otherwise. */
static long
parse_count(const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end != '\0' || v < min || v > max)
		return -1;
	return v;
}

/* Runs SIGUSR1's handler on a fresh alternate stack of size bytes. */
static int
use_altstack(long size)
{
	stack_t ss = { .ss_size = (size_t)size, .ss_flags = 0 };

	ss.ss_sp = malloc(ss.ss_size);
	if (ss.ss_sp == NULL || sigaltstack(&ss, NULL) < 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	long pid, count = 20, altstack = 0;
	int failures = 0;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: kill_in_handler TARGET_PID [COUNT [ALTSTACK_BYTES]]\n");
		return 2;
	}
	pid = parse_count(argv[1], 1, 0x7fffffff);
	if (argc > 2)
		count = parse_count(argv[2], 1, 1000000);
	if (argc > 3)
		altstack = parse_count(argv[3], sysconf(_SC_MINSIGSTKSZ), 64L << 20);
	if (pid < 0 || count < 0 || altstack < 0) {
		fprintf(stderr, "kill_in_handler: bad arguments\n");
		return 2;
	}
	target = (pid_t)pid;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (altstack > 0) {
		if (use_altstack(altstack) < 0) {
			perror("kill_in_handler: sigaltstack");
			return 1;
		}
		sa.sa_flags |= SA_ONSTACK;
	}
	if (sigaction(SIGUSR1, &sa, NULL) < 0) {
		perror("kill_in_handler: sigaction");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		if (kill(getpid(), SIGUSR1) != 0) {
			perror("kill_in_handler: kill(self)");
			failures++;
		}
	}
	if (handled != count || handler_failures != 0) {
		fprintf(stderr, "kill_in_handler: handler ran %d of %ld times, %d kills failed\n",
		    (int)handled, count, (int)handler_failures);
		return 1;
	}
	return failures == 0 ? 0 : 1;
}
