/*
 * How processes ended: the deaths table, one row per process, into which
 * an exit and an OOM kill of the same process merge in whichever order
 * they come; and the recorded signal that ended one.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_error.h"
#include "store_db.h"
#include "store_deaths.h"
#include "store_session.h"

#include "store_row.h"

#define DEATH_COLUMNS	STORE_DEATH_COLUMNS

enum death_col {
	D_BOOT_ID, D_PID, D_START_TIME, D_PPID, D_UID, D_COMM, D_ARGS, D_KIND,
	D_EXIT_SEC, D_EXIT_NSEC, D_STATUS, D_SIGNALLED, D_PARENT_PID,
	D_PARENT_COMM, D_OOM_SEC, D_OOM_NSEC, D_OOM_SEQ, D_OOM_FLAGS,
	D_OOM_CONSTRAINT, D_OOM_MEMCG, D_OOM_TASK_MEMCG, D_OOM_TOTAL_VM,
	D_OOM_ANON_RSS, D_OOM_FILE_RSS, D_OOM_SHMEM_RSS, D_OOM_SCORE_ADJ,
	D_UNIT, D_CGROUP, D_EXE, D_NODE,
	D_COUNT
};

_Static_assert(D_COUNT == STORE_DEATH_NCOLUMNS, "store: death columns");

/*
 * The merge: a known value wins over an unknown one (0, '' or NULL), an
 * OOM kill's kind over the exit's (a SIGKILL from the OOM killer), an
 * exit's kind over "unknown", and signalled never goes back to 0.  The
 * unit and cgroup first known stay, the two together (the table's read
 * at the exec, over a later one), and so does the executable's name.
 */
static const char put_sql[] =
	"INSERT INTO deaths (" DEATH_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5,"
	" ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)"
	" ON CONFLICT (boot_id, pid, start_time, node) DO UPDATE SET"
	" ppid = CASE WHEN excluded.ppid != 0 THEN excluded.ppid ELSE ppid END,"
	" uid = CASE WHEN excluded.uid != 4294967295 THEN excluded.uid"
	"   ELSE uid END,"
	" comm = CASE WHEN excluded.comm != '' THEN excluded.comm"
	"   ELSE comm END,"
	" args = CASE WHEN excluded.args != '' THEN excluded.args"
	"   ELSE args END,"
	" kind = CASE WHEN kind = 4 OR excluded.kind = 4 THEN 4"
	"   WHEN excluded.kind = 5 AND exit_sec IS NOT NULL THEN kind"
	"   ELSE excluded.kind END,"
	" exit_sec = coalesce(excluded.exit_sec, exit_sec),"
	" exit_nsec = coalesce(excluded.exit_nsec, exit_nsec),"
	" status = coalesce(excluded.status, status),"
	" signalled = max(signalled, excluded.signalled),"
	" parent_pid = CASE WHEN excluded.parent_pid != 0"
	"   THEN excluded.parent_pid ELSE parent_pid END,"
	" parent_comm = CASE WHEN excluded.parent_pid != 0"
	"   THEN excluded.parent_comm ELSE parent_comm END,"
	" oom_sec = coalesce(excluded.oom_sec, oom_sec),"
	" oom_nsec = coalesce(excluded.oom_nsec, oom_nsec),"
	" oom_seq = coalesce(excluded.oom_seq, oom_seq),"
	" oom_flags = coalesce(excluded.oom_flags, oom_flags),"
	" oom_constraint = coalesce(excluded.oom_constraint, oom_constraint),"
	" oom_memcg = coalesce(excluded.oom_memcg, oom_memcg),"
	" oom_task_memcg = coalesce(excluded.oom_task_memcg, oom_task_memcg),"
	" oom_total_vm_kb = coalesce(excluded.oom_total_vm_kb,"
	"   oom_total_vm_kb),"
	" oom_anon_rss_kb = coalesce(excluded.oom_anon_rss_kb,"
	"   oom_anon_rss_kb),"
	" oom_file_rss_kb = coalesce(excluded.oom_file_rss_kb,"
	"   oom_file_rss_kb),"
	" oom_shmem_rss_kb = coalesce(excluded.oom_shmem_rss_kb,"
	"   oom_shmem_rss_kb),"
	" oom_score_adj = coalesce(excluded.oom_score_adj, oom_score_adj),"
	" unit = CASE WHEN cgroup IS NULL THEN excluded.unit ELSE unit END,"
	" cgroup = coalesce(cgroup, excluded.cgroup),"
	" exe = coalesce(exe, excluded.exe)";

static const char find_sql[] =
	"SELECT " DEATH_COLUMNS " FROM deaths WHERE boot_id = ?1 AND pid = ?2"
	" AND start_time = ?3 AND node = ''";

/*
 * A node's end of pid ?2: of the process started at ?3 (any when 0, as
 * for a kernel event, which does not say), the first to end at ?4 s or
 * after.
 */
static const char node_find_sql[] =
	"SELECT " DEATH_COLUMNS " FROM deaths WHERE pid = ?2 AND node = ?1"
	" AND boot_id = '' AND (?3 = 0 OR start_time = ?3)"
	" AND coalesce(exit_sec, oom_sec) >= ?4"
	" ORDER BY coalesce(exit_sec, oom_sec), coalesce(exit_nsec, oom_nsec),"
	" id LIMIT 1";

static const char latest_sql[] =
	"SELECT " DEATH_COLUMNS " FROM deaths WHERE pid = ?1 AND node = ?2"
	" ORDER BY coalesce(exit_sec, oom_sec) DESC,"
	" coalesce(exit_nsec, oom_nsec) DESC, id DESC LIMIT 1";

static const char prune_plain_sql[] =
	"DELETE FROM deaths WHERE id IN (SELECT id FROM deaths"
	" WHERE kind IN (1, 5) AND signalled = 0 AND oom_sec IS NULL"
	" ORDER BY id LIMIT ?1)";

static const char prune_any_sql[] =
	"DELETE FROM deaths WHERE id IN (SELECT id FROM deaths"
	" ORDER BY id LIMIT ?1)";

/*
 * The signal that ended a process: delivered (result 0), signal ?4, to
 * the process ?1/?2/?3 of node ?8 ('' this host) -- or to a target of pid
 * ?1 whose start time was not read, sent no earlier than ?5 -- and sent
 * no later than ?6 s ?7 ns.
 */
static const char sender_sql[] =
	"SELECT id, " STORE_ROW_COLUMNS " FROM kills WHERE target_pid = ?1"
	" AND node = ?8 AND boot_id = ?2 AND signo = ?4 AND result = 0"
	" AND (target_start_time = ?3 OR (target_start_time = 0"
	"   AND time_sec >= ?5))"
	" AND (time_sec < ?6 OR (time_sec = ?6 AND time_nsec <= ?7))"
	" ORDER BY time_sec DESC, time_nsec DESC, id DESC LIMIT 1";

/* Its statements, prepared at store_open and finalized at store_close. */
const struct store_stmt_def store_deaths_stmts[] = {
	STORE_STMT(death_put, put_sql),
	STORE_STMT(death_find, find_sql),
	STORE_STMT(death_node_find, node_find_sql),
	STORE_STMT(death_latest, latest_sql),
	STORE_STMT(death_count, "SELECT count(*) FROM deaths"),
	STORE_STMT(death_prune_plain, prune_plain_sql),
	STORE_STMT(death_prune_any, prune_any_sql),
	STORE_STMT(death_sender, sender_sql),
	STORE_STMT_END
};

static void
bind(struct store_binder *b, enum death_col col, int64_t v)
{
	store_bind_int(b, (int)col + 1, v);
}

static void
bind_text(struct store_binder *b, enum death_col col,
    const char *field, size_t size)
{
	store_bind_text(b, (int)col + 1, field, size);
}

static void
bind_null(struct store_binder *b, enum death_col col)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_null(b->stmt, (int)col + 1);
}

/* The OOM columns of d, or NULLs when it holds no OOM kill. */
static void
bind_oom(struct store_binder *b, const struct store_death *d)
{
	const struct wk_death_oom *o = &d->oom;
	int c;

	if (!d->has_oom) {
		for (c = D_OOM_SEC; c <= D_OOM_SCORE_ADJ; c++)
			bind_null(b, (enum death_col)c);
		return;
	}
	bind(b, D_OOM_SEC, o->time.sec);
	bind(b, D_OOM_NSEC, o->time.nsec);
	bind(b, D_OOM_SEQ, (int64_t)d->oom_seq);
	bind(b, D_OOM_FLAGS, d->oom_flags);
	bind_text(b, D_OOM_CONSTRAINT, o->constraint, sizeof o->constraint);
	bind_text(b, D_OOM_MEMCG, o->memcg, sizeof o->memcg);
	bind_text(b, D_OOM_TASK_MEMCG, o->task_memcg, sizeof o->task_memcg);
	bind(b, D_OOM_TOTAL_VM, (int64_t)o->total_vm_kb);
	bind(b, D_OOM_ANON_RSS, (int64_t)o->anon_rss_kb);
	bind(b, D_OOM_FILE_RSS, (int64_t)o->file_rss_kb);
	bind(b, D_OOM_SHMEM_RSS, (int64_t)o->shmem_rss_kb);
	bind(b, D_OOM_SCORE_ADJ, o->score_adj);
}

int
store_death_put(struct store *st, const struct store_death *d)
{
	struct store_binder b = { st->death_put, SQLITE_OK };

	if (d->kind < STORE_DEATH_EXITED || d->kind > STORE_DEATH_UNKNOWN ||
	    d->pid <= 0) {
		store_format_error(st->errmsg, sizeof st->errmsg,
		    "death: kind %u or pid %d out of bounds", d->kind,
		    (int)d->pid);
		errno = EINVAL;
		return -1;
	}
	bind_text(&b, D_BOOT_ID, d->boot_id, sizeof d->boot_id);
	bind(&b, D_PID, d->pid);
	bind(&b, D_START_TIME, (int64_t)d->start_time);
	bind(&b, D_PPID, d->ppid);
	bind(&b, D_UID, d->uid);
	bind_text(&b, D_COMM, d->comm, sizeof d->comm);
	bind_text(&b, D_ARGS, d->args, sizeof d->args);
	bind(&b, D_KIND, d->kind);
	if (d->exit_known) {
		bind(&b, D_EXIT_SEC, d->time.sec);
		bind(&b, D_EXIT_NSEC, d->time.nsec);
		bind(&b, D_STATUS, d->status);
	} else {
		bind_null(&b, D_EXIT_SEC);
		bind_null(&b, D_EXIT_NSEC);
		bind_null(&b, D_STATUS);
	}
	bind(&b, D_SIGNALLED, d->signalled != 0);
	bind(&b, D_PARENT_PID, d->parent_pid);
	bind_text(&b, D_PARENT_COMM, d->parent_comm, sizeof d->parent_comm);
	bind_oom(&b, d);
	store_bind_text_or_null(&b, D_UNIT + 1, d->cgroup.unit,
	    sizeof d->cgroup.unit);
	store_bind_text_or_null(&b, D_CGROUP + 1, d->cgroup.path,
	    sizeof d->cgroup.path);
	store_bind_text_or_null(&b, D_EXE + 1, d->exe, sizeof d->exe);
	bind_text(&b, D_NODE, d->node, sizeof d->node);
	if (b.rc != SQLITE_OK) {
		errno = store_note_error(st, b.rc, "death");
		sqlite3_reset(st->death_put);
		return -1;
	}
	if (store_write(st, st->death_put, "death", NULL) == -1)
		return -1;
	st->pending++;
	return 0;
}

static int64_t
col_int(sqlite3_stmt *stmt, enum death_col col)
{
	return sqlite3_column_int64(stmt, (int)col);
}

static int
col_null(sqlite3_stmt *stmt, enum death_col col)
{
	return sqlite3_column_type(stmt, (int)col) == SQLITE_NULL;
}

static void
col_text(sqlite3_stmt *stmt, enum death_col col, char *field,
    size_t size)
{
	store_read_text(stmt, (int)col, field, size);
}

void
store_death_read(sqlite3_stmt *stmt, struct store_death *d)
{
	struct wk_death_oom *o = &d->oom;

	memset(d, 0, sizeof *d);
	col_text(stmt, D_BOOT_ID, d->boot_id, sizeof d->boot_id);
	d->pid = (int32_t)col_int(stmt, D_PID);
	d->start_time = (uint64_t)col_int(stmt, D_START_TIME);
	d->ppid = (int32_t)col_int(stmt, D_PPID);
	d->uid = (uint32_t)col_int(stmt, D_UID);
	col_text(stmt, D_COMM, d->comm, sizeof d->comm);
	col_text(stmt, D_ARGS, d->args, sizeof d->args);
	d->kind = (uint32_t)col_int(stmt, D_KIND);
	d->exit_known = !col_null(stmt, D_EXIT_SEC) &&
	    !col_null(stmt, D_STATUS);
	if (d->exit_known) {
		d->time.sec = col_int(stmt, D_EXIT_SEC);
		d->time.nsec = col_int(stmt, D_EXIT_NSEC);
		d->status = (uint32_t)col_int(stmt, D_STATUS);
	}
	d->signalled = col_int(stmt, D_SIGNALLED) != 0;
	d->parent_pid = (int32_t)col_int(stmt, D_PARENT_PID);
	col_text(stmt, D_PARENT_COMM, d->parent_comm, sizeof d->parent_comm);
	col_text(stmt, D_UNIT, d->cgroup.unit, sizeof d->cgroup.unit);
	col_text(stmt, D_CGROUP, d->cgroup.path, sizeof d->cgroup.path);
	col_text(stmt, D_EXE, d->exe, sizeof d->exe);
	col_text(stmt, D_NODE, d->node, sizeof d->node);
	d->has_oom = !col_null(stmt, D_OOM_SEC);
	if (!d->has_oom)
		return;
	o->time.sec = col_int(stmt, D_OOM_SEC);
	o->time.nsec = col_int(stmt, D_OOM_NSEC);
	d->oom_seq = (uint64_t)col_int(stmt, D_OOM_SEQ);
	d->oom_flags = (uint32_t)col_int(stmt, D_OOM_FLAGS);
	col_text(stmt, D_OOM_CONSTRAINT, o->constraint, sizeof o->constraint);
	col_text(stmt, D_OOM_MEMCG, o->memcg, sizeof o->memcg);
	col_text(stmt, D_OOM_TASK_MEMCG, o->task_memcg, sizeof o->task_memcg);
	o->total_vm_kb = (uint64_t)col_int(stmt, D_OOM_TOTAL_VM);
	o->anon_rss_kb = (uint64_t)col_int(stmt, D_OOM_ANON_RSS);
	o->file_rss_kb = (uint64_t)col_int(stmt, D_OOM_FILE_RSS);
	o->shmem_rss_kb = (uint64_t)col_int(stmt, D_OOM_SHMEM_RSS);
	o->score_adj = (int32_t)col_int(stmt, D_OOM_SCORE_ADJ);
}

/* Step a bound SELECT of one death: 1 with *out, 0, or -1; resets it. */
static int
step_one(struct store *st, sqlite3_stmt *stmt, int rc,
    struct store_death *out, const char *what)
{
	int found = 0, error = 0;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_death_read(stmt, out);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, what);
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}

int
store_death_find(struct store *st, const char *boot_id, int32_t pid,
    uint64_t start_time, struct store_death *out)
{
	struct store_binder b = { st->death_find, SQLITE_OK };

	store_bind_text(&b, 1, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 2, pid);
	store_bind_int(&b, 3, (int64_t)start_time);
	return step_one(st, st->death_find, b.rc, out, "death lookup");
}

int
store_death_of_node(struct store *st, const char *node, int32_t pid,
    uint64_t start_time, int64_t not_before, struct store_death *out)
{
	struct store_binder b = { st->death_node_find, SQLITE_OK };

	store_bind_text(&b, 1, node, WK_NODE_MAX);
	store_bind_int(&b, 2, pid);
	store_bind_int(&b, 3, (int64_t)start_time);
	store_bind_int(&b, 4, not_before);
	return step_one(st, st->death_node_find, b.rc, out, "node's death");
}

int
store_death_latest(struct store *st, const char *node, int32_t pid,
    struct store_death *out)
{
	struct store_binder b = { st->death_latest, SQLITE_OK };

	store_bind_int(&b, 1, pid);
	store_bind_text(&b, 2, node, WK_NODE_MAX);
	return step_one(st, st->death_latest, b.rc, out, "latest death");
}

int64_t
store_deaths_count(struct store *st)
{
	int64_t rows = -1;
	int rc, error = 0;

	rc = sqlite3_step(st->death_count);
	if (rc == SQLITE_ROW)
		rows = sqlite3_column_int64(st->death_count, 0);
	else
		error = store_note_error(st, rc, "death count");
	sqlite3_reset(st->death_count);
	if (rows == -1)
		errno = error;
	return rows;
}

/* Run one prune statement for n rows; the rows deleted, or -1. */
static int64_t
prune_step(struct store *st, sqlite3_stmt *stmt, int64_t n)
{
	int changes = 0, rc;

	rc = sqlite3_bind_int64(stmt, 1, n);
	if (rc != SQLITE_OK) {
		errno = store_note_error(st, rc, "death prune");
		return -1;
	}
	if (store_write(st, stmt, "death prune", &changes) == -1)
		return -1;
	return changes;
}

int64_t
store_deaths_prune(struct store *st, uint64_t max)
{
	int64_t rows = store_deaths_count(st), gone, more;

	if (rows == -1)
		return -1;
	if ((uint64_t)rows <= max)
		return 0;
	gone = prune_step(st, st->death_prune_plain, rows - (int64_t)max);
	if (gone == -1)
		return -1;
	if (rows - gone <= (int64_t)max)
		return gone;
	more = prune_step(st, st->death_prune_any, rows - gone - (int64_t)max);
	return more == -1 ? -1 : gone + more;
}

int
store_find_sender(struct store *st, const char *node, const char *boot_id,
    int32_t pid, uint64_t start_time, int64_t not_before, int32_t signo,
    const struct wk_time *until, struct wk_event *out)
{
	sqlite3_stmt *stmt = st->death_sender;
	struct store_binder b = { stmt, SQLITE_OK };
	int64_t session = 0;
	int rc, found = 0, error = 0;

	store_bind_int(&b, 1, pid);
	store_bind_text(&b, 2, boot_id, WK_BOOT_ID_MAX);
	store_bind_int(&b, 3, (int64_t)start_time);
	store_bind_int(&b, 4, signo);
	store_bind_int(&b, 5, not_before);
	store_bind_int(&b, 6, until->sec);
	store_bind_int(&b, 7, until->nsec);
	store_bind_text(&b, 8, node, WK_NODE_MAX);
	rc = b.rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_row_read(stmt, out);
		session = store_row_session_id(stmt);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		error = store_note_error(st, rc, "sender lookup");
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (error == 0 && session > 0 &&
	    store_session_read(st, session, &out->session) == -1)
		error = errno;
	if (error != 0) {
		errno = error;
		return -1;
	}
	return found;
}
