/*
 * What the daemon answers to one query: by pid (with query_death.h),
 * stats, failed logins (query_failed_logins.h).
 */
#ifndef WHOKILLED_DAEMON_QUERY_ANSWER_H
#define WHOKILLED_DAEMON_QUERY_ANSWER_H

#include <stddef.h>
#include <sys/types.h>

#include "whokilled/wire.h"
#include "query_env.h"
#include "query_list.h"
#include "query_reply.h"

/*
 * Build the answer to the query in buf (len bytes, untrusted) asked by a
 * peer of uid asker into out: death frames, events then WK_R_END (see
 * query_death.h), stats then WK_R_END,
 * failed-login groups then WK_R_END, or one WK_R_ERROR.  The env's
 * catch_up hook runs first, so a kill that returned before the query was
 * sent is in the answer.
 * Returns 0, or -1 with errno when out could not be built (ENOMEM).
 */
int query_answer(const struct query_env *env, const void *buf, size_t len,
    uid_t asker, struct query_reply *out);

/*
 * The same, for the query server: when the query is a list with
 * WK_QF_FOLLOW that was answered (not refused), *following is set and
 * *follow says what the follower gets from now on (query_follow.h).
 */
int query_answer_follow(const struct query_env *env, const void *buf,
    size_t len, uid_t asker, struct query_reply *out,
    struct query_follow *follow, int *following);

#endif
