/* The log trail: the line for a stored signal, escaped; the rate limit. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/ingest/ingest_log.h"

/* A kill by pid 4712 (kill) of pid 4711 (nginx), login uid 0 through sudo. */
static void
make_event(struct wk_event *ev, const char *argv, size_t argv_len)
{
	struct wk_caller *c = &ev->report.caller;

	memset(ev, 0, sizeof *ev);
	ev->report.signo = 15;
	ev->report.arg_pid = 4711;
	ev->report.target.pid = 4711;
	strcpy(ev->report.target.comm, "nginx");
	c->pid = 4712;
	c->uid = c->euid = 0;
	c->loginuid = WK_ID_UNSET;
	strcpy(c->comm, "kill");
	memcpy(ev->argv, argv, argv_len);
	c->argv_len = (uint32_t)argv_len;
	c->argc = 3;
}

START_TEST(line_names_signal_target_person_command)
{
	static const char argv[] = "/bin/kill\0-TERM\0" "4711";
	struct wk_event ev;
	char line[INGEST_LOG_LINE_MAX];

	make_event(&ev, argv, sizeof argv);
	/* Logged in as root (uid 0), became uid 0 through sudo: the chain
	 * from the login's own shell to the killer. */
	ev.report.caller.loginuid = 0;
	ev.chain_len = 3;
	strcpy(ev.chain[0].comm, "bash");
	ev.chain[0].euid = 0;
	strcpy(ev.chain[1].comm, "sudo");
	ev.chain[1].euid = 0;
	strcpy(ev.chain[2].comm, "kill");
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_str_eq(line, "SIGTERM to 4711 (nginx) by root: "
	    "/bin/kill -TERM 4711 (pid 4712)");
	/* A login uid of 65534 that became root through sudo. */
	ev.report.caller.loginuid = 65534;
	ev.chain[0].euid = 65534;
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_msg(strstr(line, " via sudo: /bin/kill -TERM 4711 (pid "
	    "4712)") != NULL, "%s", line);
	/* The target's unit, when known. */
	strcpy(ev.target_cgroup.unit, "nginx.service");
	strcpy(ev.target_cgroup.path, "/system.slice/nginx.service");
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_msg(strncmp(line, "SIGTERM to 4711 (nginx) in nginx.service "
	    "by ", 42) == 0, "%s", line);
}
END_TEST

/* A command line cut in its middle: "..." where it was cut. */
START_TEST(cut_command_line_shows_where)
{
	static const char argv[] = "kill\0-TERM\0" "1001\0" "4711";
	struct wk_event ev;
	char line[INGEST_LOG_LINE_MAX];

	make_event(&ev, argv, sizeof argv);
	ev.report.flags |= WK_F_ARGV_TRUNCATED;
	ev.report.caller.argc = 900;
	ev.report.caller.argv_cut.head = 3;
	ev.report.caller.argv_cut.args = 896;
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_msg(strstr(line, ": kill -TERM 1001 ... 4711 (pid 4712)") !=
	    NULL, "%s", line);
}
END_TEST

START_TEST(no_login_uid_and_no_command_line)
{
	struct wk_event ev;
	char line[INGEST_LOG_LINE_MAX];

	make_event(&ev, "", 0);
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_str_eq(line, "SIGTERM to 4711 (nginx) by root (no login "
	    "uid): (kill) (pid 4712)");
	/* A target that was not read: the pid the call named. */
	ev.report.target.pid = 0;
	ev.report.arg_pid = -300;
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_msg(strncmp(line, "SIGTERM to -300 by ", 19) == 0, "%s",
	    line);
}
END_TEST

START_TEST(bytes_a_terminal_acts_on_are_escaped)
{
	static const char argv[] = "sh\0-c\0echo \x1b[2J\n'x'\\";
	struct wk_event ev;
	char line[INGEST_LOG_LINE_MAX];

	make_event(&ev, argv, sizeof argv);
	strcpy(ev.report.target.comm, "a\tb");
	ingest_log_format(&ev, line, sizeof line);
	ck_assert_msg(strstr(line, "(a\\x09b)") != NULL, "%s", line);
	ck_assert_msg(strstr(line, ": sh -c 'echo \\x1b[2J\\x0a\\x27x\\x27"
	    "\\x5c' (pid 4712)") != NULL, "%s", line);
	for (const char *p = line; *p != '\0'; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f,
		    "control byte in %s", line);
}
END_TEST

START_TEST(a_long_line_is_cut_and_says_so)
{
	struct wk_event ev;
	char argv[WK_ARGV_MAX], line[80];
	size_t len;

	memset(argv, 'a', sizeof argv);
	argv[sizeof argv - 1] = '\0';
	make_event(&ev, argv, sizeof argv);
	len = ingest_log_format(&ev, line, sizeof line);
	ck_assert_uint_eq(len, sizeof line - 1);
	ck_assert_uint_eq(strlen(line), sizeof line - 1);
	ck_assert_str_eq(line + len - 3, "...");
}
END_TEST

START_TEST(a_burst_then_the_rate_and_what_was_held)
{
	struct ingest_log lg;
	struct wk_event ev;
	int i;

	make_event(&ev, "kill", 5);
	ingest_log_init(&lg, 1);
	for (i = 0; i < INGEST_LOG_BURST + 25; i++)
		ingest_log_kill(&lg, &ev, 1000);
	ck_assert_uint_eq(lg.held, 25);
	/* One second later: INGEST_LOG_RATE more lines, the first of them
	 * preceded by the count of those held back (then 0). */
	ingest_log_kill(&lg, &ev, 2000);
	ck_assert_uint_eq(lg.held, 0);
	for (i = 1; i < INGEST_LOG_RATE + 5; i++)
		ingest_log_kill(&lg, &ev, 2000);
	ck_assert_uint_eq(lg.held, 5);
	ingest_log_flush(&lg, 2000);
	ck_assert_uint_eq(lg.held, 0);
	/* Off: nothing is counted either. */
	ingest_log_init(&lg, 0);
	for (i = 0; i < INGEST_LOG_BURST + 5; i++)
		ingest_log_kill(&lg, &ev, 1000);
	ck_assert_uint_eq(lg.held, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ingest_log");
	TCase *tc = tcase_create("lines");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, line_names_signal_target_person_command);
	tcase_add_test(tc, no_login_uid_and_no_command_line);
	tcase_add_test(tc, cut_command_line_shows_where);
	tcase_add_test(tc, bytes_a_terminal_acts_on_are_escaped);
	tcase_add_test(tc, a_long_line_is_cut_and_says_so);
	tcase_add_test(tc, a_burst_then_the_rate_and_what_was_held);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
