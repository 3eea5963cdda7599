/*
 * Reports from the PAM module: sessions opened and closed, failed
 * authentications.  Only a login program running as root sends them, so
 * only a sender that runs as root now is believed.
 */
#ifndef WHOKILLED_DAEMON_INGEST_PAM_H
#define WHOKILLED_DAEMON_INGEST_PAM_H

#include <sys/socket.h>

#include "whokilled/wire.h"
#include "ingest_state.h"
#include "verify.h"

/*
 * Check a session report: its pid is its sender's, and the sender runs as
 * root (verify_pam_sender, reading /proc with in->read_proc).  VERIFY_OK,
 * or NOCRED / FORGED with *why.
 */
enum verify_result ingest_check_session(struct ingest *in,
    const struct wk_session_report *s, const struct ucred *cred,
    const char **why);

/*
 * Check a failed-login report as a kill report's caller is checked (pid,
 * real uid and gid are the sender's) and its sender as a session report's,
 * then build the row to store: boot id, report, and the chain from the
 * program's outermost ancestor to the program itself, read while it waits
 * in PAM.  VERIFY_OK, or NOCRED / FORGED with *why.
 */
enum verify_result ingest_resolve_authfail(struct ingest *in,
    const struct wk_authfail_report *r, const char *argv,
    const struct ucred *cred, struct wk_authfail_event *ev, const char **why);

#endif
