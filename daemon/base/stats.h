/*
 * The daemon's counters, shown by the stats query.
 */
#ifndef WHOKILLED_DAEMON_STATS_H
#define WHOKILLED_DAEMON_STATS_H

#include <stdint.h>

#include "whokilled/wire.h"

struct wkd_counters {
	uint64_t received;		/* datagrams read */
	uint64_t stored;		/* rows committed: kills, sessions, failed logins, ends */
	uint64_t rejected_malformed;	/* did not decode */
	uint64_t rejected_forged;	/* disagreed with the kernel */
	uint64_t rejected_nocred;	/* arrived without credentials */
	uint64_t sender_dropped;	/* believed reports' hdr.dropped */
	uint64_t store_errors;		/* rows that could not be stored, lost */
	uint64_t queries;		/* queries answered */
	uint64_t audit_records;		/* kernel audit records read */
	uint64_t audit_events;		/* signal events assembled from them */
	uint64_t audit_dropped;		/* records lost: netlink overflows, plugin drops */
	uint64_t audit_duplicates;	/* events seen before, not stored again */
	uint64_t audit_backfilled;	/* kills stored from audit log files */
	uint64_t kernel_merged;		/* kernel events joined to shim reports */
	uint32_t death_sources;		/* WK_DS_* read now */
	uint64_t exits_seen;		/* process exits from the connector */
	uint64_t deaths_stored;		/* ends of processes written */
	uint64_t oom_kills;		/* OOM kills read from the kernel log */
	uint64_t proc_events_lost;	/* connector overflows */
	uint64_t kmsg_missed;		/* kernel log records lost unread */
	uint64_t rate_limited;		/* reports over their uid's rate limit */
	uint64_t results_unmatched;	/* kill results for no stored row */
	/* An audit hub: its nodes' records. */
	uint64_t node_records;		/* nodes' whokilled records read */
	uint64_t node_duplicates;	/* of those, read before: not stored again */
	uint64_t audit_refused;		/* plugin input lines that were no records */
	uint64_t node_refused;		/* without a node name, cut, or unreadable */
	/* A node: its whokilled records written into the audit trail. */
	uint64_t trail_written;		/* the kernel took them */
	uint64_t trail_failed;		/* refused, or did not fit */
	uint64_t rows_pruned;		/* rows retention deleted */
};

/*
 * Fill a stats reply frame (header included) from the counters; what is
 * not a counter (procs_tracked, deaths_total, store_backlog) is left 0.
 */
void stats_fill(struct wk_stats *out, const struct wkd_counters *c,
    int64_t started, uint64_t events_total);

/* CLOCK_MONOTONIC in milliseconds: the daemon's clock for deadlines. */
int64_t wkd_monotonic_ms(void);

#endif
