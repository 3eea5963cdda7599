/*
 * Lists of any pid: the signals and ends of processes recorded, newest
 * first, filtered by time, signal, process name and killer's user; and
 * what a follower asked for (query_follow.h serves it afterwards).
 */
#ifndef WHOKILLED_DAEMON_QUERY_LIST_H
#define WHOKILLED_DAEMON_QUERY_LIST_H

#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "query_env.h"
#include "query_reply.h"

#define QUERY_LIST_DEFAULT_LIMIT	100	/* lines when the query says 0 */

/* A follower: its filters, its asker, and what its first answer held. */
struct query_follow {
	struct store_list_query filter;	/* limit and after_id unused */
	uid_t asker;
	int64_t from_kill;	/* kills up to this id were answered */
	int64_t from_death;	/* ends likewise */
	int started;		/* the first answer was built */
};

/* The store's filters for list query q (limit and after_id left 0). */
void query_list_filter(const struct wk_query *q, struct store_list_query *f);

/*
 * The answer to a WK_Q_LIST query: event and death frames, newest first
 * (with WK_QF_FOLLOW oldest first, and limit 0 meaning none), then the
 * end frame, whose message says when the limit left older ones out.
 * With WK_QF_FOLLOW *follow (may be NULL otherwise) is filled for the
 * follower, and follow->started set unless the answer is an error.  0, or -1 with errno when out could not be built.
 */
int query_answer_list(const struct query_env *env, const struct wk_query *q,
    uid_t asker, struct query_reply *out, struct query_follow *follow);

#endif
