/*
 * The processes of a group kill: found in the process table or /proc,
 * stored as rows of their own.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon/base/clock_convert.h"
#include "daemon/procs/proc_snapshot.h"
#include "daemon/procs/proc_target.h"
#include "ingest_backlog.h"
#include "ingest_group.h"

/* The group r's call addressed: > 0 a process group, -1 every process,
 * 0 none (a single process, or an argument no group has). */
static int32_t
addressed_group(const struct wk_kill_report *r)
{
	if (r->flags & WK_F_TARGET_ALL)
		return -1;
	if (!(r->flags & WK_F_TARGET_GROUP))
		return 0;
	switch (r->call) {
	case WK_CALL_KILL:
		if (r->arg_pid == 0)
			return r->caller.pgid > 0 ? r->caller.pgid : 0;
		return r->arg_pid < -1 && r->arg_pid != INT32_MIN ?
		    -r->arg_pid : 0;
	case WK_CALL_KILLPG:
		if (r->arg_pid == 0)
			return r->caller.pgid > 0 ? r->caller.pgid : 0;
		return r->arg_pid > 1 ? r->arg_pid : 0;
	}
	return 0;
}

/*
 * Whether the caller c may signal a process of real uid uid: the kernel
 * lets an effective uid 0 signal anything, others a process whose real
 * or saved uid is their real or effective uid.  The table has no saved
 * uid; the effective one stands in for it (they rarely differ).
 */
static int
may_signal(const struct wk_caller *c, uint32_t uid, uint32_t euid)
{
	if (c->euid == 0)
		return 1;
	return uid == c->uid || uid == c->euid || euid == c->uid ||
	    euid == c->euid;
}

int
ingest_group_reached(const struct wk_kill_report *r,
    const struct proc_entry *e, uint64_t at_ticks, uint64_t at_ns)
{
	int32_t group = addressed_group(r);

	if (group == 0)
		return 0;
	/* Started after the call (a tick allowed for rounding)... */
	if (e->start_time != 0 && !(e->flags & PROC_F_START_UNKNOWN)) {
		if (e->start_time > at_ticks + 1)
			return 0;
	} else if (e->forked_ns == 0 || e->forked_ns > at_ns) {
		/* Its start time could not be read (it ended before its
		 * fork event was): the event's own time says when it was
		 * there; without one, nothing does. */
		return 0;
	}
	/* ...or ended before it. */
	if ((e->flags & PROC_F_EXITED) && e->exit_time_ns < at_ns)
		return 0;
	if (group > 0)
		return e->pgid == group;
	/* kill -1: every process but init, the caller and kernel threads
	 * (children of kthreadd, pid 2), which ignore signals anyway. */
	if (e->pid <= 2 || e->ppid == 2 || e->pid == r->caller.pid)
		return 0;
	return may_signal(&r->caller, e->uid, e->euid);
}

/* One walk over the processes that may have been there. */
struct walk {
	const struct wk_kill_report *r;
	uint64_t at_ns, at_ticks;
	struct ingest_group *g;
	uint32_t reached;	/* every process the call reached */
	int own;		/* the row's own target was among them */
};

/* Count e when the call reached it, and keep it for a row of its own. */
static int
take(const struct proc_entry *e, void *arg)
{
	struct walk *w = arg;
	const struct wk_kill_report *r = w->r;
	struct wk_target *t;

	if (!ingest_group_reached(r, e, w->at_ticks, w->at_ns))
		return 0;
	w->reached++;
	if ((r->flags & WK_F_TARGET_READ) && e->pid == r->target.pid &&
	    e->start_time == r->target.start_time) {
		w->own = 1;
		return 0;
	}
	if (w->g->n >= WK_GROUP_ROWS_MAX)
		return 0;
	t = &w->g->members[w->g->n++];
	memset(t, 0, sizeof *t);
	t->pid = e->pid;
	t->ppid = e->ppid;
	t->start_time = e->start_time;
	/* As the shim reads a target: the owner of /proc/PID. */
	t->uid = e->euid;
	memcpy(t->comm, e->comm, sizeof t->comm);
	t->comm[sizeof t->comm - 1] = '\0';
	return 0;
}

/* A /proc directory name that is a pid; 0 when it is not one. */
static int32_t
pid_of_name(const char *name)
{
	char *end;
	long v;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	v = strtol(name, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || v > INT32_MAX)
		return 0;
	return (int32_t)v;
}

/*
 * Without a process table: the processes /proc shows now, at most
 * INGEST_GROUP_SCAN_MAX of them read.  Those already ended are missed.
 * stat alone decides a group's members; the uids are read only for the
 * processes that may count.
 */
static void
scan_proc(struct walk *w, int32_t group)
{
	struct proc_entry e;
	struct dirent *d;
	unsigned scanned = 0;
	int32_t pid;
	int zombie;
	DIR *dir;

	dir = opendir("/proc");
	if (dir == NULL)
		return;
	while ((d = readdir(dir)) != NULL && scanned < INGEST_GROUP_SCAN_MAX) {
		pid = pid_of_name(d->d_name);
		if (pid == 0)
			continue;
		scanned++;
		memset(&e, 0, sizeof e);
		if (proc_snapshot_read(pid, 0, &e, &zombie) == -1 ||
		    (group > 0 && e.pgid != group))
			continue;
		if (proc_snapshot_read(pid, PROC_READ_IDS, &e, &zombie) == -1)
			continue;
		(void)take(&e, w);
	}
	closedir(dir);
}

void
ingest_group_find(struct ingest *in, struct wk_event *ev,
    struct ingest_group *g)
{
	struct wk_kill_report *r = &ev->report;
	int32_t group = addressed_group(r);
	struct walk w;

	g->n = 0;
	/* A call that failed reached no one (pending: not known yet). */
	if (group == 0 || (r->result != 0 &&
	    !(r->flags & WK_F_RESULT_PENDING)))
		return;
	memset(&w, 0, sizeof w);
	w.r = r;
	w.g = g;
	clock_real_to_mono(&r->time, &w.at_ns, &w.at_ticks);
	if (w.at_ns == 0)
		return;
	if (in->procs != NULL)
		proc_table_each(in->procs, take, &w);
	else
		scan_proc(&w, group);
	/* Rows for WK_GROUP_ROWS_MAX processes at most, the own one first. */
	if (w.own && g->n > WK_GROUP_ROWS_MAX - 1)
		g->n = WK_GROUP_ROWS_MAX - 1;
	r->reached = w.reached;
}

unsigned
ingest_group_store(struct ingest *in, const struct wk_event *ev,
    const struct ingest_group *g)
{
	static struct wk_event row;	/* one thread; 36 KB off the stack */
	uint64_t now = clock_mono_now_ns();
	unsigned i, lost = 0;

	for (i = 0; i < g->n; i++) {
		wk_event_copy(&row, ev);
		row.report.target = g->members[i];
		row.report.flags |= WK_F_GROUP_MEMBER | WK_F_TARGET_READ;
		(void)proc_target_cgroup(in->procs, row.report.target.pid,
		    row.report.target.start_time, now, &row.target_cgroup,
		    row.target_exe, sizeof row.target_exe);
		if (ingest_store_row(in, INGEST_ROW_KILL, &row,
		    wk_event_size(&row)) == INGEST_ROW_LOST) {
			lost++;
			continue;
		}
		ingest_signal_stored(in, &row);
	}
	return lost;
}
