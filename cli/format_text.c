/*
 * Text report, one block per event:
 *
 *   pid 2089 (sleep) — owner root
 *     SIGKILL at 2026-11-21 15:12:41 +0000 — delivered
 *       killer   pid 1784 (kill) /usr/bin/kill  uid=root euid=root
 *       argv     kill -9 2089
 *       login    auid=alice session 3 tty pts/0
 *       chain    bash[1700] alice → sh[1783] root → kill[1784] root
 *       sources  shim
 *
 * A signal systemd (PID 1) sent gets a "requested" line under the signal
 * (format_request.c), and a SIGCONT it sent right after a SIGTERM to the
 * same process is told on the SIGTERM's line ("SIGTERM then SIGCONT").
 *
 * With a login session joined to the event, a "person" line (format_lines.c)
 * takes the place of the "login" line, and the chain starts at the
 * session's login process when it is in it.  A killer in another pid
 * namespace adds "[pid 7 in pid namespace 4026532291]" after the killer's
 * and the target's pids (the daemon's), for their pids there.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "format_blind.h"
#include "format_death.h"
#include "format_lines.h"
#include "format_request.h"
#include "format_text.h"
#include "glyphs.h"
#include "names.h"

#define INDENT	"    "
#define LABEL	INDENT "%-9s"

static int
target_read(const struct wk_kill_report *r)
{
	return (r->flags & WK_F_TARGET_READ) && r->target.pid > 0;
}

/* The process group a group-addressed signal went to: kill(0) means the caller's. */
static int64_t
target_group(const struct wk_kill_report *r)
{
	if (r->arg_pid == 0)
		return r->caller.pgid;
	return r->arg_pid < 0 ? -(int64_t)r->arg_pid : r->arg_pid;
}

/*
 * How many processes a group kill reached, as the daemon counted them:
 * "3 processes", or beyond the rows it keeps "64 processes recorded and
 * 10 more".  Nothing when not counted.
 */
static void
print_reached(FILE *out, uint32_t reached)
{
	if (reached > WK_GROUP_ROWS_MAX)
		fprintf(out, "%u processes recorded and %" PRIu32 " more",
		    WK_GROUP_ROWS_MAX, reached - WK_GROUP_ROWS_MAX);
	else
		fprintf(out, "%" PRIu32 " process%s", reached,
		    reached == 1 ? "" : "es");
}

/* "process group 4711 (3 processes)" or "every process (kill -1: ...)". */
static void
print_group(FILE *out, const struct wk_kill_report *r)
{
	if (r->flags & WK_F_TARGET_ALL) {
		fputs("every process (kill -1", out);
		if (r->reached > 0) {
			fputs(": ", out);
			print_reached(out, r->reached);
		}
		fputc(')', out);
		return;
	}
	fprintf(out, "process group %" PRId64, target_group(r));
	if (r->reached > 0) {
		fputs(" (", out);
		print_reached(out, r->reached);
		fputc(')', out);
	}
}

/*
 * After a pid of a killer in another pid namespace (a container), its pid
 * there: " [pid 7 in pid namespace 4026532291]".
 */
static void
print_ns_pid(FILE *out, const struct wk_pid_ns *ns, int32_t ns_pid)
{
	if (ns->id != 0 && ns_pid > 0)
		fprintf(out, " [pid %" PRId32 " in pid namespace %" PRIu64 "]",
		    ns_pid, ns->id);
}

static void
print_target(FILE *out, const struct wk_event *ev)
{
	const struct wk_kill_report *r = &ev->report;
	const struct wk_pid_ns *ns = &ev->pid_ns;
	char name[CLI_NAME_MAX], sep[16];
	int known = target_read(r);
	/* In a container, arg_pid is a pid of the killer's namespace. */
	int ns_arg = ns->id != 0 && r->arg_pid != 0;
	int ns_only = ns->id != 0 && ns->target_pid > 0 && !known;

	if ((r->flags & WK_F_GROUP_MEMBER) && known) {
		/* One of the processes the call reached, not the one named. */
		fprintf(out, "pid %" PRId32 " (", r->target.pid);
		cli_term_puts(out, r->target.comm, sizeof r->target.comm);
		fputs("), one of ", out);
		print_group(out, r);
	} else if (r->flags & WK_F_TARGET_ALL) {
		print_group(out, r);
		fputc('\n', out);
		return;
	} else if (r->flags & WK_F_TARGET_GROUP) {
		fprintf(out, "process group %" PRId64, target_group(r));
		if (ns_arg)
			fprintf(out, " in pid namespace %" PRIu64, ns->id);
		if (r->reached > 0 || known)
			fputs(" (", out);
		if (r->reached > 0)
			print_reached(out, r->reached);
		if (r->reached > 0 && known)
			fputs(", ", out);
		if (known) {
			fputs("leader ", out);
			cli_term_puts(out, r->target.comm, sizeof r->target.comm);
		}
		if (r->reached > 0 || known)
			fputc(')', out);
	} else if (known) {
		fprintf(out, "pid %" PRId32 " (", r->target.pid);
		cli_term_puts(out, r->target.comm, sizeof r->target.comm);
		fputc(')', out);
		print_ns_pid(out, ns, ns->target_pid);
	} else if (ns_only) {
		/* No process of the daemon's was found to be it. */
		fprintf(out, "pid %" PRId32 " in pid namespace %" PRIu64,
		    ns->target_pid, ns->id);
		if (r->flags & WK_F_TARGET_READ) {
			fputs(" (", out);
			cli_term_puts(out, r->target.comm, sizeof r->target.comm);
			fputc(')', out);
		}
	} else if (r->call == WK_CALL_PIDFD_SEND_SIGNAL) {
		fprintf(out, "the process behind pidfd %" PRId32, r->arg_pid);
	} else {
		fprintf(out, "pid %" PRId32, r->arg_pid);
		if (ns_arg)
			fprintf(out, " in pid namespace %" PRIu64, ns->id);
	}
	/* tgkill, tkill and rt_tgsigqueueinfo name a thread too. */
	if ((r->call == WK_CALL_TGKILL || r->call == WK_CALL_SIGQUEUE) &&
	    r->arg_tid > 0)
		fprintf(out, " thread %" PRId32, r->arg_tid);
	if (known || (ns_only && (r->flags & WK_F_TARGET_READ)))
		fprintf(out, " %s owner %s", cli_dash(),
		    cli_user_or_uid(r->target.uid, name, sizeof name));
	snprintf(sep, sizeof sep, " %s ", cli_dash());
	(void)cli_text_unit(out, sep, &ev->target_cgroup);
	fputc('\n', out);
}

/*
 * The result of a call reported before delivery whose result never came:
 * the sender was among its targets when its own end was by the signal.
 */
static void
print_pending(FILE *out, const struct wk_event *ev,
    const struct wk_death *death)
{
	char fate[128];
	int known = cli_death_fate(death, ev, fate, sizeof fate) != NULL;

	if (ev->report.flags & WK_F_SENDER_ENDED)
		fprintf(out, "delivered %s the sender was among its targets "
		    "and did not return from the call", cli_dash());
	else if (cli_death_ended_it(death, ev) == 1)
		fputs("delivered (no result came from the sender)", out);
	else
		fputs("result unknown: the sender did not return from the "
		    "call", out);
	if (known && ((ev->report.flags & WK_F_SENDER_ENDED) ||
	    cli_death_ended_it(death, ev) == 1))
		fprintf(out, "; %s", fate);
	fputc('\n', out);
}

static void
print_signal(FILE *out, const struct wk_event *ev,
    const struct wk_death *death, int then_cont)
{
	const struct wk_kill_report *r = &ev->report;
	char sig[32], when[CLI_TIME_MAX], ename[16], fate[128];

	fprintf(out, "  %s", wk_signal_format(r->signo, sig, sizeof sig));
	if (then_cont)
		fputs(" then SIGCONT", out);
	if (r->call != WK_CALL_KILL)
		fprintf(out, " via %s", wk_call_name(r->call));
	fprintf(out, " at %s %s ", cli_time_text(r->time.sec, when,
	    sizeof when), cli_dash());
	if (r->flags & WK_F_RESULT_PENDING) {
		print_pending(out, ev, death);
		return;
	}
	if (r->result == 0 && cli_death_fate(death, ev, fate, sizeof fate))
		fprintf(out, "delivered; %s\n", fate);
	else if (r->result == 0)
		fputs("delivered\n", out);
	else if (r->error > 0)
		fprintf(out, "failed: %s (%s)\n",
		    cli_errno_name(r->error, ename, sizeof ename), strerror(r->error));
	else
		fprintf(out, "failed (returned %" PRId32 ")\n", r->result);
}

static void
print_killer(FILE *out, const struct wk_event *ev)
{
	const struct wk_caller *c = &ev->report.caller;
	char uid[CLI_NAME_MAX], euid[CLI_NAME_MAX];

	fprintf(out, LABEL "pid %" PRId32, "killer", c->pid);
	if (c->comm[0] != '\0') {
		fputs(" (", out);
		cli_term_puts(out, c->comm, sizeof c->comm);
		fputc(')', out);
	}
	print_ns_pid(out, &ev->pid_ns, ev->pid_ns.caller_pid);
	if (c->exe[0] != '\0') {
		fputc(' ', out);
		cli_term_puts(out, c->exe, sizeof c->exe);
	}
	fprintf(out, "  uid=%s euid=%s\n", cli_user_or_uid(c->uid, uid, sizeof uid),
	    cli_user_or_uid(c->euid, euid, sizeof euid));
}

static void
print_login(FILE *out, const struct wk_event *ev)
{
	const struct wk_caller *c = &ev->report.caller;
	char name[CLI_NAME_MAX];

	fprintf(out, LABEL "auid=%s", "login", c->loginuid == WK_ID_UNSET ? "unset" :
	    cli_user_or_uid(c->loginuid, name, sizeof name));
	if (c->sessionid == WK_ID_UNSET)
		fputs(" session unset", out);
	else
		fprintf(out, " session %" PRIu32, c->sessionid);
	if (ev->tty[0] != '\0') {
		fputs(" tty ", out);
		cli_term_puts(out, ev->tty, sizeof ev->tty);
	} else {
		fputs(" no tty", out);
	}
	fputc('\n', out);
}

/* Where the session's login process is in the chain, or chain_len if not. */
static uint32_t
login_index(const struct wk_event *ev)
{
	const struct wk_session_info *s = &ev->session;
	uint32_t n = ev->chain_len < WK_CHAIN_MAX ? ev->chain_len : WK_CHAIN_MAX;

	if (!(s->flags & WK_SI_KNOWN))
		return n;
	for (uint32_t i = 0; i < n; i++)
		if (ev->chain[i].pid == s->pid &&
		    ev->chain[i].start_time == s->start_time)
			return i;
	return n;
}

static void
print_sources(FILE *out, uint32_t sources)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ WK_SRC_SHIM, "shim" }, { WK_SRC_KERNEL, "kernel" }, { WK_SRC_PAM, "pam" },
		{ WK_SRC_NODE, "node record" },
	};
	int any = 0;

	fprintf(out, LABEL, "sources");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (sources & names[i].bit) {
			fprintf(out, "%s%s", any ? ", " : "", names[i].name);
			any = 1;
		}
	}
	if (!any)
		fputs("none recorded", out);
	fputc('\n', out);
}

void
cli_text_event(FILE *out, const struct wk_event *ev)
{
	cli_text_event_death(out, ev, NULL);
}

void
cli_text_event_death(FILE *out, const struct wk_event *ev,
    const struct wk_death *death)
{
	cli_text_event_request(out, ev, death, NULL, 0);
}

void
cli_text_event_request(FILE *out, const struct wk_event *ev,
    const struct wk_death *death, const struct wk_request *req,
    int then_cont)
{
	const struct wk_kill_report *r = &ev->report;

	if (ev->node[0] != '\0') {
		fputs("node ", out);
		cli_term_puts(out, ev->node, sizeof ev->node);
		fputc('\n', out);
	}
	print_target(out, ev);
	print_signal(out, ev, death, then_cont);
	if (req != NULL)
		cli_text_request(out, INDENT, req);
	print_killer(out, ev);
	cli_text_argv(out, INDENT, &r->caller, ev->argv,
	    (r->flags & WK_F_ARGV_TRUNCATED) != 0);
	if (ev->session.flags & WK_SI_KNOWN)
		cli_text_person(out, INDENT, &ev->session);
	else
		print_login(out, ev);
	cli_text_chain(out, INDENT, ev->chain, ev->chain_len, login_index(ev));
	print_sources(out, ev->sources);
	if (r->hdr.dropped > 0)
		fprintf(out, LABEL "the killer failed to send %" PRIu32
		    " earlier report(s)\n", "lost", r->hdr.dropped);
}

void
cli_text_end(FILE *out, const struct wk_end *end, int32_t pid,
    unsigned printed)
{
	if (printed == 0) {
		if (end->message[0] != '\0')
			cli_term_puts(out, end->message, sizeof end->message);
		else
			fprintf(out, "no signal to pid %" PRId32 " was recorded", pid);
		fputc('\n', out);
		return;
	}
	if (end->other_processes > 0)
		fprintf(out, "\n%" PRIu32 " earlier process(es) with pid %" PRId32
		    " also received signals; use --all to see them\n",
		    end->other_processes, pid);
}

void
cli_text_error(FILE *out, const struct wk_error *e)
{
	char ename[16];

	if (e->message[0] != '\0') {
		cli_term_puts(out, e->message, sizeof e->message);
		fputc(' ', out);
	}
	if (e->code > 0)
		fprintf(out, "(%s: %s)", cli_errno_name(e->code, ename, sizeof ename),
		    strerror(e->code));
	fputc('\n', out);
}

/* "1d 2h 3m" for a non-negative number of seconds. */
static void
print_duration(FILE *out, int64_t s)
{
	if (s >= 86400)
		fprintf(out, "%" PRId64 "d ", s / 86400);
	if (s >= 3600)
		fprintf(out, "%" PRId64 "h ", s % 86400 / 3600);
	fprintf(out, "%" PRId64 "m", s % 3600 / 60);
}

/* A size in bytes as people read it: 812 KiB, 3.4 MiB, 1.0 GiB. */
static void
print_size(FILE *out, uint64_t bytes)
{
	if (bytes < 1024 * 1024)
		fprintf(out, "%" PRIu64 " KiB", (bytes + 1023) / 1024);
	else if (bytes < 1024ULL * 1024 * 1024)
		fprintf(out, "%.1f MiB", (double)bytes / (1024.0 * 1024));
	else
		fprintf(out, "%.1f GiB", (double)bytes / (1024.0 * 1024 * 1024));
}

void
cli_text_stats(FILE *out, const struct wk_stats *st)
{
	char when[CLI_TIME_MAX];
	int64_t up = (int64_t)time(NULL) - st->started;

	fputs("whokilledd\n", out);
	fprintf(out, "  started              %s",
	    cli_time_text(st->started, when, sizeof when));
	if (st->started > 0 && up >= 0) {
		fputs(" (up ", out);
		print_duration(out, up);
		fputc(')', out);
	}
	fputc('\n', out);
	fprintf(out, "  reports received     %" PRIu64 "\n", st->received);
	fprintf(out, "  rows stored          %" PRIu64 "\n", st->stored);
	fprintf(out, "  events in store      %" PRIu64 "\n", st->events_total);
	fprintf(out, "  queries answered     %" PRIu64 "\n", st->queries);
	fprintf(out, "  rejected, malformed  %" PRIu64 "\n", st->rejected_malformed);
	fprintf(out, "  rejected, forged     %" PRIu64 "\n", st->rejected_forged);
	fprintf(out, "  rejected, no creds   %" PRIu64 "\n", st->rejected_nocred);
	fprintf(out, "  lost by senders      %" PRIu64 "\n", st->sender_dropped);
	fprintf(out, "  over rate limit      %" PRIu64 "\n", st->rate_limited);
	fprintf(out, "  store errors         %" PRIu64 "\n", st->store_errors);
	fprintf(out, "  store backlog        %" PRIu32 "\n", st->store_backlog);
	fputs("store\n", out);
	fputs("  size                 ", out);
	print_size(out, st->store_bytes);
	fputs(" (", out);
	print_size(out, st->store_used_bytes);
	fputs(" in use; free pages are reused)\n", out);
	fputs("  page cache           ", out);
	print_size(out, st->store_cache_bytes);
	fputs(" in memory\n", out);
	fprintf(out, "  oldest event         %s\n", st->oldest_event != 0 ?
	    cli_time_text(st->oldest_event, when, sizeof when) : "none");
	fprintf(out, "  rows pruned          %" PRIu64 "\n", st->rows_pruned);
	fputs("kernel audit\n", out);
	fprintf(out, "  records read         %" PRIu64 "\n", st->audit_records);
	fprintf(out, "  signal events        %" PRIu64 "\n", st->audit_events);
	fprintf(out, "  joined to shim       %" PRIu64 "\n", st->kernel_merged);
	fprintf(out, "  from log files       %" PRIu64 "\n", st->audit_backfilled);
	fprintf(out, "  seen twice           %" PRIu64 "\n", st->audit_duplicates);
	fprintf(out, "  records lost         %" PRIu64 "\n", st->audit_dropped);
	fprintf(out, "  input refused        %" PRIu64 "\n", st->audit_refused);
	/* Only where there is something to say: a hub, or a node. */
	if (st->node_records + st->node_refused > 0) {
		fputs("audit hub\n", out);
		fprintf(out, "  node records read    %" PRIu64 "\n",
		    st->node_records);
		fprintf(out, "  of them seen twice   %" PRIu64 "\n",
		    st->node_duplicates);
		fprintf(out, "  refused              %" PRIu64 "\n",
		    st->node_refused);
	}
	if (st->trail_written + st->trail_failed > 0) {
		fputs("audit node\n", out);
		fprintf(out, "  records written      %" PRIu64 "\n",
		    st->trail_written);
		fprintf(out, "  records refused      %" PRIu64 "\n",
		    st->trail_failed);
	}
	fputs("process ends\n", out);
	fprintf(out, "  exits                %s\n",
	    (st->death_sources & WK_DS_EXITS) != 0 ? "watched" :
	    "NOT watched (needs root in the initial namespaces)");
	fprintf(out, "  OOM kills            %s\n",
	    (st->death_sources & WK_DS_KMSG) != 0 ? "read from the kernel log" :
	    "NOT read (the kernel log is closed to the daemon)");
	fprintf(out, "  exits seen           %" PRIu64 "\n", st->exits_seen);
	fprintf(out, "  OOM kills seen       %" PRIu64 "\n", st->oom_kills);
	fprintf(out, "  ends stored          %" PRIu64 "\n", st->deaths_stored);
	fprintf(out, "  ends in store        %" PRIu64 "\n", st->deaths_total);
	fprintf(out, "  processes tracked    %" PRIu64 "\n", st->procs_tracked);
	fprintf(out, "  event overflows      %" PRIu64 "\n", st->proc_events_lost);
	fprintf(out, "  kernel log missed    %" PRIu64 "\n", st->kmsg_missed);
	fputs("what it sees\n", out);
	fprintf(out, "  kill rules           %s\n", cli_blind_rules(st->sight, 0));
	fputs("  ld.so.preload        ", out);
	if ((st->sight & WK_SEE_TOLD) == 0 || (st->sight & WK_SEE_PRELOAD_READ) == 0)
		fputs("unknown (/etc/ld.so.preload could not be read)\n", out);
	else if (st->sight & WK_SEE_PRELOAD)
		fputs("loads the shim\n", out);
	else
		fputs("does not load the shim (only programs started with "
		    "LD_PRELOAD are seen; setuid programs drop it)\n", out);
}
