/*
 * whokilled --audit-log as a function: exit statuses, filters, standard
 * input, several logs (rotated ones in any order), what goes to stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli/offline.h"
#include "audit_testutil.h"

static struct capture out, err;

static void
setup(void)
{
	capture_open(&out);
	capture_open(&err);
}

static void
teardown(void)
{
	capture_free(&out);
	capture_free(&err);
}

/* Runs the offline mode on logs (names under CASES_DIR unless absolute or "-"). */
static int
run(const char *const *names, size_t n, int32_t pid,
    const struct cli_offline_opts *o)
{
	char paths[4][256];
	const char *logs[4];
	int status;

	ck_assert_uint_le(n, 4);
	for (size_t i = 0; i < n; i++) {
		if (names[i][0] == '/' || strcmp(names[i], "-") == 0)
			snprintf(paths[i], sizeof paths[i], "%s", names[i]);
		else
			snprintf(paths[i], sizeof paths[i], "%s/%s", CASES_DIR, names[i]);
		logs[i] = paths[i];
	}
	status = cli_offline_run(logs, n, pid, o, out.f, err.f);
	capture_text(&out);
	capture_text(&err);
	return status;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

START_TEST(test_missing_log_is_an_error)
{
	static const char *const logs[] = { "kill_bash.log", "/nonexistent/audit.log" };
	struct cli_offline_opts o = { 0 };

	ck_assert_int_eq(run(logs, 2, 2089, &o), 2);
	ck_assert_str_eq(out.buf, "");
	ck_assert_ptr_nonnull(strstr(err.buf, "/nonexistent/audit.log"));
	ck_assert_ptr_nonnull(strstr(err.buf, strerror(ENOENT)));
}
END_TEST

START_TEST(test_no_log_or_no_pid_is_an_error)
{
	struct cli_offline_opts o = { 0 };
	const char *logs[] = { "x" };

	ck_assert_int_eq(cli_offline_run(logs, 0, 2089, &o, out.f, err.f), 2);
	ck_assert_int_eq(cli_offline_run(logs, 1, 0, &o, out.f, err.f), 2);
	capture_text(&out);
	ck_assert_str_eq(out.buf, "");
}
END_TEST

START_TEST(test_found_is_0_none_is_1)
{
	static const char *const logs[] = { "kill_bash.log" };
	struct cli_offline_opts o = { 0 };

	ck_assert_int_eq(run(logs, 1, 999, &o), 1);
	ck_assert_str_eq(out.buf, "no signal to pid 999 matched in the audit log(s) given\n");
	ck_assert_str_eq(err.buf, "");
}
END_TEST

START_TEST(test_none_in_json_is_an_empty_array)
{
	static const char *const logs[] = { "kill_bash.log" };
	struct cli_offline_opts o = { .json = 1 };

	ck_assert_int_eq(run(logs, 1, 999, &o), 1);
	ck_assert_str_eq(out.buf, "[]\n");
	ck_assert_str_eq(err.buf, "");
}
END_TEST

START_TEST(test_no_kill_at_all_points_at_the_rules)
{
	static const char *const logs[] = { "garbage.log" };
	struct cli_offline_opts o = { 0 };

	ck_assert_int_eq(run(logs, 1, 2089, &o), 1);
	ck_assert_ptr_nonnull(strstr(out.buf, "are the whokilled audit rules loaded?"));
	ck_assert_ptr_nonnull(strstr(err.buf, "no audit records found"));
}
END_TEST

START_TEST(test_standard_input)
{
	static const char *const logs[] = { "-" };
	struct cli_offline_opts o = { 0 };
	int fd = open(CASES_DIR "/kill_bash.log", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	ck_assert_int_eq(run(logs, 1, 2089, &o), 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "pid 2089 (sleep) — owner root\n"));
}
END_TEST

START_TEST(test_filters)
{
	static const char *const logs[] = { "interleaved.log" };
	struct cli_offline_opts o = { .all = 1 };

	ck_assert_int_eq(run(logs, 1, 4242, &o), 0);
	ck_assert_int_eq(count(out.buf, "    audit    event "), 4);
	teardown();
	setup();
	o.limit = 2;
	ck_assert_int_eq(run(logs, 1, 4242, &o), 0);
	ck_assert_int_eq(count(out.buf, "    audit    event "), 2);
	teardown();
	setup();
	o.limit = 0;
	o.signo = 15;
	ck_assert_int_eq(run(logs, 1, 4242, &o), 0);
	ck_assert_int_eq(count(out.buf, "    audit    event "), 2);
	ck_assert_int_eq(count(out.buf, "SIGTERM"), 2);
	teardown();
	setup();
	o.signo = 0;
	o.until = 1763738260;
	ck_assert_int_eq(run(logs, 1, 4242, &o), 1);
	teardown();
	setup();
	o.until = 0;
	o.since = 1763738262;
	ck_assert_int_eq(run(logs, 1, 4242, &o), 1);
}
END_TEST

START_TEST(test_other_nodes_are_counted_not_shown)
{
	static const char *const logs[] = { "interleaved.log" };
	struct cli_offline_opts o = { .json = 1 };

	ck_assert_int_eq(run(logs, 1, 4242, &o), 0);
	ck_assert_int_eq(count(out.buf, "\"node\":\"web1\""), 3);
	ck_assert_int_eq(count(out.buf, "\"node\":\"db1\""), 0);
	ck_assert_ptr_nonnull(strstr(err.buf, "1 earlier process(es) with pid 4242"));
}
END_TEST

START_TEST(test_newest_first_across_logs)
{
	static const char *const logs[] = { "exec_chain.log", "kill_bash.log" };
	struct cli_offline_opts o = { 0 };
	const char *newer, *older;

	ck_assert_int_eq(run(logs, 2, 2089, &o), 0);
	newer = strstr(out.buf, "event 1763737961.723:304");
	older = strstr(out.buf, "event 1763737961.060:1201");
	ck_assert_ptr_nonnull(newer);
	ck_assert_ptr_nonnull(older);
	ck_assert_msg(newer < older, "the newer event is not first");
}
END_TEST

/* Writes the lines of log whose serial is below (older) or not (newer) to path. */
static void
split_log(const char *log, size_t len, uint64_t serial, int older,
    const char *path)
{
	FILE *f = fopen(path, "w");
	const char *p = log;

	ck_assert_ptr_nonnull(f);
	while (p < log + len) {
		const char *nl = memchr(p, '\n', (size_t)(log + len - p));
		const char *colon = strstr(p, "):");
		unsigned long long s = 0;

		ck_assert_ptr_nonnull(nl);
		ck_assert_ptr_nonnull(colon);
		while (colon > p && colon[-1] >= '0' && colon[-1] <= '9')
			colon--;
		s = strtoull(colon, NULL, 10);
		if ((s < serial) == older)
			fwrite(p, 1, (size_t)(nl + 1 - p), f);
		p = nl + 1;
	}
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_chain_from_an_older_rotated_log)
{
	char older[] = "/tmp/check_audit_offline.older.XXXXXX";
	char newer[] = "/tmp/check_audit_offline.newer.XXXXXX";
	const char *logs[] = { newer, older };
	struct cli_offline_opts o = { 0 };
	size_t len;
	char *log = canned_log("exec_chain.log", &len);
	int status;

	close(mkstemp(older));
	close(mkstemp(newer));
	split_log(log, len, 1201, 1, older);
	split_log(log, len, 1201, 0, newer);
	free(log);
	status = run(logs, 2, 2089, &o);
	unlink(older);
	unlink(newer);
	ck_assert_int_eq(status, 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "chain    sshd[1700] root → bash[1705] alice → "
	    "su[1770] alice→root → bash[1784] root → kill[1790] root\n"));
}
END_TEST

START_TEST(test_truncated_log_is_said_on_stderr)
{
	static const char *const logs[] = { "truncated.log" };
	struct cli_offline_opts o = { 0 };

	ck_assert_int_eq(run(logs, 1, 2089, &o), 0);
	ck_assert_ptr_nonnull(strstr(err.buf,
	    "truncated.log: the log ends in the middle of a record"));
	ck_assert_int_eq(count(out.buf, "cut short"), 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_offline");
	TCase *tc = tcase_create("core");

	if (access(CASES_DIR, R_OK) == -1) {
		fprintf(stderr, "check_audit_offline: %s: run from the repository root\n",
		    CASES_DIR);
		return EXIT_FAILURE;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_log_is_an_error);
	tcase_add_test(tc, test_no_log_or_no_pid_is_an_error);
	tcase_add_test(tc, test_found_is_0_none_is_1);
	tcase_add_test(tc, test_none_in_json_is_an_empty_array);
	tcase_add_test(tc, test_no_kill_at_all_points_at_the_rules);
	tcase_add_test(tc, test_standard_input);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_other_nodes_are_counted_not_shown);
	tcase_add_test(tc, test_newest_first_across_logs);
	tcase_add_test(tc, test_chain_from_an_older_rotated_log);
	tcase_add_test(tc, test_truncated_log_is_said_on_stderr);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
