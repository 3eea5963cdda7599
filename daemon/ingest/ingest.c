/*
 * Decode, verify, resolve, store: one datagram at a time.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/cgroup_unit.h"
#include "daemon/base/clock_convert.h"
#include "ingest.h"
#include "ingest_group.h"
#include "ingest_result.h"
#include "ingest_ns.h"
#include "rate_limit.h"
#include "daemon/base/log.h"
#include "daemon/procs/proc_table_chain.h"
#include "daemon/procs/proc_target.h"
#include "daemon/base/report_socket.h"

/* What the daemon resolved for a report, by its type. */
union ingest_row {
	struct wk_event kill;
	struct wk_authfail_event authfail;
};

void
ingest_init(struct ingest *in, struct store *st,
    struct wkd_counters *counters, const char *boot_id,
    unsigned commit_interval_ms, unsigned drain_max)
{
	memset(in, 0, sizeof *in);
	in->store = st;
	in->counters = counters;
	snprintf(in->boot_id, sizeof in->boot_id, "%s", boot_id);
	in->read_proc = procinfo_read;
	in->commit_interval_ms = commit_interval_ms;
	in->drain_max = drain_max;
	in->first_pending_ms = -1;
	in->log_window_ms = -1;
	ingest_backlog_init(&in->backlog);
	ingest_log_init(&in->log, 0);
}

/*
 * The caller as it is now, when it is running: its process-table entry
 * when the table can stand in for /proc and agrees with the report, else
 * /proc itself (which settles any disagreement).  0, or -1 when gone.
 */
static int
read_caller(struct ingest *in, const struct wk_kill_report *r,
    const struct ucred *cred, struct wk_chain_entry *live)
{
	const struct proc_entry *e;
	const char *why;

	if (in->procs != NULL) {
		e = proc_table_current(in->procs, r->caller.pid,
		    clock_mono_now_ns());
		if (e != NULL) {
			proc_entry_to_chain(e, live);
			if (verify_report_live(cred, r, live, &why) == VERIFY_OK)
				return 0;
		}
	}
	return in->read_proc(r->caller.pid, live, in->read_proc_arg);
}

/*
 * A report that left out the caller's /proc/self (a lean one, or a shim
 * without /proc): the daemon's process table fills it in, from the entry
 * of the process that had the sender's pid when it called -- the kernel
 * vouched for that pid, and the table has every fork before the report
 * (ingest_drain), so an earlier process with the pid is never taken.
 * The table's login uid and audit session, read from /proc at the
 * process's exec or inherited at its fork, are the kernel's; the tty
 * only while the table's session is the one the report names.  Nothing
 * the report did say is replaced.
 */
static void
fill_caller(struct ingest *in, struct wk_kill_report *r)
{
	struct wk_caller *c = &r->caller;
	const struct proc_entry *e;
	uint64_t at_ns, at_ticks;

	clock_real_to_mono(&r->time, &at_ns, &at_ticks);
	e = proc_table_at(in->procs, c->pid, at_ns, at_ticks);
	if (e == NULL)
		return;
	if (c->loginuid == WK_ID_UNSET)
		c->loginuid = e->loginuid;
	if (c->sessionid == WK_ID_UNSET)
		c->sessionid = e->sessionid;
	if (c->comm[0] == '\0')
		memcpy(c->comm, e->comm, sizeof c->comm);
	if (e->start_time == 0 || (e->flags & PROC_F_START_UNKNOWN))
		return;
	c->start_time = e->start_time;
	/*
	 * Same session, same tty.  A session 0 is one led from outside this
	 * pid namespace (getsid and stat say 0 alike); the table's "unknown"
	 * 0 comes only with tty 0, as both are read or inherited together.
	 */
	c->tty_nr = e->sid == c->sid ? e->tty_nr : 0;
	r->flags |= WK_F_CALLER_STAT_READ;
}

enum verify_result
ingest_resolve(struct ingest *in, const struct wk_kill_report *r,
    const char *argv, const struct ucred *cred, struct wk_event *ev,
    const char **why)
{
	const struct wk_caller *c = &ev->report.caller;
	struct wk_chain_entry live;
	int32_t ppid;
	uint64_t start = 0;
	unsigned n;
	int alive;

	assert(cred != NULL);	/* verified: the sender's credentials came */
	/* argv past its used bytes is never read: not cleared. */
	memset(ev, 0, WK_EVENT_FIXED);
	ev->sources = WK_SRC_SHIM;
	memcpy(ev->boot_id, in->boot_id, sizeof ev->boot_id);
	ev->report = *r;
	memcpy(ev->argv, argv, c->argv_len);
	if (!(r->flags & WK_F_TARGET_READ))
		ev->report.target.pid = ingest_addressed_pid(r);

	/*
	 * While the killer lives, /proc is the truth about it: its login uid
	 * must match and its parent there starts the chain.  Once it is gone,
	 * only its own word names its parent, so a sender that is not root
	 * may only name a parent of its own real uid -- no one can graft
	 * their kill onto another user's session.  (Root is trusted; for it
	 * a different start time only means its pid was already reused.)
	 * Read first: a table entry it finds out of date is read again, and
	 * a lean report is then filled in from the fresh one.
	 */
	alive = read_caller(in, r, cred, &live) == 0;
	if (alive && verify_report_live(cred, r, &live, why) != VERIFY_OK)
		return VERIFY_FORGED;
	if (!(r->flags & WK_F_CALLER_STAT_READ) && in->procs != NULL)
		fill_caller(in, &ev->report);
	if (ev->report.flags & WK_F_CALLER_STAT_READ) {
		procinfo_tty_name(c->tty_nr, ev->tty, sizeof ev->tty);
		start = c->start_time;
	}
	if (alive && start != 0 && live.start_time != start)
		alive = 0;
	if (alive) {
		ppid = live.ppid;
		start = live.start_time;
		/* The kernel's word over the shim's copy (see verify.h). */
		ev->report.caller.loginuid = live.loginuid;
	} else {
		ppid = c->ppid;
	}
	n = ingest_chain(in, c->pid, start, &ppid, ev->chain,
	    WK_CHAIN_MAX - 1);
	if (!alive && n > 0 && cred->uid != 0 &&
	    ev->chain[n - 1].uid != cred->uid) {
		log_debug("pid %" PRId32 " is gone and names parent %" PRId32
		    " of another uid: chain left out", c->pid, ppid);
		n = 0;
	}
	ingest_caller_entry(c, ev->argv, ppid, start, &ev->chain[n]);
	ev->chain_len = n + 1;
	*why = "";
	return VERIFY_OK;
}

/*
 * Log a rejected datagram: every one at debug level, and the first of each
 * INGEST_LOG_WINDOW_MS at info level so a flood cannot fill the log.  what
 * NULL: why is the rest of the sentence after "from pid N uid U".
 */
static void
log_rejected(struct ingest *in, const char *what, const struct ucred *cred,
    const char *why)
{
	int64_t now = wkd_monotonic_ms();
	int pid = cred != NULL ? cred->pid : 0;
	unsigned uid = cred != NULL ? cred->uid : 0;

	if (in->log_window_ms < 0 ||
	    now - in->log_window_ms >= INGEST_LOG_WINDOW_MS) {
		in->log_window_ms = now;
		if (what == NULL)
			log_info("rejected report from pid %d uid %u%s (more "
			    "rejections this minute are logged at debug "
			    "level)", pid, uid, why);
		else
			log_info("rejected %s report from pid %d uid %u: %s "
			    "(more rejections this minute are logged at "
			    "debug level)", what, pid, uid, why);
		return;
	}
	if (what == NULL)
		log_debug("rejected report from pid %d uid %u%s", pid, uid, why);
	else
		log_debug("rejected %s report from pid %d uid %u: %s", what,
		    pid, uid, why);
}

/*
 * A kill report: the caller is the sender, then the event is resolved.  A
 * sender in another pid namespace reports its pid there: its report is
 * translated to the daemon's pids first (ingest_ns.h).
 */
static enum verify_result
check_kill(struct ingest *in, const struct wk_kill_report *r,
    const char *argv, const struct ucred *cred, struct wk_event *ev,
    const char **why)
{
	struct wk_kill_report translated;
	struct wk_pid_ns ns;
	enum verify_result v;

	v = verify_report_creds(cred, &r->caller, why);
	if (v == VERIFY_FORGED && cred->pid != r->caller.pid) {
		v = ingest_ns_check(in, r, cred, &translated, &ns, why);
		if (v != VERIFY_OK)
			return v;
		v = verify_report_creds(cred, &translated.caller, why);
		if (v != VERIFY_OK)
			return v;
		v = ingest_resolve(in, &translated, argv, cred, ev, why);
		/* The target as translated, none when its pid was not. */
		ev->report.target.pid = translated.target.pid;
		ev->pid_ns = ns;
		return v;
	}
	if (v != VERIFY_OK)
		return v;
	return ingest_resolve(in, r, argv, cred, ev, why);
}

/*
 * The target's unit and cgroup, read now: from the table, which read it
 * at the target's exec and reads it again while the target runs, or from
 * /proc while it runs.  A target that has already ended and that the
 * table never knew (a daemon without the connector, a target its parent
 * reaped at once) has what its parent read before delivery, sent with
 * the report (sent_cgroup, sent_len bytes of its /proc/PID/cgroup): taken
 * from a root sender of this pid namespace only, where the path means
 * what it says here and the sender could have signalled anything anyway.
 */
static void
resolve_target_cgroup(struct ingest *in, struct wk_event *ev,
    const char *sent_cgroup, uint32_t sent_len, const struct ucred *cred)
{
	struct wk_target *t = &ev->report.target;
	struct wk_cgroup *cg = &ev->target_cgroup;

	/* A stored event holds the cgroup in its own field. */
	t->cgroup_len = 0;
	if (t->pid <= 0)
		return;
	/* Its executable's base name likewise (a NAME list matches it). */
	(void)proc_target_cgroup(in->procs, t->pid, t->start_time,
	    clock_mono_now_ns(), cg, ev->target_exe, sizeof ev->target_exe);
	if (cg->path[0] != '\0' || sent_cgroup == NULL || cred->uid != 0 ||
	    cred->pid != ev->report.caller.pid)
		return;
	if (wk_cgroup_parse(sent_cgroup, sent_len, cg->path, sizeof cg->path,
	    cg->unit, sizeof cg->unit) == -1)
		memset(cg, 0, sizeof *cg);
}

/*
 * Store a checked report (row: what was resolved for it) through the
 * backlog, which writes it with its kind's store call (a kill:
 * ingest_kernel_store_shim) and keeps it until it is committed.
 */
static enum ingest_row_result
store_report(struct ingest *in, unsigned type, const union wk_report_any *m,
    const union ingest_row *row)
{
	switch (type) {
	case WK_MSG_KILL:
		return ingest_store_row(in, INGEST_ROW_KILL, &row->kill,
		    wk_event_size(&row->kill));
	case WK_MSG_SESSION_OPEN:
		return ingest_store_row(in, INGEST_ROW_SESSION_OPEN,
		    &m->session, sizeof m->session);
	case WK_MSG_SESSION_CLOSE:
		return ingest_store_row(in, INGEST_ROW_SESSION_CLOSE,
		    &m->session, sizeof m->session);
	case WK_MSG_AUTH_FAIL:
		return ingest_store_row(in, INGEST_ROW_AUTHFAIL, &row->authfail,
		    wk_authfail_event_size(&row->authfail));
	case WK_MSG_KILL_RESULT:
		return ingest_store_row(in, INGEST_ROW_KILL_RESULT, &m->result,
		    sizeof m->result);
	}
	ingest_backlog_count_lost(in, 1);
	return INGEST_ROW_LOST;
}

/* What a report was about, for the debug log. */
static void
log_stored(unsigned type, const union wk_report_any *m,
    const union ingest_row *row)
{
	const struct wk_session_report *s = &m->session;

	switch (type) {
	case WK_MSG_KILL:
		log_debug("pid %" PRId32 " sent signal %" PRId32 " to %" PRId32
		    " (chain of %" PRIu32 ")", m->kill.caller.pid,
		    m->kill.signo, m->kill.arg_pid, row->kill.chain_len);
		break;
	case WK_MSG_SESSION_OPEN:
	case WK_MSG_SESSION_CLOSE:
		log_debug("%s session of %.*s via %.*s: pid %" PRId32
		    " login uid %" PRIu32 " session %" PRIu32,
		    type == WK_MSG_SESSION_OPEN ? "opened" : "closed",
		    (int)sizeof s->user, s->user, (int)sizeof s->service,
		    s->service, s->pid, s->loginuid, s->sessionid);
		break;
	case WK_MSG_AUTH_FAIL:
		log_debug("failed login for %.*s via %.*s by pid %" PRId32,
		    (int)sizeof m->authfail.user, m->authfail.user,
		    (int)sizeof m->authfail.service, m->authfail.service,
		    m->authfail.caller.pid);
		break;
	case WK_MSG_KILL_RESULT:
		log_debug("pid %" PRId32 " returned %" PRId32 " (errno %" PRId32
		    ") from its signal %" PRId32, m->result.pid,
		    m->result.result, m->result.error, m->result.signo);
		break;
	}
}

enum ingest_result
ingest_datagram(struct ingest *in, const void *buf, size_t len, int truncated,
    const struct ucred *cred)
{
	static struct ingest_group group;	/* one thread: 2.6 KB */
	static char argv[WK_ARGV_MAX];	/* and off the stack, 32 KB */
	static union ingest_row row;
	union wk_report_any m;
	enum verify_result v = VERIFY_FORGED;
	enum ingest_row_result res;
	const char *why = "unknown report type";
	uint64_t merged;
	unsigned type;

	in->counters->received++;
	if (truncated) {
		in->counters->rejected_malformed++;
		log_rejected(in, "malformed", cred, "longer than a report");
		return INGEST_MALFORMED;
	}
	if (wk_decode_any(buf, len, &m, argv, &why) == -1) {
		in->counters->rejected_malformed++;
		log_rejected(in, "malformed", cred, why);
		return INGEST_MALFORMED;
	}
	/* Its kind, as decoded: every step below goes by it. */
	type = m.hdr.type;
	switch (type) {
	case WK_MSG_KILL:
		v = check_kill(in, &m.kill, argv, cred, &row.kill, &why);
		if (v == VERIFY_OK)
			resolve_target_cgroup(in, &row.kill,
			    wk_report_cgroup(buf, &m.kill),
			    m.kill.target.cgroup_len, cred);
		break;
	case WK_MSG_SESSION_OPEN:
	case WK_MSG_SESSION_CLOSE:
		v = ingest_check_session(in, &m.session, cred, &why);
		break;
	case WK_MSG_AUTH_FAIL:
		v = ingest_resolve_authfail(in, &m.authfail, argv, cred,
		    &row.authfail, &why);
		break;
	case WK_MSG_KILL_RESULT:
		v = ingest_check_result(in, &m.result, cred, &why);
		break;
	}
	if (v == VERIFY_NOCRED) {
		in->counters->rejected_nocred++;
		log_rejected(in, "uncredentialed", cred, why);
		return INGEST_NOCRED;
	}
	if (v != VERIFY_OK) {
		in->counters->rejected_forged++;
		/* About a pid namespace, why says all after the pid. */
		log_rejected(in, v == VERIFY_FORGED_NS ? NULL : "forged", cred,
		    why);
		return INGEST_FORGED;
	}
	in->counters->sender_dropped += m.hdr.dropped;
	/* The processes a group kill reached, counted in its own row. */
	group.n = 0;
	if (type == WK_MSG_KILL)
		ingest_group_find(in, &row.kill, &group);
	/* Failures are counted and logged by the backlog. */
	merged = in->counters->kernel_merged;
	res = store_report(in, type, &m, &row);
	if (res == INGEST_ROW_LOST)
		return INGEST_STORE_ERROR;
	log_stored(type, &m, &row);
	/* A kept kill will be stored: its target was signalled all the same. */
	if (type == WK_MSG_KILL) {
		ingest_signal_stored(in, &row.kill);
		/* Merged into the kernel's row: its line is written. */
		if (in->counters->kernel_merged == merged)
			ingest_log_kill(&in->log, &row.kill,
			    wkd_monotonic_ms());
		(void)ingest_group_store(in, &row.kill, &group);
	}
	return res == INGEST_ROW_WAITING ? INGEST_KEPT : INGEST_STORED;
}

/* The daemon has one thread: one batch buffer (about 60 KiB) serves it. */
static struct report_dgram batch[REPORT_BATCH_MAX];

int
ingest_drain(struct ingest *in, int fd)
{
	const struct report_dgram *d;
	unsigned count = 0, want;
	int n, i;

	while (count < in->drain_max) {
		want = in->drain_max - count;
		n = report_socket_recv_batch(fd, batch, want < REPORT_BATCH_MAX ?
		    want : REPORT_BATCH_MAX);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n == -1)
			return -1;
		/*
		 * The table catches up after the batch was received: a
		 * process's fork and exec events are queued before it runs,
		 * so the table then holds every sender of the batch and
		 * every earlier process that had its pid has its exit.
		 */
		for (unsigned l = 0; l < INGEST_LISTENERS_MAX; l++)
			if (in->listeners[l].before_reports != NULL)
				in->listeners[l].before_reports(
				    in->listeners[l].arg);
		for (i = 0; i < n; i++) {
			d = &batch[i];
			count++;
			/* Over its uid's rate: dropped before any decoding,
			 * /proc read or store work, so a flood costs the
			 * daemon next to nothing. */
			if (d->have_cred && !rate_limit_allow(in->limit,
			    d->cred.uid, wkd_monotonic_ms())) {
				in->counters->received++;
				in->counters->rate_limited++;
				continue;
			}
			ingest_datagram(in, d->buf.raw, d->len, d->truncated,
			    d->have_cred ? &d->cred : NULL);
			/* A failed commit is counted and logged there. */
			if (store_pending(in->store) >= INGEST_COMMIT_ROWS)
				(void)ingest_commit(in);
		}
		if ((unsigned)n < want && (unsigned)n < REPORT_BATCH_MAX)
			break;	/* the socket is empty now */
	}
	return (int)count;
}
