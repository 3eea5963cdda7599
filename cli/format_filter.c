/*
 * The sentence for signals a query's filters left out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format_death.h"
#include "format_filter.h"
#include "names.h"

int
cli_filter_any(const struct cli_filter *f)
{
	return f->signo != 0 || f->since != 0 || f->until != 0;
}

void
cli_filter_excluded_event(const struct wk_end *end, struct wk_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = end->excluded.event;
	ev->report.time = end->excluded.time;
	ev->report.signo = end->excluded.signo;
	ev->report.result = end->excluded.result;
	ev->report.error = end->excluded.error;
}

/* "KILL" for SIGKILL: the form --signal takes. */
static const char *
signal_option(int32_t signo, char *buf, size_t size)
{
	char name[32];

	wk_signal_format(signo, name, sizeof name);
	snprintf(buf, size, "%s", strncmp(name, "SIG", 3) == 0 ? name + 3 :
	    name);
	return buf;
}

/* What happened to the signal left out: "delivered; it ended the process". */
static void
put_result(FILE *out, const struct wk_event *ev, const struct wk_death *d)
{
	char fate[128], ename[16];
	const struct wk_kill_report *r = &ev->report;

	if (r->result != 0) {
		if (r->error > 0)
			fprintf(out, "failed: %s", cli_errno_name(r->error,
			    ename, sizeof ename));
		else
			fputs("failed", out);
		return;
	}
	fputs("delivered", out);
	if (cli_death_fate(d, ev, fate, sizeof fate) != NULL)
		fprintf(out, "; %s", fate);
}

/* " --signal KILL --since T --until T", the filters as options. */
static void
put_options(FILE *out, const struct cli_filter *f)
{
	char sig[32], when[CLI_TIME_MAX];

	if (f->signo != 0)
		fprintf(out, " --signal %s", signal_option(f->signo, sig,
		    sizeof sig));
	if (f->since != 0)
		fprintf(out, " --since %s", cli_time_text(f->since, when,
		    sizeof when));
	if (f->until != 0)
		fprintf(out, " --until %s", cli_time_text(f->until, when,
		    sizeof when));
}

static void
write_phrase(FILE *out, const struct wk_end *end, const struct wk_death *d,
    int32_t pid, const struct cli_filter *f)
{
	struct wk_event ev;
	char sig[32], when[CLI_TIME_MAX];

	cli_filter_excluded_event(end, &ev);
	if (f->signo != 0)
		fprintf(out, "no %s", wk_signal_format(f->signo, sig,
		    sizeof sig));
	else
		fputs("no signal", out);
	fprintf(out, " to pid %" PRId32, pid);
	if (f->since != 0)
		fprintf(out, " since %s", cli_time_text(f->since, when,
		    sizeof when));
	if (f->until != 0)
		fprintf(out, " until %s", cli_time_text(f->until, when,
		    sizeof when));
	fprintf(out, " was recorded; recorded for it: %s at %s (",
	    wk_signal_format(ev.report.signo, sig, sizeof sig),
	    cli_time_text(ev.report.time.sec, when, sizeof when));
	put_result(out, &ev, d);
	fputc(')', out);
	if (end->filtered_out > 1)
		fprintf(out, " and %" PRIu32 " more", end->filtered_out - 1);
	fputs(" — not shown by", out);
	put_options(out, f);
}

const char *
cli_filter_phrase(const struct wk_end *end, const struct wk_death *d,
    int32_t pid, const struct cli_filter *f, char *buf, size_t size)
{
	FILE *mem;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	mem = fmemopen(buf, size, "w");
	if (mem == NULL)
		return buf;
	/* Full buffer: fmemopen keeps the sentence cut and NUL-terminated. */
	setvbuf(mem, NULL, _IONBF, 0);
	write_phrase(mem, end, d, pid, f);
	fclose(mem);
	buf[size - 1] = '\0';
	return buf;
}
