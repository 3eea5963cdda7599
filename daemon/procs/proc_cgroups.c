/*
 * The pool of cgroup paths: an array of slots (id = index + 1) grown by
 * doubling up to the cap, a hash of paths over it, a free list of ids
 * given back.  Each path and its unit are one allocation of their length.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proc_cgroups.h"

#define NONE	UINT32_MAX

struct cg_slot {
	char *path;		/* path NUL unit NUL; NULL: free */
	uint32_t hash;
	uint32_t hnext;		/* next slot of the bucket, or the free list */
	uint32_t marked;
};

struct proc_cgroups {
	struct cg_slot *slots;
	uint32_t cap;		/* slots allocated */
	uint32_t max;
	uint32_t used;		/* slots handed out at least once */
	uint32_t count;
	uint32_t free_head;
	uint32_t *buckets;
	uint32_t nbuckets;	/* a power of two, 2 * max */
};

/* FNV-1a over the path. */
static uint32_t
hash_of(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct proc_cgroups *
proc_cgroups_new(uint32_t max)
{
	struct proc_cgroups *p;
	uint32_t i;

	if (max == 0)
		max = PROC_CGROUPS_DEFAULT_MAX;
	if (max > (1u << 20)) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->max = max;
	p->nbuckets = 16;
	while (p->nbuckets < 2 * max)
		p->nbuckets <<= 1;
	p->buckets = malloc(p->nbuckets * sizeof *p->buckets);
	if (p->buckets == NULL) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < p->nbuckets; i++)
		p->buckets[i] = NONE;
	p->free_head = NONE;
	return p;
}

void
proc_cgroups_free(struct proc_cgroups *p)
{
	uint32_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->used; i++)
		free(p->slots[i].path);
	free(p->slots);
	free(p->buckets);
	free(p);
}

/* The index of a free slot, growing the array; NONE when at the cap. */
static uint32_t
slot_alloc(struct proc_cgroups *p)
{
	struct cg_slot *grown;
	uint32_t i, cap;

	if (p->free_head != NONE) {
		i = p->free_head;
		p->free_head = p->slots[i].hnext;
		return i;
	}
	if (p->used == p->max)
		return NONE;
	if (p->used == p->cap) {
		cap = p->cap == 0 ? 64 : p->cap * 2;
		if (cap > p->max)
			cap = p->max;
		grown = realloc(p->slots, cap * sizeof *grown);
		if (grown == NULL)
			return NONE;
		p->slots = grown;
		p->cap = cap;
	}
	return p->used++;
}

uint32_t
proc_cgroups_intern(struct proc_cgroups *p, const struct wk_cgroup *cg)
{
	size_t plen = strnlen(cg->path, sizeof cg->path - 1);
	size_t ulen = strnlen(cg->unit, sizeof cg->unit - 1);
	uint32_t h, b, i;
	char *copy;

	if (plen == 0)
		return 0;
	copy = malloc(plen + ulen + 2);
	if (copy == NULL)
		return 0;
	memcpy(copy, cg->path, plen);
	copy[plen] = '\0';
	memcpy(copy + plen + 1, cg->unit, ulen);
	copy[plen + 1 + ulen] = '\0';
	h = hash_of(copy);
	b = h & (p->nbuckets - 1);
	for (i = p->buckets[b]; i != NONE; i = p->slots[i].hnext)
		if (p->slots[i].hash == h && strcmp(p->slots[i].path, copy) == 0 &&
		    strcmp(p->slots[i].path + plen + 1, copy + plen + 1) == 0) {
			free(copy);
			p->slots[i].marked = 1;
			return i + 1;
		}
	i = slot_alloc(p);
	if (i == NONE) {
		free(copy);
		return 0;
	}
	p->slots[i].path = copy;
	p->slots[i].hash = h;
	p->slots[i].marked = 1;
	p->slots[i].hnext = p->buckets[b];
	p->buckets[b] = i;
	p->count++;
	return i + 1;
}

int
proc_cgroups_get(const struct proc_cgroups *p, uint32_t id,
    struct wk_cgroup *out)
{
	const char *s;
	size_t n;

	memset(out, 0, sizeof *out);
	if (id == 0 || id > p->used || p->slots[id - 1].path == NULL)
		return -1;
	s = p->slots[id - 1].path;
	n = strlen(s);
	memcpy(out->path, s, n + 1);
	s += n + 1;
	memcpy(out->unit, s, strlen(s) + 1);
	return 0;
}

void
proc_cgroups_sweep_begin(struct proc_cgroups *p)
{
	uint32_t i;

	for (i = 0; i < p->used; i++)
		p->slots[i].marked = 0;
}

void
proc_cgroups_mark(struct proc_cgroups *p, uint32_t id)
{
	if (id != 0 && id <= p->used)
		p->slots[id - 1].marked = 1;
}

/* Take slot i out of its bucket and give it back. */
static void
slot_release(struct proc_cgroups *p, uint32_t i)
{
	uint32_t *link = &p->buckets[p->slots[i].hash & (p->nbuckets - 1)];

	while (*link != NONE && *link != i)
		link = &p->slots[*link].hnext;
	if (*link == i)
		*link = p->slots[i].hnext;
	free(p->slots[i].path);
	p->slots[i].path = NULL;
	p->slots[i].hnext = p->free_head;
	p->free_head = i;
	p->count--;
}

unsigned
proc_cgroups_sweep_end(struct proc_cgroups *p)
{
	unsigned n = 0;
	uint32_t i;

	for (i = 0; i < p->used; i++)
		if (p->slots[i].path != NULL && !p->slots[i].marked) {
			slot_release(p, i);
			n++;
		}
	return n;
}

uint32_t
proc_cgroups_count(const struct proc_cgroups *p)
{
	return p->count;
}
