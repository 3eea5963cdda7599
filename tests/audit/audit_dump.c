/*
 * Plain-text dump of parsed audit events.
 */
#include <inttypes.h>
#include <string.h>

#include "audit_dump.h"
#include "audit/audit_syscall.h"

/* len bytes in double quotes; '"', '\\' and bytes outside printable ASCII escaped. */
static void
quoted(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void
field(FILE *out, const char *s, size_t max)
{
	quoted(out, s, strnlen(s, max));
}

static void
id(FILE *out, const char *name, uint32_t v)
{
	if (v == WK_ID_UNSET)
		fprintf(out, " %s unset", name);
	else
		fprintf(out, " %s %" PRIu32, name, v);
}

static void
stamp(FILE *out, const char *what, const struct wk_audit_stamp *st,
    uint32_t arch, int32_t nr)
{
	const char *sc = wk_audit_syscall_name(arch, nr);
	const char *an = wk_audit_arch_name(arch);

	fprintf(out, "%s %" PRId64 ".%03" PRIu32 ":%" PRIu64 " node ", what,
	    st->sec, st->msec, st->serial);
	field(out, st->node, sizeof st->node);
	fprintf(out, "\n  syscall %s (%" PRId32 ") arch %s (%" PRIx32 ")",
	    sc ? sc : "?", nr, an ? an : "?", arch);
}

static void
argv_list(FILE *out, const struct wk_audit_proc *p)
{
	size_t len = p->argv_len < sizeof p->argv ? p->argv_len : sizeof p->argv;
	size_t i = 0;

	fprintf(out, "         argv (%" PRIu32 ")", p->argc);
	if (!(p->flags & WK_AUDIT_P_ARGV_KNOWN))
		fputs(" unknown", out);
	while (i < len) {
		size_t n = strnlen(p->argv + i, len - i);

		fputc(' ', out);
		quoted(out, p->argv + i, n);
		i += n + 1;
	}
	if (p->flags & WK_AUDIT_P_ARGV_TRUNCATED)
		fputs(" [truncated]", out);
	fputc('\n', out);
}

static void
proc(FILE *out, const char *label, const struct wk_audit_proc *p)
{
	fprintf(out, "  %-6s pid %" PRId32 " ppid %" PRId32, label, p->pid, p->ppid);
	id(out, "auid", p->auid);
	id(out, "ses", p->ses);
	fputs(" tty ", out);
	field(out, p->tty, sizeof p->tty);
	fprintf(out, "\n         uid %" PRIu32 " euid %" PRIu32 " suid %" PRIu32
	    " fsuid %" PRIu32 " gid %" PRIu32 " egid %" PRIu32 " sgid %" PRIu32
	    " fsgid %" PRIu32 "\n         comm ", p->uid, p->euid, p->suid, p->fsuid,
	    p->gid, p->egid, p->sgid, p->fsgid);
	field(out, p->comm, sizeof p->comm);
	fputs(" exe ", out);
	field(out, p->exe, sizeof p->exe);
	fputs("\n         names auid ", out);
	field(out, p->auid_name, sizeof p->auid_name);
	fputs(" uid ", out);
	field(out, p->uid_name, sizeof p->uid_name);
	fputs(" euid ", out);
	field(out, p->euid_name, sizeof p->euid_name);
	fputc('\n', out);
	argv_list(out, p);
}

void
wk_audit_dump_kill(FILE *out, const struct wk_audit_kill *k)
{
	stamp(out, "kill", &k->stamp, k->arch, k->syscall);
	fputs(" key ", out);
	field(out, k->key, sizeof k->key);
	fprintf(out, "\n  call %s signal %" PRId32 " arg_pid %" PRId32 " arg_tid %" PRId32
	    "\n  args %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n",
	    wk_audit_call_name(k->call), k->signo, k->arg_pid, k->arg_tid,
	    k->args[0], k->args[1], k->args[2], k->args[3]);
	if (k->success)
		fputs("  result success\n", out);
	else
		fprintf(out, "  result failed errno %" PRId32 "\n", k->error);
	proc(out, "killer", &k->killer);
	for (uint32_t i = 0; i < k->ntargets; i++) {
		const struct wk_audit_target *t = &k->targets[i];

		fprintf(out, "  target pid %" PRId32, t->pid);
		id(out, "auid", t->auid);
		id(out, "ses", t->ses);
		fprintf(out, " uid %" PRIu32 " comm ", t->uid);
		field(out, t->comm, sizeof t->comm);
		fputs(" names auid ", out);
		field(out, t->auid_name, sizeof t->auid_name);
		fputs(" uid ", out);
		field(out, t->uid_name, sizeof t->uid_name);
		fputc('\n', out);
	}
	if (k->flags & WK_AUDIT_K_INCOMPLETE)
		fputs("  incomplete: the input ended inside this event\n", out);
}

void
wk_audit_dump_exec(FILE *out, const struct wk_audit_exec *x)
{
	stamp(out, "exec", &x->stamp, x->arch, x->syscall);
	fputc('\n', out);
	proc(out, "proc", &x->proc);
}

void
wk_audit_dump_stats(FILE *out, const struct wk_audit_reader_stats *st)
{
	fprintf(out, "stats events %" PRIu64 " kills %" PRIu64 " execs %" PRIu64
	    " probes %" PRIu64 " malformed %" PRIu64 " long_lines %" PRIu64
	    " truncated %s\n", st->events, st->kills, st->execs, st->probes,
	    st->malformed, st->long_lines, st->truncated ? "yes" : "no");
}
