/*
 * pam_whokilled.so: the entry points PAM calls.  Each parses the module's
 * arguments and hands over to the session or authfail code.
 */
#include <security/pam_modules.h>

#include "pam_authfail.h"
#include "pam_options.h"
#include "pam_session.h"

/* Built with -fvisibility=hidden: only these four are exported. */
#define PAMWK_EXPORT	__attribute__((visibility("default")))

PAMWK_EXPORT int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	pamwk_options_parse(pamh, argc, argv, &o);
	return pamwk_session_open(pamh, &o);
}

PAMWK_EXPORT int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	pamwk_options_parse(pamh, argc, argv, &o);
	return pamwk_session_close(pamh, &o);
}

/* Reports a failure with "authfail"; otherwise (and always) stays neutral. */
PAMWK_EXPORT int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	pamwk_options_parse(pamh, argc, argv, &o);
	if (!o.authfail)
		return PAM_IGNORE;
	return pamwk_authfail(pamh, &o);
}

/* The module sets no credentials. */
PAMWK_EXPORT int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_IGNORE;
}
