/*
 * The store's SQL schema and its version (PRAGMA user_version).
 */
#ifndef WHOKILLED_STORE_SCHEMA_H
#define WHOKILLED_STORE_SCHEMA_H

#include <stddef.h>

#include <sqlite3.h>

#define STORE_SCHEMA_VERSION	16

/*
 * Check that the open database is a store this program can use: a schema
 * version no newer than STORE_SCHEMA_VERSION, and, for version 0, no tables
 * of some other program.  Returns 0, or -1 with errno and a message in err.
 */
int store_schema_check(sqlite3 *db, const char *path, char *err,
    size_t errlen);

/*
 * Create the tables and indexes when the database has none yet (version 0),
 * or add what later versions added to an older store (version 1: the
 * sessions and authfails tables, kills.session_id; version 2: the audit
 * event columns of kills and their unique index; version 3: the deaths
 * and daemon_runs tables; version 4: the kills index by target process;
 * version 5: kills.reached; version 6: the killer's pid namespace;
 * version 7: the indexes retention deletes by), and stamp the version,
 * in one transaction.  Returns 0, or -1 with errno and a message in err.
 */
int store_schema_create(sqlite3 *db, const char *path, char *err,
    size_t errlen);

#endif
