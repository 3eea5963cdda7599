/*
 * pam_whokilled.so: the entry points PAM calls and the module's arguments.
 * Each entry point parses the arguments and hands over to the session or
 * authfail code (pam_session.c).
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "pam_session.h"
#include "pam_whokilled.h"

/* Built with -fvisibility=hidden: only these four are exported. */
#define PAMWK_EXPORT	__attribute__((visibility("default")))

#define SOCKET_DIR_PREFIX	"socket_dir="

void
pamwk_options_init(struct pamwk_options *o)
{
	memset(o, 0, sizeof *o);
	memcpy(o->socket_dir, WK_DEFAULT_SOCKET_DIR,
	    sizeof WK_DEFAULT_SOCKET_DIR);
}

/* Takes DIR of "socket_dir=DIR": absolute and short enough, else -1. */
static int
apply_socket_dir(struct pamwk_options *o, const char *dir)
{
	size_t len = strlen(dir);

	if (len == 0 || dir[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	if (len > WK_SOCKET_DIR_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(o->socket_dir, dir, len + 1);
	return 0;
}

int
pamwk_option_apply(struct pamwk_options *o, const char *arg)
{
	if (strcmp(arg, "debug") == 0)
		o->debug = 1;
	else if (strcmp(arg, "authfail") == 0)
		o->authfail = 1;
	else if (strcmp(arg, "nostamp") == 0)
		o->nostamp = 1;
	else if (strcmp(arg, "require_audit") == 0)
		o->require_audit = 1;
	else if (strncmp(arg, SOCKET_DIR_PREFIX,
	    sizeof SOCKET_DIR_PREFIX - 1) == 0)
		return apply_socket_dir(o, arg + sizeof SOCKET_DIR_PREFIX - 1);
	else {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * Fills o from the module's argc/argv.  Each rejected argument is logged
 * (LOG_ERR) and ignored: a typo in a PAM file must not lock anyone out.
 */
static void
parse_options(pam_handle_t *pamh, int argc, const char **argv,
    struct pamwk_options *o)
{
	pamwk_options_init(o);
	for (int i = 0; i < argc; i++) {
		if (argv[i] == NULL)
			continue;
		if (pamwk_option_apply(o, argv[i]) == 0)
			continue;
		if (strncmp(argv[i], SOCKET_DIR_PREFIX,
		    sizeof SOCKET_DIR_PREFIX - 1) == 0)
			pam_syslog(pamh, LOG_ERR, "ignoring \"%s\": socket_dir "
			    "must be an absolute path of at most %d bytes",
			    argv[i], WK_SOCKET_DIR_MAX);
		else
			pam_syslog(pamh, LOG_ERR, "ignoring unknown option "
			    "\"%s\"", argv[i]);
	}
}

PAMWK_EXPORT int
pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	parse_options(pamh, argc, argv, &o);
	return pamwk_session_open(pamh, &o);
}

PAMWK_EXPORT int
pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	parse_options(pamh, argc, argv, &o);
	return pamwk_session_close(pamh, &o);
}

/* Reports a failure with "authfail"; otherwise (and always) stays neutral. */
PAMWK_EXPORT int
pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	struct pamwk_options o;

	(void)flags;
	parse_options(pamh, argc, argv, &o);
	if (!o.authfail)
		return PAM_IGNORE;
	return pamwk_authfail(pamh, &o);
}

/* The module sets no credentials. */
PAMWK_EXPORT int
pam_sm_setcred(pam_handle_t *pamh, int flags, int argc,
    const char **argv)
{
	(void)pamh;
	(void)flags;
	(void)argc;
	(void)argv;
	return PAM_IGNORE;
}
