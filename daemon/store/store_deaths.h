/*
 * Ends of processes: store_death_put, store_death_find, store_death_latest,
 * store_deaths_count, store_deaths_prune and store_find_sender (declared in
 * store.h).
 */
#ifndef WHOKILLED_STORE_DEATHS_H
#define WHOKILLED_STORE_DEATHS_H

#include <sqlite3.h>

#include "store.h"
#include "store_internal.h"

extern const struct store_stmt_def store_deaths_stmts[];

/* The columns of a row, in the order store_death_read reads them. */
#define STORE_DEATH_COLUMNS \
	"boot_id, pid, start_time, ppid, uid, comm, args, kind, " \
	"exit_sec, exit_nsec, status, signalled, parent_pid, parent_comm, " \
	"oom_sec, oom_nsec, oom_seq, oom_flags, oom_constraint, oom_memcg, " \
	"oom_task_memcg, oom_total_vm_kb, oom_anon_rss_kb, oom_file_rss_kb, " \
	"oom_shmem_rss_kb, oom_score_adj, unit, cgroup, exe, node"
/* Columns in STORE_DEATH_COLUMNS; a column selected after them is this. */
#define STORE_DEATH_NCOLUMNS	30

/* The current row of a SELECT of STORE_DEATH_COLUMNS into *d. */
void store_death_read(sqlite3_stmt *stmt, struct store_death *d);

#endif
