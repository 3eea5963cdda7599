/*
 * The daemon's settings: defaults, the config file, command-line overrides.
 *
 * File syntax: one "key = value" per line; "#" starts a comment that runs
 * to the end of the line; blank lines are ignored; a key given twice keeps
 * the last value.  Only audit_log may be given an empty value (none).
 *
 * What the running daemon re-reads on SIGHUP (daemon_reload.h) is the same
 * as at start: defaults, then the file, then the command line, read by
 * wkd_config_read() with the command line's settings kept in struct
 * wkd_overrides, their paths made absolute once (the daemon's working
 * directory is / by then).
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
#define WKD_DEFAULT_MAX_AGE_DAYS	90
#define WKD_MAX_AGE_DAYS_MAX	36500
#define WKD_DEFAULT_MAX_STORE_MB	1024
#define WKD_MAX_STORE_MB_MAX	16777216	/* 16 TiB */
#define WKD_DEFAULT_MIN_FREE_PERCENT	5
#define WKD_MIN_FREE_PERCENT_MAX	50

struct wkd_config {
	char socket_dir[WK_SOCKET_DIR_MAX];
	char db[PATH_MAX];
	unsigned queue_len;		/* datagrams the report socket queues */
	unsigned commit_interval_ms;	/* longest a row waits for its commit */
	char audit_log[PATH_MAX];	/* backfilled at start; "" for none */
	int audit_netlink;		/* read the kernel's audit multicast group */
	int hub;			/* an audit hub: the plugin's records are
					 * its nodes', stored per node */
	int audit_records;		/* write a whokilled record per stored
					 * signal into the audit trail */
	unsigned exit_min_runtime_ms;	/* plain exits kept after this long; 0 all */
	unsigned deaths_max;		/* ends of processes kept in the store */
	unsigned rate_limit;		/* reports per second per uid; 0 none */
	unsigned max_age_days;		/* events kept this long; 0 forever */
	unsigned max_store_mb;		/* the store's pages in use; 0 no cap */
	unsigned min_free_percent;	/* its filesystem's floor; 0 none */
	int log_kills;			/* a log line per stored signal: 1 yes,
					 * 0 no, WKD_LOG_KILLS_AUTO (default)
					 * yes under a service manager */
	int debug;			/* log debug messages too */
};

/* The command line's settings: -c FILE and up to WKD_OVERRIDES_MAX keys. */
#define WKD_OVERRIDES_MAX	8
struct wkd_overrides {
	int have_config;		/* -c given: config must exist */
	char config[PATH_MAX];		/* the file; absolute */
	unsigned n;
	struct {
		const char *key;	/* a key of the file's */
		char value[PATH_MAX];	/* paths absolute */
	} set[WKD_OVERRIDES_MAX];
};

#define WKD_LOG_KILLS_AUTO	(-1)

void wkd_config_defaults(struct wkd_config *cfg);

/*
 * Whether to write a log line per stored signal: as configured, or for
 * "auto" when a service manager started the daemon (systemd sets
 * INVOCATION_ID and, for the journal, JOURNAL_STREAM), where the log is
 * the journal administrators already read and forward.
 */
int wkd_config_log_kills(const struct wkd_config *cfg);

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

/*
 * No -c, no settings: the file is WKD_DEFAULT_CONFIG, which may be missing.
 */
void wkd_overrides_init(struct wkd_overrides *ov);

/*
 * Record -c FILE (key NULL) or one key's value from the command line.  A
 * relative path (config, socket_dir, db, audit_log) is made absolute from
 * the working directory now.  The value is checked when read.  Returns 0,
 * or -1 with errno (ENAMETOOLONG, ENOSPC: too many) and a message in err.
 */
int wkd_overrides_add(struct wkd_overrides *ov, const char *key,
    const char *value, char *err, size_t errlen);

/*
 * The settings: defaults, then the file (a missing default file is no
 * error, a missing -c file is), then the command line.  *file_read (when
 * not NULL) says whether a file was read.  Returns 0, or -1 with errno and
 * a message in err ("path:line: what" for a bad line); cfg is then
 * undefined.
 */
int wkd_config_read(struct wkd_config *cfg, const struct wkd_overrides *ov,
    int *file_read, char *err, size_t errlen);

#endif
