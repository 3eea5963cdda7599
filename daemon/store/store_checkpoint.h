/*
 * WAL checkpoints off the ingest path.  SQLite's automatic checkpoint runs
 * inside the commit that crosses its threshold: it copies the WAL back
 * into the database and syncs it, stalling ingest for tens of
 * milliseconds, long enough for a 4096-deep report queue to overflow at
 * 50,000 reports/s (measured).  Instead a thread of the store, on a
 * connection of its own, runs a PASSIVE checkpoint (which never blocks
 * the writer) whenever a commit leaves STORE_CHECKPOINT_PAGES or more in
 * the WAL (and the writer finishes the job itself at
 * STORE_CHECKPOINT_CAP_PAGES, so the WAL cannot grow without bound).
 * Should the thread or its connection not start, SQLite's
 * automatic checkpoint stays on: slower, nothing lost.
 */
#ifndef WHOKILLED_DAEMON_STORE_CHECKPOINT_H
#define WHOKILLED_DAEMON_STORE_CHECKPOINT_H

#include <sqlite3.h>

#define STORE_CHECKPOINT_PAGES	4096
/* Where the writer checkpoints itself to keep the WAL bounded (64 MiB). */
#define STORE_CHECKPOINT_CAP_PAGES	(4 * STORE_CHECKPOINT_PAGES)

struct store_checkpointer;

/*
 * Starts checkpointing the database at path for the connection db (which
 * stays in the caller's thread).  Returns the checkpointer, or NULL when
 * it could not start (db keeps its automatic checkpoint).
 */
struct store_checkpointer *store_checkpointer_start(sqlite3 *db,
    const char *path);

/* Stops the thread, closes its connection, frees c (NULL: nothing). */
void store_checkpointer_stop(struct store_checkpointer *c);

#endif
