/*
 * The query layer's hooks, answered by the daemon's parts.
 */
#include <stddef.h>

#include "daemon/base/stats.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/kaudit/audit_input.h"
#include "daemon_parts.h"

/* The order matters: the table first (a report may name a process just
 * forked), then the kernel's records, then the reports that merge with
 * them, and one commit. */
static void
catch_up(void *arg)
{
	struct daemon_parts *p = arg;

	if (p->deaths != NULL)
		death_watch_drain(p->deaths);
	if (p->audit != NULL)
		audit_input_drain(p->audit, wkd_monotonic_ms());
	if (p->ingest != NULL) {
		/* Failures are counted and logged by ingest itself. */
		(void)ingest_drain(p->ingest, p->report_fd);
		(void)ingest_commit(p->ingest);
	}
}

static unsigned
store_backlog(void *arg)
{
	struct daemon_parts *p = arg;

	return p->ingest != NULL ? ingest_backlog_waiting(p->ingest) : 0;
}

static int
exits_watched(void *arg, struct wk_death_watch *out)
{
	struct daemon_parts *p = arg;

	return p->deaths != NULL ? death_watch_watching(p->deaths, out) : -1;
}

void
daemon_parts_hook_query(struct daemon_parts *parts, struct query_env *env)
{
	env->procs = parts->deaths != NULL ? parts->deaths->table : NULL;
	env->hooks.catch_up = catch_up;
	env->hooks.store_backlog = store_backlog;
	env->hooks.exits_watched = exits_watched;
	env->hooks.arg = parts;
}
