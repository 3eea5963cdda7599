/*
 * From an audit kill to a struct wk_event.
 */
#include <stdio.h>
#include <string.h>

#include "audit_event.h"
#include "audit_value.h"

const struct wk_audit_target *
wk_audit_shown_target(const struct wk_audit_kill *k)
{
	if (k->ntargets == 0)
		return NULL;
	if (k->call == WK_AUDIT_KILL && k->arg_pid <= 0) {
		for (uint32_t i = 0; i < k->ntargets; i++)
			if (k->arg_pid < -1 && k->targets[i].pid == -k->arg_pid)
				return &k->targets[i];
		return NULL;
	}
	return &k->targets[0];
}

/* The kernel names terminals "pts0"; /dev and the shim say "pts/0". */
static void
tty_name(char *out, size_t size, const char *tty)
{
	if (strncmp(tty, "pts", 3) == 0 && tty[3] >= '0' && tty[3] <= '9')
		snprintf(out, size, "pts/%s", tty + 3);
	else
		wk_audit_copy(out, size, tty);
}

static void
fill_call(struct wk_kill_report *r, const struct wk_audit_kill *k)
{
	r->arg_pid = k->arg_pid;
	r->arg_tid = k->arg_tid;
	switch (k->call) {
	case WK_AUDIT_KILL:
		r->call = WK_CALL_KILL;
		if (k->arg_pid == -1)
			r->flags |= WK_F_TARGET_ALL;
		else if (k->arg_pid <= 0)
			r->flags |= WK_F_TARGET_GROUP;
		break;
	case WK_AUDIT_TKILL:
		r->call = WK_CALL_TGKILL;	/* the thread's id is its only argument */
		r->arg_tid = k->arg_pid;
		break;
	case WK_AUDIT_TGKILL:
		r->call = WK_CALL_TGKILL;
		break;
	case WK_AUDIT_RT_SIGQUEUEINFO:
	case WK_AUDIT_RT_TGSIGQUEUEINFO:
		r->call = WK_CALL_SIGQUEUE;
		break;
	case WK_AUDIT_PIDFD_SEND_SIGNAL:
		r->call = WK_CALL_PIDFD_SEND_SIGNAL;
		break;
	}
}

/*
 * Copies the killer's command line into c and argv (WK_ARGV_MAX bytes);
 * says where it came from.  A cut one was cut at its end by an amount
 * the records do not say: WK_F_ARGV_TRUNCATED with no argv_cut.
 */
static enum wk_audit_argv_source
fill_argv(struct wk_caller *c, char *argv, uint32_t *flags,
    const struct wk_audit_kill *k, const struct wk_audit_history *h)
{
	const struct wk_audit_proc *p = &k->killer;
	const struct wk_audit_exec_info *e = NULL;

	if (h != NULL)
		e = wk_audit_history_find(h, k->stamp.node, p->pid, k->stamp.sec,
		    k->stamp.msec, k->stamp.serial);
	if (e != NULL && e->argv != NULL && e->argv_len <= WK_ARGV_MAX &&
	    strncmp(e->exe, p->exe, sizeof p->exe) == 0) {
		memcpy(argv, e->argv, e->argv_len);
		c->argv_len = e->argv_len;
		c->argc = e->argc;
		if (e->flags & WK_AUDIT_P_ARGV_TRUNCATED)
			*flags |= WK_F_ARGV_TRUNCATED;
		return WK_AUDIT_ARGV_EXECVE;
	}
	if (!(p->flags & WK_AUDIT_P_ARGV_KNOWN) || p->argv_len > WK_ARGV_MAX)
		return WK_AUDIT_ARGV_NONE;
	memcpy(argv, p->argv, p->argv_len);
	c->argv_len = p->argv_len;
	c->argc = p->argc;
	if (p->flags & WK_AUDIT_P_ARGV_TRUNCATED)
		*flags |= WK_F_ARGV_TRUNCATED;
	return WK_AUDIT_ARGV_PROCTITLE;
}

static void
fill_caller(struct wk_caller *c, const struct wk_audit_proc *p)
{
	c->pid = p->pid;
	c->ppid = p->ppid;
	c->uid = p->uid;
	c->euid = p->euid;
	c->suid = p->suid;
	c->gid = p->gid;
	c->egid = p->egid;
	c->sgid = p->sgid;
	c->loginuid = p->auid;
	c->sessionid = p->ses;
	memcpy(c->comm, p->comm, sizeof c->comm);
	memcpy(c->exe, p->exe, sizeof c->exe);
}

/* The target's parent, from its exec record when that names the same program. */
static int32_t
target_ppid(const struct wk_audit_kill *k, const struct wk_audit_target *t,
    const struct wk_audit_history *h)
{
	const struct wk_audit_exec_info *e;

	if (h == NULL)
		return 0;
	e = wk_audit_history_find(h, k->stamp.node, t->pid, k->stamp.sec, k->stamp.msec,
	    k->stamp.serial);
	if (e == NULL || strncmp(e->comm, t->comm, sizeof t->comm) != 0)
		return 0;
	return e->ppid;
}

static void
fill_chain(struct wk_event *ev, const struct wk_audit_kill *k,
    const struct wk_audit_history *h)
{
	const struct wk_caller *c = &ev->report.caller;
	struct wk_chain_entry *last;
	uint32_t n = 0;

	if (h != NULL)
		n = wk_audit_history_ancestors(h, &k->stamp, k->killer.ppid, ev->chain,
		    WK_CHAIN_MAX - 1);
	last = &ev->chain[n];
	memset(last, 0, sizeof *last);
	last->pid = c->pid;
	last->ppid = c->ppid;
	last->uid = c->uid;
	last->euid = c->euid;
	last->loginuid = c->loginuid;
	memcpy(last->comm, c->comm, sizeof last->comm);
	wk_audit_join_argv(ev->argv, c->argv_len, last->args, sizeof last->args);
	ev->chain_len = n + 1;
}

enum wk_audit_argv_source
wk_audit_event_fill(struct wk_event *ev,
    const struct wk_audit_kill *k, const struct wk_audit_target *shown,
    const struct wk_audit_history *h)
{
	struct wk_kill_report *r = &ev->report;
	enum wk_audit_argv_source src;

	memset(ev, 0, WK_EVENT_FIXED);
	wk_reply_init(&ev->hdr, WK_R_EVENT, sizeof *ev);
	ev->sources = WK_SRC_KERNEL;
	tty_name(ev->tty, sizeof ev->tty, k->killer.tty);
	wk_report_init(r);
	r->time.sec = k->stamp.sec;
	r->time.nsec = (int64_t)k->stamp.msec * 1000000;
	r->signo = k->signo;
	r->result = k->success ? 0 : -1;
	r->error = k->success ? 0 : k->error;
	fill_call(r, k);
	fill_caller(&r->caller, &k->killer);
	src = fill_argv(&r->caller, ev->argv, &r->flags, k, h);
	if (shown != NULL) {
		r->flags |= WK_F_TARGET_READ;
		r->target.pid = shown->pid;
		r->target.ppid = target_ppid(k, shown, h);
		r->target.uid = shown->uid;
		memcpy(r->target.comm, shown->comm, sizeof r->target.comm);
	}
	fill_chain(ev, k, h);
	return src;
}
