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
#include "../../cli/format_text.h"
#include "cli_events.h"

/* Output written to a memory stream; one at a time, closed by the next or at teardown. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static struct capture cap;

static void capture_close(void)
{
	if (cap.f != NULL)
		fclose(cap.f);
	free(cap.buf);
	memset(&cap, 0, sizeof cap);
}

static void capture_open(struct capture *c)
{
	capture_close();
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
}

/* Flushes and returns what was written, NUL-terminated. */
static const char *captured(struct capture *c)
{
	ck_assert_int_eq(fflush(c->f), 0);
	return c->buf;
}

static const char *text_of(const struct wk_event *ev, struct capture *c)
{
	capture_open(c);
	cli_text_event(c->f, ev);
	return captured(c);
}

static void utc(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
}

/* True when s holds no byte a terminal would act on (newlines aside). */
static int terminal_safe(const char *s)
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
static int python_check(const char *json, const char *body)
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
	memset(ev.report.caller.argv, 0, sizeof ev.report.caller.argv);
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
	ck_assert_ptr_nonnull(strstr(text_of(&ev, &cap), "    sources  shim, kernel, pam\n"));
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

static const char *json_string_of(const char *s, size_t len, struct capture *c)
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
	    "assert e['result'] == {'success': True, 'errno': 0, 'error': None}\n"
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
	    "assert e['result'] == {'success': False, 'errno': 1, 'error': 'EPERM'}, e['result']\n"
	    "assert e['target']['comm'] == 'a\"b\\\\c\\xc0' and e['target']['group'] is True\n"
	    "assert e['killer']['argv'] == ['rm', '\\x1b]0;x\\x07', '\\xff\\xfe']\n"
	    "assert e['killer']['argv_truncated'] is True\n"
	    "assert e['sources'] == ['shim', 'kernel', 'pam']\n"), 0);
	free(doc);
}
END_TEST

START_TEST(json_hidden_argv_is_marked)
{
	struct wk_event ev;
	char *doc;

	canned_event(&ev);
	memset(ev.report.caller.argv, 0, sizeof ev.report.caller.argv);
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
	capture_open(&cap);
	cli_json_stats(cap.f, &st);
	ck_assert_int_eq(python_check(captured(&cap),
	    "assert (j['received'], j['stored'], j['rejected_forged'], j['events_total']) == "
	    "(10, 9, 1, 1234), j\n"
	    "assert j['started'] == '2025-11-21T15:12:41.000000+00:00', j\n"), 0);
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
	st.started = CANNED_SEC;
	capture_open(&cap);
	cli_text_stats(cap.f, &st);
	s = captured(&cap);
	ck_assert_ptr_nonnull(strstr(s, "  started              2025-11-21 15:12:41 +0000"));
	ck_assert_ptr_nonnull(strstr(s, "  reports received     10\n"));
	ck_assert_ptr_nonnull(strstr(s, "  rejected, forged     3\n"));
}
END_TEST

static Suite *format_suite(void)
{
	Suite *s = suite_create("cli_format");
	TCase *text = tcase_create("text");
	TCase *json = tcase_create("json");

	tcase_add_checked_fixture(text, NULL, capture_close);
	tcase_add_test(text, text_block_for_canned_event);
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
	suite_add_tcase(s, text);

	tcase_add_checked_fixture(json, NULL, capture_close);
	tcase_add_test(json, json_string_escapes_quotes_and_controls);
	tcase_add_test(json, json_string_escapes_invalid_utf8_bytewise);
	tcase_add_test(json, json_string_keeps_embedded_nul_escaped);
	tcase_add_test(json, json_hostile_strings_parse_back);
	tcase_add_test(json, json_event_parses_back_with_fields);
	tcase_add_test(json, json_unknowns_are_null);
	tcase_add_test(json, json_failed_result_and_hostile_event_parse_back);
	tcase_add_test(json, json_hidden_argv_is_marked);
	tcase_add_test(json, json_stats_parse_back);
	tcase_set_timeout(json, 20);
	suite_add_tcase(s, json);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(format_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
