/*
 * The daemon's parts that feed the store, seen together by the layer that
 * answers queries: the query layer may not call them (calls go down, and
 * they sit beside it), so the daemon ties them to it through the hooks of
 * struct query_env.
 */
#ifndef WHOKILLED_DAEMON_PARTS_H
#define WHOKILLED_DAEMON_PARTS_H

#include "daemon/query/query_env.h"

struct audit_input;
struct death_watch;
struct ingest;
struct sysd;

struct daemon_parts {
	struct ingest *ingest;		/* reports; or NULL */
	struct audit_input *audit;	/* kernel audit records; or NULL */
	struct death_watch *deaths;	/* process events; or NULL */
	int report_fd;			/* the socket ingest drains; -1: none */
	struct sysd *sysd;		/* the systemd monitor; or NULL */
	/* What daemon_parts_sight said last, and when (monotonic ms). */
	uint32_t sight;
	int64_t sight_ms;
};

/*
 * Point env's hooks (and its process table) at parts, which must outlive
 * env: before an answer, process events, kernel audit records and reports
 * already queued are read, in that order, and the batch committed.
 */
void daemon_parts_hook_query(struct daemon_parts *parts,
    struct query_env *env);

/*
 * What the daemon can see now (WK_SEE_*, with WK_SEE_TOLD): whether the
 * kernel's kill rules are loaded (kaudit/audit_rules.h), whether
 * /etc/ld.so.preload loads the shim (base/preload_list.h), and the death
 * watch's sources.  Asked again when fresh or when the last answer is a
 * second old; a change of the kill rules or of ld.so.preload is logged.
 */
uint32_t daemon_parts_sight(struct daemon_parts *parts, int fresh);

/* "kill rules loaded", "kill rules NOT loaded (...)"... for the log. */
const char *daemon_parts_rules_text(uint32_t sight);

/* "the shim in /etc/ld.so.preload", or that it is not, for the log. */
const char *daemon_parts_preload_text(uint32_t sight);

#endif
