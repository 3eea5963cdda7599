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

struct daemon_parts {
	struct ingest *ingest;		/* reports; or NULL */
	struct audit_input *audit;	/* kernel audit records; or NULL */
	struct death_watch *deaths;	/* process events; or NULL */
	int report_fd;			/* the socket ingest drains; -1: none */
};

/*
 * Point env's hooks (and its process table) at parts, which must outlive
 * env: before an answer, process events, kernel audit records and reports
 * already queued are read, in that order, and the batch committed.
 */
void daemon_parts_hook_query(struct daemon_parts *parts,
    struct query_env *env);

#endif
