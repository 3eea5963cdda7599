/*
 * The whokilled record a node adds to its audit trail for every stored
 * signal, so that auditd's remote logging carries to a hub what the
 * kernel's records lack (the full argv, the login session, the chain, the
 * target read before delivery): one AUDIT_TRUSTED_APP record
 * "op=whokilled-kill ...", written by the node's daemon with libaudit,
 * read back by the hub's.
 *
 * Format: every number in decimal (under TRUSTED_APP a bare value of hex
 * digits would be read as hex), every string through libaudit's encoder
 * (quoted, or hex when it holds a space, a quote or a control byte), field
 * names prefixed so that none meets the kernel's (pid uid auid ses) or
 * libaudit's (exe hostname addr terminal res).  The whole message stays
 * under WK_AUDIT_NOTE_MAX bytes: the long fields (exe, argv, chain) are cut
 * to fit, and cut= names them.
 */
#ifndef WHOKILLED_AUDIT_NOTE_H
#define WHOKILLED_AUDIT_NOTE_H

#include <stddef.h>

#include "audit_record.h"
#include "whokilled/wire.h"

/* AUDIT_TRUSTED_APP: a trusted program's own record. */
#define WK_AUDIT_TRUSTED_APP	1121
#define WK_AUDIT_NOTE_OP	"whokilled-kill"
/*
 * The message's longest: the kernel cuts a record at 8560 bytes without
 * saying so, and adds its own fields before it and libaudit's after.
 */
#define WK_AUDIT_NOTE_MAX	7800

/* wk_audit_note.cut */
#define WK_AUDIT_NOTE_CUT_EXE	0x0001u
#define WK_AUDIT_NOTE_CUT_ARGV	0x0002u
#define WK_AUDIT_NOTE_CUT_CHAIN	0x0004u

/* One node's record of a signal, as the hub reads it. */
struct wk_audit_note {
	struct wk_audit_stamp stamp;	/* the record's own audit event */
	uint32_t cut;			/* WK_AUDIT_NOTE_CUT_* the node said */
	uint32_t reserved;
	struct wk_event ev;		/* ev.node is stamp.node; boot as told */
};

/*
 * The message for ev into out (size bytes, at least WK_AUDIT_NOTE_MAX):
 * 0, or -1 with errno (ENOMEM from the encoder).
 */
int wk_audit_note_format(const struct wk_event *ev, char *out, size_t size);

/*
 * Read one field of a record "op=whokilled-kill" into n; unknown names are
 * ignored (a newer node may add some).  Returns 0, or -1 when the value is
 * not of the field's form.
 */
int wk_audit_note_field(struct wk_audit_note *n, const char *name,
    const char *raw);

/*
 * After the last field: whether n holds a signal (a killer pid, a signal
 * in range, a time).  1 or 0.
 */
int wk_audit_note_complete(const struct wk_audit_note *n);

/*
 * After the last field: the command line's cut as the record tells it.
 * cut=argv (the record cut argv at its end) sets WK_F_ARGV_TRUNCATED; a
 * middle cut (killer_argv_cut_*) that does not fit the argv read is
 * dropped, leaving "cut at its end, by how much not known".
 */
void wk_audit_note_finish(struct wk_audit_note *n);

#endif
