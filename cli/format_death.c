/*
 * The answer's first line: what became of the process.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "format_blind.h"
#include "format_death.h"
#include "format_lines.h"
#include "names.h"

/* A string from the daemon: escaped for a terminal unless raw. */
static void
put_str(FILE *out, int raw, const char *s, size_t max)
{
	if (raw)
		fwrite(s, 1, strnlen(s, max), out);
	else
		cli_term_puts(out, s, max);
}

static void
put_time(FILE *out, const struct wk_time *t)
{
	char when[CLI_TIME_MAX];

	fputs(cli_time_text(t->sec, when, sizeof when), out);
}

/* " at T", or nothing when the time is unknown. */
static void
put_at(FILE *out, const struct wk_time *t)
{
	if (t->sec != 0) {
		fputs(" at ", out);
		put_time(out, t);
	}
}

/* "31 MiB" or "512 KiB" of a size in KiB. */
static void
put_size(FILE *out, uint64_t kb)
{
	if (kb >= 1024)
		fprintf(out, "%" PRIu64 " MiB", (kb + 512) / 1024);
	else
		fprintf(out, "%" PRIu64 " KiB", kb);
}

/* "from alice's session via su (pid 1784 kill)". */
static void
put_sender(FILE *out, int raw, const struct wk_death *d)
{
	const struct wk_death_sender *s = &d->sender;
	char name[CLI_NAME_MAX];

	fputs("from ", out);
	if ((d->flags & WK_D_SENDER_SESSION) && s->session_user[0] != '\0') {
		put_str(out, raw, s->session_user, sizeof s->session_user);
		fputs("'s session", out);
	} else if (s->loginuid != WK_ID_UNSET) {
		fprintf(out, "%s's session",
		    cli_user_or_uid(s->loginuid, name, sizeof name));
	} else {
		fputs(cli_user_or_uid(s->uid, name, sizeof name), out);
	}
	if (s->via[0] != '\0') {
		fputs(" via ", out);
		put_str(out, raw, s->via, sizeof s->via);
	}
	fprintf(out, " (pid %" PRId32 " ", s->pid);
	put_str(out, raw, s->comm, sizeof s->comm);
	fputc(')', out);
}

static void
put_signaled(FILE *out, int raw, const struct wk_death *d)
{
	char sig[32];
	int self = wk_signal_self_inflicted(d->signo);

	wk_signal_format(d->signo, sig, sizeof sig);
	if (d->flags & WK_D_SENDER) {
		fprintf(out, "killed by %s%s ", sig,
		    (d->flags & WK_D_CORE) ? " (core dumped)" : "");
		put_sender(out, raw, d);
		put_at(out, &d->time);
		return;
	}
	fprintf(out, "%s %s%s", self ? "died of" : "killed by", sig,
	    (d->flags & WK_D_CORE) ? " (core dumped)" : "");
	put_at(out, &d->time);
	if (d->flags & WK_D_SENDER_HIDDEN)
		fputs(", sent by a process you may not see", out);
	else if (self)
		fputs(", no process sent it", out);
	else
		fputs("; no recorded process sent it", out);
	if (d->flags & WK_D_PARENT_GONE) {
		fputs(" (its parent ", out);
		put_str(out, raw, d->parent_comm, sizeof d->parent_comm);
		fprintf(out, "[%" PRId32 "] had ended first)", d->parent_pid);
	}
}

static void
put_oom(FILE *out, int raw, const struct wk_death *d)
{
	const struct wk_death_oom *o = &d->oom;

	fputs("killed by the kernel OOM killer", out);
	if ((d->flags & WK_D_OOM_GLOBAL) != 0) {
		fputs(" when the machine ran out of memory", out);
	} else if (o->memcg[0] != '\0') {
		fputs(" in memory cgroup ", out);
		put_str(out, raw, o->memcg, sizeof o->memcg);
	}
	if ((d->flags & WK_D_OOM_GROUP) != 0)
		fputs(" with the rest of its cgroup", out);
	put_at(out, o->time.sec != 0 ? &o->time : &d->time);
	fputs(" (rss ", out);
	put_size(out, o->anon_rss_kb + o->file_rss_kb + o->shmem_rss_kb);
	fputc(')', out);
}

static void
put_no_record(FILE *out, const struct wk_death *d)
{
	const struct wk_death_watch *w = &d->watch;

	if ((d->flags & WK_D_WATCHING) == 0) {
		fputs("no record of its end: this daemon does not see process "
		    "exits (it needs root in the initial namespaces)", out);
	} else if (w->gap_from.sec != 0 || w->gap_to.sec != 0) {
		fputs("no record: the daemon was not running between ", out);
		put_time(out, &w->gap_from);
		fputs(" and ", out);
		put_time(out, &w->gap_to);
		fputs(", and has kept no end of this pid since", out);
	} else if (w->since.sec != 0) {
		fputs("no record: the daemon has kept no end of this pid since "
		    "it began watching at ", out);
		put_time(out, &w->since);
	} else {
		fputs("no record of its end", out);
	}
}

/* The phrase into out: escaped for a terminal unless raw. */
static void
write_phrase(FILE *out, const struct wk_death *d, int raw)
{
	switch (d->kind) {
	case WK_DEATH_RUNNING:
		fputs("still running", out);
		if (d->time.sec != 0) {
			fputs(" (started ", out);
			put_time(out, &d->time);
			fputc(')', out);
		}
		break;
	case WK_DEATH_EXITED:
		fprintf(out, "exited with status %" PRId32, d->exit_code);
		put_at(out, &d->time);
		break;
	case WK_DEATH_SIGNALED:
		put_signaled(out, raw, d);
		break;
	case WK_DEATH_OOM:
		put_oom(out, raw, d);
		break;
	case WK_DEATH_UNKNOWN:
		if (d->flags & WK_D_ZOMBIE) {
			fputs("has ended, not yet reaped; how was not seen", out);
		} else {
			fputs("has ended", out);
			if (d->time.sec != 0) {
				fputs(" (at ", out);
				put_time(out, &d->time);
				fputc(')', out);
			}
			fputs("; how was not seen", out);
		}
		break;
	default:
		put_no_record(out, d);
		break;
	}
}

const char *
cli_death_phrase(const struct wk_death *d, char *buf,
    size_t size)
{
	FILE *mem;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	mem = fmemopen(buf, size, "w");
	if (mem == NULL)
		return buf;
	/* Full buffer: fmemopen keeps the phrase cut and NUL-terminated. */
	setvbuf(mem, NULL, _IONBF, 0);
	write_phrase(mem, d, 1);
	fclose(mem);
	buf[size - 1] = '\0';
	return buf;
}

void
cli_text_death(FILE *out, const struct wk_death *d)
{
	fprintf(out, "pid %" PRId32, d->pid);
	if (d->comm[0] != '\0') {
		fputs(" (", out);
		cli_term_puts(out, d->comm, sizeof d->comm);
		fputc(')', out);
	}
	(void)cli_text_unit(out, " in ", &d->cgroup);
	fputs(": ", out);
	write_phrase(out, d, 0);
	fputc('\n', out);
	cli_text_blind_spots(out, d);
}

int
cli_death_ended(const struct wk_death *d)
{
	return d != NULL && d->kind != WK_DEATH_RUNNING &&
	    d->kind != WK_DEATH_NO_RECORD;
}

const struct wk_death *
cli_death_of(const struct wk_death *deaths,
    unsigned n, const struct wk_event *ev)
{
	const struct wk_target *t = &ev->report.target;
	unsigned i;

	for (i = 0; i < n; i++) {
		const struct wk_death *d = &deaths[i];

		if (d->pid != t->pid ||
		    strncmp(d->boot_id, ev->boot_id, WK_BOOT_ID_MAX) != 0)
			continue;
		if (d->start_time == t->start_time ||
		    (t->start_time == 0 && (d->flags & WK_D_SUBJECT)))
			return d;
	}
	return NULL;
}

int
cli_death_ended_it(const struct wk_death *d, const struct wk_event *ev)
{
	if (ev->report.result != 0)
		return 0;
	if (d == NULL)
		return -1;
	if ((d->flags & WK_D_SENDER) && d->sender.event == ev->id)
		return 1;
	switch (d->kind) {
	case WK_DEATH_RUNNING:
	case WK_DEATH_EXITED:
	case WK_DEATH_SIGNALED:
	case WK_DEATH_OOM:
		return 0;
	default:
		return -1;
	}
}

const char *
cli_death_fate(const struct wk_death *d, const struct wk_event *ev,
    char *buf, size_t size)
{
	char when[CLI_TIME_MAX];
	int64_t sent = ev->report.time.sec;

	switch (cli_death_ended_it(d, ev)) {
	case 1:
		snprintf(buf, size, "it ended the process");
		return buf;
	case 0:
		if (ev->report.result != 0)
			return NULL;
		if (d->kind == WK_DEATH_RUNNING) {
			snprintf(buf, size, "handled, ignored or blocked: it is "
			    "still running");
			return buf;
		}
		if (d->time.sec == 0)
			snprintf(buf, size, "handled, ignored or blocked: it "
			    "ended later, otherwise");
		else
			snprintf(buf, size, "handled, ignored or blocked: it "
			    "ran on until %s", cli_time_local(d->time.sec,
			    !cli_same_day(d->time.sec, sent), when,
			    sizeof when));
		return buf;
	default:
		return NULL;
	}
}
