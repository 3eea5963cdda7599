/*
 * The kills table: store_add, store_find_by_pid, store_count and
 * store_latest_process (declared in store.h), and binding an event to its
 * columns for the other files that write kills (store_audit.c).
 */
#ifndef WHOKILLED_STORE_KILLS_H
#define WHOKILLED_STORE_KILLS_H

#include "store_internal.h"

#include "whokilled/wire.h"

extern const struct store_stmt_def store_kills_stmts[];

/*
 * Bind ev to the kills columns of stmt (an INSERT or UPDATE using
 * STORE_ROW_PARAMS), joined to its login session first (then also naming
 * the PAM as a source).  ev's counts must be within their arrays (EINVAL)
 * and ev must outlive the next step.  0, or -1 with errno and errmsg.
 */
int store_bind_event(struct store *st, sqlite3_stmt *stmt,
    const struct wk_event *ev);

#endif
