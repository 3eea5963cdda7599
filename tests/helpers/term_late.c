/*
 * A service that shuts down cleanly when asked: catches SIGTERM and exits
 * 0 a while later, so its death is "exited with status 0" although a
 * signal was sent to it.
 *
 *   term_late [DELAY_MS]
 *
 * Prints "ready" once the handler is in place; exits 0 DELAY_MS (default
 * 100) after SIGTERM.  Dies of SIGALRM after 60 s without one.  Exits 2 on
 * bad arguments.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_term;

static void
on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

int
main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct timespec delay;
	sigset_t block, old;
	long ms = 100;
	char *end;

	if (argc > 2) {
		fprintf(stderr, "usage: term_late [DELAY_MS]\n");
		return 2;
	}
	if (argc == 2) {
		ms = strtol(argv[1], &end, 10);
		if (*end != '\0' || ms < 0 || ms > 60000) {
			fprintf(stderr, "term_late: bad delay '%s'\n", argv[1]);
			return 2;
		}
	}
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, NULL);
	alarm(60);
	printf("ready\n");
	fflush(stdout);
	while (!got_term)
		sigsuspend(&old);
	delay.tv_sec = ms / 1000;
	delay.tv_nsec = (ms % 1000) * 1000000;
	while (nanosleep(&delay, &delay) == -1)
		;
	return 0;
}
