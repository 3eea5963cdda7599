#ifndef WHOKILLED_SHIM_NEXT_H
#define WHOKILLED_SHIM_NEXT_H

/*
 * The next definition of a function after the object that holds this
 * code, as dlsym(RTLD_NEXT, name) finds it: the first object after it in
 * the loader's list, up to libc (which defines every function the shim
 * wraps), that defines name as a global or weak function, unversioned or
 * of a version that is not hidden.  Read from the loaded objects' own
 * hash tables (GNU or System V), walking the loader's list from
 * _r_debug: no lock, no allocation, no system call, so also from a
 * signal handler.  The objects loaded at exec, which the walk reads, are
 * never unloaded; dlopen only appends after them.
 *
 * NULL when none is found up to libc, when an object defines name in a
 * way the lookup does not read (an IFUNC), or when this code's object is
 * not in the list: the caller then makes the system call itself.
 */
void *shim_next_find(const char *name);

#endif
