/*
 * The lines the text answers share: a command line as shell words, the
 * argv line, the chain line, and the person behind a login session.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "format_lines.h"
#include "glyphs.h"
#include "names.h"

/* True when every byte is one a shell takes literally outside quotes. */
static int
shell_bare(const char *s, size_t len)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_@%+=:,./-";

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0' || strchr(safe, s[i]) == NULL)
			return 0;
	return 1;
}

/* True when some byte is not part of a printable UTF-8 character. */
static int
has_unprintable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = cli_utf8_char(p + i, len - i, &cp);

		if (n == 0 || !cli_printable(cp))
			return 1;
		i += n;
	}
	return 0;
}

void
cli_shell_word(FILE *out, const char *arg, size_t len)
{
	const unsigned char *p = (const unsigned char *)arg;
	size_t i = 0;

	if (shell_bare(arg, len)) {
		fwrite(arg, 1, len, out);
		return;
	}
	if (!has_unprintable(arg, len)) {
		fputc('\'', out);
		for (i = 0; i < len; i++) {
			if (arg[i] == '\'')
				fputs("'\\''", out);
			else
				fputc(arg[i], out);
		}
		fputc('\'', out);
		return;
	}
	fputs("$'", out);
	while (i < len) {
		uint32_t cp;
		size_t n = cli_utf8_char(p + i, len - i, &cp);

		if (n == 0 || !cli_printable(cp)) {
			n = n ? n : 1;
			for (size_t k = 0; k < n; k++)
				fprintf(out, "\\x%02x", p[i + k]);
		} else if (cp == '\'' || cp == '\\') {
			fputc('\\', out);
			fputc((int)cp, out);
		} else {
			fwrite(p + i, 1, n, out);
		}
		i += n;
	}
	fputc('\'', out);
}

void
cli_text_argv(FILE *out, const char *indent, const struct wk_caller *c,
    const char *argv, int truncated)
{
	const struct wk_argv_cut *cut = &c->argv_cut;
	size_t len = c->argv_len < WK_ARGV_MAX ? c->argv_len : WK_ARGV_MAX;
	size_t i = 0;
	uint32_t k = 0;

	if (len == 0 && c->argc == 0)
		return;
	fprintf(out, "%s%-9s", indent, "argv");
	if (len == 0) {
		fputs("(hidden: not your process)\n", out);
		return;
	}
	while (i < len) {
		size_t n = strnlen(argv + i, len - i);

		/* The cut: "…" joined to an argument only part of which
		 * is shown, apart from whole ones. */
		if (k == cut->head && k > 0) {
			if (!(cut->flags & WK_CUT_HEAD_PART))
				fputc(' ', out);
			fputs(cli_ellipsis(), out);
			if (!(cut->flags & WK_CUT_TAIL_PART))
				fputc(' ', out);
		} else if (i > 0) {
			fputc(' ', out);
		}
		cli_shell_word(out, argv + i, n);
		i += n + 1;
		k++;
	}
	if (cut->head > 0) {
		fprintf(out, " (%s: ", cli_ellipsis());
		if (cut->args > 0)
			fprintf(out, "%" PRIu32 " argument%s, ", cut->args,
			    cut->args == 1 ? "" : "s");
		fprintf(out, "%" PRIu64 " byte%s left out)", cut->bytes,
		    cut->bytes == 1 ? "" : "s");
	} else if (truncated) {
		fputs(" (truncated)", out);
	}
	fputc('\n', out);
}

void
cli_text_chain(FILE *out, const char *indent,
    const struct wk_chain_entry *chain, uint32_t n, uint32_t login)
{
	char uid[CLI_NAME_MAX], euid[CLI_NAME_MAX];

	if (n > WK_CHAIN_MAX)
		n = WK_CHAIN_MAX;
	if (n == 0)
		return;
	fprintf(out, "%s%-9s", indent, "chain");
	for (uint32_t i = login < n ? login : 0; i < n; i++) {
		const struct wk_chain_entry *e = &chain[i];

		if (i > 0 && i != login)
			fprintf(out, " %s ", cli_arrow());
		if (e->comm[0] != '\0')
			cli_term_puts(out, e->comm, sizeof e->comm);
		else
			fputc('?', out);
		fprintf(out, "[%" PRId32 "] %s", e->pid,
		    cli_user_or_uid(e->uid, uid, sizeof uid));
		if (e->euid != e->uid)
			fprintf(out, "%s%s", cli_arrow(),
			    cli_user_or_uid(e->euid, euid, sizeof euid));
		if (i == login)
			fputs(" (login)", out);
	}
	fputc('\n', out);
}

/* A terminal name as PAM gave it, without "/dev/". */
static void
print_tty(FILE *out, const char *tty, size_t size)
{
	if (strncmp(tty, "/dev/", 5) == 0) {
		tty += 5;
		size -= 5;
	}
	cli_term_puts(out, tty, size);
}

void
cli_text_origin(FILE *out, const char *rhost, const char *ruser,
    const char *tty)
{
	fputs(" from ", out);
	if (rhost[0] != '\0') {
		if (ruser[0] != '\0') {
			cli_term_puts(out, ruser, WK_USER_MAX);
			fputc('@', out);
		}
		cli_term_puts(out, rhost, WK_HOST_MAX);
	} else {
		fputs("local", out);
		if (ruser[0] != '\0') {
			fputs(" by ", out);
			cli_term_puts(out, ruser, WK_USER_MAX);
		}
	}
	if (tty[0] != '\0') {
		fputs(" on ", out);
		print_tty(out, tty, WK_TTY_MAX);
	}
}

void
cli_text_service(FILE *out, const char *service)
{
	if (service[0] != '\0')
		cli_term_puts(out, service, WK_SERVICE_MAX);
	else
		fputs("unknown service", out);
}

void
cli_text_account(FILE *out, const char *user, uint32_t uid)
{
	char name[CLI_NAME_MAX];

	if (user[0] != '\0')
		cli_term_puts(out, user, WK_USER_MAX);
	else if (uid != WK_ID_UNSET)
		fputs(cli_user_or_uid(uid, name, sizeof name), out);
	else
		fputs("an unnamed account", out);
}

void
cli_text_person(FILE *out, const char *indent,
    const struct wk_session_info *s)
{
	char when[CLI_TIME_MAX], id[CLI_SESSION_NAME_MAX];
	int opened = s->opened.sec != 0;

	fprintf(out, "%s%-9s", indent, "person");
	cli_text_account(out, s->user, s->uid);
	if (s->loginuid != WK_ID_UNSET)
		fprintf(out, " (auid %" PRIu32 ")", s->loginuid);
	if (cli_session_name(s, id, sizeof id) != NULL)
		fprintf(out, ", session %s", id);
	fputs(", ", out);
	cli_text_service(out, s->service);
	cli_text_origin(out, s->rhost, s->ruser, s->tty);
	if (opened)
		fprintf(out, ", logged in %s", cli_time_local(s->opened.sec, 1,
		    when, sizeof when));
	if (s->flags & WK_SI_CLOSED)
		fprintf(out, " (logged out %s)", cli_time_local(s->closed.sec,
		    !opened || !cli_same_day(s->opened.sec, s->closed.sec),
		    when, sizeof when));
	fputc('\n', out);
}

/* The user manager (user@UID.service) path names, or NULL: its length. */
static const char *
user_manager(const char *path, size_t *len)
{
	const char *p = path, *end;

	while ((p = strstr(p, "/user@")) != NULL) {
		p++;
		end = strchr(p, '/');
		*len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (*len > 13 && memcmp(p + *len - 8, ".service", 8) == 0)
			return p;
	}
	return NULL;
}

int
cli_text_unit(FILE *out, const char *before, const struct wk_cgroup *cg)
{
	const char *mgr;
	size_t len, ulen = strnlen(cg->unit, sizeof cg->unit);

	if (ulen > 0) {
		fputs(before, out);
		fputs("unit ", out);
		cli_term_puts(out, cg->unit, sizeof cg->unit);
		mgr = user_manager(cg->path, &len);
		if (mgr != NULL && (len != ulen || memcmp(mgr, cg->unit,
		    len) != 0)) {
			fputs(" of ", out);
			cli_term_write(out, mgr, len);
		}
		return 1;
	}
	if (cg->path[0] == '\0' || strcmp(cg->path, "/") == 0)
		return 0;
	fputs(before, out);
	fputs("cgroup ", out);
	cli_term_puts(out, cg->path, sizeof cg->path);
	return 1;
}
