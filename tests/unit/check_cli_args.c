/* whokilled's command line: options, PID, signal names, and usage errors with exit status 2. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "../../cli/args.h"
#include "../../cli/run.h"

#define NOW	((time_t)1800000000)
#define MAXARGS	16

/*
 * A writable argv built from string literals, as getopt_long wants; its
 * strings live in a static arena that each call starts over.
 */
struct args {
	int argc;
	char *argv[MAXARGS + 1];
	char arena[2048];
};

static struct args the_args;

static struct args *
make_args(const char *first, va_list ap)
{
	struct args *a = &the_args;
	size_t used = 0;
	const char *s = "whokilled";

	memset(a, 0, sizeof *a);
	for (;;) {
		size_t n = strlen(s) + 1;

		ck_assert_int_lt(a->argc, MAXARGS);
		ck_assert_uint_le(used + n, sizeof a->arena);
		memcpy(a->arena + used, s, n);
		a->argv[a->argc++] = a->arena + used;
		used += n;
		s = a->argc == 1 ? first : va_arg(ap, const char *);
		if (s == NULL)
			break;
	}
	return a;
}

/* Parses "whokilled ARGS..." (NULL-terminated); returns cli_parse_args' result. */
static int
parse(struct cli_options *opt, char *err, size_t errsize, const char *first, ...)
{
	struct args *a;
	va_list ap;

	va_start(ap, first);
	a = make_args(first, ap);
	va_end(ap);
	return cli_parse_args(a->argc, a->argv, NOW, opt, err, errsize);
}

/* Asserts that the arguments are a usage error whose reason contains want. */
#define ASSERT_REFUSED(want, ...) do {						\
	struct cli_options o_;							\
	char e_[512];								\
	ck_assert_int_eq(parse(&o_, e_, sizeof e_, __VA_ARGS__, (const char *)NULL), -1); \
	ck_assert_msg(strstr(e_, want) != NULL, "reason '%s' lacks '%s'", e_, want); \
} while (0)

/* No PID: a list of the last day; a word that is not a number: a NAME. */
START_TEST(lists_and_names)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--json", (const char *)NULL), 0);
	ck_assert_int_eq(o.list, 1);
	ck_assert_int_eq(o.pid, 0);
	ck_assert_int_eq(o.since, NOW - 86400);
	ck_assert_ptr_null(o.name);
	ck_assert_int_eq(parse(&o, err, sizeof err, "12x", (const char *)NULL), 0);
	ck_assert_str_eq(o.name, "12x");
	ck_assert_int_eq(parse(&o, err, sizeof err, "-f", "-n", "0", "--by",
	    "0", "--exits", "postgres*", (const char *)NULL), 0);
	ck_assert_int_eq(o.follow, 1);
	ck_assert_int_eq(o.limit_set, 1);
	ck_assert_uint_eq(o.limit, 0);
	ck_assert_int_eq(o.by, 1);
	ck_assert_uint_eq(o.by_uid, 0);
	ck_assert_int_eq(o.exits, 1);
	ck_assert_str_eq(o.name, "postgres*");
	ck_assert_int_eq(parse(&o, err, sizeof err, "--by", "root", (const char *)NULL), 0);
	ck_assert_uint_eq(o.by_uid, 0);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--until", "@1000000",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.since, 1000000 - 86400);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--unit", "nginx",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.list, 1);
	ck_assert_str_eq(o.unit, "nginx");
	ASSERT_REFUSED("are for lists", "--unit", "nginx", "2089");
	ASSERT_REFUSED("--unit: a unit name cannot contain", "--unit", "a/b");
	ASSERT_REFUSED("--unit: a unit name has 1 to", "--unit", "");
	ASSERT_REFUSED("no such user 'nosuchuser-x'", "--by", "nosuchuser-x");
	ASSERT_REFUSED("cannot contain a newline", "a\nb");
	ASSERT_REFUSED("cannot contain '/'", "/usr/bin/sleep");
	ASSERT_REFUSED("are for lists", "--follow", "2089");
	ASSERT_REFUSED("are for lists", "--by", "root", "2089");
	ASSERT_REFUSED("--all is for a PID", "--all");
	ASSERT_REFUSED("0 only with --follow", "-n", "0");
	ASSERT_REFUSED("takes no --until", "-f", "--until", "@1000");
	ASSERT_REFUSED("are for lists", "--stats", "--exits");
}
END_TEST

START_TEST(pid_alone_is_a_plain_query)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "2089", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_QUERY);
	ck_assert_int_eq(o.pid, 2089);
	ck_assert_int_eq(o.json, 0);
	ck_assert_int_eq(o.all, 0);
	ck_assert_int_eq(o.signo, 0);
	ck_assert_int_eq(o.since, 0);
	ck_assert_int_eq(o.until, 0);
	ck_assert_uint_eq(o.limit, 0);
	ck_assert_ptr_null(o.socket_dir);
}
END_TEST

START_TEST(audit_logs_are_collected_in_order)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--audit-log", "a.log",
	    "--json", "--audit-log=b.log", "--signal", "KILL", "2089",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_AUDIT_LOG);
	ck_assert_uint_eq(o.naudit_logs, 2);
	ck_assert_str_eq(o.audit_logs[0], "a.log");
	ck_assert_str_eq(o.audit_logs[1], "b.log");
	ck_assert_int_eq(o.pid, 2089);
	ck_assert_int_eq(o.signo, 9);

	ck_assert_int_eq(parse(&o, err, sizeof err, "--audit-log", "a.log",
	    (const char *)NULL), -1);
	ck_assert_str_eq(err, "missing PID");
	ck_assert_int_eq(parse(&o, err, sizeof err, "--audit-log", "a.log",
	    "--stats", (const char *)NULL), -1);
	ck_assert_str_eq(err, "--stats, --failed-logins and --audit-log exclude each other");
	ck_assert_int_eq(parse(&o, err, sizeof err, "--audit-log", "a.log",
	    "--socket-dir", "/tmp/x", "1", (const char *)NULL), -1);
	ck_assert_str_eq(err, "--audit-log asks no daemon: it takes no --socket-dir");
}
END_TEST

START_TEST(node_names_a_hub_node)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--node", "web7", "2089",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_QUERY);
	ck_assert_str_eq(o.node, "web7");
	ck_assert_int_eq(o.pid, 2089);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--audit-log", "a.log",
	    "--node=db3", "7", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_AUDIT_LOG);
	ck_assert_str_eq(o.node, "db3");
	ASSERT_REFUSED("--node: a node name", "--node", "", "1");
	ASSERT_REFUSED("--node: a node name", "--node", "a b", "1");
	/* A node's list, and its followers. */
	ck_assert_int_eq(parse(&o, err, sizeof err, "--node", "web7", "-f",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.list, 1);
	ck_assert_int_eq(o.follow, 1);
	ck_assert_str_eq(o.node, "web7");
	ASSERT_REFUSED("missing PID", "--audit-log", "a.log", "--node", "web7");
}
END_TEST

START_TEST(every_option_is_stored)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--json", "--all", "--since", "@100",
	    "--until=@200", "--signal", "TERM", "--limit", "5", "--socket-dir", "/tmp/wk",
	    "2089", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_QUERY);
	ck_assert_int_eq(o.json, 1);
	ck_assert_int_eq(o.all, 1);
	ck_assert_int_eq(o.since, 100);
	ck_assert_int_eq(o.until, 200);
	ck_assert_int_eq(o.signo, 15);
	ck_assert_uint_eq(o.limit, 5);
	ck_assert_str_eq(o.socket_dir, "/tmp/wk");
	ck_assert_int_eq(o.pid, 2089);
}
END_TEST

START_TEST(short_options_and_pid_first)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "2089", "-ja", "-n", "3",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.pid, 2089);
	ck_assert_int_eq(o.json, 1);
	ck_assert_int_eq(o.all, 1);
	ck_assert_uint_eq(o.limit, 3);
}
END_TEST

START_TEST(relative_since_takes_a_dash_argument)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--since", "-10m", "7",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.since, NOW - 600);
	ck_assert_int_eq(o.pid, 7);
}
END_TEST

START_TEST(signal_forms)
{
	static const struct {
		const char *arg;
		int signo;
	} forms[] = {
		{ "9", 9 }, { "KILL", 9 }, { "SIGKILL", 9 }, { "sigterm", 15 },
		{ "hup", 1 }, { "RTMIN+3", 35 }, { "64", 64 },
	};
	struct cli_options o;
	char err[256];

	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		ck_assert_int_eq(parse(&o, err, sizeof err, "--signal", forms[i].arg, "1",
		    (const char *)NULL), 0);
		ck_assert_msg(o.signo == forms[i].signo, "%s gave %d", forms[i].arg, o.signo);
	}
}
END_TEST

START_TEST(bad_signals_are_refused)
{
	ASSERT_REFUSED("unknown signal 'FOO'", "--signal", "FOO", "1");
	ASSERT_REFUSED("unknown signal '0'", "--signal", "0", "1");
	ASSERT_REFUSED("unknown signal '65'", "--signal", "65", "1");
	ASSERT_REFUSED("unknown signal ''", "--signal", "", "1");
	ASSERT_REFUSED("unknown signal 'SIG'", "--signal", "SIG", "1");
}
END_TEST

START_TEST(bad_pids_are_refused)
{
	ASSERT_REFUSED("'0' is not a process id", "0");
	ASSERT_REFUSED("'99999999999' is not a process id", "99999999999");
	ASSERT_REFUSED("unknown option '-5'", "-5");
	ASSERT_REFUSED("unexpected argument '2'", "1", "2");
}
END_TEST

START_TEST(bad_options_are_refused)
{
	ASSERT_REFUSED("unknown or malformed option '--bogus'", "--bogus", "1");
	ASSERT_REFUSED("unknown or malformed option '--json=1'", "--json=1", "1");
	ASSERT_REFUSED("unknown option '-x'", "-x", "1");
	ASSERT_REFUSED("option '--since' needs an argument", "1", "--since");
	ASSERT_REFUSED("option '-n' needs an argument", "1", "-n");
	ASSERT_REFUSED("--limit: '0' is not a positive number", "--limit", "0", "1");
	ASSERT_REFUSED("--limit: 'ten' is not a positive number", "--limit", "ten", "1");
	ASSERT_REFUSED("--limit: '4294967296' is not", "--limit", "4294967296", "1");
	ASSERT_REFUSED("--since: cannot read time 'yesterday'", "--since", "yesterday", "1");
	ASSERT_REFUSED("--until: cannot read time '10m'", "--until", "10m", "1");
	ASSERT_REFUSED("--since: time out of range", "--since", "@99999999999999999999", "1");
	ASSERT_REFUSED("--since is later than --until", "--since", "@200", "--until", "@100", "1");
	ASSERT_REFUSED("--socket-dir must be", "--socket-dir", "", "1");
}
END_TEST

START_TEST(stats_and_help_and_version_modes)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--stats", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_STATS);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--stats", "--json", "--socket-dir", "/x",
	    (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_STATS);
	ck_assert_int_eq(o.json, 1);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--help", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_HELP);
	ck_assert_int_eq(parse(&o, err, sizeof err, "-V", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_VERSION);
	ASSERT_REFUSED("--stats takes no PID", "--stats", "1");
	ASSERT_REFUSED("--stats takes no PID", "--stats", "--all");
}
END_TEST

START_TEST(failed_logins_take_a_user_and_time_filters)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--failed-logins", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_FAILED_LOGINS);
	ck_assert_ptr_null(o.user);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--json", "postgres", "--failed-logins",
	    "--since", "@100", "--until", "@200", "-n", "3", (const char *)NULL), 0);
	ck_assert_int_eq(o.mode, CLI_MODE_FAILED_LOGINS);
	ck_assert_str_eq(o.user, "postgres");
	ck_assert_int_eq(o.json, 1);
	ck_assert_int_eq(o.since, 100);
	ck_assert_int_eq(o.until, 200);
	ck_assert_uint_eq(o.limit, 3);
	/* A user named like a number is still a user. */
	ck_assert_int_eq(parse(&o, err, sizeof err, "--failed-logins", "1234",
	    (const char *)NULL), 0);
	ck_assert_str_eq(o.user, "1234");
	ck_assert_int_eq(o.pid, 0);
}
END_TEST

START_TEST(failed_logins_refuse_pid_options)
{
	char longname[WK_USER_MAX + 1];

	ASSERT_REFUSED("--failed-logins takes no --all or --signal", "--failed-logins", "--all");
	ASSERT_REFUSED("--failed-logins takes no --all or --signal", "--failed-logins",
	    "--signal", "KILL");
	ASSERT_REFUSED("exclude each other", "--failed-logins", "--stats");
	ASSERT_REFUSED("exclude each other", "--stats", "--failed-logins");
	ASSERT_REFUSED("unexpected argument 'bob'", "--failed-logins", "alice", "bob");
	ASSERT_REFUSED("a user name has 1 to 63 bytes", "--failed-logins", "");
	memset(longname, 'u', WK_USER_MAX);
	longname[WK_USER_MAX] = '\0';
	ASSERT_REFUSED("a user name has 1 to 63 bytes", "--failed-logins", longname);
}
END_TEST

START_TEST(parsing_twice_starts_over)
{
	struct cli_options o;
	char err[256];

	ck_assert_int_eq(parse(&o, err, sizeof err, "--json", "-x", "1", (const char *)NULL), -1);
	ck_assert_int_eq(parse(&o, err, sizeof err, "--all", "42", (const char *)NULL), 0);
	ck_assert_int_eq(o.pid, 42);
	ck_assert_int_eq(o.all, 1);
	ck_assert_int_eq(o.json, 0);
}
END_TEST

/* What the last run() printed; freed by the next run() and at teardown. */
static char *out_text, *err_text;

static void
free_outputs(void)
{
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
}

/* Runs cli_run on the arguments; points *out and *err at what it printed. */
static int
run(char **out, char **err, const char *first, ...)
{
	size_t olen, elen;
	FILE *fo, *fe;
	struct args *a;
	va_list ap;
	int status;

	free_outputs();
	fo = open_memstream(&out_text, &olen);
	fe = open_memstream(&err_text, &elen);
	ck_assert_ptr_nonnull(fo);
	ck_assert_ptr_nonnull(fe);
	va_start(ap, first);
	a = make_args(first, ap);
	va_end(ap);
	status = cli_run(a->argc, a->argv, fo, fe);
	fclose(fo);
	fclose(fe);
	*out = out_text;
	*err = err_text;
	return status;
}

START_TEST(usage_error_exits_2_with_hint)
{
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, "--signal", "NOPE", "1", (const char *)NULL),
	    CLI_EXIT_ERROR);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "whokilled: --signal: unknown signal 'NOPE' (use a number "
	    "1-64, KILL or SIGKILL)\nTry 'whokilled --help' for more information.\n");
}
END_TEST

START_TEST(help_and_version_exit_0_on_stdout)
{
	char *out, *err;

	ck_assert_int_eq(run(&out, &err, "--help", (const char *)NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage: whokilled [OPTIONS] PID\n"));
	ck_assert_ptr_nonnull(strstr(out, "--socket-dir DIR"));
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(run(&out, &err, "--version", (const char *)NULL), 0);
	ck_assert_str_eq(out, "whokilled " WHOKILLED_VERSION " (wire format 2)\n");
}
END_TEST

static Suite *
args_suite(void)
{
	Suite *s = suite_create("cli_args");
	TCase *tc = tcase_create("args");

	tcase_add_checked_fixture(tc, NULL, free_outputs);
	tcase_add_test(tc, pid_alone_is_a_plain_query);
	tcase_add_test(tc, lists_and_names);
	tcase_add_test(tc, every_option_is_stored);
	tcase_add_test(tc, node_names_a_hub_node);
	tcase_add_test(tc, audit_logs_are_collected_in_order);
	tcase_add_test(tc, short_options_and_pid_first);
	tcase_add_test(tc, relative_since_takes_a_dash_argument);
	tcase_add_test(tc, signal_forms);
	tcase_add_test(tc, bad_signals_are_refused);
	tcase_add_test(tc, bad_pids_are_refused);
	tcase_add_test(tc, bad_options_are_refused);
	tcase_add_test(tc, stats_and_help_and_version_modes);
	tcase_add_test(tc, parsing_twice_starts_over);
	tcase_add_test(tc, failed_logins_take_a_user_and_time_filters);
	tcase_add_test(tc, failed_logins_refuse_pid_options);
	tcase_add_test(tc, usage_error_exits_2_with_hint);
	tcase_add_test(tc, help_and_version_exit_0_on_stdout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(args_suite());
	int failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
