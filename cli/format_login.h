/*
 * Text about failed logins:
 *
 *   3 failed logins for postgres via su from local, 2026-11-22 00:01:00 … 00:03:00
 *     program  pid 4242 (psql) /usr/bin/psql uid=alice
 *     argv     psql -U postgres -h db1
 *     chain    cron[1] root → sh[4240] alice → psql[4242] alice
 */
#ifndef WHOKILLED_CLI_FORMAT_LOGIN_H
#define WHOKILLED_CLI_FORMAT_LOGIN_H

#include <stdio.h>

#include "whokilled/wire.h"

/* One block for one group of failed logins. */
void cli_text_failed_login(FILE *out, const struct wk_authfail_event *ev);

/*
 * The daemon's message when no group was printed (or a
 * default one naming user, NULL for any); nothing otherwise.
 */
void cli_text_failed_end(FILE *out, const struct wk_end *end,
    const char *user, unsigned printed);

#endif
