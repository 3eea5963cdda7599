/*
 * Lists of signals and ends of processes of any pid (store_list_kills,
 * store_list_deaths, store_last_ids, declared in store.h): one statement
 * per set of filter clauses, prepared when first used and kept.
 */
#ifndef WHOKILLED_STORE_LIST_H
#define WHOKILLED_STORE_LIST_H

#include "store_internal.h"

/* Finalize the statements the lists prepared (at store_close). */
void store_list_close(struct store *st);

#endif
