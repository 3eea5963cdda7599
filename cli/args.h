/*
 * Command line of whokilled.
 */
#ifndef WHOKILLED_CLI_ARGS_H
#define WHOKILLED_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "whokilled/version.h"

#define CLI_AUDIT_LOGS_MAX	256	/* --audit-log may be given this often */

enum cli_mode {
	CLI_MODE_QUERY,		/* PID, or a list when pid is 0 (list set) */
	CLI_MODE_STATS,
	CLI_MODE_FAILED_LOGINS,
	CLI_MODE_AUDIT_LOG,	/* --audit-log FILE...: from audit logs, no daemon */
	CLI_MODE_HELP,
	CLI_MODE_VERSION,
};

struct cli_options {
	enum cli_mode mode;
	int json;
	int all;		/* every process that had the pid */
	int32_t pid;
	int list;		/* no PID: a list (of NAME when name is set) */
	const char *name;	/* NAME: a comm, or a glob */
	int follow;		/* -f: then every new match */
	int exits;		/* --exits: plain exits too */
	int by;			/* --by USER: */
	uint32_t by_uid;
	const char *by_text;	/* as given */
	int limit_set;		/* -n was given (0 is allowed with -f) */
	const char *user;	/* --failed-logins USER, or NULL for any */
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;
	uint32_t limit;		/* 0: the daemon's default */
	const char *socket_dir;	/* --socket-dir, or NULL */
	const char *node;	/* --node: an audit hub's node, or NULL */
	const char *unit;	/* --unit: a systemd unit, or NULL */
	const char *audit_logs[CLI_AUDIT_LOGS_MAX];	/* --audit-log, in order */
	size_t naudit_logs;
};

/*
 * Parses argv into *opt; relative times count back from now.  Returns 0,
 * or -1 with a one-line reason (no "whokilled:" prefix) in err.
 */
int cli_parse_args(int argc, char **argv, time_t now, struct cli_options *opt,
    char *err, size_t errsize);

/* The --help text. */
void cli_usage(FILE *out);

#endif
