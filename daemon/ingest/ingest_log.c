/*
 * The log trail: a line per stored signal, escaped and rate-limited.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "daemon/base/log.h"
#include "daemon/procs/proc_chain_via.h"
#include "ingest_log.h"

/* A growing line: what does not fit is cut, and "..." says so. */
struct line {
	char *buf;
	size_t size;
	size_t len;
	int cut;
};

static void
put(struct line *l, const char *s, size_t n)
{
	size_t room = l->size - 1 - l->len;

	if (n > room) {
		n = room;
		l->cut = 1;
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void
putf(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct line *l, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(l, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/*
 * s (at most max bytes, NUL-terminated or not) with every control byte,
 * DEL, backslash and quote as \xHH; quoted in '' when it holds a space or
 * is empty (quote: an argument of a command line).
 */
static void
put_escaped(struct line *l, const char *s, size_t max, int quote)
{
	size_t n = strnlen(s, max), i;
	int wrap = quote && (n == 0 || memchr(s, ' ', n) != NULL);
	unsigned char c;

	if (wrap)
		put(l, "'", 1);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '\'')
			putf(l, "\\x%02x", c);
		else
			put(l, (const char *)&c, 1);
	}
	if (wrap)
		put(l, "'", 1);
}

/* A user's name, or the number when the password database has none. */
static void
put_user(struct line *l, uint32_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (getpwuid_r((uid_t)uid, &pw, buf, sizeof buf, &res) == 0 &&
	    res != NULL)
		put_escaped(l, res->pw_name, strlen(res->pw_name), 0);
	else
		putf(l, "uid %" PRIu32, uid);
}

size_t
ingest_log_format(const struct wk_event *ev, char *buf, size_t size)
{
	const struct wk_kill_report *r = &ev->report;
	const struct wk_caller *c = &r->caller;
	struct line l = { buf, size, 0, 0 };
	const char *name = wk_signal_name(r->signo), *via;
	size_t len, i, n;
	uint32_t k;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (name != NULL)
		put(&l, name, strlen(name));
	else
		putf(&l, "signal %" PRId32, r->signo);
	if (r->target.pid > 0) {
		putf(&l, " to %" PRId32 " (", r->target.pid);
		put_escaped(&l, r->target.comm, sizeof r->target.comm, 0);
		put(&l, ")", 1);
	} else {
		putf(&l, " to %" PRId32, r->arg_pid);
	}
	/* What `journalctl -u` users look for. */
	if (ev->target_cgroup.unit[0] != '\0') {
		put(&l, " in ", 4);
		put_escaped(&l, ev->target_cgroup.unit,
		    sizeof ev->target_cgroup.unit, 0);
	}
	put(&l, " by ", 4);
	if (c->loginuid != WK_ID_UNSET) {
		put_user(&l, c->loginuid);
		via = proc_chain_via(ev->chain, ev->chain_len, c->loginuid);
		if (via != NULL) {
			put(&l, " via ", 5);
			put_escaped(&l, via, WK_COMM_MAX, 0);
		}
	} else {
		put_user(&l, c->uid);
		put(&l, " (no login uid)", 15);
	}
	put(&l, ": ", 2);
	len = c->argv_len < sizeof ev->argv ? c->argv_len : sizeof ev->argv;
	for (i = 0, k = 0; i < len; i += n + 1, k++) {
		n = strnlen(ev->argv + i, len - i);
		if (i > 0)
			put(&l, " ", 1);
		/* Where a long command line was cut. */
		if (k == c->argv_cut.head && k > 0)
			put(&l, "... ", 4);
		put_escaped(&l, ev->argv + i, n, 1);
	}
	if (len == 0) {
		put(&l, "(", 1);
		put_escaped(&l, c->comm, sizeof c->comm, 0);
		put(&l, ")", 1);
	}
	putf(&l, " (pid %" PRId32 ")", c->pid);
	if (l.cut && size > 4) {
		memcpy(buf + size - 4, "...", 4);
		l.len = size - 1;
	}
	return l.len;
}

void
ingest_log_init(struct ingest_log *lg, int enabled)
{
	memset(lg, 0, sizeof *lg);
	lg->enabled = enabled;
	lg->credit_ms = (int64_t)INGEST_LOG_BURST * 1000;
	lg->last_ms = -1;
}

void
ingest_log_flush(struct ingest_log *lg, int64_t now_ms)
{
	if (lg->held == 0)
		return;
	log_info("%" PRIu64 " more signals stored in the last %" PRId64
	    " s were not logged (at most %d lines a second)", lg->held,
	    now_ms - lg->held_since_ms >= 1000 ?
	    (now_ms - lg->held_since_ms + 999) / 1000 : 1, INGEST_LOG_RATE);
	lg->held = 0;
}

void
ingest_log_kill(struct ingest_log *lg, const struct wk_event *ev,
    int64_t now_ms)
{
	char line[INGEST_LOG_LINE_MAX];
	int64_t cap = (int64_t)INGEST_LOG_BURST * 1000;

	if (!lg->enabled)
		return;
	/* Credit grows INGEST_LOG_RATE lines a second, up to the burst. */
	if (lg->last_ms >= 0 && now_ms > lg->last_ms)
		lg->credit_ms += (now_ms - lg->last_ms) * INGEST_LOG_RATE;
	if (lg->credit_ms > cap)
		lg->credit_ms = cap;
	lg->last_ms = now_ms;
	if (lg->credit_ms < 1000) {
		if (lg->held++ == 0)
			lg->held_since_ms = now_ms;
		return;
	}
	lg->credit_ms -= 1000;
	ingest_log_flush(lg, now_ms);
	ingest_log_format(ev, line, sizeof line);
	log_info("%s", line);
}
