/*
 * Line framing around libauparse's feed interface.
 */
#include <auparse.h>
#include <errno.h>
#include <inttypes.h>
#include <libaudit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit_parse.h"
#include "audit_reader.h"

/* auditd's ENRICHED format puts this byte between a record and its names. */
#define ENRICHED_SEP	'\x1d'

#define READ_CHUNK	(256 * 1024)

struct wk_audit_reader {
	auparse_state_t *au;
	struct wk_audit_sink sink;
	struct wk_audit_parser parser;
	struct wk_audit_reader_stats stats;
	char *buf;		/* a partial line held back, then new data */
	size_t len;
	size_t cap;
	int skipping;		/* inside an over-long line: drop until its end */
	int finished;
	int cut_known;		/* cut_* name the event of a dropped partial line */
	struct wk_audit_stamp cut;
};

/* Marks a kill whose event lost its last line to truncated input. */
static void
mark_cut(const struct wk_audit_reader *r, struct wk_audit_kill *k)
{
	if (r->cut_known && k->stamp.sec == r->cut.sec && k->stamp.msec == r->cut.msec &&
	    k->stamp.serial == r->cut.serial && strcmp(k->stamp.node, r->cut.node) == 0)
		k->flags |= WK_AUDIT_K_INCOMPLETE;
}

/* libauparse calls this for each event it has completed. */
static void
on_event(auparse_state_t *au, auparse_cb_event_t type, void *data)
{
	struct wk_audit_reader *r = data;

	if (type != AUPARSE_CB_EVENT_READY)
		return;
	r->stats.events++;
	switch (wk_audit_parse_event(au, &r->parser)) {
	case WK_AUDIT_PARSED_KILL:
		r->stats.kills++;
		mark_cut(r, &r->parser.kill);
		r->sink.kill(&r->parser.kill, r->sink.arg);
		break;
	case WK_AUDIT_PARSED_EXEC:
		r->stats.execs++;
		if (r->sink.exec != NULL)
			r->sink.exec(&r->parser.exec, r->sink.arg);
		break;
	case WK_AUDIT_PARSED_PROBE:
		r->stats.probes++;
		break;
	case WK_AUDIT_PARSED_MALFORMED:
		r->stats.malformed++;
		break;
	case WK_AUDIT_PARSED_NOTE:
		r->stats.notes++;
		if (r->sink.note != NULL)
			r->sink.note(&r->parser.note, r->sink.arg);
		break;
	case WK_AUDIT_PARSED_END:
		r->stats.ends++;
		if (r->sink.end != NULL)
			r->sink.end(&r->parser.end, r->sink.arg);
		break;
	case WK_AUDIT_PARSED_BAD_NOTE:
		r->stats.bad_notes++;
		break;
	case WK_AUDIT_PARSED_NONE:
		break;
	}
}

struct wk_audit_reader *
wk_audit_reader_new(const struct wk_audit_sink *sink)
{
	struct wk_audit_reader *r;

	if (sink == NULL || sink->kill == NULL) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->sink = *sink;
	wk_audit_parser_init(&r->parser);
	r->au = auparse_init(AUSOURCE_FEED, NULL);
	if (r->au == NULL) {
		free(r);
		errno = errno ? errno : ENOMEM;
		return NULL;
	}
	auparse_add_callback(r->au, on_event, r, NULL);
	return r;
}

static int
reserve(struct wk_audit_reader *r, size_t want)
{
	char *b;
	size_t cap;

	if (want <= r->cap)
		return 0;
	cap = r->cap ? r->cap : 4096;
	while (cap < want)
		cap *= 2;
	b = realloc(r->buf, cap);
	if (b == NULL)
		return -1;
	r->buf = b;
	r->cap = cap;
	return 0;
}

/* Passes the whole lines at the start of buf to libauparse. */
static int
pass_lines(struct wk_audit_reader *r, size_t upto)
{
	if (upto == 0)
		return 0;
	if (auparse_feed(r->au, r->buf, upto) == -1)
		return -1;
	memmove(r->buf, r->buf + upto, r->len - upto);
	r->len -= upto;
	return 0;
}

int
wk_audit_reader_feed(struct wk_audit_reader *r, const char *data, size_t len)
{
	const char *nl;
	size_t start;

	if (r->finished) {
		errno = EINVAL;
		return -1;
	}
	while (r->skipping && len > 0) {
		nl = memchr(data, '\n', len);
		if (nl == NULL)
			return 0;
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		r->skipping = 0;
	}
	if (len == 0)
		return 0;
	if (reserve(r, r->len + len) == -1)
		return -1;
	start = r->len;
	memcpy(r->buf + start, data, len);
	r->len += len;
	for (char *p = r->buf + start; (p = memchr(p, ENRICHED_SEP,
	    (size_t)(r->buf + r->len - p))) != NULL; p++)
		*p = ' ';
	for (size_t i = r->len; i > start; i--) {
		if (r->buf[i - 1] == '\n')
			return pass_lines(r, i);
	}
	if (r->len > WK_AUDIT_LINE_MAX) {
		/* No line is this long: drop it, up to its end in a later chunk. */
		r->len = 0;
		r->skipping = 1;
		r->stats.long_lines++;
	}
	return 0;
}

int
wk_audit_reader_feed_netlink(struct wk_audit_reader *r, int type,
    const char *text, size_t len)
{
	const char *name = audit_msg_type_to_name(type);
	char head[64];
	int n;

	if (name != NULL)
		n = snprintf(head, sizeof head, "type=%s msg=", name);
	else
		n = snprintf(head, sizeof head, "type=UNKNOWN[%d] msg=", type);
	if (n < 0 || (size_t)n >= sizeof head || memchr(text, '\n', len) != NULL) {
		errno = EINVAL;
		return -1;
	}
	if (wk_audit_reader_feed(r, head, (size_t)n) == -1 ||
	    wk_audit_reader_feed(r, text, len) == -1)
		return -1;
	return wk_audit_reader_feed(r, "\n", 1);
}

/* Reads "node=NAME " and "msg=audit(SEC.MSEC:SERIAL)" from a cut line. */
static int
parse_cut_stamp(const char *line, struct wk_audit_stamp *st)
{
	const char *m = strstr(line, "msg=audit(");
	long long sec;
	unsigned msec;
	unsigned long long serial;

	memset(st, 0, sizeof *st);
	if (m == NULL || sscanf(m, "msg=audit(%lld.%u:%llu)", &sec, &msec, &serial) != 3)
		return -1;
	st->sec = sec;
	st->msec = msec;
	st->serial = serial;
	if (strncmp(line, "node=", 5) == 0) {
		size_t n = strcspn(line + 5, " ");

		if (n >= sizeof st->node)
			n = sizeof st->node - 1;
		memcpy(st->node, line + 5, n);
	}
	return 0;
}

int
wk_audit_reader_finish(struct wk_audit_reader *r)
{
	if (r->finished) {
		errno = EINVAL;
		return -1;
	}
	r->finished = 1;
	if (r->len > 0 || r->skipping) {
		r->stats.truncated = 1;
		if (r->len > 0 && reserve(r, r->len + 1) == 0) {
			r->buf[r->len] = '\0';
			r->cut_known = parse_cut_stamp(r->buf, &r->cut) == 0;
		}
		r->len = 0;
	}
	return auparse_flush_feed(r->au) == -1 ? -1 : 0;
}

void
wk_audit_reader_age(struct wk_audit_reader *r)
{
	if (!r->finished)
		auparse_feed_age_events(r->au);
}

int
wk_audit_reader_read_fd(struct wk_audit_reader *r, int fd)
{
	char *chunk = malloc(READ_CHUNK);
	int ret = -1;

	if (chunk == NULL)
		return -1;
	for (;;) {
		ssize_t n = read(fd, chunk, READ_CHUNK);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto out;
		if (n == 0)
			break;
		if (wk_audit_reader_feed(r, chunk, (size_t)n) == -1)
			goto out;
	}
	ret = wk_audit_reader_finish(r);
out:
	if (ret == -1 && !r->finished) {
		int e = errno;

		/* Hand on what was read; the read error is what the caller hears. */
		(void)wk_audit_reader_finish(r);
		errno = e;
	}
	free(chunk);
	return ret;
}

void
wk_audit_reader_stats(const struct wk_audit_reader *r,
    struct wk_audit_reader_stats *out)
{
	*out = r->stats;
}

void
wk_audit_reader_free(struct wk_audit_reader *r)
{
	if (r == NULL)
		return;
	auparse_destroy(r->au);
	wk_audit_parser_free(&r->parser);
	free(r->buf);
	free(r);
}
