/*
 * The benchmarks' own client of the daemon's query socket, built on the
 * CLI's client functions: one stats query, one query by pid.
 */
#ifndef WHOKILLED_BENCH_DAEMON_CLIENT_H
#define WHOKILLED_BENCH_DAEMON_CLIENT_H

#include <stdint.h>

#include "whokilled/wire.h"

/* Ask the daemon behind socket_dir for its counters; 0 or -1 with errno. */
int bench_stats(const char *socket_dir, struct wk_stats *out);

/*
 * Ask who signalled pid, as `whokilled PID` does, reading every frame of
 * the answer.  Returns 0 with the number of events in *events, or -1.
 */
int bench_query_pid(const char *socket_dir, int32_t pid, uint32_t *events);

/*
 * Ask for a list as `whokilled [--by UID] [NAME]` does (the default limit,
 * since the given time), reading every frame.  0 with the signals listed
 * in *events, or -1.
 */
int bench_query_list(const char *socket_dir, const char *name, int by,
    uint32_t by_uid, int64_t since, uint32_t *events);

#endif
