/*
 * The same signal from two sources, and the attribution made of both.
 */
#include <string.h>

#include "correlate.h"

/* Which system call family a call belongs to, as the kernel sees it. */
static int
call_family(uint32_t call)
{
	switch (call) {
	case WK_CALL_KILL:
	case WK_CALL_KILLPG:	/* the C library's killpg(p) is kill(-p) */
		return 1;
	case WK_CALL_SIGQUEUE:
		return 2;
	case WK_CALL_TGKILL:
		return 3;
	case WK_CALL_PIDFD_SEND_SIGNAL:
		return 4;
	}
	return 0;
}

/* The first argument as the system call received it. */
static int64_t
syscall_arg(const struct wk_kill_report *r)
{
	if (r->call == WK_CALL_KILLPG && r->arg_pid > 0)
		return -(int64_t)r->arg_pid;
	return r->arg_pid;
}

static int64_t
time_ns(const struct wk_time *t)
{
	return t->sec * 1000000000LL + t->nsec;
}

int
correlate_match(const struct wk_event *a, const struct wk_event *b)
{
	const struct wk_kill_report *ra = &a->report, *rb = &b->report;
	int64_t dt;

	if (strncmp(a->boot_id, b->boot_id, sizeof a->boot_id) != 0 ||
	    ra->caller.pid != rb->caller.pid || ra->signo != rb->signo)
		return 0;
	dt = time_ns(&ra->time) - time_ns(&rb->time);
	if (dt > CORRELATE_WINDOW_NS || dt < -CORRELATE_WINDOW_NS)
		return 0;
	if (call_family(ra->call) != call_family(rb->call) ||
	    syscall_arg(ra) != syscall_arg(rb) || ra->arg_tid != rb->arg_tid)
		return 0;
	if (ra->target.pid != 0 && rb->target.pid != 0 &&
	    ra->target.pid != rb->target.pid)
		return 0;
	if (ra->caller.start_time != 0 && rb->caller.start_time != 0 &&
	    ra->caller.start_time != rb->caller.start_time)
		return 0;
	return 1;
}

/* Who the killer was, in the kernel's words. */
static void
take_identity(struct wk_caller *c, const struct wk_caller *k)
{
	c->uid = k->uid;
	c->euid = k->euid;
	c->suid = k->suid;
	c->gid = k->gid;
	c->egid = k->egid;
	c->sgid = k->sgid;
	c->loginuid = k->loginuid;
	c->sessionid = k->sessionid;
	if (k->comm[0] != '\0')
		memcpy(c->comm, k->comm, sizeof c->comm);
	if (k->exe[0] != '\0')
		memcpy(c->exe, k->exe, sizeof c->exe);
}

void
correlate_merge(const struct wk_event *shim, const struct wk_event *kernel,
    struct wk_event *out)
{
	const struct wk_kill_report *k = &kernel->report;
	struct wk_kill_report *r;
	struct wk_caller *c;

	wk_event_copy(out, shim);
	out->id = 0;
	r = &out->report;
	c = &r->caller;
	out->sources = (shim->sources | kernel->sources) & ~WK_SRC_PAM;
	memset(&out->session, 0, sizeof out->session);

	take_identity(c, &k->caller);
	r->result = k->result;
	r->error = k->error;
	/* The kernel's record has the result a pending report waited for. */
	r->flags &= ~(WK_F_RESULT_PENDING | WK_F_SENDER_ENDED);
	if (c->ppid == 0)
		c->ppid = k->caller.ppid;
	if (c->start_time == 0)
		c->start_time = k->caller.start_time;
	if (c->argv_len == 0 && k->caller.argv_len != 0) {
		memcpy(out->argv, kernel->argv, k->caller.argv_len);
		c->argv_len = k->caller.argv_len;
		c->argc = k->caller.argc;
		c->argv_cut = k->caller.argv_cut;
		r->flags = (r->flags & ~WK_F_ARGV_TRUNCATED) |
		    (k->flags & WK_F_ARGV_TRUNCATED);
	}
	if (out->tty[0] == '\0')
		memcpy(out->tty, kernel->tty, sizeof out->tty);

	if (!(r->flags & WK_F_TARGET_READ) && (k->flags & WK_F_TARGET_READ)) {
		r->target = k->target;
		r->flags |= WK_F_TARGET_READ;
	} else {
		if (r->target.pid == 0)
			r->target.pid = k->target.pid;
		if (r->target.ppid == 0)
			r->target.ppid = k->target.ppid;
		if (r->target.start_time == 0)
			r->target.start_time = k->target.start_time;
	}
	/* Read by the daemon for either; the shim's was read sooner. */
	if (out->target_cgroup.path[0] == '\0')
		out->target_cgroup = kernel->target_cgroup;
	if (out->target_exe[0] == '\0')
		memcpy(out->target_exe, kernel->target_exe,
		    sizeof out->target_exe);

	if (kernel->chain_len > shim->chain_len) {
		memcpy(out->chain, kernel->chain, sizeof out->chain);
		out->chain_len = kernel->chain_len;
	}
	if (out->chain_len > 0 && out->chain_len <= WK_CHAIN_MAX) {
		struct wk_chain_entry *last = &out->chain[out->chain_len - 1];

		if (last->pid == c->pid) {
			last->uid = c->uid;
			last->euid = c->euid;
			last->loginuid = c->loginuid;
		}
	}
}
