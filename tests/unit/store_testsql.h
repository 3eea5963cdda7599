/*
 * Shared by the store's unit tests: one number a store file answers (a
 * connection of its own, so only committed rows count).
 */
#ifndef WHOKILLED_TESTS_STORE_TESTSQL_H
#define WHOKILLED_TESTS_STORE_TESTSQL_H

#include <check.h>
#include <stdint.h>

#include <sqlite3.h>

static inline int64_t
test_sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int64_t v;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) ==
	    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

#endif
