/*
 * Login sessions: store_session_open and store_session_close (declared in
 * store.h), and which session a kill belongs to.
 */
#ifndef WHOKILLED_STORE_SESSION_H
#define WHOKILLED_STORE_SESSION_H

#include "store_internal.h"

#include <stdint.h>

#include "whokilled/wire.h"

extern const struct store_stmt_def store_session_stmts[];

/*
 * The session a kill belongs to: *id is its row id, or 0 when none.
 * Returns 0, or -1 with errno and errmsg.
 */
int store_session_join(struct store *st, const struct wk_event *ev,
    int64_t *id);

/*
 * Fill *out from session row id, flagged WK_SI_KNOWN (and WK_SI_CLOSED
 * once closed); a row that is gone leaves *out zeroed.  0, or -1 with
 * errno and errmsg.
 */
int store_session_read(struct store *st, int64_t id,
    struct wk_session_info *out);

#endif
