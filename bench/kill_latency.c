/*
 * The cost of one kill() call, as the calling process sees it.
 *
 *   kill_latency [-n CALLS] [-w WARMUP] [-i USEC] [-0]
 *
 * Forks a target that ignores SIGUSR1 and sleeps, then times, call by call
 * (CLOCK_MONOTONIC around each), CALLS of kill(target, SIGUSR1) -- a real
 * signal, delivered and discarded -- and then CALLS of kill(target, 0),
 * each kind after its own warm-up.  (Not interleaved: the real signals of a
 * preloaded shim read /proc and would leave the probes that follow them
 * with cold caches.)  Whatever is preloaded into this process (the shim)
 * or loaded into the kernel (an audit rule) is part of the cost.  -i sleeps
 * USEC microseconds (untimed) before each call: a paced sender whose
 * reports a daemon can keep up with.  -0 times signal 0 only.
 *
 * Prints one summary line per kind: "timer" is an empty pair of clock
 * reads (the floor of every figure), "syscall" a getppid() system call
 * (what entering the kernel costs on this machine).  Exits 0, or 1 when a
 * call failed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

/*
 * The target: ignores SIGUSR1, says so on ready_fd, then waits on hold_fd
 * and exits when the parent closes its end (ending it needs no signal,
 * which a preloaded shim would report).
 */
static void __attribute__((noreturn))
run_target(int ready_fd, int hold_fd)
{
	char c;

	signal(SIGUSR1, SIG_IGN);
	/* The parent waits for this byte; without it, it gives up. */
	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	close(ready_fd);
	while (read(hold_fd, &c, 1) != 0)
		;
	_exit(0);
}

/*
 * Fork the target and wait until it ignores SIGUSR1; its pid, or -1.
 * *hold is the end to close to let it go.
 */
static pid_t
start_target(int *hold)
{
	int ready[2], held[2];
	char c;
	pid_t pid;

	if (pipe(ready) == -1)
		return -1;
	if (pipe(held) == -1) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(held[1]);
		run_target(ready[1], held[0]);
	}
	close(ready[1]);
	close(held[0]);
	if (pid > 0 && read(ready[0], &c, 1) != 1)
		pid = -1;
	close(ready[0]);
	*hold = held[1];
	return pid;
}

static long pace_usec;

static void
pace(void)
{
	struct timespec ts = { 0, pace_usec * 1000 };

	if (pace_usec > 0)
		nanosleep(&ts, NULL);
}

/* Time n calls of kill(pid, sig) into out; 0, or -1 when one failed. */
static int
time_kills(pid_t pid, int sig, uint64_t *out, size_t n)
{
	uint64_t t0, t1;
	size_t i;

	for (i = 0; i < n; i++) {
		pace();
		t0 = timing_now_ns();
		if (kill(pid, sig) == -1) {
			fprintf(stderr, "kill_latency: kill(%d, %d): %s\n",
			    (int)pid, sig, strerror(errno));
			return -1;
		}
		t1 = timing_now_ns();
		out[i] = t1 - t0;
	}
	return 0;
}

static void
time_timer(uint64_t *out, size_t n)
{
	uint64_t t0;
	size_t i;

	for (i = 0; i < n; i++) {
		t0 = timing_now_ns();
		out[i] = timing_now_ns() - t0;
	}
}

static void
time_syscall(uint64_t *out, size_t n)
{
	uint64_t t0;
	size_t i;

	for (i = 0; i < n; i++) {
		t0 = timing_now_ns();
		syscall(SYS_getppid);
		out[i] = timing_now_ns() - t0;
	}
}

int
main(int argc, char **argv)
{
	struct timing_summary s;
	uint64_t *usr1 = NULL, *zero = NULL, *timer = NULL;
	size_t calls = 100000, warmup = 2000;
	pid_t target = -1;
	int ch, rc = 1, only_zero = 0, hold = -1;

	while ((ch = getopt(argc, argv, "n:w:i:0")) != -1) {
		switch (ch) {
		case 'n':
			calls = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtoul(optarg, NULL, 10);
			break;
		case 'i':
			pace_usec = strtol(optarg, NULL, 10);
			if (pace_usec < 0 || pace_usec > 999999)
				pace_usec = 0;
			break;
		case '0':
			only_zero = 1;
			break;
		default:
			fprintf(stderr, "usage: kill_latency [-n CALLS]"
			    " [-w WARMUP] [-i USEC] [-0]\n");
			return 2;
		}
	}
	if (calls == 0)
		calls = 1;
	usr1 = calloc(calls + warmup, sizeof *usr1);
	zero = calloc(calls + warmup, sizeof *zero);
	timer = calloc(calls, sizeof *timer);
	if (usr1 == NULL || zero == NULL || timer == NULL) {
		perror("kill_latency");
		goto out;
	}
	target = start_target(&hold);
	if (target == -1) {
		perror("kill_latency: target");
		goto out;
	}
	if (!only_zero && (time_kills(target, SIGUSR1, usr1, warmup) == -1 ||
	    time_kills(target, SIGUSR1, usr1, calls) == -1))
		goto out;
	if (time_kills(target, 0, zero, warmup) == -1 ||
	    time_kills(target, 0, zero, calls) == -1)
		goto out;
	time_timer(timer, calls);

	timing_summarise(timer, calls, &s);
	timing_print(stdout, "timer", &s);
	time_syscall(timer, calls);
	timing_summarise(timer, calls, &s);
	timing_print(stdout, "syscall", &s);
	if (!only_zero) {
		timing_summarise(usr1, calls, &s);
		timing_print(stdout, "kill_usr1", &s);
	}
	timing_summarise(zero, calls, &s);
	timing_print(stdout, "kill_sig0", &s);
	rc = 0;
out:
	if (hold >= 0)
		close(hold);
	if (target > 0)
		waitpid(target, NULL, 0);
	free(usr1);
	free(zero);
	free(timer);
	return rc;
}
