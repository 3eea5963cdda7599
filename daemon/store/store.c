/*
 * Opening and closing the store: the file, its settings, its schema, and
 * every table's statements.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "store.h"
#include "store_error.h"
#include "store_checkpoint.h"
#include "store_audit.h"
#include "store_authfail.h"
#include "store_db.h"
#include "store_deaths.h"
#include "store_kills.h"
#include "store_list.h"
#include "store_prune.h"
#include "store_runs.h"
#include "store_node.h"
#include "store_requests.h"
#include "store_schema.h"
#include "store_session.h"

#define STORE_BUSY_TIMEOUT_MS	2000

/* mkdir the directory part of path, mode 0700, when it is missing. */
static int
make_parent_dir(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	char *slash;
	size_t len = strlen(path);

	if (len >= sizeof dir) {
		errno = ENAMETOOLONG;
		store_format_error(err, errlen, "%s: path too long", path);
		return -1;
	}
	memcpy(dir, path, len + 1);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		store_format_error(err, errlen, "%s: cannot create directory: %s",
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Create the file with mode 0600 so SQLite never picks the mode itself. */
static int
make_file(const char *path, char *err, size_t errlen)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd == -1) {
		store_format_error(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Ask for the WAL journal; *is_wal tells whether SQLite agreed. */
static int
enable_wal(sqlite3 *db, int *is_wal)
{
	sqlite3_stmt *stmt = NULL;
	const unsigned char *mode;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		mode = sqlite3_column_text(stmt, 0);
		*is_wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Busy timeout, WAL journal, synchronous=NORMAL (a crash may lose the last
 * commits, never corrupt the file), a 32 MiB page cache that keeps the hot
 * index pages in memory while batches are inserted, and checkpoints every
 * 10000 pages (40 MiB of WAL) rather than 1000: an index page touched by
 * many batches is then copied into the database once, not ten times.  The
 * WAL file is cut back to 64 MiB after a checkpoint when a long reader made
 * it grow.  0, or -1 with errno and a message.
 */
static int
configure(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int rc, is_wal = 0;

	rc = sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = enable_wal(db, &is_wal);
	if (rc == SQLITE_OK && is_wal)
		rc = sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL,
		    NULL);
	/*
	 * 8 MiB of page cache: the indexes' upper levels stay in it, and the
	 * kernel's page cache holds the rest; more only adds to the daemon's
	 * resident size (the RSS target is 32 MiB at 10 million events).
	 */
	if (rc == SQLITE_OK && is_wal)
		rc = sqlite3_exec(db, "PRAGMA cache_size = -8192;"
		    " PRAGMA wal_autocheckpoint = 10000;"
		    " PRAGMA journal_size_limit = 67108864", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_format_error(err, errlen, "%s: %s", path,
		    sqlite3_errmsg(db));
		errno = store_sqlite_errno(rc);
		return -1;
	}
	if (!is_wal) {
		store_format_error(err, errlen,
		    "%s: SQLite cannot use a WAL journal for this file", path);
		errno = ENOTSUP;
		return -1;
	}
	return 0;
}

/* Every table's statements, prepared at open and finalized at close. */
static const struct store_stmt_def *const tables[] = {
	store_db_stmts,
	store_kills_stmts,
	store_session_stmts,
	store_authfail_stmts,
	store_audit_stmts,
	store_deaths_stmts,
	store_runs_stmts,
	store_node_stmts,
	store_requests_stmts,
	store_prune_stmts,
};

#define NTABLES	(sizeof tables / sizeof tables[0])

/* Every statement the store runs, prepared once.  0 or -1. */
static int
prepare_all(struct store *st, const char *path, char *err,
    size_t errlen)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < NTABLES && rc == SQLITE_OK; i++)
		rc = store_stmts_prepare(st, tables[i]);
	if (rc == SQLITE_OK)
		return 0;
	store_format_error(err, errlen, "%s: cannot prepare statements: %s",
	    path, sqlite3_errmsg(st->db));
	errno = store_sqlite_errno(rc);
	return -1;
}

struct store *
store_open(const char *path, char *err, size_t errlen)
{
	struct store *st = NULL;
	int rc, saved, ok = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		store_format_error(err, errlen, "no store path given");
		return NULL;
	}
	if (make_parent_dir(path, err, errlen) == -1 ||
	    make_file(path, err, errlen) == -1)
		return NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL) {
		store_format_error(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/*
	 * No memory statistics: SQLite would take a global mutex around
	 * every allocation to keep them, 2% of the daemon's time at full
	 * ingest.  Refused (harmlessly) once SQLite is initialized.
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	rc = sqlite3_open_v2(path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		store_format_error(err, errlen, "%s: %s", path,
		    st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		errno = store_sqlite_errno(rc);
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (store_schema_check(st->db, path, err, errlen) == -1 ||
	    configure(st->db, path, err, errlen) == -1 ||
	    store_schema_create(st->db, path, err, errlen) == -1 ||
	    prepare_all(st, path, err, errlen) == -1)
		goto out;
	st->checkpointer = store_checkpointer_start(st->db, path);
	ok = 1;
out:
	if (!ok) {
		saved = errno;
		store_close(st);
		errno = saved;
		return NULL;
	}
	return st;
}

/*
 * Commits what is pending (a failure loses that batch: nobody is left to
 * tell, so callers that care call store_commit() first) and frees st.
 */
void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	if (st->commit != NULL)
		(void)store_commit(st);
	store_checkpointer_stop(st->checkpointer);
	store_list_close(st);
	for (i = NTABLES; i-- > 0;)
		store_stmts_finalize(st, tables[i]);
	sqlite3_close(st->db);
	free(st);
}

