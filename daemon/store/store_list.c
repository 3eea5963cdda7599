/*
 * Lists of signals and ends of processes, whatever their pid.
 *
 * A list's filters are clauses of its statement's WHERE; the statement is
 * built for the set of clauses a query uses (a bit each), prepared once
 * and kept, so a filter is one more bit and one more clause, each served
 * by an index of schema version 9 (store_schema.c).  "By user" is three
 * disjoint branches, one per index: the killer's login uid; its uid where
 * that differs from the login uid; its euid where that differs from both.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_db.h"
#include "store_deaths.h"
#include "store_list.h"
#include "store_row.h"
#include "store_session.h"

enum list_clause {
	L_SIGNO = 0x01,
	L_SINCE = 0x02,
	L_UNTIL = 0x04,
	L_NAME = 0x08,
	L_GLOB = 0x10,
	L_BY = 0x20,
	L_AFTER = 0x40,
	L_EXITS = 0x80,
	L_UNIT = 0x100,
	L_NODE = 0x200,
	L_SETS = 0x400,		/* every combination */
};

/* The statements prepared so far, by table and set of clauses. */
struct store_list_cache {
	sqlite3_stmt *kills[L_SETS];
	sqlite3_stmt *deaths[L_SETS];
	sqlite3_stmt *keys;	/* keys_sql */
	sqlite3_stmt *by_id;	/* by_id_sql */
};

#define SQL_MAX	4096

/* Appends to an SQL text; a text that does not fit is caught by its user. */
__attribute__((format(printf, 3, 4)))
static void
add(char *sql, size_t size, const char *fmt, ...)
{
	size_t len = strlen(sql);
	va_list ap;

	if (len >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(sql + len, size - len, fmt, ap);
	va_end(ap);
}

/* The WHERE terms of a kills statement every branch shares. */
static void
kill_terms(char *sql, size_t size, unsigned set)
{
	add(sql, size, " WHERE 1");
	if (set & L_SIGNO)
		add(sql, size, " AND signo = :signo");
	if (set & L_SINCE)
		add(sql, size, " AND time_sec >= :since");
	if (set & L_UNTIL)
		add(sql, size, " AND time_sec <= :until");
	if (set & L_UNIT)
		add(sql, size, " AND target_unit = :unit");
	/* node != '': what kills_by_node, a partial index, is for. */
	if (set & L_NODE)
		add(sql, size, " AND node != '' AND node = :node");
	if (set & L_AFTER)
		add(sql, size, " AND id > :after");
}

#define KILLS_NEWEST	" ORDER BY time_sec DESC, time_nsec DESC, id DESC"
#define IN_ID_ORDER	" ORDER BY id"

/* The three branches of "by user", each served by its own index. */
static const char *const by_terms[] = {
	" AND killer_loginuid = :by",
	" AND killer_uid = :by AND killer_uid != killer_loginuid",
	" AND killer_euid = :by AND killer_euid != killer_uid"
	" AND killer_euid != killer_loginuid",
};

/*
 * The two branches of a NAME, each served by its own index: the comm
 * (the kernel's name, cut at 15 bytes: :comm), and the executable's base
 * name where the comm is another (renamed, or cut).  A name longer than
 * a comm (:whole 0) matches a comm's 15 bytes only where the executable
 * is not known: where it is, it says whether the rest matches.  Disjoint,
 * so that UNION ALL lists a row once.
 */
static const char *const kill_name_terms[] = {
	" AND target_comm = :comm AND (:whole OR target_exe IS NULL)",
	" AND target_exe = :name AND (target_comm IS NOT :comm OR NOT :whole)",
};
static const char *const kill_glob_terms[] = {
	" AND target_comm GLOB :name",
	" AND target_exe GLOB :name AND NOT target_comm GLOB :name",
};

static void
kills_sql(char *sql, size_t size, unsigned set)
{
	static const char *const none[] = { "" };
	const char *order = (set & L_AFTER) ? IN_ID_ORDER : KILLS_NEWEST;
	const char *const *by = none, *const *name = none;
	size_t nby = 1, nname = 1, i, j, n = 0;

	if (set & L_BY) {
		by = by_terms;
		nby = sizeof by_terms / sizeof by_terms[0];
	}
	if (set & (L_NAME | L_GLOB)) {
		name = (set & L_GLOB) ? kill_glob_terms : kill_name_terms;
		nname = 2;
	}
	sql[0] = '\0';
	if (nby * nname == 1) {
		add(sql, size, "SELECT id, " STORE_ROW_COLUMNS " FROM kills");
		kill_terms(sql, size, set);
		add(sql, size, "%s LIMIT :limit", order);
		return;
	}
	for (i = 0; i < nby; i++) {
		for (j = 0; j < nname; j++) {
			add(sql, size, "%sSELECT * FROM (SELECT id, "
			    STORE_ROW_COLUMNS " FROM kills",
			    n++ > 0 ? " UNION ALL " : "");
			kill_terms(sql, size, set);
			add(sql, size, "%s%s%s LIMIT :limit)", by[i], name[j],
			    order);
		}
	}
	add(sql, size, "%s LIMIT :limit", order);
}

/* When a process ended: its exit, else the OOM kill (as deaths_by_time). */
#define DEATH_SEC	"coalesce(exit_sec, oom_sec)"
#define DEATH_NSEC	"coalesce(exit_nsec, oom_nsec)"

/* A NAME's two branches for the ends, as kill_name_terms. */
static const char *const death_name_terms[] = {
	" AND comm = :comm AND (:whole OR exe IS NULL)",
	" AND exe = :name AND (comm IS NOT :comm OR NOT :whole)",
};
static const char *const death_glob_terms[] = {
	" AND comm GLOB :name",
	" AND exe GLOB :name AND NOT comm GLOB :name",
};

/* The WHERE terms of a deaths statement, but the name's. */
static void
death_terms(char *sql, size_t size, unsigned set)
{
	add(sql, size, " WHERE " DEATH_SEC " IS NOT NULL");
	/* A node's ends are answered by pid (--node NAME PID), not listed. */
	add(sql, size, " AND node = ''");
	/* Not a plain exit: a signal (2, 3: with core), OOM (4), status. */
	if (!(set & L_EXITS))
		add(sql, size, " AND (kind IN (2, 3, 4) OR"
		    " (kind = 1 AND status != 0))");
	if (set & L_SIGNO)
		add(sql, size, " AND ((kind IN (2, 3) AND (status & 127) ="
		    " :signo) OR (kind = 4 AND :signo = 9))");
	if (set & L_SINCE)
		add(sql, size, " AND " DEATH_SEC " >= :since");
	if (set & L_UNTIL)
		add(sql, size, " AND " DEATH_SEC " <= :until");
	if (set & L_UNIT)
		add(sql, size, " AND unit = :unit");
	if (set & L_AFTER)
		add(sql, size, " AND id > :after");
}

#define DEATHS_NEWEST \
	" ORDER BY " DEATH_SEC " DESC, " DEATH_NSEC " DESC, id DESC"

static void
deaths_sql(char *sql, size_t size, unsigned set)
{
	const char *order = (set & L_AFTER) ? IN_ID_ORDER : DEATHS_NEWEST;
	const char *const *name;
	size_t j;

	sql[0] = '\0';
	if (!(set & (L_NAME | L_GLOB))) {
		add(sql, size, "SELECT " STORE_DEATH_COLUMNS ", id FROM deaths");
		death_terms(sql, size, set);
		add(sql, size, "%s LIMIT :limit", order);
		return;
	}
	name = (set & L_GLOB) ? death_glob_terms : death_name_terms;
	for (j = 0; j < 2; j++) {
		add(sql, size, "%sSELECT * FROM (SELECT " STORE_DEATH_COLUMNS
		    ", id, " DEATH_SEC " AS end_sec, " DEATH_NSEC " AS end_nsec"
		    " FROM deaths", j > 0 ? " UNION ALL " : "");
		death_terms(sql, size, set);
		add(sql, size, "%s%s LIMIT :limit)", name[j], order);
	}
	add(sql, size, "%s LIMIT :limit", (set & L_AFTER) ? IN_ID_ORDER :
	    " ORDER BY end_sec DESC, end_nsec DESC, id DESC");
}

static const char keys_sql[] =
	"SELECT id, signo, target_uid, killer_uid, killer_euid,"
	" killer_loginuid, target_comm, target_unit, target_exe, node"
	" FROM kills"
	" WHERE id > ?1"
	" ORDER BY id LIMIT ?2";

static const char by_id_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE id = ?1";

/* The set of clauses q uses. */
static unsigned
clauses(const struct store_list_query *q)
{
	unsigned set = 0;

	if (q->signo != 0)
		set |= L_SIGNO;
	if (q->in_id_order) {
		set |= L_AFTER;
	} else {
		if (q->since != 0)
			set |= L_SINCE;
		if (q->until != 0)
			set |= L_UNTIL;
	}
	if (q->name[0] != '\0')
		set |= q->glob ? L_GLOB : L_NAME;
	if (q->unit[0] != '\0')
		set |= L_UNIT;
	if (q->node[0] != '\0')
		set |= L_NODE;
	if (q->by)
		set |= L_BY;
	if (q->exits)
		set |= L_EXITS;
	return set;
}

/* The statement of one table for set, prepared the first time. */
static sqlite3_stmt *
statement(struct store *st, int deaths, unsigned set)
{
	sqlite3_stmt **slot;
	char sql[SQL_MAX];
	int rc;

	if (st->list == NULL) {
		st->list = calloc(1, sizeof *st->list);
		if (st->list == NULL) {
			snprintf(st->errmsg, sizeof st->errmsg, "list: %s",
			    strerror(errno));
			return NULL;
		}
	}
	slot = deaths ? &st->list->deaths[set] : &st->list->kills[set];
	if (*slot != NULL)
		return *slot;
	if (deaths)
		deaths_sql(sql, sizeof sql, set);
	else
		kills_sql(sql, sizeof sql, set);
	rc = store_prepare(st->db, sql, slot);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "list");
		*slot = NULL;
		return NULL;
	}
	return *slot;
}

/* A fixed statement of the lists, prepared the first time. */
static sqlite3_stmt *
fixed(struct store *st, sqlite3_stmt **slot, const char *sql)
{
	int rc;

	if (*slot != NULL)
		return *slot;
	rc = store_prepare(st->db, sql, slot);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "list");
		*slot = NULL;
	}
	return *slot;
}

/* Binds :name to value when the statement has it; an SQLite code. */
static int
bind_int(sqlite3_stmt *stmt, const char *name, int64_t value)
{
	int i = sqlite3_bind_parameter_index(stmt, name);

	return i == 0 ? SQLITE_OK : sqlite3_bind_int64(stmt, i, value);
}

static int
bind_all(sqlite3_stmt *stmt, const struct store_list_query *q)
{
	int rc, i;

	rc = bind_int(stmt, ":signo", q->signo);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":since", q->since);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":until", q->until);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":by", q->by_uid);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":after", q->after_id);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":limit", q->limit);
	if (rc == SQLITE_OK)
		rc = bind_int(stmt, ":whole", strcmp(q->comm, q->name) == 0);
	i = sqlite3_bind_parameter_index(stmt, ":name");
	if (rc == SQLITE_OK && i != 0)
		rc = sqlite3_bind_text(stmt, i, q->name,
		    (int)strnlen(q->name, sizeof q->name), SQLITE_TRANSIENT);
	i = sqlite3_bind_parameter_index(stmt, ":comm");
	if (rc == SQLITE_OK && i != 0)
		rc = sqlite3_bind_text(stmt, i, q->comm,
		    (int)strnlen(q->comm, sizeof q->comm), SQLITE_TRANSIENT);
	i = sqlite3_bind_parameter_index(stmt, ":unit");
	if (rc == SQLITE_OK && i != 0)
		rc = sqlite3_bind_text(stmt, i, q->unit,
		    (int)strnlen(q->unit, sizeof q->unit), SQLITE_TRANSIENT);
	i = sqlite3_bind_parameter_index(stmt, ":node");
	if (rc == SQLITE_OK && i != 0)
		rc = sqlite3_bind_text(stmt, i, q->node,
		    (int)strnlen(q->node, sizeof q->node), SQLITE_TRANSIENT);
	return rc;
}

/* Resets stmt after a walk; returns ret, with errno for -1. */
static int
walk_end(struct store *st, sqlite3_stmt *stmt, int rc, int error, int ret)
{
	if (ret == -1 && error == 0)
		error = store_note_error(st, rc, "list");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (ret == -1)
		errno = error;
	return ret;
}

int
store_list_kills(struct store *st, const struct store_list_query *q,
    store_event_cb cb, void *arg)
{
	sqlite3_stmt *stmt;
	struct wk_event ev;
	int64_t session;
	int rc, n = 0, error = 0;

	stmt = statement(st, 0, clauses(q));
	if (stmt == NULL)
		return -1;
	rc = bind_all(stmt, q);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
			break;
		store_row_read(stmt, &ev);
		session = store_row_session_id(stmt);
		if (session > 0 &&
		    store_session_read(st, session, &ev.session) == -1) {
			error = errno;
			break;
		}
		n++;
		if (cb(&ev, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return walk_end(st, stmt, rc, error, rc == SQLITE_DONE ? n : -1);
}

int
store_list_deaths(struct store *st, const struct store_list_query *q,
    store_death_cb cb, void *arg)
{
	sqlite3_stmt *stmt;
	struct store_death d;
	int rc, n = 0;

	/* Ends by a sender, or of a node's process, are not stored. */
	if (q->by || q->node[0] != '\0')
		return 0;
	stmt = statement(st, 1, clauses(q));
	if (stmt == NULL)
		return -1;
	rc = bind_all(stmt, q);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
			break;
		store_death_read(stmt, &d);
		d.id = sqlite3_column_int64(stmt, STORE_DEATH_NCOLUMNS);
		n++;
		if (cb(&d, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return walk_end(st, stmt, rc, 0, rc == SQLITE_DONE ? n : -1);
}

int
store_list_kill_keys(struct store *st, int64_t after_id, uint32_t limit,
    store_kill_key_cb cb, void *arg)
{
	struct store_kill_key k;
	sqlite3_stmt *stmt;
	int rc, n = 0;

	if (statement(st, 0, 0) == NULL)
		return -1;
	stmt = fixed(st, &st->list->keys, keys_sql);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_bind_int64(stmt, 1, after_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 2, limit);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
			break;
		memset(&k, 0, sizeof k);
		k.id = sqlite3_column_int64(stmt, 0);
		k.signo = (int32_t)sqlite3_column_int64(stmt, 1);
		k.target_uid = (uint32_t)sqlite3_column_int64(stmt, 2);
		k.uid = (uint32_t)sqlite3_column_int64(stmt, 3);
		k.euid = (uint32_t)sqlite3_column_int64(stmt, 4);
		k.loginuid = (uint32_t)sqlite3_column_int64(stmt, 5);
		store_read_text(stmt, 6, k.target_comm, sizeof k.target_comm);
		store_read_text(stmt, 7, k.target_unit, sizeof k.target_unit);
		store_read_text(stmt, 8, k.target_exe, sizeof k.target_exe);
		store_read_text(stmt, 9, k.node, sizeof k.node);
		n++;
		if (cb(&k, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return walk_end(st, stmt, rc, 0, rc == SQLITE_DONE ? n : -1);
}

int
store_kill_by_id(struct store *st, int64_t id, struct wk_event *out)
{
	sqlite3_stmt *stmt;
	int64_t session;
	int rc, found = 0, error = 0;

	if (statement(st, 0, 0) == NULL)
		return -1;
	stmt = fixed(st, &st->list->by_id, by_id_sql);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_bind_int64(stmt, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_row_read(stmt, out);
		session = store_row_session_id(stmt);
		found = 1;
		rc = SQLITE_DONE;
		if (session > 0 &&
		    store_session_read(st, session, &out->session) == -1)
			error = errno;
	}
	rc = walk_end(st, stmt, rc, error, rc == SQLITE_DONE && error == 0 ?
	    found : -1);
	return rc;
}

/* The largest rowid of a table, by its statement; 0 or -1. */
static int
last_id(struct store *st, const char *sql, int64_t *id)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*id = 0;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		errno = store_note_error(st, rc, "last id");
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

int
store_last_ids(struct store *st, int64_t *kill_id, int64_t *death_id)
{
	if (last_id(st, "SELECT coalesce(max(id), 0) FROM kills",
	    kill_id) == -1)
		return -1;
	return last_id(st, "SELECT coalesce(max(id), 0) FROM deaths", death_id);
}

void
store_list_close(struct store *st)
{
	unsigned i;

	if (st->list == NULL)
		return;
	for (i = 0; i < L_SETS; i++) {
		sqlite3_finalize(st->list->kills[i]);
		sqlite3_finalize(st->list->deaths[i]);
	}
	sqlite3_finalize(st->list->keys);
	sqlite3_finalize(st->list->by_id);
	free(st->list);
	st->list = NULL;
}
