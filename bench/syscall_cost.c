/*
 * The cost of syscall() for numbers that send no signal, as the calling
 * process sees it: what the shim's syscall() wrapper adds to every other
 * system call made through the C library's syscall().
 *
 *   syscall_cost [-n CALLS] [-w WARMUP]
 *
 * Times, call by call (CLOCK_MONOTONIC around each), CALLS of
 * syscall(SYS_getppid) and CALLS of syscall(SYS_futex, FUTEX_WAKE) on a
 * word nobody waits on (the cheapest futex call; programs with locks of
 * their own make such calls in hot loops), each after its own warm-up;
 * then the same calls in blocks
 * of BLOCK, timed a block at a time, which leaves the clock pair out of
 * the per-call figure.  Whatever is preloaded (the shim) is part of the
 * cost; run it bare and preloaded to compare.
 *
 * Prints one summary line per kind: "syscall_getppid" and
 * "syscall_futex_wake" (single calls), "block_getppid" and
 * "block_futex_wake" (nanoseconds per call, one sample per block).
 * Exits 0, or 1 when a call failed.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "timing.h"

#define BLOCK	1000

static unsigned int futex_word;

static long
call_getppid(void)
{
	return syscall(SYS_getppid);
}

static long
call_futex_wake(void)
{
	return syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, INT_MAX,
	    NULL, NULL, 0);
}

/* n single calls of fn, each timed; 0, or -1 when one failed. */
static int
time_calls(long (*fn)(void), long want, uint64_t *out, size_t n)
{
	uint64_t t0;
	size_t i;
	long ret;

	for (i = 0; i < n; i++) {
		t0 = timing_now_ns();
		ret = fn();
		out[i] = timing_now_ns() - t0;
		if (ret != want)
			return -1;
	}
	return 0;
}

/* n blocks of BLOCK calls of fn; each sample is ns per call. */
static int
time_blocks(long (*fn)(void), long want, uint64_t *out, size_t n)
{
	uint64_t t0;
	size_t i, j;
	long bad = 0;

	for (i = 0; i < n; i++) {
		t0 = timing_now_ns();
		for (j = 0; j < BLOCK; j++)
			bad |= fn() ^ want;
		out[i] = (timing_now_ns() - t0 + BLOCK / 2) / BLOCK;
	}
	return bad == 0 ? 0 : -1;
}

struct kind {
	const char *single, *block;
	long (*fn)(void);
	long want;
};

int
main(int argc, char **argv)
{
	struct kind kinds[] = {
		{ "syscall_getppid", "block_getppid", call_getppid,
		    (long)getppid() },
		{ "syscall_futex_wake", "block_futex_wake", call_futex_wake,
		    0 },
	};
	struct timing_summary s;
	uint64_t *t;
	size_t calls = 100000, warmup = 2000, blocks, i;
	int ch;

	while ((ch = getopt(argc, argv, "n:w:")) != -1) {
		switch (ch) {
		case 'n':
			calls = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: syscall_cost [-n CALLS]"
			    " [-w WARMUP]\n");
			return 2;
		}
	}
	if (calls < BLOCK)
		calls = BLOCK;
	blocks = calls / BLOCK;
	t = calloc(calls + warmup, sizeof *t);
	if (t == NULL) {
		perror("syscall_cost");
		return 1;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const struct kind *k = &kinds[i];

		if (time_calls(k->fn, k->want, t, warmup) == -1 ||
		    time_calls(k->fn, k->want, t, calls) == -1) {
			fprintf(stderr, "syscall_cost: %s: unexpected result"
			    " (%s)\n", k->single, strerror(errno));
			free(t);
			return 1;
		}
		timing_summarise(t, calls, &s);
		timing_print(stdout, k->single, &s);
		if (time_blocks(k->fn, k->want, t, blocks) == -1) {
			fprintf(stderr, "syscall_cost: %s: unexpected result\n",
			    k->block);
			free(t);
			return 1;
		}
		timing_summarise(t, blocks, &s);
		timing_print(stdout, k->block, &s);
	}
	free(t);
	return 0;
}
