/*
 * Kernel audit events: resolve, deduplicate, merge with the shim, store.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_event.h"
#include "correlate.h"
#include "ingest_kernel.h"
#include "ingest_node.h"
#include "daemon/base/log.h"
#include "daemon/base/clock_convert.h"
#include "daemon/procs/proc_table.h"
#include "daemon/procs/proc_target.h"
#include "daemon/procs/procinfo.h"

int
ingest_kernel_init(struct ingest_kernel *ki, struct ingest *in)
{
	memset(ki, 0, sizeof *ki);
	ki->history = wk_audit_history_new();
	if (ki->history == NULL) {
		errno = ENOMEM;
		return -1;
	}
	ki->in = in;
	audit_seen_init(&ki->seen);
	ki->hz = sysconf(_SC_CLK_TCK);
	/* Unknown boot time: every event counts as this boot's, unchecked. */
	if (ki->hz <= 0 || procinfo_boot_time(&ki->boot_sec) == -1)
		ki->boot_sec = 0;
	in->kernel = ki;
	in->store_kill = ingest_kernel_store_shim;
	return 0;
}

void
ingest_kernel_free(struct ingest_kernel *ki)
{
	if (ki->in != NULL && ki->in->kernel == ki) {
		ki->in->kernel = NULL;
		ki->in->store_kill = NULL;
	}
	wk_audit_history_free(ki->history);
	ki->history = NULL;
}

static void
live_kill(const struct wk_audit_kill *k, void *arg)
{
	(void)ingest_kernel_kill(arg, k, INGEST_KERNEL_LIVE);
}

static void
backfill_kill(const struct wk_audit_kill *k, void *arg)
{
	(void)ingest_kernel_kill(arg, k, INGEST_KERNEL_BACKFILL);
}

static void
any_exec(const struct wk_audit_exec *x, void *arg)
{
	ingest_kernel_exec(arg, x);
}

/* A hub: a node's kill, stored under its node. */
static void
hub_kill(const struct wk_audit_kill *k, void *arg)
{
	struct ingest_kernel *ki = arg;

	(void)ingest_node_kill(ki->in, ki->history, k);
}

/* A hub: a node's program start, kept under its node for its chains. */
static void
hub_exec(const struct wk_audit_exec *x, void *arg)
{
	struct ingest_kernel *ki = arg;

	if (x->stamp.node[0] == '\0')
		return;
	if (wk_audit_history_add(ki->history, x) == -1) {
		log_warn("exec history");
		return;
	}
	if (wk_audit_history_count(ki->history) > INGEST_KERNEL_HISTORY_MAX &&
	    wk_audit_history_prune(ki->history,
	    INGEST_KERNEL_HISTORY_MAX / 2) == -1)
		log_warn("exec history: prune");
}

static void
hub_note(const struct wk_audit_note *n, void *arg)
{
	struct ingest_kernel *ki = arg;

	(void)ingest_node_note(ki->in, n);
}

static void
hub_end(const struct wk_audit_end *e, void *arg)
{
	struct ingest_kernel *ki = arg;

	(void)ingest_node_end(ki->in, e);
}

void
ingest_kernel_sink(struct ingest_kernel *ki, enum ingest_kernel_origin origin,
    struct wk_audit_sink *sink)
{
	memset(sink, 0, sizeof *sink);
	if (ki->hub) {
		sink->kill = hub_kill;
		sink->exec = hub_exec;
		sink->note = hub_note;
		sink->end = hub_end;
		sink->arg = ki;
		return;
	}
	sink->kill = origin == INGEST_KERNEL_BACKFILL ? backfill_kill : live_kill;
	sink->exec = any_exec;
	sink->arg = ki;
}

/* Whether the event at this stamp happened before this boot began. */
static int
earlier_boot(const struct ingest_kernel *ki, const struct wk_audit_stamp *s)
{
	return ki->boot_sec > 0 && s->sec < ki->boot_sec;
}

/*
 * The event's time in clock ticks after boot, never earlier than the
 * truth (the boot time is rounded down): a process that started at or
 * before it may have been there at the event.
 */
static uint64_t
event_ticks(const struct ingest_kernel *ki, const struct wk_audit_stamp *s)
{
	int64_t ms = (s->sec - ki->boot_sec) * 1000 + s->msec;

	if (ki->boot_sec == 0 || ms < 0)
		return 0;
	return (uint64_t)ms * (uint64_t)ki->hz / 1000 + 1;
}

/*
 * Read pid from /proc when it is the process that was there at the
 * event: alive now and started no later than at.  0 with *out, or -1.
 */
static int
read_if_there(struct ingest *in, int32_t pid, uint64_t at,
    struct wk_chain_entry *out)
{
	if (pid <= 0 || at == 0 || in->read_proc(pid, out, in->read_proc_arg) == -1)
		return -1;
	return out->start_time <= at ? 0 : -1;
}

/* The pid a call without a reached process addressed; 0 when none. */
static int32_t
addressed_pid(const struct wk_audit_kill *k)
{
	int32_t arg = k->arg_pid;

	switch (k->call) {
	case WK_AUDIT_KILL:
		if (arg > 0)
			return arg;
		return arg < -1 && arg != INT32_MIN ? -arg : 0;
	case WK_AUDIT_TKILL:
	case WK_AUDIT_TGKILL:
	case WK_AUDIT_RT_SIGQUEUEINFO:
	case WK_AUDIT_RT_TGSIGQUEUEINFO:
		return arg > 0 ? arg : 0;
	case WK_AUDIT_PIDFD_SEND_SIGNAL:
		return 0;	/* a descriptor, not a pid */
	}
	return 0;
}

/*
 * The killer's start time, for an event of this boot: from /proc while it
 * runs, else from the process table.
 */
static void
resolve_killer_start(struct ingest_kernel *ki, const struct wk_audit_kill *k,
    struct wk_event *ev)
{
	const struct proc_entry *e;
	struct wk_chain_entry live;
	uint64_t at = event_ticks(ki, &k->stamp);

	if (earlier_boot(ki, &k->stamp))
		return;
	if (read_if_there(ki->in, ev->report.caller.pid, at, &live) == 0) {
		ev->report.caller.start_time = live.start_time;
		return;
	}
	if (ki->in->procs == NULL || at == 0)
		return;
	e = proc_table_find_before(ki->in->procs, ev->report.caller.pid, at);
	if (e != NULL && (e->flags & PROC_F_START_UNKNOWN) == 0)
		ev->report.caller.start_time = e->start_time;
}

/*
 * The target's start time, from /proc while it runs, else from the
 * process table (the process that had the pid at the event, which may
 * have ended since).
 */
static void
resolve_target(struct ingest_kernel *ki, uint64_t at, struct wk_kill_report *r)
{
	const struct proc_entry *e;
	struct wk_chain_entry live;

	if (read_if_there(ki->in, r->target.pid, at, &live) == 0) {
		r->target.start_time = live.start_time;
		if (r->target.ppid == 0)
			r->target.ppid = live.ppid;
		return;
	}
	if (ki->in->procs == NULL || r->target.pid <= 0 || at == 0)
		return;
	e = proc_table_find_before(ki->in->procs, r->target.pid, at);
	if (e == NULL || (e->flags & PROC_F_START_UNKNOWN) != 0)
		return;
	r->target.start_time = e->start_time;
	if (r->target.ppid == 0)
		r->target.ppid = e->ppid;
}

/*
 * The target's start time and the chain, for this boot: from /proc and
 * the process table (the killer's parent at fork, ancestors that already
 * exited) when the daemon has one.
 */
static void
resolve_live(struct ingest_kernel *ki, const struct wk_audit_kill *k,
    struct wk_event *ev)
{
	struct wk_kill_report *r = &ev->report;
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	uint64_t at = event_ticks(ki, &k->stamp);
	int32_t ppid = r->caller.ppid;
	uint32_t n;

	resolve_target(ki, at, r);
	/* Known when the table or /proc names the very process. */
	if (r->target.start_time != 0) {
		(void)proc_target_cgroup(ki->in->procs, r->target.pid,
		    r->target.start_time, clock_mono_now_ns(),
		    &ev->target_cgroup, ev->target_exe,
		    sizeof ev->target_exe);
	}
	ev->chain[ev->chain_len - 1].start_time = r->caller.start_time;
	n = ingest_chain(ki->in, r->caller.pid, r->caller.start_time != 0 ?
	    r->caller.start_time : at, &ppid, chain, WK_CHAIN_MAX - 1);
	if (n == 0)
		return;	/* the parent is gone: the exec records' chain stays */
	chain[n] = ev->chain[ev->chain_len - 1];
	chain[n].ppid = ppid;
	memcpy(ev->chain, chain, (n + 1) * sizeof chain[0]);
	ev->chain_len = n + 1;
}

/* wk_audit_event_fill's event of k with its boot id and addressed target. */
static void
resolve_recorded(struct ingest_kernel *ki, const struct wk_audit_kill *k,
    struct wk_event *ev)
{
	const struct wk_audit_history *h = NULL;
	struct wk_audit_kill local = *k;

	local.stamp.node[0] = '\0';
	if (wk_audit_history_count(ki->history) > 0)
		h = ki->history;
	(void)wk_audit_event_fill(ev, &local, wk_audit_shown_target(&local), h);
	if (ev->report.target.pid == 0)
		ev->report.target.pid = addressed_pid(&local);
	if (!earlier_boot(ki, &k->stamp))
		memcpy(ev->boot_id, ki->in->boot_id, sizeof ev->boot_id);
}

/* The partner a walk over candidate rows found. */
struct partner {
	const struct wk_event *ev;	/* what a partner is looked for */
	struct wk_event row;
	int found;
};

/* The row (36 KiB) is not cleared: it is read only once found, and an
 * initializer's clearing cost every shim report a memset of it. */
static void
partner_init(struct partner *p, const struct wk_event *ev)
{
	p->ev = ev;
	p->found = 0;
}

static int
pick_partner(const struct wk_event *row, void *arg)
{
	struct partner *p = arg;

	if (!correlate_match(p->ev, row))
		return 0;
	wk_event_copy(&p->row, row);
	p->found = 1;
	return 1;
}

/*
 * Store ev, event aid as recorded (and the killer's start time): merged
 * into the shim's row of the signal, or (completed from /proc first) a
 * new row.  The shim's row has the rest of what /proc would add, so a
 * merge spares reading it.
 */
static enum ingest_kernel_result
store_kernel(struct ingest_kernel *ki, const struct wk_audit_kill *k,
    struct wk_event *ev, const struct store_audit_id *aid)
{
	struct ingest *in = ki->in;
	struct partner p;
	struct wk_event merged;
	unsigned pending = store_pending(in->store);
	int added = 0;

	partner_init(&p, ev);
	if (store_find_partners(in->store, ev, WK_SRC_SHIM, WK_SRC_KERNEL,
	    pick_partner, &p) == -1) {
		ingest_write_failed(in, pending, "look for a shim report");
		return INGEST_KERNEL_ERROR;
	}
	if (p.found) {
		correlate_merge(&p.row, ev, &merged);
		if (store_merge(in->store, p.row.id, &merged, aid) == -1) {
			ingest_write_failed(in, pending, "merge a kernel event");
			return INGEST_KERNEL_ERROR;
		}
		in->counters->kernel_merged++;
		ingest_after_write(in);
		ingest_signal_stored(in, &merged);
		return INGEST_KERNEL_MERGED;
	}
	if (!earlier_boot(ki, &k->stamp))
		resolve_live(ki, k, ev);
	if (store_add_audit(in->store, ev, aid, &added) == -1) {
		ingest_write_failed(in, pending, "add a kernel event");
		return INGEST_KERNEL_ERROR;
	}
	if (!added)
		return INGEST_KERNEL_DUPLICATE;
	ki->shim_partners = 1;
	ingest_after_write(in);
	ingest_signal_stored(in, ev);
	ingest_log_kill(&in->log, ev, wkd_monotonic_ms());
	return INGEST_KERNEL_STORED;
}

enum ingest_kernel_result
ingest_kernel_kill(struct ingest_kernel *ki, const struct wk_audit_kill *k,
    enum ingest_kernel_origin origin)
{
	struct ingest *in = ki->in;
	struct store_audit_id aid;
	struct wk_event ev;
	enum ingest_kernel_result res;
	int stored;

	in->counters->audit_events++;
	if (k->flags & WK_AUDIT_K_INCOMPLETE) {
		/* The log ends inside it: its live copy is the whole one. */
		log_debug("audit event %" PRIu64 " cut short, not stored",
		    k->stamp.serial);
		return INGEST_KERNEL_SKIPPED;
	}
	memset(&aid, 0, sizeof aid);
	aid.sec = k->stamp.sec;
	aid.msec = k->stamp.msec;
	aid.serial = k->stamp.serial;
	if (audit_seen_has(&ki->seen, &aid)) {
		in->counters->audit_duplicates++;
		return INGEST_KERNEL_DUPLICATE;
	}
	audit_seen_add(&ki->seen, &aid);
	stored = store_has_audit(in->store, earlier_boot(ki, &k->stamp) ? "" :
	    in->boot_id, "", &aid);
	if (stored == -1) {
		ingest_write_failed(in, store_pending(in->store), "look up an audit event");
		return INGEST_KERNEL_ERROR;
	}
	if (stored) {
		in->counters->audit_duplicates++;
		return INGEST_KERNEL_DUPLICATE;
	}
	resolve_recorded(ki, k, &ev);
	resolve_killer_start(ki, k, &ev);
	res = store_kernel(ki, k, &ev, &aid);
	if (res == INGEST_KERNEL_DUPLICATE)
		in->counters->audit_duplicates++;
	if (origin == INGEST_KERNEL_BACKFILL &&
	    (res == INGEST_KERNEL_STORED || res == INGEST_KERNEL_MERGED))
		in->counters->audit_backfilled++;
	if (res == INGEST_KERNEL_STORED || res == INGEST_KERNEL_MERGED)
		log_debug("kernel: pid %" PRId32 " sent signal %" PRId32 " to %"
		    PRId32 " (audit %" PRId64 ".%03" PRIu32 ":%" PRIu64 ", %s)",
		    ev.report.caller.pid, ev.report.signo, ev.report.target.pid,
		    aid.sec, aid.msec, aid.serial,
		    res == INGEST_KERNEL_MERGED ? "joined to the shim's report" :
		    "kernel only");
	return res;
}

void
ingest_kernel_exec(struct ingest_kernel *ki, const struct wk_audit_exec *x)
{
	const struct wk_audit_exec_info *e;
	struct wk_audit_exec local = *x;

	local.stamp.node[0] = '\0';
	e = wk_audit_history_find(ki->history, "", x->proc.pid, x->stamp.sec,
	    x->stamp.msec, x->stamp.serial);
	if (e != NULL && e->sec == x->stamp.sec && e->msec == x->stamp.msec &&
	    e->serial == x->stamp.serial)
		return;		/* the other source's copy */
	if (wk_audit_history_add(ki->history, &local) == -1) {
		log_warn("exec history");
		return;
	}
	if (wk_audit_history_count(ki->history) > INGEST_KERNEL_HISTORY_MAX &&
	    wk_audit_history_prune(ki->history,
	    INGEST_KERNEL_HISTORY_MAX / 2) == -1)
		log_warn("exec history: prune");
}

int
ingest_kernel_store_shim(struct ingest *in, const struct wk_event *ev)
{
	struct partner p;
	struct wk_event merged;

	/* A group member's row is the daemon's copy of the call's row,
	 * which alone merges with the kernel's. */
	if (in->kernel == NULL || !in->kernel->shim_partners ||
	    (ev->report.flags & WK_F_GROUP_MEMBER))
		return store_add(in->store, ev);
	partner_init(&p, ev);
	if (store_find_partners(in->store, ev, WK_SRC_KERNEL, WK_SRC_SHIM,
	    pick_partner, &p) == -1)
		return -1;
	if (!p.found)
		return store_add(in->store, ev);
	correlate_merge(ev, &p.row, &merged);
	if (store_merge(in->store, p.row.id, &merged, NULL) == -1)
		return -1;
	in->counters->kernel_merged++;
	return 0;
}
