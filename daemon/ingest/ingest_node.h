/*
 * An audit hub's input: the kernel events and the whokilled records of
 * its nodes (auditd's remote logging, node=NAME on every record), stored
 * per node.  A node's events never meet this host's: no /proc, no process
 * table, no session of this host, no partner but a row of the same node.
 * A node's kernel event and its whokilled record of the same signal meet
 * in one row in either order (the node's clock on both sides), each at
 * most once: a second delivery of either stores nothing.
 */
#ifndef WHOKILLED_DAEMON_INGEST_NODE_H
#define WHOKILLED_DAEMON_INGEST_NODE_H

#include "audit/audit_end.h"
#include "audit/audit_history.h"
#include "audit/audit_note.h"
#include "audit/audit_record.h"
#include "ingest_state.h"

enum ingest_node_result {
	INGEST_NODE_STORED = 0,		/* a new row */
	INGEST_NODE_MERGED,		/* joined to the node's row of the signal */
	INGEST_NODE_DUPLICATE,		/* read before, nothing stored */
	INGEST_NODE_REFUSED,		/* no node name, or cut short */
	INGEST_NODE_ERROR,		/* the store failed */
};

/* A node's kernel signal event; h: the exec history, per node, or NULL. */
enum ingest_node_result ingest_node_kill(struct ingest *in,
    const struct wk_audit_history *h, const struct wk_audit_kill *k);

/* A node's whokilled record. */
enum ingest_node_result ingest_node_note(struct ingest *in,
    const struct wk_audit_note *n);

/* A node's record of the end of one of its processes. */
enum ingest_node_result ingest_node_end(struct ingest *in,
    const struct wk_audit_end *e);

/*
 * For a node's own record of an end of this host: the row of process d
 * as stored now (an exit and an OOM kill merged), as a frame into *out,
 * else d's.  0, or -1 when the store failed (*out is d's then).
 */
int ingest_node_stored_end(struct ingest *in, const struct store_death *d,
    struct wk_death *out);

/*
 * For a node's own record of a signal of this host: the row as stored
 * (merged, its session joined) into *row, else ev as it came.  0, or -1
 * when the store failed (*row is ev then).
 */
int ingest_node_stored_row(struct ingest *in, const struct wk_event *ev,
    struct wk_event *row);

#endif
