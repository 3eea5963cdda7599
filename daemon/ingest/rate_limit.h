/*
 * Per-uid rate limits on reports: one noisy user cannot make the daemon
 * spend its time (or its disk) on them at the expense of everyone else.  A
 * token bucket per uid; reports over the limit are dropped right after the
 * credential check, before any decoding, /proc read or store work.
 */
#ifndef WHOKILLED_DAEMON_RATE_LIMIT_H
#define WHOKILLED_DAEMON_RATE_LIMIT_H

#include <stdint.h>

struct rate_limit;

/*
 * rate reports per second per uid, bursts of up to burst; at most max_uids
 * uids are tracked (the one seen longest ago is forgotten first).  rate 0
 * means no limit.  uid 0 is never limited: root can stop the daemon anyway.
 * Returns NULL with errno on allocation failure.
 */
struct rate_limit *rate_limit_new(uint32_t rate, uint32_t burst,
    uint32_t max_uids);
void rate_limit_free(struct rate_limit *rl);

/* 1 when a report from uid may be handled at now_ms, 0 when it is over. */
int rate_limit_allow(struct rate_limit *rl, uint32_t uid, int64_t now_ms);

/* Reports dropped so far, in all and for one uid (0 when not tracked). */
uint64_t rate_limit_dropped(const struct rate_limit *rl);
uint64_t rate_limit_dropped_uid(const struct rate_limit *rl, uint32_t uid);

#endif
