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

/*
 * Each node's records go to a libauparse state of their own: libauparse
 * ends an event once a record 2 s newer than it arrives, so one node's
 * live records would cut in two another node's event sent late (after an
 * outage: every record of it is older than the live ones).  Past
 * NODES_MAX nodes the least recently seen node's state is flushed and
 * reused.
 */
#define NODES_MAX	256

struct node_state {
	char node[WK_AUDIT_NODE_MAX];
	auparse_state_t *au;
	uint64_t used;		/* the reader's tick when it last had a line */
};

struct wk_audit_reader {
	auparse_state_t *au;	/* the lines without node= */
	struct node_state *nodes;	/* NODES_MAX slots, nnodes used */
	size_t nnodes;
	uint64_t tick;
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

/* A new libauparse state handing its events to r, or NULL. */
static auparse_state_t *
new_state(struct wk_audit_reader *r)
{
	auparse_state_t *au = auparse_init(AUSOURCE_FEED, NULL);

	if (au == NULL) {
		errno = errno ? errno : ENOMEM;
		return NULL;
	}
	auparse_add_callback(au, on_event, r, NULL);
	return au;
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
	r->au = new_state(r);
	if (r->au == NULL) {
		wk_audit_parser_free(&r->parser);
		free(r);
		return NULL;
	}
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

/* The node named by a line's "node=NAME " prefix: its length, 0 if none. */
static size_t
line_node(const char *line, size_t len, const char **name)
{
	const char *sp;

	if (len < 6 || memcmp(line, "node=", 5) != 0)
		return 0;
	sp = memchr(line + 5, ' ', len - 5);
	if (sp == NULL)
		return 0;
	*name = line + 5;
	return (size_t)(sp - *name) < WK_AUDIT_NODE_MAX ?
	    (size_t)(sp - *name) : WK_AUDIT_NODE_MAX - 1;
}

/* The state of node (n bytes of name), made or reused; NULL with errno. */
static auparse_state_t *
node_state(struct wk_audit_reader *r, const char *name, size_t n)
{
	struct node_state *s = NULL;
	size_t i;

	for (i = 0; i < r->nnodes; i++)
		if (strncmp(r->nodes[i].node, name, n) == 0 &&
		    r->nodes[i].node[n] == '\0') {
			s = &r->nodes[i];
			break;
		}
	if (s == NULL && r->nodes == NULL) {
		r->nodes = calloc(NODES_MAX, sizeof *r->nodes);
		if (r->nodes == NULL)
			return NULL;
	}
	if (s == NULL && r->nnodes < NODES_MAX) {
		s = &r->nodes[r->nnodes];
		s->au = new_state(r);
		if (s->au == NULL)
			return NULL;
		r->nnodes++;
	} else if (s == NULL) {
		/* The node seen least recently: its open events end now. */
		s = &r->nodes[0];
		for (i = 1; i < r->nnodes; i++)
			if (r->nodes[i].used < s->used)
				s = &r->nodes[i];
		if (auparse_flush_feed(s->au) == -1)
			return NULL;
		auparse_destroy(s->au);
		s->au = new_state(r);
		if (s->au == NULL) {
			*s = r->nodes[--r->nnodes];
			return NULL;
		}
	}
	if (s->node[0] == '\0' || strncmp(s->node, name, n) != 0 ||
	    s->node[n] != '\0') {
		memcpy(s->node, name, n);
		s->node[n] = '\0';
	}
	s->used = ++r->tick;
	return s->au;
}

/*
 * Passes the whole lines at the start of buf to libauparse: each run of
 * lines of one node to that node's state.
 */
static int
pass_lines(struct wk_audit_reader *r, size_t upto)
{
	const char *p = r->buf, *end = r->buf + upto;

	while (p < end) {
		const char *name = NULL, *q = p, *eol;
		size_t n = 0, m;
		auparse_state_t *au;

		eol = memchr(q, '\n', (size_t)(end - q));
		n = line_node(q, (size_t)(eol - q), &name);
		/* The run: the lines that follow with the same node. */
		for (q = eol + 1; q < end; q = eol + 1) {
			const char *other = NULL;

			eol = memchr(q, '\n', (size_t)(end - q));
			m = line_node(q, (size_t)(eol - q), &other);
			if (m != n || (n > 0 && memcmp(other, name, n) != 0))
				break;
		}
		au = n == 0 ? r->au : node_state(r, name, n);
		if (au == NULL || auparse_feed(au, p, (size_t)(q - p)) == -1)
			return -1;
		p = q;
	}
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
	for (size_t i = 0; i < r->nnodes; i++)
		if (auparse_flush_feed(r->nodes[i].au) == -1)
			return -1;
	return auparse_flush_feed(r->au) == -1 ? -1 : 0;
}

void
wk_audit_reader_age(struct wk_audit_reader *r)
{
	if (r->finished)
		return;
	auparse_feed_age_events(r->au);
	for (size_t i = 0; i < r->nnodes; i++)
		auparse_feed_age_events(r->nodes[i].au);
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
	for (size_t i = 0; i < r->nnodes; i++)
		auparse_destroy(r->nodes[i].au);
	free(r->nodes);
	auparse_destroy(r->au);
	wk_audit_parser_free(&r->parser);
	free(r->buf);
	free(r);
}
