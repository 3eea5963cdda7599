/*
 * The CLI's words for how a process ended: the first line of an answer,
 * what each signal did, and the "death" object of the JSON output.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../cli/format_blind.h"
#include "../../cli/format_death.h"
#include "../../cli/format_filter.h"
#include "../../cli/format_json.h"
#include "../../cli/format_text.h"
#include "cli_events.h"

static void
utc(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
}

/* The process of the canned event, ended as kind says at CANNED_SEC + 2. */
static struct wk_death
canned_death(uint32_t kind)
{
	struct wk_death d;

	memset(&d, 0, sizeof d);
	wk_reply_init(&d.hdr, WK_R_DEATH, sizeof d);
	d.kind = kind;
	d.flags = WK_D_SUBJECT | WK_D_START_KNOWN | WK_D_EXIT_KNOWN;
	strcpy(d.boot_id, "0f6b1a5e-8c44-4f7e-9a41-3d1c2b0a9e77");
	d.pid = 2089;
	d.start_time = 4242;
	d.uid = 0;
	d.time.sec = CANNED_SEC + 2;
	strcpy(d.comm, "sleep");
	return d;
}

static const char *
phrase(const struct wk_death *d)
{
	static char buf[CLI_DEATH_PHRASE_MAX];

	return cli_death_phrase(d, buf, sizeof buf);
}

START_TEST(phrases_of_every_end)
{
	struct wk_death d;

	utc();
	d = canned_death(WK_DEATH_EXITED);
	d.exit_code = 3;
	ck_assert_str_eq(phrase(&d), "exited with status 3 at 2025-11-21 "
	    "15:12:43 +0000");

	d = canned_death(WK_DEATH_RUNNING);
	d.time.sec = CANNED_SEC;
	ck_assert_str_eq(phrase(&d), "still running (started 2025-11-21 "
	    "15:12:41 +0000)");

	d = canned_death(WK_DEATH_SIGNALED);
	d.signo = SIGSEGV;
	d.flags |= WK_D_CORE;
	ck_assert_str_eq(phrase(&d), "died of SIGSEGV (core dumped) at "
	    "2025-11-21 15:12:43 +0000, no process sent it");

	d = canned_death(WK_DEATH_SIGNALED);
	d.signo = SIGHUP;
	d.flags |= WK_D_PARENT_GONE;
	d.parent_pid = 1700;
	strcpy(d.parent_comm, "bash");
	ck_assert_str_eq(phrase(&d), "killed by SIGHUP at 2025-11-21 15:12:43 "
	    "+0000; no recorded process sent it (its parent bash[1700] had "
	    "ended first)");

	d = canned_death(WK_DEATH_SIGNALED);
	d.signo = SIGTERM;
	d.flags |= WK_D_SENDER_HIDDEN;
	ck_assert_str_eq(phrase(&d), "killed by SIGTERM at 2025-11-21 15:12:43 "
	    "+0000, sent by a process you may not see");

	d = canned_death(WK_DEATH_UNKNOWN);
	d.flags |= WK_D_ZOMBIE;
	ck_assert_str_eq(phrase(&d), "has ended, not yet reaped; how was not "
	    "seen");
}
END_TEST

START_TEST(a_kill_names_the_person_the_program_and_the_killer)
{
	struct wk_death d;

	utc();
	d = canned_death(WK_DEATH_SIGNALED);
	d.signo = SIGKILL;
	d.flags |= WK_D_SENDER | WK_D_SENDER_SESSION;
	d.sender.event = 42;
	d.sender.pid = 1784;
	d.sender.uid = 0;
	d.sender.loginuid = 1000;
	strcpy(d.sender.comm, "kill");
	strcpy(d.sender.session_user, "alice");
	strcpy(d.sender.via, "su");
	ck_assert_str_eq(phrase(&d), "killed by SIGKILL from alice's session "
	    "via su (pid 1784 kill) at 2025-11-21 15:12:43 +0000");

	/* Without a session: the login uid's name; without one: the uid's. */
	d.flags &= ~WK_D_SENDER_SESSION;
	d.sender.loginuid = UID_NOBODY;
	d.sender.via[0] = '\0';
	ck_assert_str_eq(phrase(&d), "killed by SIGKILL from nobody's session "
	    "(pid 1784 kill) at 2025-11-21 15:12:43 +0000");
	d.sender.loginuid = WK_ID_UNSET;
	ck_assert_str_eq(phrase(&d), "killed by SIGKILL from root (pid 1784 "
	    "kill) at 2025-11-21 15:12:43 +0000");
}
END_TEST

START_TEST(an_oom_kill_names_the_cgroup_and_the_size)
{
	struct wk_death d;

	utc();
	d = canned_death(WK_DEATH_OOM);
	d.signo = SIGKILL;
	d.flags |= WK_D_OOM_CONTEXT;
	d.oom.time.sec = CANNED_SEC + 1;
	d.oom.anon_rss_kb = 31 * 1024 - 100;
	d.oom.file_rss_kb = 100;
	strcpy(d.oom.memcg, "/x");
	ck_assert_str_eq(phrase(&d), "killed by the kernel OOM killer in "
	    "memory cgroup /x at 2025-11-21 15:12:42 +0000 (rss 31 MiB)");
	d.flags |= WK_D_OOM_GLOBAL;
	d.oom.memcg[0] = '\0';
	d.oom.anon_rss_kb = 500;
	d.oom.file_rss_kb = 0;
	ck_assert_str_eq(phrase(&d), "killed by the kernel OOM killer when the "
	    "machine ran out of memory at 2025-11-21 15:12:42 +0000 "
	    "(rss 500 KiB)");
}
END_TEST

START_TEST(no_record_says_why)
{
	struct wk_death d;

	utc();
	d = canned_death(WK_DEATH_NO_RECORD);
	d.flags = WK_D_SUBJECT | WK_D_WATCHING;
	d.time.sec = 0;
	d.watch.since.sec = CANNED_SEC;
	d.watch.gap_from.sec = CANNED_SEC - 3600;
	d.watch.gap_to.sec = CANNED_SEC;
	ck_assert_str_eq(phrase(&d), "no record: the daemon was not running "
	    "between 2025-11-21 14:12:41 +0000 and 2025-11-21 15:12:41 +0000, "
	    "and has kept no end of this pid since");
	memset(&d.watch.gap_from, 0, sizeof d.watch.gap_from);
	memset(&d.watch.gap_to, 0, sizeof d.watch.gap_to);
	ck_assert_str_eq(phrase(&d), "no record: the daemon has kept no end of "
	    "this pid since it began watching at 2025-11-21 15:12:41 +0000");
	d.flags = WK_D_SUBJECT;
	ck_assert_ptr_nonnull(strstr(phrase(&d), "does not see process exits"));
}
END_TEST

START_TEST(the_first_line_escapes_what_the_daemon_sent)
{
	struct wk_death d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	d = canned_death(WK_DEATH_OOM);
	strcpy(d.comm, "evil\033[2J");
	strcpy(d.oom.memcg, "/a\033]0;x\007");
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	cli_text_death(f, &d);
	fclose(f);
	ck_assert_ptr_null(strchr(buf, '\033'));
	ck_assert_ptr_null(strchr(buf, '\007'));
	ck_assert_int_eq(strncmp(buf, "pid 2089 (evil\\x1b[2J): killed by the "
	    "kernel OOM killer in memory cgroup /a\\x1b]0;x\\x07 at ", 75), 0);
	free(buf);
}
END_TEST

START_TEST(the_first_line_names_the_unit)
{
	struct wk_death d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	d = canned_death(WK_DEATH_EXITED);
	snprintf(d.cgroup.unit, sizeof d.cgroup.unit, "cron.service");
	snprintf(d.cgroup.path, sizeof d.cgroup.path,
	    "/system.slice/cron.service");
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	cli_text_death(f, &d);
	fclose(f);
	ck_assert_msg(strncmp(buf, "pid 2089 (sleep) in unit cron.service: "
	    "exited with status ", 58) == 0, "%s", buf);
	free(buf);
}
END_TEST

START_TEST(what_each_signal_did)
{
	struct wk_death d = canned_death(WK_DEATH_SIGNALED);
	struct wk_event ev;
	char buf[128];

	utc();
	canned_event(&ev);
	d.signo = SIGKILL;
	d.flags |= WK_D_SENDER;
	d.sender.event = ev.id;
	ck_assert_ptr_eq(cli_death_of(&d, 1, &ev), &d);
	ck_assert_int_eq(cli_death_ended_it(&d, &ev), 1);
	ck_assert_str_eq(cli_death_fate(&d, &ev, buf, sizeof buf),
	    "it ended the process");

	/* Another signal event to it: handled, it ran on. */
	ev.id = 41;
	ck_assert_int_eq(cli_death_ended_it(&d, &ev), 0);
	ck_assert_str_eq(cli_death_fate(&d, &ev, buf, sizeof buf),
	    "handled, ignored or blocked: it ran on until 15:12:43");
	d.kind = WK_DEATH_RUNNING;
	ck_assert_str_eq(cli_death_fate(&d, &ev, buf, sizeof buf),
	    "handled, ignored or blocked: it is still running");
	/* A failed signal did nothing; an unknown end tells nothing. */
	ev.report.result = -1;
	ev.report.error = EPERM;
	ck_assert_int_eq(cli_death_ended_it(&d, &ev), 0);
	ck_assert_ptr_null(cli_death_fate(&d, &ev, buf, sizeof buf));
	ev.report.result = 0;
	ev.report.error = 0;
	d.kind = WK_DEATH_NO_RECORD;
	ck_assert_int_eq(cli_death_ended_it(&d, &ev), -1);
	ck_assert_int_eq(cli_death_ended_it(NULL, &ev), -1);

	/* Another process with the pid is not this event's. */
	d.start_time = 1;
	ck_assert_ptr_null(cli_death_of(&d, 1, &ev));
	ev.report.target.start_time = 0;
	ck_assert_ptr_eq(cli_death_of(&d, 1, &ev), &d);
	d.flags &= ~WK_D_SUBJECT;
	ck_assert_ptr_null(cli_death_of(&d, 1, &ev));
}
END_TEST

START_TEST(the_text_event_says_what_the_signal_did)
{
	struct wk_death d = canned_death(WK_DEATH_EXITED);
	struct wk_event ev;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	canned_event(&ev);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	cli_text_event_death(f, &ev, &d);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "  SIGKILL at 2025-11-21 15:12:41 "
	    "+0000 — delivered; handled, ignored or blocked: it ran on until "
	    "15:12:43\n"));
	free(buf);
}
END_TEST

/* Runs python3 on a JSON document with assertions about j; its status. */
static int
python_check(const char *json, const char *body)
{
	char dir[] = "/tmp/check_cli_death.XXXXXX";
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
	fprintf(f, "import json, sys\nj = json.load(open(sys.argv[1]))\n%s\n",
	    body);
	fclose(f);
	snprintf(cmd, sizeof cmd, "python3 %s %s", script, doc);
	status = system(cmd);
	unlink(doc);
	unlink(script);
	rmdir(dir);
	return status;
}

START_TEST(json_event_carries_its_death)
{
	struct wk_death d = canned_death(WK_DEATH_OOM);
	struct wk_event ev;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	canned_event(&ev);
	d.signo = SIGKILL;
	d.flags |= WK_D_OOM_CONTEXT;
	d.exit_status = SIGKILL;
	d.oom.time.sec = CANNED_SEC + 1;
	d.oom.anon_rss_kb = 2048;
	d.oom.file_rss_kb = 1024;
	strcpy(d.oom.memcg, "/x");
	strcpy(d.oom.task_memcg, "/x/y");
	strcpy(d.oom.constraint, "CONSTRAINT_MEMCG");
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	cli_json_event_death(f, &ev, &d);
	fclose(f);
	ck_assert_int_eq(python_check(buf,
	    "d = j['death']\n"
	    "assert d['kind'] == 'oom', d\n"
	    "assert d['oom']['memcg'] == '/x', d\n"
	    "assert d['oom']['rss_kb'] == 3072, d\n"
	    "assert d['signal']['name'] == 'SIGKILL', d\n"
	    "assert d['status'] is None and d['wait_status'] == 9, d\n"
	    "assert d['summary'].startswith('killed by the kernel OOM killer "
	    "in memory cgroup /x'), d\n"
	    "assert j['ended_it'] is False, j\n"
	    "assert j['signal']['name'] == 'SIGKILL'"), 0);
	free(buf);
}
END_TEST

START_TEST(json_death_without_event_is_an_element_of_its_own)
{
	struct wk_death d = canned_death(WK_DEATH_EXITED);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	d.exit_code = 3;
	d.exit_status = 3 << 8;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	fputc('[', f);
	cli_json_death_only(f, &d);
	fputc(']', f);
	fclose(f);
	ck_assert_int_eq(python_check(buf,
	    "e = j[0]\n"
	    "assert e['signal'] is None and e['killer'] is None, e\n"
	    "assert e['target']['pid'] == 2089, e\n"
	    "assert e['target']['start_time'] == 4242, e\n"
	    "assert e['death']['kind'] == 'exited', e\n"
	    "assert e['death']['status'] == 3, e\n"
	    "assert e['ended_it'] is None, e"), 0);
	free(buf);
}
END_TEST

/* A death by a signal no recorded process sent names its blind spots. */
START_TEST(an_unsent_signal_names_the_blind_spots)
{
	struct wk_death d = canned_death(WK_DEATH_SIGNALED);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	utc();
	d.signo = SIGTERM;
	d.sight = WK_SEE_TOLD | WK_SEE_EXITS | WK_SEE_RULES_READ |
	    WK_SEE_PRELOAD_READ | WK_SEE_GAP;
	d.watch.since.sec = CANNED_SEC - 60;
	d.watch.gap_from.sec = CANNED_SEC - 120;
	d.watch.gap_to.sec = CANNED_SEC - 60;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	cli_text_death(f, &d);
	fclose(f);
	ck_assert_str_eq(buf, "pid 2089 (sleep): killed by SIGTERM at "
	    "2025-11-21 15:12:43 +0000; no recorded process sent it\n"
	    "  blind spots that could explain it:\n"
	    "    no kernel kill rule loaded: static binaries and raw syscalls "
	    "are not seen\n"
	    "    a killer in another pid namespace (a container) whose shim "
	    "cannot reach this daemon\n"
	    "    the shim is not in /etc/ld.so.preload: setuid programs (su, "
	    "sudo) drop LD_PRELOAD, and programs started without it are not "
	    "seen\n"
	    "    the daemon was not running from 2025-11-21 15:10:41 +0000 to "
	    "2025-11-21 15:11:41 +0000, while the process lived\n"
	    "    the kernel itself (a parent-death signal set with prctl)\n");
	free(buf);

	/* The kernel's rules loaded and the shim preloaded: the kernel. */
	d.sight = WK_SEE_TOLD | WK_SEE_RULES_READ | WK_SEE_KILL_RULES |
	    WK_SEE_PRELOAD_READ | WK_SEE_PRELOAD;
	d.signo = SIGINT;
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	fputc('[', f);
	cli_json_death(f, &d);
	fputc(']', f);
	fclose(f);
	ck_assert_int_eq(python_check(buf,
	    "b = j[0]['blind_spots']\n"
	    "assert [x['id'] for x in b] == ['kernel'], b\n"
	    "assert 'terminal' in b[0]['text'], b"), 0);
	free(buf);

	/* Rules loaded but auditing off; rules unknown; a sender: none. */
	d.sight |= WK_SEE_AUDIT_OFF;
	{
		struct cli_blind_spot spots[CLI_BLIND_MAX];

		ck_assert_uint_eq(cli_blind_spots(&d, spots, CLI_BLIND_MAX), 3);
		ck_assert_str_eq(spots[0].id, "audit_disabled");
		d.sight = WK_SEE_TOLD;
		ck_assert_uint_eq(cli_blind_spots(&d, spots, CLI_BLIND_MAX), 4);
		ck_assert_str_eq(spots[0].id, "kill_rules_unknown");
		ck_assert_str_eq(spots[2].id, "ld_so_preload_unknown");
		d.flags |= WK_D_SENDER;
		ck_assert_uint_eq(cli_blind_spots(&d, spots, CLI_BLIND_MAX), 0);
		d.flags &= ~WK_D_SENDER;
		d.sight = 0;	/* a daemon that does not say */
		ck_assert_uint_eq(cli_blind_spots(&d, spots, CLI_BLIND_MAX), 0);
	}
}
END_TEST

/* What a filter left out: the sentence and the JSON element. */
START_TEST(a_filter_that_matched_nothing_says_what_it_left_out)
{
	struct wk_death d = canned_death(WK_DEATH_SIGNALED);
	struct cli_filter f = { .signo = SIGKILL };
	struct wk_end end;
	char buf[CLI_FILTER_PHRASE_MAX], *doc = NULL;
	size_t len = 0;
	FILE *out;

	utc();
	d.signo = SIGTERM;
	d.flags |= WK_D_SENDER;
	d.sender.event = 7;
	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	end.filtered_out = 1;
	end.excluded.event = 7;
	end.excluded.signo = SIGTERM;
	end.excluded.time.sec = CANNED_SEC;
	ck_assert(cli_filter_any(&f));
	ck_assert_str_eq(cli_filter_phrase(&end, &d, 2089, &f, buf, sizeof buf),
	    "no SIGKILL to pid 2089 was recorded; recorded for it: SIGTERM at "
	    "2025-11-21 15:12:41 +0000 (delivered; it ended the process) — "
	    "not shown by --signal KILL");

	/* Two left out, by time; the newest did not end it. */
	f.signo = 0;
	f.since = CANNED_SEC + 60;
	end.filtered_out = 2;
	end.excluded.event = 8;
	end.excluded.signo = SIGUSR1;
	ck_assert_str_eq(cli_filter_phrase(&end, &d, 2089, &f, buf, sizeof buf),
	    "no signal to pid 2089 since 2025-11-21 15:13:41 +0000 was "
	    "recorded; recorded for it: SIGUSR1 at 2025-11-21 15:12:41 +0000 "
	    "(delivered; handled, ignored or blocked: it ran on until "
	    "15:12:43) and 1 more — not shown by --since 2025-11-21 15:13:41 "
	    "+0000");

	/* A failed attempt, with no death known. */
	end.excluded.result = -1;
	end.excluded.error = EPERM;
	f.until = CANNED_SEC + 120;
	ck_assert_str_eq(cli_filter_phrase(&end, NULL, 2089, &f, buf,
	    sizeof buf), "no signal to pid 2089 since 2025-11-21 15:13:41 "
	    "+0000 until 2025-11-21 15:14:41 +0000 was recorded; recorded for "
	    "it: SIGUSR1 at 2025-11-21 15:12:41 +0000 (failed: EPERM) and 1 "
	    "more — not shown by --since 2025-11-21 15:13:41 +0000 --until "
	    "2025-11-21 15:14:41 +0000");

	end.excluded.result = 0;
	end.excluded.error = 0;
	end.excluded.event = 7;
	end.excluded.signo = SIGTERM;
	out = open_memstream(&doc, &len);
	ck_assert_ptr_nonnull(out);
	fputc('[', out);
	cli_json_death_only_filtered(out, &d, &end, "the sentence");
	fputc(',', out);
	cli_json_death_only(out, &d);
	fputc(']', out);
	fclose(out);
	ck_assert_int_eq(python_check(doc,
	    "e = j[0]\n"
	    "assert e['signal'] is None and e['death']['kind'] == 'signaled', e\n"
	    "x = e['filtered_out']\n"
	    "assert x['count'] == 2 and x['message'] == 'the sentence', x\n"
	    "assert x['newest']['id'] == 7, x\n"
	    "assert x['newest']['signal']['name'] == 'SIGTERM', x\n"
	    "assert x['newest']['result']['success'] is True, x\n"
	    "assert x['newest']['ended_it'] is True, x\n"
	    "assert j[1]['filtered_out'] is None, j[1]"), 0);
	free(doc);
}
END_TEST

static Suite *
death_suite(void)
{
	Suite *s = suite_create("cli_death");
	TCase *tc = tcase_create("death");

	tcase_add_test(tc, phrases_of_every_end);
	tcase_add_test(tc, the_first_line_names_the_unit);
	tcase_add_test(tc, a_kill_names_the_person_the_program_and_the_killer);
	tcase_add_test(tc, an_oom_kill_names_the_cgroup_and_the_size);
	tcase_add_test(tc, no_record_says_why);
	tcase_add_test(tc, the_first_line_escapes_what_the_daemon_sent);
	tcase_add_test(tc, what_each_signal_did);
	tcase_add_test(tc, the_text_event_says_what_the_signal_did);
	tcase_add_test(tc, json_event_carries_its_death);
	tcase_add_test(tc, json_death_without_event_is_an_element_of_its_own);
	tcase_add_test(tc, a_filter_that_matched_nothing_says_what_it_left_out);
	tcase_add_test(tc, an_unsent_signal_names_the_blind_spots);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(death_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
