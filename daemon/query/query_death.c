/*
 * How the process of an answer ended, for its WK_R_DEATH frames.
 */
#include <stdio.h>
#include <string.h>

#include "daemon/base/clock_convert.h"
#include "daemon/procs/death_record.h"
#include "daemon/procs/proc_chain_via.h"
#include "daemon/procs/proc_snapshot.h"
#include "daemon/procs/proc_table.h"
#include "query_death.h"
#include "query_visibility.h"

/* Seconds a recorded signal may be stamped after the end it caused. */
#define SENDER_SLACK_SEC	2
/* Seconds a start time from /proc may read early (the boot time is whole
 * seconds): a process that started this close to the run's start is not
 * said to have lived while the daemon was down. */
#define START_SLACK_SEC		2

/* The process table, when the daemon has one. */
static const struct proc_table *
table_of(const struct query_env *env)
{
	return env->procs;
}

static int
this_boot(const struct query_env *env, const char *boot_id)
{
	return strncmp(boot_id, env->boot_id, WK_BOOT_ID_MAX) == 0;
}

/* a is later than b. */
static int
later(const struct wk_time *a, const struct wk_time *b)
{
	return a->sec != b->sec ? a->sec > b->sec : a->nsec > b->nsec;
}

/* When a stored end happened: its exit, else the OOM kill. */
static struct wk_time
death_time(const struct store_death *d)
{
	return d->exit_known ? d->time : d->oom.time;
}

/*
 * The newest ended process with pid known to the store or the table:
 * 1 with *p and *when, 0 when none, -1 when the store failed.
 */
static int
latest_death(const struct query_env *env, int32_t pid,
    struct query_process *p, struct wk_time *when)
{
	const struct proc_table *t = table_of(env);
	const struct proc_entry *e = t != NULL ? proc_table_find(t, pid) :
	    NULL;
	struct store_death row;
	struct wk_time exit_time = { 0, 0 };
	int found;

	found = store_death_latest(env->store, "", pid, &row);
	if (found == -1)
		return -1;
	if (found) {
		memcpy(p->boot_id, row.boot_id, sizeof p->boot_id);
		p->pid = pid;
		p->start_time = row.start_time;
		*when = death_time(&row);
	}
	if (e == NULL || (e->flags & PROC_F_EXITED) == 0 ||
	    (e->flags & PROC_F_START_UNKNOWN) != 0 ||
	    clock_mono_to_real(e->exit_time_ns, &exit_time) == -1)
		return found;
	if (found && !later(&exit_time, when))
		return 1;
	snprintf(p->boot_id, sizeof p->boot_id, "%s", env->boot_id);
	p->pid = pid;
	p->start_time = e->start_time;
	*when = exit_time;
	return 1;
}

int
query_death_subject(const struct query_env *env, const struct wk_query *q,
    struct query_process *out)
{
	struct store_pid_query sq;
	struct query_process died;
	struct wk_time event_time = { 0, 0 }, end_time = { 0, 0 };
	int have_event, have_death = 0;

	memset(&sq, 0, sizeof sq);
	sq.pid = q->pid;
	sq.signo = q->signo;
	sq.since = q->since;
	sq.until = q->until;
	memset(out, 0, sizeof *out);
	out->pid = q->pid;
	have_event = store_latest_process(env->store, &sq, out->boot_id,
	    &out->start_time, &event_time);
	if (have_event == -1)
		return -1;
	if (q->signo == 0 && q->since == 0 && q->until == 0) {
		have_death = latest_death(env, q->pid, &died, &end_time);
		if (have_death == -1)
			return -1;
	}
	if (have_death && (!have_event || later(&end_time, &event_time)))
		*out = died;
	return have_event || have_death;
}

/* Whether the asker may see the frame of a process owned by uid. */
static int
may_see(uid_t asker, uint32_t uid, uint32_t euid, int seen_events)
{
	return asker == 0 || seen_events || uid == asker || euid == asker;
}


/*
 * The recorded signal that ended the process of *out, on node ("" this
 * host), when one did.
 */
static int
add_sender(const struct query_env *env, const char *node, uid_t asker,
    struct wk_death *out)
{
	struct wk_death_sender *s = &out->sender;
	struct wk_time until = out->time;
	struct wk_event ev;
	const char *via;
	int64_t not_before = 0, sec;
	int rc;

	if (out->time.sec == 0)
		return 0;
	until.sec += SENDER_SLACK_SEC;
	if ((out->flags & WK_D_START_KNOWN) != 0 &&
	    this_boot(env, out->boot_id) &&
	    procinfo_start_epoch(out->start_time, &sec) == 0)
		not_before = sec - 1;
	rc = store_find_sender(env->store, node, out->boot_id, out->pid,
	    out->start_time, not_before, out->signo, &until, &ev);
	if (rc != 1)
		return rc;
	if (!query_may_see(&ev, asker)) {
		out->flags |= WK_D_SENDER_HIDDEN;
		return 1;
	}
	out->flags |= WK_D_SENDER;
	s->event = ev.id;
	s->pid = ev.report.caller.pid;
	s->uid = ev.report.caller.uid;
	s->loginuid = ev.report.caller.loginuid;
	s->time = ev.report.time;
	memcpy(s->comm, ev.report.caller.comm, sizeof s->comm);
	s->comm[sizeof s->comm - 1] = '\0';
	if ((ev.session.flags & WK_SI_KNOWN) != 0) {
		out->flags |= WK_D_SENDER_SESSION;
		memcpy(s->session_user, ev.session.user,
		    sizeof s->session_user);
		s->session_user[sizeof s->session_user - 1] = '\0';
		if (s->loginuid == WK_ID_UNSET)
			s->loginuid = ev.session.loginuid;
	}
	via = proc_chain_via(ev.chain, ev.chain_len, s->loginuid);
	if (via != NULL)
		snprintf(s->via, sizeof s->via, "%s", via);
	return 1;
}

/*
 * A death by a signal no recorded process sent (that the asker may know
 * of): what the daemon cannot see now that could explain it, and whether
 * it was not running for part of the process's life (WK_SEE_GAP, with
 * when in out->watch).
 */
static void
add_sight(const struct query_env *env, struct wk_death *out)
{
	struct wk_death_watch w;
	int64_t start;

	if ((out->flags & (WK_D_SENDER | WK_D_SENDER_HIDDEN)) != 0 ||
	    wk_signal_self_inflicted(out->signo) || env->hooks.sight == NULL)
		return;
	out->sight = env->hooks.sight(env->hooks.arg, 0) | WK_SEE_TOLD;
	if (env->hooks.exits_watched == NULL ||
	    env->hooks.exits_watched(env->hooks.arg, &w) != 0 ||
	    w.since.sec == 0)
		return;
	if ((out->flags & WK_D_START_KNOWN) == 0 ||
	    !this_boot(env, out->boot_id) ||
	    procinfo_start_epoch(out->start_time, &start) != 0)
		return;
	/* Ended while this run watched, started before it began: the run
	 * before (if any) stopped before this one started. */
	if (out->time.sec < w.since.sec ||
	    start + START_SLACK_SEC >= w.since.sec)
		return;
	out->sight |= WK_SEE_GAP;
	out->watch = w;
}

/* A process that runs now: its start, owner and command line. */
static int
running_frame(const struct query_env *env, const struct query_process *p,
    const struct procinfo_stat *st, uid_t asker, int seen_events,
    struct wk_death *out)
{
	const struct proc_table *t = table_of(env);
	const struct proc_entry *e;
	struct wk_chain_entry live;
	uint32_t euid = WK_ID_UNSET;
	int64_t sec;

	out->kind = WK_DEATH_RUNNING;
	out->flags |= WK_D_START_KNOWN;
	out->start_time = st->start_time;
	out->ppid = st->ppid;
	out->uid = WK_ID_UNSET;
	memcpy(out->comm, st->comm, sizeof out->comm);
	if (procinfo_read(p->pid, &live, NULL) == 0 &&
	    live.start_time == st->start_time) {
		out->uid = live.uid;
		euid = live.euid;
		memcpy(out->args, live.args, sizeof out->args);
	}
	if (procinfo_start_epoch(st->start_time, &sec) == 0)
		out->time.sec = sec;
	e = t != NULL ? proc_table_find_exact(t, p->pid, st->start_time) :
	    NULL;
	if (e != NULL && e->ppid > 0)
		out->ppid = e->ppid;
	if (e != NULL && (e->flags & PROC_F_SIGNALLED) != 0)
		out->flags |= WK_D_SIGNALLED;
	/* Where it is now; unknown when /proc refuses to say. */
	(void)proc_snapshot_cgroup(p->pid, st->start_time, &out->cgroup);
	return may_see(asker, out->uid, euid, seen_events);
}

/*
 * The end of p as the store, else the table, knows it: 1 with *row, 0
 * when neither does, -1 when the store failed.
 */
static int
known_end(const struct query_env *env, const struct query_process *p,
    struct store_death *row)
{
	const struct proc_table *t = table_of(env);
	const struct proc_entry *e, *parent;
	struct wk_time when = { 0, 0 };
	int found;

	found = store_death_find(env->store, p->boot_id, p->pid,
	    p->start_time, row);
	if (found != 0 || t == NULL || p->start_time == 0 ||
	    !this_boot(env, p->boot_id))
		return found;
	e = proc_table_find_exact(t, p->pid, p->start_time);
	if (e == NULL || (e->flags & PROC_F_EXITED) == 0)
		return 0;
	(void)clock_mono_to_real(e->exit_time_ns, &when);
	parent = e->ppid > 0 ? proc_table_find_before(t, e->ppid,
	    e->start_time) : NULL;
	death_from_entry(e, env->boot_id, &when, parent, row);
	(void)proc_table_get_cgroup(t, e, &row->cgroup);
	return 1;
}

int
query_death_sender_ended(const struct query_env *env,
    const struct wk_event *ev)
{
	const struct wk_caller *c = &ev->report.caller;
	struct query_process p;
	struct store_death row;
	struct wk_death d;
	int found;

	memset(&p, 0, sizeof p);
	memcpy(p.boot_id, ev->boot_id, sizeof p.boot_id);
	p.boot_id[sizeof p.boot_id - 1] = '\0';
	p.pid = c->pid;
	p.start_time = c->start_time;
	found = known_end(env, &p, &row);
	if (found != 1)
		return found;
	death_to_wire(&row, &d);
	/* By that signal, and soon after the call (not by a later one). */
	return d.kind == WK_DEATH_SIGNALED && d.signo == ev->report.signo &&
	    (d.time.sec == 0 ||
	    d.time.sec <= ev->report.time.sec + SENDER_SLACK_SEC);
}

int
query_death_frame(const struct query_env *env,
    const struct query_process *p, const struct procinfo_stat *running,
    int zombie, int subject, uid_t asker, int seen_events,
    struct wk_death *out)
{
	struct store_death row;
	struct wk_chain_entry live;
	int found;

	memset(out, 0, sizeof *out);
	wk_reply_init(&out->hdr, WK_R_DEATH, sizeof *out);
	snprintf(out->boot_id, sizeof out->boot_id, "%s", p->boot_id);
	out->pid = p->pid;
	out->start_time = p->start_time;
	if (running != NULL && !zombie) {
		if (subject)
			out->flags |= WK_D_SUBJECT;
		return running_frame(env, p, running, asker, seen_events, out);
	}
	found = known_end(env, p, &row);
	if (found == -1)
		return -1;
	if (found) {
		death_to_wire(&row, out);
		if (subject)
			out->flags |= WK_D_SUBJECT;
		if (out->kind == WK_DEATH_SIGNALED &&
		    add_sender(env, "", asker, out) == -1)
			return -1;
		if (out->kind == WK_DEATH_SIGNALED)
			add_sight(env, out);
		return may_see(asker, row.uid, WK_ID_UNSET, seen_events);
	}
	if (subject)
		out->flags |= WK_D_SUBJECT;
	out->uid = WK_ID_UNSET;
	if (p->start_time != 0)
		out->flags |= WK_D_START_KNOWN;
	if (zombie && running != NULL) {
		out->kind = WK_DEATH_UNKNOWN;
		out->flags |= WK_D_ZOMBIE;
		memcpy(out->comm, running->comm, sizeof out->comm);
		if (procinfo_read(p->pid, &live, NULL) == 0 &&
		    live.start_time == p->start_time)
			out->uid = live.uid;
		return may_see(asker, out->uid, WK_ID_UNSET, seen_events);
	}
	out->kind = WK_DEATH_NO_RECORD;
	if (table_of(env) != NULL)
		out->flags |= WK_D_WATCHING;
	/* Without a run in the store the watch times stay unknown (0). */
	if (subject && env->hooks.exits_watched != NULL)
		(void)env->hooks.exits_watched(env->hooks.arg, &out->watch);
	return 1;
}

int
query_death_listed(const struct query_env *env, const struct store_death *row,
    uid_t asker, struct wk_death *out)
{
	memset(out, 0, sizeof *out);
	/* Not the asker's: no need to look for its sender. */
	if (!may_see(asker, row->uid, WK_ID_UNSET, 0))
		return 0;
	death_to_wire(row, out);
	if (out->kind == WK_DEATH_SIGNALED && add_sender(env, "", asker, out) == -1)
		return -1;
	if (out->kind == WK_DEATH_SIGNALED)
		add_sight(env, out);
	return 1;
}

int
query_death_of_node(const struct query_env *env, const char *node,
    int32_t pid, uint64_t start_time, int64_t not_before, int subject,
    uid_t asker, struct wk_death *out)
{
	struct store_death row;
	int found;

	memset(out, 0, sizeof *out);
	/* A node's processes and their owners are the node's: root's. */
	if (asker != 0)
		return 0;
	if (not_before >= 0)
		found = store_death_of_node(env->store, node, pid, start_time,
		    not_before, &row);
	else
		found = store_death_latest(env->store, node, pid, &row);
	if (found != 1)
		return found;
	death_to_wire(&row, out);
	if (subject)
		out->flags |= WK_D_SUBJECT;
	if (out->kind == WK_DEATH_SIGNALED &&
	    add_sender(env, node, asker, out) == -1)
		return -1;
	return 1;
}
