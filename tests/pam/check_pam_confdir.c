/*
 * The built pam_whokilled.so loaded by the real libpam through
 * pam_start_confdir() and a service file of the test's own: what session
 * open and close return in each situation, and what the kernel's login uid
 * looks like afterwards.  No root needed: an unset login uid may be set by
 * its own process, and the kernel's refusal comes from a user namespace
 * that does not map the uid (as in a container).  Each test runs in its own
 * forked process (CK_FORK), so a login uid stamped there dies with it.
 * The stanzas shipped in conf/pam.d/ are loaded as written, the module's
 * path and a private socket directory aside.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "pam_testlib.h"
#include "whokilled/wire.h"

#define SERVICE		"wk-confdir"
#define NOBODY		"nobody"
#define NOBODY_UID	65534u

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

/*
 * Writes the service file "session required <module> <args>" into dir and
 * runs pam_open_session (and pam_close_session when open succeeded) as
 * user, on tty /dev/pts/9 from host 192.0.2.7.  close_rc is -1 when close
 * was not run.
 */
static void
run_session(const char *dir, const char *args, const char *user,
    int *open_rc, int *close_rc)
{
	struct pam_conv conv = { no_conv, NULL };
	char line[PATH_MAX * 2];
	pam_handle_t *pamh = NULL;

	ck_assert_int_lt(snprintf(line, sizeof line, "session required %s %s\n",
	    pamwkt_module_path(), args), (int)sizeof line);
	pamwkt_write_file(dir, SERVICE, line);
	ck_assert_int_eq(pam_start_confdir(SERVICE, user, &conv, dir, &pamh),
	    PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_TTY, "/dev/pts/9"), PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_RHOST, "192.0.2.7"),
	    PAM_SUCCESS);
	*open_rc = pam_open_session(pamh, 0);
	*close_rc = -1;
	if (*open_rc == PAM_SUCCESS)
		*close_rc = pam_close_session(pamh, 0);
	pam_end(pamh, *close_rc == -1 ? *open_rc : *close_rc);
}

/* Takes one queued session report of the given type; fails the test if none. */
static void
take_session(int fd, uint16_t type, struct wk_session_report *out)
{
	char buf[WK_REPORT_MAX + 1];
	const char *why = NULL;
	struct ucred cred;
	ssize_t n;

	n = pamwkt_take(fd, buf, sizeof buf, &cred);
	ck_assert_msg(n > 0, "no session report was sent: %s", strerror(errno));
	ck_assert_msg(wk_decode_session(buf, (size_t)n, out, &why) == 0,
	    "session report rejected: %s", why);
	ck_assert_uint_eq(out->hdr.type, type);
	ck_assert_int_eq(cred.pid, getpid());
}

static void
assert_nothing_queued(int fd)
{
	char buf[WK_REPORT_MAX + 1];
	struct ucred cred;

	ck_assert_int_eq(pamwkt_take(fd, buf, sizeof buf, &cred), -1);
	ck_assert_int_eq(errno, EAGAIN);
}

/* "socket_dir=DIR" plus the other arguments. */
static void
args_with_dir(char *out, size_t size, const char *dir,
    const char *other)
{
	ck_assert_int_lt(snprintf(out, size, "%s socket_dir=%s", other, dir),
	    (int)size);
}

/*
 * Moves this process into a user namespace that maps no uid: the kernel
 * then refuses any login uid, as in a container.
 */
static void
enter_unmapped_userns(void)
{
	ck_assert_msg(unshare(CLONE_NEWUSER) == 0,
	    "unshare(CLONE_NEWUSER): %s: this test needs user namespaces",
	    strerror(errno));
	ck_assert_uint_eq(pamwkt_loginuid(), WK_ID_UNSET);
}

/* Sets this process's (unset) login uid itself, as pam_loginuid would. */
static void
set_own_loginuid(const char *uid)
{
	int fd = open("/proc/self/loginuid", O_WRONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, uid, strlen(uid)), (ssize_t)strlen(uid));
	close(fd);
}

/*
 * Writes the shipped stanza conf/pam.d/NAME into dir as service SERVICE,
 * with the built module's absolute path and "socket_dir=DIR" in place of
 * each bare "pam_whokilled.so" (reports must not reach a real daemon).
 */
static void
install_stanza(const char *name, const char *dir)
{
	static const char bare[] = "pam_whokilled.so";
	char path[PATH_MAX], top[PATH_MAX], text[16384], out[32768];
	const char *module = pamwkt_module_path();
	const char *p, *hit;
	size_t used = 0;
	FILE *f;
	size_t n;

	ck_assert_ptr_nonnull(module);
	/* The module sits at the top of the tree. */
	ck_assert_int_lt(snprintf(top, sizeof top, "%s", module), (int)sizeof top);
	*strrchr(top, '/') = '\0';
	ck_assert_int_lt(snprintf(path, sizeof path, "%s/conf/pam.d/%s", top,
	    name), (int)sizeof path);
	f = fopen(path, "re");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	for (p = text; (hit = strstr(p, bare)) != NULL; p = hit + sizeof bare - 1) {
		int w = snprintf(out + used, sizeof out - used, "%.*s%s socket_dir=%s",
		    (int)(hit - p), p, module, dir);

		ck_assert_int_lt(w, (int)(sizeof out - used));
		used += (size_t)w;
	}
	ck_assert_int_lt(snprintf(out + used, sizeof out - used, "%s", p),
	    (int)(sizeof out - used));
	ck_assert_ptr_nonnull(strstr(out, module));
	pamwkt_write_file(dir, SERVICE, out);
}

/* Takes the place of libpam's delay after a failure: the test need not wait. */
static void
no_delay(int retval, unsigned usec, void *data)
{
	(void)retval;
	(void)usec;
	(void)data;
}

/* Answers every prompt with a password no account has. */
static int
wrong_password_conv(int n, const struct pam_message **msg,
    struct pam_response **resp, void *data)
{
	struct pam_response *r = calloc((size_t)n, sizeof *r);

	(void)msg;
	(void)data;
	if (r == NULL)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++)
		r[i].resp = strdup("not-the-password");
	*resp = r;
	return PAM_SUCCESS;
}

/* ------------------------------------------------------------ tests */

START_TEST(open_close_succeed_and_report)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report open_r, close_r;
	int open_rc, close_rc, fd;

	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "nostamp");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	take_session(fd, WK_MSG_SESSION_OPEN, &open_r);
	take_session(fd, WK_MSG_SESSION_CLOSE, &close_r);
	ck_assert_str_eq(open_r.service, SERVICE);
	ck_assert_str_eq(open_r.tty, "pts/9");
	ck_assert_str_eq(open_r.rhost, "192.0.2.7");
	ck_assert_uint_eq(open_r.uid, NOBODY_UID);
	assert_nothing_queued(fd);
}
END_TEST

START_TEST(bad_options_still_succeed)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report r;
	int open_rc, close_rc, fd;

	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir,
	    "nostamp frobnicate socket_dir=relative/dir");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	/* The good options around the bad ones still hold. */
	take_session(fd, WK_MSG_SESSION_OPEN, &r);
	take_session(fd, WK_MSG_SESSION_CLOSE, &r);
}
END_TEST

START_TEST(daemon_down_still_succeeds)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	int open_rc, close_rc;

	pamwkt_mkdir(dir);
	args_with_dir(args, sizeof args, dir, "nostamp debug");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	run_session(dir, "nostamp socket_dir=/nonexistent/whokilled", NOBODY,
	    &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
}
END_TEST

START_TEST(unknown_user_still_succeeds)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report r;
	int open_rc, close_rc, fd;

	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "");
	run_session(dir, args, "no-such-user-wk", &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	take_session(fd, WK_MSG_SESSION_OPEN, &r);
	ck_assert_uint_eq(r.uid, WK_ID_UNSET);
	ck_assert_uint_eq(r.flags & WK_SF_STAMPED, 0);
}
END_TEST

START_TEST(require_audit_refused_write_fails_session)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	int open_rc, close_rc, fd;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "require_audit");
	enter_unmapped_userns();
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SESSION_ERR);
	ck_assert_uint_eq(pamwkt_loginuid(), WK_ID_UNSET);
	/* A refused session is not reported as opened. */
	assert_nothing_queued(fd);
}
END_TEST

START_TEST(refused_write_keeps_working_with_own_id)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report open_r, close_r;
	int open_rc, close_rc, fd;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "");
	enter_unmapped_userns();
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	take_session(fd, WK_MSG_SESSION_OPEN, &open_r);
	take_session(fd, WK_MSG_SESSION_CLOSE, &close_r);
	ck_assert_uint_eq(open_r.flags, WK_SF_LOGINUID_REFUSED | WK_SF_OWN_ID);
	ck_assert_uint_eq(open_r.loginuid, WK_ID_UNSET);
	ck_assert_uint_ne(open_r.own_id, 0);
	ck_assert_uint_eq(close_r.own_id, open_r.own_id);
	ck_assert_uint_eq(close_r.flags, open_r.flags);
}
END_TEST

START_TEST(nostamp_require_audit_unset_fails)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	int open_rc, close_rc;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	args_with_dir(args, sizeof args, dir, "nostamp require_audit");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SESSION_ERR);
	ck_assert_uint_eq(pamwkt_loginuid(), WK_ID_UNSET);
}
END_TEST

START_TEST(already_set_not_restamped)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report r;
	int open_rc, close_rc, fd;

	pamwkt_require_unset_loginuid();
	set_own_loginuid("4242");
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "require_audit");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	ck_assert_uint_eq(pamwkt_loginuid(), 4242);
	take_session(fd, WK_MSG_SESSION_OPEN, &r);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert_uint_eq(r.uid, NOBODY_UID);
	ck_assert_uint_eq(r.loginuid, 4242);
	ck_assert_uint_eq(r.sessionid, pamwkt_sessionid());
	ck_assert_uint_eq(r.own_id, 0);
}
END_TEST

/*
 * The real thing: this process's login uid is unset, the module stamps it
 * with the user's uid, and the kernel gives the session an id.
 */
START_TEST(unset_loginuid_is_stamped)
{
	char dir[PATH_MAX], args[PATH_MAX + 64];
	struct wk_session_report open_r, close_r;
	int open_rc, close_rc, fd;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	args_with_dir(args, sizeof args, dir, "require_audit");
	run_session(dir, args, NOBODY, &open_rc, &close_rc);
	ck_assert_int_eq(open_rc, PAM_SUCCESS);
	ck_assert_int_eq(close_rc, PAM_SUCCESS);
	ck_assert_uint_eq(pamwkt_loginuid(), NOBODY_UID);
	ck_assert_uint_ne(pamwkt_sessionid(), WK_ID_UNSET);
	take_session(fd, WK_MSG_SESSION_OPEN, &open_r);
	take_session(fd, WK_MSG_SESSION_CLOSE, &close_r);
	ck_assert_uint_eq(open_r.flags, WK_SF_STAMPED);
	ck_assert_uint_eq(open_r.loginuid, NOBODY_UID);
	ck_assert_uint_eq(open_r.sessionid, pamwkt_sessionid());
	ck_assert_uint_eq(close_r.loginuid, NOBODY_UID);
	ck_assert_uint_eq(close_r.sessionid, open_r.sessionid);
	ck_assert_uint_eq(close_r.flags, WK_SF_STAMPED);
}
END_TEST

/* The shipped su/sudo stanza reports and never stamps. */
START_TEST(shipped_su_stanza_never_stamps)
{
	struct pam_conv conv = { no_conv, NULL };
	struct wk_session_report r;
	pam_handle_t *pamh = NULL;
	char dir[PATH_MAX];
	int fd;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	install_stanza("whokilled-su", dir);
	ck_assert_int_eq(pam_start_confdir(SERVICE, "root", &conv, dir, &pamh),
	    PAM_SUCCESS);
	ck_assert_int_eq(pam_open_session(pamh, 0), PAM_SUCCESS);
	ck_assert_int_eq(pam_close_session(pamh, 0), PAM_SUCCESS);
	pam_end(pamh, PAM_SUCCESS);
	ck_assert_uint_eq(pamwkt_loginuid(), WK_ID_UNSET);
	take_session(fd, WK_MSG_SESSION_OPEN, &r);
	ck_assert_uint_eq(r.flags & WK_SF_STAMPED, 0);
	ck_assert_uint_eq(r.uid, 0);
	take_session(fd, WK_MSG_SESSION_CLOSE, &r);
}
END_TEST

/* The shipped login stanza stamps an unset login uid. */
START_TEST(shipped_session_stanza_stamps)
{
	struct pam_conv conv = { no_conv, NULL };
	struct wk_session_report r;
	pam_handle_t *pamh = NULL;
	char dir[PATH_MAX];
	int fd;

	pamwkt_require_unset_loginuid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	install_stanza("whokilled-session", dir);
	ck_assert_int_eq(pam_start_confdir(SERVICE, NOBODY, &conv, dir, &pamh),
	    PAM_SUCCESS);
	ck_assert_int_eq(pam_open_session(pamh, 0), PAM_SUCCESS);
	pam_end(pamh, PAM_SUCCESS);
	ck_assert_uint_eq(pamwkt_loginuid(), NOBODY_UID);
	take_session(fd, WK_MSG_SESSION_OPEN, &r);
	ck_assert_uint_eq(r.flags, WK_SF_STAMPED);
}
END_TEST

/*
 * The shipped auth lines: pam_unix fails (no such account), the jump is
 * not taken, pam_whokilled reports once, pam_deny fails the stack.
 */
START_TEST(shipped_authfail_stanza_reports_failure)
{
	static char argv[WK_ARGV_MAX];
	struct pam_conv conv = { wrong_password_conv, NULL };
	struct wk_authfail_report r;
	char dir[PATH_MAX], buf[WK_REPORT_MAX + 1];
	pam_handle_t *pamh = NULL;
	const char *why = NULL;
	struct ucred cred;
	ssize_t n;
	int fd;

	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	install_stanza("whokilled-authfail", dir);
	ck_assert_int_eq(pam_start_confdir(SERVICE, "no-such-user-wk", &conv,
	    dir, &pamh), PAM_SUCCESS);
	ck_assert_int_eq(pam_set_item(pamh, PAM_FAIL_DELAY, (const void *)no_delay),
	    PAM_SUCCESS);
	ck_assert_int_eq(pam_authenticate(pamh, 0), PAM_AUTH_ERR);
	pam_end(pamh, PAM_AUTH_ERR);
	n = pamwkt_take(fd, buf, sizeof buf, &cred);
	ck_assert_msg(n > 0, "no failed authentication was reported");
	ck_assert_msg(wk_decode_authfail(buf, (size_t)n, &r, argv, &why) == 0,
	    "authfail report rejected: %s", why);
	ck_assert_str_eq(r.user, "no-such-user-wk");
	ck_assert_str_eq(r.service, SERVICE);
	ck_assert_int_eq(r.caller.pid, getpid());
	assert_nothing_queued(fd);
}
END_TEST

/* ------------------------------------------------------------ runner */

static Suite *
pam_confdir_suite(void)
{
	Suite *s = suite_create("pam_confdir");
	TCase *t;

	t = tcase_create("return_codes");
	tcase_add_test(t, open_close_succeed_and_report);
	tcase_add_test(t, bad_options_still_succeed);
	tcase_add_test(t, daemon_down_still_succeeds);
	tcase_add_test(t, unknown_user_still_succeeds);
	tcase_add_test(t, require_audit_refused_write_fails_session);
	tcase_add_test(t, refused_write_keeps_working_with_own_id);
	tcase_add_test(t, nostamp_require_audit_unset_fails);
	suite_add_tcase(s, t);

	t = tcase_create("loginuid");
	tcase_add_test(t, already_set_not_restamped);
	tcase_add_test(t, unset_loginuid_is_stamped);
	suite_add_tcase(s, t);

	t = tcase_create("shipped_stanzas");
	tcase_add_test(t, shipped_su_stanza_never_stamps);
	tcase_add_test(t, shipped_session_stanza_stamps);
	tcase_add_test(t, shipped_authfail_stanza_reports_failure);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	pamwkt_top_make();
	sr = srunner_create(pam_confdir_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	pamwkt_top_remove();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
