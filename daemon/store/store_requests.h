/*
 * Who asked systemd for a signal PID 1 sent, kept with the signal
 * (store_request_put, store_request_find, declared in store.h): the
 * daemon's memory of the bus keeps it ten minutes, the store as long as
 * the signal.
 */
#ifndef WHOKILLED_STORE_REQUESTS_H
#define WHOKILLED_STORE_REQUESTS_H

#include "store_internal.h"

extern const struct store_stmt_def store_requests_stmts[];

#endif
