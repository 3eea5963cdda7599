/*
 * Shared by the benchmark programs: a monotonic clock in nanoseconds, and
 * the summary of a set of timings (median, p99, mean, min) printed as one
 * "label key=value ..." line that bench/run.sh reads.
 */
#ifndef WHOKILLED_BENCH_TIMING_H
#define WHOKILLED_BENCH_TIMING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct timing_summary {
	size_t n;
	uint64_t min_ns;
	uint64_t median_ns;
	uint64_t p99_ns;
	uint64_t max_ns;
	double mean_ns;
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t timing_now_ns(void);

/* Sorts ns[0..n) in place and summarises it; n may be 0 (all zero). */
void timing_summarise(uint64_t *ns, size_t n, struct timing_summary *out);

/* Prints "label n=.. median_ns=.. p99_ns=.. mean_ns=.. min_ns=.. max_ns=..". */
void timing_print(FILE *fp, const char *label, const struct timing_summary *s);

/* A small, fast, seedable generator (xorshift64*): the next value. */
uint64_t timing_rand(uint64_t *state);

#endif
