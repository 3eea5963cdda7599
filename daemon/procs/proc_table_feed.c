/*
 * Process events into the process table.  The kernel sends an event
 * after the fact and we read /proc later still, so a pid may already
 * belong to a newer process when we read it: whatever /proc says is
 * believed only if that process started no later than the event.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/base/clock_convert.h"
#include "proc_snapshot.h"
#include "proc_table_feed.h"

/*
 * The process read as r can be the one the event at ev_ns was about: it
 * started no later (a tick allowed for rounding).  ev_ns 0: no time known.
 */
static int
started_by(const struct proc_entry *r, uint64_t ev_ns)
{
	return ev_ns == 0 ||
	    r->start_time <= clock_mono_to_boot_ticks(ev_ns) + 1;
}

/*
 * Whether entry r, which has a start time, is the process a fork at
 * ev_ns made: it started in the same clock tick (or the one before, for
 * rounding).  Names a process that was seeded from /proc and had already
 * ended when its fork event was read.
 */
static int
forked_at(const struct proc_entry *r, uint64_t ev_ns)
{
	uint64_t tick = clock_mono_to_boot_ticks(ev_ns);

	return r->start_time != 0 && r->start_time <= tick + 1 &&
	    r->start_time + 1 >= tick;
}

/*
 * Read pid into *r (starting from its current contents), and with
 * PROC_READ_CGROUP its cgroup into *cg; 0 or -1.
 */
static int
read_as_of(struct proc_table *t, int32_t pid, unsigned parts,
    uint64_t ev_ns, struct proc_entry *r, int *zombie, struct wk_cgroup *cg)
{
	struct proc_entry tmp = *r;

	if (proc_snapshot_read_cg(pid, parts, &tmp, zombie, cg) == -1 ||
	    !started_by(&tmp, ev_ns)) {
		proc_table_counters(t)->read_failures++;
		return -1;
	}
	*r = tmp;
	return 0;
}

/* A new process: its parent's identity, its own start time. */
static void
on_fork(struct proc_table *t, const struct proc_ev *ev)
{
	const struct proc_entry *parent = proc_table_live(t, ev->parent_tgid);
	struct proc_entry e, *cur;
	struct wk_cgroup cg;
	int zombie;

	memset(&e, 0, sizeof e);
	memset(&cg, 0, sizeof cg);
	if (parent != NULL) {
		/* Its cgroup too: a child starts in its parent's. */
		e = *parent;
		e.flags = 0;
		e.cgroup_ns = 0;
	} else {
		e.loginuid = e.sessionid = WK_ID_UNSET;
	}
	if (read_as_of(t, ev->tgid, parent != NULL ? 0 : PROC_READ_ALL |
	    PROC_READ_CGROUP, ev->time_ns, &e, &zombie, &cg) == -1) {
		e.start_time = 0;
		e.flags |= PROC_F_START_UNKNOWN;
	}
	e.pid = ev->tgid;
	e.ppid = ev->parent_tgid;
	e.forked_ns = ev->time_ns;
	e.checked_ns = parent != NULL ? 0 : ev->time_ns;
	e.exit_status = 0;
	e.exit_time_ns = 0;
	cur = proc_table_live(t, ev->tgid);
	if (cur != NULL && (e.start_time != 0 ?
	    cur->start_time == e.start_time :
	    forked_at(cur, ev->time_ns))) {
		/* Seeded from /proc between the fork and this event. */
		cur->ppid = ev->parent_tgid;
		cur->forked_ns = ev->time_ns;
		return;
	}
	cur = proc_table_add(t, &e, ev->time_ns);
	if (parent == NULL)
		proc_table_set_cgroup(t, cur, &cg, 0);
}

/* A new program: its comm, command line and audit ids. */
static void
on_exec(struct proc_table *t, const struct proc_ev *ev)
{
	struct proc_entry *cur = proc_table_live(t, ev->tgid);
	struct proc_entry r;
	struct wk_cgroup cg;
	int zombie;

	memset(&r, 0, sizeof r);
	if (cur != NULL)
		r = *cur;
	/*
	 * Its cgroup too: systemd (and container runtimes) move a child
	 * into its unit's cgroup between fork and exec, so this read names
	 * the unit of almost every process, once.
	 */
	if (read_as_of(t, ev->tgid, PROC_READ_AUDIT | PROC_READ_ARGS |
	    PROC_READ_CGROUP | (cur != NULL ? 0 : PROC_READ_IDS), ev->time_ns,
	    &r, &zombie, &cg) == -1) {
		if (cur != NULL)
			cur->flags |= PROC_F_STALE;
		return;
	}
	r.flags &= ~(PROC_F_STALE | PROC_F_START_UNKNOWN);
	r.flags |= PROC_F_EXECED | (zombie ? PROC_F_STALE : 0);
	r.checked_ns = clock_mono_now_ns();
	if (cur == NULL || (cur->start_time != 0 &&
	    cur->start_time != r.start_time)) {
		/* Its fork was missed: what /proc says is all there is. */
		r.flags |= PROC_F_SEEDED;
		cur = proc_table_add(t, &r, ev->time_ns);
	} else {
		r.ppid = cur->ppid;
		*cur = r;
	}
	/* Not read (refused, or gone): what was known stays. */
	if (cg.path[0] != '\0')
		proc_table_set_cgroup(t, cur, &cg, 0);
}

/* The end: its wait status and time, kept for the retention period. */
static void
on_exit_event(struct proc_table *t, const struct proc_ev *ev)
{
	struct proc_entry *cur = proc_table_live(t, ev->tgid);
	struct proc_entry r;
	struct wk_cgroup cg;
	int zombie;

	if (cur != NULL && (cur->flags & PROC_F_STALE) != 0) {
		/* The exec was not read in time; a zombie's stat has its comm. */
		r = *cur;
		if (read_as_of(t, ev->tgid, 0, ev->time_ns, &r, &zombie,
		    NULL) == 0 && r.start_time == cur->start_time)
			memcpy(cur->comm, r.comm, sizeof cur->comm);
	}
	if (cur != NULL && (cur->flags & PROC_F_START_UNKNOWN) != 0) {
		/* Its fork was read too late; not yet reaped, it still says. */
		r = *cur;
		if (read_as_of(t, ev->tgid, 0, ev->time_ns, &r, &zombie,
		    NULL) == 0 && zombie) {
			cur->start_time = r.start_time;
			memcpy(cur->comm, r.comm, sizeof cur->comm);
			cur->flags &= ~PROC_F_START_UNKNOWN;
		}
	}
	if (cur == NULL) {
		memset(&r, 0, sizeof r);
		r.loginuid = r.sessionid = WK_ID_UNSET;
		if (read_as_of(t, ev->tgid, PROC_READ_ALL | PROC_READ_CGROUP,
		    ev->time_ns, &r, &zombie, &cg) == -1) {
			r.start_time = 0;
			r.flags |= PROC_F_START_UNKNOWN;
		}
		r.pid = ev->tgid;
		if (ev->parent_tgid > 0)
			r.ppid = ev->parent_tgid;
		r.flags |= PROC_F_SEEDED;
		cur = proc_table_add(t, &r, ev->time_ns);
		proc_table_set_cgroup(t, cur, &cg, 0);
	}
	proc_table_mark_exited(t, cur, ev->exit_code, ev->time_ns, 0);
}

void
proc_table_apply(struct proc_table *t, const struct proc_ev *ev)
{
	struct proc_entry *cur;

	if (ev->type == PROC_EV_LOST) {
		proc_table_note_lost(t);
		return;
	}
	if (ev->type == PROC_EV_SID) {
		/* setsid(), by any thread: the process leads a new session
		 * and group of its pid, without a controlling terminal until
		 * it opens one (which a later read of /proc tells).
		 * (setpgid() sends no event.) */
		cur = proc_table_live(t, ev->tgid);
		if (cur != NULL) {
			cur->pgid = ev->tgid;
			cur->sid = ev->tgid;
			cur->tty_nr = 0;
		}
		return;
	}
	if (ev->thread)
		return;
	switch (ev->type) {
	case PROC_EV_FORK:
		on_fork(t, ev);
		break;
	case PROC_EV_EXEC:
		on_exec(t, ev);
		break;
	case PROC_EV_EXIT:
		on_exit_event(t, ev);
		break;
	case PROC_EV_UID:
		cur = proc_table_live(t, ev->tgid);
		if (cur != NULL) {
			cur->uid = ev->ruid;
			cur->euid = ev->euid;
		}
		break;
	case PROC_EV_COMM:
		cur = proc_table_live(t, ev->tgid);
		if (cur != NULL)
			memcpy(cur->comm, ev->comm, sizeof cur->comm);
		break;

	default:
		break;
	}
}

void
proc_table_apply_cb(const struct proc_ev *ev, void *arg)
{
	proc_table_apply(arg, ev);
}

/* A /proc directory name that is a pid; 0 when it is not one. */
static int32_t
pid_of_name(const char *name)
{
	long v;
	char *end;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	v = strtol(name, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || v > INT32_MAX)
		return 0;
	return (int32_t)v;
}

/*
 * Enter one process found in /proc, or refresh its entry.  A zombie has
 * ended: it is entered as exited (status unknown) unless its exit is
 * already in the table.
 */
static void
seed_one(struct proc_table *t, const struct proc_entry *r, int zombie,
    const struct wk_cgroup *cg, uint64_t now)
{
	struct proc_entry *cur = proc_table_live(t, r->pid), *e;
	const struct proc_entry *known;
	int32_t ppid;
	uint32_t flags;

	known = proc_table_find_exact(t, r->pid, r->start_time);
	if (known != NULL && (known->flags & PROC_F_EXITED) != 0)
		return;
	if (cur != NULL && cur->start_time == r->start_time && zombie) {
		/* Its exit event is on its way; a zombie has no args to give. */
		proc_table_touch(t, cur);
		return;
	}
	if (cur != NULL && cur->start_time == r->start_time) {
		ppid = cur->ppid;
		flags = cur->flags & ~(PROC_F_STALE | PROC_F_START_UNKNOWN);
		*cur = *r;
		cur->ppid = ppid;
		cur->flags = flags;
		proc_table_touch(t, cur);
		if (cg->path[0] != '\0')
			proc_table_set_cgroup(t, cur, cg, 0);
		return;
	}
	e = proc_table_add(t, r, now);
	e->flags |= PROC_F_SEEDED;
	proc_table_set_cgroup(t, e, cg, 0);
	if (zombie)
		proc_table_mark_exited(t, e, 0, now, PROC_F_EXIT_UNKNOWN);
}

int
proc_table_seed(struct proc_table *t)
{
	struct proc_entry r;
	struct wk_cgroup cg;
	struct dirent *d;
	uint64_t now = clock_mono_now_ns();
	int32_t pid;
	int n = 0, zombie;
	DIR *dir;

	dir = opendir("/proc");
	if (dir == NULL)
		return -1;
	proc_table_sweep_begin(t);
	while ((d = readdir(dir)) != NULL) {
		pid = pid_of_name(d->d_name);
		if (pid == 0)
			continue;
		memset(&r, 0, sizeof r);
		r.loginuid = r.sessionid = WK_ID_UNSET;
		/* A process that ends during the scan is simply not entered. */
		if (proc_snapshot_read_cg(pid, PROC_READ_ALL | PROC_READ_CGROUP,
		    &r, &zombie, &cg) == -1)
			continue;
		r.checked_ns = now;
		seed_one(t, &r, zombie, &cg, now);
		n++;
	}
	closedir(dir);
	proc_table_sweep_end(t, now);
	proc_table_resync_done(t, now);
	return n;
}

void
proc_table_maintain(struct proc_table *t, uint64_t now_ns)
{
	proc_table_expire(t, now_ns);
	/* A failed scan is retried at the next lost event; nothing to undo. */
	if (proc_table_resync_due(t, now_ns))
		(void)proc_table_seed(t);
}
