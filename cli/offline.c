/*
 * The offline answer: read every log through the audit reader, keep the
 * kills that reached the pid and every program start (for the chains),
 * then print the kills newest first.
 *
 * Audit logs give no start time for a signalled process, so "the process
 * that had this pid" is approximated by the pair (node, pid): without
 * --all, the node of the newest matching kill is shown and the others are
 * counted, as the daemon counts earlier processes with the same pid.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "format_death.h"
#include "format_text.h"
#include "cli_exit.h"
#include "audit/audit_event.h"
#include "audit/audit_history.h"
#include "audit/audit_reader.h"
#include "offline.h"
#include "offline_print.h"

struct collect {
	int32_t pid;
	const struct cli_offline_opts *o;
	struct wk_audit_history *hist;
	struct offline_match *v;
	size_t n, cap;
	uint64_t kills;		/* signal events read, whatever their target */
	struct wk_audit_note *notes;	/* nodes' whokilled records about pid */
	size_t nnotes, notes_cap;
	struct wk_audit_end *ends;	/* nodes' records of ends of pid */
	size_t nends, ends_cap;
	int nomem;
};

/* The options' filters: signal and time. */
static int
wanted(const struct cli_offline_opts *o, const struct wk_audit_kill *k)
{
	if (o->signo != 0 && k->signo != o->signo)
		return 0;
	if (o->since != 0 && k->stamp.sec < o->since)
		return 0;
	if (o->until != 0 && k->stamp.sec > o->until)
		return 0;
	if (o->node != NULL && strcmp(k->stamp.node, o->node) != 0)
		return 0;
	return 1;
}

static const struct wk_audit_target *
match_record(const struct wk_audit_kill *k,
    int32_t pid)
{
	for (uint32_t i = 0; i < k->ntargets; i++)
		if (k->targets[i].pid == pid)
			return &k->targets[i];
	return NULL;
}

/*
 * A call that signalled nobody (it failed before finding its target, as
 * with ESRCH) still names its target in its first argument; a pidfd does
 * not name a pid.
 */
static int
match_argument(const struct wk_audit_kill *k, int32_t pid)
{
	return k->ntargets == 0 && k->call != WK_AUDIT_PIDFD_SEND_SIGNAL &&
	    k->arg_pid == pid;
}

static void
on_kill(const struct wk_audit_kill *k, void *arg)
{
	struct collect *c = arg;
	const struct wk_audit_target *t, *shown;
	struct offline_match *m;

	c->kills++;
	if (!wanted(c->o, k))
		return;
	t = match_record(k, c->pid);
	if (t == NULL && !match_argument(k, c->pid))
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct offline_match *v = realloc(c->v, cap * sizeof *v);

		if (v == NULL) {
			c->nomem = 1;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	m = &c->v[c->n++];
	memset(m, 0, sizeof *m);
	m->kill = *k;
	m->kill.targets = NULL;
	shown = wk_audit_shown_target(k);
	if (shown != NULL) {
		m->shown = *shown;
		m->has_shown = 1;
	}
	if (t != NULL) {
		m->matched = *t;
		m->by_record = 1;
	}
	for (uint32_t i = 0; i < k->ntargets && i < OFFLINE_LISTED_MAX; i++)
		m->listed[m->nlisted++] = k->targets[i];
}

/* A node's whokilled record of a signal to pid: kept for its kill. */
static void
on_note(const struct wk_audit_note *n, void *arg)
{
	struct collect *c = arg;

	if (n->ev.report.target.pid != c->pid || n->stamp.node[0] == '\0' ||
	    (c->o->node != NULL && strcmp(n->stamp.node, c->o->node) != 0))
		return;
	if (c->nnotes == c->notes_cap) {
		size_t cap = c->notes_cap ? c->notes_cap * 2 : 8;
		struct wk_audit_note *v = realloc(c->notes, cap * sizeof *v);

		if (v == NULL) {
			c->nomem = 1;
			return;
		}
		c->notes = v;
		c->notes_cap = cap;
	}
	c->notes[c->nnotes++] = *n;
}

/* A node's record of an end of pid: kept for the kills to it. */
static void
on_end(const struct wk_audit_end *e, void *arg)
{
	struct collect *c = arg;

	if (e->d.pid != c->pid ||
	    (c->o->node != NULL && strcmp(e->stamp.node, c->o->node) != 0))
		return;
	if (c->nends == c->ends_cap) {
		size_t cap = c->ends_cap ? c->ends_cap * 2 : 8;
		struct wk_audit_end *v = realloc(c->ends, cap * sizeof *v);

		if (v == NULL) {
			c->nomem = 1;
			return;
		}
		c->ends = v;
		c->ends_cap = cap;
	}
	c->ends[c->nends++] = *e;
}

/* When an end was: its exit, else the OOM kill. */
static int64_t
end_sec(const struct wk_death *d)
{
	return d->time.sec != 0 ? d->time.sec : d->oom.time.sec;
}

/*
 * How the target of the kill in m ended, as its node told: the same node
 * and pid (and start time, when both know it), the first end no earlier
 * than a second before the kill; NULL when none.
 */
static const struct wk_death *
end_of(const struct collect *c, const struct offline_match *m,
    const struct wk_event *ev)
{
	const struct wk_death *best = NULL;
	uint64_t start = ev->report.target.start_time;

	for (size_t i = 0; i < c->nends; i++) {
		const struct wk_death *d = &c->ends[i].d;

		if (strcmp(c->ends[i].stamp.node, m->kill.stamp.node) != 0 ||
		    d->pid != ev->report.target.pid)
			continue;
		if (start != 0 && (d->flags & WK_D_START_KNOWN) &&
		    d->start_time != start)
			continue;
		if (end_sec(d) < m->kill.stamp.sec - 1)
			continue;
		if (best == NULL || end_sec(d) < end_sec(best))
			best = d;
	}
	return best;
}

/*
 * The end as shown with ev: named as ev's doing when it died of ev's
 * signal, delivered, at most 2 s after it (the daemon's rule).
 */
static void
end_with_sender(const struct wk_death *d, const struct wk_event *ev,
    struct wk_death *out)
{
	struct wk_death_sender *s = &out->sender;

	*out = *d;
	if (d->kind != WK_DEATH_SIGNALED || d->signo != ev->report.signo ||
	    ev->report.result != 0 ||
	    (d->time.sec != 0 && d->time.sec > ev->report.time.sec + 2))
		return;
	out->flags |= WK_D_SENDER;
	s->event = ev->id;
	s->pid = ev->report.caller.pid;
	s->uid = ev->report.caller.uid;
	s->loginuid = ev->report.caller.loginuid;
	s->time = ev->report.time;
	memcpy(s->comm, ev->report.caller.comm, sizeof s->comm);
	if (ev->session.flags & WK_SI_KNOWN) {
		out->flags |= WK_D_SENDER_SESSION;
		memcpy(s->session_user, ev->session.user,
		    sizeof s->session_user);
		s->session_user[sizeof s->session_user - 1] = '\0';
	}
}

/*
 * The node's record of the kill in m: the same node, killer, signal and
 * target, within 2 s on the node's clock; NULL when none.
 */
static const struct wk_audit_note *
note_of(const struct collect *c, const struct offline_match *m,
    const struct wk_event *ev)
{
	for (size_t i = 0; i < c->nnotes; i++) {
		const struct wk_audit_note *n = &c->notes[i];
		const struct wk_kill_report *r = &n->ev.report;
		int64_t ms = (r->time.sec - m->kill.stamp.sec) * 1000 +
		    r->time.nsec / 1000000 - (int64_t)m->kill.stamp.msec;

		if (strcmp(n->stamp.node, m->kill.stamp.node) == 0 &&
		    r->caller.pid == ev->report.caller.pid &&
		    r->signo == ev->report.signo &&
		    r->target.pid == ev->report.target.pid &&
		    (r->flags & WK_F_GROUP_MEMBER) == 0 && ms >= -2000 &&
		    ms <= 2000)
			return n;
	}
	return NULL;
}

/* What the node's record adds to the kernel's view: argv, session, chain. */
static void
add_note(struct wk_event *ev, const struct wk_audit_note *n)
{
	const struct wk_event *nv = &n->ev;

	if (nv->report.caller.argv_len > 0) {
		memcpy(ev->argv, nv->argv, nv->report.caller.argv_len);
		ev->report.caller.argv_len = nv->report.caller.argv_len;
		ev->report.caller.argc = nv->report.caller.argc;
		ev->report.caller.argv_cut = nv->report.caller.argv_cut;
		ev->report.flags = (ev->report.flags & ~WK_F_ARGV_TRUNCATED) |
		    (nv->report.flags & WK_F_ARGV_TRUNCATED);
	}
	if (ev->tty[0] == '\0')
		memcpy(ev->tty, nv->tty, sizeof ev->tty);
	if (nv->session.flags & WK_SI_KNOWN)
		ev->session = nv->session;
	if (nv->chain_len > ev->chain_len) {
		memcpy(ev->chain, nv->chain, sizeof ev->chain);
		ev->chain_len = nv->chain_len;
	}
	if (ev->report.target.start_time == 0)
		ev->report.target.start_time = nv->report.target.start_time;
	ev->sources |= (nv->sources & WK_SRC_ALL) | WK_SRC_NODE;
}

static void
on_exec(const struct wk_audit_exec *x, void *arg)
{
	struct collect *c = arg;

	if (wk_audit_history_add(c->hist, x) == -1)
		c->nomem = 1;
}

/* Says what was odd about a log that could be read. */
static void
warn_stats(FILE *err, const char *path,
    const struct wk_audit_reader_stats *st)
{
	if (st->truncated)
		fprintf(err, "whokilled: %s: the log ends in the middle of a record "
		    "(truncated?); its last, partial line was ignored\n", path);
	if (st->long_lines > 0)
		fprintf(err, "whokilled: %s: %" PRIu64 " line(s) longer than %d bytes "
		    "skipped\n", path, st->long_lines, WK_AUDIT_LINE_MAX);
	if (st->events == 0)
		fprintf(err, "whokilled: %s: no audit records found (is it a raw audit "
		    "log, as auditd writes it?)\n", path);
}

/* Feeds one log ("-": standard input) to the collector.  0, or -1 after saying why. */
static int
read_log(struct collect *c, const char *path, FILE *err)
{
	struct wk_audit_sink sink = { .kill = on_kill, .exec = on_exec,
	    .note = on_note, .end = on_end, .arg = c };
	struct wk_audit_reader_stats st;
	struct wk_audit_reader *r = NULL;
	int stdin_log = strcmp(path, "-") == 0;
	int fd, ret = -1;

	fd = stdin_log ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		fprintf(err, "whokilled: cannot open audit log %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	r = wk_audit_reader_new(&sink);
	if (r == NULL) {
		fprintf(err, "whokilled: cannot start reading %s: %s\n", path,
		    strerror(errno));
		goto out;
	}
	if (wk_audit_reader_read_fd(r, fd) == -1) {
		fprintf(err, "whokilled: cannot read audit log %s: %s\n", path,
		    strerror(errno));
		goto out;
	}
	wk_audit_reader_stats(r, &st);
	warn_stats(err, path, &st);
	ret = 0;
out:
	wk_audit_reader_free(r);
	if (!stdin_log)
		close(fd);
	return ret;
}

/* Newest first; the same instant ordered by node, then by serial. */
static int
newest_first(const void *a, const void *b)
{
	const struct wk_audit_stamp *x = &((const struct offline_match *)a)->kill.stamp;
	const struct wk_audit_stamp *y = &((const struct offline_match *)b)->kill.stamp;
	int c;

	if (x->sec != y->sec)
		return x->sec > y->sec ? -1 : 1;
	if (x->msec != y->msec)
		return x->msec > y->msec ? -1 : 1;
	c = strcmp(x->node, y->node);
	if (c != 0)
		return c;
	if (x->serial != y->serial)
		return x->serial > y->serial ? -1 : 1;
	return 0;
}

/*
 * Without --all: keeps only the matches of the newest match's node (the
 * list is sorted) and returns how many other nodes had matches.
 */
static uint32_t
keep_newest_node(struct collect *c)
{
	const char *newest;	/* in v[0], which the compaction leaves in place */
	size_t *firsts;		/* index of each other node's first match */
	uint32_t others = 0;
	size_t kept = 0;

	if (c->n == 0)
		return 0;
	newest = c->v[0].kill.stamp.node;
	firsts = malloc(c->n * sizeof *firsts);
	for (size_t i = 0; i < c->n; i++) {
		const char *n = c->v[i].kill.stamp.node;
		uint32_t j;

		if (strcmp(n, newest) == 0)
			continue;
		if (firsts == NULL) {
			others = 1;	/* short of memory: at least one */
			break;
		}
		for (j = 0; j < others && strcmp(c->v[firsts[j]].kill.stamp.node, n) != 0; j++)
			;
		if (j == others)
			firsts[others++] = i;
	}
	free(firsts);
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].kill.stamp.node, newest) != 0)
			continue;
		if (kept != i)
			c->v[kept] = c->v[i];
		kept++;
	}
	c->n = kept;
	return others;
}

/* Prints the matches and the closing note: how many were printed, or -1 (ENOMEM). */
static int
print_all(const struct collect *c, int32_t pid, uint32_t other_nodes,
    const char *none_message, FILE *out, FILE *err)
{
	const struct cli_offline_opts *o = c->o;
	struct wk_event *ev = malloc(sizeof *ev);
	struct wk_death told;
	const struct wk_death *death;
	struct wk_end end;
	unsigned printed = 0;
	size_t n = c->n;

	if (ev == NULL)
		return -1;
	if (o->limit != 0 && n > o->limit)
		n = o->limit;
	for (size_t i = 0; i < n; i++) {
		const struct offline_match *m = &c->v[i];
		enum wk_audit_argv_source src;

		const struct wk_audit_note *note;

		src = wk_audit_event_fill(ev, &m->kill, m->has_shown ? &m->shown : NULL,
		    c->hist);
		ev->id = (int64_t)m->kill.stamp.serial;
		note = note_of(c, m, ev);
		if (note != NULL)
			add_note(ev, note);
		death = end_of(c, m, ev);
		if (death != NULL) {
			end_with_sender(death, ev, &told);
			death = &told;
		}
		if (o->json) {
			fputs(printed == 0 ? "[\n" : ",\n", out);
			offline_print_json(out, ev, m, src, death);
		} else {
			/* The newest kill's target first: how it ended. */
			if (printed == 0 && death != NULL) {
				told.flags |= WK_D_SUBJECT;
				if (m->kill.stamp.node[0] != '\0') {
					fputs("node ", out);
					cli_term_puts(out, m->kill.stamp.node,
					    sizeof m->kill.stamp.node);
					fputs(": ", out);
				}
				cli_text_death(out, death);
				fputc('\n', out);
			}
			if (printed > 0)
				fputc('\n', out);
			offline_print_text(out, ev, m, death);
		}
		printed++;
	}
	free(ev);
	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	end.count = printed;
	end.other_processes = other_nodes;
	snprintf(end.message, sizeof end.message, "%s", none_message);
	if (o->json) {
		fputs(printed > 0 ? "\n]\n" : "[]\n", out);
		if (printed > 0 && other_nodes > 0)
			cli_text_end(err, &end, pid, printed);
	} else {
		cli_text_end(out, &end, pid, printed);
	}
	return (int)printed;
}

int
cli_offline_run(const char *const *logs, size_t nlogs, int32_t pid,
    const struct cli_offline_opts *o, FILE *out, FILE *err)
{
	struct collect c = { .pid = pid, .o = o };
	char message[WK_MESSAGE_MAX];
	uint32_t other_nodes = 0;
	int status = CLI_EXIT_ERROR, printed;

	if (nlogs == 0 || pid <= 0) {
		fprintf(err, "whokilled: --audit-log needs a log file and a PID\n");
		return CLI_EXIT_ERROR;
	}
	c.hist = wk_audit_history_new();
	c.nomem = c.hist == NULL;
	for (size_t i = 0; i < nlogs && !c.nomem; i++)
		if (read_log(&c, logs[i], err) == -1)
			goto out;
	if (c.nomem)
		goto out;
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, newest_first);
	if (!o->all)
		other_nodes = keep_newest_node(&c);
	if (c.kills == 0)
		snprintf(message, sizeof message, "no signal was recorded in the audit "
		    "log(s) given: are the whokilled audit rules loaded?");
	else
		snprintf(message, sizeof message, "no signal to pid %" PRId32 " matched "
		    "in the audit log(s) given", pid);
	printed = print_all(&c, pid, other_nodes, message, out, err);
	c.nomem = printed == -1;
	if (printed >= 0)
		status = printed > 0 ? CLI_EXIT_FOUND : CLI_EXIT_NONE;
out:
	if (c.nomem)
		fprintf(err, "whokilled: out of memory reading the audit logs\n");
	free(c.v);
	free(c.notes);
	free(c.ends);
	wk_audit_history_free(c.hist);
	return status;
}
