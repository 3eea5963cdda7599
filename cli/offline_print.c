/*
 * Offline answers: the shared formatters' output plus what only the audit
 * trail knows.  Text:
 *
 *   node db1
 *   pid 2089 (sleep) — owner root
 *     SIGKILL at 2025-11-21 15:12:41 +0000 — delivered
 *       killer   ...            (the shared text formatter)
 *       sources  kernel
 *       target   pid 2089 (sleep) auid=alice session 3
 *       reached  3 processes: 2089 (sleep), 2090 (sleep), 2091 (bash)
 *       audit    event 1763737961.723:304, kill on x86_64, key whokilled
 *       logged   as named on db1: auid=robert
 *
 * ("logged" only where the recording host named a user otherwise than this
 * machine does, as in logs merged from many hosts.)
 *
 * JSON: the shared object with "node" and "audit" members added at its end.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "format_json.h"
#include "format_text.h"
#include "names.h"
#include "audit/audit_syscall.h"
#include "offline_print.h"

#define LABEL	"    %-9s"

static const char *const argv_sources[] = {
	[WK_AUDIT_ARGV_NONE] = NULL,
	[WK_AUDIT_ARGV_PROCTITLE] = "proctitle",
	[WK_AUDIT_ARGV_EXECVE] = "execve",
};

static void
text_id(FILE *out, const char *label, uint32_t id)
{
	char name[CLI_NAME_MAX];

	if (id == WK_ID_UNSET)
		fprintf(out, " %s=unset", label);
	else
		fprintf(out, " %s=%s", label, cli_user_or_uid(id, name, sizeof name));
}

/* The process asked about, when the event names another (a group's leader). */
static void
text_target(FILE *out, const struct offline_match *m)
{
	const struct wk_audit_target *t = &m->matched;

	if (!m->by_record)
		return;
	if (t->auid == WK_ID_UNSET && t->ses == WK_ID_UNSET &&
	    m->has_shown && m->shown.pid == t->pid)
		return;
	fprintf(out, LABEL "pid %" PRId32 " (", "target", t->pid);
	cli_term_puts(out, t->comm, sizeof t->comm);
	fputc(')', out);
	text_id(out, "auid", t->auid);
	if (t->ses == WK_ID_UNSET)
		fputs(" session unset", out);
	else
		fprintf(out, " session %" PRIu32, t->ses);
	fputc('\n', out);
}

static void
text_reached(FILE *out, const struct offline_match *m)
{
	uint32_t total = m->kill.ntargets;

	if (total <= 1)
		return;
	fprintf(out, LABEL "%" PRIu32 " processes:", "reached", total);
	for (uint32_t i = 0; i < m->nlisted; i++) {
		fprintf(out, "%s %" PRId32 " (", i ? "," : "", m->listed[i].pid);
		cli_term_puts(out, m->listed[i].comm, sizeof m->listed[i].comm);
		fputc(')', out);
	}
	if (total > m->nlisted)
		fprintf(out, " and %" PRIu32 " more", total - m->nlisted);
	fputc('\n', out);
}

static void
text_audit(FILE *out, const struct wk_audit_kill *k)
{
	const char *arch = wk_audit_arch_name(k->arch);

	fprintf(out, LABEL "event %" PRId64 ".%03" PRIu32 ":%" PRIu64 ", %s on %s",
	    "audit", k->stamp.sec, k->stamp.msec, k->stamp.serial,
	    wk_audit_call_name(k->call), arch ? arch : "an unknown architecture");
	if (k->key[0] != '\0') {
		fputs(", key ", out);
		cli_term_puts(out, k->key, sizeof k->key);
	}
	if (k->flags & WK_AUDIT_K_INCOMPLETE)
		fputs(", cut short: the log ends inside this event", out);
	fputc('\n', out);
}

/*
 * True when the log names id otherwise than this machine does: another
 * name, or a name where this machine has none.  Logs merged from many
 * hosts name their users as each host knew them.
 */
static int
name_differs(uint32_t id, const char *logged)
{
	char local[CLI_NAME_MAX], unknown[32];

	if (logged[0] == '\0')
		return 0;
	if (id == WK_ID_UNSET)
		return strcmp(logged, "unset") != 0;
	if (cli_user_name(id, local, sizeof local) != NULL)
		return strcmp(logged, local) != 0;
	snprintf(unknown, sizeof unknown, "unknown(%" PRIu32 ")", id);
	return strcmp(logged, unknown) != 0;
}

/* " label=name" when the logged name differs from the one shown; counts them in *n. */
static void
text_name(FILE *out, const char *label, uint32_t id, const char *name,
    size_t max, int *n)
{
	if (!name_differs(id, name))
		return;
	fprintf(out, "%s%s=", (*n)++ ? ", " : " ", label);
	cli_term_puts(out, name, max);
}

/* The names the recording host gave, where they differ from ours. */
static void
text_logged(FILE *out, const struct offline_match *m)
{
	const struct wk_audit_proc *p = &m->kill.killer;
	const struct wk_audit_target *t = m->by_record ? &m->matched :
	    m->has_shown ? &m->shown : NULL;
	int any = name_differs(p->auid, p->auid_name) || name_differs(p->uid, p->uid_name) ||
	    name_differs(p->euid, p->euid_name), n = 0;

	if (t != NULL)
		any |= name_differs(t->auid, t->auid_name) || name_differs(t->uid, t->uid_name);
	if (!any)
		return;
	fprintf(out, LABEL "as named", "logged");
	if (m->kill.stamp.node[0] != '\0') {
		fputs(" on ", out);
		cli_term_puts(out, m->kill.stamp.node, sizeof m->kill.stamp.node);
	}
	fputc(':', out);
	text_name(out, "auid", p->auid, p->auid_name, sizeof p->auid_name, &n);
	text_name(out, "uid", p->uid, p->uid_name, sizeof p->uid_name, &n);
	text_name(out, "euid", p->euid, p->euid_name, sizeof p->euid_name, &n);
	if (t != NULL) {
		text_name(out, "target auid", t->auid, t->auid_name, sizeof t->auid_name, &n);
		text_name(out, "target owner", t->uid, t->uid_name, sizeof t->uid_name, &n);
	}
	fputc('\n', out);
}

void
offline_print_text(FILE *out, const struct wk_event *ev,
    const struct offline_match *m, const struct wk_death *death)
{
	if (m->kill.stamp.node[0] != '\0') {
		fputs("node ", out);
		cli_term_puts(out, m->kill.stamp.node, sizeof m->kill.stamp.node);
		fputc('\n', out);
	}
	cli_text_event_death(out, ev, death);
	text_target(out, m);
	text_reached(out, m);
	text_audit(out, &m->kill);
	text_logged(out, m);
}

static void
json_str(FILE *out, const char *s, size_t max)
{
	cli_json_string(out, s, strnlen(s, max));
}

static void
json_str_or_null(FILE *out, const char *s, size_t max)
{
	if (s != NULL && s[0] != '\0')
		json_str(out, s, max);
	else
		fputs("null", out);
}

static void
json_id(FILE *out, uint32_t id)
{
	if (id == WK_ID_UNSET)
		fputs("null", out);
	else
		fprintf(out, "%" PRIu32, id);
}

static void
json_target(FILE *out, const struct wk_audit_target *t)
{
	fprintf(out, "{\"pid\":%" PRId32 ",\"comm\":", t->pid);
	json_str_or_null(out, t->comm, sizeof t->comm);
	fprintf(out, ",\"uid\":%" PRIu32 ",\"auid\":", t->uid);
	json_id(out, t->auid);
	fputs(",\"session\":", out);
	json_id(out, t->ses);
	fputc('}', out);
}

static void
json_logged(FILE *out, const struct offline_match *m)
{
	const struct wk_audit_proc *p = &m->kill.killer;
	const struct wk_audit_target *t = m->by_record ? &m->matched :
	    m->has_shown ? &m->shown : NULL;

	if (p->auid_name[0] == '\0' && p->uid_name[0] == '\0' && p->euid_name[0] == '\0') {
		fputs("null", out);
		return;
	}
	fputs("{\"auid\":", out);
	json_str_or_null(out, p->auid_name, sizeof p->auid_name);
	fputs(",\"uid\":", out);
	json_str_or_null(out, p->uid_name, sizeof p->uid_name);
	fputs(",\"euid\":", out);
	json_str_or_null(out, p->euid_name, sizeof p->euid_name);
	fputs(",\"target_auid\":", out);
	json_str_or_null(out, t ? t->auid_name : NULL, sizeof m->matched.auid_name);
	fputs(",\"target_uid\":", out);
	json_str_or_null(out, t ? t->uid_name : NULL, sizeof m->matched.uid_name);
	fputc('}', out);
}

static void
json_audit(FILE *out, const struct offline_match *m,
    enum wk_audit_argv_source src)
{
	const struct wk_audit_kill *k = &m->kill;
	const char *arch = wk_audit_arch_name(k->arch);

	fprintf(out, "{\"serial\":%" PRIu64 ",\"stamp\":\"%" PRId64 ".%03" PRIu32
	    "\",\"syscall\":\"%s\",\"syscall_number\":%" PRId32 ",\"arch\":",
	    k->stamp.serial, k->stamp.sec, k->stamp.msec, wk_audit_call_name(k->call),
	    k->syscall);
	json_str_or_null(out, arch, WK_AUDIT_ARCH_MAX);
	fputs(",\"key\":", out);
	json_str_or_null(out, k->key, sizeof k->key);
	fprintf(out, ",\"exit\":%" PRId32 ",\"argv_source\":", k->success ? 0 : -k->error);
	json_str_or_null(out, argv_sources[src], 16);
	fprintf(out, ",\"incomplete\":%s,\"matched_by\":\"%s\",\"matched\":",
	    (k->flags & WK_AUDIT_K_INCOMPLETE) ? "true" : "false",
	    m->by_record ? "obj_pid" : "argument");
	if (m->by_record)
		json_target(out, &m->matched);
	else
		fputs("null", out);
	fprintf(out, ",\"targets_total\":%" PRIu32 ",\"targets\":[", k->ntargets);
	for (uint32_t i = 0; i < m->nlisted; i++) {
		if (i > 0)
			fputc(',', out);
		json_target(out, &m->listed[i]);
	}
	fputs("],\"logged_names\":", out);
	json_logged(out, m);
	fputc('}', out);
}

/* The shared object; with "death" only when the node told the end. */
static void
event_json(FILE *out, const struct wk_event *ev, const struct wk_death *death)
{
	if (death != NULL)
		cli_json_event_death(out, ev, death);
	else
		cli_json_event(out, ev);
}

void
offline_print_json(FILE *out, const struct wk_event *shared,
    const struct offline_match *m, enum wk_audit_argv_source src,
    const struct wk_death *death)
{
	static struct wk_event copy;	/* with its node: 4 KiB off the stack */
	const struct wk_event *ev = &copy;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	copy = *shared;
	memcpy(copy.node, m->kill.stamp.node, sizeof copy.node);
	copy.node[sizeof copy.node - 1] = '\0';
	mem = open_memstream(&buf, &len);

	if (mem == NULL) {
		/* Without memory for the copy, the shared object alone is still valid JSON. */
		event_json(out, ev, death);
		return;
	}
	event_json(mem, ev, death);
	if (fclose(mem) != 0 || len == 0 || buf[len - 1] != '}') {
		free(buf);
		event_json(out, ev, death);
		return;
	}
	fwrite(buf, 1, len - 1, out);
	free(buf);
	fputs(",\"audit\":", out);
	json_audit(out, m, src);
	fputc('}', out);
}
