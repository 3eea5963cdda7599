/*
 * Option parsing for whokilled.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "timeparse.h"
#include "whokilled/wire.h"

enum {
	OPT_SINCE = 256,
	OPT_UNTIL,
	OPT_SIGNAL,
	OPT_SOCKET_DIR,
	OPT_STATS,
	OPT_FAILED_LOGINS,
	OPT_AUDIT_LOG,
	OPT_BY,
	OPT_EXITS,
	OPT_NODE,
	OPT_UNIT,
};

/* A list without --since shows this far back. */
#define CLI_LIST_DEFAULT_SECONDS	(24 * 60 * 60)

static const struct option long_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "all", no_argument, NULL, 'a' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "signal", required_argument, NULL, OPT_SIGNAL },
	{ "limit", required_argument, NULL, 'n' },
	{ "socket-dir", required_argument, NULL, OPT_SOCKET_DIR },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "failed-logins", no_argument, NULL, OPT_FAILED_LOGINS },
	{ "audit-log", required_argument, NULL, OPT_AUDIT_LOG },
	{ "by", required_argument, NULL, OPT_BY },
	{ "follow", no_argument, NULL, 'f' },
	{ "exits", no_argument, NULL, OPT_EXITS },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void
cli_usage(FILE *out)
{
	fputs("Usage: whokilled [OPTIONS] PID\n"
	    "       whokilled [OPTIONS] [-f] [--by USER] [--unit UNIT] [--exits] [NAME]\n"
	    "       whokilled --failed-logins [--since TIME] [--until TIME] [--limit N] [--json] [USER]\n"
	    "       whokilled --stats [--json]\n"
	    "       whokilled --audit-log FILE [--audit-log FILE...] [OPTIONS] PID\n"
	    "Show who sent signals to process PID, newest first, as recorded by whokilledd;\n"
	    "without a PID, list the signals and the ends of processes (killed, crashed,\n"
	    "OOM, non-zero exit) of the last 24 hours, one a line, newest first, of the\n"
	    "processes named NAME (exact, or a shell glob with * ? [) when given;\n"
	    "with --failed-logins, who keeps failing to log in (as USER), and from which program.\n"
	    "\n"
	    "  -j, --json            print a JSON array of events (with -f: one a line)\n"
	    "  -a, --all             include earlier processes that had the same pid\n"
	    "      --since TIME      only events at or after TIME (a list: 24 hours ago)\n"
	    "      --until TIME      only events at or before TIME\n"
	    "      --signal SIG      only this signal (9, KILL or SIGKILL)\n"
	    "  -n, --limit N         at most N events (a list: 100; at most 1000)\n"
	    "  -f, --follow          list, then print each new event as it is stored\n"
	    "                        (-n 0: only new ones), until interrupted\n"
	    "      --by USER         only signals sent by USER (login user, uid or euid)\n"
	    "      --unit UNIT       only processes of this systemd unit (nginx is\n"
	    "                        nginx.service)\n"
	    "      --exits           list plain exits (status 0) too\n"
	    "      --socket-dir DIR  the daemon's socket directory (default $"
	    WK_SOCKET_DIR_ENV ", else " WK_DEFAULT_SOCKET_DIR ")\n"
	    "      --failed-logins   list failed logins, alike ones counted together\n"
	    "      --stats           show the daemon's counters\n"
	    "      --audit-log FILE  answer from kernel audit logs alone, no daemon\n"
	    "                        (repeat for rotated or merged logs; - is stdin)\n"
	    "      --node NAME       on an audit hub: the process, or the list, of\n"
	    "                        this node (its audit records' node=NAME)\n"
	    "  -h, --help            show this help\n"
	    "  -V, --version         show the version\n"
	    "\n"
	    "TIME: " CLI_TIME_FORMS ".\n"
	    "Exit status: 0 when something was shown (--follow: interrupted), 1 when\n"
	    "nothing was recorded (or nothing matched the filters), 2 on a usage error\n"
	    "or when the daemon cannot be asked (--follow: when it stops).\n", out);
}

/* Formats the reason into err and returns -1, for cli_parse_args. */
__attribute__((format(printf, 3, 4)))
static int
usage_error(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* A whole decimal number in 1..max, or -1. */
static int64_t
positive(const char *s, int64_t max)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > max)
		return -1;
	return v;
}

/* Parses a --since/--until value: 0, or -1 with the reason in err. */
static int
time_option(const char *name, const char *arg, time_t now,
    int64_t *out, char *err, size_t errsize)
{
	if (cli_parse_time(arg, now, out) == 0)
		return 0;
	if (errno == ERANGE)
		return usage_error(err, errsize, "%s: time out of range: '%s'", name, arg);
	return usage_error(err, errsize, "%s: cannot read time '%s' (use %s)",
	    name, arg, CLI_TIME_FORMS);
}

/*
 * Names the option getopt_long refused: a long one is the argument itself
 * ("--bogus", "--json=1"), a short one is optopt inside a cluster.
 */
static int
unknown_option(const char *arg, char *err, size_t errsize)
{
	if (optopt == 0 || (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL))
		return usage_error(err, errsize, "unknown or malformed option '%s'", arg);
	return usage_error(err, errsize, "unknown option '-%c'", optopt);
}

/* Checks the combination of options after parsing: 0 or -1 with err. */
static int
check_options(const struct cli_options *opt, int query_options,
    int pid_options, int list_options, char *err, size_t errsize)
{
	if (opt->mode != CLI_MODE_QUERY && opt->mode != CLI_MODE_STATS &&
	    opt->mode != CLI_MODE_FAILED_LOGINS && opt->mode != CLI_MODE_AUDIT_LOG)
		return 0;
	if (opt->mode == CLI_MODE_AUDIT_LOG && opt->socket_dir != NULL)
		return usage_error(err, errsize,
		    "--audit-log asks no daemon: it takes no --socket-dir");
	if (opt->mode == CLI_MODE_STATS && query_options)
		return usage_error(err, errsize,
		    "--stats takes no PID, --all, --since, --until, --signal or --limit");
	if (opt->mode == CLI_MODE_FAILED_LOGINS && pid_options)
		return usage_error(err, errsize,
		    "--failed-logins takes no --all or --signal");
	if (opt->mode == CLI_MODE_AUDIT_LOG && opt->pid == 0)
		return usage_error(err, errsize, "missing PID");
	if (list_options && (opt->mode != CLI_MODE_QUERY || !opt->list))
		return usage_error(err, errsize, "--follow, --by, --unit and --exits are "
		    "for lists (no PID)%s", opt->mode == CLI_MODE_QUERY ? "" :
		    ", not with --stats, --failed-logins or --audit-log");
	if (opt->follow && opt->until != 0)
		return usage_error(err, errsize, "--follow prints what comes: "
		    "it takes no --until");
	if (opt->list && opt->all)
		return usage_error(err, errsize, "--all is for a PID, not a list");
	if (opt->limit_set && opt->limit == 0 && !opt->follow)
		return usage_error(err, errsize,
		    "--limit: '0' is not a positive number (0 only with --follow)");
	if (opt->since != 0 && opt->until != 0 && opt->since > opt->until)
		return usage_error(err, errsize, "--since is later than --until");
	if (opt->socket_dir != NULL &&
	    (opt->socket_dir[0] == '\0' || strlen(opt->socket_dir) > WK_SOCKET_DIR_MAX))
		return usage_error(err, errsize,
		    "--socket-dir must be a directory name of 1 to %d bytes",
		    (int)WK_SOCKET_DIR_MAX);
	return 0;
}

/*
 * --by USER: a user name, else a number (a uid the user database does
 * not know is still a uid); 0, or -1 with err.
 */
static int
by_option(const char *arg, struct cli_options *opt, char *err, size_t errsize)
{
	struct passwd *pw;
	char *end;
	unsigned long v;

	if (arg[0] == '\0')
		return usage_error(err, errsize, "--by: an empty user name");
	pw = getpwnam(arg);
	if (pw != NULL) {
		opt->by_uid = (uint32_t)pw->pw_uid;
	} else if (isdigit((unsigned char)arg[0])) {
		errno = 0;
		v = strtoul(arg, &end, 10);
		if (errno != 0 || *end != '\0' || v >= WK_ID_UNSET)
			return usage_error(err, errsize,
			    "--by: '%s' is not a user id", arg);
		opt->by_uid = (uint32_t)v;
	} else {
		return usage_error(err, errsize, "--by: no such user '%s'", arg);
	}
	opt->by = 1;
	opt->by_text = arg;
	return 0;
}

/*
 * The positional argument of a list: a process name (exact, or a glob);
 * 0, or -1 with err.  A name cannot hold a newline or a slash (the kernel
 * names a process by its executable's base name).
 */
static int
name_argument(const char *arg, struct cli_options *opt, char *err,
    size_t errsize)
{
	if (arg[0] == '\0')
		return usage_error(err, errsize, "an empty process name");
	if (strchr(arg, '\n') != NULL)
		return usage_error(err, errsize,
		    "a process name cannot contain a newline");
	if (strchr(arg, '/') != NULL)
		return usage_error(err, errsize, "a process name cannot contain "
		    "'/' (give the executable's base name)");
	if (strlen(arg) >= WK_NAME_MAX)
		return usage_error(err, errsize,
		    "a process name has at most %d bytes", WK_NAME_MAX - 1);
	opt->name = arg;
	return 0;
}

/*
 * --unit UNIT: a unit name as systemctl takes it (the daemon adds
 * ".service" to a name without a type); 0, or -1 with err.
 */
static int
unit_option(const char *arg, struct cli_options *opt, char *err,
    size_t errsize)
{
	size_t len = strlen(arg);

	if (len == 0 || len >= WK_UNIT_MAX)
		return usage_error(err, errsize,
		    "--unit: a unit name has 1 to %d bytes", WK_UNIT_MAX - 1);
	if (strpbrk(arg, "/\n") != NULL)
		return usage_error(err, errsize, "--unit: a unit name cannot "
		    "contain '/' or a newline");
	opt->unit = arg;
	return 0;
}

/* The positional argument of --failed-logins: an account name; 0 or -1. */
static int
user_argument(const char *arg, struct cli_options *opt, char *err,
    size_t errsize)
{
	if (arg[0] == '\0' || strlen(arg) >= WK_USER_MAX)
		return usage_error(err, errsize,
		    "--failed-logins: a user name has 1 to %d bytes",
		    WK_USER_MAX - 1);
	opt->user = arg;
	return 0;
}

int
cli_parse_args(int argc, char **argv, time_t now, struct cli_options *opt,
    char *err, size_t errsize)
{
	int query_options = 0, pid_options = 0, list_options = 0;
	int64_t v;
	int c;

	memset(opt, 0, sizeof *opt);
	opt->mode = CLI_MODE_QUERY;
	snprintf(err, errsize, "bad arguments");
	optind = 0;		/* glibc: start over, also for a second call */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jan:fhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt->json = 1;
			break;
		case 'a':
			opt->all = 1;
			query_options = pid_options = 1;
			break;
		case 'n':
			v = strcmp(optarg, "0") == 0 ? 0 :
			    positive(optarg, UINT32_MAX);
			if (v < 0)
				return usage_error(err, errsize,
				    "--limit: '%s' is not a positive number", optarg);
			opt->limit = (uint32_t)v;
			opt->limit_set = 1;
			query_options = 1;
			break;
		case 'f':
			opt->follow = 1;
			list_options = 1;
			break;
		case OPT_BY:
			if (by_option(optarg, opt, err, errsize) == -1)
				return -1;
			list_options = 1;
			break;
		case OPT_UNIT:
			if (unit_option(optarg, opt, err, errsize) == -1)
				return -1;
			list_options = 1;
			break;
		case OPT_EXITS:
			opt->exits = 1;
			list_options = 1;
			break;
		case OPT_SINCE:
			if (time_option("--since", optarg, now, &opt->since, err, errsize) == -1)
				return -1;
			query_options = 1;
			break;
		case OPT_UNTIL:
			if (time_option("--until", optarg, now, &opt->until, err, errsize) == -1)
				return -1;
			query_options = 1;
			break;
		case OPT_SIGNAL:
			opt->signo = wk_signal_parse(optarg);
			if (opt->signo <= 0)
				return usage_error(err, errsize,
				    "--signal: unknown signal '%s' (use a number 1-%d, KILL or SIGKILL)",
				    optarg, WK_SIGNAL_MAX);
			query_options = pid_options = 1;
			break;
		case OPT_SOCKET_DIR:
			opt->socket_dir = optarg;
			break;
		case OPT_STATS:
			if (opt->mode != CLI_MODE_QUERY && opt->mode != CLI_MODE_STATS)
				return usage_error(err, errsize,
				    "--stats, --failed-logins and --audit-log exclude each other");
			opt->mode = CLI_MODE_STATS;
			break;
		case OPT_FAILED_LOGINS:
			if (opt->mode != CLI_MODE_QUERY &&
			    opt->mode != CLI_MODE_FAILED_LOGINS)
				return usage_error(err, errsize,
				    "--stats, --failed-logins and --audit-log exclude each other");
			opt->mode = CLI_MODE_FAILED_LOGINS;
			break;
		case OPT_NODE:
			if (optarg[0] == '\0' || strlen(optarg) >= WK_NODE_MAX ||
			    strpbrk(optarg, " \t\n=") != NULL)
				return usage_error(err, errsize,
				    "--node: a node name has 1 to %d bytes and no "
				    "space or '='", WK_NODE_MAX - 1);
			opt->node = optarg;
			query_options = 1;
			break;
		case OPT_AUDIT_LOG:
			if (opt->mode != CLI_MODE_QUERY && opt->mode != CLI_MODE_AUDIT_LOG)
				return usage_error(err, errsize,
				    "--stats, --failed-logins and --audit-log exclude each other");
			if (opt->naudit_logs == CLI_AUDIT_LOGS_MAX)
				return usage_error(err, errsize,
				    "--audit-log: at most %d files", CLI_AUDIT_LOGS_MAX);
			opt->audit_logs[opt->naudit_logs++] = optarg;
			opt->mode = CLI_MODE_AUDIT_LOG;
			break;
		case 'h':
			opt->mode = CLI_MODE_HELP;
			return 0;
		case 'V':
			opt->mode = CLI_MODE_VERSION;
			return 0;
		case ':':
			return usage_error(err, errsize, "option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			return unknown_option(argv[optind - 1], err, errsize);
		}
	}
	if (optind < argc && opt->mode == CLI_MODE_FAILED_LOGINS) {
		if (user_argument(argv[optind], opt, err, errsize) == -1)
			return -1;
		if (optind + 1 < argc)
			return usage_error(err, errsize, "unexpected argument '%s'",
			    argv[optind + 1]);
	} else if (optind < argc && (opt->mode != CLI_MODE_QUERY ||
	    argv[optind][strspn(argv[optind], "0123456789")] == '\0')) {
		v = positive(argv[optind], INT32_MAX);
		if (v < 0)
			return usage_error(err, errsize,
			    "'%s' is not a process id (a positive number)", argv[optind]);
		opt->pid = (int32_t)v;
		query_options = 1;
		if (optind + 1 < argc)
			return usage_error(err, errsize, "unexpected argument '%s'",
			    argv[optind + 1]);
	} else if (optind < argc) {
		if (name_argument(argv[optind], opt, err, errsize) == -1)
			return -1;
		if (optind + 1 < argc)
			return usage_error(err, errsize, "unexpected argument '%s'",
			    argv[optind + 1]);
	}
	if (opt->mode == CLI_MODE_QUERY && opt->pid == 0) {
		opt->list = 1;
		/* The day before --until, or before now. */
		if (opt->since == 0)
			opt->since = (opt->until != 0 ? opt->until : (int64_t)now) -
			    CLI_LIST_DEFAULT_SECONDS;
		if (opt->since < 0)
			opt->since = 0;
	}
	return check_options(opt, query_options, pid_options, list_options,
	    err, errsize);
}
