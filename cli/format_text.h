/*
 * Human-readable output of query replies.
 */
#ifndef WHOKILLED_CLI_FORMAT_TEXT_H
#define WHOKILLED_CLI_FORMAT_TEXT_H

#include <stdint.h>
#include <stdio.h>

#include "whokilled/wire.h"

/* One block for one event: target, signal and result, killer, argv,
 * login, chain, sources.  Every string from the daemon is escaped. */
void cli_text_event(FILE *out, const struct wk_event *ev);

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

/*
 * Writes one argument as a POSIX shell word: bare when it needs no quotes,
 * in single quotes when it does, and as $'...' with \xHH escapes when it
 * holds bytes a terminal would act on.
 */
void cli_shell_word(FILE *out, const char *arg, size_t len);

#endif
