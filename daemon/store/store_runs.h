/*
 * The daemon's runs: store_run_begin, store_run_update,
 * store_run_kmsg_seq and store_run_watch (declared in store.h).
 */
#ifndef WHOKILLED_STORE_RUNS_H
#define WHOKILLED_STORE_RUNS_H

#include "store_internal.h"

extern const struct store_stmt_def store_runs_stmts[];

#endif
