/*
 * Who asked systemd for a signal PID 1 sent (a WK_R_REQUEST frame), as
 * one line of the text answer:
 *
 *   requested  alice via sudo systemctl stop nginx (private socket;
 *              inferred) — job 197 stop nginx.service
 */
#ifndef WHOKILLED_CLI_FORMAT_REQUEST_H
#define WHOKILLED_CLI_FORMAT_REQUEST_H

#include <stdio.h>

#include "whokilled/wire.h"

/* The "requested" line, label and indent included. */
void cli_text_request(FILE *out, const char *indent,
    const struct wk_request *req);

#endif
