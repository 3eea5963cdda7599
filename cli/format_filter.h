/*
 * What a query's filters (--signal, --since, --until) left out, when no
 * signal matched them: the daemon's end frame counts the signals to the
 * process shown that did not match, and names the newest; this says so:
 *
 *   no SIGKILL to pid 4711 was recorded; recorded for it: SIGTERM at
 *   2026-11-22 12:00:03 +0000 (delivered; it ended the process) — not
 *   shown by --signal KILL
 */
#ifndef WHOKILLED_CLI_FORMAT_FILTER_H
#define WHOKILLED_CLI_FORMAT_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/* Room for the sentence: three times and two signal names fit. */
#define CLI_FILTER_PHRASE_MAX	512

/* A query's filters, as given. */
struct cli_filter {
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* 0: no bound */
};

/* Whether f filters at all. */
int cli_filter_any(const struct cli_filter *f);

/*
 * The brief of the newest signal end left out, as an event with only its
 * id, time, signal and result set (for cli_death_fate and the JSON).
 */
void cli_filter_excluded_event(const struct wk_end *end, struct wk_event *ev);

/*
 * The sentence above into buf, for pid and the subject's death frame d
 * (may be NULL: the signal's fate is then left unsaid); "and N more" when
 * more than one was left out.  Strings are the CLI's own (no escaping
 * needed).  Returns buf.
 */
const char *cli_filter_phrase(const struct wk_end *end,
    const struct wk_death *d, int32_t pid, const struct cli_filter *f,
    char *buf, size_t size);

#endif
