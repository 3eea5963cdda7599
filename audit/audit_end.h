/*
 * The record a node adds to its audit trail for an explained end of a
 * process (an OOM kill with its memory cgroup, a crash, a death by a
 * signal whether a recorded process sent it or not, the end of a process
 * a recorded signal was sent to): one AUDIT_TRUSTED_APP record
 * "op=whokilled-end ...", in the same format as the signal's record
 * (audit_note.h): numbers in decimal, strings through libaudit's encoder,
 * names that meet none of the kernel's or libaudit's.  Its fields are
 * those of struct wk_death, so the hub stores and the offline reader
 * shows what the node's own daemon would answer.  Every field is short:
 * the largest record, all strings hex-encoded, is under 4 KB.
 */
#ifndef WHOKILLED_AUDIT_END_H
#define WHOKILLED_AUDIT_END_H

#include <stddef.h>

#include "audit_record.h"
#include "whokilled/wire.h"

#define WK_AUDIT_END_OP		"whokilled-end"
/* Room for the largest record (checked by the unit test). */
#define WK_AUDIT_END_MAX	5120

/* The wk_death flags a node's record carries; the rest are the answer's. */
#define WK_AUDIT_END_FLAGS	(WK_D_START_KNOWN | WK_D_EXIT_KNOWN | \
	WK_D_CORE | WK_D_SIGNALLED | WK_D_PARENT_GONE | WK_D_OOM_CONTEXT | \
	WK_D_OOM_GLOBAL | WK_D_OOM_GROUP)

/* One node's record of an end, as the hub reads it. */
struct wk_audit_end {
	struct wk_audit_stamp stamp;	/* the record's own audit event */
	struct wk_death d;		/* boot as told; flags within
					   WK_AUDIT_END_FLAGS */
};

/*
 * Whether the end d is one a node tells its hub: an OOM kill, a death by
 * a signal (a crash among them), or any end of a process a recorded
 * signal was sent to, when its time is known.  Plain exits are not.
 */
int wk_audit_end_explained(const struct wk_death *d);

/*
 * The message for d into out (size bytes, at least WK_AUDIT_END_MAX):
 * 0, or -1 with errno (EINVAL for a short buffer, ENOMEM from the
 * encoder).
 */
int wk_audit_end_format(const struct wk_death *d, char *out, size_t size);

/*
 * Read one field of a record "op=whokilled-end" into e; unknown names are
 * ignored.  Returns 0, or -1 when the value is not of the field's form.
 */
int wk_audit_end_field(struct wk_audit_end *e, const char *name,
    const char *raw);

/*
 * After the last field: whether e holds an end (a pid, a kind of end, a
 * time), its flags kept within WK_AUDIT_END_FLAGS.  1 or 0.
 */
int wk_audit_end_complete(struct wk_audit_end *e);

#endif
