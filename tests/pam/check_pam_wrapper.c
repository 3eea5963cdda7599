/*
 * The built pam_whokilled.so under pam_wrapper and libpamtest
 * (run_pamtest), with pam_matrix checking passwords: what the module sends
 * for a session open and close, for a failed authentication, and that a
 * successful one sends nothing.  The module's reports are caught on a report
 * socket the test binds, as the daemon would (SO_PASSCRED).
 *
 * pam_wrapper must be preloaded before the program starts and reads its
 * service directory then: main() writes the service files, then runs this
 * same binary again with LD_PRELOAD=libpam_wrapper.so, PAM_WRAPPER=1 and
 * PAM_WRAPPER_SERVICE_DIR, waits for it and removes the files.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpamtest.h>
#include <security/pam_appl.h>

#include "pam_testlib.h"
#include "whokilled/wire.h"

#ifndef PAMWK_WRAPPER_LIB
#define PAMWK_WRAPPER_LIB	"libpam_wrapper.so"
#endif
#ifndef PAMWK_WRAPPER_MODULES
#define PAMWK_WRAPPER_MODULES	"/usr/lib/x86_64-linux-gnu/pam_wrapper"
#endif

/* Set in the wrapped run: the tree main() prepared. */
#define TOP_ENV		"WHOKILLED_PAMTEST_TOP"

#define SVC_SESSION	"wk_session"
#define SVC_AUTH	"wk_auth"
#define SVC_NOAUTHFAIL	"wk_noauthfail"
#define SVC_BADOPT	"wk_badopt"
#define USER		"alice"
#define PASSWORD	"secret"

static int main_argc;
static char **main_argv;
static char services[PATH_MAX];
static char sockdir[PATH_MAX];

/* ------------------------------------------------------------ set-up */

/*
 * Writes text to dir/name.  Runs before any test, outside Check's control,
 * so it reports on stderr instead of asserting.  Returns 0 or -1.
 */
static int
write_text(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;
	int rc;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return -1;
	f = fopen(path, "we");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	rc = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/*
 * Writes the four service files and the pam_matrix password file.
 * Returns 0, or -1 after saying what failed.
 */
static int
write_services(void)
{
	char passdb[PATH_MAX], text[4 * PATH_MAX];
	const char *module = pamwkt_module_path();
	const char *matrix = PAMWK_WRAPPER_MODULES "/pam_matrix.so";
	int rc = 0;

	if (module == NULL ||
	    snprintf(passdb, sizeof passdb, "%s/passdb", pamwkt_top) >=
	    (int)sizeof passdb)
		return -1;
	rc |= write_text(pamwkt_top, "passdb",
	    USER ":" PASSWORD ":" SVC_AUTH "\n"
	    USER ":" PASSWORD ":" SVC_NOAUTHFAIL "\n");

	snprintf(text, sizeof text,
	    "session required %s nostamp socket_dir=%s\n", module, sockdir);
	rc |= write_text(services, SVC_SESSION, text);

	snprintf(text, sizeof text,
	    "session required %s nostamp frobnicate socket_dir=relative "
	    "socket_dir=%s\n", module, sockdir);
	rc |= write_text(services, SVC_BADOPT, text);

	/* conf/pam.d/whokilled-authfail, with pam_matrix for pam_unix. */
	snprintf(text, sizeof text,
	    "auth [success=2 default=ignore] %s passdb=%s\n"
	    "auth optional %s authfail socket_dir=%s\n"
	    "auth requisite pam_deny.so\n"
	    "auth required pam_permit.so\n", matrix, passdb, module, sockdir);
	rc |= write_text(services, SVC_AUTH, text);

	snprintf(text, sizeof text,
	    "auth [success=2 default=ignore] %s passdb=%s\n"
	    "auth optional %s socket_dir=%s\n"
	    "auth requisite pam_deny.so\n"
	    "auth required pam_permit.so\n", matrix, passdb, module, sockdir);
	rc |= write_text(services, SVC_NOAUTHFAIL, text);

	/* libpam falls back on "other" for what a service lacks: deny it. */
	rc |= write_text(services, "other",
	    "auth required pam_deny.so\n"
	    "account required pam_deny.so\n"
	    "password required pam_deny.so\n"
	    "session required pam_deny.so\n");
	return rc;
}

/* ------------------------------------------------------------ helpers */

/* Sessions never converse; anything asked is an error. */
static int
no_conv(int n, const struct pam_message **msg,
    struct pam_response **resp, void *data)
{
	(void)n;
	(void)msg;
	(void)resp;
	(void)data;
	return PAM_CONV_ERR;
}

/* Runs pam_authenticate for USER on service with the given password. */
static void
authenticate(const char *service, const char *password,
    int expected)
{
	const char *tokens[] = { password, NULL };
	struct pamtest_conv_data conv = { .in_echo_off = tokens };
	struct pam_testcase tests[] = {
		pam_test(PAMTEST_AUTHENTICATE, expected),
	};
	enum pamtest_err perr;

	perr = run_pamtest(service, USER, &conv, tests, NULL);
	ck_assert_msg(perr == PAMTEST_ERR_OK, "run_pamtest: %s (op returned %d)",
	    pamtest_strerror(perr), tests[0].op_rv);
}

/*
 * Opens and closes a session of user "nobody" on service with a tty, a
 * remote host and user set, through run_pamtest on a handle of our own.
 */
static void
open_close(const char *service)
{
	/* Unused: the handle given to run_pamtest keeps its own conversation. */
	struct pamtest_conv_data conv = { .in_echo_off = NULL };
	struct pam_testcase tests[] = {
		pam_test(PAMTEST_OPEN_SESSION, PAM_SUCCESS),
		pam_test(PAMTEST_CLOSE_SESSION, PAM_SUCCESS),
	};
	struct pam_conv pconv = { no_conv, NULL };
	pam_handle_t *pamh = NULL;
	enum pamtest_err perr;

	ck_assert_int_eq(pam_start(service, "nobody", &pconv, &pamh),
	    PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_TTY, "/dev/pts/7"), PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_RHOST, "10.1.2.3"), PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_RUSER, USER), PAM_SUCCESS);
	perr = run_pamtest(service, "nobody", &conv, tests, pamh);
	ck_assert_msg(perr == PAMTEST_ERR_OK, "run_pamtest: %s",
	    pamtest_strerror(perr));
}

/* Takes one queued datagram into buf; fails the test if none is there. */
static size_t
take(int fd, void *buf, size_t size, struct ucred *cred)
{
	ssize_t n = pamwkt_take(fd, buf, size, cred);

	ck_assert_msg(n > 0, "no report was sent: %s", strerror(errno));
	return (size_t)n;
}

static void
assert_nothing_queued(int fd)
{
	char buf[WK_REPORT_MAX + 1];
	struct ucred cred;

	ck_assert_int_eq(pamwkt_take(fd, buf, sizeof buf, &cred), -1);
	ck_assert_int_eq(errno, EAGAIN);
}

static void
take_session(int fd, struct wk_session_report *r)
{
	char buf[WK_REPORT_MAX + 1];
	const char *why = NULL;
	struct ucred cred;
	size_t n = take(fd, buf, sizeof buf, &cred);

	ck_assert_msg(wk_decode_session(buf, n, r, &why) == 0,
	    "session report rejected: %s", why);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_uint_eq(cred.uid, getuid());
}

/* ------------------------------------------------------------ tests */

START_TEST(session_open_close_reported)
{
	struct wk_session_report o, c;
	int fd = pamwkt_listen(sockdir);
	unsigned sessionid = pamwkt_sessionid();

	open_close(SVC_SESSION);
	take_session(fd, &o);
	take_session(fd, &c);
	assert_nothing_queued(fd);

	ck_assert_uint_eq(o.hdr.type, WK_MSG_SESSION_OPEN);
	ck_assert_uint_eq(c.hdr.type, WK_MSG_SESSION_CLOSE);
	ck_assert_str_eq(o.user, "nobody");
	ck_assert_uint_eq(o.uid, 65534);
	ck_assert_str_eq(o.service, SVC_SESSION);
	ck_assert_str_eq(o.tty, "pts/7");
	ck_assert_str_eq(o.rhost, "10.1.2.3");
	ck_assert_str_eq(o.ruser, USER);
	ck_assert_int_eq(o.pid, getpid());
	ck_assert_int_eq(o.ppid, getppid());
	ck_assert_uint_eq(o.start_time, pamwkt_start_time());
	/* nostamp: the kernel's ids as they were. */
	ck_assert_uint_eq(o.loginuid, pamwkt_loginuid());
	ck_assert_uint_eq(o.sessionid, sessionid);
	if (sessionid == WK_ID_UNSET) {
		ck_assert_uint_eq(o.flags, WK_SF_OWN_ID);
		ck_assert_uint_ne(o.own_id, 0);
	} else {
		ck_assert_uint_eq(o.flags, 0);
		ck_assert_uint_eq(o.own_id, 0);
	}

	/* Close names the same session as open. */
	ck_assert_str_eq(c.user, o.user);
	ck_assert_str_eq(c.service, o.service);
	ck_assert_str_eq(c.tty, o.tty);
	ck_assert_int_eq(c.pid, o.pid);
	ck_assert_uint_eq(c.start_time, o.start_time);
	ck_assert_uint_eq(c.loginuid, o.loginuid);
	ck_assert_uint_eq(c.sessionid, o.sessionid);
	ck_assert_uint_eq(c.own_id, o.own_id);
	ck_assert_uint_eq(c.flags, o.flags);
}
END_TEST

START_TEST(auth_failure_reported_with_caller)
{
	static char argv[WK_ARGV_MAX];
	struct wk_authfail_report r;
	char buf[WK_REPORT_MAX + 1], exe[WK_EXE_MAX];
	const char *why = NULL;
	ssize_t len;
	struct ucred cred;
	size_t n, pos = 0;
	int fd = pamwkt_listen(sockdir);

	authenticate(SVC_AUTH, "wrong", PAM_AUTH_ERR);
	n = take(fd, buf, sizeof buf, &cred);
	assert_nothing_queued(fd);
	ck_assert_msg(wk_decode_authfail(buf, n, &r, argv, &why) == 0,
	    "authfail report rejected: %s", why);
	ck_assert_uint_eq(r.hdr.type, WK_MSG_AUTH_FAIL);
	ck_assert_str_eq(r.user, USER);
	ck_assert_str_eq(r.service, SVC_AUTH);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_int_eq(r.caller.pid, getpid());
	ck_assert_int_eq(r.caller.ppid, getppid());
	ck_assert_uint_eq(r.caller.uid, cred.uid);
	ck_assert_uint_eq(r.caller.gid, cred.gid);
	ck_assert_uint_eq(r.caller.start_time, pamwkt_start_time());
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(len, 0);
	exe[len] = '\0';
	ck_assert_str_eq(r.caller.exe, exe);
	ck_assert_uint_eq(r.caller.argc, (uint32_t)main_argc);
	for (int i = 0; i < main_argc; i++) {
		ck_assert_str_eq(argv + pos, main_argv[i]);
		pos += strlen(main_argv[i]) + 1;
	}
	ck_assert_uint_eq(r.caller.argv_len, pos);
}
END_TEST

START_TEST(auth_success_sends_nothing)
{
	int fd = pamwkt_listen(sockdir);

	authenticate(SVC_AUTH, PASSWORD, PAM_SUCCESS);
	assert_nothing_queued(fd);
}
END_TEST

START_TEST(auth_without_authfail_option_sends_nothing)
{
	int fd = pamwkt_listen(sockdir);

	authenticate(SVC_NOAUTHFAIL, "wrong", PAM_AUTH_ERR);
	assert_nothing_queued(fd);
}
END_TEST

/*
 * Bad options are logged and ignored.  pam_wrapper turns pam_syslog into
 * lines on stderr, which this test sends to a file it then reads.
 */
START_TEST(bad_options_logged_and_ignored)
{
	char log[PATH_MAX], text[8192];
	struct wk_session_report r;
	int fd = pamwkt_listen(sockdir);
	int logfd, saved;
	ssize_t n;

	pamwkt_join(log, pamwkt_top, "stderr.XXXXXX");
	logfd = mkstemp(log);
	ck_assert_int_ge(logfd, 0);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(dup2(logfd, STDERR_FILENO), STDERR_FILENO);
	open_close(SVC_BADOPT);
	ck_assert_int_eq(dup2(saved, STDERR_FILENO), STDERR_FILENO);

	n = pread(logfd, text, sizeof text - 1, 0);
	ck_assert_int_ge(n, 0);
	text[n] = '\0';
	ck_assert_msg(strstr(text, "ignoring unknown option \"frobnicate\"") !=
	    NULL, "unknown option not logged; stderr was:\n%s", text);
	ck_assert_msg(strstr(text, "\"socket_dir=relative\"") != NULL,
	    "bad socket_dir not logged; stderr was:\n%s", text);
	take_session(fd, &r);
	ck_assert_uint_eq(r.hdr.type, WK_MSG_SESSION_OPEN);
	take_session(fd, &r);
	ck_assert_uint_eq(r.hdr.type, WK_MSG_SESSION_CLOSE);
}
END_TEST

/* ------------------------------------------------------------ runner */

static Suite *
pam_wrapper_suite(void)
{
	Suite *s = suite_create("pam_wrapper");
	TCase *t = tcase_create("reports");

	tcase_add_test(t, session_open_close_reported);
	tcase_add_test(t, auth_failure_reported_with_caller);
	tcase_add_test(t, auth_success_sends_nothing);
	tcase_add_test(t, auth_without_authfail_option_sends_nothing);
	tcase_add_test(t, bad_options_logged_and_ignored);
	suite_add_tcase(s, t);
	return s;
}

/*
 * pam_wrapper copies the service files into a /tmp/pam.X directory of each
 * process that starts PAM, and removes it when that process exits normally;
 * a test process that fails leaves its copy behind.  Removes the copies of
 * this run: those whose service file names this run's directory.
 */
static void
remove_wrapper_leftovers(void)
{
	char text[4096];
	glob_t g;

	if (glob("/tmp/pam.?/" SVC_SESSION, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "re");
		size_t n;

		if (f == NULL)
			continue;
		n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
		text[n] = '\0';
		if (strstr(text, pamwkt_top) == NULL)
			continue;
		*strrchr(g.gl_pathv[i], '/') = '\0';
		pamwkt_remove_tree(g.gl_pathv[i]);
	}
	globfree(&g);
}

/* The wrapped run: the tests themselves. */
static int
run_suite(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(pam_wrapper_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * The outer run: prepares the tree, runs this binary again under
 * pam_wrapper, cleans up.  Returns the wrapped run's verdict.
 */
static int
run_wrapped(char **argv)
{
	int status = -1;
	pid_t pid;

	pamwkt_top_make();
	if (snprintf(services, sizeof services, "%s/services", pamwkt_top) >=
	    (int)sizeof services ||
	    snprintf(sockdir, sizeof sockdir, "%s/run", pamwkt_top) >=
	    (int)sizeof sockdir ||
	    mkdir(services, 0755) < 0 || mkdir(sockdir, 0755) < 0 ||
	    write_services() < 0) {
		fprintf(stderr, "cannot prepare the PAM services in %s\n",
		    pamwkt_top);
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setenv("LD_PRELOAD", PAMWK_WRAPPER_LIB, 1);
		setenv("PAM_WRAPPER", "1", 1);
		setenv("PAM_WRAPPER_SERVICE_DIR", services, 1);
		setenv(TOP_ENV, pamwkt_top, 1);
		execv("/proc/self/exe", argv);
		perror("execv");
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	remove_wrapper_leftovers();
out:
	pamwkt_top_remove();
	return status == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
main(int argc, char **argv)
{
	const char *top = getenv(TOP_ENV);

	main_argc = argc;
	main_argv = argv;
	if (top == NULL || getenv("PAM_WRAPPER") == NULL)
		return run_wrapped(argv);
	if (snprintf(pamwkt_top, sizeof pamwkt_top, "%s", top) >=
	    (int)sizeof pamwkt_top ||
	    snprintf(services, sizeof services, "%s/services", top) >=
	    (int)sizeof services ||
	    snprintf(sockdir, sizeof sockdir, "%s/run", top) >=
	    (int)sizeof sockdir)
		return EXIT_FAILURE;
	return run_suite();
}
