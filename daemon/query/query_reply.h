/*
 * The frames of one answer, built in memory before they are sent.
 */
#ifndef WHOKILLED_DAEMON_QUERY_REPLY_H
#define WHOKILLED_DAEMON_QUERY_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/* Reply frames, appended in order. */
struct query_reply {
	char *buf;
	size_t len;
	size_t cap;
};

/* Append one frame; 0, or -1 with ENOMEM. */
int query_reply_append(struct query_reply *out, const void *frame,
    size_t size);
void query_reply_free(struct query_reply *out);

/* Append a WK_R_ERROR frame with code and message; 0 or -1. */
int query_reply_error(struct query_reply *out, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Append a WK_R_END frame; 0 or -1. */
int query_reply_end(struct query_reply *out, uint32_t count, uint32_t others,
    const char *message);

/*
 * The same, saying that the query's filters left out filtered_out signals
 * to the process shown, the newest of them *excluded (filtered_out 0 or
 * excluded NULL: none); 0 or -1.
 */
int query_reply_end_excluded(struct query_reply *out, uint32_t count,
    uint32_t others, const char *message, uint32_t filtered_out,
    const struct wk_end_excluded *excluded);

#endif
