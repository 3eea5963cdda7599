/*
 * The packed chain BLOB (store_chain.h): a writer that always fits its
 * buffer, and a reader that checks every length against what is left.
 */
#include <string.h>

#include "store_chain.h"

#define MAGIC_LEN	(sizeof STORE_CHAIN_MAGIC - 1)

static size_t
put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* A string field as a length byte and its bytes up to the NUL. */
static size_t
put_string(unsigned char *p, const char *s, size_t size)
{
	size_t len = strnlen(s, size - 1);

	p[0] = (unsigned char)len;
	memcpy(p + 1, s, len);
	return len + 1;
}

size_t
store_chain_pack(const struct wk_chain_entry *chain, uint32_t n,
    unsigned char out[STORE_CHAIN_PACKED_MAX])
{
	const struct wk_chain_entry *e;
	size_t pos = MAGIC_LEN;
	uint32_t i;

	memcpy(out, STORE_CHAIN_MAGIC, MAGIC_LEN);
	if (n > WK_CHAIN_MAX)
		n = WK_CHAIN_MAX;
	for (i = 0; i < n; i++) {
		e = &chain[i];
		pos += put_varint(out + pos, (uint32_t)e->pid);
		pos += put_varint(out + pos, (uint32_t)e->ppid);
		pos += put_varint(out + pos, e->start_time);
		pos += put_varint(out + pos, e->uid);
		pos += put_varint(out + pos, e->euid);
		pos += put_varint(out + pos, e->loginuid);
		pos += put_string(out + pos, e->comm, sizeof e->comm);
		pos += put_string(out + pos, e->args, sizeof e->args);
	}
	return pos;
}

/* A reader over the bytes left; any overrun sets bad. */
struct cursor {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t
get_varint(struct cursor *c, unsigned bits)
{
	uint64_t v = 0;
	unsigned shift = 0;

	for (;;) {
		if (c->p == c->end || shift >= bits) {
			c->bad = 1;
			return 0;
		}
		v |= (uint64_t)(*c->p & 0x7f) << shift;
		shift += 7;
		if ((*c->p++ & 0x80) == 0)
			break;
	}
	if (bits < 64 && v >> bits != 0)
		c->bad = 1;
	return v;
}

static void
get_string(struct cursor *c, char *out, size_t size)
{
	size_t len;

	if (c->p == c->end || (len = *c->p) >= size ||
	    (size_t)(c->end - c->p) < len + 1) {
		c->bad = 1;
		return;
	}
	memcpy(out, c->p + 1, len);
	out[len] = '\0';
	c->p += len + 1;
}

static uint32_t
unpack_packed(const unsigned char *p, size_t len,
    struct wk_chain_entry *chain)
{
	struct cursor c = { p + MAGIC_LEN, p + len, 0 };
	struct wk_chain_entry *e;
	uint32_t n = 0;

	while (c.p < c.end) {
		if (n == WK_CHAIN_MAX)
			return 0;
		e = &chain[n];
		memset(e, 0, sizeof *e);
		e->pid = (int32_t)get_varint(&c, 32);
		e->ppid = (int32_t)get_varint(&c, 32);
		e->start_time = get_varint(&c, 64);
		e->uid = (uint32_t)get_varint(&c, 32);
		e->euid = (uint32_t)get_varint(&c, 32);
		e->loginuid = (uint32_t)get_varint(&c, 32);
		get_string(&c, e->comm, sizeof e->comm);
		get_string(&c, e->args, sizeof e->args);
		if (c.bad)
			return 0;
		n++;
	}
	return n;
}

/* The raw entries of stores from before schema version 5. */
static uint32_t
unpack_raw(const void *blob, size_t len,
    struct wk_chain_entry *chain)
{
	uint32_t i, n;

	if (len % sizeof chain[0] != 0 || len > WK_CHAIN_MAX * sizeof chain[0])
		return 0;
	memcpy(chain, blob, len);
	n = (uint32_t)(len / sizeof chain[0]);
	for (i = 0; i < n; i++) {
		chain[i].comm[sizeof chain[i].comm - 1] = '\0';
		chain[i].args[sizeof chain[i].args - 1] = '\0';
	}
	return n;
}

uint32_t
store_chain_unpack(const void *blob, size_t len,
    struct wk_chain_entry *chain)
{
	if (blob == NULL)
		return 0;
	if (len >= MAGIC_LEN && memcmp(blob, STORE_CHAIN_MAGIC, MAGIC_LEN) == 0)
		return unpack_packed(blob, len, chain);
	return unpack_raw(blob, len, chain);
}
