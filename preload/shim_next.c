/*
 * dlsym(RTLD_NEXT) without dlsym: the loader's list of objects from
 * _r_debug, each object's dynamic section, its hash table.  Done at the
 * first call of each wrapped function, not at exec: in a process that
 * never kills, nothing here runs (six dlsym calls in the constructor
 * cost every exec 3-4 µs, and recording the objects there cost as much).
 */
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>

#include "shim_next.h"

/* The shim's own dynamic section, which names its entry in the list. */
extern ElfW(Dyn) _DYNAMIC[];

/* Bounds on a walk through tables that could only be corrupt. */
#define OBJECTS_MAX	4096
#define CHAIN_MAX	(1u << 20)

/* (st_info is laid out alike in ELF32 and ELF64: ELF64_ST_* serve both) */

/* An object's symbol tables, from its dynamic section. */
struct tables {
	uintptr_t base;
	const uint32_t *gnu;		/* DT_GNU_HASH, or NULL */
	const uint32_t *sysv;		/* DT_HASH, or NULL */
	const ElfW(Sym) *sym;
	const char *str;
	const ElfW(Half) *versym;	/* NULL: unversioned */
};

enum found { NOT_HERE, FOUND, CANNOT_TELL };

/* The GNU hash of name (the ELF gABI extension's, as ld.so computes it). */
static uint32_t
gnu_hash(const char *name)
{
	uint32_t h = 5381;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		h = h * 33 + *p;
	return h;
}

/* The System V ABI's hash of name. */
static uint32_t
sysv_hash(const char *name)
{
	uint32_t h = 0, g;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		h = (h << 4) + *p;
		g = h & 0xf0000000u;
		if (g != 0)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

/* No strcmp: an IFUNC import, resolved at every exec. */
static int
same_name(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * A dynamic entry's address: ld.so rewrites them to addresses in a
 * writable .dynamic, and leaves them offsets in a read-only one; an
 * offset is below the object's base.
 */
static uintptr_t
dyn_addr(uintptr_t base, ElfW(Addr) v)
{
	return v < base ? base + v : v;
}

/* m's tables; -1 when it has no symbol table or hash table. */
static int
find_tables(const struct link_map *m, struct tables *t)
{
	const ElfW(Dyn) *d;

	t->base = m->l_addr;
	t->gnu = t->sysv = NULL;
	t->sym = NULL;
	t->str = NULL;
	t->versym = NULL;
	if (m->l_ld == NULL)
		return -1;
	for (d = m->l_ld; d->d_tag != DT_NULL; d++) {
		uintptr_t a = dyn_addr(t->base, d->d_un.d_ptr);

		if (d->d_tag == DT_GNU_HASH)
			t->gnu = (const uint32_t *)a;
		else if (d->d_tag == DT_HASH)
			t->sysv = (const uint32_t *)a;
		else if (d->d_tag == DT_SYMTAB)
			t->sym = (const ElfW(Sym) *)a;
		else if (d->d_tag == DT_STRTAB)
			t->str = (const char *)a;
		else if (d->d_tag == DT_VERSYM)
			t->versym = (const ElfW(Half) *)a;
	}
	return t->sym != NULL && t->str != NULL &&
	    (t->gnu != NULL || t->sysv != NULL) ? 0 : -1;
}

/*
 * Whether symbol ix is name's definition, as ld.so's lookup without a
 * version takes it: defined, global or weak, and unversioned or of a
 * version not hidden (libc keeps old versions of some functions, hidden,
 * beside the default one).
 */
static int
defines(const struct tables *t, uint32_t ix, const char *name)
{
	const ElfW(Sym) *s = &t->sym[ix];
	unsigned bind = ELF64_ST_BIND(s->st_info);

	return same_name(name, t->str + s->st_name) &&
	    s->st_shndx != SHN_UNDEF && s->st_value != 0 &&
	    (bind == STB_GLOBAL || bind == STB_WEAK) &&
	    (t->versym == NULL || (t->versym[ix] & 0x7fff) <= 1 ||
	    (t->versym[ix] & 0x8000) == 0);
}

/* Symbol ix, which defines the name: a plain function, or CANNOT_TELL. */
static enum found
take(const struct tables *t, uint32_t ix, void **out)
{
	if (ELF64_ST_TYPE(t->sym[ix].st_info) != STT_FUNC)
		return CANNOT_TELL;	/* an IFUNC, or no type */
	*out = (void *)(t->base + t->sym[ix].st_value);
	return FOUND;
}

static enum found
find_gnu(const struct tables *t, const char *name, void **out)
{
	const uint32_t *g = t->gnu;
	uint32_t nbuckets = g[0], symoffset = g[1], bloom_size = g[2];
	uint32_t shift = g[3], h = gnu_hash(name), ix, n;
	const ElfW(Addr) *bloom = (const ElfW(Addr) *)&g[4];
	const unsigned bits = sizeof(ElfW(Addr)) * 8;
	const uint32_t *buckets, *chain;
	ElfW(Addr) word, mask;

	if (nbuckets == 0 || bloom_size == 0 ||
	    (bloom_size & (bloom_size - 1)) != 0)
		return CANNOT_TELL;
	word = bloom[(h / bits) & (bloom_size - 1)];
	mask = ((ElfW(Addr))1 << (h % bits)) |
	    ((ElfW(Addr))1 << ((h >> shift) % bits));
	if ((word & mask) != mask)
		return NOT_HERE;
	buckets = (const uint32_t *)&bloom[bloom_size];
	chain = &buckets[nbuckets];
	ix = buckets[h % nbuckets];
	if (ix < symoffset)
		return NOT_HERE;
	for (n = 0; n < CHAIN_MAX; n++, ix++) {
		uint32_t ch = chain[ix - symoffset];

		if ((ch | 1) == (h | 1) && defines(t, ix, name))
			return take(t, ix, out);
		if (ch & 1)
			return NOT_HERE;
	}
	return CANNOT_TELL;
}

static enum found
find_sysv(const struct tables *t, const char *name, void **out)
{
	uint32_t nbucket = t->sysv[0], nchain = t->sysv[1], ix, n;
	const uint32_t *bucket = &t->sysv[2], *chain = &bucket[nbucket];

	if (nbucket == 0)
		return CANNOT_TELL;
	ix = bucket[sysv_hash(name) % nbucket];
	for (n = 0; ix != STN_UNDEF && n < CHAIN_MAX; n++, ix = chain[ix]) {
		if (ix >= nchain)
			return CANNOT_TELL;
		if (defines(t, ix, name))
			return take(t, ix, out);
	}
	return ix == STN_UNDEF ? NOT_HERE : CANNOT_TELL;
}

/* Whether path names glibc's C library (its soname, as the loader has
 * it: "/lib/x86_64-linux-gnu/libc.so.6"). */
static int
is_libc(const char *path)
{
	const char *base = path, *p;

	if (path == NULL)
		return 0;
	for (p = path; *p != '\0'; p++)
		if (*p == '/')
			base = p + 1;
	return same_name(base, "libc.so.6");
}

void *
shim_next_find(const char *name)
{
	const struct link_map *m = _r_debug.r_map;
	struct tables t;
	enum found f;
	void *out = NULL;
	unsigned n;

	/* This code's own object first, then the ones after it. */
	for (n = 0; m != NULL && m->l_ld != _DYNAMIC; n++, m = m->l_next)
		if (n == OBJECTS_MAX)
			return NULL;
	if (m == NULL)
		return NULL;
	for (m = m->l_next; m != NULL && n < OBJECTS_MAX; m = m->l_next, n++) {
		if (find_tables(m, &t) == -1)
			f = CANNOT_TELL;
		else if (t.gnu != NULL)
			f = find_gnu(&t, name, &out);
		else
			f = find_sysv(&t, name, &out);
		if (f == FOUND)
			return out;
		if (f == CANNOT_TELL || is_libc(m->l_name))
			return NULL;
	}
	return NULL;
}
