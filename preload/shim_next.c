/*
 * dlsym(RTLD_NEXT) for a few names, from the loaded objects' GNU hash
 * tables.  The objects after the shim in the loader's list are, at
 * constructor time, the global scope after it: its libc and what else
 * the program needs.  Their tables are found then (from what the loader
 * has read already); the names are looked up in them at the first
 * wrapped call, with no lock and no allocation: only killers touch the
 * pages of libc's symbol tables that hold them.
 */
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>

#include "shim_next.h"

/* (st_info is laid out alike in ELF32 and ELF64: ELF64_ST_* serve both) */

struct record_walk {
	const void *self;
	struct shim_next *out;
	int after_self;		/* the walk has passed the shim's object */
	int failed;		/* an object the tables cannot answer for */
	int reached_libc;	/* the walk ended at libc */
};

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

/* Whether [p, p + len) lies in one of o's loaded segments. */
static int
in_object(const struct shim_next_object *o, uintptr_t p, size_t len)
{
	uintptr_t start, end;
	unsigned i;

	for (i = 0; i < o->phnum; i++) {
		if (o->phdr[i].p_type != PT_LOAD)
			continue;
		start = o->addr + o->phdr[i].p_vaddr;
		end = start + o->phdr[i].p_memsz;
		if (p >= start && p < end && len <= end - p)
			return 1;
	}
	return 0;
}

/*
 * A dynamic entry's address: ld.so rewrites them to addresses in a
 * writable .dynamic, and leaves them offsets in a read-only one (the
 * vDSO); an offset is below the object's base.
 */
static uintptr_t
dyn_addr(const struct shim_next_object *o, ElfW(Addr) v)
{
	return v < o->addr ? o->addr + v : v;
}

/* The object's tables into o, or -1 when it has no GNU hash or they lie
 * outside it.  Reads only its program headers and .dynamic, which the
 * loader has read already. */
static int
find_tables(struct shim_next_object *o)
{
	const ElfW(Dyn) *d = NULL;
	unsigned i;

	for (i = 0; i < o->phnum; i++)
		if (o->phdr[i].p_type == PT_DYNAMIC)
			d = (const ElfW(Dyn) *)(o->addr + o->phdr[i].p_vaddr);
	if (d == NULL)
		return -1;
	o->gnu = NULL;
	o->sym = NULL;
	o->str = NULL;
	o->versym = NULL;
	for (; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_GNU_HASH)
			o->gnu = (const uint32_t *)dyn_addr(o, d->d_un.d_ptr);
		else if (d->d_tag == DT_SYMTAB)
			o->sym = (const ElfW(Sym) *)dyn_addr(o, d->d_un.d_ptr);
		else if (d->d_tag == DT_STRTAB)
			o->str = (const char *)dyn_addr(o, d->d_un.d_ptr);
		else if (d->d_tag == DT_VERSYM)
			o->versym = (const ElfW(Half) *)dyn_addr(o,
			    d->d_un.d_ptr);
	}
	if (o->gnu == NULL || o->sym == NULL || o->str == NULL ||
	    !in_object(o, (uintptr_t)o->gnu, 16) ||
	    !in_object(o, (uintptr_t)o->sym, sizeof *o->sym) ||
	    !in_object(o, (uintptr_t)o->str, 1) ||
	    (o->versym != NULL &&
	    !in_object(o, (uintptr_t)o->versym, sizeof *o->versym)))
		return -1;
	return 0;
}

/* CANNOT_TELL: the object may define the name in a way the lookup does
 * not read (an IFUNC, tables out of bounds): no later object may be taken
 * for it. */
enum found { NOT_HERE, FOUND, CANNOT_TELL };

/* Symbol ix unversioned, or a version that is not hidden (an old one
 * kept for old binaries).  Out of bounds: not taken. */
static int
visible_version(const struct shim_next_object *o, uint32_t ix)
{
	if (!in_object(o, (uintptr_t)&o->versym[ix], sizeof *o->versym))
		return 0;
	return (o->versym[ix] & 0x7fff) <= 1 || (o->versym[ix] & 0x8000) == 0;
}

/*
 * name (of GNU hash h) in the object, as ld.so's lookup without a
 * version takes it: defined, global or weak, and the unversioned or the
 * one non-hidden version of it.
 */
static enum found
find_symbol(const struct shim_next_object *o, const char *name, uint32_t h,
    void **out)
{
	const uint32_t *g = o->gnu;
	uint32_t nbuckets = g[0], symoffset = g[1], bloom_size = g[2];
	uint32_t shift = g[3], ix, chain_h;
	const ElfW(Addr) *bloom = (const ElfW(Addr) *)&g[4];
	const uint32_t *buckets, *chain;
	const unsigned bits = sizeof(ElfW(Addr)) * 8;
	ElfW(Addr) word, mask;
	const ElfW(Sym) *s;

	if (nbuckets == 0 || bloom_size == 0 ||
	    (bloom_size & (bloom_size - 1)) != 0 ||
	    !in_object(o, (uintptr_t)bloom, bloom_size * sizeof *bloom))
		return CANNOT_TELL;
	word = bloom[(h / bits) & (bloom_size - 1)];
	mask = ((ElfW(Addr))1 << (h % bits)) |
	    ((ElfW(Addr))1 << ((h >> shift) % bits));
	if ((word & mask) != mask)
		return NOT_HERE;
	buckets = (const uint32_t *)&bloom[bloom_size];
	if (!in_object(o, (uintptr_t)buckets, nbuckets * sizeof *buckets))
		return CANNOT_TELL;
	chain = &buckets[nbuckets];
	ix = buckets[h % nbuckets];
	if (ix < symoffset)
		return NOT_HERE;
	for (;; ix++) {
		if (!in_object(o, (uintptr_t)&chain[ix - symoffset],
		    sizeof *chain) ||
		    !in_object(o, (uintptr_t)&o->sym[ix], sizeof *s))
			return CANNOT_TELL;
		chain_h = chain[ix - symoffset];
		s = &o->sym[ix];
		if ((chain_h | 1) == (h | 1) &&
		    in_object(o, (uintptr_t)(o->str + s->st_name), 1) &&
		    same_name(name, o->str + s->st_name) &&
		    s->st_shndx != SHN_UNDEF && s->st_value != 0 &&
		    (ELF64_ST_BIND(s->st_info) == STB_GLOBAL ||
		    ELF64_ST_BIND(s->st_info) == STB_WEAK) &&
		    (o->versym == NULL || visible_version(o, ix))) {
			if (ELF64_ST_TYPE(s->st_info) != STT_FUNC)
				return CANNOT_TELL;	/* an IFUNC... */
			*out = (void *)(o->addr + s->st_value);
			return FOUND;
		}
		if (chain_h & 1)
			return NOT_HERE;
	}
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

static int
visit(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct record_walk *w = arg;
	struct shim_next_object here, *o;

	(void)size;
	here.addr = info->dlpi_addr;
	here.phdr = info->dlpi_phdr;
	here.phnum = info->dlpi_phnum;
	if (!w->after_self) {
		w->after_self = in_object(&here, (uintptr_t)w->self, 1);
		return 0;
	}
	if (w->out->n == SHIM_NEXT_OBJECTS_MAX) {
		w->failed = 1;
		return 1;
	}
	o = &w->out->obj[w->out->n];
	*o = here;
	if (find_tables(o) == -1) {
		w->failed = 1;
		return 1;
	}
	w->out->n++;
	/* libc defines every name the shim wraps: none past it is used. */
	w->reached_libc = is_libc(info->dlpi_name);
	return w->reached_libc;
}

int
shim_next_record(const void *self, struct shim_next *out)
{
	struct record_walk w = { .self = self, .out = out };

	out->n = 0;
	(void)dl_iterate_phdr(visit, &w);
	return w.after_self && !w.failed && w.reached_libc ? 0 : -1;
}

void
shim_next_find(const struct shim_next *next, const char *const *names,
    void **out, unsigned n)
{
	uint32_t hash[SHIM_NEXT_NAMES_MAX];
	unsigned i, k, left = n;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (n > SHIM_NEXT_NAMES_MAX)
		return;
	for (i = 0; i < n; i++)
		hash[i] = gnu_hash(names[i]);
	for (k = 0; k < next->n && left > 0; k++)
		for (i = 0; i < n; i++) {
			if (out[i] != NULL)
				continue;
			switch (find_symbol(&next->obj[k], names[i], hash[i],
			    &out[i])) {
			case FOUND:
				left--;
				break;
			case NOT_HERE:
				break;
			case CANNOT_TELL:
				/* Past this object nothing is certain. */
				return;
			}
		}
}
