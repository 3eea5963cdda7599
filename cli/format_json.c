/*
 * JSON report: an array of event objects, fields as documented in
 * whokilled(1).  Unknown values are null, never invented.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "format_blind.h"
#include "format_death.h"
#include "format_filter.h"
#include "format_json.h"
#include "names.h"

void
cli_json_string(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	fputc('"', out);
	while (i < len) {
		uint32_t cp;
		size_t n = cli_utf8_char(p + i, len - i, &cp);

		if (n == 0) {
			fprintf(out, "\\u%04x", p[i]);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			fputc('\\', out);
			fputc((int)cp, out);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp == '\r') {
			fputs("\\r", out);
		} else if (!cli_printable(cp)) {
			fprintf(out, "\\u%04" PRIx32, cp);
		} else {
			fwrite(p + i, 1, n, out);
		}
		i += n;
	}
	fputc('"', out);
}

/* A fixed-size string field, bounded by its NUL or its size. */
static void
json_field(FILE *out, const char *s, size_t max)
{
	cli_json_string(out, s, strnlen(s, max));
}

/* Like json_field, but null for an empty string or when known is false. */
static void
json_field_or_null(FILE *out, int known, const char *s, size_t max)
{
	if (known && s[0] != '\0')
		json_field(out, s, max);
	else
		fputs("null", out);
}

/* "unit" and "cgroup" of a process, each null when unknown. */
static void
json_cgroup(FILE *out, const struct wk_cgroup *cg)
{
	fputs(",\"unit\":", out);
	json_field_or_null(out, 1, cg->unit, sizeof cg->unit);
	fputs(",\"cgroup\":", out);
	json_field_or_null(out, 1, cg->path, sizeof cg->path);
}

/* A login uid or session id: null when WK_ID_UNSET. */
static void
json_id(FILE *out, uint32_t id)
{
	if (id == WK_ID_UNSET)
		fputs("null", out);
	else
		fprintf(out, "%" PRIu32, id);
}

static void
json_user(FILE *out, uint32_t uid)
{
	char name[CLI_NAME_MAX];

	if (uid != WK_ID_UNSET && cli_user_name(uid, name, sizeof name) != NULL)
		cli_json_string(out, name, strlen(name));
	else
		fputs("null", out);
}

static void
json_bool(FILE *out, int b)
{
	fputs(b ? "true" : "false", out);
}

static void
json_time(FILE *out, int64_t sec, int64_t nsec)
{
	char buf[CLI_TIME_MAX];

	if (cli_time_iso(sec, nsec, buf, sizeof buf) != NULL)
		fprintf(out, "\"%s\"", buf);
	else
		fputs("null", out);
}

static void
json_signal(FILE *out, int32_t signo)
{
	const char *name = wk_signal_name(signo);

	fprintf(out, "{\"number\":%" PRId32 ",\"name\":", signo);
	if (name != NULL)
		fprintf(out, "\"%s\"}", name);
	else
		fputs("null}", out);
}

/*
 * The result: success, errno and its name, whether it was still pending
 * (reported before delivery, no result came), and the state in a word:
 * "delivered", "failed", "sender_among_targets" (pending, and the
 * sender's own end was by the signal) or "unknown" (pending otherwise;
 * success is null then).
 */
static void
json_result(FILE *out, const struct wk_kill_report *r)
{
	char buf[16];
	int pending = (r->flags & WK_F_RESULT_PENDING) != 0;
	int ended = (r->flags & WK_F_SENDER_ENDED) != 0;
	const char *state;

	fputs("{\"success\":", out);
	if (pending && !ended)
		fputs("null", out);
	else
		json_bool(out, r->result == 0);
	fprintf(out, ",\"errno\":%" PRId32 ",\"error\":", r->result == 0 ? 0 : r->error);
	if (r->result != 0 && r->error > 0)
		fprintf(out, "\"%s\"", cli_errno_name(r->error, buf, sizeof buf));
	else
		fputs("null", out);
	if (pending)
		state = ended ? "sender_among_targets" : "unknown";
	else
		state = r->result == 0 ? "delivered" : "failed";
	fputs(",\"pending\":", out);
	json_bool(out, pending);
	fprintf(out, ",\"state\":\"%s\"}", state);
}

/*
 * The pid in the killer's pid namespace and that namespace, after a pid:
 * ns_pid (null when none) and pid_ns (null: the daemon's namespace).
 */
static void
json_ns_pid(FILE *out, const struct wk_pid_ns *ns, int32_t ns_pid)
{
	fputs(",\"ns_pid\":", out);
	if (ns->id != 0 && ns_pid > 0)
		fprintf(out, "%" PRId32, ns_pid);
	else
		fputs("null", out);
	fputs(",\"pid_ns\":", out);
	if (ns->id != 0)
		fprintf(out, "%" PRIu64, ns->id);
	else
		fputs("null", out);
}

/*
 * A pid of the killer's, in the daemon's pids: null for 0 when the killer
 * was in another pid namespace (no host pid was found for it there).
 */
static void
json_host_pid(FILE *out, const struct wk_pid_ns *ns, int32_t pid)
{
	if (ns->id != 0 && pid == 0)
		fputs("null", out);
	else
		fprintf(out, "%" PRId32, pid);
}

static void
json_target(FILE *out, const struct wk_event *ev)
{
	const struct wk_kill_report *r = &ev->report;
	const struct wk_target *t = &r->target;
	/* Read by the shim; in a container, maybe with no host pid found. */
	int known = (r->flags & WK_F_TARGET_READ) &&
	    (t->pid > 0 || (ev->pid_ns.id != 0 && ev->pid_ns.target_pid > 0));

	fputs("{\"pid\":", out);
	if (t->pid > 0 && known)
		fprintf(out, "%" PRId32, t->pid);
	else
		fputs("null", out);
	/* In a container, 0 is a parent whose host pid was not found. */
	if (known && (ev->pid_ns.id == 0 || t->ppid > 0))
		fprintf(out, ",\"ppid\":%" PRId32, t->ppid);
	else
		fputs(",\"ppid\":null", out);
	json_ns_pid(out, &ev->pid_ns, ev->pid_ns.target_pid);
	fputs(",\"comm\":", out);
	json_field_or_null(out, known, t->comm, sizeof t->comm);
	if (known) {
		fprintf(out, ",\"uid\":%" PRIu32 ",\"user\":", t->uid);
		json_user(out, t->uid);
		fprintf(out, ",\"start_time\":%" PRIu64, t->start_time);
	} else {
		fputs(",\"uid\":null,\"user\":null,\"start_time\":null", out);
	}
	json_cgroup(out, &ev->target_cgroup);
	fputs(",\"exe\":", out);
	json_field_or_null(out, 1, ev->target_exe, sizeof ev->target_exe);
	fputs(",\"group\":", out);
	json_bool(out, (r->flags & WK_F_TARGET_GROUP) != 0);
	fputs(",\"all\":", out);
	json_bool(out, (r->flags & WK_F_TARGET_ALL) != 0);
	fputs(",\"member\":", out);
	json_bool(out, (r->flags & WK_F_GROUP_MEMBER) != 0);
	fputs(",\"reached\":", out);
	if (r->reached > 0)
		fprintf(out, "%" PRIu32, r->reached);
	else
		fputs("null", out);
	fprintf(out, ",\"arg_pid\":%" PRId32 ",\"arg_tid\":%" PRId32 "}",
	    r->arg_pid, r->arg_tid);
}

/*
 * The caller's NUL-separated argv (its argv_len bytes) as an array of
 * strings, then "argv_cut": where a long one was cut, or null.
 */
static void
json_argv(FILE *out, const struct wk_caller *c, const char *argv)
{
	const struct wk_argv_cut *cut = &c->argv_cut;
	size_t len = c->argv_len < WK_ARGV_MAX ? c->argv_len : WK_ARGV_MAX;
	size_t i = 0;

	fputc('[', out);
	while (i < len) {
		size_t n = strnlen(argv + i, len - i);

		if (i > 0)
			fputc(',', out);
		cli_json_string(out, argv + i, n);
		i += n + 1;
	}
	fputs("],\"argv_cut\":", out);
	if (cut->head == 0) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"after_arg\":%" PRIu32 ",\"args_omitted\":%" PRIu32
	    ",\"bytes_omitted\":%" PRIu64 ",\"head_partial\":", cut->head,
	    cut->args, cut->bytes);
	json_bool(out, (cut->flags & WK_CUT_HEAD_PART) != 0);
	fputs(",\"tail_partial\":", out);
	json_bool(out, (cut->flags & WK_CUT_TAIL_PART) != 0);
	fputs(",\"one_argument\":", out);
	json_bool(out, (cut->flags & WK_CUT_ONE_ARG) != 0);
	fputc('}', out);
}

/*
 * The people of a caller, after its "user" key: its user and effective
 * user by name, its login uid and audit session (null when unset).
 */
static void
json_caller_people(FILE *out, const struct wk_caller *c)
{
	json_user(out, c->uid);
	fputs(",\"euser\":", out);
	json_user(out, c->euid);
	fputs(",\"auid\":", out);
	json_id(out, c->loginuid);
	fputs(",\"login_user\":", out);
	json_user(out, c->loginuid);
	fputs(",\"session\":", out);
	json_id(out, c->sessionid);
}


/* The killer's object without its closing brace. */
static void
json_killer_fields(FILE *out, const struct wk_event *ev)
{
	const struct wk_kill_report *r = &ev->report;
	const struct wk_caller *c = &r->caller;
	int stat = (r->flags & WK_F_CALLER_STAT_READ) != 0;

	fprintf(out, "{\"pid\":%" PRId32 ",\"ppid\":", c->pid);
	json_host_pid(out, &ev->pid_ns, c->ppid);
	fputs(",\"tid\":", out);
	json_host_pid(out, &ev->pid_ns, c->tid);
	json_ns_pid(out, &ev->pid_ns, ev->pid_ns.caller_pid);
	fputs(",\"comm\":", out);
	json_field_or_null(out, 1, c->comm, sizeof c->comm);
	fputs(",\"exe\":", out);
	json_field_or_null(out, 1, c->exe, sizeof c->exe);
	fprintf(out, ",\"argc\":%" PRIu32 ",\"argv\":", c->argc);
	json_argv(out, c, ev->argv);
	fputs(",\"argv_truncated\":", out);
	json_bool(out, (r->flags & WK_F_ARGV_TRUNCATED) != 0);
	fputs(",\"argv_hidden\":", out);
	json_bool(out, c->argv_len == 0 && c->argc > 0);
	fprintf(out, ",\"uid\":%" PRIu32 ",\"euid\":%" PRIu32 ",\"suid\":%" PRIu32
	    ",\"gid\":%" PRIu32 ",\"egid\":%" PRIu32 ",\"user\":",
	    c->uid, c->euid, c->suid, c->gid, c->egid);
	json_caller_people(out, c);
	fputs(",\"tty\":", out);
	json_field_or_null(out, 1, ev->tty, sizeof ev->tty);
	if (stat) {
		fprintf(out, ",\"start_time\":%" PRIu64 ",\"sid\":",
		    c->start_time);
		json_host_pid(out, &ev->pid_ns, c->sid);
		fputs(",\"pgid\":", out);
		json_host_pid(out, &ev->pid_ns, c->pgid);
	} else
		fputs(",\"start_time\":null,\"sid\":null,\"pgid\":null", out);
}

static void
json_killer(FILE *out, const struct wk_event *ev)
{
	json_killer_fields(out, ev);
	fputc('}', out);
}

static void
json_chain(FILE *out, const struct wk_chain_entry *chain,
    uint32_t len)
{
	uint32_t n = len < WK_CHAIN_MAX ? len : WK_CHAIN_MAX;

	fputc('[', out);
	for (uint32_t i = 0; i < n; i++) {
		const struct wk_chain_entry *e = &chain[i];

		fprintf(out, "%s{\"pid\":%" PRId32 ",\"ppid\":%" PRId32
		    ",\"start_time\":%" PRIu64 ",\"comm\":", i ? "," : "",
		    e->pid, e->ppid, e->start_time);
		json_field_or_null(out, 1, e->comm, sizeof e->comm);
		fprintf(out, ",\"uid\":%" PRIu32 ",\"user\":", e->uid);
		json_user(out, e->uid);
		fprintf(out, ",\"euid\":%" PRIu32 ",\"euser\":", e->euid);
		json_user(out, e->euid);
		fputs(",\"auid\":", out);
		json_id(out, e->loginuid);
		fputs(",\"args\":", out);
		json_field(out, e->args, sizeof e->args);
		fputc('}', out);
	}
	fputc(']', out);
}

/* A time, or null when it was never seen (0). */
static void
json_time_or_null(FILE *out, const struct wk_time *t)
{
	if (t->sec != 0)
		json_time(out, t->sec, t->nsec);
	else
		fputs("null", out);
}

/* The login session joined to the event, or null. */
static void
json_session(FILE *out, const struct wk_session_info *s)
{
	char id[CLI_SESSION_NAME_MAX];

	if (!(s->flags & WK_SI_KNOWN)) {
		fputs("null", out);
		return;
	}
	fputs("{\"id\":", out);
	if (cli_session_name(s, id, sizeof id) != NULL)
		cli_json_string(out, id, strlen(id));
	else
		fputs("null", out);
	fputs(",\"user\":", out);
	json_field_or_null(out, 1, s->user, sizeof s->user);
	fprintf(out, ",\"uid\":%" PRIu32 ",\"service\":", s->uid);
	json_field_or_null(out, 1, s->service, sizeof s->service);
	fputs(",\"tty\":", out);
	json_field_or_null(out, 1, s->tty, sizeof s->tty);
	fputs(",\"rhost\":", out);
	json_field_or_null(out, 1, s->rhost, sizeof s->rhost);
	fputs(",\"ruser\":", out);
	json_field_or_null(out, 1, s->ruser, sizeof s->ruser);
	fputs(",\"opened\":", out);
	json_time_or_null(out, &s->opened);
	fputs(",\"closed\":", out);
	json_time_or_null(out, &s->closed);
	fputs(",\"loginuid\":", out);
	json_id(out, s->loginuid);
	fputs(",\"login_user\":", out);
	json_user(out, s->loginuid);
	fputs(",\"sessionid\":", out);
	json_id(out, s->sessionid);
	fputs(",\"own_id\":", out);
	if (s->flags & WK_SF_OWN_ID)
		fprintf(out, "\"%" PRIx64 "\"", s->own_id);
	else
		fputs("null", out);
	fprintf(out, ",\"pid\":%" PRId32 ",\"start_time\":%" PRIu64 "}",
	    s->pid, s->start_time);
}

static void
json_sources(FILE *out, uint32_t sources)
{
	const char *sep = "";

	fputc('[', out);
	if (sources & WK_SRC_SHIM) {
		fprintf(out, "%s\"shim\"", sep);
		sep = ",";
	}
	if (sources & WK_SRC_KERNEL) {
		fprintf(out, "%s\"kernel\"", sep);
		sep = ",";
	}
	if (sources & WK_SRC_PAM) {
		fprintf(out, "%s\"pam\"", sep);
		sep = ",";
	}
	if (sources & WK_SRC_NODE)
		fprintf(out, "%s\"node_record\"", sep);
	fputc(']', out);
}

/* An event's fields, without the closing brace. */
static void json_event_fields(FILE *out, const struct wk_event *ev);

void
cli_json_event(FILE *out, const struct wk_event *ev)
{
	json_event_fields(out, ev);
	fputc('}', out);
}

/* The death kind's name in JSON. */
static const char *
death_kind(uint32_t kind)
{
	switch (kind) {
	case WK_DEATH_RUNNING: return "running";
	case WK_DEATH_EXITED: return "exited";
	case WK_DEATH_SIGNALED: return "signaled";
	case WK_DEATH_OOM: return "oom";
	case WK_DEATH_UNKNOWN: return "unknown";
	default: return "no_record";
	}
}

static void
json_death_sender(FILE *out, const struct wk_death *d)
{
	const struct wk_death_sender *s = &d->sender;

	if (!(d->flags & WK_D_SENDER)) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"event\":%" PRId64 ",\"pid\":%" PRId32 ",\"comm\":",
	    s->event, s->pid);
	json_field_or_null(out, 1, s->comm, sizeof s->comm);
	fprintf(out, ",\"uid\":%" PRIu32 ",\"user\":", s->uid);
	json_user(out, s->uid);
	fputs(",\"auid\":", out);
	json_id(out, s->loginuid);
	fputs(",\"login_user\":", out);
	json_user(out, s->loginuid);
	fputs(",\"session_user\":", out);
	json_field_or_null(out, (d->flags & WK_D_SENDER_SESSION) != 0,
	    s->session_user, sizeof s->session_user);
	fputs(",\"via\":", out);
	json_field_or_null(out, 1, s->via, sizeof s->via);
	fputs(",\"time\":", out);
	json_time_or_null(out, &s->time);
	fputc('}', out);
}

static void
json_death_oom(FILE *out, const struct wk_death *d)
{
	const struct wk_death_oom *o = &d->oom;
	int ctx = (d->flags & WK_D_OOM_CONTEXT) != 0;

	if (d->kind != WK_DEATH_OOM) {
		fputs("null", out);
		return;
	}
	fputs("{\"time\":", out);
	json_time_or_null(out, &o->time);
	fputs(",\"constraint\":", out);
	json_field_or_null(out, ctx, o->constraint, sizeof o->constraint);
	fputs(",\"memcg\":", out);
	json_field_or_null(out, 1, o->memcg, sizeof o->memcg);
	fputs(",\"task_memcg\":", out);
	json_field_or_null(out, ctx, o->task_memcg, sizeof o->task_memcg);
	fprintf(out, ",\"total_vm_kb\":%" PRIu64 ",\"anon_rss_kb\":%" PRIu64
	    ",\"file_rss_kb\":%" PRIu64 ",\"shmem_rss_kb\":%" PRIu64
	    ",\"rss_kb\":%" PRIu64 ",\"oom_score_adj\":%" PRId32 ",\"global\":",
	    o->total_vm_kb, o->anon_rss_kb, o->file_rss_kb, o->shmem_rss_kb,
	    o->anon_rss_kb + o->file_rss_kb + o->shmem_rss_kb, o->score_adj);
	json_bool(out, (d->flags & WK_D_OOM_GLOBAL) != 0);
	fputs(",\"group\":", out);
	json_bool(out, (d->flags & WK_D_OOM_GROUP) != 0);
	fputc('}', out);
}

static void
json_death_watch(FILE *out, const struct wk_death *d)
{
	const struct wk_death_watch *w = &d->watch;

	if (d->kind != WK_DEATH_NO_RECORD) {
		fputs("null", out);
		return;
	}
	fputs("{\"watching\":", out);
	json_bool(out, (d->flags & WK_D_WATCHING) != 0);
	fputs(",\"since\":", out);
	json_time_or_null(out, &w->since);
	fputs(",\"gap_from\":", out);
	json_time_or_null(out, &w->gap_from);
	fputs(",\"gap_to\":", out);
	json_time_or_null(out, &w->gap_to);
	fputc('}', out);
}

/* What could explain a death by an unsent signal: [{id, text}], or null. */
static void
json_blind_spots(FILE *out, const struct wk_death *d)
{
	struct cli_blind_spot spots[CLI_BLIND_MAX];
	unsigned i, n = cli_blind_spots(d, spots, CLI_BLIND_MAX);

	if (n == 0) {
		fputs("null", out);
		return;
	}
	fputc('[', out);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? ",{\"id\":" : "{\"id\":", out);
		cli_json_string(out, spots[i].id, strlen(spots[i].id));
		fputs(",\"text\":", out);
		cli_json_string(out, spots[i].text, strlen(spots[i].text));
		fputc('}', out);
	}
	fputc(']', out);
}

void
cli_json_death(FILE *out, const struct wk_death *d)
{
	char phrase[CLI_DEATH_PHRASE_MAX];
	int exited = (d->flags & WK_D_EXIT_KNOWN) != 0;

	fprintf(out, "{\"kind\":\"%s\",\"summary\":", death_kind(d->kind));
	cli_death_phrase(d, phrase, sizeof phrase);
	cli_json_string(out, phrase, strlen(phrase));
	fprintf(out, ",\"pid\":%" PRId32 ",\"ppid\":", d->pid);
	if (d->ppid > 0)
		fprintf(out, "%" PRId32, d->ppid);
	else
		fputs("null", out);
	fputs(",\"start_time\":", out);
	if (d->flags & WK_D_START_KNOWN)
		fprintf(out, "%" PRIu64, d->start_time);
	else
		fputs("null", out);
	fputs(",\"boot_id\":", out);
	json_field_or_null(out, 1, d->boot_id, sizeof d->boot_id);
	fputs(",\"comm\":", out);
	json_field_or_null(out, 1, d->comm, sizeof d->comm);
	fputs(",\"args\":", out);
	json_field_or_null(out, 1, d->args, sizeof d->args);
	json_cgroup(out, &d->cgroup);
	fputs(",\"uid\":", out);
	json_id(out, d->uid);
	fputs(",\"user\":", out);
	json_user(out, d->uid);
	fputs(",\"time\":", out);
	json_time_or_null(out, &d->time);
	fputs(",\"epoch\":", out);
	if (d->time.sec != 0)
		fprintf(out, "%" PRId64, d->time.sec);
	else
		fputs("null", out);
	fputs(",\"status\":", out);
	if (d->kind == WK_DEATH_EXITED)
		fprintf(out, "%" PRId32, d->exit_code);
	else
		fputs("null", out);
	fputs(",\"signal\":", out);
	if ((d->kind == WK_DEATH_SIGNALED || d->kind == WK_DEATH_OOM) &&
	    d->signo > 0)
		json_signal(out, d->signo);
	else
		fputs("null", out);
	fputs(",\"core\":", out);
	json_bool(out, (d->flags & WK_D_CORE) != 0);
	fputs(",\"wait_status\":", out);
	if (exited)
		fprintf(out, "%" PRIu32, d->exit_status);
	else
		fputs("null", out);
	fputs(",\"signalled\":", out);
	json_bool(out, (d->flags & WK_D_SIGNALLED) != 0);
	fputs(",\"sender\":", out);
	json_death_sender(out, d);
	fputs(",\"sender_hidden\":", out);
	json_bool(out, (d->flags & WK_D_SENDER_HIDDEN) != 0);
	fputs(",\"parent_ended_first\":", out);
	if (d->flags & WK_D_PARENT_GONE) {
		fprintf(out, "{\"pid\":%" PRId32 ",\"comm\":", d->parent_pid);
		json_field_or_null(out, 1, d->parent_comm,
		    sizeof d->parent_comm);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(",\"zombie\":", out);
	json_bool(out, (d->flags & WK_D_ZOMBIE) != 0);
	fputs(",\"oom\":", out);
	json_death_oom(out, d);
	fputs(",\"no_record\":", out);
	json_death_watch(out, d);
	fputs(",\"blind_spots\":", out);
	json_blind_spots(out, d);
	fputc('}', out);
}

void
cli_json_death_only(FILE *out, const struct wk_death *d)
{
	cli_json_death_only_filtered(out, d, NULL, NULL);
}

/* The signal a filter left out, newest, in brief. */
static void
json_excluded(FILE *out, const struct wk_end *end, const struct wk_death *d)
{
	struct wk_event ev;
	int ended;

	cli_filter_excluded_event(end, &ev);
	fprintf(out, "{\"id\":%" PRId64 ",\"time\":", ev.id);
	json_time(out, ev.report.time.sec, ev.report.time.nsec);
	fprintf(out, ",\"epoch\":%" PRId64 ",\"signal\":",
	    ev.report.time.sec);
	json_signal(out, ev.report.signo);
	fputs(",\"result\":", out);
	json_result(out, &ev.report);
	ended = cli_death_ended_it(d, &ev);
	fputs(",\"ended_it\":", out);
	if (ended < 0)
		fputs("null", out);
	else
		json_bool(out, ended);
	fputc('}', out);
}

/* "filtered_out": what the query's filters left out, or null. */
static void
json_filtered_out(FILE *out, const struct wk_death *d,
    const struct wk_end *end, const char *phrase)
{
	if (end == NULL || end->filtered_out == 0) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"count\":%" PRIu32 ",\"newest\":",
	    end->filtered_out);
	json_excluded(out, end, d);
	fputs(",\"message\":", out);
	if (phrase != NULL)
		cli_json_string(out, phrase, strlen(phrase));
	else
		fputs("null", out);
	fputc('}', out);
}

void
cli_json_death_only_filtered(FILE *out, const struct wk_death *d,
    const struct wk_end *end, const char *phrase)
{
	fputs("{\"id\":null,\"time\":null,\"epoch\":null,\"boot_id\":", out);
	json_field_or_null(out, 1, d->boot_id, sizeof d->boot_id);
	fputs(",\"signal\":null,\"call\":null,\"result\":null,"
	    "\"target\":{\"pid\":", out);
	fprintf(out, "%" PRId32 ",\"ppid\":", d->pid);
	if (d->ppid > 0)
		fprintf(out, "%" PRId32, d->ppid);
	else
		fputs("null", out);
	fputs(",\"ns_pid\":null,\"pid_ns\":null,\"comm\":", out);
	json_field_or_null(out, 1, d->comm, sizeof d->comm);
	fputs(",\"uid\":", out);
	json_id(out, d->uid);
	fputs(",\"user\":", out);
	json_user(out, d->uid);
	fputs(",\"start_time\":", out);
	if (d->flags & WK_D_START_KNOWN)
		fprintf(out, "%" PRIu64, d->start_time);
	else
		fputs("null", out);
	json_cgroup(out, &d->cgroup);
	fputs(",\"group\":false,\"all\":false,\"member\":false,"
	    "\"reached\":null,\"arg_pid\":null,"
	    "\"arg_tid\":null},\"killer\":null,\"chain\":[],\"session\":null,"
	    "\"sources\":[],\"reports_lost_before\":null,\"death\":", out);
	cli_json_death(out, d);
	fputs(",\"ended_it\":null,\"filtered_out\":", out);
	json_filtered_out(out, d, end, phrase);
	fputc('}', out);
}

static void
json_event_fields(FILE *out, const struct wk_event *ev)
{
	const struct wk_kill_report *r = &ev->report;

	fprintf(out, "{\"id\":%" PRId64 ",\"time\":", ev->id);
	json_time(out, r->time.sec, r->time.nsec);
	fprintf(out, ",\"epoch\":%" PRId64 ",\"boot_id\":", r->time.sec);
	json_field_or_null(out, 1, ev->boot_id, sizeof ev->boot_id);
	fputs(",\"signal\":", out);
	json_signal(out, r->signo);
	fputs(",\"call\":", out);
	cli_json_string(out, wk_call_name(r->call), strlen(wk_call_name(r->call)));
	fputs(",\"result\":", out);
	json_result(out, r);
	fputs(",\"target\":", out);
	json_target(out, ev);
	fputs(",\"killer\":", out);
	json_killer(out, ev);
	fputs(",\"chain\":", out);
	json_chain(out, ev->chain, ev->chain_len);
	fputs(",\"session\":", out);
	json_session(out, &ev->session);
	fputs(",\"sources\":", out);
	json_sources(out, ev->sources);
	fprintf(out, ",\"reports_lost_before\":%" PRIu32, r->hdr.dropped);
	/* The audit node that recorded it; null on a single host. */
	fputs(",\"node\":", out);
	json_field_or_null(out, ev->node[0] != '\0', ev->node, sizeof ev->node);
}

/* Who asked systemd (a WK_R_REQUEST), or null. */
static void
json_request(FILE *out, const struct wk_request *req)
{
	const char *s;

	if (req == NULL) {
		fputs("null", out);
		return;
	}
	s = wk_request_via_name(req->via);
	fputs("{\"via\":", out);
	cli_json_string(out, s, strlen(s));
	s = wk_request_verb_name(req->verb);
	fputs(",\"verb\":", out);
	cli_json_string(out, s, strlen(s));
	fputs(",\"unit\":", out);
	json_field_or_null(out, req->unit[0] != '\0', req->unit,
	    sizeof req->unit);
	fputs(",\"job\":", out);
	if (req->flags & WK_RQ_JOB)
		fprintf(out, "%" PRIu32, req->job);
	else
		fputs("null", out);
	fputs(",\"job_verb\":", out);
	json_field_or_null(out, req->job_verb[0] != '\0', req->job_verb,
	    sizeof req->job_verb);
	fputs(",\"cause_unit\":", out);
	json_field_or_null(out, req->cause_unit[0] != '\0', req->cause_unit,
	    sizeof req->cause_unit);
	fputs(",\"method\":", out);
	json_field_or_null(out, req->method[0] != '\0', req->method,
	    sizeof req->method);
	fputs(",\"time\":", out);
	json_time_or_null(out, &req->time);
	fputs(",\"exact\":", out);
	json_bool(out, (req->flags & WK_RQ_EXACT) != 0);
	fputs(",\"caller\":", out);
	if (req->flags & WK_RQ_CALLER) {
		/* The killer's object, its chain and session inside it. */
		json_killer_fields(out, &req->caller);
		fputs(",\"chain\":", out);
		json_chain(out, req->caller.chain, req->caller.chain_len);
		fputs(",\"session\":", out);
		json_session(out, &req->caller.session);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputc('}', out);
}

void
cli_json_event_death(FILE *out, const struct wk_event *ev,
    const struct wk_death *death)
{
	cli_json_event_request(out, ev, death, NULL);
}

void
cli_json_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_death *death, const struct wk_request *req)
{
	int ended;

	json_event_fields(out, ev);
	fputs(",\"requested_by\":", out);
	json_request(out, req);
	fputs(",\"death\":", out);
	if (death != NULL)
		cli_json_death(out, death);
	else
		fputs("null", out);
	ended = cli_death_ended_it(death, ev);
	fputs(",\"ended_it\":", out);
	if (ended < 0)
		fputs("null", out);
	else
		json_bool(out, ended);
	fputc('}', out);
}

/* The program that asked PAM, in the shape of an event's killer. */
static void
json_program(FILE *out, const struct wk_caller *c, const char *argv)
{
	fprintf(out, "{\"pid\":%" PRId32 ",\"ppid\":%" PRId32 ",\"comm\":",
	    c->pid, c->ppid);
	json_field_or_null(out, 1, c->comm, sizeof c->comm);
	fputs(",\"exe\":", out);
	json_field_or_null(out, 1, c->exe, sizeof c->exe);
	fprintf(out, ",\"argc\":%" PRIu32 ",\"argv\":", c->argc);
	json_argv(out, c, argv);
	fputs(",\"argv_hidden\":", out);
	json_bool(out, c->argv_len == 0 && c->argc > 0);
	fprintf(out, ",\"uid\":%" PRIu32 ",\"euid\":%" PRIu32 ",\"gid\":%"
	    PRIu32 ",\"egid\":%" PRIu32 ",\"user\":", c->uid, c->euid,
	    c->gid, c->egid);
	json_caller_people(out, c);
	if (c->start_time != 0)
		fprintf(out, ",\"start_time\":%" PRIu64 "}", c->start_time);
	else
		fputs(",\"start_time\":null}", out);
}

void
cli_json_failed_login(FILE *out, const struct wk_authfail_event *ev)
{
	const struct wk_authfail_report *r = &ev->report;

	fprintf(out, "{\"id\":%" PRId64 ",\"count\":%" PRIu32 ",\"first\":",
	    ev->id, ev->count);
	json_time(out, ev->first.sec, ev->first.nsec);
	fprintf(out, ",\"first_epoch\":%" PRId64 ",\"last\":", ev->first.sec);
	json_time(out, ev->last.sec, ev->last.nsec);
	fprintf(out, ",\"last_epoch\":%" PRId64 ",\"boot_id\":",
	    ev->last.sec);
	json_field_or_null(out, 1, ev->boot_id, sizeof ev->boot_id);
	fputs(",\"user\":", out);
	json_field_or_null(out, 1, r->user, sizeof r->user);
	fputs(",\"service\":", out);
	json_field_or_null(out, 1, r->service, sizeof r->service);
	fputs(",\"tty\":", out);
	json_field_or_null(out, 1, r->tty, sizeof r->tty);
	fputs(",\"rhost\":", out);
	json_field_or_null(out, 1, r->rhost, sizeof r->rhost);
	fputs(",\"ruser\":", out);
	json_field_or_null(out, 1, r->ruser, sizeof r->ruser);
	fputs(",\"items_truncated\":", out);
	json_bool(out, (r->flags & WK_SF_TRUNCATED) != 0);
	fputs(",\"program\":", out);
	json_program(out, &r->caller, ev->argv);
	fputs(",\"chain\":", out);
	json_chain(out, ev->chain, ev->chain_len);
	fputc('}', out);
}

void
cli_json_stats(FILE *out, const struct wk_stats *st)
{
	fprintf(out, "{\"received\":%" PRIu64 ",\"stored\":%" PRIu64
	    ",\"rejected_malformed\":%" PRIu64 ",\"rejected_forged\":%" PRIu64
	    ",\"rejected_nocred\":%" PRIu64 ",\"sender_dropped\":%" PRIu64
	    ",\"store_errors\":%" PRIu64 ",\"store_backlog\":%" PRIu32
	    ",\"queries\":%" PRIu64
	    ",\"events_total\":%" PRIu64 ",\"audit_records\":%" PRIu64
	    ",\"audit_events\":%" PRIu64 ",\"audit_dropped\":%" PRIu64
	    ",\"audit_duplicates\":%" PRIu64 ",\"audit_backfilled\":%" PRIu64
	    ",\"kernel_merged\":%" PRIu64 ",\"exits_watched\":%s"
	    ",\"oom_kills_read\":%s,\"exits_seen\":%" PRIu64
	    ",\"deaths_stored\":%" PRIu64 ",\"oom_kills\":%" PRIu64
	    ",\"proc_events_lost\":%" PRIu64 ",\"kmsg_missed\":%" PRIu64
	    ",\"procs_tracked\":%" PRIu64 ",\"deaths_total\":%" PRIu64
	    ",\"rate_limited\":%" PRIu64 ",\"kill_rules\":\"%s\""
	    ",\"ld_so_preload\":%s,\"started\":",
	    st->received, st->stored, st->rejected_malformed, st->rejected_forged,
	    st->rejected_nocred, st->sender_dropped, st->store_errors,
	    st->store_backlog, st->queries,
	    st->events_total, st->audit_records, st->audit_events,
	    st->audit_dropped, st->audit_duplicates, st->audit_backfilled,
	    st->kernel_merged,
	    (st->death_sources & WK_DS_EXITS) != 0 ? "true" : "false",
	    (st->death_sources & WK_DS_KMSG) != 0 ? "true" : "false",
	    st->exits_seen, st->deaths_stored, st->oom_kills,
	    st->proc_events_lost, st->kmsg_missed, st->procs_tracked,
	    st->deaths_total, st->rate_limited, cli_blind_rules(st->sight, 1),
	    (st->sight & WK_SEE_TOLD) == 0 ||
	    (st->sight & WK_SEE_PRELOAD_READ) == 0 ? "null" :
	    (st->sight & WK_SEE_PRELOAD) != 0 ? "true" : "false");
	json_time(out, st->started, 0);
	fprintf(out, ",\"started_epoch\":%" PRId64 ",\"store_bytes\":%" PRIu64
	    ",\"store_used_bytes\":%" PRIu64 ",\"store_cache_bytes\":%" PRIu64
	    ",\"rows_pruned\":%" PRIu64
	    ",\"audit_refused\":%" PRIu64 ",\"node_records\":%" PRIu64
	    ",\"node_duplicates\":%" PRIu64 ",\"node_refused\":%" PRIu64
	    ",\"trail_written\":%" PRIu64 ",\"trail_failed\":%" PRIu64
	    ",\"oldest_event\":", st->started, st->store_bytes,
	    st->store_used_bytes, st->store_cache_bytes, st->rows_pruned,
	    st->audit_refused,
	    st->node_records, st->node_duplicates, st->node_refused,
	    st->trail_written, st->trail_failed);
	if (st->oldest_event != 0)
		json_time(out, st->oldest_event, 0);
	else
		fputs("null", out);
	fprintf(out, ",\"oldest_event_epoch\":%" PRId64 "}\n",
	    st->oldest_event);
}
