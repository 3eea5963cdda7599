/*
 * Failed logins: store_add_authfail and store_find_failed_logins
 * (declared in store.h).
 */
#ifndef WHOKILLED_STORE_AUTHFAIL_H
#define WHOKILLED_STORE_AUTHFAIL_H

#include "store_internal.h"

extern const struct store_stmt_def store_authfail_stmts[];

#endif
