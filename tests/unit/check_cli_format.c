/* The CLI's text and JSON output of reply frames, and its escaping of untrusted strings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/escape.h"
#include "../../cli/format_json.h"
#include "cli/format_lines.h"
#include "cli/format_login.h"
#include "cli/format_request.h"
#include "cli/format_text.h"
#include "cli/glyphs.h"
#include "../../cli/names.h"
#include "cli_events.h"

/* Output written to a memory stream; one at a time, closed by the next or at teardown. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static struct capture cap;

static void
capture_close(void)
{
	if (cap.f != NULL)
		fclose(cap.f);
	free(cap.buf);
	memset(&cap, 0, sizeof cap);
}

static void
capture_open(struct capture *c)
{
	capture_close();
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
}

/* Flushes and returns what was written, NUL-terminated. */
static const char *
captured(struct capture *c)
{
	ck_assert_int_eq(fflush(c->f), 0);
	return c->buf;
}

static const char *
text_of(const struct wk_event *ev, struct capture *c)
{
	capture_open(c);
	cli_text_event(c->f, ev);
	return captured(c);
}

static void
utc(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
}

/* True when s holds no byte a terminal would act on (newlines aside). */
static int
terminal_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * Runs a Python check on a JSON document: the document must load as
 * strict UTF-8 JSON and every assertion in body (Python statements about
 * the loaded value j) must hold.  Returns python3's exit status.
 */
static int
python_check(const char *json, const char *body)
{
	char dir[] = "/tmp/check_cli_json.XXXXXX";
	char doc[64], script[64], cmd[256];
	FILE *f;
	int status;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(doc, sizeof doc, "%s/doc.json", dir);
	snprintf(script, sizeof script, "%s/check.py", dir);
	f = fopen(doc, "w");
	ck_assert_ptr_nonnull(f);
	fputs(json, f);
	fclose(f);
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "import json, sys\n"
	    "j = json.load(open(sys.argv[1], encoding='utf-8', errors='strict'))\n"
	    "%s\n", body);
	fclose(f);
	snprintf(cmd, sizeof cmd, "python3 %s %s", script, doc);
	status = system(cmd);
	unlink(doc);
	unlink(script);
	rmdir(dir);
	ck_assert_int_ne(status, -1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* ------------------------------------------------------------------ text */

START_TEST(user_names_are_the_same_when_asked_again)
{
	char buf[64], small[3];
	int i;

	/* Asked more often than the cache has slots, hits and misses alike. */
	for (i = 0; i < 100; i++) {
		ck_assert_str_eq(cli_user_name(0, buf, sizeof buf), "root");
		ck_assert_ptr_null(cli_user_name(4000000000u - (uint32_t)i,
		    buf, sizeof buf));
		ck_assert_str_eq(cli_user_or_uid(4000000000u, buf, sizeof buf),
		    "4000000000");
	}
	/* A remembered name still fits the caller's buffer. */
	ck_assert_str_eq(cli_user_name(0, small, sizeof small), "ro");
}
END_TEST

START_TEST(text_block_for_canned_event)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ck_assert_str_eq(text_of(&ev, &cap),
	    "pid 2089 (sleep) — owner root\n"
	    "  SIGKILL at 2025-11-21 15:12:41 +0000 — delivered\n"
	    "    killer   pid 1784 (kill) /usr/bin/kill  uid=root euid=root\n"
	    "    argv     kill -9 2089\n"
	    "    login    auid=nobody session 3 tty pts/0\n"
	    "    chain    bash[1700] nobody → sh[1783] nobody→root → kill[1784] root\n"
	    "    sources  shim\n");
}
END_TEST

START_TEST(text_time_is_local)
{
	struct wk_event ev;

	setenv("TZ", "EST5", 1);
	tzset();
	canned_event(&ev);
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "  SIGKILL at 2025-11-21 10:12:41 -0500 — delivered\n"));
}
END_TEST

START_TEST(text_chain_shows_uid_changes_and_unknown_users)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.chain[0].uid = ev.chain[0].euid = UID_NONAME;
	ev.chain[1].uid = UID_NONAME;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "    chain    bash[1700] 4000001 → sh[1783] 4000001→root → kill[1784] root\n"));
}
END_TEST

START_TEST(text_group_target_names_group_and_leader)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	ev.report.call = WK_CALL_KILLPG;
	ev.report.flags |= WK_F_TARGET_GROUP;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "process group 2089 (leader sleep) — owner root\n"));
	ck_assert_ptr_nonnull(strstr(s, "  SIGKILL via killpg at "));

	ev.report.call = WK_CALL_KILL;
	ev.report.arg_pid = -2089;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "process group 2089 (leader sleep)"));
	ck_assert_ptr_null(strstr(s, " via "));
}
END_TEST

/* A killer in a container: its pids there beside the host's. */
static void
in_container(struct wk_event *ev)
{
	ev->pid_ns.id = 4026532291u;
	ev->pid_ns.caller_pid = 9;
	ev->pid_ns.target_pid = 7;
	ev->report.arg_pid = 7;
}

START_TEST(text_container_pids_follow_the_host_pids)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	in_container(&ev);
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "pid 2089 (sleep) [pid 7 in pid"
	    " namespace 4026532291] — owner root\n"));
	ck_assert_ptr_nonnull(strstr(s, "    killer   pid 1784 (kill) [pid 9"
	    " in pid namespace 4026532291] /usr/bin/kill  uid=root"
	    " euid=root\n"));
	/* Of the daemon's own namespace: no brackets. */
	canned_event(&ev);
	ck_assert_ptr_null(strstr(text_of(&ev, &cap), "namespace"));
}
END_TEST

START_TEST(text_container_target_without_a_host_pid)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	in_container(&ev);
	/* Read there, but no process of the host's was proven to be it. */
	ev.report.target.pid = 0;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "pid 7 in pid namespace 4026532291"
	    " (sleep) — owner root\n"));
	/* Not read: the pid the killer addressed, there. */
	ev.report.flags &= ~WK_F_TARGET_READ;
	memset(&ev.report.target, 0, sizeof ev.report.target);
	ev.pid_ns.target_pid = 0;
	ev.report.arg_pid = 12;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "pid 12 in pid namespace 4026532291\n"));
	/* A group there. */
	ev.report.flags |= WK_F_TARGET_GROUP;
	ev.report.arg_pid = -12;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "process group 12 in pid namespace"
	    " 4026532291\n"));
}
END_TEST

START_TEST(text_kill_minus_one_is_every_process)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.report.arg_pid = -1;
	ev.report.flags = WK_F_TARGET_ALL | WK_F_CALLER_STAT_READ;
	memset(&ev.report.target, 0, sizeof ev.report.target);
	ck_assert_int_eq(strncmp(text_of(&ev, &cap), "every process (kill -1)\n  SIGKILL", 33), 0);
}
END_TEST

/* kill(0) by pid 1784 (group 1784): a member's block and the call's own. */
START_TEST(text_group_member_and_count)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	ev.report.signo = SIGTERM;
	ev.report.arg_pid = 0;
	ev.report.flags |= WK_F_TARGET_GROUP | WK_F_GROUP_MEMBER;
	ev.report.reached = 3;
	s = text_of(&ev, &cap);
	ck_assert_msg(strncmp(s, "pid 2089 (sleep), one of process group 1784 "
	    "(3 processes) — owner root\n  SIGTERM at ", 80) == 0, "%s", s);

	ev.report.flags &= ~WK_F_GROUP_MEMBER;
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "process group 1784 (3 processes, "
	    "leader sleep) — owner root\n"));
	ev.report.reached = 1;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "process group 1784 (1 process, leader sleep)"));

	/* kill -1 beyond the rows kept. */
	ev.report.arg_pid = -1;
	ev.report.flags = WK_F_TARGET_ALL | WK_F_TARGET_READ |
	    WK_F_GROUP_MEMBER;
	ev.report.reached = 200;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "pid 2089 (sleep), "
	    "one of every process (kill -1: 64 processes recorded and 136 "
	    "more) — owner root\n"));
	ev.report.flags = WK_F_TARGET_ALL;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "every process "
	    "(kill -1: 64 processes recorded and 136 more)\n  SIGTERM"));
}
END_TEST

/* A call reported before delivery whose result never came. */
START_TEST(text_pending_result)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.report.flags |= WK_F_RESULT_PENDING;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), " — result unknown: "
	    "the sender did not return from the call\n"));
	ev.report.flags |= WK_F_SENDER_ENDED;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), " — delivered — the "
	    "sender was among its targets and did not return from the call\n"));
	/* Its result came: what the call returned. */
	ev.report.flags &= ~(WK_F_RESULT_PENDING | WK_F_SENDER_ENDED);
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), " — delivered\n"));
}
END_TEST

START_TEST(json_pending_and_member)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	ev.report.arg_pid = 0;
	ev.report.flags |= WK_F_TARGET_GROUP | WK_F_GROUP_MEMBER |
	    WK_F_RESULT_PENDING;
	ev.report.reached = 3;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	fputc(',', cap.f);
	ev.report.flags |= WK_F_SENDER_ENDED;
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "r = j[0]['result']\n"
	    "assert r == {'success': None, 'errno': 0, 'error': None, "
	    "'pending': True, 'state': 'unknown'}, r\n"
	    "r = j[1]['result']\n"
	    "assert r == {'success': True, 'errno': 0, 'error': None, "
	    "'pending': True, 'state': 'sender_among_targets'}, r\n"
	    "t = j[0]['target']\n"
	    "assert (t['pid'], t['group'], t['member'], t['reached']) == "
	    "(2089, True, True, 3), t\n"), 0);
	free(doc);
}
END_TEST

START_TEST(text_target_names_its_unit)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	snprintf(ev.target_cgroup.unit, sizeof ev.target_cgroup.unit,
	    "nginx.service");
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/system.slice/nginx.service");
	s = text_of(&ev, &cap);
	ck_assert_msg(strncmp(s, "pid 2089 (sleep) — owner root — unit "
	    "nginx.service\n", 52) == 0, "%s", s);
	/* A user's own unit says whose manager runs it. */
	snprintf(ev.target_cgroup.unit, sizeof ev.target_cgroup.unit,
	    "foo.service");
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/user.slice/user-1000.slice/user@1000.service/app.slice/"
	    "foo.service");
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, " — unit foo.service of "
	    "user@1000.service\n"));
	/* No unit: the cgroup, escaped like every string from the daemon. */
	ev.target_cgroup.unit[0] = '\0';
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/docker/\x1b[31mx");
	s = text_of(&ev, &cap);
	ck_assert_msg(terminal_safe(s), "raw control byte in: %s", s);
	ck_assert_ptr_nonnull(strstr(s, " — cgroup /docker/\\x1b[31mx\n"));
	/* The root, or unknown: nothing. */
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path, "/");
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "pid 2089 (sleep) — owner root\n"));
	ev.target_cgroup.path[0] = '\0';
	s = text_of(&ev, &cap);
	ck_assert_ptr_nonnull(strstr(s, "pid 2089 (sleep) — owner root\n"));
}
END_TEST

START_TEST(text_request_says_how_a_systemctl_is_known)
{
	struct wk_request req;
	const char *s;

	memset(&req, 0, sizeof req);
	req.via = WK_VIA_SYSTEMCTL;
	req.verb = WK_VERB_STOP;
	snprintf(req.unit, sizeof req.unit, "victim.service");
	snprintf(req.method, sizeof req.method, WK_METHOD_PRIVATE_SOCKET);
	capture_open(&cap);
	cli_text_request(cap.f, "", &req);
	s = captured(&cap);
	ck_assert_msg(strstr(s, " (private socket; inferred) ") != NULL, "%s",
	    s);
	/* Only its command line was seen: not the socket. */
	snprintf(req.method, sizeof req.method, WK_METHOD_ARGV);
	capture_open(&cap);
	cli_text_request(cap.f, "", &req);
	s = captured(&cap);
	ck_assert_msg(strstr(s, " (from its argv; inferred) ") != NULL, "%s",
	    s);
	ck_assert_ptr_null(strstr(s, "private socket"));
}
END_TEST

START_TEST(json_target_unit_and_cgroup)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	fputc(',', cap.f);
	snprintf(ev.target_cgroup.unit, sizeof ev.target_cgroup.unit,
	    "nginx.service");
	snprintf(ev.target_cgroup.path, sizeof ev.target_cgroup.path,
	    "/system.slice/nginx.service");
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "t = j[0]['target']\n"
	    "assert (t['unit'], t['cgroup']) == (None, None), t\n"
	    "t = j[1]['target']\n"
	    "assert (t['unit'], t['cgroup']) == ('nginx.service', "
	    "'/system.slice/nginx.service'), t\n"), 0);
	free(doc);
}
END_TEST

START_TEST(text_failed_result_names_errno)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.report.result = -1;
	ev.report.error = EPERM;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    " — failed: EPERM (Operation not permitted)\n"));
}
END_TEST

START_TEST(text_hidden_argv)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	memset(ev.argv, 0, sizeof ev.argv);
	ev.report.caller.argv_len = 0;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "    argv     (hidden: not your process)\n"));
}
END_TEST

START_TEST(text_truncated_argv_is_noted)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.report.flags |= WK_F_ARGV_TRUNCATED;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "    argv     kill -9 2089 (truncated)\n"));
}
END_TEST

START_TEST(text_argv_is_shell_quoted)
{
	static const char *const args[] = { "echo", "hello world", "it's", "", "a=b,c:d" };
	struct wk_event ev;

	utc();
	canned_event(&ev);
	canned_set_argv(&ev, args, 5);
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "    argv     echo 'hello world' 'it'\\''s' '' a=b,c:d\n"));
}
END_TEST

START_TEST(text_control_bytes_are_escaped)
{
	static const char *const args[] = { "printf", "\x1b[31mred\x07", "back\\slash'" };
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	strcpy(ev.report.caller.comm, "ev\x1b[2Jil");
	strcpy(ev.report.caller.exe, "/tmp/\x1b]0;pwned\x07");
	strcpy(ev.report.target.comm, "c1\xc2\x9b" "bad\xff");
	strcpy(ev.chain[2].comm, "k\x7f");
	strcpy(ev.tty, "pts/\r0");
	canned_set_argv(&ev, args, 3);
	s = text_of(&ev, &cap);
	ck_assert_msg(terminal_safe(s), "raw control byte in: %s", s);
	ck_assert_ptr_nonnull(strstr(s, "pid 2089 (c1\\xc2\\x9bbad\\xff)"));
	ck_assert_ptr_nonnull(strstr(s, "(ev\\x1b[2Jil) /tmp/\\x1b]0;pwned\\x07  uid="));
	ck_assert_ptr_nonnull(strstr(s, "argv     printf $'\\x1b[31mred\\x07' 'back\\slash'\\'''\n"));
	ck_assert_ptr_nonnull(strstr(s, "k\\x7f[1784]"));
	ck_assert_ptr_nonnull(strstr(s, "tty pts/\\x0d0"));
}
END_TEST

START_TEST(text_bidi_override_is_escaped)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	strcpy(ev.report.target.comm, "a\xe2\x80\xae" "b");
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "pid 2089 (a\\xe2\\x80\\xaeb)"));
}
END_TEST

START_TEST(text_printable_utf8_passes_through)
{

	capture_open(&cap);
	cli_term_puts(cap.f, "caf\xc3\xa9 \xe2\x86\x92 a\\b", 64);
	ck_assert_str_eq(captured(&cap), "caf\xc3\xa9 \xe2\x86\x92 a\\\\b");
}
END_TEST

START_TEST(text_unset_login_and_no_tty)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.report.caller.loginuid = WK_ID_UNSET;
	ev.report.caller.sessionid = WK_ID_UNSET;
	ev.tty[0] = '\0';
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "    login    auid=unset session unset no tty\n"));
}
END_TEST

START_TEST(text_sources_lists_each_source)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	ev.sources = WK_SRC_ALL;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "    sources  shim, kernel, pam, node record\n"));
}
END_TEST

START_TEST(text_end_without_events_prints_daemon_message)
{
	struct wk_end end;

	canned_end(&end, 0, 0, "no signal to pid 1234 was recorded");
	capture_open(&cap);
	cli_text_end(cap.f, &end, 1234, 0);
	ck_assert_str_eq(captured(&cap), "no signal to pid 1234 was recorded\n");

	canned_end(&end, 0, 0, "");
	capture_open(&cap);
	cli_text_end(cap.f, &end, 77, 0);
	ck_assert_str_eq(captured(&cap), "no signal to pid 77 was recorded\n");

	canned_end(&end, 0, 0, "bad\x1b[0m");
	capture_open(&cap);
	cli_text_end(cap.f, &end, 77, 0);
	ck_assert_str_eq(captured(&cap), "bad\\x1b[0m\n");
}
END_TEST

START_TEST(text_end_notes_earlier_processes)
{
	struct wk_end end;

	canned_end(&end, 1, 2, "");
	capture_open(&cap);
	cli_text_end(cap.f, &end, 2089, 1);
	ck_assert_str_eq(captured(&cap), "\n2 earlier process(es) with pid 2089 also "
	    "received signals; use --all to see them\n");

	canned_end(&end, 1, 0, "");
	capture_open(&cap);
	cli_text_end(cap.f, &end, 2089, 1);
	ck_assert_str_eq(captured(&cap), "");
}
END_TEST

/* ------------------------------------------------------------------ utf-8 */

START_TEST(utf8_decoder_accepts_only_well_formed)
{
	uint32_t cp = 0;

	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xe2\x86\x92", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x2192);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xf0\x9f\x92\xa9", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f4a9);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xe2\x86", 2, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\x80", 1, &cp), 0);
	ck_assert_uint_eq(cli_utf8_char((const unsigned char *)"\xff", 1, &cp), 0);
}
END_TEST

/* ------------------------------------------------------------------ json */

static const char *
json_string_of(const char *s, size_t len, struct capture *c)
{
	capture_open(c);
	cli_json_string(c->f, s, len);
	return captured(c);
}

START_TEST(json_string_escapes_quotes_and_controls)
{
	static const char in[] = "a\"b\\c\n\t\r\x01\x1b\x7f\xc2\x85/\xc3\xa9";

	ck_assert_str_eq(json_string_of(in, sizeof in - 1, &cap),
	    "\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u001b\\u007f\\u0085/\xc3\xa9\"");
}
END_TEST

START_TEST(json_string_escapes_invalid_utf8_bytewise)
{
	static const char in[] = "x\xff\xc0\xaf\xed\xa0\x80\xe2\x82";

	ck_assert_str_eq(json_string_of(in, sizeof in - 1, &cap),
	    "\"x\\u00ff\\u00c0\\u00af\\u00ed\\u00a0\\u0080\\u00e2\\u0082\"");
}
END_TEST

START_TEST(json_string_keeps_embedded_nul_escaped)
{

	ck_assert_str_eq(json_string_of("a\0b", 3, &cap), "\"a\\u0000b\"");
}
END_TEST

START_TEST(json_hostile_strings_parse_back)
{
	static const char raw[] = "q\"\\\x01\x1b[2J\xff\xfe\xc3\xa9\xe2\x80\xae";
	char *doc;

	json_string_of(raw, sizeof raw - 1, &cap);
	ck_assert_int_gt(asprintf(&doc, "[%s]", cap.buf), 0);
	ck_assert_int_eq(python_check(doc,
	    "assert j == ['q\"\\\\\\x01\\x1b[2J\\xff\\xfe\\xe9\\u202e'], repr(j)"), 0);
	free(doc);
}
END_TEST

START_TEST(json_event_parses_back_with_fields)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[\n%s\n]\n", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "e = j[0]\n"
	    "assert e['id'] == 42\n"
	    "assert e['time'] == '2025-11-21T15:12:41.123456+00:00', e['time']\n"
	    "assert e['boot_id'] == '0f6b1a5e-8c44-4f7e-9a41-3d1c2b0a9e77'\n"
	    "assert e['signal'] == {'number': 9, 'name': 'SIGKILL'}\n"
	    "assert e['call'] == 'kill'\n"
	    "assert e['result'] == {'success': True, 'errno': 0, 'error': None, "
	    "'pending': False, 'state': 'delivered'}, e['result']\n"
	    "t = e['target']\n"
	    "assert (t['pid'], t['comm'], t['uid'], t['user'], t['start_time'], t['group']) == "
	    "(2089, 'sleep', 0, 'root', 4242, False), t\n"
	    "k = e['killer']\n"
	    "assert (k['pid'], k['ppid'], k['comm'], k['exe']) == (1784, 1783, 'kill', '/usr/bin/kill')\n"
	    "assert k['argv'] == ['kill', '-9', '2089'] and k['argv_truncated'] is False\n"
	    "assert (k['uid'], k['euid'], k['gid'], k['auid'], k['session'], k['tty']) == "
	    "(0, 0, 0, 65534, 3, 'pts/0'), k\n"
	    "assert k['start_time'] == 5555\n"
	    "assert [(x['pid'], x['comm'], x['uid'], x['euid'], x['auid'], x['args']) for x in e['chain']] == ["
	    "(1700, 'bash', 65534, 65534, 65534, '-bash'), "
	    "(1783, 'sh', 65534, 0, 65534, 'sh -c kill -9 2089'), "
	    "(1784, 'kill', 0, 0, 65534, 'kill -9 2089')], e['chain']\n"
	    "assert e['sources'] == ['shim']\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_unknowns_are_null)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	ev.report.caller.loginuid = WK_ID_UNSET;
	ev.report.caller.sessionid = WK_ID_UNSET;
	ev.tty[0] = '\0';
	ev.report.flags = WK_F_TARGET_ALL;
	ev.report.arg_pid = -1;
	memset(&ev.report.target, 0, sizeof ev.report.target);
	ev.report.signo = 40;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "k = j[0]['killer']\n"
	    "assert k['auid'] is None and k['session'] is None and k['tty'] is None, k\n"
	    "assert k['start_time'] is None, k\n"
	    "t = j[0]['target']\n"
	    "assert t['pid'] is None and t['comm'] is None and t['all'] is True, t\n"
	    "assert j[0]['signal'] == {'number': 40, 'name': None}\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_container_pids)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	in_container(&ev);
	ev.report.caller.tid = 0;	/* its thread was not found */
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "t = j[0]['target']\n"
	    "assert (t['pid'], t['ns_pid'], t['pid_ns']) == (2089, 7, 4026532291), t\n"
	    "assert t['arg_pid'] == 7, t\n"
	    "k = j[0]['killer']\n"
	    "assert (k['pid'], k['ns_pid'], k['pid_ns']) == (1784, 9, 4026532291), k\n"
	    "assert k['tid'] is None and k['ppid'] == 1783, k\n"), 0);
	free(doc);
	/* Read, but no host pid found for it. */
	ev.report.target.pid = 0;
	ev.report.target.ppid = 0;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "t = j[0]['target']\n"
	    "assert (t['pid'], t['ppid'], t['ns_pid'], t['comm']) == (None, None, 7, 'sleep'), t\n"), 0);
	free(doc);
	/* The daemon's own namespace: null. */
	canned_event(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "t = j[0]['target']\n"
	    "k = j[0]['killer']\n"
	    "assert t['ns_pid'] is None and t['pid_ns'] is None, t\n"
	    "assert k['ns_pid'] is None and k['pid_ns'] is None, k\n"
	    "assert k['tid'] == 1784, k\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_failed_result_and_hostile_event_parse_back)
{
	static const char *const args[] = { "rm", "\x1b]0;x\x07", "\xff\xfe" };
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	ev.report.result = -1;
	ev.report.error = EPERM;
	ev.report.flags |= WK_F_TARGET_GROUP | WK_F_ARGV_TRUNCATED;
	ev.sources = WK_SRC_SHIM | WK_SRC_KERNEL | WK_SRC_PAM;
	strcpy(ev.report.target.comm, "a\"b\\c\xc0");
	canned_set_argv(&ev, args, 3);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "e = j[0]\n"
	    "assert e['result'] == {'success': False, 'errno': 1, 'error': 'EPERM', "
	    "'pending': False, 'state': 'failed'}, e['result']\n"
	    "assert e['target']['comm'] == 'a\"b\\\\c\\xc0' and e['target']['group'] is True\n"
	    "assert e['killer']['argv'] == ['rm', '\\x1b]0;x\\x07', '\\xff\\xfe']\n"
	    "assert e['killer']['argv_truncated'] is True\n"
	    "assert e['sources'] == ['shim', 'kernel', 'pam']\n"), 0);
	free(doc);
}
END_TEST

/* A cut command line: the JSON holds every kept argument and the cut. */
START_TEST(json_argv_cut_is_said)
{
	static const char *const args[] = { "kill", "-TERM", "1001", "4711" };
	struct wk_event ev;
	char *doc;

	canned_event(&ev);
	canned_set_argv(&ev, args, 4);
	ev.report.flags |= WK_F_ARGV_TRUNCATED;
	ev.report.caller.argc = 900;
	ev.report.caller.argv_cut.head = 3;
	ev.report.caller.argv_cut.args = 896;
	ev.report.caller.argv_cut.bytes = 4480;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "k = j[0]['killer']\n"
	    "assert k['argc'] == 900 and k['argv'] == ['kill', '-TERM', '1001', '4711'], k\n"
	    "assert k['argv_truncated'] is True, k\n"
	    "assert k['argv_cut'] == {'after_arg': 3, 'args_omitted': 896, "
	    "'bytes_omitted': 4480, 'head_partial': False, 'tail_partial': False, "
	    "'one_argument': False}, k\n"), 0);
	free(doc);
	/* Whole: null. */
	canned_event(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "assert j[0]['killer']['argv_cut'] is None\n"), 0);
	free(doc);
}
END_TEST

/* ...and the text answer an ellipsis at the cut, joined to a part. */
START_TEST(text_argv_cut_is_said)
{
	static const char *const args[] = { "sh", "-c", "xyz; kill 4711" };
	static const char *const pids[] = { "kill", "1001", "4711" };
	struct wk_event ev;

	utc();
	cli_glyphs_set_utf8(1);
	canned_event(&ev);
	canned_set_argv(&ev, pids, 3);
	ev.report.flags |= WK_F_ARGV_TRUNCATED;
	ev.report.caller.argc = 900;
	ev.report.caller.argv_cut.head = 2;
	ev.report.caller.argv_cut.args = 897;
	ev.report.caller.argv_cut.bytes = 4485;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "    argv     kill 1001 "
	    "\xe2\x80\xa6 4711 (\xe2\x80\xa6: 897 arguments, 4485 bytes left out)\n"));
	/* The end of a script, the ellipsis joined to it. */
	canned_set_argv(&ev, args, 3);
	ev.report.caller.argc = 3;
	ev.report.caller.argv_cut.head = 2;
	ev.report.caller.argv_cut.args = 0;
	ev.report.caller.argv_cut.flags = WK_CUT_TAIL_PART;
	ev.report.caller.argv_cut.bytes = 40000;
	cli_glyphs_set_utf8(0);
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "    argv     sh -c "
	    "...'xyz; kill 4711' (...: 40000 bytes left out)\n"));
	cli_glyphs_set_utf8(1);
}
END_TEST

START_TEST(json_hidden_argv_is_marked)
{
	struct wk_event ev;
	char *doc;

	canned_event(&ev);
	memset(ev.argv, 0, sizeof ev.argv);
	ev.report.caller.argv_len = 0;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "k = j[0]['killer']\n"
	    "assert k['argv'] == [] and k['argv_hidden'] is True and k['argc'] == 3, k\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_stats_parse_back)
{
	struct wk_stats st;

	utc();
	memset(&st, 0, sizeof st);
	wk_reply_init(&st.hdr, WK_R_STATS, sizeof st);
	st.received = 10;
	st.stored = 9;
	st.rejected_forged = 1;
	st.started = CANNED_SEC;
	st.events_total = 1234;
	st.store_errors = 2;
	st.store_backlog = 17;
	st.store_cache_bytes = 8 << 20;
	capture_open(&cap);
	cli_json_stats(cap.f, &st);
	ck_assert_int_eq(python_check(captured(&cap),
	    "assert (j['received'], j['stored'], j['rejected_forged'], j['events_total']) == "
	    "(10, 9, 1, 1234), j\n"
	    "assert (j['store_errors'], j['store_backlog']) == (2, 17), j\n"
	    "assert j['store_cache_bytes'] == 8 << 20, j\n"
	    "assert j['started'] == '2025-11-21T15:12:41.000000+00:00', j\n"
	    "assert j['kill_rules'] == 'unknown' and j['ld_so_preload'] is None, j\n"), 0);
	st.sight = WK_SEE_TOLD | WK_SEE_RULES_READ | WK_SEE_KILL_RULES |
	    WK_SEE_AUDIT_OFF | WK_SEE_PRELOAD_READ;
	capture_open(&cap);
	cli_json_stats(cap.f, &st);
	ck_assert_int_eq(python_check(captured(&cap),
	    "assert j['kill_rules'] == 'audit_disabled', j\n"
	    "assert j['ld_so_preload'] is False, j\n"), 0);
}
END_TEST

START_TEST(text_stats_lists_counters)
{
	struct wk_stats st;
	const char *s;

	utc();
	memset(&st, 0, sizeof st);
	wk_reply_init(&st.hdr, WK_R_STATS, sizeof st);
	st.received = 10;
	st.rejected_forged = 3;
	st.store_backlog = 17;
	st.store_cache_bytes = 8 << 20;
	st.started = CANNED_SEC;
	capture_open(&cap);
	cli_text_stats(cap.f, &st);
	s = captured(&cap);
	ck_assert_ptr_nonnull(strstr(s, "  page cache           8.0 MiB in memory\n"));
	ck_assert_ptr_nonnull(strstr(s, "  started              2025-11-21 15:12:41 +0000"));
	ck_assert_ptr_nonnull(strstr(s, "  reports received     10\n"));
	ck_assert_ptr_nonnull(strstr(s, "  rejected, forged     3\n"));
	ck_assert_ptr_nonnull(strstr(s, "  store errors         0\n"
	    "  store backlog        17\n"));
	ck_assert_ptr_nonnull(strstr(s, "  kill rules           unknown"));

	/* What it sees: the kernel's kill rules and ld.so.preload. */
	st.sight = WK_SEE_TOLD | WK_SEE_RULES_READ | WK_SEE_PRELOAD_READ;
	capture_open(&cap);
	cli_text_stats(cap.f, &st);
	s = captured(&cap);
	ck_assert_ptr_nonnull(strstr(s, "what it sees\n"
	    "  kill rules           not loaded (static binaries and raw "
	    "syscalls are not seen; see conf/audit/whokilled.rules)\n"
	    "  ld.so.preload        does not load the shim"));
	st.sight |= WK_SEE_KILL_RULES | WK_SEE_PRELOAD;
	capture_open(&cap);
	cli_text_stats(cap.f, &st);
	s = captured(&cap);
	ck_assert_ptr_nonnull(strstr(s, "  kill rules           loaded\n"
	    "  ld.so.preload        loads the shim\n"));
}
END_TEST

/* ----------------------------------------------------------- logins */

START_TEST(text_person_line_replaces_login_line)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	canned_session(&ev);
	ck_assert_str_eq(text_of(&ev, &cap),
	    "pid 2089 (sleep) — owner root\n"
	    "  SIGKILL at 2025-11-21 15:12:41 +0000 — delivered\n"
	    "    killer   pid 1784 (kill) /usr/bin/kill  uid=root euid=root\n"
	    "    argv     kill -9 2089\n"
	    "    person   nobody (auid 65534), session 3, sshd from 127.0.0.1 on pts/0,"
	    " logged in 2025-11-21 15:02:41\n"
	    "    chain    bash[1700] nobody (login) → sh[1783] nobody→root → kill[1784] root\n"
	    "    sources  shim, pam\n");
}
END_TEST

START_TEST(text_chain_starts_at_the_login_process)
{
	struct wk_event ev;

	utc();
	canned_event(&ev);
	canned_session(&ev);
	ev.session.pid = 1783;
	ev.session.start_time = 1000u + 1783u;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "\n    chain    sh[1783] nobody→root (login) → kill[1784] root\n"));

	/* Not in the chain, or another process with its pid: all of it. */
	ev.session.start_time = 1;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "\n    chain    bash[1700] nobody → sh[1783] nobody→root → kill[1784] root\n"));
}
END_TEST

START_TEST(text_person_of_a_closed_own_id_session)
{
	struct wk_event ev;
	struct wk_session_info *s = &ev.session;

	utc();
	canned_event(&ev);
	canned_session(&ev);
	s->flags = WK_SI_KNOWN | WK_SI_CLOSED | WK_SF_OWN_ID;
	s->own_id = 0x1f3a;
	s->loginuid = WK_ID_UNSET;
	s->sessionid = WK_ID_UNSET;
	s->closed.sec = CANNED_SEC + 1200;
	strcpy(s->user, "alice");
	strcpy(s->service, "su");
	s->rhost[0] = '\0';
	s->tty[0] = '\0';
	strcpy(s->ruser, "bob");
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "\n    person   alice, session w-1f3a, su from local by bob,"
	    " logged in 2025-11-21 15:02:41 (logged out 15:32:41)\n"));

	/* Out another day; the open never seen. */
	s->closed.sec = CANNED_SEC + 86400;
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    " (logged out 2025-11-22 15:12:41)\n"));
	s->opened.sec = 0;
	strcpy(s->rhost, "10.1.2.3");
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "\n    person   alice, session w-1f3a, su from bob@10.1.2.3"
	    " (logged out 2025-11-22 15:12:41)\n"));
}
END_TEST

START_TEST(text_person_strings_are_escaped)
{
	struct wk_event ev;
	const char *s;

	utc();
	canned_event(&ev);
	canned_session(&ev);
	strcpy(ev.session.user, "ev\x1b[2Jil");
	strcpy(ev.session.rhost, "h\x07st");
	s = text_of(&ev, &cap);
	ck_assert(terminal_safe(s));
	ck_assert_ptr_nonnull(strstr(s, "person   ev\\x1b[2Jil (auid"));
	ck_assert_ptr_nonnull(strstr(s, "from h\\x07st on"));
}
END_TEST

static const char *
failed_text(const struct wk_authfail_event *ev,
    struct capture *c)
{
	capture_open(c);
	cli_text_failed_login(c->f, ev);
	return captured(c);
}

START_TEST(text_failed_logins_block)
{
	struct wk_authfail_event ev;

	utc();
	canned_failed(&ev);
	ck_assert_str_eq(failed_text(&ev, &cap),
	    "3 failed logins for postgres via su from local, 2025-11-21 15:10:41 … 15:12:41\n"
	    "  program  pid 4242 (psql) /usr/bin/psql uid=nobody\n"
	    "  argv     psql -U postgres -h db1\n"
	    "  chain    cron[900] root → sh[4240] nobody → psql[4242] nobody\n");
}
END_TEST

START_TEST(text_one_failed_login_from_afar_with_hidden_argv)
{
	struct wk_authfail_event ev;

	utc();
	canned_failed(&ev);
	ev.count = 1;
	ev.first = ev.last;
	strcpy(ev.report.user, "root");
	strcpy(ev.report.service, "sshd");
	strcpy(ev.report.rhost, "10.0.0.9");
	strcpy(ev.report.ruser, "mallory");
	strcpy(ev.report.tty, "ssh");
	ev.report.caller.euid = 0;
	memset(ev.argv, 0, sizeof ev.argv);
	ev.report.caller.argv_len = 0;
	ev.chain_len = 0;
	ck_assert_str_eq(failed_text(&ev, &cap),
	    "1 failed login for root via sshd from mallory@10.0.0.9 on ssh, 2025-11-21 15:12:41\n"
	    "  program  pid 4242 (psql) /usr/bin/psql uid=nobody euid=root\n"
	    "  argv     (hidden: not your process)\n");

	/* Days apart: both dates. */
	ev.first.sec -= 86400;
	ck_assert_ptr_nonnull(strstr(failed_text(&ev, &cap),
	    ", 2025-11-20 15:12:41 … 2025-11-21 15:12:41\n"));
}
END_TEST

/* Where the locale's character set is not UTF-8: ASCII symbols only. */
START_TEST(text_in_ascii_when_the_locale_is_not_utf8)
{
	struct wk_authfail_event failed;
	struct wk_event ev;
	const char *s;

	utc();
	cli_glyphs_set_utf8(0);
	canned_event(&ev);
	ck_assert_str_eq(text_of(&ev, &cap),
	    "pid 2089 (sleep) - owner root\n"
	    "  SIGKILL at 2025-11-21 15:12:41 +0000 - delivered\n"
	    "    killer   pid 1784 (kill) /usr/bin/kill  uid=root euid=root\n"
	    "    argv     kill -9 2089\n"
	    "    login    auid=nobody session 3 tty pts/0\n"
	    "    chain    bash[1700] nobody -> sh[1783] nobody->root -> kill[1784] root\n"
	    "    sources  shim\n");
	canned_failed(&failed);
	s = failed_text(&failed, &cap);
	ck_assert_ptr_nonnull(strstr(s, "2025-11-21 15:10:41 ... 15:12:41\n"));
	ck_assert_ptr_nonnull(strstr(s, "cron[900] root -> sh[4240] nobody"));
	for (; *s != '\0'; s++)
		ck_assert_msg((unsigned char)*s < 0x80, "a byte beyond ASCII");

	cli_glyphs_set_utf8(1);
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap),
	    "bash[1700] nobody → sh[1783] nobody→root → kill[1784] root\n"));
}
END_TEST

/* The switch follows LC_CTYPE's codeset: C is ASCII, C.UTF-8 is not. */
START_TEST(glyphs_follow_the_locale_codeset)
{
	setenv("LC_ALL", "C", 1);
	ck_assert_int_eq(cli_glyphs_from_locale(), 0);
	ck_assert_str_eq(cli_arrow(), "->");
	ck_assert_str_eq(cli_dash(), "-");
	ck_assert_str_eq(cli_ellipsis(), "...");
	setenv("LC_ALL", "C.UTF-8", 1);
	ck_assert_msg(cli_glyphs_from_locale() == 1,
	    "C.UTF-8 is not a UTF-8 locale here (is it installed?)");
	ck_assert_str_eq(cli_arrow(), "→");
	ck_assert_str_eq(cli_dash(), "—");
	ck_assert_str_eq(cli_ellipsis(), "…");
	setenv("LC_ALL", "POSIX", 1);
	ck_assert_int_eq(cli_glyphs_from_locale(), 0);
	unsetenv("LC_ALL");
}
END_TEST

START_TEST(text_failed_end_says_nothing_was_found)
{
	struct wk_end end;

	canned_end(&end, 0, 0, "");
	capture_open(&cap);
	cli_text_failed_end(cap.f, &end, "postgres", 0);
	ck_assert_str_eq(captured(&cap), "no failed login for postgres was recorded\n");
	capture_open(&cap);
	cli_text_failed_end(cap.f, &end, NULL, 0);
	ck_assert_str_eq(captured(&cap), "no failed login was recorded\n");
	canned_end(&end, 0, 0, "no failed login was recorded matching the query");
	capture_open(&cap);
	cli_text_failed_end(cap.f, &end, "x", 0);
	ck_assert_str_eq(captured(&cap), "no failed login was recorded matching the query\n");
	capture_open(&cap);
	cli_text_failed_end(cap.f, &end, "x", 2);
	ck_assert_str_eq(captured(&cap), "");
}
END_TEST

START_TEST(json_session_object)
{
	struct wk_event ev;
	char *doc;

	utc();
	canned_event(&ev);
	canned_session(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "s = j[0]['session']\n"
	    "assert s == {'id': '3', 'user': 'nobody', 'uid': 65534, 'service': 'sshd',"
	    " 'tty': '/dev/pts/0', 'rhost': '127.0.0.1', 'ruser': None,"
	    " 'opened': '2025-11-21T15:02:41.000005+00:00', 'closed': None,"
	    " 'loginuid': 65534, 'login_user': 'nobody', 'sessionid': 3, 'own_id': None,"
	    " 'pid': 1700, 'start_time': 2700}, s\n"
	    "assert j[0]['sources'] == ['shim', 'pam']\n"
	    "assert [x['auid'] for x in j[0]['chain']] == [65534] * 3\n"), 0);
	free(doc);

	ev.session.flags |= WK_SI_CLOSED | WK_SF_OWN_ID;
	ev.session.closed.sec = CANNED_SEC;
	ev.session.own_id = 0xfedcba9876543210ull;
	ev.session.loginuid = WK_ID_UNSET;
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "s = j[0]['session']\n"
	    "assert s['id'] == 'w-fedcba9876543210' and s['own_id'] == 'fedcba9876543210', s\n"
	    "assert s['closed'] == '2025-11-21T15:12:41.000000+00:00', s\n"
	    "assert s['loginuid'] is None and s['login_user'] is None, s\n"), 0);
	free(doc);

	canned_event(&ev);
	capture_open(&cap);
	cli_json_event(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc, "assert j[0]['session'] is None\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_failed_login_parses_back)
{
	struct wk_authfail_event ev;
	char *doc;

	utc();
	canned_failed(&ev);
	strcpy(ev.report.rhost, "db\xff");
	capture_open(&cap);
	cli_json_failed_login(cap.f, &ev);
	ck_assert_int_gt(asprintf(&doc, "[%s]", captured(&cap)), 0);
	ck_assert_int_eq(python_check(doc,
	    "g = j[0]\n"
	    "assert (g['id'], g['count'], g['user'], g['service'], g['tty'], g['ruser']) == "
	    "(7, 3, 'postgres', 'su', None, None), g\n"
	    "assert g['rhost'] == 'db\\xff', g\n"
	    "assert g['first'] == '2025-11-21T15:10:41.000000+00:00', g\n"
	    "assert g['last'] == '2025-11-21T15:12:41.123456+00:00', g\n"
	    "assert (g['first_epoch'], g['last_epoch']) == (1763737841, 1763737961)\n"
	    "p = g['program']\n"
	    "assert (p['pid'], p['comm'], p['exe'], p['uid'], p['user']) == "
	    "(4242, 'psql', '/usr/bin/psql', 65534, 'nobody'), p\n"
	    "assert p['argv'] == ['psql', '-U', 'postgres', '-h', 'db1'] and not p['argv_hidden']\n"
	    "assert [(x['pid'], x['comm']) for x in g['chain']] == "
	    "[(900, 'cron'), (4240, 'sh'), (4242, 'psql')], g['chain']\n"), 0);
	free(doc);
}
END_TEST

static Suite *
format_suite(void)
{
	Suite *s = suite_create("cli_format");
	TCase *text = tcase_create("text");
	TCase *json = tcase_create("json");

	tcase_add_checked_fixture(text, NULL, capture_close);
	tcase_add_test(text, text_block_for_canned_event);
	tcase_add_test(text, text_group_member_and_count);
	tcase_add_test(text, text_pending_result);
	tcase_add_test(text, text_target_names_its_unit);
	tcase_add_test(text, text_request_says_how_a_systemctl_is_known);
	tcase_add_test(text, text_container_pids_follow_the_host_pids);
	tcase_add_test(text, text_container_target_without_a_host_pid);
	tcase_add_test(text, text_in_ascii_when_the_locale_is_not_utf8);
	tcase_add_test(text, glyphs_follow_the_locale_codeset);
	tcase_add_test(text, user_names_are_the_same_when_asked_again);
	tcase_add_test(text, text_time_is_local);
	tcase_add_test(text, text_chain_shows_uid_changes_and_unknown_users);
	tcase_add_test(text, text_group_target_names_group_and_leader);
	tcase_add_test(text, text_kill_minus_one_is_every_process);
	tcase_add_test(text, text_failed_result_names_errno);
	tcase_add_test(text, text_hidden_argv);
	tcase_add_test(text, text_truncated_argv_is_noted);
	tcase_add_test(text, text_argv_is_shell_quoted);
	tcase_add_test(text, text_control_bytes_are_escaped);
	tcase_add_test(text, text_bidi_override_is_escaped);
	tcase_add_test(text, text_printable_utf8_passes_through);
	tcase_add_test(text, text_unset_login_and_no_tty);
	tcase_add_test(text, text_sources_lists_each_source);
	tcase_add_test(text, text_end_without_events_prints_daemon_message);
	tcase_add_test(text, text_end_notes_earlier_processes);
	tcase_add_test(text, text_stats_lists_counters);
	tcase_add_test(text, utf8_decoder_accepts_only_well_formed);
	tcase_add_test(text, text_person_line_replaces_login_line);
	tcase_add_test(text, text_chain_starts_at_the_login_process);
	tcase_add_test(text, text_person_of_a_closed_own_id_session);
	tcase_add_test(text, text_person_strings_are_escaped);
	tcase_add_test(text, text_failed_logins_block);
	tcase_add_test(text, text_one_failed_login_from_afar_with_hidden_argv);
	tcase_add_test(text, text_failed_end_says_nothing_was_found);
	suite_add_tcase(s, text);

	tcase_add_checked_fixture(json, NULL, capture_close);
	tcase_add_test(json, json_string_escapes_quotes_and_controls);
	tcase_add_test(json, json_string_escapes_invalid_utf8_bytewise);
	tcase_add_test(json, json_string_keeps_embedded_nul_escaped);
	tcase_add_test(json, json_hostile_strings_parse_back);
	tcase_add_test(json, json_event_parses_back_with_fields);
	tcase_add_test(json, json_unknowns_are_null);
	tcase_add_test(json, json_container_pids);
	tcase_add_test(json, json_failed_result_and_hostile_event_parse_back);
	tcase_add_test(json, json_hidden_argv_is_marked);
	tcase_add_test(json, json_argv_cut_is_said);
	tcase_add_test(json, text_argv_cut_is_said);
	tcase_add_test(json, json_pending_and_member);
	tcase_add_test(json, json_target_unit_and_cgroup);
	tcase_add_test(json, json_stats_parse_back);
	tcase_add_test(json, json_session_object);
	tcase_add_test(json, json_failed_login_parses_back);
	tcase_set_timeout(json, 20);
	suite_add_tcase(s, json);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(format_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
