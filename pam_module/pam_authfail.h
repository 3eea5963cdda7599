/*
 * The auth half of the module: report a failed authentication.
 */
#ifndef WHOKILLED_PAM_AUTHFAIL_H
#define WHOKILLED_PAM_AUTHFAIL_H

#include <security/pam_modules.h>

#include "pam_options.h"

/*
 * Reports one failed authentication: the account tried, the service, the
 * remote host and user, the terminal, and the program that called PAM.
 * The stack reaches the module only when authentication failed (see
 * conf/pam.d/whokilled-authfail).  Returns PAM_IGNORE: the module never
 * changes the stack's verdict.
 */
int pamwk_authfail(pam_handle_t *pamh, const struct pamwk_options *o);

#endif
