/*
 * Token buckets in a small open-addressing table.  Tokens are kept in
 * thousandths so a bucket refills smoothly at any rate.
 */
#include <errno.h>
#include <stdlib.h>

#include "rate_limit.h"

struct bucket {
	uint32_t uid;
	uint8_t used;
	int64_t milli_tokens;
	int64_t last_ms;
	uint64_t dropped;
};

struct rate_limit {
	uint32_t rate;
	uint32_t burst;
	uint32_t size;		/* slots: a power of two, twice max_uids */
	uint32_t count;
	uint32_t max_uids;
	uint64_t dropped;
	struct bucket *slots;
};

struct rate_limit *
rate_limit_new(uint32_t rate, uint32_t burst,
    uint32_t max_uids)
{
	struct rate_limit *rl = calloc(1, sizeof *rl);
	uint32_t size = 16;

	if (rl == NULL)
		return NULL;
	if (max_uids == 0)
		max_uids = 1;
	while (size < max_uids * 2 && size < (1u << 30))
		size *= 2;
	rl->slots = calloc(size, sizeof *rl->slots);
	if (rl->slots == NULL) {
		free(rl);
		errno = ENOMEM;
		return NULL;
	}
	rl->rate = rate;
	rl->burst = burst > 0 ? burst : 1;
	rl->size = size;
	rl->max_uids = max_uids;
	return rl;
}

void
rate_limit_free(struct rate_limit *rl)
{
	if (rl == NULL)
		return;
	free(rl->slots);
	free(rl);
}

static uint32_t
slot_of(const struct rate_limit *rl, uint32_t uid)
{
	return (uid * 2654435761u) & (rl->size - 1);
}

/* The bucket of uid, or NULL when it is not tracked. */
static struct bucket *
find(const struct rate_limit *rl, uint32_t uid)
{
	for (uint32_t i = slot_of(rl, uid), n = 0; n < rl->size;
	    i = (i + 1) & (rl->size - 1), n++) {
		if (!rl->slots[i].used)
			return NULL;
		if (rl->slots[i].uid == uid)
			return &rl->slots[i];
	}
	return NULL;
}

/* Rebuilds the table without the bucket seen longest ago. */
static void
forget_oldest(struct rate_limit *rl)
{
	struct bucket *old = rl->slots, *oldest = NULL;
	uint32_t size = rl->size;

	for (uint32_t i = 0; i < size; i++)
		if (old[i].used && (oldest == NULL || old[i].last_ms < oldest->last_ms))
			oldest = &old[i];
	if (oldest == NULL)
		return;
	oldest->used = 0;
	rl->count--;
	/* Open addressing: re-insert the rest so no probe chain is broken. */
	rl->slots = calloc(size, sizeof *rl->slots);
	if (rl->slots == NULL) {
		/* Keep the old table; the freed slot only shortens chains. */
		rl->slots = old;
		return;
	}
	for (uint32_t i = 0; i < size; i++) {
		if (!old[i].used)
			continue;
		uint32_t j = slot_of(rl, old[i].uid);

		while (rl->slots[j].used)
			j = (j + 1) & (size - 1);
		rl->slots[j] = old[i];
	}
	free(old);
}

static struct bucket *
insert(struct rate_limit *rl, uint32_t uid,
    int64_t now_ms)
{
	uint32_t i;

	if (rl->count >= rl->max_uids)
		forget_oldest(rl);
	i = slot_of(rl, uid);
	while (rl->slots[i].used)
		i = (i + 1) & (rl->size - 1);
	rl->slots[i].used = 1;
	rl->slots[i].uid = uid;
	rl->slots[i].milli_tokens = (int64_t)rl->burst * 1000;
	rl->slots[i].last_ms = now_ms;
	rl->slots[i].dropped = 0;
	rl->count++;
	return &rl->slots[i];
}

int
rate_limit_allow(struct rate_limit *rl, uint32_t uid, int64_t now_ms)
{
	struct bucket *b;
	int64_t cap;

	if (rl == NULL || rl->rate == 0 || uid == 0)
		return 1;
	b = find(rl, uid);
	if (b == NULL)
		b = insert(rl, uid, now_ms);
	cap = (int64_t)rl->burst * 1000;
	if (now_ms > b->last_ms) {
		b->milli_tokens += (now_ms - b->last_ms) * rl->rate;
		if (b->milli_tokens > cap)
			b->milli_tokens = cap;
	}
	b->last_ms = now_ms > b->last_ms ? now_ms : b->last_ms;
	if (b->milli_tokens >= 1000) {
		b->milli_tokens -= 1000;
		return 1;
	}
	b->dropped++;
	rl->dropped++;
	return 0;
}

uint64_t
rate_limit_dropped(const struct rate_limit *rl)
{
	return rl != NULL ? rl->dropped : 0;
}

uint64_t
rate_limit_dropped_uid(const struct rate_limit *rl, uint32_t uid)
{
	const struct bucket *b = rl != NULL ? find(rl, uid) : NULL;

	return b != NULL ? b->dropped : 0;
}
