/*
 * The query layer's hooks, answered by the daemon's parts.
 */
#include <stddef.h>

#include "daemon/base/log.h"
#include "daemon/base/preload_list.h"
#include "daemon/base/stats.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/kaudit/audit_input.h"
#include "daemon/kaudit/audit_rules.h"
#include "daemon/sysd/sysd_bus.h"
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
	/* Last: what the bus relayed about the signals just stored. */
	sysd_drain(p->sysd);
}

static int
requested_by(void *arg, const struct wk_event *ev, struct wk_request *out)
{
	struct daemon_parts *p = arg;

	return sysd_requested_by(p->sysd, ev, out);
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

/* How long an answer of daemon_parts_sight stands, in milliseconds. */
#define SIGHT_STANDS_MS		1000

/* The bits of sight that daemon_parts_sight logs a change of. */
#define SIGHT_LOGGED	(WK_SEE_RULES_READ | WK_SEE_KILL_RULES | \
    WK_SEE_RULES_PART | WK_SEE_AUDIT_OFF | WK_SEE_PRELOAD_READ | \
    WK_SEE_PRELOAD)

const char *
daemon_parts_rules_text(uint32_t sight)
{
	if ((sight & WK_SEE_RULES_READ) == 0)
		return "kernel kill rules unknown (the kernel's audit rules "
		    "cannot be read)";
	if ((sight & WK_SEE_KILL_RULES) != 0)
		return (sight & WK_SEE_AUDIT_OFF) != 0 ? "kernel kill rules "
		    "loaded but auditing disabled" : "kernel kill rules loaded";
	if ((sight & WK_SEE_RULES_PART) != 0)
		return "kernel kill rules cover only some kill calls";
	return "kernel kill rules NOT loaded (static binaries and raw "
	    "syscalls are not seen)";
}

const char *
daemon_parts_preload_text(uint32_t sight)
{
	if ((sight & WK_SEE_PRELOAD_READ) == 0)
		return PRELOAD_LIST_PATH " unreadable";
	return (sight & WK_SEE_PRELOAD) != 0 ? "the shim in "
	    PRELOAD_LIST_PATH : "the shim NOT in " PRELOAD_LIST_PATH;
}

uint32_t
daemon_parts_sight(struct daemon_parts *p, int fresh)
{
	int64_t now = wkd_monotonic_ms();
	uint32_t sight = WK_SEE_TOLD;
	int names;

	if (!fresh && p->sight != 0 && now - p->sight_ms < SIGHT_STANDS_MS)
		return p->sight;
	sight |= audit_rules_check();
	names = preload_list_check(PRELOAD_LIST_PATH);
	if (names != -1)
		sight |= WK_SEE_PRELOAD_READ | (names ? WK_SEE_PRELOAD : 0);
	if (p->deaths != NULL)
		sight |= death_watch_sources(p->deaths) &
		    (WK_SEE_EXITS | WK_SEE_KMSG);
	if (p->sight != 0 && ((p->sight ^ sight) & SIGHT_LOGGED) != 0)
		log_info("now: %s; %s", daemon_parts_rules_text(sight),
		    daemon_parts_preload_text(sight));
	p->sight = sight;
	p->sight_ms = now;
	return sight;
}

static uint32_t
sight_hook(void *arg, int fresh)
{
	return daemon_parts_sight(arg, fresh);
}

void
daemon_parts_hook_query(struct daemon_parts *parts, struct query_env *env)
{
	env->procs = parts->deaths != NULL ? parts->deaths->table : NULL;
	env->hooks.catch_up = catch_up;
	env->hooks.store_backlog = store_backlog;
	env->hooks.exits_watched = exits_watched;
	env->hooks.sight = sight_hook;
	env->hooks.requested_by = requested_by;
	env->hooks.arg = parts;
}
