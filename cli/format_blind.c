/*
 * Blind spots, in words.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "format_blind.h"
#include "names.h"

/* The kernel's reasons to send signo on its own. */
static const char *
kernel_reason(int32_t signo)
{
	switch (signo) {
	case SIGINT:
	case SIGQUIT:
	case SIGTSTP:
		return "the kernel itself, for its terminal (Ctrl-C, Ctrl-\\, "
		    "Ctrl-Z)";
	case SIGHUP:
		return "the kernel itself, when its terminal hung up";
	case SIGKILL:
		return "the kernel itself (cgroup.kill, a hard CPU time limit, "
		    "a parent-death signal)";
	case SIGXCPU:
		return "the kernel itself, at its CPU time limit";
	case SIGXFSZ:
		return "the kernel itself, at its file size limit";
	case SIGPIPE:
		return "the kernel itself, for a write to a pipe no one reads";
	default:
		return "the kernel itself (a parent-death signal set with "
		    "prctl)";
	}
}

const char *
cli_blind_rules(uint32_t sight, int json)
{
	if ((sight & WK_SEE_TOLD) == 0 || (sight & WK_SEE_RULES_READ) == 0)
		return json ? "unknown" : "unknown (the daemon cannot read "
		    "the kernel's audit rules: it needs CAP_AUDIT_CONTROL)";
	if ((sight & WK_SEE_KILL_RULES) != 0 && (sight & WK_SEE_AUDIT_OFF))
		return json ? "audit_disabled" : "loaded, but the kernel's "
		    "auditing is disabled (auditctl -e 1)";
	if ((sight & WK_SEE_KILL_RULES) != 0)
		return "loaded";
	if ((sight & WK_SEE_RULES_PART) != 0)
		return json ? "partial" : "partly loaded (not every kill "
		    "call, or under conditions)";
	return json ? "not_loaded" : "not loaded (static binaries and raw "
	    "syscalls are not seen; see conf/audit/whokilled.rules)";
}

/* One more spot, when there is room. */
static struct cli_blind_spot *
add(struct cli_blind_spot *out, unsigned max, unsigned *n, const char *id)
{
	if (*n >= max)
		return NULL;
	out[*n].id = id;
	out[*n].text[0] = '\0';
	return &out[(*n)++];
}

static void
set(struct cli_blind_spot *b, const char *text)
{
	if (b != NULL)
		snprintf(b->text, sizeof b->text, "%s", text);
}

/* What the kernel's rules leave unseen: the rules' spot, or nothing. */
static void
rules_spots(uint32_t s, struct cli_blind_spot *out, unsigned max,
    unsigned *n)
{
	if ((s & WK_SEE_RULES_READ) == 0)
		set(add(out, max, n, "kill_rules_unknown"), "kernel kill "
		    "rules unknown (the daemon cannot read the audit rules): "
		    "static binaries and raw syscalls may not be seen");
	else if ((s & WK_SEE_KILL_RULES) != 0 && (s & WK_SEE_AUDIT_OFF) != 0)
		set(add(out, max, n, "audit_disabled"), "kernel kill rules "
		    "loaded but auditing is disabled: static binaries and raw "
		    "syscalls are not seen");
	else if ((s & WK_SEE_KILL_RULES) != 0)
		return;
	else if ((s & WK_SEE_RULES_PART) != 0)
		set(add(out, max, n, "kill_rules_partial"), "kernel kill "
		    "rules cover only some kill calls: static binaries and raw "
		    "syscalls may not be seen");
	else
		set(add(out, max, n, "no_kill_rules"), "no kernel kill rule "
		    "loaded: static binaries and raw syscalls are not seen");
	/* Without the kernel's word, only the shim's reports are left. */
	set(add(out, max, n, "pid_namespace"), "a killer in another pid "
	    "namespace (a container) whose shim cannot reach this daemon");
	if ((s & WK_SEE_PRELOAD_READ) == 0)
		set(add(out, max, n, "ld_so_preload_unknown"), "/etc/ld.so."
		    "preload could not be read: setuid programs (su, sudo) "
		    "may not be seen");
	else if ((s & WK_SEE_PRELOAD) == 0)
		set(add(out, max, n, "no_ld_so_preload"), "the shim is not in "
		    "/etc/ld.so.preload: setuid programs (su, sudo) drop "
		    "LD_PRELOAD, and programs started without it are not seen");
}

unsigned
cli_blind_spots(const struct wk_death *d, struct cli_blind_spot *out,
    unsigned max)
{
	struct cli_blind_spot *b;
	char from[CLI_TIME_MAX], to[CLI_TIME_MAX];
	unsigned n = 0;

	if ((d->sight & WK_SEE_TOLD) == 0 || d->kind != WK_DEATH_SIGNALED ||
	    (d->flags & (WK_D_SENDER | WK_D_SENDER_HIDDEN)) != 0)
		return 0;
	rules_spots(d->sight, out, max, &n);
	if ((d->sight & WK_SEE_GAP) != 0 &&
	    (b = add(out, max, &n, "daemon_down")) != NULL) {
		cli_time_text(d->watch.gap_to.sec != 0 ? d->watch.gap_to.sec :
		    d->watch.since.sec, to, sizeof to);
		if (d->watch.gap_from.sec != 0)
			snprintf(b->text, sizeof b->text, "the daemon was not "
			    "running from %s to %s, while the process lived",
			    cli_time_text(d->watch.gap_from.sec, from,
			    sizeof from), to);
		else
			snprintf(b->text, sizeof b->text, "the daemon began "
			    "watching only at %s, after the process started",
			    to);
	}
	set(add(out, max, &n, "kernel"), kernel_reason(d->signo));
	return n;
}

void
cli_text_blind_spots(FILE *out, const struct wk_death *d)
{
	struct cli_blind_spot spots[CLI_BLIND_MAX];
	unsigned i, n = cli_blind_spots(d, spots, CLI_BLIND_MAX);

	if (n == 0)
		return;
	fputs("  blind spots that could explain it:\n", out);
	for (i = 0; i < n; i++)
		fprintf(out, "    %s\n", spots[i].text);
}
