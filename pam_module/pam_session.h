/*
 * The session half of the module: stamp the login uid, name the session,
 * report its opening and its closing.
 */
#ifndef WHOKILLED_PAM_SESSION_H
#define WHOKILLED_PAM_SESSION_H

#include <stdint.h>

#include <security/pam_modules.h>

#include "pam_options.h"

/* pam_set_data key under which open leaves the session for close. */
#define PAMWK_SESSION_DATA	"pam_whokilled_session"

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
 * A random 64-bit session id, never 0.  getrandom without blocking; before
 * the kernel's pool is ready, a mix of the time and pid (unique, not
 * secret, is all a session id must be).
 */
uint64_t pamwk_own_session_id(void);

#endif
