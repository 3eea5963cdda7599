/*
 * The end of one process in the shapes the daemon keeps and sends it: a
 * row of the store's deaths table, made from the process table's entry
 * and the kernel log's OOM kill, and the reply frame made from a row.
 * Which ends are worth a row is decided here too.  Pure: no I/O.
 */
#ifndef WHOKILLED_DAEMON_DEATH_RECORD_H
#define WHOKILLED_DAEMON_DEATH_RECORD_H

#include <stdint.h>

#include "whokilled/wire.h"
#include "kmsg_oom.h"
#include "proc_table.h"
#include "daemon/store/store.h"

/*
 * Whether the exit of entry e (exited at exit_ticks, clock ticks after
 * boot) is kept in the store: when it died of a signal, was sent a
 * recorded signal or was chosen by the OOM killer, or else when it ran at
 * least min_runtime_ticks (0: every exit).  An end whose exit was not
 * seen is kept only for the reasons of the first kind.
 */
int death_worth_storing(const struct proc_entry *e, uint64_t exit_ticks,
    uint64_t min_runtime_ticks);

/* The deaths-table kind of a wait status (STORE_DEATH_*). */
uint32_t death_kind_of_status(uint32_t status);

/*
 * The row for table entry e on boot boot_id: its identity, and its exit
 * at exit_time when it has exited.  parent (may be NULL) is its parent at
 * fork; it is named as having ended first when it exited before e did.
 */
void death_from_entry(const struct proc_entry *e, const char *boot_id,
    const struct wk_time *exit_time, const struct proc_entry *parent,
    struct store_death *out);

/* Add the OOM kill k, which happened at when, to row d (kind OOM). */
void death_add_oom(struct store_death *d, const struct oom_kill *k,
    const struct wk_time *when);

/*
 * The reply frame (header included, flags without WK_D_SUBJECT) for row
 * d: how the process ended.
 */
void death_to_wire(const struct store_death *d, struct wk_death *out);

/*
 * The row for frame d as an audit hub's node told it (audit_end.h): the
 * reverse of death_to_wire, on node, with boot_id "" (a node's processes
 * are told apart by node, pid and time, as its signals are).
 */
void death_from_wire(const struct wk_death *d, const char *node,
    struct store_death *out);

#endif
