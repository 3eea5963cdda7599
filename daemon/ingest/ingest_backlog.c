/*
 * The write path: rows into the open batch, the batch's commit, and the
 * rows kept in memory until they are committed -- one ring, the open
 * batch's rows first, then the rows waiting for the store.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "ingest_backlog.h"
#include "daemon/base/log.h"

#define KEPT_PENDING	0x1u	/* its last write counted in store_pending */
#define KEPT_WAITED	0x2u	/* it waited for the store */
#define KEPT_COUNTED	0x4u	/* its kind's counter counted it already */

/*
 * Slots of the ring whose pages stay when it empties: a batch's worth of
 * rows, the pages every batch touches again (one or two a row).  Giving
 * back all but 4 MiB of address range, 113 slots, made the rest of each
 * batch fault its pages in anew: a page fault and a cleared page for
 * nearly every report.  The peak is the same: a batch had them all.
 */
#define RING_KEEP_SLOTS	INGEST_COMMIT_ROWS

/*
 * A slot of the ring, page-aligned: a row with a short command line (its
 * used bytes under 4 KiB) touches one page of its 36 KiB slot, not two.
 */
struct ingest_kept_row {
	_Alignas(4096) uint32_t kind;	/* enum ingest_row_kind */
	uint32_t flags;		/* KEPT_* */
	union {
		struct wk_event kill;
		struct wk_session_report session;
		struct wk_authfail_event authfail;
		struct store_death death;
		struct wk_kill_result result;
		struct store_request request;
	} u;
};

void
ingest_backlog_init(struct ingest_backlog *b)
{
	memset(b, 0, sizeof *b);
	b->max = INGEST_BACKLOG_MAX;
	b->retry_ms = -1;
}

/* The bytes of r in use: a kill's or failed login's argv only so far. */
static size_t
kept_size(const struct ingest_kept_row *r)
{
	size_t fixed = offsetof(struct ingest_kept_row, u);

	switch (r->kind) {
	case INGEST_ROW_KILL:
		return fixed + wk_event_size(&r->u.kill);
	case INGEST_ROW_AUTHFAIL:
		return fixed + wk_authfail_event_size(&r->u.authfail);
	case INGEST_ROW_SESSION_OPEN:
	case INGEST_ROW_SESSION_CLOSE:
		return fixed + sizeof r->u.session;
	case INGEST_ROW_DEATH:
		return fixed + sizeof r->u.death;
	case INGEST_ROW_KILL_RESULT:
		return fixed + sizeof r->u.result;
	case INGEST_ROW_REQUEST:
		return fixed + offsetof(struct store_request, req) +
		    wk_request_size(&r->u.request.req);
	}
	return sizeof *r;
}

/* Row i of the ring, 0 the oldest. */
static struct ingest_kept_row *
at(const struct ingest_backlog *b, unsigned i)
{
	return &b->rows[(b->head + i) % b->size];
}

/*
 * An empty ring starts again at its first slot, so a store that works
 * keeps using the same few pages; after a failure that filled more, the
 * pages beyond those go back to the system.
 */
static void
restart_if_empty(struct ingest_backlog *b)
{
	size_t keep = RING_KEEP_SLOTS * sizeof b->rows[0], used;

	if (b->count > 0)
		return;
	b->head = b->batch = b->batch_pending = 0;
	b->bytes = b->batch_bytes = 0;
	used = (size_t)b->peak * sizeof b->rows[0];
	if (b->rows != NULL && used > keep)
		(void)madvise((char *)b->rows + keep, used - keep,
		    MADV_DONTNEED);
	b->peak = 0;
}

/*
 * Take row i out of the ring, the rows before it moving up one.  Only
 * their used bytes move: a slot's pages beyond are never touched.
 */
static void
remove_row(struct ingest_backlog *b, unsigned i)
{
	b->bytes -= kept_size(at(b, i));
	for (; i > 0; i--)
		memcpy(at(b, i), at(b, i - 1), kept_size(at(b, i - 1)));
	b->head = (b->head + 1) % b->size;
	b->count--;
	restart_if_empty(b);
}

/*
 * A slot for one more row of size bytes, the newest: NULL when the ring
 * is full (INGEST_BACKLOG_MAX rows or INGEST_BACKLOG_BYTES_MAX).  The
 * ring is mapped once, max slots of address space; only the slots used
 * take memory.
 */
static struct ingest_kept_row *
append(struct ingest_backlog *b, size_t size)
{
	void *p;

	if (b->count >= b->max ||
	    (b->count > 0 && b->bytes + size > INGEST_BACKLOG_BYTES_MAX))
		return NULL;
	if (b->rows == NULL) {
		p = mmap(NULL, (size_t)b->max * sizeof b->rows[0],
		    PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		b->rows = p;
		b->size = b->max;
		b->head = 0;
	}
	b->count++;
	if (b->count > b->peak)
		b->peak = b->count;
	return at(b, b->count - 1);
}

/* Whether a store error may go away by itself: keep the row. */
static int
transient(int error)
{
	return error == ENOSPC || error == EIO || error == EBUSY ||
	    error == ENOMEM;
}

/* store_pending, for a caller that will compare after a write. */
static unsigned
pending_now(const struct ingest *in)
{
	return store_dirty(in->store) ? store_pending(in->store) : 0;
}

/* The row, for the log. */
static void
describe(const struct ingest_kept_row *r, char *buf, size_t size)
{
	switch (r->kind) {
	case INGEST_ROW_KILL:
		snprintf(buf, size, "a kill report from pid %" PRId32,
		    r->u.kill.report.caller.pid);
		return;
	case INGEST_ROW_SESSION_OPEN:
	case INGEST_ROW_SESSION_CLOSE:
		snprintf(buf, size, "a session report from pid %" PRId32,
		    r->u.session.pid);
		return;
	case INGEST_ROW_AUTHFAIL:
		snprintf(buf, size, "a failed login by pid %" PRId32,
		    r->u.authfail.report.caller.pid);
		return;
	case INGEST_ROW_DEATH:
		snprintf(buf, size, "the end of pid %" PRId32, r->u.death.pid);
		return;
	case INGEST_ROW_KILL_RESULT:
		snprintf(buf, size, "a kill result from pid %" PRId32,
		    r->u.result.pid);
		return;
	case INGEST_ROW_REQUEST:
		snprintf(buf, size, "who asked systemd to signal pid %" PRId32,
		    r->u.request.target_pid);
		return;
	}
	snprintf(buf, size, "a row");
}

/* Write r with the store call of its kind, into the open batch.  0 or -1. */
static int
write_row(struct ingest *in, struct ingest_kept_row *r)
{
	unsigned before = pending_now(in);
	uint64_t merged = in->counters->kernel_merged;
	int rc, rows = 1;

	r->flags &= ~KEPT_PENDING;
	switch (r->kind) {
	case INGEST_ROW_KILL:
		rc = in->store_kill != NULL ? in->store_kill(in, &r->u.kill) :
		    store_add(in->store, &r->u.kill);
		break;
	case INGEST_ROW_SESSION_OPEN:
		rc = store_session_open(in->store, in->boot_id, &r->u.session);
		break;
	case INGEST_ROW_SESSION_CLOSE:
		rc = store_session_close(in->store, in->boot_id, &r->u.session);
		break;
	case INGEST_ROW_AUTHFAIL:
		rc = store_add_authfail(in->store, &r->u.authfail);
		break;
	case INGEST_ROW_DEATH:
		rc = store_death_put(in->store, &r->u.death);
		break;
	case INGEST_ROW_REQUEST:
		rc = store_request_put(in->store, &r->u.request);
		break;
	case INGEST_ROW_KILL_RESULT:
		/* Into every row of its call, written before it. */
		rc = store_kill_result(in->store, in->boot_id, &r->u.result,
		    &rows);
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (rc == -1)
		return -1;
	if (store_pending(in->store) > before)
		r->flags |= KEPT_PENDING;
	/* Written again after a rollback: counted once all the same. */
	if (r->kind == INGEST_ROW_KILL && in->counters->kernel_merged != merged) {
		if (r->flags & KEPT_COUNTED)
			in->counters->kernel_merged = merged;
		r->flags |= KEPT_COUNTED;
	}
	if (r->kind == INGEST_ROW_DEATH && (r->flags & KEPT_COUNTED) == 0) {
		in->counters->deaths_stored++;
		r->flags |= KEPT_COUNTED;
	}
	/* A result whose report was lost (or never sent) is dropped. */
	if (r->kind == INGEST_ROW_KILL_RESULT && rows == 0 &&
	    (r->flags & KEPT_COUNTED) == 0) {
		in->counters->results_unmatched++;
		r->flags |= KEPT_COUNTED;
		log_debug("kill result of pid %" PRId32 " matches no stored "
		    "kill: dropped", r->u.result.pid);
	}
	ingest_note_write(in);
	return 0;
}

/* The row after the batch was written: it joins the batch. */
static void
joined_batch(struct ingest_backlog *b)
{
	if (at(b, b->batch)->flags & KEPT_PENDING)
		b->batch_pending++;
	b->batch_bytes += kept_size(at(b, b->batch));
	b->batch++;
}

void
ingest_backlog_count_lost(struct ingest *in, unsigned lost)
{
	in->counters->store_errors += lost;
	if (in->backlog.failing)
		in->backlog.lost += lost;
}

void
ingest_backlog_note_failure(struct ingest *in, const char *what,
    unsigned lost, unsigned moved, int was_failing)
{
	if (moved > 0)
		was_failing = ingest_backlog_failing(in, what, lost);
	ingest_backlog_count_lost(in, lost);
	if (was_failing)
		log_debug("store: cannot %s (%u rows lost): %s", what, lost,
		    store_errmsg(in->store));
	else if (moved == 0)
		log_warnx("store: cannot %s (%u rows lost): %s", what, lost,
		    store_errmsg(in->store));
}

int
ingest_backlog_failing(struct ingest *in, const char *what, unsigned lost)
{
	struct ingest_backlog *b = &in->backlog;
	char also[48] = "";

	if (b->retry_ms < 0)
		b->retry_ms = wkd_monotonic_ms() + INGEST_RETRY_MS;
	if (b->failing)
		return 1;
	b->failing = 1;
	b->full_logged = 0;
	b->kept_stored = 0;
	b->lost = 0;
	if (lost > 0)
		snprintf(also, sizeof also, "; %u rows lost", lost);
	log_warnx("store: cannot %s: %s; rows are kept in memory until it "
	    "works again (%u now, %u at most)%s", what,
	    store_errmsg(in->store), b->count - b->batch, b->max, also);
	return 0;
}

unsigned
ingest_backlog_rolled_back(struct ingest *in, unsigned pending_before,
    unsigned *moved)
{
	struct ingest_backlog *b = &in->backlog;
	unsigned i, lost, n;

	if (moved != NULL)
		*moved = 0;
	if (store_dirty(in->store))
		return 0;	/* the batch is still open */
	lost = pending_before > b->batch_pending ?
	    pending_before - b->batch_pending : 0;
	for (i = 0; i < b->batch; i++)
		at(b, i)->flags |= KEPT_WAITED;
	n = b->batch;
	b->batch = b->batch_pending = 0;
	b->batch_bytes = 0;
	in->first_pending_ms = -1;
	if (moved != NULL)
		*moved = n;
	return lost;
}

void
ingest_backlog_committed(struct ingest *in)
{
	struct ingest_backlog *b = &in->backlog;
	unsigned i;

	for (i = 0; i < b->batch; i++)
		if (at(b, i)->flags & KEPT_WAITED)
			b->kept_stored++;
	if (b->batch > 0) {
		b->head = (b->head + b->batch) % b->size;
		b->count -= b->batch;
		b->bytes -= b->batch_bytes;
		b->batch = b->batch_pending = 0;
		b->batch_bytes = 0;
	}
	if (b->failing && b->count == 0) {
		log_info("store: works again; stored %" PRIu64 " rows kept in "
		    "memory while it failed (%" PRIu64 " rows lost)",
		    b->kept_stored, b->lost);
		b->failing = 0;
		b->full_logged = 0;
		b->retry_ms = -1;
	}
	restart_if_empty(b);
}

/*
 * Row i, the first after the batch, failed to be written with errno
 * error; pending_before was store_pending before.  A transient failure
 * keeps it waiting; any other gives it up.  The batch may have gone with
 * it (then its rows wait again, the others are lost).
 */
static enum ingest_row_result
write_failed(struct ingest *in, unsigned i, unsigned pending_before,
    int error)
{
	struct ingest_backlog *b = &in->backlog;
	struct ingest_kept_row *r = at(b, i);
	unsigned lost, moved;
	char what[96], row[64];
	int was;

	lost = ingest_backlog_rolled_back(in, pending_before, &moved);
	describe(r, row, sizeof row);
	snprintf(what, sizeof what, "write %s", row);
	if (transient(error)) {
		r->flags |= KEPT_WAITED;
		was = ingest_backlog_failing(in, what, lost);
		ingest_backlog_count_lost(in, lost);
		if (was)
			log_debug("store: cannot %s (kept; %u rows lost): %s",
			    what, lost, store_errmsg(in->store));
		return INGEST_ROW_WAITING;
	}
	/* Refused for good: out of the ring. */
	lost++;
	ingest_backlog_note_failure(in, what, lost, moved, b->failing);
	remove_row(b, i);
	return INGEST_ROW_LOST;
}

enum ingest_row_result
ingest_store_row(struct ingest *in, enum ingest_row_kind kind,
    const void *row, size_t size)
{
	struct ingest_backlog *b = &in->backlog;
	struct ingest_kept_row *r;
	unsigned pending;

	if (b->count > b->batch && ingest_backlog_due(in, wkd_monotonic_ms()))
		ingest_backlog_retry(in);
	/* Full with the open batch alone: commit it to make room. */
	if ((b->count >= b->max || b->bytes + size > INGEST_BACKLOG_BYTES_MAX) &&
	    b->count == b->batch && b->batch > 0)
		(void)ingest_commit(in);
	r = size <= sizeof r->u ? append(b, offsetof(struct ingest_kept_row, u) +
	    size) : NULL;
	if (r == NULL) {
		ingest_backlog_count_lost(in, 1);
		if (!b->full_logged) {
			b->full_logged = 1;
			log_warnx("store: %u rows kept in memory, the most it "
			    "keeps: new rows are lost until the store works "
			    "again", b->count);
		}
		return INGEST_ROW_LOST;
	}
	r->kind = kind;
	r->flags = 0;
	memcpy(&r->u, row, size);
	b->bytes += kept_size(r);
	if (b->count - 1 > b->batch) {
		/* Rows wait: this one waits behind them. */
		r->flags |= KEPT_WAITED;
		return INGEST_ROW_WAITING;
	}
	pending = pending_now(in);
	if (write_row(in, r) == -1)
		return write_failed(in, b->count - 1, pending, errno);
	joined_batch(b);
	/* A batch of long command lines is committed before 1024 rows. */
	if (b->batch_bytes >= INGEST_COMMIT_BYTES)
		(void)ingest_commit(in);
	return INGEST_ROW_WRITTEN;
}

unsigned
ingest_backlog_waiting(const struct ingest *in)
{
	return in->backlog.count - in->backlog.batch;
}

int
ingest_backlog_due(const struct ingest *in, int64_t now_ms)
{
	const struct ingest_backlog *b = &in->backlog;

	return b->count > b->batch && b->retry_ms >= 0 && now_ms >= b->retry_ms;
}

int
ingest_backlog_timeout_ms(const struct ingest *in, int64_t now_ms)
{
	const struct ingest_backlog *b = &in->backlog;

	if (b->count == b->batch || b->retry_ms < 0)
		return -1;
	return b->retry_ms <= now_ms ? 0 : (int)(b->retry_ms - now_ms);
}

void
ingest_backlog_retry(struct ingest *in)
{
	struct ingest_backlog *b = &in->backlog;
	unsigned pending;

	if (b->retrying)
		return;
	b->retrying = 1;
	b->retry_ms = -1;
	while (b->count > b->batch) {
		pending = pending_now(in);
		if (write_row(in, at(b, b->batch)) == -1) {
			if (write_failed(in, b->batch, pending, errno) ==
			    INGEST_ROW_WAITING)
				break;
			continue;
		}
		joined_batch(b);
		/* A failed commit puts the rows back and says when to retry. */
		if (store_pending(in->store) >= INGEST_COMMIT_ROWS &&
		    ingest_commit(in) == -1)
			break;
	}
	/* All written: commit now, so they are stored and the log says so. */
	if (b->count > 0 && b->count == b->batch)
		(void)ingest_commit(in);
	if (b->count > b->batch && b->retry_ms < 0)
		b->retry_ms = wkd_monotonic_ms() + INGEST_RETRY_MS;
	b->retrying = 0;
}

void
ingest_backlog_finish(struct ingest *in)
{
	struct ingest_backlog *b = &in->backlog;
	unsigned left;

	if (b->count > b->batch)
		ingest_backlog_retry(in);
	(void)ingest_commit(in);
	left = b->count;
	if (left > 0) {
		ingest_backlog_count_lost(in, left);
		log_warnx("store: %u rows kept in memory are lost: the store "
		    "still fails (%s)", left, store_errmsg(in->store));
	}
	if (b->rows != NULL)
		(void)munmap(b->rows, (size_t)b->size * sizeof b->rows[0]);
	ingest_backlog_init(b);
}

void
ingest_note_write(struct ingest *in)
{
	if (in->first_pending_ms < 0)
		in->first_pending_ms = wkd_monotonic_ms();
}

void
ingest_after_write(struct ingest *in)
{
	ingest_note_write(in);
	/* A failed commit is counted and logged by ingest_commit. */
	if (store_pending(in->store) >= INGEST_COMMIT_ROWS)
		(void)ingest_commit(in);
}

void
ingest_write_failed(struct ingest *in, unsigned pending_before,
    const char *what)
{
	unsigned lost = 1, moved;
	int was = in->backlog.failing;

	/* A failed write may roll back the whole open batch. */
	lost += ingest_backlog_rolled_back(in, pending_before, &moved);
	ingest_backlog_note_failure(in, what, lost, moved, was);
}

int
ingest_commit(struct ingest *in)
{
	unsigned pending = store_pending(in->store), lost, moved;
	char what[48];
	int was = in->backlog.failing;

	in->first_pending_ms = -1;
	if (pending == 0 && !store_dirty(in->store)) {
		/* A batch that ended unseen was rolled back: its rows wait. */
		(void)ingest_backlog_rolled_back(in, 0, &moved);
		if (moved > 0)
			(void)ingest_backlog_failing(in,
			    "write a batch (it was rolled back)", 0);
		return 0;
	}
	if (store_commit(in->store) == -1) {
		/* Rolled back, unless even that failed: then it stays open. */
		lost = ingest_backlog_rolled_back(in, pending, &moved);
		snprintf(what, sizeof what, "commit a batch of %u rows", pending);
		ingest_backlog_note_failure(in, what, lost, moved, was);
		return -1;
	}
	in->counters->stored += pending;
	ingest_backlog_committed(in);
	if (in->on_commit.committed != NULL)
		in->on_commit.committed(in->on_commit.arg);
	return 0;
}

int
ingest_commit_if_due(struct ingest *in, int64_t now_ms)
{
	unsigned pending;

	if (ingest_backlog_due(in, now_ms))
		ingest_backlog_retry(in);
	pending = store_pending(in->store);
	if (pending == 0 && !store_dirty(in->store)) {
		in->first_pending_ms = -1;
		return 0;
	}
	if (pending >= INGEST_COMMIT_ROWS || in->first_pending_ms < 0 ||
	    ingest_timeout_ms(in, now_ms) == 0)
		return ingest_commit(in);
	return 0;
}

int
ingest_timeout_ms(const struct ingest *in, int64_t now_ms)
{
	int64_t due;
	int commit, retry = ingest_backlog_timeout_ms(in, now_ms);

	if (in->first_pending_ms < 0)
		return retry;
	due = in->first_pending_ms + in->commit_interval_ms;
	commit = due <= now_ms ? 0 : (int)(due - now_ms);
	return retry >= 0 && retry < commit ? retry : commit;
}

void
ingest_finish(struct ingest *in)
{
	ingest_log_flush(&in->log, wkd_monotonic_ms());
	ingest_backlog_finish(in);
}

void
ingest_signal_stored(struct ingest *in, const struct wk_event *ev)
{
	for (unsigned i = 0; i < INGEST_LISTENERS_MAX; i++)
		if (in->listeners[i].signal_stored != NULL)
			in->listeners[i].signal_stored(in->listeners[i].arg, ev);
	if (in->recorder.signal_stored != NULL)
		in->recorder.signal_stored(in->recorder.arg, ev);
}

void
ingest_death_stored(struct ingest *in, const struct store_death *d)
{
	for (unsigned i = 0; i < INGEST_LISTENERS_MAX; i++)
		if (in->listeners[i].death_stored != NULL)
			in->listeners[i].death_stored(in->listeners[i].arg, d);
	if (in->recorder.death_stored != NULL)
		in->recorder.death_stored(in->recorder.arg, d);
}
