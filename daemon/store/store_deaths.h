/*
 * Ends of processes: store_death_put, store_death_find, store_death_latest,
 * store_deaths_count, store_deaths_prune and store_find_sender (declared in
 * store.h).
 */
#ifndef WHOKILLED_STORE_DEATHS_H
#define WHOKILLED_STORE_DEATHS_H

#include "store_internal.h"

extern const struct store_stmt_def store_deaths_stmts[];

#endif
