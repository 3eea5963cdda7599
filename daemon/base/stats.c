/*
 * Counters to reply frame, and the monotonic clock the daemon's timers use.
 */
#include <string.h>
#include <time.h>

#include "stats.h"

void
stats_fill(struct wk_stats *out, const struct wkd_counters *c,
    int64_t started, uint64_t events_total)
{
	memset(out, 0, sizeof *out);
	wk_reply_init(&out->hdr, WK_R_STATS, sizeof *out);
	out->received = c->received;
	out->stored = c->stored;
	out->rejected_malformed = c->rejected_malformed;
	out->rejected_forged = c->rejected_forged;
	out->rejected_nocred = c->rejected_nocred;
	out->sender_dropped = c->sender_dropped;
	out->store_errors = c->store_errors;
	out->queries = c->queries;
	out->started = started;
	out->events_total = events_total;
	out->audit_records = c->audit_records;
	out->audit_events = c->audit_events;
	out->audit_dropped = c->audit_dropped;
	out->audit_duplicates = c->audit_duplicates;
	out->audit_backfilled = c->audit_backfilled;
	out->kernel_merged = c->kernel_merged;
	out->death_sources = c->death_sources;
	out->exits_seen = c->exits_seen;
	out->deaths_stored = c->deaths_stored;
	out->oom_kills = c->oom_kills;
	out->proc_events_lost = c->proc_events_lost;
	out->kmsg_missed = c->kmsg_missed;
	out->rate_limited = c->rate_limited;
	out->rows_pruned = c->rows_pruned;
	out->audit_refused = c->audit_refused;
	out->node_records = c->node_records;
	out->node_duplicates = c->node_duplicates;
	out->node_refused = c->node_refused;
	out->trail_written = c->trail_written;
	out->trail_failed = c->trail_failed;
}

int64_t
wkd_monotonic_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
