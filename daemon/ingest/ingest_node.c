/*
 * A hub's nodes into the store.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "audit/audit_event.h"
#include "correlate.h"
#include "ingest_backlog.h"
#include "ingest_node.h"
#include "daemon/base/log.h"
#include "daemon/procs/death_record.h"

/* The pid a call addressed when it reached nobody; 0 when none. */
static int32_t
addressed(const struct wk_audit_kill *k)
{
	if (k->call == WK_AUDIT_PIDFD_SEND_SIGNAL)
		return 0;
	if (k->arg_pid > 0)
		return k->arg_pid;
	if (k->call == WK_AUDIT_KILL && k->arg_pid < -1 && k->arg_pid != INT32_MIN)
		return -k->arg_pid;
	return 0;
}

/* Store merged into row id (the audit event when aid is not NULL). */
static enum ingest_node_result
merge_into(struct ingest *in, int64_t id, const struct wk_event *merged,
    const struct store_audit_id *aid)
{
	unsigned pending = store_pending(in->store);

	if (store_merge(in->store, id, merged, aid) == -1) {
		ingest_write_failed(in, pending, "merge a node's event");
		return INGEST_NODE_ERROR;
	}
	in->counters->kernel_merged++;
	ingest_after_write(in);
	return INGEST_NODE_MERGED;
}

enum ingest_node_result
ingest_node_kill(struct ingest *in, const struct wk_audit_history *h,
    const struct wk_audit_kill *k)
{
	struct store_audit_id aid;
	static struct wk_event ev, row, merged;	/* one thread; off the stack */
	unsigned pending = store_pending(in->store);
	int found, added = 0;

	in->counters->audit_events++;
	if (k->stamp.node[0] == '\0' || (k->flags & WK_AUDIT_K_INCOMPLETE)) {
		in->counters->node_refused++;
		return INGEST_NODE_REFUSED;
	}
	memset(&aid, 0, sizeof aid);
	aid.sec = k->stamp.sec;
	aid.msec = k->stamp.msec;
	aid.serial = k->stamp.serial;
	found = store_has_audit(in->store, "", k->stamp.node, &aid);
	if (found == -1) {
		ingest_write_failed(in, pending, "look up a node's event");
		return INGEST_NODE_ERROR;
	}
	if (found) {
		in->counters->audit_duplicates++;
		return INGEST_NODE_DUPLICATE;
	}
	(void)wk_audit_event_fill(&ev, k, wk_audit_shown_target(k),
	    h != NULL && wk_audit_history_count(h) > 0 ? h : NULL);
	if (ev.report.target.pid == 0)
		ev.report.target.pid = addressed(k);
	memcpy(ev.node, k->stamp.node, sizeof ev.node);
	ev.node[sizeof ev.node - 1] = '\0';
	found = store_find_node_partner(in->store, &ev, STORE_NODE_KERNEL, &row);
	if (found == -1) {
		ingest_write_failed(in, pending, "look for a node's record");
		return INGEST_NODE_ERROR;
	}
	if (found) {
		/* The node's record had the kernel's word already when it
		 * merged the two itself; else the kernel's ids join it. */
		if (row.sources & WK_SRC_KERNEL)
			merged = row;
		else
			correlate_merge(&row, &ev, &merged);
		merged.session = row.session;
		merged.sources |= row.sources;
		return merge_into(in, row.id, &merged, &aid);
	}
	if (store_add_audit(in->store, &ev, &aid, &added) == -1) {
		ingest_write_failed(in, pending, "add a node's event");
		return INGEST_NODE_ERROR;
	}
	if (!added) {
		in->counters->audit_duplicates++;
		return INGEST_NODE_DUPLICATE;
	}
	ingest_after_write(in);
	return INGEST_NODE_STORED;
}

/*
 * A node's record (of its audit event stamp) counted, and remembered:
 * INGEST_NODE_STORED the first time it arrives, else what became of it.
 */
static enum ingest_node_result
first_delivery(struct ingest *in, const struct wk_audit_stamp *stamp,
    unsigned pending)
{
	struct store_audit_id aid;
	int found;

	in->counters->node_records++;
	if (stamp->node[0] == '\0') {
		in->counters->node_refused++;
		return INGEST_NODE_REFUSED;
	}
	memset(&aid, 0, sizeof aid);
	aid.sec = stamp->sec;
	aid.msec = stamp->msec;
	aid.serial = stamp->serial;
	found = store_node_record_new(in->store, stamp->node, &aid);
	if (found == -1) {
		ingest_write_failed(in, pending, "remember a node's record");
		return INGEST_NODE_ERROR;
	}
	if (found == 0) {
		in->counters->node_duplicates++;
		return INGEST_NODE_DUPLICATE;
	}
	return INGEST_NODE_STORED;
}

enum ingest_node_result
ingest_node_note(struct ingest *in, const struct wk_audit_note *n)
{
	static struct wk_event ev, row, merged;	/* one thread; off the stack */
	unsigned pending = store_pending(in->store);
	enum ingest_node_result first;
	int found;

	first = first_delivery(in, &n->stamp, pending);
	if (first != INGEST_NODE_STORED)
		return first;
	ev = n->ev;
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	wk_report_init(&ev.report);	/* the header; the rest again below */
	memcpy((char *)&ev.report + sizeof ev.report.hdr,
	    (const char *)&n->ev.report + sizeof n->ev.report.hdr,
	    sizeof ev.report - sizeof ev.report.hdr);
	ev.id = 0;
	/* A node's boot is not this host's: its processes are told apart
	 * by node, pid and time. */
	memset(ev.boot_id, 0, sizeof ev.boot_id);
	ev.sources = (ev.sources & WK_SRC_ALL) | WK_SRC_NODE;
	ev.report.flags &= WK_F_ALL;
	if (ev.report.caller.argv_len > WK_ARGV_MAX ||
	    ev.chain_len > WK_CHAIN_MAX) {
		in->counters->node_refused++;
		return INGEST_NODE_REFUSED;
	}
	found = (ev.report.flags & WK_F_GROUP_MEMBER) ? 0 :
	    store_find_node_partner(in->store, &ev, STORE_NODE_RECORD, &row);
	if (found == -1) {
		ingest_write_failed(in, pending, "look for a node's event");
		return INGEST_NODE_ERROR;
	}
	if (found) {
		if (ev.sources & WK_SRC_KERNEL)
			merged = ev;
		else
			correlate_merge(&ev, &row, &merged);
		merged.session = ev.session;
		merged.sources |= ev.sources | row.sources;
		return merge_into(in, row.id, &merged, NULL);
	}
	if (store_add(in->store, &ev) == -1) {
		ingest_write_failed(in, pending, "add a node's record");
		return INGEST_NODE_ERROR;
	}
	ingest_after_write(in);
	return INGEST_NODE_STORED;
}

enum ingest_node_result
ingest_node_end(struct ingest *in, const struct wk_audit_end *e)
{
	struct store_death d;
	unsigned pending = store_pending(in->store);
	enum ingest_node_result first;

	first = first_delivery(in, &e->stamp, pending);
	if (first != INGEST_NODE_STORED)
		return first;
	death_from_wire(&e->d, e->stamp.node, &d);
	if (store_death_put(in->store, &d) == -1) {
		ingest_write_failed(in, pending, "add a node's end");
		return INGEST_NODE_ERROR;
	}
	ingest_after_write(in);
	return INGEST_NODE_STORED;
}

int
ingest_node_stored_end(struct ingest *in, const struct store_death *d,
    struct wk_death *out)
{
	struct store_death row;
	int found = store_death_find(in->store, d->boot_id, d->pid,
	    d->start_time, &row);

	if (found == 1) {
		death_to_wire(&row, out);
		return 0;
	}
	death_to_wire(d, out);
	if (found == -1)
		log_warnx("audit trail: store: %s; the end is written as "
		    "seen", store_errmsg(in->store));
	return found;
}

int
ingest_node_stored_row(struct ingest *in, const struct wk_event *ev,
    struct wk_event *row)
{
	int found = store_find_signal(in->store, ev, row);

	if (found == 1)
		return 0;
	wk_event_copy(row, ev);
	if (found == -1)
		log_warnx("audit trail: store: %s; the signal is written as "
		    "reported", store_errmsg(in->store));
	return found;
}
