/*
 * JSON output of query replies.
 */
#ifndef WHOKILLED_CLI_FORMAT_JSON_H
#define WHOKILLED_CLI_FORMAT_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "whokilled/wire.h"

/*
 * Writes len bytes of s as a JSON string.  Valid UTF-8 passes through
 * except '"', '\\', controls (C0, DEL, C1) and bidirectional overrides,
 * which become escapes; a byte that is not part of valid UTF-8 becomes
 * \u00XX with its value, so the output is always valid JSON (a consumer
 * reads such a byte as the Latin-1 character of the same number).
 */
void cli_json_string(FILE *out, const char *s, size_t len);

/* One event as one JSON object on one line, without a trailing newline. */
void cli_json_event(FILE *out, const struct wk_event *ev);

/*
 * The same, with "death": how its target ended (null when death is NULL),
 * and "ended_it": whether this signal ended it (null when unknown).  The
 * daemon's answers use this one; audit logs know no deaths.
 */
/*
 * The same, with "requested_by": who asked systemd for it (null when req
 * is NULL), {via, verb, unit, job, cause_unit, method, time, exact,
 * caller} where caller has the killer's shape (and its chain and
 * session) or is null.
 */
void cli_json_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_death *death, const struct wk_request *req);
void cli_json_event_death(FILE *out, const struct wk_event *ev,
    const struct wk_death *death);

/* How a process ended, as the "death" object. */
void cli_json_death(FILE *out, const struct wk_death *d);

/*
 * The element printed when no event is: an event object whose signal
 * and event fields are null, its target the process d is about, and
 * "death".  No trailing newline.
 */
void cli_json_death_only(FILE *out, const struct wk_death *d);

/*
 * The same with "filtered_out": when the query's filters left out end's
 * filtered_out signals to the process, {"count", "newest" (id, time,
 * signal, result, ended_it), "message" (phrase, may be NULL)}; else null
 * (as with cli_json_death_only, or end NULL).
 */
void cli_json_death_only_filtered(FILE *out, const struct wk_death *d,
    const struct wk_end *end, const char *phrase);

/* One group of failed logins as one JSON object, without a newline. */
void cli_json_failed_login(FILE *out, const struct wk_authfail_event *ev);

/* The daemon's counters as one JSON object and a newline. */
void cli_json_stats(FILE *out, const struct wk_stats *st);

#endif
