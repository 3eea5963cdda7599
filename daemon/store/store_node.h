/*
 * An audit hub's nodes in the store: store_find_node_partner and
 * store_node_record_new (declared in store.h).
 */
#ifndef WHOKILLED_STORE_NODE_H
#define WHOKILLED_STORE_NODE_H

#include "store_internal.h"

extern const struct store_stmt_def store_node_stmts[];

#endif
