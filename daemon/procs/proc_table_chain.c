/*
 * Chains from the process table, in the shape procinfo_chain expects.
 */
#include <errno.h>
#include <string.h>

#include "daemon/base/clock_convert.h"
#include "procinfo.h"
#include "proc_snapshot.h"
#include "proc_table_chain.h"

/* Entries whose identity or program the table may have wrong. */
#define PROC_F_UNSURE	(PROC_F_STALE | PROC_F_START_UNKNOWN)

struct proc_entry *
proc_table_current(struct proc_table *t, int32_t pid, uint64_t now_ns)
{
	struct proc_entry *e = proc_table_live(t, pid);
	struct proc_entry r;
	int zombie;

	if (e == NULL || e->start_time == 0 || (e->flags & PROC_F_UNSURE))
		return NULL;
	if (e->checked_ns != 0 && now_ns >= e->checked_ns &&
	    now_ns - e->checked_ns < PROC_TABLE_FRESH_NS)
		return e;
	r = *e;
	if (proc_snapshot_read(pid, PROC_READ_AUDIT | PROC_READ_ARGS, &r,
	    &zombie) == -1 || zombie || r.start_time != e->start_time)
		return NULL;
	e->loginuid = r.loginuid;
	e->sessionid = r.sessionid;
	e->pgid = r.pgid;
	e->sid = r.sid;
	e->tty_nr = r.tty_nr;
	memcpy(e->comm, r.comm, sizeof e->comm);
	memcpy(e->args, r.args, sizeof e->args);
	e->checked_ns = now_ns;
	return e;
}

int
proc_table_reader(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	struct proc_table_walk *w = arg;
	const struct proc_entry *e;
	struct wk_chain_entry live;

	if (w->now_ns == 0)
		w->now_ns = clock_mono_now_ns();
	e = proc_table_current(w->table, pid, w->now_ns);
	if (e != NULL && (w->child_start == 0 ||
	    e->start_time <= w->child_start)) {
		proc_entry_to_chain(e, out);
		w->child_start = out->start_time;
		return 0;
	}
	if (procinfo_read(pid, &live, NULL) == 0 &&
	    (w->child_start == 0 || live.start_time <= w->child_start)) {
		*out = live;
		e = proc_table_find_exact(w->table, pid, live.start_time);
		if (e != NULL && e->ppid > 0)
			out->ppid = e->ppid;
		if (e != NULL && out->args[0] == '\0')
			memcpy(out->args, e->args, sizeof out->args);
	} else {
		e = proc_table_find_before(w->table, pid, w->child_start);
		if (e == NULL) {
			errno = ESRCH;
			return -1;
		}
		proc_entry_to_chain(e, out);
	}
	w->child_start = out->start_time;
	return 0;
}

unsigned
proc_table_chain(struct proc_table *t, int32_t ppid,
    uint64_t child_start, struct wk_chain_entry *chain, unsigned max)
{
	struct proc_table_walk w = { .table = t, .child_start = child_start };

	return procinfo_chain(ppid, child_start, proc_table_reader, &w, chain,
	    max);
}

int
proc_table_parent(const struct proc_table *t, int32_t pid,
    uint64_t start_time, int32_t *ppid)
{
	const struct proc_entry *e = proc_table_find_exact(t, pid, start_time);
	struct procinfo_stat st;

	if (e != NULL && e->ppid > 0) {
		*ppid = e->ppid;
		return 0;
	}
	if (procinfo_read_stat(pid, &st) == -1)
		return -1;
	if (st.start_time != start_time) {
		errno = ESRCH;
		return -1;
	}
	*ppid = st.ppid;
	return 0;
}
