/*
 * libFuzzer target for the audit reader: audit logs are bytes from other
 * hosts (merged by audisp-remote) and from whoever can write to a log
 * file.  The input is fed in two pieces split where its first byte says,
 * every kill becomes a struct wk_event against the exec history, and the
 * offline output of each (with a node's end read from the same input, as
 * a hub's log holds them) is written to /dev/null.
 *
 *   make fuzz-audit [FUZZ_SECONDS=60]
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../audit/audit_event.h"
#include "../../audit/audit_history.h"
#include "../../audit/audit_reader.h"
#include "cli/format_death.h"
#include "cli/format_json.h"
#include "cli/offline_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_state {
	struct wk_audit_history *hist;
	FILE *sink;
	struct wk_death end;	/* the last node's end read, if any */
	int has_end;
};

/* A node's end: printed alone, and kept to be shown with the kills. */
static void
on_end(const struct wk_audit_end *e, void *arg)
{
	struct fuzz_state *st = arg;

	st->end = e->d;
	st->has_end = 1;
	cli_text_death(st->sink, &e->d);
	cli_json_death(st->sink, &e->d);
}

static void
on_exec(const struct wk_audit_exec *x, void *arg)
{
	struct fuzz_state *st = arg;

	(void)wk_audit_history_add(st->hist, x);
}

static void
on_kill(const struct wk_audit_kill *k, void *arg)
{
	static struct offline_match m;
	static struct wk_event ev;
	struct fuzz_state *st = arg;
	const struct wk_audit_target *shown = wk_audit_shown_target(k);
	enum wk_audit_argv_source src;

	memset(&m, 0, sizeof m);
	m.kill = *k;
	m.kill.targets = NULL;
	if (shown != NULL) {
		m.shown = *shown;
		m.has_shown = 1;
	}
	if (k->ntargets > 0) {
		m.matched = k->targets[k->ntargets - 1];
		m.by_record = 1;
	}
	for (uint32_t i = 0; i < k->ntargets && i < OFFLINE_LISTED_MAX; i++)
		m.listed[m.nlisted++] = k->targets[i];
	src = wk_audit_event_fill(&ev, k, shown, st->hist);
	offline_print_text(st->sink, &ev, &m, st->has_end ? &st->end : NULL);
	offline_print_json(st->sink, &ev, &m, src,
	    st->has_end ? &st->end : NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct fuzz_state st;
	struct wk_audit_sink sink = { .kill = on_kill, .exec = on_exec,
	    .end = on_end, .arg = &st };
	struct wk_audit_reader *r;
	size_t split;

	if (size < 1)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	memset(&st, 0, sizeof st);
	st.sink = devnull;
	st.hist = wk_audit_history_new();
	r = wk_audit_reader_new(&sink);
	if (r == NULL || st.hist == NULL || devnull == NULL)
		goto out;
	split = data[0] % size;
	(void)wk_audit_reader_feed(r, (const char *)data + 1, split);
	(void)wk_audit_reader_feed(r, (const char *)data + 1 + split, size - 1 - split);
	(void)wk_audit_reader_finish(r);
out:
	wk_audit_reader_free(r);
	wk_audit_history_free(st.hist);
	return 0;
}
