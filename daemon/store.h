/*
 * The daemon's store: attributions in one SQLite file (WAL mode), written in
 * batches.  A process is identified by boot id + pid + start time, so a pid
 * that is reused never mixes two processes.
 */
#ifndef WHOKILLED_STORE_H
#define WHOKILLED_STORE_H

#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"

struct store;

/* What a query by target pid asks for. */
struct store_pid_query {
	int32_t pid;
	/*
	 * Which process that had this pid: when boot_id is non-empty and
	 * start_time non-zero, only that one (the process alive now); otherwise
	 * the most recent process with this pid that received a signal, or
	 * every one of them when all_processes is set.
	 */
	char boot_id[WK_BOOT_ID_MAX];
	uint64_t start_time;
	int all_processes;
	int32_t signo;		/* 0: any */
	int64_t since;		/* seconds since the epoch, 0: no bound */
	int64_t until;		/* 0: no bound */
	uint32_t limit;		/* most events to return, newest first */
};

/* Called for each event, newest first; a non-zero return stops the walk. */
typedef int (*store_event_cb)(const struct wk_event *ev, void *arg);

/*
 * Open (creating if needed, with mode 0600 and its directory 0700 when
 * missing) the store at path.  Returns NULL with errno set and a message in
 * err (may be NULL) on failure.
 */
struct store *store_open(const char *path, char *err, size_t errlen);

/* Commit what is pending and close.  NULL is fine. */
void store_close(struct store *st);

/*
 * Queue one attribution.  Rows are written inside an open transaction that
 * store_commit() ends; ev->id is ignored (the store assigns it).  Returns 0
 * or -1 (the row is not stored; the caller counts it).
 */
int store_add(struct store *st, const struct wk_event *ev);

/* Number of rows added since the last commit. */
unsigned store_pending(const struct store *st);

/* Commit the open transaction, if any.  0 or -1. */
int store_commit(struct store *st);

/*
 * Walk the events matching q, newest first, calling cb for each (at most
 * q->limit).  *other_processes (may be NULL) is set to the number of other
 * processes with the same pid (other boot id or start time) that have
 * events and were not shown.  Returns the number of events passed to cb, or
 * -1 on error.
 */
int store_find_by_pid(struct store *st, const struct store_pid_query *q,
    store_event_cb cb, void *arg, uint32_t *other_processes);

/* Rows in the store, or -1. */
int64_t store_count(struct store *st);

/* The last SQLite error message, for logs. */
const char *store_errmsg(const struct store *st);

#endif
