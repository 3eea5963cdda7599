/*
 * The node's whokilled records, written into the kernel's audit trail.
 */
#include <errno.h>
#include <inttypes.h>
#include <libaudit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_end.h"
#include "audit/audit_note.h"
#include "audit_trail.h"
#include "daemon/base/log.h"
#include "daemon/base/stats.h"
#include "daemon/ingest/ingest_node.h"

struct audit_trail_held {
	struct wk_event ev;
	int64_t due_ms;
};

/* One buffer serves both records. */
_Static_assert(WK_AUDIT_END_MAX <= WK_AUDIT_NOTE_MAX, "audit trail: buffer");

struct audit_trail_end {
	struct store_death d;
	int64_t due_ms;
};

/* The record in t->buf into the trail; counted, a refusal logged once. */
static int
send_record(struct audit_trail *t)
{
	if (audit_log_user_message(t->fd, WK_AUDIT_TRUSTED_APP, t->buf, NULL,
	    NULL, NULL, 1) <= 0) {
		t->failed++;
		t->in->counters->trail_failed++;
		if (!t->failed_logged)
			log_warn("audit trail: a whokilled record was refused "
			    "(logged once)");
		t->failed_logged = 1;
		return -1;
	}
	t->written++;
	t->in->counters->trail_written++;
	return 0;
}

/* Whether a and b are one signal, as rows before and after a merge. */
static int
same_signal(const struct wk_event *a, const struct wk_event *b)
{
	const struct wk_kill_report *x = &a->report, *y = &b->report;
	int64_t ms = (x->time.sec - y->time.sec) * 1000 +
	    (x->time.nsec - y->time.nsec) / 1000000;

	return x->caller.pid == y->caller.pid && x->signo == y->signo &&
	    x->target.pid == y->target.pid &&
	    (x->flags & WK_F_GROUP_MEMBER) == (y->flags & WK_F_GROUP_MEMBER) &&
	    (x->caller.start_time == 0 || y->caller.start_time == 0 ||
	    x->caller.start_time == y->caller.start_time) &&
	    ms >= -2000 && ms <= 2000;
}

/*
 * Write one record of the signal as the store has it now (merged, its
 * session joined); a refusal is counted and logged once.
 */
static void
write_record(struct audit_trail *t, const struct wk_event *held)
{
	static struct wk_event row;	/* one thread; 36 KB off the stack */
	const struct wk_event *ev = &row;

	/* A store that fails now: the signal is written as it came. */
	(void)ingest_node_stored_row(t->in, held, &row);
	if (wk_audit_note_format(ev, t->buf, WK_AUDIT_NOTE_MAX) == -1) {
		t->failed++;
		t->in->counters->trail_failed++;
		return;
	}
	if (send_record(t) == -1)
		return;
	log_debug("audit trail: the signal %" PRId32 " from pid %" PRId32
	    " to %" PRId32 " written", ev->report.signo, ev->report.caller.pid,
	    ev->report.target.pid);
}

/* Write the oldest held signal and drop it from the queue. */
static void
write_oldest(struct audit_trail *t)
{
	write_record(t, &t->held[0].ev);
	t->n--;
	memmove(&t->held[0], &t->held[1], t->n * sizeof t->held[0]);
}

/*
 * Write the end of one process as the store has it now, when it is one a
 * node tells (an OOM kill, a signal, the end of a signalled process).
 */
static void
write_end(struct audit_trail *t, const struct store_death *held)
{
	struct wk_death d;

	(void)ingest_node_stored_end(t->in, held, &d);
	if (!wk_audit_end_explained(&d))
		return;
	if (wk_audit_end_format(&d, t->buf, WK_AUDIT_NOTE_MAX) == -1) {
		t->failed++;
		t->in->counters->trail_failed++;
		return;
	}
	if (send_record(t) == -1)
		return;
	t->ends_written++;
	log_debug("audit trail: the end of pid %" PRId32 " written", d.pid);
}

static void
write_oldest_end(struct audit_trail *t)
{
	write_end(t, &t->ends[0].d);
	t->nends--;
	memmove(&t->ends[0], &t->ends[1], t->nends * sizeof t->ends[0]);
}

/* ingest_listener: hold an end of this host's process, once a process. */
static void
on_death_stored(void *arg, const struct store_death *d)
{
	struct audit_trail *t = arg;
	unsigned i;

	if (d->node[0] != '\0')
		return;
	/* A plain exit is never written (wk_audit_end_explained): not held
	 * nor read back.  An OOM kill that joins it later comes here too. */
	if ((d->kind == STORE_DEATH_EXITED || d->kind == STORE_DEATH_UNKNOWN) &&
	    !d->signalled && !d->has_oom)
		return;
	for (i = 0; i < t->nends; i++) {
		const struct store_death *h = &t->ends[i].d;

		if (h->pid == d->pid && h->start_time == d->start_time &&
		    strcmp(h->boot_id, d->boot_id) == 0)
			return;	/* read back merged when written */
	}
	if (t->nends == AUDIT_TRAIL_QUEUE)
		write_oldest_end(t);
	t->ends[t->nends].d = *d;
	t->ends[t->nends].due_ms = wkd_monotonic_ms() + AUDIT_TRAIL_HOLD_MS;
	t->nends++;
}

/* ingest_listener: hold a signal of this host, or its merged row. */
static void
on_signal_stored(void *arg, const struct wk_event *ev)
{
	struct audit_trail *t = arg;
	unsigned i;

	if (ev->node[0] != '\0')
		return;
	for (i = 0; i < t->n; i++) {
		if (same_signal(&t->held[i].ev, ev)) {
			wk_event_copy(&t->held[i].ev, ev);
			return;
		}
	}
	if (t->n == AUDIT_TRAIL_QUEUE)
		write_oldest(t);
	wk_event_copy(&t->held[t->n].ev, ev);
	t->held[t->n].due_ms = wkd_monotonic_ms() + AUDIT_TRAIL_HOLD_MS;
	t->n++;
}

static void
free_queues(struct audit_trail *t)
{
	free(t->held);
	free(t->ends);
	free(t->buf);
	t->held = NULL;
	t->ends = NULL;
	t->buf = NULL;
}

int
audit_trail_open(struct audit_trail *t, struct ingest *in)
{
	memset(t, 0, sizeof *t);
	t->fd = -1;
	t->held = calloc(AUDIT_TRAIL_QUEUE, sizeof *t->held);
	t->ends = calloc(AUDIT_TRAIL_QUEUE, sizeof *t->ends);
	t->buf = malloc(WK_AUDIT_NOTE_MAX);
	if (t->held == NULL || t->ends == NULL || t->buf == NULL) {
		free_queues(t);
		errno = ENOMEM;
		return -1;
	}
	t->fd = audit_open();
	if (t->fd == -1) {
		int saved = errno;

		free_queues(t);
		errno = saved;
		return -1;
	}
	t->in = in;
	in->recorder.signal_stored = on_signal_stored;
	in->recorder.death_stored = on_death_stored;
	in->recorder.arg = t;
	return 0;
}

void
audit_trail_flush(struct audit_trail *t, int64_t now_ms)
{
	while (t->n > 0 && (now_ms < 0 || t->held[0].due_ms <= now_ms))
		write_oldest(t);
	while (t->nends > 0 && (now_ms < 0 || t->ends[0].due_ms <= now_ms))
		write_oldest_end(t);
}

int
audit_trail_timeout_ms(const struct audit_trail *t, int64_t now_ms)
{
	int64_t due;

	if (t->n == 0 && t->nends == 0)
		return -1;
	if (t->n == 0)
		due = t->ends[0].due_ms;
	else if (t->nends == 0)
		due = t->held[0].due_ms;
	else
		due = t->held[0].due_ms < t->ends[0].due_ms ?
		    t->held[0].due_ms : t->ends[0].due_ms;
	return due <= now_ms ? 0 : (int)(due - now_ms);
}

void
audit_trail_close(struct audit_trail *t)
{
	if (t->held == NULL)
		return;
	audit_trail_flush(t, -1);
	if (t->in != NULL && t->in->recorder.arg == t)
		memset(&t->in->recorder, 0, sizeof t->in->recorder);
	log_info("audit trail: %" PRIu64 " whokilled records written (%"
	    PRIu64 " of ends), %" PRIu64 " refused", t->written,
	    t->ends_written, t->failed);
	if (t->fd != -1)
		audit_close(t->fd);
	free_queues(t);
	memset(t, 0, sizeof *t);
	t->fd = -1;
}
