/*
 * Reply frames, built in memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_reply.h"

int
query_reply_append(struct query_reply *out, const void *frame, size_t size)
{
	size_t cap;
	char *p;

	if (out->len + size > out->cap) {
		cap = out->cap != 0 ? out->cap : 4 * WK_EVENT_FIXED;
		while (cap < out->len + size)
			cap *= 2;
		p = realloc(out->buf, cap);
		if (p == NULL)
			return -1;
		out->buf = p;
		out->cap = cap;
	}
	memcpy(out->buf + out->len, frame, size);
	out->len += size;
	return 0;
}

void
query_reply_free(struct query_reply *out)
{
	free(out->buf);
	memset(out, 0, sizeof *out);
}

int
query_reply_error(struct query_reply *out, int code, const char *fmt, ...)
{
	struct wk_error e;
	va_list ap;

	memset(&e, 0, sizeof e);
	wk_reply_init(&e.hdr, WK_R_ERROR, sizeof e);
	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof e.message, fmt, ap);
	va_end(ap);
	return query_reply_append(out, &e, sizeof e);
}

int
query_reply_end(struct query_reply *out, uint32_t count, uint32_t others,
    const char *message)
{
	return query_reply_end_excluded(out, count, others, message, 0, NULL);
}

int
query_reply_end_excluded(struct query_reply *out, uint32_t count,
    uint32_t others, const char *message, uint32_t filtered_out,
    const struct wk_end_excluded *excluded)
{
	struct wk_end end;

	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	end.count = count;
	end.other_processes = others;
	snprintf(end.message, sizeof end.message, "%s", message);
	if (filtered_out > 0 && excluded != NULL) {
		end.filtered_out = filtered_out;
		end.excluded = *excluded;
	}
	return query_reply_append(out, &end, sizeof end);
}
