/*
 * A list's lines: one event a line, readable at 80 columns --
 *   12-04 21:40:05 SIGKILL  sleep[2089]      by bash[1784] alice [shim+kernel]
 *   12-04 21:40:05 end      sleep[2089]      SIGKILL from bash[1784] alice [exits]
 * time, what (a signal, or "end"), the target, the killer or the cause,
 * the person (login user, and "→euser" when the killer ran as another),
 * and the sources that saw it.  Every string from the daemon is escaped.
 */
#ifndef WHOKILLED_CLI_FORMAT_LIST_H
#define WHOKILLED_CLI_FORMAT_LIST_H

#include <stdio.h>

#include "whokilled/wire.h"

/*
 * Whether lines written to out get colours: only on a terminal, and never
 * when NO_COLOR is set (https://no-color.org).
 */
int cli_list_colour(FILE *out);

/* The line of a signal; colour: cli_list_colour. */
void cli_list_event(FILE *out, const struct wk_event *ev, int colour);

/*
 * The same, then who asked systemd for it (req, or NULL) on a second
 * line under the first's "what" column.
 */
void cli_list_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_request *req, int colour);

/* The line of the end of a process. */
void cli_list_death(FILE *out, const struct wk_death *d, int colour);

#endif
