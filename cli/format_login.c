/*
 * Text about failed logins:
 *
 *   3 failed logins for postgres via su from local, 2026-11-22 00:01:00 … 00:03:00
 *     program  pid 4242 (psql) /usr/bin/psql uid=alice
 *     argv     psql -U postgres -h db1
 *     chain    cron[1] root → sh[4240] alice → psql[4242] alice
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "format_lines.h"
#include "format_login.h"
#include "glyphs.h"
#include "names.h"

#define FAILED_INDENT	"  "

/* "2026-11-22 00:01:00 … 00:03:00", or one time when both are the same. */
static void
print_span(FILE *out, const struct wk_time *first,
    const struct wk_time *last)
{
	char when[CLI_TIME_MAX];

	fputs(cli_time_local(first->sec, 1, when, sizeof when), out);
	if (last->sec == first->sec)
		return;
	fprintf(out, " %s %s", cli_ellipsis(), cli_time_local(last->sec,
	    !cli_same_day(first->sec, last->sec), when, sizeof when));
}

/* The program that asked PAM: pid (comm) exe, its uids. */
static void
print_program(FILE *out, const struct wk_caller *c)
{
	char uid[CLI_NAME_MAX], euid[CLI_NAME_MAX];

	fprintf(out, FAILED_INDENT "%-9s" "pid %" PRId32, "program", c->pid);
	if (c->comm[0] != '\0') {
		fputs(" (", out);
		cli_term_puts(out, c->comm, sizeof c->comm);
		fputc(')', out);
	}
	if (c->exe[0] != '\0') {
		fputc(' ', out);
		cli_term_puts(out, c->exe, sizeof c->exe);
	}
	fprintf(out, " uid=%s", cli_user_or_uid(c->uid, uid, sizeof uid));
	if (c->euid != c->uid)
		fprintf(out, " euid=%s",
		    cli_user_or_uid(c->euid, euid, sizeof euid));
	fputc('\n', out);
}

/* True when argc counts more arguments than argv holds. */
static int
argv_cut(const struct wk_caller *c, const char *argv)
{
	uint32_t held = 0;

	for (uint32_t i = 0; i < c->argv_len && i < WK_ARGV_MAX; i++)
		held += argv[i] == '\0';
	return c->argv_len > 0 && c->argc > held;
}

void
cli_text_failed_login(FILE *out, const struct wk_authfail_event *ev)
{
	const struct wk_authfail_report *r = &ev->report;

	fprintf(out, "%" PRIu32 " failed login%s for ", ev->count,
	    ev->count == 1 ? "" : "s");
	cli_text_account(out, r->user, WK_ID_UNSET);
	fputs(" via ", out);
	cli_text_service(out, r->service);
	cli_text_origin(out, r->rhost, r->ruser, r->tty);
	fputs(", ", out);
	print_span(out, &ev->first, &ev->last);
	fputc('\n', out);
	print_program(out, &r->caller);
	cli_text_argv(out, FAILED_INDENT, &r->caller, ev->argv,
	    argv_cut(&r->caller, ev->argv));
	cli_text_chain(out, FAILED_INDENT, ev->chain, ev->chain_len,
	    ev->chain_len);
}

void
cli_text_failed_end(FILE *out, const struct wk_end *end,
    const char *user, unsigned printed)
{
	if (printed > 0)
		return;
	if (end->message[0] != '\0')
		cli_term_puts(out, end->message, sizeof end->message);
	else if (user != NULL) {
		fputs("no failed login for ", out);
		cli_term_puts(out, user, strlen(user) + 1);
		fputs(" was recorded", out);
	} else
		fputs("no failed login was recorded", out);
	fputc('\n', out);
}
