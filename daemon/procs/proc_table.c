/*
 * The process table: a fixed pool of slots, a hash of pids over it, and
 * two lists in age order — running processes by arrival, exited ones by
 * exit — which say what to evict and what to expire.  Several entries may
 * share a pid (the running one and earlier ones that exited); at most one
 * of them runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proc_cgroups.h"
#include "proc_table.h"

#define NONE	UINT32_MAX

struct slot {
	struct proc_entry e;	/* first: an entry pointer is a slot pointer */
	uint32_t hnext;		/* next slot in the same hash bucket */
	uint32_t prev, next;	/* neighbours in the live or exited list */
	uint32_t seen;		/* sweep generation that last touched it */
};

struct list {
	uint32_t head, tail, len;
};

struct proc_table {
	struct slot *slots;
	uint32_t cap;
	uint32_t used;		/* slots handed out at least once */
	uint32_t free_head;	/* slots given back, linked by next */
	uint32_t *buckets;
	unsigned hash_shift;
	struct list live, exited;
	uint64_t retention_ns;
	uint32_t generation;
	int resync_wanted;
	uint64_t last_resync_ns;
	struct proc_cgroups *cgroups;	/* the paths entries name */
	struct proc_table_counts c;
};

static uint32_t
bucket_of(const struct proc_table *t, int32_t pid)
{
	return ((uint32_t)pid * 2654435761u) >> t->hash_shift;
}

static uint32_t
index_of(const struct proc_table *t, const struct proc_entry *e)
{
	return (uint32_t)((const struct slot *)(const void *)e - t->slots);
}

static struct list *
list_of(struct proc_table *t, uint32_t i)
{
	return (t->slots[i].e.flags & PROC_F_EXITED) != 0 ? &t->exited :
	    &t->live;
}

static void
list_push_tail(struct proc_table *t, struct list *l, uint32_t i)
{
	t->slots[i].prev = l->tail;
	t->slots[i].next = NONE;
	if (l->tail != NONE)
		t->slots[l->tail].next = i;
	else
		l->head = i;
	l->tail = i;
	l->len++;
}

static void
list_remove(struct proc_table *t, struct list *l, uint32_t i)
{
	struct slot *s = &t->slots[i];

	if (s->prev != NONE)
		t->slots[s->prev].next = s->next;
	else
		l->head = s->next;
	if (s->next != NONE)
		t->slots[s->next].prev = s->prev;
	else
		l->tail = s->prev;
	l->len--;
}

static void
hash_insert(struct proc_table *t, uint32_t i)
{
	uint32_t b = bucket_of(t, t->slots[i].e.pid);

	t->slots[i].hnext = t->buckets[b];
	t->buckets[b] = i;
}

static void
hash_remove(struct proc_table *t, uint32_t i)
{
	uint32_t *link = &t->buckets[bucket_of(t, t->slots[i].e.pid)];

	while (*link != NONE && *link != i)
		link = &t->slots[*link].hnext;
	if (*link == i)
		*link = t->slots[i].hnext;
}

/* Take a slot out of the hash and its list, and give it back to the pool. */
static void
slot_release(struct proc_table *t, uint32_t i)
{
	hash_remove(t, i);
	list_remove(t, list_of(t, i), i);
	t->slots[i].next = t->free_head;
	t->free_head = i;
}

/* A free slot; evicts the oldest exited entry, else the oldest running. */
static uint32_t
slot_alloc(struct proc_table *t)
{
	uint32_t i;

	if (t->free_head == NONE && t->used < t->cap)
		return t->used++;
	if (t->free_head == NONE) {
		if (t->exited.head != NONE) {
			slot_release(t, t->exited.head);
			t->c.evicted_exited++;
		} else {
			slot_release(t, t->live.head);
			t->c.evicted_live++;
		}
	}
	i = t->free_head;
	t->free_head = t->slots[i].next;
	return i;
}

struct proc_table *
proc_table_new(const struct proc_table_limits *lim)
{
	struct proc_table *t;
	uint32_t cap = PROC_TABLE_DEFAULT_MAX, nb = 16, i;
	unsigned bits = 4;

	if (lim != NULL && lim->max_entries != 0)
		cap = lim->max_entries;
	if (cap > (1u << 24)) {
		errno = EINVAL;
		return NULL;
	}
	while (nb < cap) {
		nb <<= 1;
		bits++;
	}
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->slots = calloc(cap, sizeof *t->slots);
	t->buckets = malloc(nb * sizeof *t->buckets);
	t->cgroups = proc_cgroups_new(0);
	if (t->slots == NULL || t->buckets == NULL || t->cgroups == NULL) {
		proc_table_free(t);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < nb; i++)
		t->buckets[i] = NONE;
	t->cap = cap;
	t->hash_shift = 32 - bits;
	t->free_head = NONE;
	t->live.head = t->live.tail = NONE;
	t->exited.head = t->exited.tail = NONE;
	t->retention_ns = lim != NULL && lim->retention_ns != 0 ?
	    lim->retention_ns : PROC_TABLE_DEFAULT_RETENTION_NS;
	return t;
}

void
proc_table_free(struct proc_table *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->buckets);
	proc_cgroups_free(t->cgroups);
	free(t);
}

/* Give back the pool's paths that no slot in use names. */
static void
sweep_cgroups(struct proc_table *t)
{
	const struct list *lists[] = { &t->live, &t->exited };
	uint32_t i;
	size_t l;

	proc_cgroups_sweep_begin(t->cgroups);
	for (l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (i = lists[l]->head; i != NONE; i = t->slots[i].next)
			proc_cgroups_mark(t->cgroups, t->slots[i].e.cgroup);
	(void)proc_cgroups_sweep_end(t->cgroups);
}

void
proc_table_set_cgroup(struct proc_table *t, const struct proc_entry *e,
    const struct wk_cgroup *cg, uint64_t checked_ns)
{
	struct proc_entry *w = &t->slots[index_of(t, e)].e;
	uint32_t id = 0;

	if (cg->path[0] != '\0') {
		id = proc_cgroups_intern(t->cgroups, cg);
		if (id == 0) {
			sweep_cgroups(t);
			id = proc_cgroups_intern(t->cgroups, cg);
		}
	}
	w->cgroup = id;
	w->cgroup_ns = checked_ns;
}

int
proc_table_get_cgroup(const struct proc_table *t,
    const struct proc_entry *e, struct wk_cgroup *out)
{
	return proc_cgroups_get(t->cgroups, e->cgroup, out);
}

void
proc_table_mark_exited(struct proc_table *t, struct proc_entry *e,
    uint32_t status, uint64_t time_ns, uint32_t extra)
{
	uint32_t i = index_of(t, e);

	if ((e->flags & PROC_F_EXITED) != 0)
		return;
	list_remove(t, &t->live, i);
	e->flags |= PROC_F_EXITED | extra;
	e->exit_status = status;
	e->exit_time_ns = time_ns;
	list_push_tail(t, &t->exited, i);
	if ((extra & PROC_F_EXIT_UNKNOWN) != 0)
		t->c.gone_unseen++;
}

struct proc_entry *
proc_table_add(struct proc_table *t, const struct proc_entry *e,
    uint64_t now_ns)
{
	struct proc_entry copy = *e, *old;
	uint32_t i;

	/* Copied first: making room may reuse the slot e points into. */
	if ((copy.flags & PROC_F_EXITED) == 0) {
		old = proc_table_live(t, copy.pid);
		if (old != NULL)
			proc_table_mark_exited(t, old, 0, now_ns,
			    PROC_F_EXIT_UNKNOWN);
	}
	i = slot_alloc(t);
	t->slots[i].e = copy;
	t->slots[i].seen = t->generation;
	hash_insert(t, i);
	list_push_tail(t, list_of(t, i), i);
	t->c.added++;
	return &t->slots[i].e;
}

void
proc_table_set_flags(struct proc_table *t, const struct proc_entry *e,
    uint32_t flags)
{
	t->slots[index_of(t, e)].e.flags |= flags;
}

struct proc_entry *
proc_table_live(struct proc_table *t, int32_t pid)
{
	uint32_t i;

	for (i = t->buckets[bucket_of(t, pid)]; i != NONE;
	    i = t->slots[i].hnext)
		if (t->slots[i].e.pid == pid &&
		    (t->slots[i].e.flags & PROC_F_EXITED) == 0)
			return &t->slots[i].e;
	return NULL;
}

/* a is more recent than b: running beats exited, then the later exit. */
static int
more_recent(const struct proc_entry *a, const struct proc_entry *b)
{
	if ((a->flags & PROC_F_EXITED) != (b->flags & PROC_F_EXITED))
		return (a->flags & PROC_F_EXITED) == 0;
	if (a->exit_time_ns != b->exit_time_ns)
		return a->exit_time_ns > b->exit_time_ns;
	return a->start_time > b->start_time;
}

const struct proc_entry *
proc_table_find(const struct proc_table *t, int32_t pid)
{
	const struct proc_entry *best = NULL, *e;
	uint32_t i;

	for (i = t->buckets[bucket_of(t, pid)]; i != NONE;
	    i = t->slots[i].hnext) {
		e = &t->slots[i].e;
		if (e->pid == pid && (best == NULL || more_recent(e, best)))
			best = e;
	}
	return best;
}

const struct proc_entry *
proc_table_find_exact(const struct proc_table *t, int32_t pid,
    uint64_t start_time)
{
	uint32_t i;

	for (i = t->buckets[bucket_of(t, pid)]; i != NONE;
	    i = t->slots[i].hnext)
		if (t->slots[i].e.pid == pid &&
		    t->slots[i].e.start_time == start_time)
			return &t->slots[i].e;
	return NULL;
}

const struct proc_entry *
proc_table_find_before(const struct proc_table *t, int32_t pid,
    uint64_t start_time)
{
	const struct proc_entry *best = NULL, *e;
	uint32_t i;

	if (start_time == 0)
		return proc_table_find(t, pid);
	for (i = t->buckets[bucket_of(t, pid)]; i != NONE;
	    i = t->slots[i].hnext) {
		e = &t->slots[i].e;
		if (e->pid != pid || e->start_time == 0 ||
		    e->start_time > start_time)
			continue;
		if (best == NULL || e->start_time > best->start_time ||
		    (e->start_time == best->start_time && more_recent(e, best)))
			best = e;
	}
	return best;
}

/* Whether e was there at the moment (at_ns, at_ticks). */
static int
there_at(const struct proc_entry *e, uint64_t at_ns, uint64_t at_ticks)
{
	if ((e->flags & PROC_F_EXITED) && e->exit_time_ns < at_ns)
		return 0;
	if (e->start_time != 0 && !(e->flags & PROC_F_START_UNKNOWN))
		return e->start_time <= at_ticks + 1;
	return e->forked_ns != 0 && e->forked_ns <= at_ns;
}

/* a started after b: by their fork events when both have one. */
static int
started_later(const struct proc_entry *a, const struct proc_entry *b)
{
	if (a->forked_ns != 0 && b->forked_ns != 0)
		return a->forked_ns > b->forked_ns;
	return a->start_time > b->start_time;
}

const struct proc_entry *
proc_table_at(const struct proc_table *t, int32_t pid, uint64_t at_ns,
    uint64_t at_ticks)
{
	const struct proc_entry *best = NULL, *e;
	uint32_t i;

	if (at_ns == 0)
		return NULL;
	for (i = t->buckets[bucket_of(t, pid)]; i != NONE;
	    i = t->slots[i].hnext) {
		e = &t->slots[i].e;
		if (e->pid == pid && there_at(e, at_ns, at_ticks) &&
		    (best == NULL || started_later(e, best)))
			best = e;
	}
	return best;
}

void
proc_table_each(const struct proc_table *t, proc_table_cb cb, void *arg)
{
	const struct list *lists[] = { &t->live, &t->exited };
	uint32_t i;
	size_t l;

	for (l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (i = lists[l]->head; i != NONE; i = t->slots[i].next)
			if (cb(&t->slots[i].e, arg) != 0)
				return;
}

unsigned
proc_table_started_at(const struct proc_table *t, uint64_t start_time,
    const struct proc_entry **out, unsigned max)
{
	const struct list *lists[] = { &t->live, &t->exited };
	unsigned n = 0, l;
	uint32_t i;

	for (l = 0; l < 2; l++)
		for (i = lists[l]->head; i != NONE && n < max;
		    i = t->slots[i].next)
			if (t->slots[i].e.start_time == start_time &&
			    start_time != 0)
				out[n++] = &t->slots[i].e;
	return n;
}

unsigned
proc_table_expire(struct proc_table *t, uint64_t now_ns)
{
	unsigned n = 0;
	uint32_t i;

	while ((i = t->exited.head) != NONE &&
	    t->slots[i].e.exit_time_ns + t->retention_ns <= now_ns) {
		slot_release(t, i);
		n++;
	}
	t->c.expired += n;
	return n;
}

void
proc_table_sweep_begin(struct proc_table *t)
{
	t->generation++;
}

void
proc_table_touch(struct proc_table *t, struct proc_entry *e)
{
	t->slots[index_of(t, e)].seen = t->generation;
}

unsigned
proc_table_sweep_end(struct proc_table *t, uint64_t now_ns)
{
	uint32_t i, next;
	unsigned n = 0;

	for (i = t->live.head; i != NONE; i = next) {
		next = t->slots[i].next;
		if (t->slots[i].seen == t->generation)
			continue;
		proc_table_mark_exited(t, &t->slots[i].e, 0, now_ns,
		    PROC_F_EXIT_UNKNOWN);
		n++;
	}
	return n;
}

void
proc_table_note_lost(struct proc_table *t)
{
	t->c.lost_events++;
	t->resync_wanted = 1;
}

int
proc_table_resync_due(const struct proc_table *t, uint64_t now_ns)
{
	return t->resync_wanted &&
	    (t->c.resyncs == 0 ||
	    now_ns - t->last_resync_ns >= PROC_TABLE_RESYNC_GAP_NS);
}

void
proc_table_resync_done(struct proc_table *t, uint64_t now_ns)
{
	t->resync_wanted = 0;
	t->last_resync_ns = now_ns;
	t->c.resyncs++;
}

uint32_t
proc_table_size(const struct proc_table *t)
{
	return t->live.len + t->exited.len;
}

uint32_t
proc_table_capacity(const struct proc_table *t)
{
	return t->cap;
}

void
proc_table_get_counts(const struct proc_table *t,
    struct proc_table_counts *out)
{
	*out = t->c;
	out->live = t->live.len;
	out->exited = t->exited.len;
}

struct proc_table_counts *
proc_table_counters(struct proc_table *t)
{
	return &t->c;
}

void
proc_entry_to_chain(const struct proc_entry *e, struct wk_chain_entry *out)
{
	memset(out, 0, sizeof *out);
	out->pid = e->pid;
	out->ppid = e->ppid;
	out->start_time = e->start_time;
	out->uid = e->uid;
	out->euid = e->euid;
	out->loginuid = e->loginuid;
	memcpy(out->comm, e->comm, sizeof out->comm);
	memcpy(out->args, e->args, sizeof out->args);
}
