/*
 * The checkpoint thread (store_checkpoint.h): it sleeps on a condition
 * the writer's WAL hook signals, checkpoints, and sleeps again.
 */
#include <pthread.h>
#include <stdlib.h>

#include "daemon/base/log.h"
#include "daemon/base/privdrop.h"
#include "store_checkpoint.h"

struct store_checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int due, stop;		/* under lock */
	sqlite3 *writer;	/* the connection whose WAL hook this is */
	sqlite3 *db;		/* the thread's own connection */
};

/* Runs in the writer's thread after each commit. */
static int
on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store_checkpointer *c = arg;

	(void)name;
	/*
	 * The WAL starts again from its beginning only when a write begins
	 * with every frame copied, and under steady ingest the next batch
	 * begins before the thread is done.  Past the cap the writer copies
	 * the rest itself (little: the thread did the most), so the next
	 * batch rewinds the WAL and it stays bounded.
	 */
	if (pages >= STORE_CHECKPOINT_CAP_PAGES) {
		(void)sqlite3_wal_checkpoint_v2(db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	if (pages >= STORE_CHECKPOINT_PAGES) {
		pthread_mutex_lock(&c->lock);
		c->due = 1;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

static void *
run(void *arg)
{
	struct store_checkpointer *c = arg;
	char msg[256];

	/*
	 * Capabilities belong to each thread: this one needs none (it writes
	 * the store's own file), and drops them all at once, whatever the
	 * main thread keeps later (privdrop.h).  A failure leaves it as
	 * privileged as the daemon was at start, no worse.
	 */
	if (privdrop_keep(0, msg, sizeof msg) == -1)
		log_debug("checkpoint thread: %s", msg);
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->due && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stop)
			break;
		c->due = 0;
		pthread_mutex_unlock(&c->lock);
		/* PASSIVE: copies what no reader needs, never waits.  A
		 * failure (a full disk) loses nothing: the WAL keeps it. */
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct store_checkpointer *
store_checkpointer_start(sqlite3 *db,
    const char *path)
{
	struct store_checkpointer *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->writer = db;
	/* A connection learns the file is in WAL mode when it first reads. */
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL) != SQLITE_OK)
		goto fail;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, run, c) != 0) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		goto fail;
	}
	/* Replaces SQLite's automatic checkpoint, which is a WAL hook too. */
	sqlite3_wal_hook(db, on_commit, c);
	return c;
fail:
	sqlite3_close(c->db);
	free(c);
	return NULL;
}

void
store_checkpointer_stop(struct store_checkpointer *c)
{
	if (c == NULL)
		return;
	sqlite3_wal_hook(c->writer, NULL, NULL);
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	sqlite3_close(c->db);
	free(c);
}
