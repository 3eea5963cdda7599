#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "whokilled/wire.h"
#include "store_chain.h"
#include "store_row.h"

void
store_bind_int(struct store_binder *b, int param, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_int64(b->stmt, param, v);
}

void
store_bind_text(struct store_binder *b, int param, const char *field,
    size_t size)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_text(b->stmt, param, field,
		    (int)strnlen(field, size), SQLITE_STATIC);
}

void
store_bind_text_or_null(struct store_binder *b, int param,
    const char *field, size_t size)
{
	if (field[0] != '\0')
		store_bind_text(b, param, field, size);
	else if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_null(b->stmt, param);
}

void
store_bind_blob(struct store_binder *b, int param, const void *data,
    size_t len)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_blob(b->stmt, param, data, (int)len,
		    SQLITE_STATIC);
}

void
store_bind_chain(struct store_binder *b, int param,
    const struct wk_chain_entry *chain, uint32_t n)
{
	unsigned char packed[STORE_CHAIN_PACKED_MAX];
	size_t len = store_chain_pack(chain, n, packed);

	/* Copied by SQLite: the buffer ends with this call. */
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_blob(b->stmt, param, packed, (int)len,
		    SQLITE_TRANSIENT);
}

/* The kills table's columns are parameters col + 1. */
static void
bind_int(struct store_binder *b, enum store_col col, int64_t v)
{
	store_bind_int(b, (int)col + 1, v);
}

static void
bind_text(struct store_binder *b, enum store_col col,
    const char *field, size_t size)
{
	store_bind_text(b, (int)col + 1, field, size);
}

static void
bind_blob(struct store_binder *b, enum store_col col,
    const void *data, size_t len)
{
	store_bind_blob(b, (int)col + 1, data, len);
}

int
store_row_bind(sqlite3_stmt *stmt, const struct wk_event *ev,
    int64_t session_id)
{
	const struct wk_kill_report *r = &ev->report;
	const struct wk_caller *c = &r->caller;
	const struct wk_target *t = &r->target;
	struct store_binder b = { stmt, SQLITE_OK };

	bind_text(&b, STORE_COL_BOOT_ID, ev->boot_id, sizeof ev->boot_id);
	bind_int(&b, STORE_COL_TIME_SEC, r->time.sec);
	bind_int(&b, STORE_COL_TIME_NSEC, r->time.nsec);
	bind_int(&b, STORE_COL_CALL, r->call);
	bind_int(&b, STORE_COL_SIGNO, r->signo);
	bind_int(&b, STORE_COL_RESULT, r->result);
	bind_int(&b, STORE_COL_ERROR, r->error);
	bind_int(&b, STORE_COL_SOURCES,
	    ev->sources | (session_id > 0 ? WK_SRC_PAM : 0));
	bind_int(&b, STORE_COL_FLAGS, r->flags);
	bind_int(&b, STORE_COL_DROPPED, r->hdr.dropped);

	bind_int(&b, STORE_COL_TARGET_PID, t->pid);
	bind_int(&b, STORE_COL_TARGET_START_TIME, (int64_t)t->start_time);
	bind_int(&b, STORE_COL_TARGET_UID, t->uid);
	bind_text(&b, STORE_COL_TARGET_COMM, t->comm, sizeof t->comm);
	bind_int(&b, STORE_COL_TARGET_PPID, t->ppid);
	bind_int(&b, STORE_COL_ARG_PID, r->arg_pid);
	bind_int(&b, STORE_COL_ARG_TID, r->arg_tid);

	bind_int(&b, STORE_COL_KILLER_PID, c->pid);
	bind_int(&b, STORE_COL_KILLER_PPID, c->ppid);
	bind_int(&b, STORE_COL_KILLER_TID, c->tid);
	bind_int(&b, STORE_COL_KILLER_START_TIME, (int64_t)c->start_time);
	bind_int(&b, STORE_COL_KILLER_UID, c->uid);
	bind_int(&b, STORE_COL_KILLER_EUID, c->euid);
	bind_int(&b, STORE_COL_KILLER_SUID, c->suid);
	bind_int(&b, STORE_COL_KILLER_GID, c->gid);
	bind_int(&b, STORE_COL_KILLER_EGID, c->egid);
	bind_int(&b, STORE_COL_KILLER_SGID, c->sgid);
	bind_int(&b, STORE_COL_KILLER_LOGINUID, c->loginuid);
	bind_int(&b, STORE_COL_KILLER_SESSIONID, c->sessionid);
	bind_int(&b, STORE_COL_KILLER_SID, c->sid);
	bind_int(&b, STORE_COL_KILLER_PGID, c->pgid);
	bind_int(&b, STORE_COL_KILLER_TTY_NR, c->tty_nr);
	bind_text(&b, STORE_COL_KILLER_TTY, ev->tty, sizeof ev->tty);
	bind_text(&b, STORE_COL_KILLER_COMM, c->comm, sizeof c->comm);
	bind_text(&b, STORE_COL_KILLER_EXE, c->exe, sizeof c->exe);
	bind_int(&b, STORE_COL_KILLER_ARGC, c->argc);
	bind_blob(&b, STORE_COL_KILLER_ARGV, ev->argv, c->argv_len);
	store_bind_argv_cut(&b, STORE_COL_ARGV_CUT_HEAD + 1, c);
	store_bind_chain(&b, STORE_COL_CHAIN + 1, ev->chain, ev->chain_len);
	bind_int(&b, STORE_COL_PID_NS, (int64_t)ev->pid_ns.id);
	bind_int(&b, STORE_COL_KILLER_NS_PID, ev->pid_ns.caller_pid);
	bind_int(&b, STORE_COL_TARGET_NS_PID, ev->pid_ns.target_pid);
	if (session_id > 0)
		bind_int(&b, STORE_COL_SESSION_ID, session_id);
	else if (b.rc == SQLITE_OK)
		b.rc = sqlite3_bind_null(stmt, STORE_COL_SESSION_ID + 1);
	bind_int(&b, STORE_COL_REACHED, r->reached);
	store_bind_text_or_null(&b, STORE_COL_TARGET_UNIT + 1,
	    ev->target_cgroup.unit, sizeof ev->target_cgroup.unit);
	store_bind_text_or_null(&b, STORE_COL_TARGET_CGROUP + 1,
	    ev->target_cgroup.path, sizeof ev->target_cgroup.path);
	store_bind_text_or_null(&b, STORE_COL_TARGET_EXE + 1, ev->target_exe,
	    sizeof ev->target_exe);
	bind_text(&b, STORE_COL_NODE, ev->node, sizeof ev->node);
	/* A node's session has no row in this host's sessions table: the
	 * node's word on it is kept with the kill. */
	if (ev->node[0] != '\0' && (ev->session.flags & WK_SI_KNOWN))
		bind_blob(&b, STORE_COL_NODE_SESSION, &ev->session,
		    sizeof ev->session);
	else if (b.rc == SQLITE_OK)
		b.rc = sqlite3_bind_null(stmt, STORE_COL_NODE_SESSION + 1);
	return b.rc;
}

static int64_t
read_int(sqlite3_stmt *stmt, enum store_col col)
{
	return sqlite3_column_int64(stmt, (int)col + 1);
}

static void
read_text(sqlite3_stmt *stmt, enum store_col col, char *field,
    size_t size)
{
	store_read_text(stmt, (int)col + 1, field, size);
}

void
store_read_text(sqlite3_stmt *stmt, int col, char *field, size_t size)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	size_t len = (size_t)sqlite3_column_bytes(stmt, col);

	if (text == NULL)
		len = 0;
	if (len > size - 1)
		len = size - 1;
	if (len > 0)
		memcpy(field, text, len);
	field[len] = '\0';
}

void
store_read_argv(sqlite3_stmt *stmt, int col, struct wk_caller *c,
    char *argv)
{
	const void *blob = sqlite3_column_blob(stmt, col);
	size_t len = (size_t)sqlite3_column_bytes(stmt, col);

	if (blob == NULL)
		len = 0;
	if (len > WK_ARGV_MAX)
		len = WK_ARGV_MAX;
	if (len > 0)
		memcpy(argv, blob, len);
	if (len > 0 && argv[len - 1] != '\0') {
		if (len < WK_ARGV_MAX)
			len++;
		argv[len - 1] = '\0';
	}
	c->argv_len = (uint32_t)len;
}

void
store_bind_argv_cut(struct store_binder *b, int param,
    const struct wk_caller *c)
{
	store_bind_int(b, param, c->argv_cut.head);
	store_bind_int(b, param + 1, c->argv_cut.flags);
	store_bind_int(b, param + 2, c->argv_cut.args);
	store_bind_int(b, param + 3, (int64_t)c->argv_cut.bytes);
}

void
store_read_argv_cut(sqlite3_stmt *stmt, int col, struct wk_caller *c,
    uint32_t flags, const char *argv)
{
	const char *why;

	c->argv_cut.head = (uint32_t)sqlite3_column_int64(stmt, col);
	c->argv_cut.flags = (uint32_t)sqlite3_column_int64(stmt, col + 1);
	c->argv_cut.args = (uint32_t)sqlite3_column_int64(stmt, col + 2);
	c->argv_cut.bytes = (uint64_t)sqlite3_column_int64(stmt, col + 3);
	c->argv_cut.reserved = 0;
	if (!wk_argv_valid(c, flags, argv, &why))
		memset(&c->argv_cut, 0, sizeof c->argv_cut);
}

uint32_t
store_read_chain(sqlite3_stmt *stmt, int col,
    struct wk_chain_entry *chain)
{
	return store_chain_unpack(sqlite3_column_blob(stmt, col),
	    (size_t)sqlite3_column_bytes(stmt, col), chain);
}

/* The node's session blob, when whole; its strings are terminated. */
static void
read_node_session(sqlite3_stmt *stmt, struct wk_session_info *si)
{
	const void *blob = sqlite3_column_blob(stmt, STORE_COL_NODE_SESSION + 1);

	if (blob == NULL || (size_t)sqlite3_column_bytes(stmt,
	    STORE_COL_NODE_SESSION + 1) != sizeof *si)
		return;
	memcpy(si, blob, sizeof *si);
	si->user[sizeof si->user - 1] = '\0';
	si->service[sizeof si->service - 1] = '\0';
	si->tty[sizeof si->tty - 1] = '\0';
	si->rhost[sizeof si->rhost - 1] = '\0';
	si->ruser[sizeof si->ruser - 1] = '\0';
	si->flags &= WK_SF_ALL | WK_SI_KNOWN | WK_SI_CLOSED;
}

void
store_row_read(sqlite3_stmt *stmt, struct wk_event *ev)
{
	struct wk_kill_report *r = &ev->report;
	struct wk_caller *c = &r->caller;
	struct wk_target *t = &r->target;

	memset(ev, 0, WK_EVENT_FIXED);
	wk_reply_init(&ev->hdr, WK_R_EVENT, sizeof *ev);
	wk_report_init(r);
	ev->id = sqlite3_column_int64(stmt, 0);

	read_text(stmt, STORE_COL_BOOT_ID, ev->boot_id, sizeof ev->boot_id);
	r->time.sec = read_int(stmt, STORE_COL_TIME_SEC);
	r->time.nsec = read_int(stmt, STORE_COL_TIME_NSEC);
	r->call = (uint32_t)read_int(stmt, STORE_COL_CALL);
	r->signo = (int32_t)read_int(stmt, STORE_COL_SIGNO);
	r->result = (int32_t)read_int(stmt, STORE_COL_RESULT);
	r->error = (int32_t)read_int(stmt, STORE_COL_ERROR);
	ev->sources = (uint32_t)read_int(stmt, STORE_COL_SOURCES);
	r->flags = (uint32_t)read_int(stmt, STORE_COL_FLAGS);
	r->hdr.dropped = (uint32_t)read_int(stmt, STORE_COL_DROPPED);

	t->pid = (int32_t)read_int(stmt, STORE_COL_TARGET_PID);
	t->start_time = (uint64_t)read_int(stmt, STORE_COL_TARGET_START_TIME);
	t->uid = (uint32_t)read_int(stmt, STORE_COL_TARGET_UID);
	read_text(stmt, STORE_COL_TARGET_COMM, t->comm, sizeof t->comm);
	t->ppid = (int32_t)read_int(stmt, STORE_COL_TARGET_PPID);
	r->arg_pid = (int32_t)read_int(stmt, STORE_COL_ARG_PID);
	r->arg_tid = (int32_t)read_int(stmt, STORE_COL_ARG_TID);

	c->pid = (int32_t)read_int(stmt, STORE_COL_KILLER_PID);
	c->ppid = (int32_t)read_int(stmt, STORE_COL_KILLER_PPID);
	c->tid = (int32_t)read_int(stmt, STORE_COL_KILLER_TID);
	c->start_time = (uint64_t)read_int(stmt, STORE_COL_KILLER_START_TIME);
	c->uid = (uint32_t)read_int(stmt, STORE_COL_KILLER_UID);
	c->euid = (uint32_t)read_int(stmt, STORE_COL_KILLER_EUID);
	c->suid = (uint32_t)read_int(stmt, STORE_COL_KILLER_SUID);
	c->gid = (uint32_t)read_int(stmt, STORE_COL_KILLER_GID);
	c->egid = (uint32_t)read_int(stmt, STORE_COL_KILLER_EGID);
	c->sgid = (uint32_t)read_int(stmt, STORE_COL_KILLER_SGID);
	c->loginuid = (uint32_t)read_int(stmt, STORE_COL_KILLER_LOGINUID);
	c->sessionid = (uint32_t)read_int(stmt, STORE_COL_KILLER_SESSIONID);
	c->sid = (int32_t)read_int(stmt, STORE_COL_KILLER_SID);
	c->pgid = (int32_t)read_int(stmt, STORE_COL_KILLER_PGID);
	c->tty_nr = (int32_t)read_int(stmt, STORE_COL_KILLER_TTY_NR);
	read_text(stmt, STORE_COL_KILLER_TTY, ev->tty, sizeof ev->tty);
	read_text(stmt, STORE_COL_KILLER_COMM, c->comm, sizeof c->comm);
	read_text(stmt, STORE_COL_KILLER_EXE, c->exe, sizeof c->exe);
	c->argc = (uint32_t)read_int(stmt, STORE_COL_KILLER_ARGC);
	store_read_argv(stmt, STORE_COL_KILLER_ARGV + 1, c, ev->argv);
	store_read_argv_cut(stmt, STORE_COL_ARGV_CUT_HEAD + 1, c, r->flags,
	    ev->argv);
	ev->chain_len = store_read_chain(stmt, STORE_COL_CHAIN + 1, ev->chain);
	r->reached = (uint32_t)read_int(stmt, STORE_COL_REACHED);
	ev->pid_ns.id = (uint64_t)read_int(stmt, STORE_COL_PID_NS);
	ev->pid_ns.caller_pid = (int32_t)read_int(stmt, STORE_COL_KILLER_NS_PID);
	ev->pid_ns.target_pid = (int32_t)read_int(stmt, STORE_COL_TARGET_NS_PID);
	read_text(stmt, STORE_COL_TARGET_UNIT, ev->target_cgroup.unit,
	    sizeof ev->target_cgroup.unit);
	read_text(stmt, STORE_COL_TARGET_CGROUP, ev->target_cgroup.path,
	    sizeof ev->target_cgroup.path);
	read_text(stmt, STORE_COL_TARGET_EXE, ev->target_exe,
	    sizeof ev->target_exe);
	read_text(stmt, STORE_COL_NODE, ev->node, sizeof ev->node);
	read_node_session(stmt, &ev->session);
}

int64_t
store_row_session_id(sqlite3_stmt *stmt)
{
	int col = STORE_COL_SESSION_ID + 1;

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return 0;
	return sqlite3_column_int64(stmt, col);
}
