/*
 * Failed-authentication reports.
 */
#include <errno.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "pam_authfail.h"
#include "pam_items.h"
#include "pam_log.h"
#include "pam_report.h"

int pamwk_authfail(pam_handle_t *pamh, const struct pamwk_options *o)
{
	struct wk_authfail_report r;
	struct pamwk_items it;

	pamwk_get_items(pamh, &it);
	pamwk_build_authfail(&r, &it);
	if (o->debug)
		pam_syslog(pamh, LOG_DEBUG, "failed authentication of \"%s\" "
		    "by pid %d (%s)", r.user, (int)r.caller.pid, r.caller.comm);
	if (pamwk_send(o->socket_dir, &r, sizeof r) < 0)
		pamwk_log_send_failure(pamh, o, "failed authentication", errno);
	return PAM_IGNORE;
}
