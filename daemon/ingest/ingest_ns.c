/*
 * A report from a container: prove where its sender is, then find its
 * pids in the daemon's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "daemon/base/log.h"
#include "daemon/procs/proc_ns.h"
#include "daemon/procs/proc_table.h"
#include "daemon/procs/procinfo.h"
#include "ingest_ns.h"

int32_t
ingest_addressed_pid(const struct wk_kill_report *r)
{
	int32_t arg = r->arg_pid;

	switch (r->call) {
	case WK_CALL_KILL:
	case WK_CALL_SIGQUEUE:
		if (arg > 0)
			return arg;
		if (arg == 0)
			return r->caller.pgid;
		if (arg < -1 && arg != INT32_MIN)
			return -arg;
		return 0;
	case WK_CALL_KILLPG:
		if (arg > 0)
			return arg;
		return arg == 0 ? r->caller.pgid : 0;
	case WK_CALL_TGKILL:
		return arg > 0 ? arg : 0;
	}
	return 0;
}

/*
 * The daemon's pid of a pid the sender (whose pid there is self) named:
 * itself, its parent, or else 0.  Of a sender that ended only these are
 * known (v->ppid is then its parent at fork, and the report's ppid was
 * checked to be that parent's pid there).
 */
static int32_t
known_pid(int32_t ns_pid, const struct wk_caller *c,
    const struct ingest_ns_view *v)
{
	if (ns_pid <= 0)
		return 0;
	if (ns_pid == c->pid)
		return v->pid;
	if (ns_pid == c->ppid)
		return v->ppid;
	return 0;
}

void
ingest_ns_translate(const struct wk_kill_report *r,
    const struct ingest_ns_view *v, struct wk_kill_report *out,
    struct wk_pid_ns *ns)
{
	const struct wk_caller *c = &r->caller;
	int32_t addressed;

	*out = *r;
	memset(ns, 0, sizeof *ns);
	ns->id = v->ns;
	ns->caller_pid = c->pid;

	out->caller.pid = v->pid;
	out->caller.ppid = v->ppid;
	out->caller.tid = c->tid == c->pid ? v->pid : v->tid;
	if (v->alive) {
		out->caller.pgid = v->pgrp;
		out->caller.sid = v->session;
	} else {
		out->caller.pgid = known_pid(c->pgid, c, v);
		out->caller.sid = known_pid(c->sid, c, v);
	}

	if (r->flags & WK_F_TARGET_READ) {
		ns->target_pid = r->target.pid;
		if (r->target.pid == c->pid) {
			out->target.pid = v->pid;
			out->target.ppid = v->ppid;
		} else {
			out->target.pid = v->target;
			out->target.ppid = v->target != 0 ? v->target_ppid :
			    r->target.ppid == c->pid ? v->pid : 0;
		}
		return;
	}
	/* Not read: the pid addressed had no process, or the group no
	 * leader; the daemon's pid is known for the sender's own. */
	addressed = ingest_addressed_pid(r);
	ns->target_pid = addressed > 0 ? addressed : 0;
	out->target.pid = addressed == c->pid ? v->pid :
	    addressed > 0 && addressed == c->pgid ? out->caller.pgid : 0;
}

/*
 * The sender ended before its report was read: the process table knows
 * its parent at fork, which names the namespace it was born in and must
 * have the report's parent pid there.  The sender's own pid there is then
 * its word, as its name and command line are; it may not be its parent's.
 */
static enum verify_result
sender_gone(struct ingest *in, const struct wk_kill_report *r,
    const struct ucred *cred, uint64_t start, struct ingest_ns_view *v,
    struct proc_ns_place *at, const char **why)
{
	static char buf[200];
	const struct proc_entry *e = NULL;
	int32_t parent_ns_pid;

	/* Its entry; one whose start time the daemon could not read (it
	 * had ended when its fork was seen) is the last with its pid. */
	if (in->procs != NULL && start != 0)
		e = proc_table_find_exact(in->procs, cred->pid, start);
	if (in->procs != NULL && e == NULL) {
		e = proc_table_find(in->procs, cred->pid);
		if (e != NULL && start != 0 && e->start_time != 0)
			e = NULL;
	}
	if (e == NULL || proc_ns_children_of(e->ppid, e->start_time, at,
	    &parent_ns_pid) == -1) {
		snprintf(buf, sizeof buf, ": it says it is pid %" PRId32
		    " of another pid namespace, and it and its parent ended"
		    " before the daemon could see which", r->caller.pid);
		*why = buf;
		return VERIFY_FORGED_NS;
	}
	if (at->level == 0) {
		*why = "caller pid differs from the sender's";
		return VERIFY_FORGED;
	}
	if (parent_ns_pid != r->caller.ppid) {
		snprintf(buf, sizeof buf, " in pid namespace %" PRIu64 ": it"
		    " ended; its parent's pid there is %" PRId32 ", the report"
		    " says %" PRId32, at->ns, parent_ns_pid, r->caller.ppid);
		*why = buf;
		return VERIFY_FORGED_NS;
	}
	if (r->caller.pid == parent_ns_pid) {
		snprintf(buf, sizeof buf, " in pid namespace %" PRIu64 ": it"
		    " ended; the report says its pid there is %" PRId32
		    ", its parent's", at->ns, r->caller.pid);
		*why = buf;
		return VERIFY_FORGED_NS;
	}
	v->ns = at->ns;
	v->ppid = e->ppid;
	return VERIFY_OK;
}

enum verify_result
ingest_ns_check(struct ingest *in, const struct wk_kill_report *r,
    const struct ucred *cred, struct wk_kill_report *out,
    struct wk_pid_ns *ns, const char **why)
{
	static char buf[200];
	struct ingest_ns_view v;
	struct procinfo_ns s;
	struct proc_ns_place at;
	struct proc_ns_known self;
	struct proc_ns_wanted w;
	enum verify_result res;
	uint64_t start = 0;

	memset(&v, 0, sizeof v);
	v.pid = cred->pid;
	if (r->flags & WK_F_CALLER_STAT_READ)
		start = r->caller.start_time;
	if (procinfo_read_ns(cred->pid, &s) == 0 &&
	    (start == 0 || s.st.start_time == start)) {
		res = verify_ns_caller(cred, &r->caller, s.nspid.pid,
		    s.nspid.count, s.ns, buf, sizeof buf, why);
		if (res != VERIFY_OK)
			return res;
		v.ns = s.ns;
		v.alive = 1;
		v.ppid = s.st.ppid;
		v.pgrp = s.st.pgrp;
		v.session = s.st.session;
		at.level = s.nspid.count - 1;
		if (r->caller.tid > 0 && r->caller.tid != r->caller.pid)
			v.tid = procinfo_find_task(cred->pid, at.level,
			    r->caller.tid);
	} else {
		res = sender_gone(in, r, cred, start, &v, &at, why);
		if (res != VERIFY_OK)
			return res;
	}
	at.ns = v.ns;

	if ((r->flags & WK_F_TARGET_READ) && r->target.pid != r->caller.pid) {
		memset(&w, 0, sizeof w);
		w.ns_pid = r->target.pid;
		w.start_time = r->target.start_time;
		w.ns_ppid = r->target.ppid;
		memcpy(w.comm, r->target.comm, sizeof w.comm);
		w.alive_at = r->time;	/* read after that, before the signal */
		self.pid = cred->pid;
		self.ns_pid = r->caller.pid;
		v.target = proc_ns_find(in->procs, &at, &w, &self,
		    &v.target_ppid);
	}
	ingest_ns_translate(r, &v, out, ns);
	log_debug("pid %" PRId32 " is pid %" PRId32 " in pid namespace %"
	    PRIu64 "%s; its target pid %" PRId32 " there is %" PRId32,
	    cred->pid, r->caller.pid, v.ns, v.alive ? "" : " (ended)",
	    ns->target_pid, out->target.pid);
	*why = "";
	return VERIFY_OK;
}
