/*
 * A kill seen by the kernel audit, as the attribution every other part
 * shows and stores: a struct wk_event with sources = WK_SRC_KERNEL.
 */
#ifndef WHOKILLED_AUDIT_EVENT_H
#define WHOKILLED_AUDIT_EVENT_H

#include "audit_history.h"
#include "audit_record.h"
#include "whokilled/wire.h"

/* Where the killer's command line in an event came from. */
enum wk_audit_argv_source {
	WK_AUDIT_ARGV_NONE = 0,
	WK_AUDIT_ARGV_PROCTITLE,	/* the PROCTITLE record of the kill */
	WK_AUDIT_ARGV_EXECVE,		/* the EXECVE record of the killer's start */
};

/*
 * The signalled process that stands for the whole call: for a signal to a
 * process group, the group's leader when it was among those signalled
 * (else none); otherwise the first OBJ_PID record.  NULL when none.
 */
const struct wk_audit_target *wk_audit_shown_target(const struct wk_audit_kill *k);

/*
 * Fills *ev from k.  shown is the target to name (one of k->targets, or
 * NULL when none is known).  h, when not NULL, supplies the killer's
 * command line from its exec record (preferred to PROCTITLE, which the
 * kernel reads once per process and keeps across later execs) and the
 * chain of ancestors; the killer ends the chain.  ev->id is left 0 for the
 * caller.  Returns where the command line came from.
 */
enum wk_audit_argv_source wk_audit_event_fill(struct wk_event *ev,
    const struct wk_audit_kill *k, const struct wk_audit_target *shown,
    const struct wk_audit_history *h);

#endif
