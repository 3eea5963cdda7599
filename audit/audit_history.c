/*
 * Exec history: a hash table from (node, pid) to that pid's program
 * starts in time order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_history.h"

struct pid_slot {
	uint32_t node;		/* index into nodes + 1; 0 marks an empty slot */
	int32_t pid;
	struct wk_audit_exec_info *v;
	size_t n, cap;
};

struct wk_audit_history {
	char **nodes;		/* node names, interned */
	size_t nnodes;
	struct pid_slot *slots;
	size_t nslots;		/* a power of two */
	size_t used;
	size_t count;
};

struct wk_audit_history *
wk_audit_history_new(void)
{
	struct wk_audit_history *h = calloc(1, sizeof *h);

	if (h == NULL)
		return NULL;
	h->nslots = 1024;
	h->slots = calloc(h->nslots, sizeof *h->slots);
	if (h->slots == NULL) {
		free(h);
		return NULL;
	}
	return h;
}

void
wk_audit_history_free(struct wk_audit_history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nslots; i++) {
		struct pid_slot *s = &h->slots[i];

		for (size_t j = 0; j < s->n; j++) {
			free(s->v[j].exe);
			free(s->v[j].argv);
		}
		free(s->v);
	}
	for (size_t i = 0; i < h->nnodes; i++)
		free(h->nodes[i]);
	free(h->nodes);
	free(h->slots);
	free(h);
}

size_t
wk_audit_history_count(const struct wk_audit_history *h)
{
	return h->count;
}

/* The node's number (1-based), or 0 when it has none yet. */
static uint32_t
node_find(const struct wk_audit_history *h, const char *node)
{
	for (size_t i = 0; i < h->nnodes; i++)
		if (strcmp(h->nodes[i], node) == 0)
			return (uint32_t)i + 1;
	return 0;
}

/* The node's number, given one if it is new; 0 on ENOMEM. */
static uint32_t
node_add(struct wk_audit_history *h, const char *node)
{
	uint32_t id = node_find(h, node);
	char **v;

	if (id != 0)
		return id;
	v = realloc(h->nodes, (h->nnodes + 1) * sizeof *v);
	if (v == NULL)
		return 0;
	h->nodes = v;
	v[h->nnodes] = strdup(node);
	if (v[h->nnodes] == NULL)
		return 0;
	return (uint32_t)++h->nnodes;
}

static size_t
hash(uint32_t node, int32_t pid, size_t nslots)
{
	uint64_t k = (uint64_t)node << 32 | (uint32_t)pid;

	k *= 0x9e3779b97f4a7c15ull;
	return (size_t)(k >> 32) & (nslots - 1);
}

/* The slot of (node, pid): its own, or the empty one where it belongs. */
static struct pid_slot *
lookup(struct pid_slot *slots, size_t nslots,
    uint32_t node, int32_t pid)
{
	size_t i = hash(node, pid, nslots);

	while (slots[i].node != 0 && (slots[i].node != node || slots[i].pid != pid))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static int
grow(struct wk_audit_history *h)
{
	size_t n = h->nslots * 2;
	struct pid_slot *s = calloc(n, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < h->nslots; i++)
		if (h->slots[i].node != 0)
			*lookup(s, n, h->slots[i].node, h->slots[i].pid) = h->slots[i];
	free(h->slots);
	h->slots = s;
	h->nslots = n;
	return 0;
}

/* qsort order of time points (sec, msec) packed into one number. */
static int
compare_when(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
when(const struct wk_audit_exec_info *e)
{
	return e->sec * 1000 + e->msec;
}

/* Frees the entries of s before index from. */
static void
drop_older(struct pid_slot *s, size_t from)
{
	for (size_t j = 0; j < from; j++) {
		free(s->v[j].exe);
		free(s->v[j].argv);
	}
	memmove(s->v, s->v + from, (s->n - from) * sizeof *s->v);
	s->n -= from;
}

/*
 * The oldest time point to keep so that at most keep pids remain: every
 * pid whose latest start is older goes.  INT64_MIN keeps all.
 */
static int
cutoff(const struct wk_audit_history *h, size_t keep, int64_t *out)
{
	int64_t *t;
	size_t n = 0;

	*out = INT64_MIN;
	if (h->used <= keep)
		return 0;
	t = malloc(h->used * sizeof *t);
	if (t == NULL)
		return -1;
	for (size_t i = 0; i < h->nslots; i++)
		if (h->slots[i].node != 0)
			t[n++] = when(&h->slots[i].v[h->slots[i].n - 1]);
	qsort(t, n, sizeof *t, compare_when);
	/* Equal times either side of the cut all go: keep at most keep. */
	*out = keep == 0 ? INT64_MAX : t[n - keep];
	if (keep > 0 && keep < n && t[n - keep - 1] == *out)
		(*out)++;
	free(t);
	return 0;
}

int
wk_audit_history_prune(struct wk_audit_history *h, size_t keep)
{
	struct pid_slot *s;
	size_t nslots = 1024, kept = 0;
	int64_t oldest;

	if (cutoff(h, keep, &oldest) == -1)
		return -1;
	for (size_t i = 0; i < h->nslots; i++)
		if (h->slots[i].node != 0 &&
		    when(&h->slots[i].v[h->slots[i].n - 1]) >= oldest)
			kept++;
	while (nslots * 7 < kept * 10 * 2)
		nslots *= 2;
	s = calloc(nslots, sizeof *s);
	if (s == NULL)
		return -1;
	h->count = 0;
	for (size_t i = 0; i < h->nslots; i++) {
		struct pid_slot *old = &h->slots[i];

		if (old->node == 0)
			continue;
		drop_older(old, old->n - 1);
		if (when(&old->v[0]) < oldest) {
			drop_older(old, 1);
			free(old->v);
			continue;
		}
		*lookup(s, nslots, old->node, old->pid) = *old;
		h->count++;
	}
	free(h->slots);
	h->slots = s;
	h->nslots = nslots;
	h->used = h->count;
	return 0;
}

/* Orders two points of one node's trail: <0, 0, >0. */
static int
compare_point(int64_t sec, uint32_t msec, uint64_t serial,
    const struct wk_audit_exec_info *e)
{
	if (sec != e->sec)
		return sec < e->sec ? -1 : 1;
	if (msec != e->msec)
		return msec < e->msec ? -1 : 1;
	if (serial != e->serial)
		return serial < e->serial ? -1 : 1;
	return 0;
}

static int
fill_info(struct wk_audit_exec_info *e, const struct wk_audit_exec *x)
{
	const struct wk_audit_proc *p = &x->proc;

	memset(e, 0, sizeof *e);
	e->sec = x->stamp.sec;
	e->msec = x->stamp.msec;
	e->serial = x->stamp.serial;
	e->pid = p->pid;
	e->ppid = p->ppid;
	e->uid = p->uid;
	e->euid = p->euid;
	e->auid = p->auid;
	e->ses = p->ses;
	e->argc = p->argc;
	e->flags = p->flags;
	memcpy(e->comm, p->comm, sizeof e->comm);
	e->exe = strndup(p->exe, sizeof p->exe);
	if (e->exe == NULL)
		return -1;
	if (p->flags & WK_AUDIT_P_ARGV_KNOWN) {
		e->argv = malloc(p->argv_len);
		if (e->argv == NULL) {
			free(e->exe);
			return -1;
		}
		memcpy(e->argv, p->argv, p->argv_len);
		e->argv_len = p->argv_len;
	}
	return 0;
}

int
wk_audit_history_add(struct wk_audit_history *h, const struct wk_audit_exec *x)
{
	struct wk_audit_exec_info e;
	struct pid_slot *s;
	uint32_t node;
	size_t at;

	node = node_add(h, x->stamp.node);
	if (node == 0 || ((h->used + 1) * 10 > h->nslots * 7 && grow(h) == -1)) {
		errno = ENOMEM;
		return -1;
	}
	if (fill_info(&e, x) == -1)
		return -1;
	s = lookup(h->slots, h->nslots, node, x->proc.pid);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 2;
		struct wk_audit_exec_info *v = realloc(s->v, cap * sizeof *v);

		if (v == NULL) {
			free(e.exe);
			free(e.argv);
			errno = ENOMEM;
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	if (s->node == 0) {
		s->node = node;
		s->pid = x->proc.pid;
		h->used++;
	}
	/* Mostly in order: find the place from the end. */
	at = s->n;
	while (at > 0 && compare_point(e.sec, e.msec, e.serial, &s->v[at - 1]) < 0)
		at--;
	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof *s->v);
	s->v[at] = e;
	s->n++;
	h->count++;
	return 0;
}

const struct wk_audit_exec_info *
wk_audit_history_find(
    const struct wk_audit_history *h, const char *node, int32_t pid,
    int64_t sec, uint32_t msec, uint64_t serial)
{
	uint32_t id = node_find(h, node);
	const struct pid_slot *s;
	size_t lo = 0, hi;

	if (id == 0)
		return NULL;
	s = lookup(h->slots, h->nslots, id, pid);
	if (s->node == 0)
		return NULL;
	/* The first entry after the point; the one before it is the answer. */
	hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_point(sec, msec, serial, &s->v[mid]) >= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? NULL : &s->v[lo - 1];
}

void
wk_audit_join_argv(const char *argv, size_t len, char *out, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	for (size_t i = 0; i < len && n < size - 1; i++) {
		if (argv[i] != '\0')
			out[n++] = argv[i];
		else if (i + 1 < len)
			out[n++] = ' ';
	}
	out[n] = '\0';
}

uint32_t
wk_audit_history_ancestors(const struct wk_audit_history *h,
    const struct wk_audit_stamp *stamp, int32_t ppid,
    struct wk_chain_entry *chain, uint32_t max)
{
	int64_t sec = stamp->sec;
	uint32_t msec = stamp->msec, n = 0;
	uint64_t serial = stamp->serial;
	int32_t pid = ppid;

	while (pid > 0 && n < max) {
		const struct wk_audit_exec_info *e =
		    wk_audit_history_find(h, stamp->node, pid, sec, msec, serial);
		struct wk_chain_entry *c = &chain[n];
		int loop = 0;

		if (e == NULL)
			break;
		memset(c, 0, sizeof *c);
		c->pid = e->pid;
		c->ppid = e->ppid;
		c->uid = e->uid;
		c->euid = e->euid;
		c->loginuid = e->auid;
		memcpy(c->comm, e->comm, sizeof c->comm);
		if (e->argv != NULL)
			wk_audit_join_argv(e->argv, e->argv_len, c->args, sizeof c->args);
		n++;
		for (uint32_t i = 0; i < n; i++)
			loop |= chain[i].pid == e->ppid;
		if (pid == 1 || loop)
			break;
		pid = e->ppid;
		sec = e->sec;
		msec = e->msec;
		serial = e->serial;
	}
	for (uint32_t i = 0; i < n / 2; i++) {
		struct wk_chain_entry t = chain[i];

		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = t;
	}
	return n;
}
