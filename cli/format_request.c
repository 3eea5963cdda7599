/*
 * The "requested" line: who asked systemd, how that is known, and what
 * systemd was doing (format_request.h).
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "format_request.h"
#include "glyphs.h"
#include "names.h"

#define COMMAND_MAX	96	/* of the asker's command line shown */

/* Programs through which a person runs a command as another user. */
static int
identity_changer(const char *comm)
{
	return strcmp(comm, "sudo") == 0 || strcmp(comm, "su") == 0 ||
	    strcmp(comm, "doas") == 0 || strcmp(comm, "pkexec") == 0 ||
	    strcmp(comm, "runuser") == 0 || strcmp(comm, "run0") == 0;
}

/* "alice via sudo systemctl stop nginx" for the asker ev. */
static void
print_asker(FILE *out, const struct wk_event *ev)
{
	const struct wk_caller *c = &ev->report.caller;
	char name[64], cmd[COMMAND_MAX];
	uint32_t n = ev->chain_len < WK_CHAIN_MAX ? ev->chain_len : WK_CHAIN_MAX;
	size_t i, len = 0;

	/* The person: the session's user, the login uid, else the uid. */
	if (ev->session.flags & WK_SI_KNOWN)
		cli_term_puts(out, ev->session.user, sizeof ev->session.user);
	else
		fputs(cli_user_or_uid(c->loginuid != WK_ID_UNSET ?
		    c->loginuid : c->uid, name, sizeof name), out);
	fputs(" via ", out);
	if (n >= 2 && identity_changer(ev->chain[n - 2].comm)) {
		cli_term_puts(out, ev->chain[n - 2].comm,
		    sizeof ev->chain[n - 2].comm);
		fputc(' ', out);
	}
	if (c->argv_len == 0) {
		/* Redacted, or gone before it could be read. */
		if (c->comm[0] != '\0')
			cli_term_puts(out, c->comm, sizeof c->comm);
		else
			fprintf(out, "pid %" PRId32, c->pid);
		fprintf(out, " (pid %" PRId32 ")", c->pid);
		return;
	}
	for (i = 0; i < c->argv_len && len + 1 < sizeof cmd; i++) {
		char ch = ev->argv[i] == '\0' ? ' ' : ev->argv[i];

		/* argv[0] without its directory, as a person typed it */
		if (ch == '/' && memchr(ev->argv, '\0', i) == NULL) {
			len = 0;
			continue;
		}
		cmd[len++] = ch;
	}
	while (len > 0 && cmd[len - 1] == ' ')
		len--;
	cmd[len] = '\0';
	cli_term_puts(out, cmd, sizeof cmd);
	if (i < c->argv_len)
		fputs("...", out);
}

/* What systemd did, after the dash. */
static void
print_action(FILE *out, const struct wk_request *req)
{
	const char *unit = req->unit[0] != '\0' ? req->unit : "(unit unknown)";

	if (req->flags & WK_RQ_JOB)
		fprintf(out, "job %" PRIu32 " ", req->job);
	switch (req->verb) {
	case WK_VERB_STOP:
	case WK_VERB_RESTART:
	case WK_VERB_KILL:
		fprintf(out, "%s ", wk_request_verb_name(req->verb));
		cli_term_puts(out, unit, WK_UNIT_MAX);
		break;
	case WK_VERB_STOP_TIMEOUT:
		fprintf(out, "%s ", req->job_verb[0] != '\0' ? req->job_verb :
		    "stop");
		cli_term_puts(out, unit, WK_UNIT_MAX);
		fputs(": SIGKILL when its stop timed out (TimeoutStopSec=)", out);
		break;
	case WK_VERB_DEPENDENCY:
		fputs("stop ", out);
		cli_term_puts(out, unit, WK_UNIT_MAX);
		fputs(", pulled in by the ", out);
		fputs(req->job_verb[0] != '\0' ? req->job_verb : "stop", out);
		fputs(" of ", out);
		cli_term_puts(out, req->cause_unit, sizeof req->cause_unit);
		break;
	case WK_VERB_RESTART_POLICY:
		cli_term_puts(out, unit, WK_UNIT_MAX);
		fputs(" restarting on its own (Restart=) after its main process "
		    "ended", out);
		break;
	case WK_VERB_WATCHDOG:
		cli_term_puts(out, unit, WK_UNIT_MAX);
		fputs(": its watchdog timed out (WatchdogSec=)", out);
		break;
	case WK_VERB_SHUTDOWN:
		fputs("the system is shutting down", out);
		if (req->unit[0] != '\0') {
			fputs(" (", out);
			cli_term_puts(out, req->unit, sizeof req->unit);
			fputc(')', out);
		}
		break;
	default:
		fputs("no request or reason seen", out);
		if (req->unit[0] != '\0') {
			fputs(" (", out);
			cli_term_puts(out, req->unit, sizeof req->unit);
			fputc(')', out);
		}
		break;
	}
}

void
cli_text_request(FILE *out, const char *indent, const struct wk_request *req)
{
	fprintf(out, "%srequested  ", indent);
	if (req->flags & WK_RQ_CALLER)
		print_asker(out, &req->caller);
	else if (req->via == WK_VIA_SYSTEMD)
		fputs("nobody: systemd on its own", out);
	else
		fputs("a client gone before it could be named", out);
	if (req->via == WK_VIA_BUS || req->via == WK_VIA_SYSTEMCTL) {
		fputs(" (", out);
		if (req->via == WK_VIA_BUS)
			fputs("bus ", out);
		if (strncmp(req->method, WK_METHOD_ARGV, sizeof req->method) ==
		    0)
			fputs("from its argv", out);
		else
			cli_term_puts(out, req->method, sizeof req->method);
		fputs((req->flags & WK_RQ_EXACT) ? "; exact)" : "; inferred)",
		    out);
	}
	fprintf(out, " %s ", cli_dash());
	print_action(out, req);
	fputc('\n', out);
}
