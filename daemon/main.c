/*
 * whokilledd: receives kill reports from the preload shim and session and
 * failed-login reports from the PAM module, believes only what the
 * kernel's credentials vouch for, reads the kernel's audit records of
 * signals (from its auditd plugin, the netlink multicast group and, at
 * start, the audit log), stores each attribution once with the killer's
 * ancestry and login session, and answers "who killed pid N?" and "who
 * keeps failing to log in?" on the query socket.  With --audit-plugin it
 * is that auditd plugin instead.  It also follows processes to their
 * end (the process-events connector, the kernel log's OOM kills), so an
 * answer says how a process ended even when no one killed it.
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/version.h"
#include "whokilled/wire.h"
#include "daemon/kaudit/audit_input.h"
#include "daemon/kaudit/audit_netlink.h"
#include "daemon/kaudit/audit_trail.h"
#include "daemon/plugin/audit_plugin.h"
#include "daemon/kaudit/audit_socket.h"
#include "daemon/base/listen_fds.h"
#include "daemon/ingest/rate_limit.h"
#include "config.h"
#include "daemon_lock.h"
#include "daemon_parts.h"
#include "daemon_reload.h"
#include "daemon/deaths/death_watch.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/base/log.h"
#include "daemon/base/poll_loop.h"
#include "daemon/base/privdrop.h"
#include "daemon/procs/procinfo.h"
#include "daemon/query/query_answer.h"
#include "daemon/query/query_server.h"
#include "daemon/retention/retention.h"
#include "daemon/base/report_socket.h"
#include "daemon/base/stats.h"
#include "daemon/store/store.h"
#include "daemon/sysd/sysd_bus.h"
#include "daemon/base/unix_socket.h"

#define EXIT_USAGE	2

static volatile sig_atomic_t quit_signal, reload_signal;

/* The socket files this process created, removed on every exit path. */
static struct sockaddr_un report_addr, query_addr, audit_addr, lean_addr;
static int report_bound, query_bound, audit_bound, lean_bound;

static void
on_quit(int signo)
{
	quit_signal = signo;
}

static void
on_reload(int signo)
{
	reload_signal = signo;
}

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: whokilledd [-f] [-d] [-t] [-c FILE] [--socket-dir DIR] "
	    "[--db PATH] [--queue-len N]\n"
	    "                  [--audit-log FILE] [--audit-netlink yes|no]\n"
	    "       whokilledd --audit-plugin [-d] [-c FILE] [--socket-dir=DIR]\n"
	    "       whokilledd -V | --version\n"
	    "  -f                stay in the foreground, log to stderr\n"
	    "  -d                log debug messages too\n"
	    "  -t                check the configuration (file and options) "
	    "and exit\n"
	    "  -c FILE           config file (default %s; SIGHUP re-reads "
	    "it)\n"
	    "  --socket-dir DIR  where report.sock, query.sock and audit.sock "
	    "live (default %s)\n"
	    "  --db PATH         the SQLite store (default %s)\n"
	    "  --queue-len N     reports the socket may queue (default %u)\n"
	    "  --audit-log FILE  audit log read at start (default %s; "
	    "\"\" for none)\n"
	    "  --audit-netlink yes|no\n"
	    "                    read the kernel's audit multicast group "
	    "(default yes)\n"
	    "  --audit-plugin    run as auditd's plugin: forward standard "
	    "input to the daemon\n"
	    "  -V, --version     print the version and exit\n"
	    "  -h, --help        this text\n",
	    WKD_DEFAULT_CONFIG, WK_DEFAULT_SOCKET_DIR, WKD_DEFAULT_DB,
	    WKD_DEFAULT_QUEUE_LEN, WKD_DEFAULT_AUDIT_LOG);
}

static void
remove_sockets(void)
{
	if (report_bound)
		unlink(report_addr.sun_path);
	if (query_bound)
		unlink(query_addr.sun_path);
	if (audit_bound)
		unlink(audit_addr.sun_path);
	/* Even a socket the service manager keeps: the next daemon may not
	 * follow process events. */
	if (lean_bound)
		unlink(lean_addr.sun_path);
	report_bound = query_bound = audit_bound = lean_bound = 0;
}

/* Log, remove the sockets created so far, exit 1. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fatal_cleanup(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	remove_sockets();
	fatalx("%s", msg);
}

/*
 * Defaults, then the config file, then the command line (config.h).
 * Exits 2 on any error, naming file:line for a bad line.
 */
static void
load_settings(struct wkd_config *cfg, const struct wkd_overrides *ov)
{
	char err[PATH_MAX + 256];

	if (wkd_config_read(cfg, ov, NULL, err, sizeof err) == -1) {
		fprintf(stderr, "whokilledd: %s\n", err);
		exit(EXIT_USAGE);
	}
}

/* whokilledd -t: the settings are read and checked, nothing is opened. */
static int
check_settings(const struct wkd_overrides *ov)
{
	struct wkd_config cfg;
	char err[PATH_MAX + 256];
	int file_read;

	if (wkd_config_read(&cfg, ov, &file_read, err, sizeof err) == -1) {
		fprintf(stderr, "whokilledd: %s\n", err);
		return EXIT_USAGE;
	}
	printf("whokilledd: %s%s: configuration OK\n", ov->config,
	    file_read ? "" : " not found, the defaults");
	return 0;
}

/* Record one command-line setting; exits 2 when it cannot be kept. */
static void
override(struct wkd_overrides *ov, const char *key, const char *value)
{
	char err[PATH_MAX + 64];

	if (wkd_overrides_add(ov, key, value, err, sizeof err) == -1) {
		fprintf(stderr, "whokilledd: %s\n", err);
		exit(EXIT_USAGE);
	}
}

static void
parse_options(int argc, char **argv, struct wkd_overrides *ov,
    int *foreground, int *check, int *plugin)
{
	static const struct option longopts[] = {
		{ "socket-dir", required_argument, NULL, 'S' },
		{ "db", required_argument, NULL, 'D' },
		{ "queue-len", required_argument, NULL, 'Q' },
		{ "audit-log", required_argument, NULL, 'L' },
		{ "audit-netlink", required_argument, NULL, 'N' },
		{ "audit-plugin", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	wkd_overrides_init(ov);
	while ((ch = getopt_long(argc, argv, "fdtc:hV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			*foreground = 1;
			break;
		case 'd':
			override(ov, "debug", "yes");
			break;
		case 't':
			*check = 1;
			break;
		case 'c':
			override(ov, NULL, optarg);
			break;
		case 'S':
			override(ov, "socket_dir", optarg);
			break;
		case 'D':
			override(ov, "db", optarg);
			break;
		case 'Q':
			override(ov, "queue_len", optarg);
			break;
		case 'L':
			override(ov, "audit_log", optarg);
			break;
		case 'N':
			override(ov, "audit_netlink", optarg);
			break;
		case 'P':
			*plugin = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("whokilledd %s (wire format %d)\n",
			    WHOKILLED_VERSION, WK_WIRE_VERSION);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(EXIT_USAGE);
	}
}

/*
 * Create the socket directory and bind the sockets.  When a daemon
 * answers on query.sock this one exits 1; socket files nobody answers on
 * are stale and removed.
 */
static void
open_sockets(const struct wkd_config *cfg, int *report_fd, int *listen_fd,
    int *audit_fd, unsigned *depth)
{
	struct listen_fds passed;

	if (mkdir(cfg->socket_dir, 0755) == -1 && errno != EEXIST)
		fatal_cleanup("%s: %s", cfg->socket_dir, strerror(errno));
	if (unix_socket_addr(&report_addr, cfg->socket_dir,
	    WK_REPORT_SOCKET) == -1 ||
	    unix_socket_addr(&query_addr, cfg->socket_dir,
	    WK_QUERY_SOCKET) == -1 ||
	    unix_socket_addr(&audit_addr, cfg->socket_dir,
	    AUDIT_SOCKET_NAME) == -1 ||
	    unix_socket_addr(&lean_addr, cfg->socket_dir,
	    WK_LEAN_SOCKET) == -1)
		fatal_cleanup("%s: socket directory name too long",
		    cfg->socket_dir);
	/* Socket activation: what the service manager made is used as is, and
	 * left in place at exit, so reports sent while we restart wait in it. */
	if (listen_fds_take(&report_addr, &query_addr, &passed) == -1)
		fatal_cleanup("LISTEN_FDS: %s", strerror(errno));
	if (passed.passed > 0)
		log_info("socket activation: %s%s passed", passed.report != -1 ?
		    "report.sock " : "", passed.query != -1 ? "query.sock" : "");
	if (passed.query == -1 && unix_socket_is_live(&query_addr))
		fatal_cleanup("another whokilledd is running on %s",
		    cfg->socket_dir);
	if (passed.report == -1 && unlink(report_addr.sun_path) == 0)
		log_debug("removed stale %s", report_addr.sun_path);
	if (passed.query == -1 && unlink(query_addr.sun_path) == 0)
		log_debug("removed stale %s", query_addr.sun_path);
	if (unlink(audit_addr.sun_path) == 0)
		log_debug("removed stale %s", audit_addr.sun_path);
	/* Made again (open_lean) only once this daemon follows processes. */
	if (unlink(lean_addr.sun_path) == 0)
		log_debug("removed stale %s", lean_addr.sun_path);

	if (passed.report != -1) {
		*report_fd = passed.report;
		if (report_socket_adopt(*report_fd, depth) == -1)
			fatal_cleanup("passed report socket: %s", strerror(errno));
	} else {
		*report_fd = report_socket_open(&report_addr, cfg->queue_len,
		    depth);
		if (*report_fd == -1)
			fatal_cleanup("%s: %s", report_addr.sun_path,
			    strerror(errno));
		report_bound = 1;
	}
	*audit_fd = audit_socket_listen(&audit_addr);
	if (*audit_fd == -1)
		fatal_cleanup("%s: %s", audit_addr.sun_path, strerror(errno));
	audit_bound = 1;
	if (passed.query != -1) {
		*listen_fd = passed.query;
		if (fcntl(*listen_fd, F_SETFL, O_NONBLOCK) == -1)
			fatal_cleanup("passed query socket: %s", strerror(errno));
		return;
	}
	/* Last: a live query socket is what tells the next daemon we run. */
	*listen_fd = query_server_listen(&query_addr);
	if (*listen_fd == -1)
		fatal_cleanup("%s: %s", query_addr.sun_path, strerror(errno));
	query_bound = 1;
}

/*
 * lean.sock, a second name of the report socket, says the daemon follows
 * the kernel's process events: shims that find it leave out of their
 * reports what the process table knows (wire.h).  Failing costs only
 * that saving.
 */
static void
open_lean(const struct death_watch *dw)
{
	if ((death_watch_sources(dw) & WK_DS_EXITS) == 0) {
		log_debug("%s not made: process events are not followed",
		    lean_addr.sun_path);
		return;
	}
	if (link(report_addr.sun_path, lean_addr.sun_path) == -1) {
		log_warn("%s: %s", lean_addr.sun_path, strerror(errno));
		return;
	}
	lean_bound = 1;
}

/*
 * The netlink group, when configured and allowed; -1 when not read.  Not
 * being allowed (no CAP_AUDIT_READ, no audit in the kernel, a container)
 * leaves the plugin and the log as the kernel's sources.
 */
static int
open_netlink(const struct wkd_config *cfg)
{
	int fd;

	if (!cfg->audit_netlink || cfg->hub)
		return -1;
	fd = audit_netlink_open();
	if (fd == -1)
		log_info("kernel audit multicast group not read: %s",
		    strerror(errno));
	return fd;
}

/*
 * Go to the background.  The parent stays until the child is ready: it
 * relays whatever the child writes to its stderr (the pipe) and exits 0
 * when a NUL byte says "ready", or 1 when the pipe closes first.  Errors
 * of startup so reach the terminal, and a service manager sees the daemon
 * ready when the parent exits.  Returns, in the child, the pipe's write
 * end for daemon_ready().
 */
static int
daemonize(void)
{
	char buf[512];
	char *nul;
	ssize_t n;
	pid_t pid;
	int pipefd[2], devnull;

	if (pipe2(pipefd, O_CLOEXEC) == -1)
		fatal_cleanup("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == -1)
		fatal_cleanup("fork: %s", strerror(errno));
	if (pid > 0) {
		close(pipefd[1]);
		while ((n = read(pipefd[0], buf, sizeof buf)) != 0) {
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				break;
			nul = memchr(buf, '\0', (size_t)n);
			fwrite(buf, 1, nul != NULL ? (size_t)(nul - buf) :
			    (size_t)n, stderr);
			if (nul != NULL)
				_exit(0);
		}
		_exit(1);
	}
	close(pipefd[0]);
	if (setsid() == -1)
		fatal_cleanup("setsid: %s", strerror(errno));
	if (chdir("/") == -1)
		fatal_cleanup("chdir /: %s", strerror(errno));
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull == -1)
		fatal_cleanup("/dev/null: %s", strerror(errno));
	if (dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(devnull, STDOUT_FILENO) == -1 ||
	    dup2(pipefd[1], STDERR_FILENO) == -1)
		fatal_cleanup("dup2: %s", strerror(errno));
	close(devnull);
	return pipefd[1];
}

/* Switch the log to syslog, tell the waiting parent, detach stderr. */
static void
daemon_ready(int ready_fd, int debug)
{
	int devnull;

	log_init(0, debug, "whokilledd");
	/* A parent that is gone has nobody left to tell: no error. */
	if (write(ready_fd, "", 1) != 1)
		log_debug("the starting process is gone");
	close(ready_fd);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull != -1) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
}

/*
 * SIGTERM and SIGINT only set quit_signal, SIGHUP reload_signal; the poll
 * loop acts on them.  They stay blocked except inside ppoll(), so one that
 * arrives between the loop's check and the wait is not lost until the next
 * event.  *waitmask is the mask to wait with.
 */
static void
setup_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		fatal_cleanup("sigaction: %s", strerror(errno));
	sa.sa_handler = on_reload;
	if (sigaction(SIGHUP, &sa, NULL) == -1)
		fatal_cleanup("sigaction: %s", strerror(errno));
	sa.sa_handler = SIG_IGN;
	/* Cannot fail for SIGPIPE with a valid sigaction. */
	(void)sigaction(SIGPIPE, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &block, waitmask) == -1)
		fatal_cleanup("sigprocmask: %s", strerror(errno));
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
	sigdelset(waitmask, SIGHUP);
}

/*
 * The parts of the poll loop, in the order they are served each round:
 * process events first (a report may name a process just forked), then
 * reports, kernel audit records and queries, the commit timer, and last
 * retention (a batch of the oldest rows deleted, when a limit is passed).
 */
struct report_part {
	struct ingest *in;
	int fd;
};

static unsigned
deaths_fill(void *arg, struct pollfd *pfd)
{
	return death_watch_pollfds(arg, pfd);
}

static void
deaths_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	death_watch_handle(arg, pfd, n, now);
}

static int
deaths_timeout(void *arg, int64_t now)
{
	return death_watch_timeout_ms(arg, now);
}

static unsigned
sysd_fill(void *arg, struct pollfd *pfd)
{
	return sysd_pollfds(arg, pfd);
}

static void
sysd_part_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	sysd_handle(arg, pfd, n, now);
}

static int
sysd_timeout(void *arg, int64_t now)
{
	return sysd_timeout_ms(arg, now);
}

static unsigned
reports_fill(void *arg, struct pollfd *pfd)
{
	const struct report_part *r = arg;

	pfd->fd = r->fd;
	pfd->events = POLLIN;
	pfd->revents = 0;
	return 1;
}

static void
reports_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	const struct report_part *r = arg;

	(void)now;
	if (n == 1 && (pfd->revents & POLLIN) && ingest_drain(r->in, r->fd) == -1)
		log_warn("report socket");
}

static unsigned
audit_fill(void *arg, struct pollfd *pfd)
{
	return audit_input_pollfds(arg, pfd);
}

static void
audit_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	audit_input_handle(arg, pfd, n, now);
}

static int
audit_timeout(void *arg, int64_t now)
{
	return audit_input_timeout_ms(arg, now);
}

static unsigned
query_fill(void *arg, struct pollfd *pfd)
{
	return query_server_pollfds(arg, pfd);
}

static void
query_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	query_server_handle(arg, pfd, n, now);
}

static int
query_timeout(void *arg, int64_t now)
{
	return query_server_timeout_ms(arg, now);
}

static void
commit_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	(void)pfd;
	(void)n;
	/* A failed commit is counted and logged by ingest. */
	(void)ingest_commit_if_due(arg, now);
}

static int
commit_timeout(void *arg, int64_t now)
{
	return ingest_timeout_ms(arg, now);
}

static void
trail_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	struct audit_trail *t = arg;

	(void)pfd;
	(void)n;
	if (t->held != NULL)
		audit_trail_flush(t, now);
}

static int
trail_timeout(void *arg, int64_t now)
{
	const struct audit_trail *t = arg;

	return t->held != NULL ? audit_trail_timeout_ms(t, now) : -1;
}

static void
retention_part_handle(void *arg, const struct pollfd *pfd, unsigned n,
    int64_t now)
{
	(void)pfd;
	(void)n;
	retention_handle(arg, now);
}

static int
retention_part_timeout(void *arg, int64_t now)
{
	return retention_timeout_ms(arg, now);
}

/* What SIGHUP needs: how the settings were made, and what they change. */
struct reload_part {
	const struct wkd_overrides *ov;
	struct wkd_config *cfg;		/* in force */
	struct daemon_reload_parts parts;
};

/*
 * SIGHUP: the settings read again as at start; a file that no longer
 * reads keeps every setting in force.
 */
static void
reload_settings(const struct reload_part *r)
{
	struct wkd_config next;
	char err[PATH_MAX + 256], source[PATH_MAX + 32];
	int file_read;

	if (wkd_config_read(&next, r->ov, &file_read, err, sizeof err) == -1) {
		log_warnx("SIGHUP: %s; the settings in force are kept", err);
		return;
	}
	snprintf(source, sizeof source, "%.*s%s", PATH_MAX - 1, r->ov->config,
	    file_read ? "" : " (not found: the defaults)");
	daemon_reload_apply(r->cfg, &next, source, &r->parts);
}

/* The poll loop, until SIGTERM or SIGINT; SIGHUP re-reads the settings. */
static void
serve(struct ingest *in, struct query_server *qs, struct audit_input *ai,
    struct death_watch *dw, struct audit_trail *trail, struct sysd *sd,
    struct retention *ret, int report_fd,
    const sigset_t *waitmask, const struct reload_part *reload)
{
	struct report_part reports = { in, report_fd };
	const struct poll_part parts[] = {
		{ "process events", DEATH_WATCH_POLLFDS, deaths_fill,
		    deaths_handle, deaths_timeout, dw },
		{ "reports", 1, reports_fill, reports_handle, NULL, &reports },
		{ "kernel audit", AUDIT_INPUT_POLLFDS, audit_fill,
		    audit_handle, audit_timeout, ai },
		{ "systemd", SYSD_POLLFDS, sysd_fill, sysd_part_handle,
		    sysd_timeout, sd },
		{ "queries", 1 + QUERY_SLOTS, query_fill, query_handle,
		    query_timeout, qs },
		{ "commits", 0, NULL, commit_handle, commit_timeout, in },
		{ "audit records", 0, NULL, trail_handle, trail_timeout, trail },
		/* Last: a batch of pruning between two rounds of reports. */
		{ "retention", 0, NULL, retention_part_handle,
		    retention_part_timeout, ret },
	};
	static struct poll_loop loop;
	size_t i;

	poll_loop_init(&loop);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (poll_loop_add(&loop, &parts[i]) == -1)
			fatal_cleanup("poll loop: %s: %s", parts[i].name,
			    strerror(errno));
	while (!quit_signal) {
		if (poll_loop_once(&loop, waitmask, wkd_monotonic_ms) == -1 &&
		    errno != EINTR)
			fatal_cleanup("poll: %s", strerror(errno));
		if (reload_signal && !quit_signal) {
			reload_signal = 0;
			reload_settings(reload);
		}
	}
}

/*
 * One daemon per store (daemon_lock.h): the lock on cfg->db, or exit 1
 * naming the daemon that holds it.
 */
static int
lock_store(const struct wkd_config *cfg)
{
	char err[PATH_MAX + 128];
	pid_t holder;
	int fd;

	fd = daemon_lock_take(cfg->db, &holder, err, sizeof err);
	if (fd != -1)
		return fd;
	if (errno == EWOULDBLOCK && holder > 0)
		fatal_cleanup("%s (pid %d); one daemon per store", err,
		    (int)holder);
	if (errno == EWOULDBLOCK)
		fatal_cleanup("%s; one daemon per store", err);
	fatal_cleanup("%s", err);
}

int
main(int argc, char **argv)
{
	static struct wkd_overrides ov;
	struct wkd_config cfg;
	struct reload_part reload;
	struct wkd_counters counters = { 0 };
	struct query_server qs;
	struct query_env env;
	struct daemon_parts parts;
	struct ingest in;
	struct ingest_kernel ki;
	struct audit_input ai;
	struct death_watch dw;
	struct death_watch_config dcfg;
	struct audit_trail trail;
	struct sysd *sd;
	struct retention_limits limits;
	struct retention ret;
	struct store *st;
	char boot_id[WK_BOOT_ID_MAX], err[512];
	int foreground = 0, check = 0, plugin = 0, report_fd, listen_fd;
	int audit_fd, netlink_fd, ready_fd = -1, lock_fd;
	unsigned depth;
	uint32_t sight;
	sigset_t waitmask;

	parse_options(argc, argv, &ov, &foreground, &check, &plugin);
	if (check)
		return check_settings(&ov);
	if (plugin) {
		load_settings(&cfg, &ov);
		return audit_plugin_run(cfg.socket_dir, cfg.debug);
	}
	/*
	 * A daemon must not keep its starter's descriptors: a pipe held open
	 * would hang whoever waits for its end.  Failure leaves them open,
	 * which is harmless to the daemon itself.
	 */
	if (!foreground)
		(void)close_range(3, ~0U, 0);
	load_settings(&cfg, &ov);
	umask(022);
	log_init(1, cfg.debug, "whokilledd");

	if (procinfo_boot_id(NULL, boot_id) == -1)
		fatal("%s", PROCINFO_BOOT_ID_PATH);
	/* Before anything is made: a second daemon leaves no trace. */
	lock_fd = lock_store(&cfg);
	open_sockets(&cfg, &report_fd, &listen_fd, &audit_fd, &depth);
	netlink_fd = open_netlink(&cfg);
	setup_signals(&waitmask);
	if (!foreground) {
		ready_fd = daemonize();
		if (daemon_lock_adopt(lock_fd) == -1)
			fatal_cleanup("%s: cannot keep the lock: %s", cfg.db,
			    strerror(errno));
	}

	/* Opened after fork(): SQLite's locks belong to the process. */
	st = store_open(cfg.db, err, sizeof err);
	if (st == NULL)
		fatal_cleanup("%s", err);

	ingest_init(&in, st, &counters, boot_id, cfg.commit_interval_ms,
	    (depth > cfg.queue_len ? depth : cfg.queue_len) + 1);
	ingest_log_init(&in.log, wkd_config_log_kills(&cfg));
	if (daemon_rate_limit_set(&in, cfg.rate_limit) == -1)
		fatal_cleanup("rate limit: %s", strerror(errno));
	if (ingest_kernel_init(&ki, &in) == -1)
		fatal_cleanup("kernel audit: %s", strerror(errno));
	ki.hub = cfg.hub;
	if (audit_input_open(&ai, &ki, &counters, audit_fd, netlink_fd,
	    cfg.audit_log) == -1)
		fatal_cleanup("kernel audit: %s", strerror(errno));
	memset(&trail, 0, sizeof trail);
	trail.fd = -1;
	if (cfg.audit_records && audit_trail_open(&trail, &in) == -1)
		log_warn("audit_records: whokilled records cannot be written "
		    "into the audit trail");
	else if (cfg.audit_records)
		log_info("every stored signal is written into the audit trail "
		    "as a whokilled record (audit_records)");
	/* Opened before the daemon says it is ready (daemon_ready). */
	memset(&dcfg, 0, sizeof dcfg);
	/* A hub's store is its nodes': this host's ends stay out of it. */
	dcfg.sources = !cfg.hub;
	dcfg.min_runtime_ms = cfg.exit_min_runtime_ms;
	dcfg.deaths_max = cfg.deaths_max;
	if (death_watch_open(&dw, &in, &dcfg) == -1)
		fatal_cleanup("process table: %s", strerror(errno));
	open_lean(&dw);
	/* After the death watch: its table catches up first. */
	sd = sysd_open(&in, !cfg.hub);
	if (sd == NULL)
		fatal_cleanup("systemd monitor: %s", strerror(errno));
	daemon_retention_limits(&cfg, &limits);
	if (retention_init(&ret, &in, cfg.db, &limits) == -1)
		fatal_cleanup("retention: %s", strerror(errno));
	memset(&env, 0, sizeof env);
	memset(&parts, 0, sizeof parts);
	parts.sysd = sd;
	parts.ingest = &in;
	parts.audit = &ai;
	parts.deaths = &dw;
	parts.report_fd = report_fd;
	daemon_parts_hook_query(&parts, &env);
	env.store = st;
	env.counters = &counters;
	env.boot_id = boot_id;
	env.started = (int64_t)time(NULL);
	query_server_init(&qs, listen_fd, &env);
	daemon_parts_hook_followers(&parts, &qs);

	/* Every source is open: what opening them took is not kept. */
	if (privdrop_keep(privdrop_runtime_caps(trail.fd >= 0), err, sizeof err) == -1)
		fatal_cleanup("dropping capabilities: %s", err);
	if (!foreground)
		daemon_ready(ready_fd, cfg.debug);
	log_info("%s", err);
	sight = daemon_parts_sight(&parts, 1);
	log_info("listening on %s (report queue %u), store %s; kernel audit "
	    "from the plugin socket%s%s%s; %s, %s; %s; %s", cfg.socket_dir,
	    depth, cfg.db, netlink_fd != -1 ? ", the netlink group" : "",
	    audit_backfill_active(&ai.backfill) ? ", backfill of " : "",
	    audit_backfill_active(&ai.backfill) ? cfg.audit_log : "",
	    (sight & WK_SEE_EXITS) != 0 ?
	    "process exits watched" : "process exits NOT watched",
	    (sight & WK_SEE_KMSG) != 0 ?
	    "OOM kills read from the kernel log" : "OOM kills NOT read",
	    daemon_parts_rules_text(sight), daemon_parts_preload_text(sight));
	if (in.log.enabled)
		log_info("every stored signal gets a line in this log "
		    "(log_kills; at most %d lines a second after a burst of %d)",
		    INGEST_LOG_RATE, INGEST_LOG_BURST);

	reload.ov = &ov;
	reload.cfg = &cfg;
	reload.parts.in = &in;
	reload.parts.dw = &dw;
	reload.parts.retention = &ret;
	serve(&in, &qs, &ai, &dw, &trail, sd, &ret, report_fd, &waitmask,
	    &reload);

	log_info("exiting on signal %d", (int)quit_signal);
	if (cfg.hub)
		log_info("hub: %" PRIu64 " kernel events and %" PRIu64 " whokilled "
		    "records of nodes read; %" PRIu64 " records read before, %"
		    PRIu64 " refused (no node name, cut, unreadable); the "
		    "plugin refused %" PRIu64 " lines that were no audit records "
		    "and dropped %" PRIu64, counters.audit_events,
		    counters.node_records, counters.node_duplicates,
		    counters.node_refused, counters.audit_refused,
		    counters.audit_dropped);
	/* What is queued now was sent before the signal: keep it. */
	audit_input_drain(&ai, wkd_monotonic_ms());
	if (ingest_drain(&in, report_fd) == -1)
		log_warn("report socket");
	audit_input_close(&ai);
	sysd_close(sd);
	death_watch_close(&dw);
	/* What the store could not take yet gets a last try. */
	ingest_finish(&in);
	audit_trail_close(&trail);
	ingest_kernel_free(&ki);
	query_server_close(&qs);
	close(report_fd);
	store_close(st);
	/* Only now: a close while SQLite has the file would drop its locks. */
	close(lock_fd);
	rate_limit_free(in.limit);
	remove_sockets();
	return 0;
}
