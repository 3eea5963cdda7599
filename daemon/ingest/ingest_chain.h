/*
 * Ancestry chains for the ingest layer: the process table when the daemon
 * has one (ancestors that already exited are still named), else /proc.
 */
#ifndef WHOKILLED_DAEMON_INGEST_CHAIN_H
#define WHOKILLED_DAEMON_INGEST_CHAIN_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "ingest_state.h"

/*
 * The ancestors of the process pid (started at start_time, 0: unknown)
 * whose parent is *ppid, outermost first, at most max: from the process
 * table when the daemon has one -- then *ppid becomes the parent it had
 * at fork when the table knows it, and ancestors that already exited are
 * named -- else from in->read_proc.  Returns how many.
 */
unsigned ingest_chain(struct ingest *in, int32_t pid, uint64_t start_time,
    int32_t *ppid, struct wk_chain_entry *chain, unsigned max);

/*
 * The chain entry of a reporting process itself, from its report (its
 * pid, uids and login uid are checked by then), with the parent and start
 * time the daemon settled on.
 */
void ingest_caller_entry(const struct wk_caller *c, const char *argv,
    int32_t ppid, uint64_t start_time, struct wk_chain_entry *k);

#endif
