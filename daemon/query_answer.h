/*
 * What the daemon answers to one query: the reply frames, built in memory,
 * and who may see what.
 */
#ifndef WHOKILLED_DAEMON_QUERY_ANSWER_H
#define WHOKILLED_DAEMON_QUERY_ANSWER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"
#include "ingest.h"
#include "stats.h"
#include "store.h"

#define QUERY_DEFAULT_LIMIT	100	/* events when the query says 0 */
#define QUERY_MAX_LIMIT		1000	/* events one answer may hold */
#define QUERY_SCAN_LIMIT	20000	/* rows read to find a user's events */

/* What answering needs from the rest of the daemon. */
struct query_env {
	struct ingest *ingest;		/* drained, committed first; or NULL */
	int report_fd;			/* the socket ingest drains */
	struct store *store;
	struct wkd_counters *counters;
	const char *boot_id;		/* this boot's, for live processes */
	int64_t started;		/* daemon start, epoch seconds */
};

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

/*
 * Build the answer to the query in buf (len bytes, untrusted) asked by a
 * peer of uid asker into out: events then WK_R_END, stats then WK_R_END, or
 * one WK_R_ERROR.  Reports already queued are stored and committed first,
 * so a kill that returned before the query was sent is in the answer.
 * Returns 0, or -1 with errno when out could not be built (ENOMEM).
 */
int query_answer(const struct query_env *env, const void *buf, size_t len,
    uid_t asker, struct query_reply *out);

/*
 * Whether asker may see ev: root sees all; others see kills of their
 * processes, or by a process whose uid, euid or login uid is theirs.
 */
int query_may_see(const struct wk_event *ev, uid_t asker);

/*
 * Blank every command line of ev (the killer's argv, argc kept, and each
 * chain entry's args) unless asker is root or the killer's uid or login uid
 * is asker's: command lines may hold secrets.
 */
void query_redact(struct wk_event *ev, uid_t asker);

#endif
