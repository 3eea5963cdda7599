/*
 * The lines the text answers share (about kills, format_text.h, and about
 * failed logins, format_login.h).  Every string from the daemon is escaped.
 */
#ifndef WHOKILLED_CLI_FORMAT_LINES_H
#define WHOKILLED_CLI_FORMAT_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "whokilled/wire.h"

/*
 * Writes one argument as a POSIX shell word: bare when it needs no quotes,
 * in single quotes when it does, and as $'...' with \xHH escapes when it
 * holds bytes a terminal would act on.
 */
void cli_shell_word(FILE *out, const char *arg, size_t len);

/*
 * An "argv" line after indent: the caller's arguments (argv, its
 * argv_len bytes) as shell words, "…" where a long one was cut and what
 * was left out there after them, "(truncated)" when it was cut at an end
 * not known (truncated), or "(hidden: not your process)" when the daemon
 * blanked them.  Nothing when it had none.
 */
void cli_text_argv(FILE *out, const char *indent, const struct wk_caller *c,
    const char *argv, int truncated);

/*
 * A "chain" line after indent: the n entries as comm[pid] user, with
 * user→euser where the effective uid differs.  When login < n the line
 * starts at entry login, marked "(login)": the session's login process.
 */
void cli_text_chain(FILE *out, const char *indent,
    const struct wk_chain_entry *chain, uint32_t n, uint32_t login);

/*
 * The "person" line after indent for a login session:
 *   person   alice (auid 1001), session 3, sshd from 10.1.2.3 on pts/0,
 *            logged in 2026-11-22 15:02:10 (logged out 15:30:00)
 * (on one line).
 */
void cli_text_person(FILE *out, const char *indent,
    const struct wk_session_info *s);

/* The account a login was for: PAM's user, else the uid's name if known. */
void cli_text_account(FILE *out, const char *user, uint32_t uid);

/* The PAM service, or "unknown service" when PAM had none. */
void cli_text_service(FILE *out, const char *service);

/*
 * Where a login came from: " from [RUSER@]RHOST", or " from local" (and
 * " by RUSER" when PAM named the requesting user), then " on TTY".
 */
void cli_text_origin(FILE *out, const char *rhost, const char *ruser,
    const char *tty);

/*
 * Where a process ran, after before: "unit nginx.service", for a user's
 * own unit "unit foo.service of user@1000.service", or "cgroup PATH"
 * when no unit names it.  Nothing (and 0) when unknown or the root
 * cgroup, which says nothing on a host without systemd; else 1.
 */
int cli_text_unit(FILE *out, const char *before, const struct wk_cgroup *cg);

#endif
