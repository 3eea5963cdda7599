/*
 * The result of a kill the shim reported before delivery (the caller may
 * have been among its targets: WK_F_RESULT_PENDING), sent when the call
 * returned.  Believed like a kill report's caller: its pid is the
 * sender's, and a sender that is not root must name its own start time.
 * Stored through the write path (ingest_backlog.h: INGEST_ROW_KILL_RESULT)
 * as an update of the call's rows, so it always follows the report's own
 * rows, even when they wait for a failing store.
 */
#ifndef WHOKILLED_DAEMON_INGEST_RESULT_H
#define WHOKILLED_DAEMON_INGEST_RESULT_H

#include <sys/socket.h>

#include "whokilled/wire.h"
#include "ingest_state.h"
#include "verify.h"

/*
 * Check a kill result: its pid is its sender's (verify_result_creds) and,
 * for a sender that is not root, while it runs its start time is the one
 * the process table or /proc shows.  VERIFY_OK, or NOCRED / FORGED with
 * *why.
 */
enum verify_result ingest_check_result(struct ingest *in,
    const struct wk_kill_result *m, const struct ucred *cred,
    const char **why);

#endif
