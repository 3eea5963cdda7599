/*
 * What the module asks PAM and the user database about the login.
 */
#ifndef WHOKILLED_PAM_ITEMS_H
#define WHOKILLED_PAM_ITEMS_H

#include <stdint.h>

#include <security/pam_modules.h>

#include "pam_report.h"

/*
 * Reads PAM_USER, PAM_SERVICE, PAM_TTY, PAM_RHOST and PAM_RUSER into it;
 * an unset item is NULL.  Never prompts (PAM_USER is read as an item, not
 * through pam_get_user).  The strings belong to PAM and stay valid until
 * the item is changed.
 */
void pamwk_get_items(pam_handle_t *pamh, struct pamwk_items *it);

/*
 * Looks user up with getpwnam_r.  Returns 0 with *uid, or -1 with errno
 * (ENOENT when there is no such user).
 */
int pamwk_lookup_uid(const char *user, uint32_t *uid);

#endif
