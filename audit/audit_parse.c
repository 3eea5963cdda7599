/*
 * From libauparse's view of an event to whokilled's records.
 *
 * A signal event is SYSCALL (the caller, the arguments, the result),
 * one OBJ_PID per signalled process, and PROCTITLE (the caller's command
 * line).  A program start is SYSCALL(execve) and EXECVE (the arguments,
 * long ones split into pieces a1[0], a1[1]...).  The enriched names
 * (AUID="alice") reach us as ordinary upper-case fields because the reader
 * turns auditd's 0x1d separator into a space before libauparse sees it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_parse.h"
#include "audit_syscall.h"
#include "audit_value.h"

#define TYPE_SYSCALL	1300	/* AUDIT_SYSCALL */
#define TYPE_EXECVE	1309	/* AUDIT_EXECVE */
#define TYPE_OBJ_PID	1318	/* AUDIT_OBJ_PID */
#define TYPE_PROCTITLE	1327	/* AUDIT_PROCTITLE */

enum field_kind {
	F_PID,		/* int32_t, decimal */
	F_ID,		/* uint32_t uid/auid/ses, WK_ID_UNSET for unset */
	F_STRING,	/* char[size], quoted or hex */
	F_TTY,		/* char[size], "(none)" is "" */
	F_NAME,		/* char[size], an enriched name, quoted or bare */
};

struct field {
	const char *name;
	enum field_kind kind;
	size_t off;
	size_t size;
};

#define P(name, kind, member) \
	{ name, kind, offsetof(struct wk_audit_proc, member), \
	  sizeof(((struct wk_audit_proc *)0)->member) }
#define T(name, kind, member) \
	{ name, kind, offsetof(struct wk_audit_target, member), \
	  sizeof(((struct wk_audit_target *)0)->member) }

static const struct field proc_fields[] = {
	P("pid", F_PID, pid), P("ppid", F_PID, ppid),
	P("auid", F_ID, auid), P("ses", F_ID, ses),
	P("uid", F_ID, uid), P("euid", F_ID, euid),
	P("suid", F_ID, suid), P("fsuid", F_ID, fsuid),
	P("gid", F_ID, gid), P("egid", F_ID, egid),
	P("sgid", F_ID, sgid), P("fsgid", F_ID, fsgid),
	P("tty", F_TTY, tty), P("comm", F_STRING, comm), P("exe", F_STRING, exe),
	P("AUID", F_NAME, auid_name), P("UID", F_NAME, uid_name),
	P("EUID", F_NAME, euid_name),
};

static const struct field target_fields[] = {
	T("opid", F_PID, pid), T("oauid", F_ID, auid), T("ouid", F_ID, uid),
	T("oses", F_ID, ses), T("ocomm", F_STRING, comm),
	T("OAUID", F_NAME, auid_name), T("OUID", F_NAME, uid_name),
};

/* The SYSCALL record's own fields, beside the process ones. */
struct syscall_rec {
	int seen;
	uint32_t arch;
	int32_t nr;
	int success;
	int64_t exit;
	uint64_t args[4];
	char key[WK_AUDIT_KEY_MAX];
	struct wk_audit_proc proc;
};

/* What a whole event holds, gathered record by record. */
struct gather {
	struct syscall_rec sc;
	struct wk_audit_proc exec_args;	/* only argc/argv/flags are used */
	uint32_t execve_argc;
	int execve_seen;
	int next_arg;		/* EXECVE: index of the next whole argument */
	int next_piece;		/* EXECVE: next piece of the last argument, or -1 */
	int proctitle_seen;
	size_t ntargets;
	int nomem;
};

void
wk_audit_parser_init(struct wk_audit_parser *ps)
{
	memset(ps, 0, sizeof *ps);
}

void
wk_audit_parser_free(struct wk_audit_parser *ps)
{
	free(ps->targets);
	ps->targets = NULL;
	ps->targets_cap = 0;
}

/* Stores one field of a table into base; a bad value leaves it as it was. */
static void
apply_field(const struct field *table, size_t n, void *base,
    const char *name, const char *val)
{
	char *dst;
	size_t len;
	int64_t v;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) != 0)
			continue;
		dst = (char *)base + table[i].off;
		switch (table[i].kind) {
		case F_PID:
			if (wk_audit_decimal(val, INT32_MIN, INT32_MAX, &v) == 0)
				*(int32_t *)(void *)dst = (int32_t)v;
			break;
		case F_ID:
			(void)wk_audit_id(val, (uint32_t *)(void *)dst);
			break;
		case F_STRING:
			if (wk_audit_untrusted(val, dst, table[i].size, &len) == -1)
				dst[0] = '\0';
			break;
		case F_TTY:
			wk_audit_copy(dst, table[i].size,
			    strcmp(val, "(none)") == 0 ? "" : val);
			break;
		case F_NAME:
			if (val[0] != '"' ||
			    wk_audit_untrusted(val, dst, table[i].size, &len) == -1)
				wk_audit_copy(dst, table[i].size, val);
			break;
		}
		return;
	}
}

static void
syscall_field(struct syscall_rec *sc, const char *name, const char *val)
{
	uint64_t u;
	int64_t v;
	size_t len;

	if (strcmp(name, "arch") == 0) {
		if (wk_audit_hex(val, &u) == 0 && u <= UINT32_MAX)
			sc->arch = (uint32_t)u;
	} else if (strcmp(name, "syscall") == 0) {
		if (wk_audit_decimal(val, 0, INT32_MAX, &v) == 0)
			sc->nr = (int32_t)v;
	} else if (strcmp(name, "success") == 0) {
		sc->success = strcmp(val, "yes") == 0;
	} else if (strcmp(name, "exit") == 0) {
		if (wk_audit_decimal(val, INT64_MIN, INT64_MAX, &v) == 0)
			sc->exit = v;
	} else if (name[0] == 'a' && name[1] >= '0' && name[1] <= '3' && name[2] == '\0') {
		if (wk_audit_hex(val, &u) == 0)
			sc->args[name[1] - '0'] = u;
	} else if (strcmp(name, "key") == 0) {
		if (wk_audit_untrusted(val, sc->key, sizeof sc->key, &len) == -1)
			sc->key[0] = '\0';
	} else {
		apply_field(proc_fields, sizeof proc_fields / sizeof *proc_fields,
		    &sc->proc, name, val);
	}
}

/* Room for one more target; -1 when memory is short. */
static int
grow_targets(struct wk_audit_parser *ps, size_t want)
{
	struct wk_audit_target *t;
	size_t cap;

	if (want <= ps->targets_cap)
		return 0;
	cap = ps->targets_cap ? ps->targets_cap * 2 : 16;
	t = realloc(ps->targets, cap * sizeof *t);
	if (t == NULL)
		return -1;
	ps->targets = t;
	ps->targets_cap = cap;
	return 0;
}

/* Parses "a12", "a12_len" or "a12[3]": 1, 2 or 3 with the numbers, else 0. */
static int
execve_arg_name(const char *name, int *arg, int *piece)
{
	char *end;
	long a, p;

	if (name[0] != 'a' || name[1] < '0' || name[1] > '9')
		return 0;
	a = strtol(name + 1, &end, 10);
	if (a > INT32_MAX)
		return 0;
	*arg = (int)a;
	if (*end == '\0')
		return 1;
	if (strcmp(end, "_len") == 0)
		return 2;
	if (*end != '[' || end[1] < '0' || end[1] > '9')
		return 0;
	p = strtol(end + 1, &end, 10);
	if (strcmp(end, "]") != 0 || p > INT32_MAX)
		return 0;
	*piece = (int)p;
	return 3;
}

/* One argument, or one piece of one, of an EXECVE record. */
static void
execve_field(struct gather *g, char *scratch, size_t size,
    const char *name, const char *val)
{
	struct wk_audit_proc *p = &g->exec_args;
	int arg = 0, piece = 0, form, start;
	size_t len;
	int64_t v;

	if (strcmp(name, "argc") == 0) {
		if (wk_audit_decimal(val, 0, UINT32_MAX, &v) == 0)
			g->execve_argc = (uint32_t)v;
		return;
	}
	form = execve_arg_name(name, &arg, &piece);
	if (form == 0 || form == 2)
		return;
	if (form == 1 || piece == 0) {
		start = 1;
		if (arg != g->next_arg)
			p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;	/* records were lost */
		g->next_arg = arg + 1;
		g->next_piece = form == 3 ? 1 : -1;
	} else {
		start = 0;
		if (arg != g->next_arg - 1 || piece != g->next_piece)
			p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
		g->next_piece = piece + 1;
	}
	switch (wk_audit_untrusted(val, scratch, size, &len)) {
	case -1:
		p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
		return;
	case 1:
		wk_audit_argv_add(p, scratch, len, start);
		p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
		return;
	default:
		wk_audit_argv_add(p, scratch, len, start);
	}
}

/* Reads the fields of the current record into g. */
static void
gather_record(auparse_state_t *au, struct wk_audit_parser *ps,
    struct gather *g)
{
	int type = auparse_get_type(au);
	struct wk_audit_target *t = NULL;

	if (type == TYPE_OBJ_PID) {
		if (grow_targets(ps, g->ntargets + 1) == -1) {
			g->nomem = 1;
			return;
		}
		t = &ps->targets[g->ntargets++];
		memset(t, 0, sizeof *t);
		t->auid = t->ses = WK_ID_UNSET;
	} else if (type == TYPE_SYSCALL) {
		g->sc.seen = 1;
	} else if (type == TYPE_EXECVE) {
		g->execve_seen = 1;
	} else if (type != TYPE_PROCTITLE) {
		return;
	}
	if (auparse_first_field(au) <= 0)
		return;
	do {
		const char *name = auparse_get_field_name(au);
		const char *val = auparse_get_field_str(au);
		size_t len;

		if (name == NULL || val == NULL)
			continue;
		switch (type) {
		case TYPE_SYSCALL:
			syscall_field(&g->sc, name, val);
			break;
		case TYPE_OBJ_PID:
			apply_field(target_fields, sizeof target_fields / sizeof *target_fields,
			    t, name, val);
			break;
		case TYPE_EXECVE:
			execve_field(g, ps->scratch, sizeof ps->scratch, name, val);
			break;
		case TYPE_PROCTITLE:
			if (strcmp(name, "proctitle") == 0 &&
			    wk_audit_untrusted(val, ps->scratch, sizeof ps->scratch, &len) != -1) {
				wk_audit_argv_from_proctitle(&g->sc.proc, ps->scratch, len);
				g->proctitle_seen = 1;
			}
			break;
		}
	} while (auparse_next_field(au) > 0);
}

static void
fill_stamp(auparse_state_t *au, struct wk_audit_stamp *st)
{
	const au_event_t *e = auparse_get_timestamp(au);

	memset(st, 0, sizeof *st);
	if (e == NULL)
		return;
	st->sec = (int64_t)e->sec;
	st->msec = e->milli;
	st->serial = e->serial;
	if (e->host != NULL)
		wk_audit_copy(st->node, sizeof st->node, e->host);
}

static void
init_proc(struct wk_audit_proc *p)
{
	memset(p, 0, sizeof *p);
	p->auid = p->ses = WK_ID_UNSET;
}

static enum wk_audit_parsed
make_exec(auparse_state_t *au, struct wk_audit_parser *ps,
    const struct gather *g)
{
	struct wk_audit_exec *x = &ps->exec;

	if (!g->sc.success)
		return WK_AUDIT_PARSED_NONE;
	fill_stamp(au, &x->stamp);
	x->arch = g->sc.arch;
	x->syscall = g->sc.nr;
	x->proc = g->sc.proc;
	wk_audit_argv_clear(&x->proc);
	if (g->execve_seen) {
		memcpy(x->proc.argv, g->exec_args.argv, g->exec_args.argv_len);
		x->proc.argv_len = g->exec_args.argv_len;
		x->proc.flags |= g->exec_args.flags;
		x->proc.argc = g->execve_argc;
		if (g->exec_args.argc < g->execve_argc)
			x->proc.flags |= WK_AUDIT_P_ARGV_TRUNCATED;
	}
	return WK_AUDIT_PARSED_EXEC;
}

static enum wk_audit_parsed
make_kill(auparse_state_t *au, struct wk_audit_parser *ps,
    const struct gather *g, enum wk_audit_call call)
{
	struct wk_audit_kill *k = &ps->kill;
	const struct syscall_rec *sc = &g->sc;

	memset(k, 0, sizeof *k);
	k->signo = (int32_t)sc->args[wk_audit_signal_arg(call)];
	if (k->signo == 0)
		return WK_AUDIT_PARSED_PROBE;
	fill_stamp(au, &k->stamp);
	k->call = call;
	k->arch = sc->arch;
	k->syscall = sc->nr;
	memcpy(k->args, sc->args, sizeof k->args);
	/* Arguments are ints: the kernel logs them zero-extended (ffffce7a). */
	k->arg_pid = (int32_t)(uint32_t)sc->args[0];
	if (call == WK_AUDIT_TGKILL || call == WK_AUDIT_RT_TGSIGQUEUEINFO)
		k->arg_tid = (int32_t)(uint32_t)sc->args[1];
	k->success = sc->success;
	if (!sc->success && sc->exit < 0 && sc->exit >= -4095)
		k->error = (int32_t)-sc->exit;
	wk_audit_copy(k->key, sizeof k->key, sc->key);
	k->killer = sc->proc;
	k->ntargets = (uint32_t)g->ntargets;
	k->targets = ps->targets;
	return WK_AUDIT_PARSED_KILL;
}

/*
 * Every field of the current record through field(arg, name, value):
 * 0, or -1 when there is none or one did not read (the rest are read).
 */
static int
read_fields(auparse_state_t *au,
    int (*field)(void *arg, const char *name, const char *raw), void *arg)
{
	int bad = 0;

	if (auparse_first_field(au) <= 0)
		return -1;
	do {
		const char *name = auparse_get_field_name(au);
		const char *val = auparse_get_field_str(au);

		if (name != NULL && val != NULL && field(arg, name, val) == -1)
			bad = 1;
	} while (auparse_next_field(au) > 0);
	return bad ? -1 : 0;
}

static int
end_field(void *arg, const char *name, const char *raw)
{
	return wk_audit_end_field(arg, name, raw);
}

static int
note_field(void *arg, const char *name, const char *raw)
{
	return wk_audit_note_field(arg, name, raw);
}

/* A record "op=whokilled-end" (its event's first). */
static enum wk_audit_parsed
parse_end(auparse_state_t *au, struct wk_audit_parser *ps)
{
	struct wk_audit_end *e = &ps->end;

	memset(e, 0, sizeof *e);
	e->d.uid = WK_ID_UNSET;
	fill_stamp(au, &e->stamp);
	if (read_fields(au, end_field, e) == -1 ||
	    !wk_audit_end_complete(e))
		return WK_AUDIT_PARSED_BAD_NOTE;
	return WK_AUDIT_PARSED_END;
}

/*
 * A record "op=whokilled-kill" or "op=whokilled-end" of type TRUSTED_APP
 * (its event's first), or WK_AUDIT_PARSED_NONE for any other.
 */
static enum wk_audit_parsed
parse_note(auparse_state_t *au, struct wk_audit_parser *ps)
{
	struct wk_audit_note *n = &ps->note;
	const char *op;
	int bad = 0;

	if (auparse_get_type(au) != WK_AUDIT_TRUSTED_APP ||
	    auparse_first_field(au) <= 0)
		return WK_AUDIT_PARSED_NONE;
	op = auparse_find_field(au, "op");
	if (op != NULL && strcmp(op, WK_AUDIT_END_OP) == 0)
		return parse_end(au, ps);
	if (op == NULL || strcmp(op, WK_AUDIT_NOTE_OP) != 0)
		return WK_AUDIT_PARSED_NONE;
	memset(n, 0, sizeof *n);
	n->ev.report.caller.loginuid = n->ev.report.caller.sessionid =
	    WK_ID_UNSET;
	fill_stamp(au, &n->stamp);
	bad = read_fields(au, note_field, n) == -1;
	wk_audit_note_finish(n);
	if (bad || !wk_audit_note_complete(n))
		return WK_AUDIT_PARSED_BAD_NOTE;
	wk_audit_copy(n->ev.node, sizeof n->ev.node, n->stamp.node);
	return WK_AUDIT_PARSED_NOTE;
}

enum wk_audit_parsed
wk_audit_parse_event(auparse_state_t *au,
    struct wk_audit_parser *ps)
{
	struct gather *g;
	enum wk_audit_call call = WK_AUDIT_KILL;
	enum wk_audit_parsed what = WK_AUDIT_PARSED_NONE;

	g = calloc(1, sizeof *g);
	if (g == NULL)
		return WK_AUDIT_PARSED_MALFORMED;
	init_proc(&g->sc.proc);
	g->sc.nr = -1;
	g->next_piece = -1;
	if (auparse_first_record(au) <= 0)
		goto out;
	what = parse_note(au, ps);
	if (what != WK_AUDIT_PARSED_NONE)
		goto out;
	do {
		gather_record(au, ps, g);
	} while (auparse_next_record(au) > 0);
	if (!g->sc.seen)
		goto out;
	if (g->sc.arch == 0 || g->sc.nr < 0 || g->sc.proc.pid <= 0 || g->nomem) {
		what = WK_AUDIT_PARSED_MALFORMED;
		goto out;
	}
	switch (wk_audit_classify(g->sc.arch, g->sc.nr, &call)) {
	case WK_AUDIT_EXEC:
		what = make_exec(au, ps, g);
		break;
	case WK_AUDIT_SIGNAL:
		what = make_kill(au, ps, g, call);
		break;
	case WK_AUDIT_OTHER:
		break;
	}
out:
	free(g);
	return what;
}
