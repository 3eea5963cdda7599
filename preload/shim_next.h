#ifndef WHOKILLED_SHIM_NEXT_H
#define WHOKILLED_SHIM_NEXT_H

#include <link.h>
#include <stdint.h>

/*
 * The next definitions of the wrapped functions after the shim's, as
 * dlsym(RTLD_NEXT) finds them, in two steps.  At exec, the constructor
 * records where the objects after the shim keep their symbol tables;
 * six dlsym calls there cost every exec 4.3 µs, mostly page faults on
 * libc's tables.  At the first wrapped call, the names are looked up in
 * those tables: no lock, no allocation, so also from a signal handler.
 */
#define SHIM_NEXT_OBJECTS_MAX	16
#define SHIM_NEXT_NAMES_MAX	8

struct shim_next_object {
	uintptr_t addr;			/* load bias */
	const ElfW(Phdr) *phdr;
	unsigned phnum;
	const uint32_t *gnu;		/* DT_GNU_HASH */
	const ElfW(Sym) *sym;
	const char *str;
	const ElfW(Half) *versym;	/* NULL: unversioned */
};

struct shim_next {
	unsigned n;
	struct shim_next_object obj[SHIM_NEXT_OBJECTS_MAX];
};

/*
 * Record the objects after the one holding self, up to libc, which
 * defines every wrapped name (constructor only: dl_iterate_phdr takes the
 * loader's lock).  0, or -1 when the lookup cannot stand in for dlsym: an
 * object without a GNU hash table, one whose tables lie outside it, more
 * than SHIM_NEXT_OBJECTS_MAX of them before libc, self not found, no libc
 * after it (a shim opened with dlopen).  The caller then asks dlsym at
 * once.
 */
int shim_next_record(const void *self, struct shim_next *out);

/*
 * out[i]: the next definition of names[i] (n <= SHIM_NEXT_NAMES_MAX), a
 * plain function that is global or weak, unversioned or of a version not
 * hidden.  NULL when none is found, or when an object defines it in a way
 * the lookup leaves to dlsym (an IFUNC...), and for every name still
 * unfound at that object: the wrapper then makes the system call itself.
 */
void shim_next_find(const struct shim_next *next, const char *const *names,
    void **out, unsigned n);

#endif
