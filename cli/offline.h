/*
 * whokilled --audit-log FILE... PID: who signalled PID, answered from
 * kernel audit logs alone, without the daemon.
 */
#ifndef WHOKILLED_AUDIT_OFFLINE_H
#define WHOKILLED_AUDIT_OFFLINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The query options that apply to audit logs, as the online query has them. */
struct cli_offline_opts {
	int json;
	int all;		/* every node whose process had this pid */
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* likewise */
	uint32_t limit;		/* 0: no limit */
	const char *node;	/* only this audit node's events; NULL: any */
};

/*
 * Reads the audit logs ("-" is standard input), finds every signal whose
 * target was pid (with what the node's whokilled record of it adds: argv,
 * login session, chain), and prints them newest first on out (text, or a JSON
 * array), diagnostics on err.  Returns the CLI's exit status: 0 when an
 * event was printed, 1 when none matched, 2 when a log cannot be read or
 * memory runs out (nothing is printed then).
 */
int cli_offline_run(const char *const *logs, size_t nlogs, int32_t pid,
    const struct cli_offline_opts *o, FILE *out, FILE *err);

#endif
