/*
 * SIGHUP: the daemon re-reads its settings (config.h: defaults, the file,
 * the command line) and applies at once those that can change while it
 * runs; the others are logged as needing a restart when they changed, and
 * the values in force stay.
 *
 *   applied at once      debug, commit_interval_ms, rate_limit,
 *                        exit_min_runtime_ms, deaths_max, log_kills,
 *                        max_age_days, max_store_mb, min_free_percent
 *   need a restart       socket_dir, db, queue_len, audit_log, audit_netlink
 *
 * (whokilledd(8) says the same under "Reloading the configuration".)
 */
#ifndef WHOKILLED_DAEMON_RELOAD_H
#define WHOKILLED_DAEMON_RELOAD_H

#include "config.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/retention/retention.h"

/*
 * Give in a rate limit of rate reports per second per uid (bursts of twice
 * that, 4096 uids tracked at most; rate 0: none) in place of the one it
 * has, whose counts start again.  Returns 0, or -1 with errno ENOMEM and
 * the old limit kept.
 */
int daemon_rate_limit_set(struct ingest *in, unsigned rate);

/* The parts a reload changes. */
struct daemon_reload_parts {
	struct ingest *in;
	struct death_watch *dw;
	struct retention *retention;
};

/* The store's limits as cfg sets them. */
void daemon_retention_limits(const struct wkd_config *cfg,
    struct retention_limits *lim);

/*
 * Apply next, read from path (as the log names it), over cur, the
 * settings in force, which are updated to what is in force after: the
 * runtime settings that changed go to the parts and the log, each logged
 * with its old and new value; a changed setting that needs a restart is
 * logged so and keeps its value in cur.
 */
void daemon_reload_apply(struct wkd_config *cur,
    const struct wkd_config *next, const char *path,
    const struct daemon_reload_parts *parts);

#endif
