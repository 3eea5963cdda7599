/*
 * One line per event for the lists.  Each line is built in memory first,
 * so that the target column is padded by what it shows, escapes counted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "format_list.h"
#include "format_request.h"
#include "glyphs.h"
#include "names.h"

#define TARGET_COLUMNS	16	/* "comm[pid]" padded to this */
#define WHAT_COLUMNS	8	/* "SIGKILL", "end" */
#define LIST_INDENT	"               "	/* under "what": past the time */

#define RED	"\033[31m"
#define BOLD	"\033[1m"
#define YELLOW	"\033[33m"
#define RESET	"\033[0m"

int
cli_list_colour(FILE *out)
{
	return getenv("NO_COLOR") == NULL && isatty(fileno(out));
}

/* Columns a terminal gives s: one per character (UTF-8 lead bytes). */
static size_t
columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* "12-04 21:40:05" in local time, or "@SECONDS". */
static void
put_time(FILE *out, int64_t sec)
{
	char buf[32];
	time_t t = (time_t)sec;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof buf, "%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, sizeof buf, "@%lld", (long long)sec);
	fputs(buf, out);
}

/* The what column: name padded, coloured when asked. */
static void
put_what(FILE *out, const char *what, const char *colour)
{
	size_t len = strlen(what);

	if (colour != NULL)
		fprintf(out, "%s%s" RESET, colour, what);
	else
		fputs(what, out);
	fprintf(out, "%*s ", len < WHAT_COLUMNS ? (int)(WHAT_COLUMNS - len) : 0,
	    "");
}

/*
 * "comm[pid]", and " (unit)" when a target's systemd unit is known (unit
 * NULL for a killer), escaped, padded to TARGET_COLUMNS.
 */
static void
put_process(FILE *out, const char *comm, int32_t pid, const char *unit,
    int pad)
{
	char *buf = NULL;
	size_t len = 0, n;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL) {
		fprintf(out, "[%d] ", (int)pid);
		return;
	}
	if (comm[0] != '\0')
		cli_term_puts(m, comm, WK_COMM_MAX);
	else
		fputs("?", m);
	fprintf(m, "[%d]", (int)pid);
	if (unit != NULL && unit[0] != '\0') {
		fputs(" (", m);
		cli_term_puts(m, unit, WK_UNIT_MAX);
		fputc(')', m);
	}
	fclose(m);
	fwrite(buf, 1, len, out);
	n = columns(buf, len);
	if (pad)
		fprintf(out, "%*s", n < TARGET_COLUMNS ? (int)(TARGET_COLUMNS - n) : 0,
		    "");
	free(buf);
}

/* The target of a signal: its process, or what the call addressed. */
static void
put_target(FILE *out, const struct wk_event *ev)
{
	const struct wk_kill_report *r = &ev->report;
	char buf[48];

	if (r->target.pid > 0) {
		put_process(out, r->target.comm, r->target.pid,
		    ev->target_cgroup.unit, 1);
		fputc(' ', out);
		return;
	}
	if (r->flags & WK_F_TARGET_ALL)
		snprintf(buf, sizeof buf, "every process");
	else if (r->flags & WK_F_TARGET_GROUP)
		snprintf(buf, sizeof buf, "group %d", r->arg_pid < 0 ?
		    -(int)r->arg_pid : (int)r->arg_pid);
	else
		snprintf(buf, sizeof buf, "pid %d", (int)r->arg_pid);
	fprintf(out, "%-*s ", TARGET_COLUMNS, buf);
}

/*
 * The person: the login session's user, else the login uid's, else the
 * uid's; "→euser" when the killer's effective uid is another.
 */
static void
put_person(FILE *out, const struct wk_event *ev)
{
	const struct wk_caller *c = &ev->report.caller;
	char name[CLI_NAME_MAX];
	uint32_t who;

	if (ev->session.flags & WK_SI_KNOWN) {
		cli_term_puts(out, ev->session.user, sizeof ev->session.user);
		who = ev->session.loginuid != WK_ID_UNSET ?
		    ev->session.loginuid : ev->session.uid;
	} else {
		who = c->loginuid != WK_ID_UNSET ? c->loginuid : c->uid;
		cli_term_puts(out, cli_user_or_uid(who, name, sizeof name),
		    sizeof name);
	}
	if (c->euid != who)
		fprintf(out, "%s%s", cli_arrow(),
		    cli_user_or_uid(c->euid, name, sizeof name));
}

static void
put_sources(FILE *out, uint32_t sources)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ WK_SRC_SHIM, "shim" }, { WK_SRC_KERNEL, "kernel" },
		{ WK_SRC_PAM, "pam" }, { WK_SRC_NODE, "node" },
	};
	int any = 0;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (sources & names[i].bit) {
			fprintf(out, "%s%s", any ? "+" : "", names[i].name);
			any = 1;
		}
	}
	if (!any)
		fputs("-", out);
}

void
cli_list_event(FILE *out, const struct wk_event *ev, int colour)
{
	const struct wk_kill_report *r = &ev->report;
	char sig[32], err[32];

	/* An audit hub's node: its name first, as Tru64's hub named each
	 * event's host. */
	if (ev->node[0] != '\0') {
		cli_term_puts(out, ev->node, sizeof ev->node);
		fputs(": ", out);
	}
	put_time(out, r->time.sec);
	fputc(' ', out);
	wk_signal_format(r->signo, sig, sizeof sig);
	put_what(out, sig, !colour ? NULL : r->signo == 9 ? BOLD RED : RED);
	put_target(out, ev);
	fputs("by ", out);
	put_process(out, r->caller.comm, r->caller.pid, NULL, 0);
	fputc(' ', out);
	put_person(out, ev);
	fputs(" [", out);
	put_sources(out, ev->sources);
	fputc(']', out);
	if ((r->flags & WK_F_RESULT_PENDING) &&
	    !(r->flags & WK_F_SENDER_ENDED))
		fputs("  (result unknown)", out);
	else if (r->result == -1)
		fprintf(out, "  (failed: %s)",
		    cli_errno_name(r->error, err, sizeof err));
	fputc('\n', out);
}

void
cli_list_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_request *req, int colour)
{
	cli_list_event(out, ev, colour);
	if (req != NULL)
		cli_text_request(out, LIST_INDENT, req);
}

/* Why a process ended, the cause column of its line. */
static void
put_cause(FILE *out, const struct wk_death *d)
{
	char sig[32];

	switch (d->kind) {
	case WK_DEATH_SIGNALED:
		fputs(wk_signal_format(d->signo, sig, sizeof sig), out);
		if (d->flags & WK_D_CORE)
			fputs(" (core dumped)", out);
		if (d->flags & WK_D_SENDER) {
			fputs(" by ", out);
			put_process(out, d->sender.comm, d->sender.pid, NULL,
			    0);
		} else if (d->flags & WK_D_SENDER_HIDDEN) {
			fputs(" by a process hidden from you", out);
		} else {
			fputs(", no recorded sender", out);
		}
		break;
	case WK_DEATH_OOM:
		fputs("OOM killer", out);
		break;
	case WK_DEATH_EXITED:
		fprintf(out, "exit status %d", (int)d->exit_code);
		break;
	default:
		fputs("ended, how not seen", out);
		break;
	}
}

void
cli_list_death(FILE *out, const struct wk_death *d, int colour)
{
	char name[CLI_NAME_MAX];
	int bad = d->kind == WK_DEATH_SIGNALED || d->kind == WK_DEATH_OOM;

	put_time(out, d->time.sec != 0 ? d->time.sec : d->oom.time.sec);
	fputc(' ', out);
	put_what(out, "end", !colour ? NULL : bad ? RED : YELLOW);
	put_process(out, d->comm, d->pid, d->cgroup.unit, 1);
	fputc(' ', out);
	put_cause(out, d);
	fputc(' ', out);
	if ((d->flags & WK_D_SENDER_SESSION) && d->sender.session_user[0])
		cli_term_puts(out, d->sender.session_user,
		    sizeof d->sender.session_user);
	else if (d->flags & WK_D_SENDER)
		cli_term_puts(out, cli_user_or_uid(d->sender.loginuid !=
		    WK_ID_UNSET ? d->sender.loginuid : d->sender.uid, name,
		    sizeof name), sizeof name);
	else
		fputs("-", out);
	if (d->kind == WK_DEATH_OOM)
		fputs((d->flags & WK_D_EXIT_KNOWN) ? " [exits+kmsg]\n" :
		    " [kmsg]\n", out);
	else
		fputs(" [exits]\n", out);
}
