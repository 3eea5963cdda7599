/*
 * The daemon's settings: defaults, the config file, command-line overrides.
 *
 * File syntax: one "key = value" per line; "#" starts a comment that runs
 * to the end of the line; blank lines are ignored; a key given twice keeps
 * the last value.  Only audit_log may be given an empty value (none).
 */
#ifndef WHOKILLED_DAEMON_CONFIG_H
#define WHOKILLED_DAEMON_CONFIG_H

#include <limits.h>
#include <stddef.h>

#include "whokilled/wire.h"

#define WKD_DEFAULT_CONFIG	"/etc/whokilledd.conf"
#define WKD_DEFAULT_DB		"/var/lib/whokilled/whokilled.db"
#define WKD_DEFAULT_QUEUE_LEN	4096
#define WKD_DEFAULT_COMMIT_MS	200
#define WKD_DEFAULT_RATE_LIMIT	2000
#define WKD_RATE_LIMIT_MAX	10000000
#define WKD_DEFAULT_AUDIT_LOG	"/var/log/audit/audit.log"

#define WKD_QUEUE_LEN_MIN	1
#define WKD_QUEUE_LEN_MAX	1048576
#define WKD_COMMIT_MS_MIN	1
#define WKD_COMMIT_MS_MAX	60000
#define WKD_DEFAULT_EXIT_MIN_MS	1000
#define WKD_EXIT_MIN_MS_MAX	86400000
#define WKD_DEFAULT_DEATHS_MAX	100000
#define WKD_DEATHS_MAX_MIN	100
#define WKD_DEATHS_MAX_MAX	100000000

struct wkd_config {
	char socket_dir[WK_SOCKET_DIR_MAX];
	char db[PATH_MAX];
	unsigned queue_len;		/* datagrams the report socket queues */
	unsigned commit_interval_ms;	/* longest a row waits for its commit */
	char audit_log[PATH_MAX];	/* backfilled at start; "" for none */
	int audit_netlink;		/* read the kernel's audit multicast group */
	unsigned exit_min_runtime_ms;	/* plain exits kept after this long; 0 all */
	unsigned deaths_max;		/* ends of processes kept in the store */
	unsigned rate_limit;		/* reports per second per uid; 0 none */
	int log_kills;			/* a log line per stored signal: 1 yes,
					 * 0 no, WKD_LOG_KILLS_AUTO (default)
					 * yes under a service manager */
};

#define WKD_LOG_KILLS_AUTO	(-1)

void wkd_config_defaults(struct wkd_config *cfg);

/*
 * Set one key from its text value.  Returns 0, or -1 with errno EINVAL
 * (unknown key, bad value) and a message in err.
 */
int wkd_config_set(struct wkd_config *cfg, const char *key, const char *value,
    char *err, size_t errlen);

/*
 * Read the file at path over the current settings.  Returns 0, or -1 with
 * errno and a message in err: "path:line: what" for a bad line, or the
 * reason the file could not be read (errno ENOENT when it does not exist).
 */
int wkd_config_load(struct wkd_config *cfg, const char *path, char *err,
    size_t errlen);

#endif
