/*
 * Timing helpers shared by the benchmark programs.
 */
#include <stdlib.h>
#include <time.h>

#include "timing.h"

uint64_t
timing_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
timing_summarise(uint64_t *ns, size_t n, struct timing_summary *out)
{
	double sum = 0;
	size_t i;

	out->n = n;
	out->min_ns = out->median_ns = out->p99_ns = out->max_ns = 0;
	out->mean_ns = 0;
	if (n == 0)
		return;
	qsort(ns, n, sizeof *ns, cmp_u64);
	for (i = 0; i < n; i++)
		sum += (double)ns[i];
	out->min_ns = ns[0];
	out->median_ns = ns[n / 2];
	out->p99_ns = ns[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
	out->max_ns = ns[n - 1];
	out->mean_ns = sum / (double)n;
}

void
timing_print(FILE *fp, const char *label, const struct timing_summary *s)
{
	fprintf(fp, "%s n=%zu median_ns=%llu p99_ns=%llu mean_ns=%.0f"
	    " min_ns=%llu max_ns=%llu\n", label, s->n,
	    (unsigned long long)s->median_ns, (unsigned long long)s->p99_ns,
	    s->mean_ns, (unsigned long long)s->min_ns,
	    (unsigned long long)s->max_ns);
}

uint64_t
timing_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}
