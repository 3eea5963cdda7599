/*
 * The answer to WK_Q_FAILED_LOGINS: failed authentications, grouped.
 */
#ifndef WHOKILLED_DAEMON_QUERY_FAILED_LOGINS_H
#define WHOKILLED_DAEMON_QUERY_FAILED_LOGINS_H

#include <sys/types.h>

#include "whokilled/wire.h"
#include "query_env.h"
#include "query_reply.h"

/*
 * The answer to WK_Q_FAILED_LOGINS: groups of
 * failed authentications, newest first, as asker may see them, then
 * WK_R_END.  0, or -1 with errno when out could not be built.
 */
int query_answer_failed_logins(const struct query_env *env,
    const struct wk_query *q, uid_t asker, struct query_reply *out);

#endif
