/*
 * The whokilled command: one query, its reply frames, an exit status.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "audit_logs.h"
#include "client.h"
#include "format_death.h"
#include "format_filter.h"
#include "format_json.h"
#include "format_list.h"
#include "format_login.h"
#include "format_text.h"
#include "escape.h"
#include "glyphs.h"
#include "names.h"
#include "run.h"

/* Death frames kept to go with the events (the daemon sends at most 64). */
#define CLI_DEATHS_MAX	64
/* Lines a follow prints of what was recorded before, without -n. */
#define CLI_FOLLOW_DEFAULT_LIMIT	10

/* SIGINT, SIGTERM or SIGHUP while following: stop, with status 0. */
static volatile sig_atomic_t follow_stop;

/* What the reply loop has seen so far. */
struct reply_state {
	const struct cli_options *opt;
	const char *path;
	FILE *out;
	FILE *err;
	unsigned printed;	/* events written */
	int stats;		/* a stats frame was written */
	struct wk_death deaths[CLI_DEATHS_MAX];
	unsigned ndeaths;
	int ended;		/* a death said the process asked about ended */
	int colour;		/* list lines get colours */
	int live;		/* following: the recorded part was printed */
	/* The event last read, printed when the next frame shows whether a
	 * request frame follows it, or whether it is systemd's SIGCONT
	 * right after a SIGTERM (events come newest first).  In a list only
	 * whether a request follows: a follower's when the next frame comes,
	 * or when none is waiting (ask_daemon). */
	int held;
	struct wk_event event;
	int has_request;
	struct wk_request request;
	int held_cont;		/* it is a SIGTERM whose SIGCONT was folded */
};

/* The directory of the daemon's sockets: option, environment, default. */
static const char *
socket_dir(const struct cli_options *opt)
{
	const char *env;

	if (opt->socket_dir != NULL)
		return opt->socket_dir;
	env = getenv(WK_SOCKET_DIR_ENV);
	if (env != NULL && env[0] != '\0')
		return env;
	return WK_DEFAULT_SOCKET_DIR;
}

/* Says why the daemon could not be reached and what to do about it. */
static void
report_unreachable(FILE *err, const char *path, int e)
{
	if (e == ETIMEDOUT) {
		fprintf(err, "whokilled: whokilledd at %s did not accept the connection "
		    "within %d s %s it may be hung (try 'systemctl restart whokilledd')\n",
		    path, CLI_TIMEOUT_MS / 1000, cli_dash());
	} else if (e == EACCES || e == EPERM) {
		fprintf(err, "whokilled: cannot reach whokilledd at %s: %s %s the socket "
		    "is not open to you (ask an administrator; use --socket-dir or "
		    WK_SOCKET_DIR_ENV " for a private daemon)\n", path, strerror(e),
		    cli_dash());
	} else {
		fprintf(err, "whokilled: cannot reach whokilledd at %s: %s %s is the daemon "
		    "running? (start it with 'systemctl start whokilledd' or 'whokilledd'; "
		    "use --socket-dir or " WK_SOCKET_DIR_ENV " for a private one)\n",
		    path, strerror(e), cli_dash());
	}
}

/* Says why a reply could not be read. */
static void
report_read_failure(FILE *err, const char *path, int e, const char *why)
{
	if (e == EPROTO)
		fprintf(err, "whokilled: malformed reply from whokilledd at %s: %s\n",
		    path, why);
	else if (e == ETIMEDOUT)
		fprintf(err, "whokilled: whokilledd at %s did not answer within %d s %s "
		    "it may be hung (try 'systemctl restart whokilledd')\n",
		    path, CLI_TIMEOUT_MS / 1000, cli_dash());
	else if (e == ECONNRESET)
		fprintf(err, "whokilled: whokilledd at %s closed the connection before "
		    "the end of its reply (see its log)\n", path);
	else
		fprintf(err, "whokilled: reading the reply of whokilledd at %s: %s\n",
		    path, strerror(e));
}

static void
build_query(const struct cli_options *opt, struct wk_query *q)
{
	if (opt->mode == CLI_MODE_STATS) {
		wk_query_init(q, WK_Q_STATS);
		return;
	}
	if (opt->mode == CLI_MODE_FAILED_LOGINS) {
		wk_query_init(q, WK_Q_FAILED_LOGINS);
		if (opt->user != NULL)
			snprintf(q->user, sizeof q->user, "%s", opt->user);
		q->since = opt->since;
		q->until = opt->until;
		q->limit = opt->limit;
		return;
	}
	if (opt->list) {
		wk_query_init(q, WK_Q_LIST);
		q->flags = (opt->follow ? WK_QF_FOLLOW : 0) |
		    (opt->exits ? WK_QF_EXITS : 0) | (opt->by ? WK_QF_BY : 0);
		q->by_uid = opt->by_uid;
		if (opt->name != NULL)
			snprintf(q->name, sizeof q->name, "%s", opt->name);
		if (opt->unit != NULL)
			snprintf(q->unit, sizeof q->unit, "%s", opt->unit);
		if (opt->node != NULL)
			snprintf(q->node, sizeof q->node, "%s", opt->node);
		q->signo = opt->signo;
		q->since = opt->since;
		q->until = opt->until;
		q->limit = opt->limit;
		/* A follow's limit 0 is "none of the recorded". */
		if (opt->follow && !opt->limit_set)
			q->limit = CLI_FOLLOW_DEFAULT_LIMIT;
		return;
	}
	wk_query_init(q, WK_Q_BY_PID);
	q->flags = opt->all ? WK_QF_ALL_PROCESSES : 0;
	q->pid = opt->pid;
	q->signo = opt->signo;
	q->since = opt->since;
	q->until = opt->until;
	q->limit = opt->limit;
	if (opt->node != NULL)
		snprintf(q->node, sizeof q->node, "%s", opt->node);
}

/*
 * One element of a list: a line, an element of the JSON array, or with
 * --follow --json a line of JSON Lines.  Flushed while following, so a
 * pipe gets each as it comes.
 */
static void
print_listed(struct reply_state *st, const struct wk_event *ev,
    const struct wk_death *d, const struct wk_request *req)
{
	int lines = st->opt->follow;

	if (st->opt->json && !lines)
		fputs(st->printed == 0 ? "[\n" : ",\n", st->out);
	/* An audit node's uids are the node's: no names from this host. */
	cli_names_numeric(ev != NULL && ev->node[0] != '\0');
	if (st->opt->json && ev != NULL)
		cli_json_event_request(st->out, ev, NULL, req);
	else if (st->opt->json)
		cli_json_death_only(st->out, d);
	else if (ev != NULL)
		cli_list_event_request(st->out, ev, req, st->colour);
	else
		cli_list_death(st->out, d, st->colour);
	cli_names_numeric(0);
	if (st->opt->json && lines)
		fputc('\n', st->out);
	st->printed++;
	if (lines)
		fflush(st->out);
}

/* An event or a group of failed logins: one element of the list printed. */
static void
print_item(struct reply_state *st, const struct wk_event *ev,
    const struct wk_authfail_event *failed, const struct wk_request *req,
    int then_cont)
{
	const struct wk_death *death = ev != NULL ?
	    cli_death_of(st->deaths, st->ndeaths, ev) : NULL;

	if (st->opt->list) {
		print_listed(st, ev, NULL, req);
		return;
	}
	if (st->opt->json)
		fputs(st->printed == 0 ? "[\n" : ",\n", st->out);
	else if (st->printed > 0 || st->ndeaths > 0)
		fputc('\n', st->out);
	/* An audit node's uids are the node's: no names from this host. */
	cli_names_numeric(ev != NULL && ev->node[0] != '\0');
	if (ev != NULL && st->opt->json)
		cli_json_event_request(st->out, ev, death, req);
	else if (ev != NULL)
		cli_text_event_request(st->out, ev, death, req, then_cont);
	else if (st->opt->json)
		cli_json_failed_login(st->out, failed);
	else
		cli_text_failed_login(st->out, failed);
	cli_names_numeric(0);
	st->printed++;
}

/*
 * Whether cont, a SIGCONT, is the one that goes with term, the signal
 * before it (newest first: cont came first): sent by the same process to
 * the same process within a second after a SIGTERM, both delivered, as
 * systemd does to wake a stopped process it asks to end.
 */
static int
cont_after_term(const struct wk_event *cont, const struct wk_event *term)
{
	const struct wk_kill_report *c = &cont->report, *t = &term->report;
	int64_t ns = (c->time.sec - t->time.sec) * 1000000000LL +
	    (c->time.nsec - t->time.nsec);

	return c->signo == SIGCONT && t->signo == SIGTERM &&
	    c->result == 0 && t->result == 0 &&
	    c->caller.pid == t->caller.pid &&
	    c->caller.start_time == t->caller.start_time &&
	    c->target.pid == t->target.pid &&
	    c->target.start_time == t->target.start_time &&
	    c->arg_pid == t->arg_pid &&
	    strcmp(cont->boot_id, term->boot_id) == 0 &&
	    ns >= 0 && ns < 1000000000LL;
}

/*
 * Print the event held, if any; next is the event read after it (or
 * NULL).  In text, a held SIGCONT that goes with next is not printed:
 * *then_cont says next's line tells it.
 */
static void
flush_held(struct reply_state *st, const struct wk_event *next,
    int *then_cont)
{
	*then_cont = 0;
	if (!st->held)
		return;
	st->held = 0;
	if (!st->opt->list && !st->opt->json && next != NULL &&
	    cont_after_term(&st->event, next)) {
		*then_cont = 1;
		return;
	}
	print_item(st, &st->event, NULL, st->has_request ? &st->request : NULL,
	    st->held_cont);
}

/*
 * How a process ended (the daemon sends these first): printed at once as
 * the answer's first lines, kept for the events of that process.
 */
static void
take_death(struct reply_state *st, const struct wk_death *d)
{
	if (st->opt->list) {
		print_listed(st, NULL, d, NULL);
		return;
	}
	if (st->ndeaths >= CLI_DEATHS_MAX)
		return;
	st->deaths[st->ndeaths++] = *d;
	if ((d->flags & WK_D_SUBJECT) && cli_death_ended(d))
		st->ended = 1;
	if (!st->opt->json)
		cli_text_death(st->out, d);
}

/* The death frame of the process asked about, or NULL. */
static const struct wk_death *
subject_death(const struct reply_state *st)
{
	for (unsigned i = 0; i < st->ndeaths; i++)
		if (st->deaths[i].flags & WK_D_SUBJECT)
			return &st->deaths[i];
	return NULL;
}

/*
 * The END frame of a list: closes the JSON array, says when the limit
 * left older events out, or that nothing matched.  Following, the
 * recorded part is over: -1 to read on.
 */
static int
finish_list(struct reply_state *st, const struct wk_end *end)
{
	const struct cli_options *opt = st->opt;
	char since[CLI_TIME_MAX];
	FILE *note = opt->json ? st->err : st->out;

	if (opt->follow) {
		st->live = 1;
		return -1;
	}
	if (opt->json)
		fputs(st->printed > 0 ? "\n]\n" : "[]\n", st->out);
	if (st->printed > 0 && end->message[0] != '\0') {
		fputs("(", note);
		cli_term_puts(note, end->message, sizeof end->message);
		fputs(")\n", note);
	} else if (st->printed == 0 && !opt->json) {
		fprintf(st->out, "nothing recorded since %s matches\n",
		    cli_time_text(opt->since, since, sizeof since));
	}
	return st->printed > 0 ? CLI_EXIT_FOUND : CLI_EXIT_NONE;
}

/* The END frame: closes the JSON array or says that nothing was found. */
static int
finish(struct reply_state *st, const struct wk_end *end)
{
	const struct cli_options *opt = st->opt;
	const struct wk_death *d = subject_death(st);
	const struct cli_filter f = {
		.signo = opt->signo, .since = opt->since, .until = opt->until,
	};
	char phrase[CLI_FILTER_PHRASE_MAX];
	const char *excluded = NULL;
	/* With a filter, only a signal that matches it is something found:
	 * the end of the process is told all the same. */
	int found = st->printed > 0 || (st->ended && !cli_filter_any(&f));

	if (opt->mode == CLI_MODE_STATS)
		return st->stats ? CLI_EXIT_FOUND : CLI_EXIT_NONE;
	if (opt->mode == CLI_MODE_QUERY && st->printed == 0 &&
	    end->filtered_out > 0)
		excluded = cli_filter_phrase(end, d, opt->pid, &f, phrase,
		    sizeof phrase);
	if (opt->json && st->printed == 0 && d != NULL) {
		/* No event: one element still says what became of it. */
		fputs("[\n", st->out);
		cli_json_death_only_filtered(st->out, d, end, excluded);
		fputs("\n]\n", st->out);
		return found ? CLI_EXIT_FOUND : CLI_EXIT_NONE;
	}
	if (opt->json) {
		fputs(st->printed > 0 ? "\n]\n" : "[]\n", st->out);
		if (opt->mode == CLI_MODE_QUERY && st->printed > 0 &&
		    end->other_processes > 0)
			cli_text_end(st->err, end, opt->pid, st->printed);
	} else if (opt->mode == CLI_MODE_FAILED_LOGINS) {
		cli_text_failed_end(st->out, end, opt->user, st->printed);
	} else if (excluded != NULL) {
		fprintf(st->out, "%s\n", excluded);
	} else {
		cli_text_end(st->out, end, opt->pid, st->printed);
	}
	return found ? CLI_EXIT_FOUND : CLI_EXIT_NONE;
}

/*
 * Decodes and prints one frame.  Returns -1 to read on, or the exit
 * status once the reply is over (END, ERROR or a bad frame).
 */
static int
handle_frame(struct reply_state *st, const void *buf, size_t len,
    uint16_t type)
{
	union {
		struct wk_event ev;
		struct wk_authfail_event failed;
		struct wk_death death;
		struct wk_stats stats;
		struct wk_end end;
		struct wk_error error;
		struct wk_request request;
	} m;
	int then_cont;
	const char *why = "unexpected frame type";
	int ok = -1;

	switch (type) {
	case WK_R_EVENT:
		ok = wk_decode_event(buf, len, &m.ev, &why);
		if (ok == 0) {
			flush_held(st, &m.ev, &then_cont);
			st->event = m.ev;
			st->held = 1;
			st->held_cont = then_cont;
			st->has_request = 0;
		}
		break;
	case WK_R_REQUEST:
		ok = wk_decode_request(buf, len, &m.request, &why);
		/* It explains the event just before it. */
		if (ok == 0 && st->held && m.request.event == st->event.id) {
			st->request = m.request;
			st->has_request = 1;
			/* A list's line is complete: nothing else joins it. */
			if (st->opt->list)
				flush_held(st, NULL, &then_cont);
		}
		break;
	case WK_R_AUTHFAIL:
		ok = wk_decode_authfail_event(buf, len, &m.failed, &why);
		if (ok == 0)
			print_item(st, NULL, &m.failed, NULL, 0);
		break;
	case WK_R_DEATH:
		ok = wk_decode_death(buf, len, &m.death, &why);
		if (ok == 0 && st->opt->list)
			flush_held(st, NULL, &then_cont);
		if (ok == 0)
			take_death(st, &m.death);
		break;
	case WK_R_STATS:
		ok = wk_decode_stats(buf, len, &m.stats, &why);
		if (ok == 0 && st->opt->json)
			cli_json_stats(st->out, &m.stats);
		else if (ok == 0)
			cli_text_stats(st->out, &m.stats);
		st->stats = ok == 0;
		break;
	case WK_R_END:
		ok = wk_decode_end(buf, len, &m.end, &why);
		if (ok == 0 && st->opt->list) {
			flush_held(st, NULL, &then_cont);
			return finish_list(st, &m.end);
		}
		if (ok == 0) {
			flush_held(st, NULL, &then_cont);
			return finish(st, &m.end);
		}
		break;
	case WK_R_ERROR:
		ok = wk_decode_error(buf, len, &m.error, &why);
		if (ok == 0) {
			flush_held(st, NULL, &then_cont);
			fputs(st->live ? "whokilled: whokilledd stopped following: " :
			    "whokilled: whokilledd refused the query: ", st->err);
			cli_text_error(st->err, &m.error);
			return CLI_EXIT_ERROR;
		}
		break;
	}
	if (ok == 0)
		return -1;
	/* What was read before the bad frame is shown all the same. */
	flush_held(st, NULL, &then_cont);
	fprintf(st->err, "whokilled: malformed reply from whokilledd at %s: %s\n",
	    st->path, why);
	return CLI_EXIT_ERROR;
}

/*
 * A follow's connection ended without a word: the daemon stopped, unless
 * it answers again (then it restarted, or dropped this follower before
 * it could say why).
 */
static void
report_follow_end(FILE *err, const char *path)
{
	unsigned char buf[WK_REPLY_MAX];
	struct wk_query q;
	const char *why;
	uint16_t type;
	size_t len;
	int fd = cli_connect(path, 1000), alive;

	wk_query_init(&q, WK_Q_STATS);
	alive = fd != -1 && cli_send_query(fd, &q, 1000) == 0 &&
	    cli_read_frame(fd, buf, sizeof buf, 1000, &type, &len, &why) == 0;
	if (fd != -1)
		close(fd);
	if (!alive) {
		fprintf(err, "whokilled: whokilledd at %s stopped (the "
		    "connection ended); no longer following\n", path);
		return;
	}
	fprintf(err, "whokilled: whokilledd at %s ended this follow but "
	    "answers again (it restarted, or dropped this follower for "
	    "falling behind); no longer following\n", path);
}

/* Connects, sends the query, prints the reply; returns the exit status. */
static int
ask_daemon(const struct cli_options *opt, FILE *out, FILE *err)
{
	struct reply_state st = { .opt = opt, .out = out, .err = err,
		.colour = cli_list_colour(out) };
	unsigned char buf[WK_REPLY_MAX];
	char path[CLI_PATH_MAX];
	struct wk_query q;
	int fd, status = CLI_EXIT_ERROR;

	if (cli_query_path(socket_dir(opt), path, sizeof path) == -1) {
		fprintf(err, "whokilled: socket directory too long (at most %d bytes): %s\n",
		    (int)WK_SOCKET_DIR_MAX, socket_dir(opt));
		return CLI_EXIT_ERROR;
	}
	st.path = path;
	fd = cli_connect(path, CLI_TIMEOUT_MS);
	if (fd == -1) {
		report_unreachable(err, path, errno);
		return CLI_EXIT_ERROR;
	}
	build_query(opt, &q);
	if (cli_send_query(fd, &q, CLI_TIMEOUT_MS) == -1) {
		fprintf(err, "whokilled: cannot send the query to whokilledd at %s: %s\n",
		    path, strerror(errno));
		goto out;
	}
	for (;;) {
		const char *why;
		uint16_t type;
		size_t len;

		if (st.live && follow_stop) {
			status = CLI_EXIT_FOUND;
			goto out;
		}
		/* A follower's event waits for who asked systemd, which the
		 * daemon sends with it: printed when nothing more is there. */
		if (st.live && st.held && !cli_frame_waiting(fd, 50)) {
			int then_cont;

			flush_held(&st, NULL, &then_cont);
		}
		if (cli_read_frame(fd, buf, sizeof buf, st.live ? -1 :
		    CLI_TIMEOUT_MS, &type, &len, &why) == -1) {
			if (st.live && errno == EINTR && follow_stop) {
				status = CLI_EXIT_FOUND;
				goto out;
			}
			if (st.live && errno == EINTR)
				continue;
			if (st.live && errno == ECONNRESET)
				report_follow_end(err, path);
			else
				report_read_failure(err, path, errno, why);
			goto out;
		}
		status = handle_frame(&st, buf, len, type);
		if (status != -1)
			break;
	}
out:
	close(fd);
	if (status == -1)
		status = CLI_EXIT_ERROR;
	return status;
}

static void
on_stop_signal(int signo)
{
	(void)signo;
	follow_stop = 1;
}

/*
 * Following ends with SIGINT, SIGTERM or SIGHUP: the handlers only set a
 * flag (no SA_RESTART, so the wait for the next frame returns).
 */
static void
catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
}

int
cli_run(int argc, char **argv, FILE *out, FILE *err)
{
	struct cli_options opt;
	char reason[512];
	int status;

	if (cli_parse_args(argc, argv, time(NULL), &opt, reason, sizeof reason) == -1) {
		fprintf(err, "whokilled: %s\nTry 'whokilled --help' for more information.\n",
		    reason);
		return CLI_EXIT_ERROR;
	}
	switch (opt.mode) {
	case CLI_MODE_HELP:
		cli_usage(out);
		status = CLI_EXIT_FOUND;
		break;
	case CLI_MODE_VERSION:
		fprintf(out, "whokilled %s (wire format %d)\n", WHOKILLED_VERSION,
		    WK_WIRE_VERSION);
		status = CLI_EXIT_FOUND;
		break;
	case CLI_MODE_AUDIT_LOG:
		status = cli_audit_logs(&opt, argv, out, err);
		break;
	default:
		if (opt.follow)
			catch_stop_signals();
		status = ask_daemon(&opt, out, err);
		break;
	}
	if (fflush(out) == EOF || ferror(out)) {
		fprintf(err, "whokilled: cannot write the output: %s\n", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	return status;
}
