/*
 * Followers (whokilled --follow): which newly stored rows each gets, and
 * the frame it gets for one, with the same visibility rules as a list.
 */
#ifndef WHOKILLED_DAEMON_QUERY_FOLLOW_H
#define WHOKILLED_DAEMON_QUERY_FOLLOW_H

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "query_env.h"
#include "query_list.h"

/*
 * Whether follower f gets the kill ev (stored after its first answer):
 * 1 with its frame in *frame (command lines blanked for an asker who may
 * not see them), 0 when it does not match or the asker may not see it.
 */
int query_follow_kill(const struct query_follow *f, const struct wk_event *ev,
    struct wk_event *frame);

/*
 * Whether follower f may want the kill whose key is k (its filters and
 * the visibility rules, all of which the key holds): the cheap first
 * look, before the row is read whole.
 */
int query_follow_key(const struct query_follow *f,
    const struct store_kill_key *k);

/*
 * The same for the end d: 1 with *frame, 0, or -1 when the store failed
 * (the frame names the recorded signal that ended it, read from the
 * store).
 */
int query_follow_death(const struct query_env *env,
    const struct query_follow *f, const struct store_death *d,
    struct wk_death *frame);

#endif
