/*
 * Sends the reports the PAM module sends, for the tests.
 *
 *   send_pam_report DIR open [NAME=VALUE...]
 *   send_pam_report DIR close [NAME=VALUE...]
 *   send_pam_report DIR session [NAME=VALUE...] -- COMMAND [ARG...]
 *   send_pam_report DIR authfail [NAME=VALUE...] [-- ARG...]
 *
 * open/close: one session report about this process (its pid, start time,
 * audit login uid and session id, as /proc/self shows them).  session:
 * the open, then COMMAND as a child of this process (the session's login
 * process), then the close.  authfail: one failed authentication with
 * this process as the program that asked PAM; ARGs, when given, are the
 * argv it reports (default: its own).
 *
 * NAME=VALUE overrides a field: user, service, tty, rhost, ruser (PAM
 * items; user defaults to the name of the real uid), uid, loginuid,
 * sessionid, own_id (sets the own-id flag too), flags, pid, start_time
 * (session reports), comm, exe (the program of an authfail).
 *
 * After each report, unless --no-sync comes first, it asks the daemon for
 * its counters on DIR/query.sock: the daemon reads every queued report
 * before it answers, so when this program exits its reports are stored
 * (or counted as rejected) while it was still running.
 *
 * Exits 0 when every report was sent (session: COMMAND's exit status), 1
 * when one could not be, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/argv_pack.h"
#include "whokilled/wire.h"

static const char *dir;
static int sync_after = 1;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: send_pam_report [--no-sync] DIR "
	    "open|close|authfail|session [NAME=VALUE...] [-- ARG...]\n");
	exit(2);
}

/* A number in any base strtoull takes, or exit 2. */
static unsigned long long
number(const char *name, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0') {
		fprintf(stderr, "send_pam_report: %s: bad number '%s'\n", name,
		    s);
		exit(2);
	}
	return v;
}

/* Read a small /proc/self file into buf, NUL-terminated; "" on failure. */
static void
read_self(const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof path, "/proc/self/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* An id file of /proc/self (loginuid, sessionid); WK_ID_UNSET if unreadable. */
static uint32_t
self_id(const char *name)
{
	char buf[32];

	read_self(name, buf, sizeof buf);
	return buf[0] != '\0' ? (uint32_t)strtoul(buf, NULL, 10) : WK_ID_UNSET;
}

/* The fields of /proc/self/stat after the command name. */
struct self_stat {
	int ppid, pgid, sid, tty_nr;
	unsigned long long start_time;
};

static void
self_stat(struct self_stat *st)
{
	char buf[1024];
	const char *p;

	memset(st, 0, sizeof *st);
	read_self("stat", buf, sizeof buf);
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %d %d %d %d %*d %*u %*u %*u %*u "
	    "%*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &st->ppid, &st->pgid,
	    &st->sid, &st->tty_nr, &st->start_time) != 5) {
		fprintf(stderr, "send_pam_report: cannot read /proc/self/stat\n");
		exit(1);
	}
}

/* Split "NAME=VALUE" without touching arg (it may be reported as argv). */
static const char *
split(const char *arg, char *name, size_t size)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || (size_t)(eq - arg) >= size)
		usage();
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	return eq + 1;
}

static void
set_string(char *field, size_t size, const char *value)
{
	snprintf(field, size, "%s", value);
}

/* The PAM items every report has; 1 when name was one of them. */
static int
pam_item(char *user, char *service, char *tty, char *rhost,
    char *ruser, const char *name, const char *value)
{
	if (strcmp(name, "user") == 0)
		set_string(user, WK_USER_MAX, value);
	else if (strcmp(name, "service") == 0)
		set_string(service, WK_SERVICE_MAX, value);
	else if (strcmp(name, "tty") == 0)
		set_string(tty, WK_TTY_MAX, value);
	else if (strcmp(name, "rhost") == 0)
		set_string(rhost, WK_HOST_MAX, value);
	else if (strcmp(name, "ruser") == 0)
		set_string(ruser, WK_USER_MAX, value);
	else
		return 0;
	return 1;
}

static void
now(struct wk_time *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	t->sec = ts.tv_sec;
	t->nsec = ts.tv_nsec;
}

static void
default_user(char *user)
{
	const struct passwd *pw = getpwuid(getuid());

	if (pw != NULL)
		set_string(user, WK_USER_MAX, pw->pw_name);
}

/* A session report about this process, with the NAME=VALUE overrides. */
static void
fill_session(struct wk_session_report *s, uint16_t type,
    char *const *args, int n)
{
	struct self_stat st;
	int own_flag = 0, flags_given = 0;

	wk_session_init(s, type);
	self_stat(&st);
	now(&s->time);
	s->pid = getpid();
	s->ppid = getppid();
	s->start_time = st.start_time;
	s->uid = getuid();
	s->loginuid = self_id("loginuid");
	s->sessionid = self_id("sessionid");
	default_user(s->user);
	set_string(s->service, sizeof s->service, "send_pam_report");
	for (int i = 0; i < n; i++) {
		char name[32];
		const char *value = split(args[i], name, sizeof name);

		if (pam_item(s->user, s->service, s->tty, s->rhost, s->ruser,
		    name, value))
			continue;
		if (strcmp(name, "uid") == 0)
			s->uid = (uint32_t)number(name, value);
		else if (strcmp(name, "loginuid") == 0)
			s->loginuid = (uint32_t)number(name, value);
		else if (strcmp(name, "sessionid") == 0)
			s->sessionid = (uint32_t)number(name, value);
		else if (strcmp(name, "own_id") == 0) {
			s->own_id = number(name, value);
			own_flag = 1;
		} else if (strcmp(name, "flags") == 0) {
			s->flags = (uint32_t)number(name, value);
			flags_given = 1;
		} else if (strcmp(name, "pid") == 0)
			s->pid = (int32_t)number(name, value);
		else if (strcmp(name, "start_time") == 0)
			s->start_time = number(name, value);
		else
			usage();
	}
	if (own_flag && !flags_given)
		s->flags |= WK_SF_OWN_ID;
}

/* A failed authentication by this process; argv from args after "--". */
static void
fill_authfail(struct wk_authfail_report *r, char *args_out,
    char *const *args, int n, char *const *argv, int argc)
{
	struct wk_caller *c = &r->caller;
	struct self_stat st;
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	wk_authfail_init(r);
	self_stat(&st);
	now(&r->time);
	default_user(r->user);
	set_string(r->service, sizeof r->service, "send_pam_report");
	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	c->pid = c->tid = getpid();
	c->ppid = st.ppid;
	c->sid = st.sid;
	c->pgid = st.pgid;
	c->tty_nr = st.tty_nr;
	c->start_time = st.start_time;
	c->uid = ru;
	c->euid = eu;
	c->suid = su;
	c->gid = rg;
	c->egid = eg;
	c->sgid = sg;
	c->loginuid = self_id("loginuid");
	c->sessionid = self_id("sessionid");
	read_self("comm", c->comm, sizeof c->comm);
	set_string(c->exe, sizeof c->exe, argv[0]);
	for (int i = 0; i < n; i++) {
		char name[32];
		const char *value = split(args[i], name, sizeof name);

		if (pam_item(r->user, r->service, r->tty, r->rhost, r->ruser,
		    name, value))
			continue;
		if (strcmp(name, "comm") == 0)
			set_string(c->comm, sizeof c->comm, value);
		else if (strcmp(name, "exe") == 0)
			set_string(c->exe, sizeof c->exe, value);
		else
			usage();
	}
	c->argc = (uint32_t)argc;
	(void)wk_argv_pack(argv, (uint32_t)argc, args_out, WK_ARGV_MAX,
	    &c->argv_len, &c->argv_cut);
}

/*
 * Ask the daemon for its counters and read the whole answer: by then it
 * has read every report queued before.  0 or -1.
 */
static int
sync_daemon(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct wk_query q;
	char buf[WK_REPLY_MAX];
	ssize_t n;
	int fd;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", dir, WK_QUERY_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror("send_pam_report: query socket");
		return -1;
	}
	wk_query_init(&q, WK_Q_STATS);
	if (write(fd, &q, sizeof q) != (ssize_t)sizeof q) {
		perror("send_pam_report: query");
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		;
	close(fd);
	return n == 0 ? 0 : -1;
}

/* Send one report to DIR/report.sock (then sync); 0 or -1. */
static int
send_report(const void *buf, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", dir,
	    WK_REPORT_SOCKET);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || sendto(fd, buf, len, 0, (struct sockaddr *)&sa,
	    sizeof sa) == -1) {
		perror("send_pam_report: send");
		return -1;
	}
	close(fd);
	return sync_after ? sync_daemon() : 0;
}

/* The open, COMMAND as a child, the close; COMMAND's status or 1. */
static int
run_session(char **args, int n, char **cmd)
{
	struct wk_session_report s;
	int status;
	pid_t child;

	fill_session(&s, WK_MSG_SESSION_OPEN, args, n);
	if (send_report(&s, sizeof s) == -1)
		return 1;
	child = fork();
	if (child == -1)
		return 1;
	if (child == 0) {
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	if (waitpid(child, &status, 0) == -1)
		return 1;
	now(&s.time);
	s.hdr.type = WK_MSG_SESSION_CLOSE;
	if (send_report(&s, sizeof s) == -1)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int
main(int argc, char **argv)
{
	struct wk_session_report s;
	static struct {
		struct wk_authfail_report r;
		char argv[WK_ARGV_MAX];
	} m;
	char **rest = NULL;
	int first = 1, nfields, nrest = 0;

	if (argc > 1 && strcmp(argv[1], "--no-sync") == 0) {
		sync_after = 0;
		first++;
	}
	if (argc < first + 2)
		usage();
	dir = argv[first];
	nfields = argc - first - 2;
	for (int i = first + 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			nfields = i - first - 2;
			rest = argv + i + 1;
			nrest = argc - i - 1;
			break;
		}
	}
	if (strcmp(argv[first + 1], "session") == 0) {
		if (nrest == 0)
			usage();
		return run_session(argv + first + 2, nfields, rest);
	}
	if (strcmp(argv[first + 1], "authfail") == 0) {
		if (nrest == 0) {
			rest = argv;
			nrest = argc;
		}
		fill_authfail(&m.r, m.argv, argv + first + 2, nfields, rest,
		    nrest);
		/* The report and its argv: no padding between. */
		m.r.hdr.size = (uint32_t)(sizeof m.r + m.r.caller.argv_len);
		return send_report(&m, m.r.hdr.size) == 0 ? 0 : 1;
	}
	if (rest != NULL)
		usage();
	if (strcmp(argv[first + 1], "open") == 0)
		fill_session(&s, WK_MSG_SESSION_OPEN, argv + first + 2, nfields);
	else if (strcmp(argv[first + 1], "close") == 0)
		fill_session(&s, WK_MSG_SESSION_CLOSE, argv + first + 2, nfields);
	else
		usage();
	return send_report(&s, sizeof s) == 0 ? 0 : 1;
}
