/*
 * Which followers a new row may be for, found without asking each: a
 * follower of an exact NAME is filed under its name's hash, so a row is
 * offered only to those filed under its comm's or its executable's, and
 * to the followers without an exact name.  A hundred followers of names
 * that a row does not bear then cost it two hashes, not a hundred looks.
 */
#ifndef WHOKILLED_DAEMON_QUERY_FOLLOW_INDEX_H
#define WHOKILLED_DAEMON_QUERY_FOLLOW_INDEX_H

#include <stdint.h>

#include "query_list.h"

#define FOLLOW_INDEX_SLOTS	256	/* followers' slots, at most */
#define FOLLOW_INDEX_BUCKETS	256	/* a power of two */

struct follow_index {
	unsigned slots;
	/* Slots asked of every row: no name, or a glob. */
	uint16_t every[FOLLOW_INDEX_SLOTS];
	unsigned n_every;
	/* Chains of slots by the hash of their name (matched against an
	 * executable's) and of their comm (against a comm); -1 ends. */
	int16_t by_name[FOLLOW_INDEX_BUCKETS];
	int16_t by_comm[FOLLOW_INDEX_BUCKETS];
	int16_t next_name[FOLLOW_INDEX_SLOTS];
	int16_t next_comm[FOLLOW_INDEX_SLOTS];
	/* A slot reached twice for one row is offered it once. */
	uint32_t row;
	uint32_t offered[FOLLOW_INDEX_SLOTS];
};

/*
 * File the followers: fw[i] is slot i's, NULL for a slot that does not
 * follow; n at most FOLLOW_INDEX_SLOTS.  Built anew whenever the
 * followers may have changed (it is cheap beside a commit).
 */
void follow_index_build(struct follow_index *x,
    const struct query_follow *const *fw, unsigned n);

/* Called with each slot that may want a row; non-zero stops the walk. */
typedef int (*follow_index_cb)(unsigned slot, void *arg);

/*
 * Call cb once for each slot that may want a row whose target is comm
 * (a field of WK_COMM_MAX) and exe (WK_EXE_BASE_MAX, "" unknown): a
 * superset, which the follower's own filter then decides.  Returns cb's
 * non-zero value, or 0.
 */
int follow_index_walk(struct follow_index *x, const char *comm,
    const char *exe, follow_index_cb cb, void *arg);

#endif
