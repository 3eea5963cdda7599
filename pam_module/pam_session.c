/*
 * Session open and close, the login uid stamping they start with, and the
 * failed-authentication report.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modutil.h>

#include "pam_report.h"
#include "pam_session.h"

/* ------------------------------------------------------------ login uid */

/*
 * Writes uid in decimal to path, emptying the file first (a no-op for the
 * /proc file, needed for a regular one).  Returns 0, or -1 with errno.
 * The kernel acts on the write itself, so the close cannot undo or fail it;
 * its result is ignored.
 */
static int
write_uid(const char *path, uint32_t uid)
{
	char text[16];
	int len = snprintf(text, sizeof text, "%u", (unsigned)uid);
	int rc = -1;
	ssize_t n;
	int saved;
	int fd;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, 0) < 0)
		goto out;
	do
		n = write(fd, text, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		goto out;
	if (n != len) {
		errno = EIO;
		goto out;
	}
	rc = 0;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
pamwk_loginuid_stamp(const char *loginuid_path,
    const char *sessionid_path, uint32_t uid, int may_stamp,
    struct pamwk_audit_ids *ids)
{
	uint32_t before;
	int rc = 0;

	memset(ids, 0, sizeof *ids);
	ids->loginuid = WK_ID_UNSET;
	ids->sessionid = WK_ID_UNSET;
	if (pamwk_read_id(loginuid_path, &before) < 0) {
		if (errno == ENOENT)
			ids->flags |= WK_SF_NO_AUDIT;
		rc = -1;
		ids->error = errno;
		goto done;
	}
	if (before == WK_ID_UNSET && may_stamp && uid != WK_ID_UNSET) {
		if (write_uid(loginuid_path, uid) == 0) {
			ids->flags |= WK_SF_STAMPED;
		} else {
			ids->flags |= WK_SF_LOGINUID_REFUSED;
			rc = -1;
			ids->error = errno;
		}
	}
	if (pamwk_read_id(loginuid_path, &ids->loginuid) < 0)
		ids->loginuid = WK_ID_UNSET;
done:
	/* The session id only names a session; unreadable, it stays unset. */
	if (pamwk_read_id(sessionid_path, &ids->sessionid) < 0)
		ids->sessionid = WK_ID_UNSET;
	if (rc < 0)
		errno = ids->error;
	return rc;
}

/* ------------------------------------------------------------ session */

/* splitmix64's finaliser: spreads the bits of a weak seed over all 64. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

uint64_t
pamwk_own_session_id(void)
{
	struct timespec ts = { 0, 0 };
	uint64_t id = 0;

	if (getrandom(&id, sizeof id, GRND_NONBLOCK) != (ssize_t)sizeof id) {
		/* Cannot fail for CLOCK_REALTIME; a zero time still mixes the pid. */
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		id = mix64((uint64_t)ts.tv_sec * 1000000000ull +
		    (uint64_t)ts.tv_nsec) ^ mix64((uint64_t)getpid());
	}
	return id != 0 ? id : 1;
}

/* Frees the session kept by pam_set_data when the handle ends. */
static void
free_session(pam_handle_t *pamh, void *data, int error_status)
{
	(void)pamh;
	(void)error_status;
	free(data);
}

/* The process's own pid, parent and start time into s. */
static void
read_self(struct pamwk_session *s)
{
	struct wk_procstat st;

	s->pid = (int32_t)getpid();
	s->ppid = (int32_t)getppid();
	if (pamwk_read_stat(PAMWK_PROC_STAT, &st) == 0)
		s->start_time = st.start_time;
}

/* The user's uid, WK_ID_UNSET (and a LOG_ERR line) when it has none. */
static uint32_t
user_uid(pam_handle_t *pamh, const char *user)
{
	const struct passwd *pw;

	if (user == NULL || user[0] == '\0') {
		pam_syslog(pamh, LOG_ERR, "no user name in this PAM session");
		return WK_ID_UNSET;
	}
	errno = 0;
	pw = pam_modutil_getpwnam(pamh, user);
	if (pw == NULL) {
		/* Not found is no error to getpwnam_r: say what it means. */
		if (errno == 0)
			errno = ENOENT;
		pam_syslog(pamh, LOG_ERR, "cannot look up user \"%s\": %m",
		    user);
		return WK_ID_UNSET;
	}
	return (uint32_t)pw->pw_uid;
}

/*
 * Logs a failed send of what ("session open"...) with its errno: at
 * LOG_DEBUG only (with the debug option) when no daemon listens, a normal
 * state on a machine that does not run whokilledd; at LOG_NOTICE otherwise
 * (a full queue, a wrong socket_dir...).
 */
static void
log_send_failure(pam_handle_t *pamh,
    const struct pamwk_options *o, const char *what, int error)
{
	if (error == ENOENT || error == ECONNREFUSED) {
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "%s not reported: whokilledd "
			    "does not listen in %s", what, o->socket_dir);
		return;
	}
	errno = error;
	pam_syslog(pamh, LOG_NOTICE, "%s not reported to whokilledd in %s: %m",
	    what, o->socket_dir);
}

/* Says once, at LOG_NOTICE, why the session is named by an id of its own. */
static void
log_stamp_trouble(pam_handle_t *pamh,
    const struct pamwk_audit_ids *ids, uint32_t uid)
{
	errno = ids->error;
	if (ids->flags & WK_SF_NO_AUDIT)
		pam_syslog(pamh, LOG_NOTICE, "no kernel audit support (%s: %m); "
		    "the session is named by an id of its own",
		    PAMWK_PROC_LOGINUID);
	else if (ids->flags & WK_SF_LOGINUID_REFUSED)
		pam_syslog(pamh, LOG_NOTICE, "the kernel refused login uid %u "
		    "(%s: %m); the session is named by an id of its own",
		    (unsigned)uid, PAMWK_PROC_LOGINUID);
	else
		pam_syslog(pamh, LOG_NOTICE, "cannot read %s: %m; the session "
		    "is named by an id of its own", PAMWK_PROC_LOGINUID);
}

/* Keeps a copy of s for close; without memory, close reads afresh. */
static void
keep_session(pam_handle_t *pamh, const struct pamwk_session *s)
{
	struct pamwk_session *copy = malloc(sizeof *copy);

	if (copy == NULL) {
		pam_syslog(pamh, LOG_ERR, "out of memory: the session close "
		    "will not carry this session's own id");
		return;
	}
	*copy = *s;
	if (pam_set_data(pamh, PAMWK_SESSION_DATA, copy, free_session) !=
	    PAM_SUCCESS) {
		pam_syslog(pamh, LOG_ERR, "cannot keep the session for close");
		free(copy);
	}
}

int
pamwk_session_open(pam_handle_t *pamh, const struct pamwk_options *o)
{
	struct wk_session_report r;
	struct pamwk_audit_ids ids;
	struct pamwk_session s;
	struct pamwk_items it;

	memset(&s, 0, sizeof s);
	pamwk_get_items(pamh, &it);
	s.uid = user_uid(pamh, it.user);
	if (pamwk_loginuid_stamp(PAMWK_PROC_LOGINUID, PAMWK_PROC_SESSIONID,
	    s.uid, !o->nostamp, &ids) < 0)
		log_stamp_trouble(pamh, &ids, s.uid);
	s.loginuid = ids.loginuid;
	s.sessionid = ids.sessionid;
	s.flags = ids.flags;
	if (o->require_audit && s.loginuid == WK_ID_UNSET) {
		pam_syslog(pamh, LOG_ERR, "require_audit: this session has no "
		    "login uid; refusing it");
		return PAM_SESSION_ERR;
	}
	if ((s.flags & (WK_SF_NO_AUDIT | WK_SF_LOGINUID_REFUSED)) ||
	    s.sessionid == WK_ID_UNSET) {
		s.own_id = pamwk_own_session_id();
		s.flags |= WK_SF_OWN_ID;
	}
	read_self(&s);
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "session open: uid %u loginuid %u%s "
		    "sessionid %u own id %016llx", (unsigned)s.uid,
		    (unsigned)s.loginuid,
		    (s.flags & WK_SF_STAMPED) ? " (stamped)" : "",
		    (unsigned)s.sessionid, (unsigned long long)s.own_id);
	keep_session(pamh, &s);
	pamwk_build_session(&r, WK_MSG_SESSION_OPEN, &s, &it);
	if (pamwk_send(o->socket_dir, &r, sizeof r, NULL, 0) < 0)
		log_send_failure(pamh, o, "session open", errno);
	return PAM_SUCCESS;
}

int
pamwk_session_close(pam_handle_t *pamh, const struct pamwk_options *o)
{
	struct wk_session_report r;
	struct pamwk_audit_ids ids;
	const void *kept = NULL;
	struct pamwk_session s;
	struct pamwk_items it;

	pamwk_get_items(pamh, &it);
	if (pam_get_data(pamh, PAMWK_SESSION_DATA, &kept) == PAM_SUCCESS &&
	    kept != NULL) {
		memcpy(&s, kept, sizeof s);
	} else {
		/* Open ran elsewhere (or not at all): report what is true now. */
		memset(&s, 0, sizeof s);
		s.uid = user_uid(pamh, it.user);
		/* Only reads here; a failure is already in ids->flags. */
		(void)pamwk_loginuid_stamp(PAMWK_PROC_LOGINUID,
		    PAMWK_PROC_SESSIONID, s.uid, 0, &ids);
		s.loginuid = ids.loginuid;
		s.sessionid = ids.sessionid;
		s.flags = ids.flags;
		read_self(&s);
		if (o->debug)
			pam_syslog(pamh, LOG_DEBUG, "session close without an "
			    "open in this handle");
	}
	if (o->debug && s.pid != (int32_t)getpid())
		pam_syslog(pamh, LOG_DEBUG, "session opened by pid %d is "
		    "closed by pid %d", (int)s.pid, (int)getpid());
	pamwk_build_session(&r, WK_MSG_SESSION_CLOSE, &s, &it);
	if (pamwk_send(o->socket_dir, &r, sizeof r, NULL, 0) < 0)
		log_send_failure(pamh, o, "session close", errno);
	return PAM_SUCCESS;
}

/* ------------------------------------------------------------ authfail */

int
pamwk_authfail(pam_handle_t *pamh, const struct pamwk_options *o)
{
	struct wk_authfail_report r;
	struct pamwk_items it;
	char *argv;

	/* The program's command line, up to WK_ARGV_MAX: off the stack. */
	argv = malloc(WK_ARGV_MAX);
	if (argv == NULL) {
		log_send_failure(pamh, o, "failed authentication", errno);
		return PAM_IGNORE;
	}
	pamwk_get_items(pamh, &it);
	pamwk_build_authfail(&r, argv, &it);
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "failed authentication of \"%s\" "
		    "by pid %d (%s)", r.user, (int)r.caller.pid, r.caller.comm);
	if (pamwk_send(o->socket_dir, &r, sizeof r, argv,
	    r.caller.argv_len) < 0)
		log_send_failure(pamh, o, "failed authentication", errno);
	free(argv);
	return PAM_IGNORE;
}
