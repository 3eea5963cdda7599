/*
 * The session and auth halves of the module.  Session: stamp the login
 * uid, name the session, report its opening and its closing.  Auth: report
 * a failed authentication.
 *
 * Stamping follows the rule of Linux-PAM's pam_loginuid, except that a
 * login uid already set is never re-stamped: under su, sudo or a nested
 * login it names the person who logged in first, which is what whokilled
 * reports.
 */
#ifndef WHOKILLED_PAM_SESSION_H
#define WHOKILLED_PAM_SESSION_H

#include <stdint.h>

#include <security/pam_modules.h>

#include "pam_whokilled.h"

/* pam_set_data key under which open leaves the session for close. */
#define PAMWK_SESSION_DATA	"pam_whokilled_session"

/* What the kernel says about this process's audit identity. */
struct pamwk_audit_ids {
	uint32_t loginuid;	/* after stamping; WK_ID_UNSET: unset or unreadable */
	uint32_t sessionid;	/* likewise */
	uint32_t flags;		/* WK_SF_STAMPED, WK_SF_LOGINUID_REFUSED, WK_SF_NO_AUDIT */
	int error;		/* errno of the refusal or failed read, else 0 */
};

/*
 * Session open: stamps /proc/self/loginuid when it is unset (unless
 * nostamp), reads the kernel's ids back, generates an id of its own when the
 * kernel gives none, keeps the session with pam_set_data and reports it.
 * Returns PAM_SUCCESS, also when the daemon is down or the kernel refused
 * the login uid; PAM_SESSION_ERR only under require_audit when the session
 * has no login uid.
 */
int pamwk_session_open(pam_handle_t *pamh, const struct pamwk_options *o);

/*
 * Session close: reports the session kept by open (read afresh when open
 * did not run in this handle).  Always returns PAM_SUCCESS.
 */
int pamwk_session_close(pam_handle_t *pamh, const struct pamwk_options *o);

/*
 * Reports one failed authentication: the account tried, the service, the
 * remote host and user, the terminal, and the program that called PAM.
 * The stack reaches the module only when authentication failed (see
 * conf/pam.d/whokilled-authfail).  Returns PAM_IGNORE: the module never
 * changes the stack's verdict.
 */
int pamwk_authfail(pam_handle_t *pamh, const struct pamwk_options *o);

/*
 * Reads the login uid at loginuid_path (/proc/self/loginuid).  When it is
 * unset (4294967295), may_stamp is set and uid is a real uid, writes uid
 * there in decimal, as pam_loginuid does.  Then reads both ids back, the
 * session id from sessionid_path (the kernel gives a new one on stamping).
 *
 * Returns 0 when nothing went wrong: the login uid was already set, was
 * stamped (WK_SF_STAMPED), or was left unset because stamping was not
 * allowed.  Returns -1 with errno (also kept in ids->error) when the file
 * is missing (ENOENT: a kernel without audit support, WK_SF_NO_AUDIT),
 * when the write was refused (EPERM in a container, EINVAL in a user
 * namespace that does not map uid, EROFS...: WK_SF_LOGINUID_REFUSED), or
 * when the login uid could not be read at all.  ids is filled in every case.
 */
int pamwk_loginuid_stamp(const char *loginuid_path,
    const char *sessionid_path, uint32_t uid, int may_stamp,
    struct pamwk_audit_ids *ids);

/*
 * A random 64-bit session id, never 0.  getrandom without blocking; before
 * the kernel's pool is ready, a mix of the time and pid (unique, not
 * secret, is all a session id must be).
 */
uint64_t pamwk_own_session_id(void);

#endif
