/*
 * Who asked systemd for a signal: the WK_R_REQUEST frame that follows an
 * event's in an answer by pid, a list and a follower's stream.
 */
#ifndef WHOKILLED_DAEMON_QUERY_REQUEST_H
#define WHOKILLED_DAEMON_QUERY_REQUEST_H

#include <sys/types.h>

#include "whokilled/wire.h"
#include "query_env.h"
#include "query_reply.h"

/*
 * Who asked systemd for the signal of ev (sent by PID 1), as a frame of
 * its own appended to out (nothing when not known); the asker's command
 * line is redacted like a killer's.  0, or -1 when out of memory.
 */
int query_request_append(const struct query_env *env,
    const struct wk_event *ev, uid_t asker, struct query_reply *out);

#endif
