/*
 * The followers filed by name.  The hash is taken over a field as
 * query_follow.c compares it: up to its NUL, or its first size - 1 bytes
 * where it holds none.  A bucket may hold names that are not the row's;
 * the follower's own filter then says no.
 */
#include <string.h>

#include "whokilled/wire.h"
#include "query_follow_index.h"

/* FNV-1a over the bytes of a field up to its NUL, at most size - 1. */
static unsigned
bucket_of(const char *field, size_t size)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i + 1 < size && field[i] != '\0'; i++) {
		h ^= (unsigned char)field[i];
		h *= 16777619u;
	}
	return h & (FOLLOW_INDEX_BUCKETS - 1);
}

void
follow_index_build(struct follow_index *x,
    const struct query_follow *const *fw, unsigned n)
{
	const struct store_list_query *f;
	unsigned i, b;

	if (n > FOLLOW_INDEX_SLOTS)
		n = FOLLOW_INDEX_SLOTS;
	x->slots = n;
	x->n_every = 0;
	memset(x->by_name, 0xff, sizeof x->by_name);
	memset(x->by_comm, 0xff, sizeof x->by_comm);
	for (i = 0; i < n; i++) {
		x->next_name[i] = x->next_comm[i] = -1;
		if (fw[i] == NULL)
			continue;
		f = &fw[i]->filter;
		if (f->name[0] == '\0' || f->glob) {
			x->every[x->n_every++] = (uint16_t)i;
			continue;
		}
		b = bucket_of(f->name, sizeof f->name);
		x->next_name[i] = x->by_name[b];
		x->by_name[b] = (int16_t)i;
		b = bucket_of(f->comm, sizeof f->comm);
		x->next_comm[i] = x->by_comm[b];
		x->by_comm[b] = (int16_t)i;
	}
}

/* Offer slot s once for this row. */
static int
offer(struct follow_index *x, int s, follow_index_cb cb, void *arg)
{
	if (x->offered[s] == x->row)
		return 0;
	x->offered[s] = x->row;
	return cb((unsigned)s, arg);
}

int
follow_index_walk(struct follow_index *x, const char *comm, const char *exe,
    follow_index_cb cb, void *arg)
{
	unsigned i;
	int s, rc;

	if (++x->row == 0) {	/* wrapped: no slot may look offered */
		memset(x->offered, 0, sizeof x->offered);
		x->row = 1;
	}
	for (i = 0; i < x->n_every; i++)
		if ((rc = offer(x, x->every[i], cb, arg)) != 0)
			return rc;
	if (exe[0] != '\0')
		for (s = x->by_name[bucket_of(exe, WK_EXE_BASE_MAX)]; s != -1;
		    s = x->next_name[s])
			if ((rc = offer(x, s, cb, arg)) != 0)
				return rc;
	for (s = x->by_comm[bucket_of(comm, WK_COMM_MAX)]; s != -1;
	    s = x->next_comm[s])
		if ((rc = offer(x, s, cb, arg)) != 0)
			return rc;
	return 0;
}
