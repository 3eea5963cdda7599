/*
 * One complete audit event, as libauparse assembled it, turned into a
 * struct wk_audit_kill or struct wk_audit_exec.
 */
#ifndef WHOKILLED_AUDIT_PARSE_H
#define WHOKILLED_AUDIT_PARSE_H

#include <auparse.h>
#include <stddef.h>

#include "audit_end.h"
#include "audit_note.h"
#include "audit_record.h"

enum wk_audit_parsed {
	WK_AUDIT_PARSED_NONE = 0,	/* not a signal nor a successful exec */
	WK_AUDIT_PARSED_KILL,		/* parser->kill is filled */
	WK_AUDIT_PARSED_EXEC,		/* parser->exec is filled */
	WK_AUDIT_PARSED_PROBE,		/* a signal 0 liveness probe, not a kill */
	WK_AUDIT_PARSED_MALFORMED,	/* a SYSCALL record without arch, syscall or pid */
	WK_AUDIT_PARSED_NOTE,		/* a node's whokilled record: parser->note */
	WK_AUDIT_PARSED_BAD_NOTE,	/* a whokilled record that does not read */
	WK_AUDIT_PARSED_END,		/* a node's record of an end: parser->end */
};

/* Scratch space reused from one event to the next. */
struct wk_audit_parser {
	struct wk_audit_kill kill;
	struct wk_audit_exec exec;
	struct wk_audit_note note;
	struct wk_audit_end end;
	struct wk_audit_target *targets;	/* kill.targets points here */
	size_t targets_cap;
	char scratch[WK_AUDIT_ARGV_MAX];
};

/* An empty parser; wk_audit_parser_free releases what parsing grew. */
void wk_audit_parser_init(struct wk_audit_parser *ps);
void wk_audit_parser_free(struct wk_audit_parser *ps);

/*
 * Reads the current event of au (the one a libauparse callback was given)
 * and says what it was.  Returns WK_AUDIT_PARSED_MALFORMED also when the
 * target list cannot grow (ENOMEM): the event is then lost, not invented.
 */
enum wk_audit_parsed wk_audit_parse_event(auparse_state_t *au,
    struct wk_audit_parser *ps);

#endif
