/*
 * Decoders for the wire format.  Every byte they read comes from another
 * process, so each check is explicit and each failure names its reason.
 */
#include <string.h>

#include "whokilled/wire.h"

_Static_assert(sizeof(struct wk_header) == 16, "wire: header size");
_Static_assert(sizeof(struct wk_caller) == 1368, "wire: caller size");
_Static_assert(sizeof(struct wk_target) == 40, "wire: target size");
_Static_assert(sizeof(struct wk_kill_report) == 1472, "wire: report size");
_Static_assert(sizeof(struct wk_kill_result) == 64, "wire: kill result size");
_Static_assert(sizeof(struct wk_kill_result) <= WK_REPORT_MAX,
    "wire: kill result fits");
_Static_assert(sizeof(struct wk_query) == 368, "wire: query size");
_Static_assert(sizeof(struct wk_chain_entry) == 112, "wire: chain entry size");
_Static_assert(sizeof(struct wk_pid_ns) == 16, "wire: pid namespace size");
_Static_assert(sizeof(struct wk_event) == 4160, "wire: event size");
_Static_assert(sizeof(struct wk_session_report) == 520, "wire: session size");
_Static_assert(sizeof(struct wk_authfail_report) == 1856, "wire: authfail size");
_Static_assert(sizeof(struct wk_authfail_event) == 3752, "wire: authfail event size");
_Static_assert(sizeof(struct wk_stats) == 224, "wire: stats size");
_Static_assert(sizeof(struct wk_end) == 328, "wire: end size");
_Static_assert(sizeof(struct wk_death_sender) == 136, "wire: death sender size");
_Static_assert(sizeof(struct wk_death_oom) == 600, "wire: death oom size");
_Static_assert(sizeof(struct wk_death) == 1000, "wire: death size");
_Static_assert(sizeof(struct wk_death) <= WK_REPLY_MAX, "wire: death fits");

#define FAIL(msg)	do { *why = (msg); return -1; } while (0)

/* True when a NUL lies inside the field: the string is bounded. */
static int
terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static int
valid_signal(int32_t signo)
{
	return signo >= 1 && signo <= WK_SIGNAL_MAX;
}

/*
 * argv holds argv_len bytes of NUL-terminated arguments; the rest of the
 * field must be zero so nothing hides behind the declared length.
 */
static int
valid_argv(const struct wk_caller *c)
{
	if (c->argv_len > WK_ARGV_MAX)
		return 0;
	if (c->argv_len > 0 && c->argv[c->argv_len - 1] != '\0')
		return 0;
	for (size_t i = c->argv_len; i < WK_ARGV_MAX; i++)
		if (c->argv[i] != '\0')
			return 0;
	return 1;
}

/* The header every report starts with; *type gets its type. */
static int
check_header(const void *buf, size_t len, uint16_t *type,
    const char **why)
{
	struct wk_header h;

	if (len < sizeof h)
		FAIL("shorter than a header");
	memcpy(&h, buf, sizeof h);
	if (h.magic != WK_REPORT_MAGIC)
		FAIL("bad magic: not a whokilled report");
	if (h.version != WK_WIRE_VERSION)
		FAIL("unsupported wire version");
	if (h.size != len)
		FAIL("declared size differs from datagram length");
	*type = h.type;
	return 0;
}

/* The strings of a caller are bounded and its pid is a pid. */
static int
check_caller(const struct wk_caller *c, const char **why)
{
	if (c->pid <= 0)
		FAIL("caller pid not positive");
	if (!terminated(c->comm, sizeof c->comm) ||
	    !terminated(c->exe, sizeof c->exe))
		FAIL("unterminated string");
	if (!valid_argv(c))
		FAIL("malformed argv");
	return 0;
}

/* PAM items shared by session and authfail reports. */
static int
check_pam_items(const char *user, const char *service,
    const char *tty, const char *rhost, const char *ruser, const char **why)
{
	if (!terminated(user, WK_USER_MAX) ||
	    !terminated(service, WK_SERVICE_MAX) ||
	    !terminated(tty, WK_TTY_MAX) || !terminated(rhost, WK_HOST_MAX) ||
	    !terminated(ruser, WK_USER_MAX))
		FAIL("unterminated string");
	return 0;
}

static int
check_time(const struct wk_time *t, const char **why)
{
	if (t->nsec < 0 || t->nsec >= 1000000000)
		FAIL("bad time");
	return 0;
}

/* result and error as a call leaves them: 0 and 0, or -1 and an errno. */
static int
check_result(int32_t result, int32_t error, const char **why)
{
	if (result != 0 && result != -1)
		FAIL("result is neither 0 nor -1");
	if ((result == 0) != (error == 0) || error < 0)
		FAIL("errno inconsistent with result");
	return 0;
}

/*
 * The checks of a kill report, from a sender (allowed: WK_F_SENDER_ALL,
 * reached 0) or inside a stored event (WK_F_ALL, the daemon's fields).
 */
static int
check_kill(const struct wk_kill_report *r, uint32_t allowed,
    const char **why)
{
	if (r->call < 1 || r->call > WK_CALL_MAX)
		FAIL("unknown call");
	if (!valid_signal(r->signo))
		FAIL("signal out of range");
	if (check_time(&r->time, why) < 0 ||
	    check_result(r->result, r->error, why) < 0)
		return -1;
	if (r->flags & ~allowed)
		FAIL("unknown flags");
	if ((r->flags & WK_F_RESULT_PENDING) && r->result != 0)
		FAIL("a pending result is not 0");
	if ((r->flags & WK_F_SENDER_ENDED) && !(r->flags & WK_F_RESULT_PENDING))
		FAIL("sender ended without a pending result");
	if ((r->flags & WK_F_GROUP_MEMBER) &&
	    !(r->flags & (WK_F_TARGET_GROUP | WK_F_TARGET_ALL)))
		FAIL("group member of a call to no group");
	if (allowed == WK_F_SENDER_ALL && r->reached != 0)
		FAIL("reached set by a sender");
	if (check_caller(&r->caller, why) < 0)
		return -1;
	if (!terminated(r->target.comm, sizeof r->target.comm))
		FAIL("unterminated string");
	if ((r->flags & WK_F_TARGET_READ) && r->target.pid <= 0)
		FAIL("target read but target pid not positive");
	return 0;
}

int
wk_decode_report(const void *buf, size_t len, struct wk_kill_report *out,
    const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_KILL)
		FAIL("unknown report type");
	if (len != sizeof *out)
		FAIL("wrong length for a kill report");
	memcpy(out, buf, sizeof *out);
	return check_kill(out, WK_F_SENDER_ALL, why);
}

int
wk_decode_kill_result(const void *buf, size_t len,
    struct wk_kill_result *out, const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_KILL_RESULT)
		FAIL("unknown report type");
	if (len != sizeof *out)
		FAIL("wrong length for a kill result");
	memcpy(out, buf, sizeof *out);
	if (out->hdr.dropped != 0)
		FAIL("a kill result carries no dropped count");
	if (check_time(&out->time, why) < 0)
		return -1;
	if (out->pid <= 0 || out->tid <= 0)
		FAIL("caller pid or tid not positive");
	if (!valid_signal(out->signo))
		FAIL("signal out of range");
	if (check_result(out->result, out->error, why) < 0)
		return -1;
	if (out->reserved != 0)
		FAIL("reserved field set");
	return 0;
}

int
wk_decode_session(const void *buf, size_t len,
    struct wk_session_report *out, const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_SESSION_OPEN && type != WK_MSG_SESSION_CLOSE)
		FAIL("unknown report type");
	if (len != sizeof *out)
		FAIL("wrong length for a session report");
	memcpy(out, buf, sizeof *out);
	if (check_time(&out->time, why) < 0)
		return -1;
	if (out->pid <= 0)
		FAIL("session pid not positive");
	if (out->flags & ~WK_SF_ALL)
		FAIL("unknown flags");
	if ((out->flags & WK_SF_OWN_ID) && out->own_id == 0)
		FAIL("own session id missing");
	return check_pam_items(out->user, out->service, out->tty, out->rhost,
	    out->ruser, why);
}

int
wk_decode_authfail(const void *buf, size_t len,
    struct wk_authfail_report *out, const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_AUTH_FAIL)
		FAIL("unknown report type");
	if (len != sizeof *out)
		FAIL("wrong length for an authfail report");
	memcpy(out, buf, sizeof *out);
	if (check_time(&out->time, why) < 0)
		return -1;
	if (out->flags & ~WK_SF_TRUNCATED)
		FAIL("unknown flags");
	if (check_caller(&out->caller, why) < 0)
		return -1;
	return check_pam_items(out->user, out->service, out->tty, out->rhost,
	    out->ruser, why);
}

int
wk_decode_any(const void *buf, size_t len, union wk_report_any *out,
    const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	switch (type) {
	case WK_MSG_KILL:
		return wk_decode_report(buf, len, &out->kill, why);
	case WK_MSG_SESSION_OPEN:
	case WK_MSG_SESSION_CLOSE:
		return wk_decode_session(buf, len, &out->session, why);
	case WK_MSG_AUTH_FAIL:
		return wk_decode_authfail(buf, len, &out->authfail, why);
	case WK_MSG_KILL_RESULT:
		return wk_decode_kill_result(buf, len, &out->result, why);
	}
	FAIL("unknown report type");
}

int
wk_decode_query(const void *buf, size_t len, struct wk_query *out,
    const char **why)
{
	if (len != sizeof *out)
		FAIL("wrong length for a query");
	memcpy(out, buf, sizeof *out);
	if (out->magic != WK_QUERY_MAGIC)
		FAIL("bad magic: not a whokilled query");
	if (out->version != WK_WIRE_VERSION)
		FAIL("unsupported wire version");
	if (out->size != len)
		FAIL("declared size differs from length");
	if (out->type != WK_Q_BY_PID && out->type != WK_Q_STATS &&
	    out->type != WK_Q_FAILED_LOGINS)
		FAIL("unknown query type");
	if (out->flags & ~WK_QF_ALL_PROCESSES)
		FAIL("unknown query flags");
	if (out->type == WK_Q_BY_PID && out->pid <= 0)
		FAIL("pid not positive");
	if (out->signo != 0 && !valid_signal(out->signo))
		FAIL("signal out of range");
	if (out->since < 0 || out->until < 0)
		FAIL("negative time bound");
	if (!terminated(out->node, sizeof out->node))
		FAIL("unterminated node name");
	if (!terminated(out->user, sizeof out->user))
		FAIL("unterminated user");
	return 0;
}

static uint32_t
reply_size(uint16_t type)
{
	switch (type) {
	case WK_R_EVENT:
		return sizeof(struct wk_event);
	case WK_R_STATS:
		return sizeof(struct wk_stats);
	case WK_R_END:
		return sizeof(struct wk_end);
	case WK_R_ERROR:
		return sizeof(struct wk_error);
	case WK_R_AUTHFAIL:
		return sizeof(struct wk_authfail_event);
	case WK_R_DEATH:
		return sizeof(struct wk_death);
	}
	return 0;
}

int
wk_peek_reply(const void *buf, size_t len, uint16_t *type, uint32_t *size,
    const char **why)
{
	struct wk_reply_header h;

	if (len < sizeof h)
		FAIL("shorter than a reply header");
	memcpy(&h, buf, sizeof h);
	if (h.magic != WK_REPLY_MAGIC)
		FAIL("bad magic: not a whokilled reply");
	if (h.version != WK_WIRE_VERSION)
		FAIL("unsupported wire version");
	if (reply_size(h.type) == 0)
		FAIL("unknown reply type");
	if (h.size != reply_size(h.type))
		FAIL("wrong size for the reply type");
	*type = h.type;
	*size = h.size;
	return 0;
}

/* Common part of the reply decoders: header of the expected type, exact length. */
static int
decode_reply(const void *buf, size_t len, uint16_t want, void *out,
    size_t outsize, const char **why)
{
	uint16_t type;
	uint32_t size;

	if (wk_peek_reply(buf, len, &type, &size, why) < 0)
		return -1;
	if (type != want)
		FAIL("unexpected reply type");
	if (len != outsize)
		FAIL("wrong length for the reply type");
	memcpy(out, buf, outsize);
	return 0;
}

static int
check_chain(const struct wk_chain_entry *chain, uint32_t n,
    const char **why)
{
	if (n > WK_CHAIN_MAX)
		FAIL("chain too long");
	for (uint32_t i = 0; i < n; i++)
		if (!terminated(chain[i].comm, sizeof chain[i].comm) ||
		    !terminated(chain[i].args, sizeof chain[i].args))
			FAIL("unterminated string in chain");
	return 0;
}

int
wk_decode_event(const void *buf, size_t len, struct wk_event *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_EVENT, out, sizeof *out, why) < 0)
		return -1;
	if (out->sources & ~WK_SRC_ALL)
		FAIL("unknown sources");
	if (!terminated(out->boot_id, sizeof out->boot_id) ||
	    !terminated(out->tty, sizeof out->tty) ||
	    !terminated(out->node, sizeof out->node))
		FAIL("unterminated string");
	if (check_chain(out->chain, out->chain_len, why) < 0)
		return -1;
	if (out->pid_ns.id == 0 ?
	    out->pid_ns.caller_pid != 0 || out->pid_ns.target_pid != 0 :
	    out->pid_ns.caller_pid <= 0 || out->pid_ns.target_pid < 0)
		FAIL("pid namespace pids out of range");
	if (out->session.flags & ~(WK_SF_ALL | WK_SI_KNOWN | WK_SI_CLOSED))
		FAIL("unknown session flags");
	if (check_pam_items(out->session.user, out->session.service,
	    out->session.tty, out->session.rhost, out->session.ruser, why) < 0)
		return -1;
	/* The embedded report obeys the same rules as one from a sender,
	 * except that argv may have been blanked for privacy, and the
	 * daemon adds flags and the count of a group. */
	out->report.hdr.magic = WK_REPORT_MAGIC;
	out->report.hdr.version = WK_WIRE_VERSION;
	out->report.hdr.type = WK_MSG_KILL;
	out->report.hdr.size = sizeof out->report;
	return check_kill(&out->report, WK_F_ALL, why);
}

int
wk_decode_stats(const void *buf, size_t len, struct wk_stats *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_STATS, out, sizeof *out, why) < 0)
		return -1;
	if (out->death_sources & ~WK_DS_ALL)
		FAIL("unknown death sources");
	if (out->sight & ~WK_SEE_ALL)
		FAIL("unknown sight flags");
	return 0;
}

int
wk_decode_death(const void *buf, size_t len, struct wk_death *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_DEATH, out, sizeof *out, why) < 0)
		return -1;
	if (out->kind < WK_DEATH_RUNNING || out->kind > WK_DEATH_KIND_MAX)
		FAIL("unknown death kind");
	if (out->flags & ~WK_D_ALL)
		FAIL("unknown death flags");
	if (out->sight & ~WK_SEE_ALL)
		FAIL("unknown sight flags");
	if (out->pid <= 0)
		FAIL("pid not positive");
	if (out->signo < 0 || out->signo > WK_SIGNAL_MAX)
		FAIL("signal out of range");
	if (!terminated(out->boot_id, sizeof out->boot_id) ||
	    !terminated(out->comm, sizeof out->comm) ||
	    !terminated(out->args, sizeof out->args) ||
	    !terminated(out->parent_comm, sizeof out->parent_comm) ||
	    !terminated(out->sender.comm, sizeof out->sender.comm) ||
	    !terminated(out->sender.session_user,
	    sizeof out->sender.session_user) ||
	    !terminated(out->sender.via, sizeof out->sender.via) ||
	    !terminated(out->oom.constraint, sizeof out->oom.constraint) ||
	    !terminated(out->oom.memcg, sizeof out->oom.memcg) ||
	    !terminated(out->oom.task_memcg, sizeof out->oom.task_memcg))
		FAIL("unterminated string");
	if (check_time(&out->time, why) < 0 ||
	    check_time(&out->sender.time, why) < 0 ||
	    check_time(&out->oom.time, why) < 0 ||
	    check_time(&out->watch.since, why) < 0 ||
	    check_time(&out->watch.gap_from, why) < 0 ||
	    check_time(&out->watch.gap_to, why) < 0)
		return -1;
	return 0;
}

int
wk_decode_end(const void *buf, size_t len, struct wk_end *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_END, out, sizeof *out, why) < 0)
		return -1;
	if (!terminated(out->message, sizeof out->message))
		FAIL("unterminated message");
	if (out->filtered_out == 0)
		return 0;
	if (out->excluded.signo <= 0 || out->excluded.signo > WK_SIGNAL_MAX)
		FAIL("signal out of range");
	return check_time(&out->excluded.time, why);
}

int
wk_decode_authfail_event(const void *buf, size_t len,
    struct wk_authfail_event *out, const char **why)
{
	struct wk_authfail_report r;

	if (decode_reply(buf, len, WK_R_AUTHFAIL, out, sizeof *out, why) < 0)
		return -1;
	if (out->count == 0)
		FAIL("empty group");
	if (!terminated(out->boot_id, sizeof out->boot_id))
		FAIL("unterminated string");
	if (check_chain(out->chain, out->chain_len, why) < 0)
		return -1;
	/* The embedded report obeys the sender's rules, argv blanking aside. */
	r = out->report;
	r.hdr.magic = WK_REPORT_MAGIC;
	r.hdr.version = WK_WIRE_VERSION;
	r.hdr.type = WK_MSG_AUTH_FAIL;
	r.hdr.size = sizeof r;
	return wk_decode_authfail(&r, sizeof r, &out->report, why);
}

int
wk_decode_error(const void *buf, size_t len, struct wk_error *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_ERROR, out, sizeof *out, why) < 0)
		return -1;
	if (!terminated(out->message, sizeof out->message))
		FAIL("unterminated message");
	return 0;
}

void
wk_report_init(struct wk_kill_report *r)
{
	memset(r, 0, sizeof *r);
	r->hdr.magic = WK_REPORT_MAGIC;
	r->hdr.version = WK_WIRE_VERSION;
	r->hdr.type = WK_MSG_KILL;
	r->hdr.size = sizeof *r;
	r->caller.loginuid = WK_ID_UNSET;
	r->caller.sessionid = WK_ID_UNSET;
}

void
wk_session_init(struct wk_session_report *r, uint16_t type)
{
	memset(r, 0, sizeof *r);
	r->hdr.magic = WK_REPORT_MAGIC;
	r->hdr.version = WK_WIRE_VERSION;
	r->hdr.type = type;
	r->hdr.size = sizeof *r;
	r->loginuid = WK_ID_UNSET;
	r->sessionid = WK_ID_UNSET;
}

void
wk_authfail_init(struct wk_authfail_report *r)
{
	memset(r, 0, sizeof *r);
	r->hdr.magic = WK_REPORT_MAGIC;
	r->hdr.version = WK_WIRE_VERSION;
	r->hdr.type = WK_MSG_AUTH_FAIL;
	r->hdr.size = sizeof *r;
	r->caller.loginuid = WK_ID_UNSET;
	r->caller.sessionid = WK_ID_UNSET;
}

void
wk_kill_result_init(struct wk_kill_result *m)
{
	memset(m, 0, sizeof *m);
	m->hdr.magic = WK_REPORT_MAGIC;
	m->hdr.version = WK_WIRE_VERSION;
	m->hdr.type = WK_MSG_KILL_RESULT;
	m->hdr.size = sizeof *m;
}

void
wk_query_init(struct wk_query *q, uint16_t type)
{
	memset(q, 0, sizeof *q);
	q->magic = WK_QUERY_MAGIC;
	q->version = WK_WIRE_VERSION;
	q->type = type;
	q->size = sizeof *q;
}

void
wk_reply_init(struct wk_reply_header *h, uint16_t type, uint32_t size)
{
	memset(h, 0, sizeof *h);
	h->magic = WK_REPLY_MAGIC;
	h->version = WK_WIRE_VERSION;
	h->type = type;
	h->size = size;
}
