/*
 * A stable plain-text dump of parsed audit events: every field, strings
 * quoted with C escapes, one event per block.  For golden-file tests and
 * for looking at what the reader made of a log.
 */
#ifndef WHOKILLED_AUDIT_DUMP_H
#define WHOKILLED_AUDIT_DUMP_H

#include <stdio.h>

#include "audit/audit_reader.h"
#include "audit/audit_record.h"

void wk_audit_dump_kill(FILE *out, const struct wk_audit_kill *k);
void wk_audit_dump_exec(FILE *out, const struct wk_audit_exec *x);
void wk_audit_dump_stats(FILE *out, const struct wk_audit_reader_stats *st);

#endif
