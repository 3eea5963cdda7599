/*
 * The cgroups the process table's entries are in, each path kept once:
 * a host has thousands of processes in a few hundred cgroups, and a path
 * with its unit is up to 768 bytes, so an entry names its cgroup by a
 * small id (0: unknown).  Bounded; an id nothing names any more is given
 * back by a sweep its owner runs when the pool is full.
 */
#ifndef WHOKILLED_DAEMON_PROC_CGROUPS_H
#define WHOKILLED_DAEMON_PROC_CGROUPS_H

#include <stdint.h>

#include "whokilled/wire.h"

#define PROC_CGROUPS_DEFAULT_MAX	4096u

struct proc_cgroups;

/* An empty pool of at most max paths (0: the default); NULL: ENOMEM. */
struct proc_cgroups *proc_cgroups_new(uint32_t max);
void proc_cgroups_free(struct proc_cgroups *p);

/*
 * The id of cg's path (with its unit), added when new; 0 when the pool
 * is full or cg's path is "" (unknown).
 */
uint32_t proc_cgroups_intern(struct proc_cgroups *p, const struct wk_cgroup *cg);

/* Into out the path and unit of id; 0, or -1 (out "") for 0 or no such. */
int proc_cgroups_get(const struct proc_cgroups *p, uint32_t id,
    struct wk_cgroup *out);

/*
 * A sweep: begin, mark every id still named, then end gives back the
 * others and returns how many.
 */
void proc_cgroups_sweep_begin(struct proc_cgroups *p);
void proc_cgroups_mark(struct proc_cgroups *p, uint32_t id);
unsigned proc_cgroups_sweep_end(struct proc_cgroups *p);

/* Paths held now. */
uint32_t proc_cgroups_count(const struct proc_cgroups *p);

#endif
