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
#include "daemon/ingest/ingest.h"
#include "daemon/base/stats.h"
#include "daemon/store/store.h"

#define QUERY_DEFAULT_LIMIT	100	/* events when the query says 0 */
#define QUERY_MAX_LIMIT		1000	/* events one answer may hold */
#define QUERY_SCAN_LIMIT	20000	/* rows read to find a user's events */

struct audit_input;
struct death_watch;

/* What answering needs from the rest of the daemon. */
struct query_env {
	struct ingest *ingest;		/* drained, committed first; or NULL */
	struct audit_input *audit;	/* drained first too; or NULL */
	struct death_watch *deaths;	/* process ends; or NULL */
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

/* Append a WK_R_ERROR frame with code and message; 0 or -1. */
int query_reply_error(struct query_reply *out, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Append a WK_R_END frame; 0 or -1. */
int query_reply_end(struct query_reply *out, uint32_t count, uint32_t others,
    const char *message);

/*
 * Build the answer to the query in buf (len bytes, untrusted) asked by a
 * peer of uid asker into out: death frames, events then WK_R_END (see
 * query_death.h), stats then WK_R_END,
 * failed-login groups then WK_R_END, or one WK_R_ERROR.  Reports and
 * kernel audit records already queued are stored and committed first, so
 * a kill that returned before the query was sent is in the answer.
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

/*
 * The answer to WK_Q_FAILED_LOGINS (query_failed_logins.c): groups of
 * failed authentications, newest first, as asker may see them, then
 * WK_R_END.  0, or -1 with errno when out could not be built.
 */
int query_answer_failed_logins(const struct query_env *env,
    const struct wk_query *q, uid_t asker, struct query_reply *out);

/*
 * Whether asker, whose user name is asker_name ("" when it has none), may
 * see a group of failed logins: root sees all; others the failures of
 * their own programs (the caller's real uid) and those for their own
 * account.
 */
int query_may_see_authfail(const struct wk_authfail_event *ev, uid_t asker,
    const char *asker_name);

/*
 * Blank the program's argv (argc kept) and every chain entry's args
 * unless asker is root or the program's real uid: a user shown a failure
 * for their account by another user's program does not get to read that
 * program's command lines, which may hold secrets.
 */
void query_redact_authfail(struct wk_authfail_event *ev, uid_t asker);

#endif
