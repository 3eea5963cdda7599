/*
 * Many threads calling kill() at the same moment, for the shim's thread
 * safety.
 *
 *   kill_threads TARGET_PID NTHREADS KILLS_PER_THREAD SIG    SIG: number or name
 *
 * The threads wait at a barrier, then each calls kill(TARGET_PID, SIG)
 * KILLS_PER_THREAD times.  Exits 0 when every call returned 0, 1 when one
 * failed (printed on stderr), 2 on bad arguments.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"

#define MAX_THREADS	256

static pthread_barrier_t start_line;
static pid_t target;
static int signo;
static long kills_per_thread;
static int failures;

static void *
killer(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start_line);
	for (long i = 0; i < kills_per_thread; i++) {
		if (kill(target, signo) != 0) {
			fprintf(stderr, "kill_threads: kill: %s\n", strerror(errno));
			__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
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

int
main(int argc, char **argv)
{
	pthread_t threads[MAX_THREADS];
	long nthreads, pid;
	int rc;

	if (argc != 5) {
		fprintf(stderr,
		    "usage: kill_threads TARGET_PID NTHREADS KILLS_PER_THREAD SIG\n");
		return 2;
	}
	pid = parse_count(argv[1], 1, 0x7fffffff);
	nthreads = parse_count(argv[2], 1, MAX_THREADS);
	kills_per_thread = parse_count(argv[3], 0, 1000000);
	signo = wk_signal_parse(argv[4]);
	if (pid < 0 || nthreads < 0 || kills_per_thread < 0 || signo < 0) {
		fprintf(stderr, "kill_threads: bad arguments\n");
		return 2;
	}
	target = (pid_t)pid;
	pthread_barrier_init(&start_line, NULL, (unsigned)nthreads);
	for (long i = 0; i < nthreads; i++) {
		rc = pthread_create(&threads[i], NULL, killer, NULL);
		if (rc != 0) {
			fprintf(stderr, "kill_threads: pthread_create: %s\n", strerror(rc));
			return 1;
		}
	}
	for (long i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	return failures == 0 ? 0 : 1;
}
