/*
 * A node of an audit hub: every stored signal written back into the
 * kernel's audit trail as one whokilled record (audit/audit_note.h), and
 * every explained end of a process as another (audit/audit_end.h), so
 * that auditd's remote logging carries them to the hub with the kernel's
 * records.  The daemon listens to ingest (struct ingest_listener) and
 * holds each signal and end AUDIT_TRAIL_HOLD_MS first: the shim's report
 * and the kernel's record of one signal arrive apart and merge, as do a
 * process's exit and its OOM kill, and the node writes the merged row
 * once.  Setting audit_records = yes; needs root
 * (the kernel refuses the write to others) and auditing enabled.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_TRAIL_H
#define WHOKILLED_DAEMON_AUDIT_TRAIL_H

#include <stdint.h>

#include "daemon/ingest/ingest_state.h"

#define AUDIT_TRAIL_HOLD_MS	2500	/* longer than the merge window (2 s) */
#define AUDIT_TRAIL_QUEUE	256	/* signals held; the oldest goes early */

struct audit_trail_held;
struct audit_trail_end;

struct audit_trail {
	struct ingest *in;
	int fd;				/* libaudit's netlink socket, -1: none */
	struct audit_trail_held *held;	/* AUDIT_TRAIL_QUEUE slots */
	unsigned n;			/* held now, oldest first */
	struct audit_trail_end *ends;	/* AUDIT_TRAIL_QUEUE slots */
	unsigned nends;			/* ends held now, oldest first */
	char *buf;			/* the record's text */
	uint64_t written;		/* records the kernel took */
	uint64_t ends_written;		/* of which ends */
	uint64_t failed;		/* records it refused (logged once) */
	int failed_logged;
};

/*
 * Open the audit socket and listen to in (in->recorder).  0, or -1 with
 * errno (the socket, ENOMEM); nothing is written then.
 */
int audit_trail_open(struct audit_trail *t, struct ingest *in);

/* Write what has been held long enough; all of it with now_ms < 0. */
void audit_trail_flush(struct audit_trail *t, int64_t now_ms);

/* Milliseconds until the next record is due (0: now), or -1: none held. */
int audit_trail_timeout_ms(const struct audit_trail *t, int64_t now_ms);

/* Write what is held, stop listening, close. */
void audit_trail_close(struct audit_trail *t);

#endif
