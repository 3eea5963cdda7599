/*
 * Output of one offline answer: the shared text or JSON formatter's event,
 * with what the audit trail adds to it (node, audit serial, every process
 * reached, the names as logged).
 */
#ifndef WHOKILLED_AUDIT_OFFLINE_PRINT_H
#define WHOKILLED_AUDIT_OFFLINE_PRINT_H

#include <stdio.h>

#include "audit/audit_event.h"
#include "audit/audit_record.h"

#define OFFLINE_LISTED_MAX	8	/* processes named in "reached" */

/* A kill that reached the pid asked about, kept after its event was read. */
struct offline_match {
	struct wk_audit_kill kill;	/* kill.targets is NULL: see below */
	struct wk_audit_target shown;	/* the target the event names */
	struct wk_audit_target matched;	/* the OBJ_PID of the pid asked about */
	struct wk_audit_target listed[OFFLINE_LISTED_MAX];
	uint32_t nlisted;
	int has_shown;
	int by_record;		/* matched by OBJ_PID; else by the call's argument */
};

/*
 * The event's text block, preceded by "node NAME" and followed by the
 * extras; death: how its target ended, as its node told (NULL unknown).
 */
void offline_print_text(FILE *out, const struct wk_event *ev,
    const struct offline_match *m, const struct wk_death *death);

/*
 * The event's JSON object with "node" and "audit" members added, and
 * "death" when known, no newline.
 */
void offline_print_json(FILE *out, const struct wk_event *ev,
    const struct offline_match *m, enum wk_audit_argv_source src,
    const struct wk_death *death);

#endif
