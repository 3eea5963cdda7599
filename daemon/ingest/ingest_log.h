/*
 * The log trail: one line in the daemon's log (syslog once detached, so
 * the journal, grep and the log forwarders administrators run carry it)
 * for every signal stored, e.g.
 *
 *   SIGTERM to 4711 (nginx) by alice via sudo: /bin/kill -TERM 4711 (pid 4712)
 *
 * Every byte a terminal or a log parser could act on is written as \xHH.
 * Rate-limited: a burst of INGEST_LOG_BURST lines, then INGEST_LOG_RATE a
 * second; the kills the limit holds back are counted and said in one line
 * before the next line that is logged (and when the daemon stops), never
 * a line each.  Dropped reports are never logged one by one either.
 */
#ifndef WHOKILLED_DAEMON_INGEST_LOG_H
#define WHOKILLED_DAEMON_INGEST_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define INGEST_LOG_BURST	50	/* lines at once */
#define INGEST_LOG_RATE		10	/* lines a second after the burst */
#define INGEST_LOG_LINE_MAX	768	/* longer lines end in "..." */

struct ingest_log {
	int enabled;
	int64_t credit_ms;	/* lines allowed, in ms of INGEST_LOG_RATE */
	int64_t last_ms;	/* when credit was last counted; -1: never */
	uint64_t held;		/* kills not logged since the last line */
	int64_t held_since_ms;
};

/* Ready lg; enabled: whether lines are written at all. */
void ingest_log_init(struct ingest_log *lg, int enabled);

/*
 * The line for ev, without the daemon's prefix, into buf (size bytes,
 * always terminated); returns its length.  Pure but for the user names,
 * which come from the password database.
 */
size_t ingest_log_format(const struct wk_event *ev, char *buf, size_t size);

/*
 * A signal was stored (ev) at now_ms (monotonic): log its line when
 * enabled and the rate allows, else count it as held back.
 */
void ingest_log_kill(struct ingest_log *lg, const struct wk_event *ev,
    int64_t now_ms);

/* Say how many kills the limit held back, if any (before exit). */
void ingest_log_flush(struct ingest_log *lg, int64_t now_ms);

#endif
