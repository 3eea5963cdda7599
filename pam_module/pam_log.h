/*
 * How the module tells the administrator that a report did not go out.
 */
#ifndef WHOKILLED_PAM_LOG_H
#define WHOKILLED_PAM_LOG_H

#include <security/pam_modules.h>

#include "pam_options.h"

/*
 * Logs a failed send of what ("session open"...) with its errno: at
 * LOG_DEBUG only (with the debug option) when no daemon listens, a normal
 * state on a machine that does not run whokilledd; at LOG_NOTICE otherwise
 * (a full queue, a wrong socket_dir...).
 */
void pamwk_log_send_failure(pam_handle_t *pamh, const struct pamwk_options *o,
    const char *what, int error);

#endif
