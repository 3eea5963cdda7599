/*
 * Retention's view of the store: store_size, store_oldest and
 * store_prune_oldest (declared in store.h).
 */
#ifndef WHOKILLED_STORE_PRUNE_H
#define WHOKILLED_STORE_PRUNE_H

#include "store_internal.h"

extern const struct store_stmt_def store_prune_stmts[];

#endif
