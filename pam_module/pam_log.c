/*
 * Logging of reports that could not be sent.
 */
#include <errno.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "pam_log.h"

void pamwk_log_send_failure(pam_handle_t *pamh, const struct pamwk_options *o,
    const char *what, int error)
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
