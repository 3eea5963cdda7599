/*
 * Kernel audit events into the store.  A signal the kernel recorded
 * becomes an attribution (the killer's ids and audit session from the
 * kernel, its command line from PROCTITLE or its exec record, its chain
 * from /proc while its parent lives, else from the exec records), is
 * stored once per audit event however often it is read, and is merged
 * with the preload shim's report of the same signal into one row, in
 * whichever order the two arrive.  Program starts feed the exec history
 * the chains are rebuilt from.
 */
#ifndef WHOKILLED_DAEMON_INGEST_KERNEL_H
#define WHOKILLED_DAEMON_INGEST_KERNEL_H

#include <stdint.h>

#include "audit/audit_history.h"
#include "audit/audit_reader.h"
#include "audit/audit_record.h"
#include "audit_seen.h"
#include "ingest_backlog.h"
#include "ingest_chain.h"
#include "ingest_state.h"
#include "daemon/store/store.h"

/* Program starts kept for chains; pruned to this many pids beyond it. */
#define INGEST_KERNEL_HISTORY_MAX	32768

/* Where a kernel event was read. */
enum ingest_kernel_origin {
	INGEST_KERNEL_LIVE = 0,		/* the auditd plugin or the netlink group */
	INGEST_KERNEL_BACKFILL,		/* an audit log file read at start */
};

enum ingest_kernel_result {
	INGEST_KERNEL_STORED = 0,	/* a new row */
	INGEST_KERNEL_MERGED,		/* joined to the shim's row of the signal */
	INGEST_KERNEL_DUPLICATE,	/* this event is stored already */
	INGEST_KERNEL_SKIPPED,		/* cut short by the end of a log */
	INGEST_KERNEL_ERROR,		/* the store failed (counted) */
};

struct ingest_kernel {
	struct ingest *in;
	struct wk_audit_history *history;
	struct audit_seen seen;
	int64_t boot_sec;	/* this boot's start, epoch seconds; 0: unknown */
	long hz;		/* clock ticks per second */
	int shim_partners;	/* a kernel kill was stored: shim reports look for it */
	int hub;		/* an audit hub: records are its nodes' (ingest_node.h) */
};

/*
 * Ready ki to take kernel events for in (in->kernel is set to it).
 * Returns 0, or -1 with errno ENOMEM.
 */
int ingest_kernel_init(struct ingest_kernel *ki, struct ingest *in);
void ingest_kernel_free(struct ingest_kernel *ki);

/*
 * A reader sink that hands kills and program starts to ki; on a hub (ki->hub
 * set before), and the nodes' whokilled records, all stored per node.
 */
void ingest_kernel_sink(struct ingest_kernel *ki,
    enum ingest_kernel_origin origin, struct wk_audit_sink *sink);

/*
 * One signal event, however it was read: counted, and stored once.  Its
 * attribution is wk_audit_event_fill's on this boot (boot id "" for an
 * event older than this boot), with the pid the call named as target when
 * no process was reached; for a process of this boot still alive that
 * started before the event, /proc adds its start time (killer, target)
 * and the chain from the killer's parent.  Merged into the shim's row of
 * the same signal when there is one, else a new row.
 */
enum ingest_kernel_result ingest_kernel_kill(struct ingest_kernel *ki,
    const struct wk_audit_kill *k, enum ingest_kernel_origin origin);

/* One program start, remembered for chains (a second copy is not). */
void ingest_kernel_exec(struct ingest_kernel *ki, const struct wk_audit_exec *x);

/*
 * Store a shim event: merged into the kernel's row of the same signal
 * when there is one, else added.  0 or -1 (as store_add).
 */
int ingest_kernel_store_shim(struct ingest *in, const struct wk_event *ev);

#endif
