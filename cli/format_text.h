/*
 * Human-readable output of query replies about kills: the events, the
 * end of an answer, errors, the counters.
 */
#ifndef WHOKILLED_CLI_FORMAT_TEXT_H
#define WHOKILLED_CLI_FORMAT_TEXT_H

#include <stdint.h>
#include <stdio.h>

#include "whokilled/wire.h"

/* One block for one event: target, signal and result, killer, argv,
 * login or person, chain, sources.  Every string from the daemon is
 * escaped. */
void cli_text_event(FILE *out, const struct wk_event *ev);

/*
 * The same, with what the signal did to its target when death (may be
 * NULL) says how the target ended: "delivered; it ended the process",
 * "delivered; handled, ignored or blocked: it ran on until 15:12:43".
 */
void cli_text_event_death(FILE *out, const struct wk_event *ev,
    const struct wk_death *death);

/*
 * The same, with who asked systemd for it (req, may be NULL: a
 * "requested" line), and then_cont: a SIGCONT the same sender sent the
 * same process right after this signal, told on its line.
 */
void cli_text_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_death *death, const struct wk_request *req,
    int then_cont);

/*
 * What follows the events: the daemon's message when none was printed
 * (or a default one naming pid), else a note about earlier processes that
 * had the same pid.
 */
void cli_text_end(FILE *out, const struct wk_end *end, int32_t pid,
    unsigned printed);

/* An error frame: the daemon's message and the errno it names, a line. */
void cli_text_error(FILE *out, const struct wk_error *e);

/* The daemon's counters. */
void cli_text_stats(FILE *out, const struct wk_stats *st);

#endif
