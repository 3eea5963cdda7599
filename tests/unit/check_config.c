/* The daemon's config file and the checks on each setting. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/config.h"
#include "daemon_testutil.h"

/* Write text to a new file in a fresh directory; its path into path. */
static void
write_conf(const char *text, char *path, size_t size)
{
	char dir[200];
	FILE *fp;

	test_dir(dir, sizeof dir);
	snprintf(path, size, "%s/whokilledd.conf", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

START_TEST(defaults_are_the_documented_ones)
{
	struct wkd_config cfg;

	wkd_config_defaults(&cfg);
	ck_assert_str_eq(cfg.socket_dir, "/run/whokilled");
	ck_assert_str_eq(cfg.db, "/var/lib/whokilled/whokilled.db");
	ck_assert_uint_eq(cfg.queue_len, 4096);
	ck_assert_uint_eq(cfg.commit_interval_ms, 200);
	ck_assert_uint_eq(cfg.rate_limit, 2000);
	ck_assert_str_eq(cfg.audit_log, "/var/log/audit/audit.log");
	ck_assert_int_eq(cfg.audit_netlink, 1);
	ck_assert_uint_eq(cfg.exit_min_runtime_ms, 1000);
	ck_assert_uint_eq(cfg.deaths_max, 100000);
	ck_assert_uint_eq(cfg.max_age_days, 90);
	ck_assert_uint_eq(cfg.max_store_mb, 1024);
	ck_assert_uint_eq(cfg.min_free_percent, 5);
	ck_assert_int_eq(cfg.debug, 0);
}
END_TEST

START_TEST(debug_is_yes_or_no)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("debug = yes\n", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_int_eq(cfg.debug, 1);
	ck_assert_int_eq(wkd_config_set(&cfg, "debug", "no", err, sizeof err),
	    0);
	ck_assert_int_eq(cfg.debug, 0);
	ck_assert_int_eq(wkd_config_set(&cfg, "debug", "1", err, sizeof err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "debug: '1' is not yes or no"));
}
END_TEST

/* What the daemon reads at start and on SIGHUP: defaults, file, options. */
START_TEST(read_applies_the_command_line_over_the_file)
{
	char path[256], err[512] = "", cwd[256], want[600];
	struct wkd_overrides ov;
	struct wkd_config cfg;
	int file_read = -1;

	write_conf("db = /srv/file.db\nqueue_len = 64\ndebug = no\n", path,
	    sizeof path);
	wkd_overrides_init(&ov);
	ck_assert_int_eq(wkd_overrides_add(&ov, NULL, path, err, sizeof err),
	    0);
	ck_assert_int_eq(wkd_overrides_add(&ov, "db", "rel/x.db", err,
	    sizeof err), 0);
	ck_assert_int_eq(wkd_overrides_add(&ov, "debug", "yes", err,
	    sizeof err), 0);
	ck_assert_int_eq(wkd_overrides_add(&ov, "audit_log", "", err,
	    sizeof err), 0);
	ck_assert_msg(wkd_config_read(&cfg, &ov, &file_read, err,
	    sizeof err) == 0, "%s", err);
	ck_assert_int_eq(file_read, 1);
	/* A relative path is taken from where the option was given. */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	snprintf(want, sizeof want, "%s/rel/x.db", cwd);
	ck_assert_str_eq(cfg.db, want);
	ck_assert_uint_eq(cfg.queue_len, 64);
	ck_assert_int_eq(cfg.debug, 1);
	ck_assert_str_eq(cfg.audit_log, "");
	ck_assert_uint_eq(cfg.commit_interval_ms, 200);

	/* Read again after the file changed: the options still win. */
	write_conf("queue_len = 32\ndb = /srv/other.db\n", path,
	    sizeof path);
	ck_assert_int_eq(wkd_config_read(&cfg, &ov, NULL, err, sizeof err),
	    0);
	ck_assert_uint_eq(cfg.queue_len, 64);
	ck_assert_str_eq(cfg.db, want);
}
END_TEST

START_TEST(read_fails_on_a_missing_c_file_not_on_the_default)
{
	char path[256], err[512] = "";
	struct wkd_overrides ov;
	struct wkd_config cfg;
	int file_read = -1;

	wkd_overrides_init(&ov);
	ck_assert_str_eq(ov.config, "/etc/whokilledd.conf");
	snprintf(ov.config, sizeof ov.config, "/nonexistent/whokilledd.conf");
	ck_assert_int_eq(wkd_config_read(&cfg, &ov, &file_read, err,
	    sizeof err), 0);
	ck_assert_int_eq(file_read, 0);
	ck_assert_uint_eq(cfg.queue_len, 4096);

	ck_assert_int_eq(wkd_overrides_add(&ov, NULL,
	    "/nonexistent/whokilledd.conf", err, sizeof err), 0);
	ck_assert_int_eq(wkd_config_read(&cfg, &ov, NULL, err, sizeof err),
	    -1);
	ck_assert_int_eq(errno, ENOENT);

	/* A bad option value fails the read, as a bad line does. */
	write_conf("queue_len = 64\n", path, sizeof path);
	wkd_overrides_init(&ov);
	ck_assert_int_eq(wkd_overrides_add(&ov, NULL, path, err, sizeof err),
	    0);
	ck_assert_int_eq(wkd_overrides_add(&ov, "queue_len", "0", err,
	    sizeof err), 0);
	ck_assert_int_eq(wkd_config_read(&cfg, &ov, NULL, err, sizeof err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "queue_len: '0'"));
}
END_TEST

START_TEST(death_keys_are_read_and_bounded)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("exit_min_runtime_ms = 0\ndeaths_max = 250\n", path,
	    sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_uint_eq(cfg.exit_min_runtime_ms, 0);
	ck_assert_uint_eq(cfg.deaths_max, 250);
	ck_assert_int_eq(wkd_config_set(&cfg, "exit_min_runtime_ms",
	    "86400000", err, sizeof err), 0);
	ck_assert_int_eq(wkd_config_set(&cfg, "exit_min_runtime_ms",
	    "86400001", err, sizeof err), -1);
	ck_assert_int_eq(wkd_config_set(&cfg, "deaths_max", "99", err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "deaths_max: '99' is not a number "
	    "from 100 to 100000000"));
	ck_assert_int_eq(wkd_config_set(&cfg, "deaths_max", "100000000", err,
	    sizeof err), 0);
	ck_assert_uint_eq(cfg.deaths_max, 100000000);
}
END_TEST

START_TEST(retention_keys_are_read_bounded_and_0_turns_them_off)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("max_age_days = 30\nmax_store_mb = 0\n"
	    "min_free_percent = 10\n", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0, "%s",
	    err);
	ck_assert_uint_eq(cfg.max_age_days, 30);
	ck_assert_uint_eq(cfg.max_store_mb, 0);
	ck_assert_uint_eq(cfg.min_free_percent, 10);
	ck_assert_int_eq(wkd_config_set(&cfg, "max_age_days", "36501", err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "max_age_days: '36501' is not a "
	    "number from 0 to 36500"));
	ck_assert_uint_eq(cfg.max_age_days, 30);
	ck_assert_int_eq(wkd_config_set(&cfg, "max_store_mb", "1G", err,
	    sizeof err), -1);
	ck_assert_int_eq(wkd_config_set(&cfg, "max_store_mb", "16777216",
	    err, sizeof err), 0);
	ck_assert_int_eq(wkd_config_set(&cfg, "min_free_percent", "51", err,
	    sizeof err), -1);
	ck_assert_int_eq(wkd_config_set(&cfg, "min_free_percent", "-1", err,
	    sizeof err), -1);
}
END_TEST

START_TEST(audit_keys_are_read_and_only_audit_log_may_be_empty)
{
	char path[256], err[512] = "", want[600];
	struct wkd_config cfg;

	write_conf("audit_log = /srv/audit/audit.log\naudit_netlink = no\n",
	    path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.audit_log, "/srv/audit/audit.log");
	ck_assert_int_eq(cfg.audit_netlink, 0);

	write_conf("audit_log =\n", path, sizeof path);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.audit_log, "");

	write_conf("db =\n", path, sizeof path);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1: db: missing value", path);
	ck_assert_str_eq(err, want);

	ck_assert_int_eq(wkd_config_set(&cfg, "audit_netlink", "maybe", err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "yes or no"));
	ck_assert_int_eq(wkd_config_set(&cfg, "audit_log", "audit.log", err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "absolute"));
	ck_assert_int_eq(wkd_config_set(&cfg, "audit_netlink", "yes", err,
	    sizeof err), 0);
	ck_assert_int_eq(cfg.audit_netlink, 1);
}
END_TEST

START_TEST(good_file_sets_every_key)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("# whokilledd settings\n"
	    "\n"
	    "socket_dir = /tmp/wk\n"
	    "   db=/tmp/wk/x.db   \n"
	    "\tqueue_len =\t128  # inline comment\n"
	    "commit_interval_ms = 50\n"
	    "rate_limit = 0\n"
	    "   # indented comment\n", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_msg(wkd_config_load(&cfg, path, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_str_eq(cfg.socket_dir, "/tmp/wk");
	ck_assert_str_eq(cfg.db, "/tmp/wk/x.db");
	ck_assert_uint_eq(cfg.queue_len, 128);
	ck_assert_uint_eq(cfg.commit_interval_ms, 50);
	ck_assert_uint_eq(cfg.rate_limit, 0);
}
END_TEST

START_TEST(empty_file_keeps_the_defaults)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), 0);
	ck_assert_uint_eq(cfg.queue_len, 4096);
}
END_TEST

START_TEST(last_value_of_a_key_wins)
{
	char path[256], err[512] = "";
	struct wkd_config cfg;

	write_conf("queue_len = 10\nqueue_len = 20\n", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), 0);
	ck_assert_uint_eq(cfg.queue_len, 20);
}
END_TEST

START_TEST(unknown_key_names_file_and_line)
{
	char path[256], err[512] = "", want[600];
	struct wkd_config cfg;

	write_conf("# comment\n\nqueue_len = 10\nqueue_length = 10\n", path,
	    sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), -1);
	ck_assert_int_eq(errno, EINVAL);
	snprintf(want, sizeof want, "%s:4: unknown key 'queue_length'", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(bad_numbers_are_refused)
{
	static const char *const bad[] = {
		"queue_len = ten\n", "queue_len = 12x\n", "queue_len = -5\n",
		"queue_len = 0\n", "queue_len = 99999999999999999999\n",
		"queue_len = 1048577\n", "commit_interval_ms = 60001\n",
		"commit_interval_ms = +5\n", "queue_len =\n",
		"rate_limit = lots\n", "rate_limit = 10000001\n",
	};
	char path[256], err[512], want[300];
	struct wkd_config cfg;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_conf(bad[i], path, sizeof path);
		wkd_config_defaults(&cfg);
		err[0] = '\0';
		ck_assert_msg(wkd_config_load(&cfg, path, err,
		    sizeof err) == -1, "accepted %s", bad[i]);
		snprintf(want, sizeof want, "%s:1: ", path);
		ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
		    "'%s' does not start with '%s'", err, want);
		ck_assert_uint_eq(cfg.queue_len, 4096);
		ck_assert_uint_eq(cfg.commit_interval_ms, 200);
	ck_assert_uint_eq(cfg.rate_limit, 2000);
	}
}
END_TEST

START_TEST(bounds_are_accepted)
{
	char err[256];
	struct wkd_config cfg;

	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_set(&cfg, "queue_len", "1", err,
	    sizeof err), 0);
	ck_assert_int_eq(wkd_config_set(&cfg, "queue_len", "1048576", err,
	    sizeof err), 0);
	ck_assert_uint_eq(cfg.queue_len, 1048576);
	ck_assert_int_eq(wkd_config_set(&cfg, "commit_interval_ms", "60000",
	    err, sizeof err), 0);
}
END_TEST

START_TEST(relative_or_long_paths_are_refused)
{
	char err[256], longdir[200];
	struct wkd_config cfg;

	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_set(&cfg, "db", "var/x.db", err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "absolute"));
	memset(longdir, 'a', sizeof longdir - 1);
	longdir[0] = '/';
	longdir[sizeof longdir - 1] = '\0';
	ck_assert_int_eq(wkd_config_set(&cfg, "socket_dir", longdir, err,
	    sizeof err), -1);
	ck_assert_str_eq(cfg.socket_dir, "/run/whokilled");
}
END_TEST

START_TEST(line_without_equals_is_refused)
{
	char path[256], err[512] = "", want[600];
	struct wkd_config cfg;

	write_conf("queue_len 10\n", path, sizeof path);
	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1: expected 'key = value'", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(missing_file_is_enoent)
{
	char dir[200], path[256], err[512] = "";
	struct wkd_config cfg;

	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/absent.conf", dir);
	wkd_config_defaults(&cfg);
	ck_assert_int_eq(wkd_config_load(&cfg, path, err, sizeof err), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_nonnull(strstr(err, path));
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, defaults_are_the_documented_ones);
	tcase_add_test(tc, good_file_sets_every_key);
	tcase_add_test(tc, empty_file_keeps_the_defaults);
	tcase_add_test(tc, last_value_of_a_key_wins);
	tcase_add_test(tc, unknown_key_names_file_and_line);
	tcase_add_test(tc, bad_numbers_are_refused);
	tcase_add_test(tc, bounds_are_accepted);
	tcase_add_test(tc, relative_or_long_paths_are_refused);
	tcase_add_test(tc, line_without_equals_is_refused);
	tcase_add_test(tc, missing_file_is_enoent);
	tcase_add_test(tc, death_keys_are_read_and_bounded);
	tcase_add_test(tc, retention_keys_are_read_bounded_and_0_turns_them_off);
	tcase_add_test(tc, audit_keys_are_read_and_only_audit_log_may_be_empty);
	tcase_add_test(tc, debug_is_yes_or_no);
	tcase_add_test(tc, read_applies_the_command_line_over_the_file);
	tcase_add_test(tc, read_fails_on_a_missing_c_file_not_on_the_default);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	test_make_base_dir("check_config");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
