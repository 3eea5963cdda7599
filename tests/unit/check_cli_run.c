/*
 * whokilled against a fake daemon: a forked child on a socket in a temp
 * directory that answers one query with canned frames.  Checks what is
 * printed, the exit status, and the query that was sent.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/client.h"
#include "../../cli/run.h"
#include "cli_events.h"

struct fake {
	char dir[64];
	char path[128];
	int listen_fd;
	int query_pipe[2];	/* child -> parent: the query as received */
	pid_t child;
};

typedef void script_fn(int fd);

/*
 * Writes buf whole, in the fake daemon.  A client that hung up after a
 * frame it refused ends the script normally; any other failure is one.
 */
static void
send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n == -1 && (errno == EPIPE || errno == ECONNRESET))
			_exit(0);
		if (n <= 0)
			_exit(10);
		p += n;
		len -= (size_t)n;
	}
}

static void
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		ck_assert_int_gt(n, 0);
		p += n;
		len -= (size_t)n;
	}
}

/* A listening socket "query.sock" in a fresh temp directory. */
static void
fake_listen(struct fake *f, int backlog)
{
	struct sockaddr_un sa;

	strcpy(f->dir, "/tmp/check_cli_run.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, WK_QUERY_SOCKET);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, f->path);
	f->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(f->listen_fd, 0);
	ck_assert_int_eq(bind(f->listen_fd, (struct sockaddr *)&sa, sizeof sa), 0);
	ck_assert_int_eq(listen(f->listen_fd, backlog), 0);
}

/* Forks the fake daemon: it accepts one client, reads its query, runs script. */
static void
fake_start(struct fake *f, script_fn *script)
{
	fake_listen(f, 8);
	ck_assert_int_eq(pipe(f->query_pipe), 0);
	f->child = fork();
	ck_assert_int_ge(f->child, 0);
	if (f->child == 0) {
		unsigned char q[sizeof(struct wk_query)];
		size_t got = 0;
		int fd = accept(f->listen_fd, NULL, NULL);

		if (fd < 0)
			_exit(11);
		while (got < sizeof q) {
			ssize_t n = read(fd, q + got, sizeof q - got);

			if (n <= 0)
				_exit(12);
			got += (size_t)n;
		}
		if (write(f->query_pipe[1], q, sizeof q) != (ssize_t)sizeof q)
			_exit(13);
		script(fd);
		close(fd);
		_exit(0);
	}
	close(f->query_pipe[1]);
	close(f->listen_fd);
}

/* Waits for the fake daemon; returns the query it received, decoded. */
static struct wk_query
fake_finish(struct fake *f)
{
	unsigned char raw[sizeof(struct wk_query)];
	struct wk_query q;
	const char *why = NULL;
	int status;

	read_all(f->query_pipe[0], raw, sizeof raw);
	close(f->query_pipe[0]);
	ck_assert_int_eq(waitpid(f->child, &status, 0), f->child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "fake daemon failed: status %d", status);
	ck_assert_msg(wk_decode_query(raw, sizeof raw, &q, &why) == 0, "query: %s", why);
	unlink(f->path);
	rmdir(f->dir);
	return q;
}

/* What the last run() printed; freed by the next run() and at teardown. */
static char *out_text, *err_text;

static void
free_outputs(void)
{
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
}

/* Runs cli_run on "whokilled ARGS..." (NULL-terminated), capturing stdout and stderr. */
static int
run(char **out, char **err, const char *first, ...)
{
	static char arena[2048];
	char *argv[32];
	size_t olen, elen, used = 0;
	FILE *fo, *fe;
	int argc = 0, status;
	const char *s = "whokilled";
	va_list ap;

	free_outputs();
	fo = open_memstream(&out_text, &olen);
	fe = open_memstream(&err_text, &elen);
	ck_assert_ptr_nonnull(fo);
	ck_assert_ptr_nonnull(fe);
	va_start(ap, first);
	while (s != NULL) {
		size_t n = strlen(s) + 1;

		ck_assert_int_lt(argc, 31);
		ck_assert_uint_le(used + n, sizeof arena);
		memcpy(arena + used, s, n);
		argv[argc++] = arena + used;
		used += n;
		s = argc == 1 ? first : va_arg(ap, const char *);
	}
	va_end(ap);
	argv[argc] = NULL;
	status = cli_run(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	*out = out_text;
	*err = err_text;
	return status;
}

static void
utc(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
}

/* ------------------------------------------------------------ scripts */

static void
event_by(struct wk_event *ev, int32_t killer, const char *comm, int64_t sec)
{
	canned_event(ev);
	ev->report.caller.pid = killer;
	strcpy(ev->report.caller.comm, comm);
	ev->report.time.sec = sec;
	ev->chain_len = 0;
}

static void
send_end(int fd, uint32_t count, uint32_t others, const char *message)
{
	struct wk_end end;

	canned_end(&end, count, others, message);
	send_all(fd, &end, sizeof end);
}

static void
two_events_then_end(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "newer", CANNED_SEC + 60);
	send_all(fd, &ev, ev.hdr.size);
	event_by(&ev, 1002, "older", CANNED_SEC);
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 2, 0, "");
}

static void
one_event_others_exist(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "newer", CANNED_SEC);
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 1, 3, "");
}

/* How the canned event's target ended (at CANNED_SEC + 2). */
static void
send_death(int fd, uint32_t kind, int ended_by_event)
{
	struct wk_death d;

	memset(&d, 0, sizeof d);
	wk_reply_init(&d.hdr, WK_R_DEATH, sizeof d);
	d.kind = kind;
	d.flags = WK_D_SUBJECT | WK_D_START_KNOWN;
	strcpy(d.boot_id, "0f6b1a5e-8c44-4f7e-9a41-3d1c2b0a9e77");
	d.pid = 2089;
	d.start_time = 4242;
	strcpy(d.comm, "sleep");
	d.time.sec = CANNED_SEC + 2;
	if (kind == WK_DEATH_EXITED)
		d.exit_code = 3;
	if (kind == WK_DEATH_SIGNALED)
		d.signo = SIGKILL;
	if (ended_by_event) {
		d.flags |= WK_D_SENDER;
		d.sender.event = 42;
		d.sender.pid = 1784;
		d.sender.loginuid = UID_NOBODY;
		strcpy(d.sender.comm, "kill");
	}
	send_all(fd, &d, sizeof d);
}

static void
killed_then_its_event(int fd)
{
	struct wk_event ev;

	send_death(fd, WK_DEATH_SIGNALED, 1);
	canned_event(&ev);
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 1, 0, "");
}

static void
exited_without_event(int fd)
{
	send_death(fd, WK_DEATH_EXITED, 0);
	send_end(fd, 0, 0, "no recorded signal was sent to it");
}

static void
still_running(int fd)
{
	send_death(fd, WK_DEATH_RUNNING, 0);
	send_end(fd, 0, 0, "no recorded signal was sent to it");
}

static void
nothing_found(int fd)
{
	send_end(fd, 0, 0, "no signal to pid 2089 was recorded");
}

static void
event_in_pieces(int fd)
{
	struct wk_event ev;
	const char *p = (const char *)&ev;
	struct timespec pause = { 0, 50 * 1000 * 1000 };

	event_by(&ev, 1001, "pieces", CANNED_SEC);
	send_all(fd, p, 5);
	nanosleep(&pause, NULL);
	send_all(fd, p + 5, 100);
	nanosleep(&pause, NULL);
	send_all(fd, p + 105, ev.hdr.size - 105);
	send_end(fd, 1, 0, "");
}

static void
bad_magic(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "x", CANNED_SEC);
	ev.hdr.magic ^= 1;
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 1, 0, "");
}

static void
bad_event_body(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "x", CANNED_SEC);
	ev.report.signo = 0;
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 1, 0, "");
}

static void
good_then_bad(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "good", CANNED_SEC);
	send_all(fd, &ev, ev.hdr.size);
	ev.chain_len = WK_CHAIN_MAX + 1;
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 2, 0, "");
}

static void
closes_mid_reply(int fd)
{
	struct wk_event ev;

	event_by(&ev, 1001, "lonely", CANNED_SEC);
	send_all(fd, &ev, ev.hdr.size);
	send_all(fd, &ev, 100);
}

static void
refuses(int fd)
{
	struct wk_error e;

	memset(&e, 0, sizeof e);
	wk_reply_init(&e.hdr, WK_R_ERROR, sizeof e);
	e.code = EACCES;
	strcpy(e.message, "only root may ask about other users' processes");
	send_all(fd, &e, sizeof e);
}

static void
stats_then_end(int fd)
{
	struct wk_stats st;

	memset(&st, 0, sizeof st);
	wk_reply_init(&st.hdr, WK_R_STATS, sizeof st);
	st.received = 7;
	st.stored = 6;
	st.rejected_forged = 1;
	st.started = CANNED_SEC;
	send_all(fd, &st, sizeof st);
	send_end(fd, 0, 0, "");
}

static void
two_failed_groups_then_end(int fd)
{
	struct wk_authfail_event ev;

	canned_failed(&ev);
	send_all(fd, &ev, ev.hdr.size);
	canned_failed(&ev);
	ev.count = 1;
	ev.first = ev.last;
	strcpy(ev.report.user, "root");
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 2, 0, "");
}

static void
no_failed_login(int fd)
{
	send_end(fd, 0, 0, "no failed login for postgres was recorded");
}

static void
bad_failed_group(int fd)
{
	struct wk_authfail_event ev;

	canned_failed(&ev);
	ev.count = 0;
	send_all(fd, &ev, ev.hdr.size);
	send_end(fd, 1, 0, "");
}

/* -------------------------------------------------------------- tests */

START_TEST(two_events_printed_in_order_sent_exit_0)
{
	struct fake f;
	struct wk_query q;
	char *out, *err;
	const char *a, *b;

	utc();
	fake_start(&f, two_events_then_end);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_FOUND);
	q = fake_finish(&f);
	ck_assert_str_eq(err, "");
	a = strstr(out, "killer   pid 1001 (newer)");
	b = strstr(out, "killer   pid 1002 (older)");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_msg(a < b, "events out of order:\n%s", out);
	ck_assert_ptr_nonnull(strstr(out, "    sources  shim\n\npid 2089 (sleep)"));
	ck_assert_int_eq(q.type, WK_Q_BY_PID);
	ck_assert_int_eq(q.pid, 2089);
	ck_assert_uint_eq(q.flags, 0);
	ck_assert_int_eq(q.signo, 0);
}
END_TEST

START_TEST(the_end_comes_first_then_the_signals)
{
	struct fake f;
	char *out, *err;

	utc();
	fake_start(&f, killed_then_its_event);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(strncmp(out, "pid 2089 (sleep): killed by SIGKILL from "
	    "nobody's session (pid 1784 kill) at 2025-11-21 15:12:43 +0000\n\n"
	    "pid 2089 (sleep) — owner root\n", 116), 0);
	ck_assert_ptr_nonnull(strstr(out, "— delivered; it ended the process\n"));
}
END_TEST

START_TEST(an_end_without_signals_is_an_answer)
{
	struct fake f;
	char *out, *err;
	FILE *py;

	utc();
	fake_start(&f, exited_without_event);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_str_eq(out, "pid 2089 (sleep): exited with status 3 at "
	    "2025-11-21 15:12:43 +0000\nno recorded signal was sent to it\n");

	fake_start(&f, exited_without_event);
	ck_assert_int_eq(run(&out, &err, "--json", "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	py = popen("python3 -c 'import json, sys; j = json.load(sys.stdin); "
	    "assert len(j) == 1 and j[0][\"signal\"] is None, j; "
	    "assert j[0][\"death\"][\"kind\"] == \"exited\", j; "
	    "assert j[0][\"death\"][\"status\"] == 3, j'", "w");
	ck_assert_ptr_nonnull(py);
	fputs(out, py);
	ck_assert_int_eq(pclose(py), 0);
}
END_TEST

START_TEST(still_running_without_signals_exits_1)
{
	struct fake f;
	char *out, *err;

	utc();
	fake_start(&f, still_running);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_NONE);
	fake_finish(&f);
	ck_assert_str_eq(out, "pid 2089 (sleep): still running (started "
	    "2025-11-21 15:12:43 +0000)\nno recorded signal was sent to it\n");
}
END_TEST

START_TEST(query_carries_every_option)
{
	struct fake f;
	struct wk_query q;
	char *out, *err;

	fake_start(&f, nothing_found);
	run(&out, &err, "--socket-dir", f.dir, "--all", "--signal", "SIGTERM", "--limit", "5",
	    "--since", "@100", "--until", "@200", "2089", (const char *)NULL);
	q = fake_finish(&f);
	ck_assert_int_eq(q.type, WK_Q_BY_PID);
	ck_assert_int_eq(q.pid, 2089);
	ck_assert_uint_eq(q.flags, WK_QF_ALL_PROCESSES);
	ck_assert_int_eq(q.signo, 15);
	ck_assert_uint_eq(q.limit, 5);
	ck_assert_int_eq(q.since, 100);
	ck_assert_int_eq(q.until, 200);
}
END_TEST

START_TEST(socket_dir_from_environment)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, nothing_found);
	setenv(WK_SOCKET_DIR_ENV, f.dir, 1);
	ck_assert_int_eq(run(&out, &err, "2089", (const char *)NULL), CLI_EXIT_NONE);
	fake_finish(&f);
	ck_assert_str_eq(out, "no signal to pid 2089 was recorded\n");
}
END_TEST

START_TEST(nothing_found_prints_message_exit_1)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, nothing_found);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_NONE);
	fake_finish(&f);
	ck_assert_str_eq(out, "no signal to pid 2089 was recorded\n");
	ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(nothing_found_json_prints_empty_array)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, nothing_found);
	ck_assert_int_eq(run(&out, &err, "--json", "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_NONE);
	fake_finish(&f);
	ck_assert_str_eq(out, "[]\n");
}
END_TEST

START_TEST(json_two_events_form_one_array)
{
	struct fake f;
	char *out, *err;
	FILE *py;

	fake_start(&f, two_events_then_end);
	ck_assert_int_eq(run(&out, &err, "--json", "--socket-dir", f.dir, "2089",
	    (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_int_eq(strncmp(out, "[\n{", 3), 0);
	py = popen("python3 -c 'import json, sys; j = json.load(sys.stdin); "
	    "assert [e[\"killer\"][\"comm\"] for e in j] == [\"newer\", \"older\"], j'", "w");
	ck_assert_ptr_nonnull(py);
	fputs(out, py);
	ck_assert_int_eq(pclose(py), 0);
}
END_TEST

START_TEST(earlier_processes_are_noted)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, one_event_others_exist);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(out, "\n3 earlier process(es) with pid 2089 also "
	    "received signals; use --all to see them\n"));
}
END_TEST

START_TEST(frame_arriving_in_pieces_is_reassembled)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, event_in_pieces);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(out, "killer   pid 1001 (pieces)"));
}
END_TEST

START_TEST(malformed_header_exits_2_with_reason)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, bad_magic);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "whokilled: malformed reply from whokilledd at "));
	ck_assert_ptr_nonnull(strstr(err, "bad magic"));
}
END_TEST

START_TEST(malformed_event_exits_2_with_reason)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, bad_event_body);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(err, "malformed reply"));
	ck_assert_ptr_nonnull(strstr(err, "signal out of range"));
}
END_TEST

START_TEST(bad_frame_after_good_one_still_exits_2)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, good_then_bad);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(out, "(good)"));
	ck_assert_ptr_nonnull(strstr(err, "chain too long"));
}
END_TEST

START_TEST(connection_closed_mid_reply_exits_2)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, closes_mid_reply);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(err, "closed the connection before the end of its reply"));
}
END_TEST

START_TEST(daemon_error_frame_exits_2_with_its_message)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, refuses);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_str_eq(err, "whokilled: whokilledd refused the query: only root may ask "
	    "about other users' processes (EACCES: Permission denied)\n");
}
END_TEST

START_TEST(stats_are_printed_exit_0)
{
	struct fake f;
	struct wk_query q;
	char *out, *err;

	utc();
	fake_start(&f, stats_then_end);
	ck_assert_int_eq(run(&out, &err, "--stats", "--socket-dir", f.dir, (const char *)NULL),
	    CLI_EXIT_FOUND);
	q = fake_finish(&f);
	ck_assert_int_eq(q.type, WK_Q_STATS);
	ck_assert_ptr_nonnull(strstr(out, "  reports received     7\n"));
	ck_assert_ptr_nonnull(strstr(out, "  rejected, forged     1\n"));
}
END_TEST

START_TEST(stats_json)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, stats_then_end);
	ck_assert_int_eq(run(&out, &err, "--stats", "--json", "--socket-dir", f.dir,
	    (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	ck_assert_int_eq(strncmp(out, "{\"received\":7,\"stored\":6,", 25), 0);
}
END_TEST

START_TEST(missing_socket_exits_2_with_advice)
{
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, "--socket-dir", "/nonexistent/whokilled", "2089",
	    (const char *)NULL), CLI_EXIT_ERROR);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "whokilled: cannot reach whokilledd at "
	    "/nonexistent/whokilled/query.sock: No such file or directory — is the daemon "
	    "running? (start it with 'systemctl start whokilledd' or 'whokilledd'; use "
	    "--socket-dir or WHOKILLED_SOCKET_DIR for a private one)\n");
}
END_TEST

START_TEST(socket_that_nobody_listens_on_exits_2)
{
	struct fake f;
	char *out, *err;

	fake_listen(&f, 1);
	close(f.listen_fd);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "2089", (const char *)NULL),
	    CLI_EXIT_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "query.sock: Connection refused — is the daemon running?"));
	unlink(f.path);
	rmdir(f.dir);
}
END_TEST

START_TEST(overlong_socket_dir_from_environment_exits_2)
{
	char dir[200];
	char *out, *err;

	memset(dir, 'd', sizeof dir - 1);
	dir[0] = '/';
	dir[sizeof dir - 1] = '\0';
	setenv(WK_SOCKET_DIR_ENV, dir, 1);
	ck_assert_int_eq(run(&out, &err, "2089", (const char *)NULL), CLI_EXIT_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "whokilled: socket directory too long"));
}
END_TEST

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(silent_daemon_times_out)
{
	unsigned char buf[WK_REPLY_MAX];
	struct fake f;
	struct wk_query q;
	const char *why;
	uint16_t type;
	size_t len;
	int64_t start;
	int fd;

	fake_listen(&f, 8);
	fd = cli_connect(f.path, 200);
	ck_assert_int_ge(fd, 0);
	wk_query_init(&q, WK_Q_STATS);
	ck_assert_int_eq(cli_send_query(fd, &q, 200), 0);
	start = now_ms();
	ck_assert_int_eq(cli_read_frame(fd, buf, sizeof buf, 200, &type, &len, &why), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_int_ge(now_ms() - start, 150);
	ck_assert_int_lt(now_ms() - start, 2000);
	close(fd);
	close(f.listen_fd);
	unlink(f.path);
	rmdir(f.dir);
}
END_TEST

START_TEST(full_backlog_connect_times_out)
{
	struct fake f;
	int64_t start;
	int fds[4], n = 0, fd = -1;

	fake_listen(&f, 0);
	start = now_ms();
	/* Fill the backlog; the connect that finds it full must give up in time. */
	while (n < 4) {
		fd = cli_connect(f.path, 200);
		if (fd == -1)
			break;
		fds[n++] = fd;
	}
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_int_lt(now_ms() - start, 2000);
	while (n > 0)
		close(fds[--n]);
	close(f.listen_fd);
	unlink(f.path);
	rmdir(f.dir);
}
END_TEST

START_TEST(query_path_bounds)
{
	char path[CLI_PATH_MAX], dir[WK_SOCKET_DIR_MAX + 2];

	ck_assert_int_eq(cli_query_path("/run/whokilled", path, sizeof path), 0);
	ck_assert_str_eq(path, "/run/whokilled/query.sock");
	memset(dir, 'a', sizeof dir - 1);
	dir[sizeof dir - 1] = '\0';
	ck_assert_int_eq(cli_query_path(dir, path, sizeof path), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	dir[WK_SOCKET_DIR_MAX] = '\0';
	ck_assert_int_eq(cli_query_path(dir, path, sizeof path), 0);
}
END_TEST

START_TEST(failed_logins_are_listed_exit_0)
{
	struct fake f;
	struct wk_query q;
	char *out, *err;

	utc();
	fake_start(&f, two_failed_groups_then_end);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "--failed-logins",
	    "--since", "@100", "--until", "@200", "--limit", "7", "postgres",
	    (const char *)NULL), CLI_EXIT_FOUND);
	q = fake_finish(&f);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(q.type, WK_Q_FAILED_LOGINS);
	ck_assert_str_eq(q.user, "postgres");
	ck_assert_int_eq(q.since, 100);
	ck_assert_int_eq(q.until, 200);
	ck_assert_uint_eq(q.limit, 7);
	ck_assert_ptr_nonnull(strstr(out,
	    "3 failed logins for postgres via su from local, 2025-11-21 15:10:41 … 15:12:41\n"
	    "  program  pid 4242 (psql) /usr/bin/psql uid=nobody\n"));
	ck_assert_ptr_nonnull(strstr(out,
	    "psql[4242] nobody\n\n1 failed login for root via su from local, "
	    "2025-11-21 15:12:41\n"));
}
END_TEST

START_TEST(no_failed_login_exits_1)
{
	struct fake f;
	struct wk_query q;
	char *out, *err;

	fake_start(&f, no_failed_login);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "--failed-logins",
	    (const char *)NULL), CLI_EXIT_NONE);
	q = fake_finish(&f);
	ck_assert_str_eq(q.user, "");
	ck_assert_str_eq(out, "no failed login for postgres was recorded\n");

	fake_start(&f, no_failed_login);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "--failed-logins",
	    "--json", (const char *)NULL), CLI_EXIT_NONE);
	fake_finish(&f);
	ck_assert_str_eq(out, "[]\n");
}
END_TEST

START_TEST(failed_logins_json_is_one_array)
{
	struct fake f;
	char *out, *err;
	FILE *py;

	fake_start(&f, two_failed_groups_then_end);
	ck_assert_int_eq(run(&out, &err, "--json", "--failed-logins", "--socket-dir",
	    f.dir, (const char *)NULL), CLI_EXIT_FOUND);
	fake_finish(&f);
	py = popen("python3 -c 'import json, sys; j = json.load(sys.stdin); "
	    "assert [(g[\"user\"], g[\"count\"]) for g in j] == "
	    "[(\"postgres\", 3), (\"root\", 1)], j'", "w");
	ck_assert_ptr_nonnull(py);
	fputs(out, py);
	ck_assert_int_eq(pclose(py), 0);
}
END_TEST

START_TEST(malformed_failed_group_exits_2)
{
	struct fake f;
	char *out, *err;

	fake_start(&f, bad_failed_group);
	ck_assert_int_eq(run(&out, &err, "--socket-dir", f.dir, "--failed-logins",
	    (const char *)NULL), CLI_EXIT_ERROR);
	fake_finish(&f);
	ck_assert_ptr_nonnull(strstr(err, "malformed reply"));
	ck_assert_ptr_nonnull(strstr(err, "empty group"));
}
END_TEST

static Suite *
run_suite(void)
{
	Suite *s = suite_create("cli_run");
	TCase *daemon = tcase_create("fake_daemon");
	TCase *reach = tcase_create("reachability");

	tcase_add_checked_fixture(daemon, NULL, free_outputs);
	tcase_add_test(daemon, two_events_printed_in_order_sent_exit_0);
	tcase_add_test(daemon, query_carries_every_option);
	tcase_add_test(daemon, the_end_comes_first_then_the_signals);
	tcase_add_test(daemon, an_end_without_signals_is_an_answer);
	tcase_add_test(daemon, still_running_without_signals_exits_1);
	tcase_add_test(daemon, socket_dir_from_environment);
	tcase_add_test(daemon, nothing_found_prints_message_exit_1);
	tcase_add_test(daemon, nothing_found_json_prints_empty_array);
	tcase_add_test(daemon, json_two_events_form_one_array);
	tcase_add_test(daemon, earlier_processes_are_noted);
	tcase_add_test(daemon, frame_arriving_in_pieces_is_reassembled);
	tcase_add_test(daemon, malformed_header_exits_2_with_reason);
	tcase_add_test(daemon, malformed_event_exits_2_with_reason);
	tcase_add_test(daemon, bad_frame_after_good_one_still_exits_2);
	tcase_add_test(daemon, connection_closed_mid_reply_exits_2);
	tcase_add_test(daemon, daemon_error_frame_exits_2_with_its_message);
	tcase_add_test(daemon, stats_are_printed_exit_0);
	tcase_add_test(daemon, stats_json);
	tcase_add_test(daemon, failed_logins_are_listed_exit_0);
	tcase_add_test(daemon, no_failed_login_exits_1);
	tcase_add_test(daemon, failed_logins_json_is_one_array);
	tcase_add_test(daemon, malformed_failed_group_exits_2);
	tcase_set_timeout(daemon, 20);
	suite_add_tcase(s, daemon);

	tcase_add_checked_fixture(reach, NULL, free_outputs);
	tcase_add_test(reach, missing_socket_exits_2_with_advice);
	tcase_add_test(reach, socket_that_nobody_listens_on_exits_2);
	tcase_add_test(reach, overlong_socket_dir_from_environment_exits_2);
	tcase_add_test(reach, silent_daemon_times_out);
	tcase_add_test(reach, full_backlog_connect_times_out);
	tcase_add_test(reach, query_path_bounds);
	suite_add_tcase(s, reach);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(run_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
