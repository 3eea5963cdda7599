/*
 * Human-readable output of query replies.
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
 * An "argv" line after indent: the caller's arguments as shell words,
 * "(truncated)" after them when truncated, or "(hidden: not your
 * process)" when the daemon blanked them.  Nothing when it had none.
 */
void cli_text_argv(FILE *out, const char *indent, const struct wk_caller *c,
    int truncated);

/*
 * A "chain" line after indent: the n entries as comm[pid] user, with
 * user→euser where the effective uid differs.  When login < n the line
 * starts at entry login, marked "(login)": the session's login process.
 */
void cli_text_chain(FILE *out, const char *indent,
    const struct wk_chain_entry *chain, uint32_t n, uint32_t login);

/*
 * format_login.c: the "person" line after indent for a login session:
 *   person   alice (auid 1001), session 3, sshd from 10.1.2.3 on pts/0,
 *            logged in 2026-11-22 15:02:10 (logged out 15:30:00)
 * (on one line).
 */
void cli_text_person(FILE *out, const char *indent,
    const struct wk_session_info *s);

/* format_login.c: one block for one group of failed logins. */
void cli_text_failed_login(FILE *out, const struct wk_authfail_event *ev);

/*
 * format_login.c: the daemon's message when no group was printed (or a
 * default one naming user, NULL for any); nothing otherwise.
 */
void cli_text_failed_end(FILE *out, const struct wk_end *end,
    const char *user, unsigned printed);

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
