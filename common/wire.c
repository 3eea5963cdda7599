/*
 * Decoders for the wire format.  Every byte they read comes from another
 * process, so each check is explicit and each failure names its reason.
 */
#include <string.h>

#include "whokilled/wire.h"

_Static_assert(sizeof(struct wk_header) == 16, "wire: header size");
_Static_assert(sizeof(struct wk_argv_cut) == 24, "wire: argv cut size");
_Static_assert(sizeof(struct wk_caller) == 368, "wire: caller size");
_Static_assert(sizeof(struct wk_target) == 40, "wire: target size");
_Static_assert(sizeof(struct wk_kill_report) == 472, "wire: report size");
_Static_assert(sizeof(struct wk_kill_result) == 64, "wire: kill result size");
_Static_assert(sizeof(struct wk_kill_result) <= WK_REPORT_MAX,
    "wire: kill result fits");
_Static_assert(sizeof(struct wk_query) == 888, "wire: query size");
_Static_assert(sizeof(struct wk_chain_entry) == 112, "wire: chain entry size");
_Static_assert(sizeof(struct wk_pid_ns) == 16, "wire: pid namespace size");
_Static_assert(sizeof(struct wk_cgroup) == 768, "wire: cgroup size");
_Static_assert(WK_EVENT_FIXED == 3992, "wire: event size");
_Static_assert(sizeof(struct wk_event) == WK_EVENT_FIXED + WK_ARGV_MAX,
    "wire: event argv last");
_Static_assert(sizeof(struct wk_session_report) == 520, "wire: session size");
_Static_assert(sizeof(struct wk_authfail_report) == 856, "wire: authfail size");
_Static_assert(WK_AUTHFAIL_EVENT_FIXED == 2752, "wire: authfail event size");
_Static_assert(sizeof(struct wk_authfail_event) ==
    WK_AUTHFAIL_EVENT_FIXED + WK_ARGV_MAX, "wire: authfail event argv last");
_Static_assert(sizeof(struct wk_stats) == 312, "wire: stats size");
_Static_assert(sizeof(struct wk_end) == 328, "wire: end size");
_Static_assert(sizeof(struct wk_death_sender) == 136, "wire: death sender size");
_Static_assert(sizeof(struct wk_death_oom) == 600, "wire: death oom size");
_Static_assert(sizeof(struct wk_death) == 1768, "wire: death size");
_Static_assert(sizeof(struct wk_death) <= WK_REPLY_MAX, "wire: death fits");
_Static_assert(sizeof(struct wk_request) == 696 + sizeof(struct wk_event),
    "wire: request size");
_Static_assert(sizeof(struct wk_event) <= WK_REPLY_MAX, "wire: event fits");

#define FAIL(msg)	do { *why = (msg); return -1; } while (0)
/* The same, for the predicate wk_argv_valid. */
#define REFUSE(msg)	do { *why = (msg); return 0; } while (0)

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

/* Strings in len bytes of NUL-terminated arguments. */
static uint32_t
count_strings(const char *argv, size_t len)
{
	uint32_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += argv[i] == '\0';
	return n;
}

int
wk_argv_valid(const struct wk_caller *c, uint32_t flags, const char *argv,
    const char **why)
{
	const struct wk_argv_cut *cut = &c->argv_cut;
	uint32_t strings, whole;

	if (c->argv_len > WK_ARGV_MAX)
		REFUSE("argv longer than its field");
	if (c->argv_len > 0 && argv[c->argv_len - 1] != '\0')
		REFUSE("argv does not end with a NUL");
	if (cut->reserved != 0)
		REFUSE("reserved field set");
	if (cut->head == 0) {
		if (cut->flags != 0 || cut->args != 0 || cut->bytes != 0)
			REFUSE("argv cut without a place");
		return 1;
	}
	if (!(flags & WK_F_ARGV_TRUNCATED))
		REFUSE("argv cut but not flagged so");
	if (cut->flags & ~WK_CUT_ALL)
		REFUSE("unknown argv cut flags");
	if ((cut->flags & WK_CUT_ONE_ARG) && (cut->args != 0 ||
	    (cut->flags & (WK_CUT_HEAD_PART | WK_CUT_TAIL_PART)) !=
	    (WK_CUT_HEAD_PART | WK_CUT_TAIL_PART)))
		REFUSE("argv cut inside one argument, inconsistently");
	strings = count_strings(argv, c->argv_len);
	if (cut->head >= strings)
		REFUSE("argv cut after its last string");
	/* Arguments the strings stand for: two are one with WK_CUT_ONE_ARG. */
	whole = strings - ((cut->flags & WK_CUT_ONE_ARG) ? 1 : 0);
	if ((uint64_t)whole + cut->args != c->argc)
		REFUSE("argv cut counts do not add up to argc");
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
	return 0;
}

/*
 * The argv that follows a message of fixed bytes in a datagram or frame
 * of len bytes: exactly caller.argv_len of them, well formed.
 */
static int
check_argv_tail(const struct wk_caller *c, uint32_t flags, const char *argv,
    size_t fixed, size_t len, const char **why)
{
	if (c->argv_len > WK_ARGV_MAX)
		FAIL("argv longer than its field");
	if (len != fixed + c->argv_len)
		FAIL("length differs from the message and its argv");
	return wk_argv_valid(c, flags, argv, why) ? 0 : -1;
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
	if (r->target.cgroup_len != 0 && (allowed != WK_F_SENDER_ALL ||
	    !(r->flags & WK_F_TARGET_READ)))
		FAIL("a target's cgroup where none is sent");
	return 0;
}

int
wk_decode_report(const void *buf, size_t len, struct wk_kill_report *out,
    char *argv, const char **why)
{
	const char *tail = (const char *)buf + sizeof *out;
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_KILL)
		FAIL("unknown report type");
	if (len < sizeof *out)
		FAIL("wrong length for a kill report");
	memcpy(out, buf, sizeof *out);
	/* The target's cgroup file comes last. */
	if (out->target.cgroup_len > WK_TARGET_CGROUP_MAX ||
	    out->target.cgroup_len > len - sizeof *out)
		FAIL("a target's cgroup longer than its field");
	if (check_argv_tail(&out->caller, out->flags, tail, sizeof *out,
	    len - out->target.cgroup_len, why) < 0)
		return -1;
	memcpy(argv, tail, out->caller.argv_len);
	return check_kill(out, WK_F_SENDER_ALL, why);
}

const char *
wk_report_cgroup(const void *buf, const struct wk_kill_report *out)
{
	if (out->target.cgroup_len == 0)
		return NULL;
	return (const char *)buf + sizeof *out + out->caller.argv_len;
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

/* The checks of a failed-login report; argv is checked by the caller. */
static int
check_authfail(const struct wk_authfail_report *r, const char **why)
{
	if (check_time(&r->time, why) < 0)
		return -1;
	if (r->flags & ~WK_SF_TRUNCATED)
		FAIL("unknown flags");
	if (check_caller(&r->caller, why) < 0)
		return -1;
	return check_pam_items(r->user, r->service, r->tty, r->rhost,
	    r->ruser, why);
}

int
wk_decode_authfail(const void *buf, size_t len,
    struct wk_authfail_report *out, char *argv, const char **why)
{
	const char *tail = (const char *)buf + sizeof *out;
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	if (type != WK_MSG_AUTH_FAIL)
		FAIL("unknown report type");
	if (len < sizeof *out)
		FAIL("wrong length for an authfail report");
	memcpy(out, buf, sizeof *out);
	/* A program's argv cut is said by the cut; the flag is the
	 * kill report's, and a failed login has its own flags. */
	if (check_argv_tail(&out->caller, out->caller.argv_cut.head != 0 ?
	    WK_F_ARGV_TRUNCATED : 0, tail, sizeof *out, len, why) < 0)
		return -1;
	memcpy(argv, tail, out->caller.argv_len);
	return check_authfail(out, why);
}

int
wk_decode_any(const void *buf, size_t len, union wk_report_any *out,
    char *argv, const char **why)
{
	uint16_t type;

	if (check_header(buf, len, &type, why) < 0)
		return -1;
	switch (type) {
	case WK_MSG_KILL:
		return wk_decode_report(buf, len, &out->kill, argv, why);
	case WK_MSG_SESSION_OPEN:
	case WK_MSG_SESSION_CLOSE:
		return wk_decode_session(buf, len, &out->session, why);
	case WK_MSG_AUTH_FAIL:
		return wk_decode_authfail(buf, len, &out->authfail, argv, why);
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
	    out->type != WK_Q_FAILED_LOGINS && out->type != WK_Q_LIST)
		FAIL("unknown query type");
	if (out->flags & ~WK_QF_ALL)
		FAIL("unknown query flags");
	if (out->type != WK_Q_LIST && (out->flags & ~WK_QF_ALL_PROCESSES))
		FAIL("list flags on a query that is not a list");
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
	if (!terminated(out->name, sizeof out->name))
		FAIL("unterminated name");
	if (strchr(out->name, '\n') != NULL || strchr(out->name, '/') != NULL)
		FAIL("a process name holds no newline or slash");
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
	case WK_R_REQUEST:
		return sizeof(struct wk_request);
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
	/* Frames that end with argv carry only its used bytes. */
	if (h.type == WK_R_EVENT || h.type == WK_R_AUTHFAIL ||
	    h.type == WK_R_REQUEST ?
	    h.size < reply_size(h.type) - WK_ARGV_MAX ||
	    h.size > reply_size(h.type) : h.size != reply_size(h.type))
		FAIL("wrong size for the reply type");
	*type = h.type;
	*size = h.size;
	return 0;
}

/*
 * Common part of the reply decoders: header of the expected type, the
 * length it says (at most outsize), copied.
 */
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
	if (len != size || len > outsize)
		FAIL("wrong length for the reply type");
	memcpy(out, buf, len);
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

/* A unit and cgroup: both strings end inside their fields. */
static int
check_cgroup(const struct wk_cgroup *cg)
{
	return terminated(cg->unit, sizeof cg->unit) &&
	    terminated(cg->path, sizeof cg->path) ? 0 : -1;
}

/* The checks of an event's body (its header and argv are checked already). */
static int
check_event(struct wk_event *out, const char **why)
{
	if (out->sources & ~WK_SRC_ALL)
		FAIL("unknown sources");
	if (!terminated(out->boot_id, sizeof out->boot_id) ||
	    !terminated(out->tty, sizeof out->tty) ||
	    !terminated(out->node, sizeof out->node) ||
	    check_cgroup(&out->target_cgroup) < 0)
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
	out->report.hdr.size = (uint32_t)(sizeof out->report +
	    out->report.caller.argv_len);
	return check_kill(&out->report, WK_F_ALL, why);
}

int
wk_decode_event(const void *buf, size_t len, struct wk_event *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_EVENT, out, sizeof *out, why) < 0)
		return -1;
	if (check_argv_tail(&out->report.caller, out->report.flags, out->argv,
	    WK_EVENT_FIXED, len, why) < 0)
		return -1;
	return check_event(out, why);
}

int
wk_decode_request(const void *buf, size_t len, struct wk_request *out,
    const char **why)
{
	if (decode_reply(buf, len, WK_R_REQUEST, out, sizeof *out, why) < 0)
		return -1;
	if (check_argv_tail(&out->caller.report.caller,
	    out->caller.report.flags, out->caller.argv, WK_REQUEST_FIXED, len,
	    why) < 0)
		return -1;
	if (out->via < 1 || out->via > WK_VIA_MAX)
		FAIL("unknown request via");
	if (out->verb > WK_VERB_MAX)
		FAIL("unknown request verb");
	if (out->flags & ~WK_RQ_ALL)
		FAIL("unknown request flags");
	if (check_time(&out->time, why) < 0)
		return -1;
	if (!terminated(out->unit, sizeof out->unit) ||
	    !terminated(out->cause_unit, sizeof out->cause_unit) ||
	    !terminated(out->method, sizeof out->method) ||
	    !terminated(out->job_verb, sizeof out->job_verb))
		FAIL("unterminated string in request");
	if (!(out->flags & WK_RQ_CALLER))
		return 0;
	/* Who asked has the killer's shape and rules; it sent no signal. */
	if (!terminated(out->caller.boot_id, sizeof out->caller.boot_id) ||
	    !terminated(out->caller.tty, sizeof out->caller.tty))
		FAIL("unterminated string in request caller");
	if (out->caller.session.flags &
	    ~(WK_SF_ALL | WK_SI_KNOWN | WK_SI_CLOSED))
		FAIL("unknown session flags");
	if (check_pam_items(out->caller.session.user,
	    out->caller.session.service, out->caller.session.tty,
	    out->caller.session.rhost, out->caller.session.ruser, why) < 0)
		return -1;
	if (check_chain(out->caller.chain, out->caller.chain_len, why) < 0)
		return -1;
	return check_caller(&out->caller.report.caller, why);
}

const char *
wk_request_via_name(uint32_t via)
{
	static const char *const names[] = {
		[WK_VIA_BUS] = "bus", [WK_VIA_SYSTEMCTL] = "systemctl",
		[WK_VIA_SYSTEMD] = "systemd",
	};

	return via >= 1 && via <= WK_VIA_MAX ? names[via] : "unknown";
}

const char *
wk_request_verb_name(uint32_t verb)
{
	static const char *const names[] = {
		[WK_VERB_UNKNOWN] = "unknown", [WK_VERB_STOP] = "stop",
		[WK_VERB_RESTART] = "restart", [WK_VERB_KILL] = "kill",
		[WK_VERB_STOP_TIMEOUT] = "stop-timeout",
		[WK_VERB_DEPENDENCY] = "dependency",
		[WK_VERB_RESTART_POLICY] = "restart-policy",
		[WK_VERB_WATCHDOG] = "watchdog", [WK_VERB_SHUTDOWN] = "shutdown",
	};

	return verb <= WK_VERB_MAX ? names[verb] : "unknown";
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
	    !terminated(out->oom.task_memcg, sizeof out->oom.task_memcg) ||
	    check_cgroup(&out->cgroup) < 0)
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
	const struct wk_caller *c = &out->report.caller;

	if (decode_reply(buf, len, WK_R_AUTHFAIL, out, sizeof *out, why) < 0)
		return -1;
	if (check_argv_tail(c, c->argv_cut.head != 0 ? WK_F_ARGV_TRUNCATED : 0,
	    out->argv, WK_AUTHFAIL_EVENT_FIXED, len, why) < 0)
		return -1;
	if (out->count == 0)
		FAIL("empty group");
	if (!terminated(out->boot_id, sizeof out->boot_id))
		FAIL("unterminated string");
	if (check_chain(out->chain, out->chain_len, why) < 0)
		return -1;
	/* The embedded report obeys the sender's rules, argv blanking aside. */
	out->report.hdr.magic = WK_REPORT_MAGIC;
	out->report.hdr.version = WK_WIRE_VERSION;
	out->report.hdr.type = WK_MSG_AUTH_FAIL;
	out->report.hdr.size = (uint32_t)(sizeof out->report + c->argv_len);
	return check_authfail(&out->report, why);
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

size_t
wk_event_size(const struct wk_event *ev)
{
	size_t n = ev->report.caller.argv_len;

	return WK_EVENT_FIXED + (n < WK_ARGV_MAX ? n : WK_ARGV_MAX);
}

size_t
wk_request_size(const struct wk_request *req)
{
	return offsetof(struct wk_request, caller) +
	    wk_event_size(&req->caller);
}

size_t
wk_authfail_event_size(const struct wk_authfail_event *fa)
{
	size_t n = fa->report.caller.argv_len;

	return WK_AUTHFAIL_EVENT_FIXED + (n < WK_ARGV_MAX ? n : WK_ARGV_MAX);
}

void
wk_event_copy(struct wk_event *dst, const struct wk_event *src)
{
	memmove(dst, src, wk_event_size(src));
}

void
wk_authfail_event_copy(struct wk_authfail_event *dst,
    const struct wk_authfail_event *src)
{
	memmove(dst, src, wk_authfail_event_size(src));
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
