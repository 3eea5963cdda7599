/*
 * Kernel audit events in the kills table: store_add_audit, store_has_audit,
 * store_find_partners and store_merge (declared in store.h).
 */
#ifndef WHOKILLED_STORE_AUDIT_H
#define WHOKILLED_STORE_AUDIT_H

#include "store_internal.h"

extern const struct store_stmt_def store_audit_stmts[];

#endif
