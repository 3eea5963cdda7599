/*
 * What answering needs from the rest of the daemon: the store, the
 * counters, the process table, and hooks the daemon fills (daemon/
 * daemon_parts.c) so that the query layer never calls the layers that
 * feed the store.
 */
#ifndef WHOKILLED_DAEMON_QUERY_ENV_H
#define WHOKILLED_DAEMON_QUERY_ENV_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "daemon/base/stats.h"
#include "daemon/store/store.h"

#define QUERY_DEFAULT_LIMIT	100	/* events when the query says 0 */
#define QUERY_MAX_LIMIT		1000	/* events one answer may hold */
#define QUERY_SCAN_LIMIT	20000	/* rows read to find a user's events */
/*
 * Bytes of event frames one answer holds at most, whatever the limit: as
 * much as QUERY_MAX_LIMIT events took when a command line was 1 KiB, so
 * that frames of 32 KiB command lines (at least 110 of them fit) do not
 * make an answer ten times bigger.  The first event always goes.
 */
#define QUERY_REPLY_EVENTS_MAX	(4u << 20)

struct proc_table;

/* Asked of the daemon while answering; any may be NULL. */
struct query_hooks {
	/* Store and commit what is queued (reports, kernel audit records,
	 * process events), so a kill that returned before the query was
	 * sent is in the answer. */
	void (*catch_up)(void *arg);
	/* Rows kept in memory until the store works again. */
	unsigned (*store_backlog)(void *arg);
	/* Since when the daemon has seen exits (see store_run_watch);
	 * 0, or -1 when it does not watch them. */
	int (*exits_watched)(void *arg, struct wk_death_watch *out);
	/* What the daemon can see now (WK_SEE_*, WK_SEE_TOLD set): the
	 * kernel's kill rules, ld.so.preload, the death sources.  fresh:
	 * ask again now, else an answer a second old will do. */
	uint32_t (*sight)(void *arg, int fresh);
	/* Who asked systemd for the signal of ev, when PID 1 sent it:
	 * 1 with *out (a WK_R_REQUEST frame), else 0. */
	int (*requested_by)(void *arg, const struct wk_event *ev,
	    struct wk_request *out);
	void *arg;
};

struct query_env {
	struct store *store;
	struct wkd_counters *counters;
	const char *boot_id;		/* this boot's, for live processes */
	int64_t started;		/* daemon start, epoch seconds */
	const struct proc_table *procs;	/* the process table, or NULL */
	struct query_hooks hooks;
};

#endif
