/*
 * The module's arguments, as written after pam_whokilled.so in a PAM stack.
 */
#ifndef WHOKILLED_PAM_OPTIONS_H
#define WHOKILLED_PAM_OPTIONS_H

#include <security/pam_modules.h>

#include "whokilled/wire.h"

struct pamwk_options {
	int debug;		/* log each step at LOG_DEBUG */
	int authfail;		/* auth: report a failed authentication */
	int nostamp;		/* never write /proc/self/loginuid */
	int require_audit;	/* session: fail unless loginuid is set */
	char socket_dir[WK_SOCKET_DIR_MAX + 1];	/* where report.sock lives */
};

/* Sets every option to its default: all off, the default socket directory. */
void pamwk_options_init(struct pamwk_options *o);

/*
 * Applies one argument ("debug", "socket_dir=/run/x"...) to o.  Returns 0,
 * or -1 with errno: EINVAL for an unknown argument or a socket_dir that is
 * empty or not absolute, ENAMETOOLONG for one longer than WK_SOCKET_DIR_MAX.
 * A rejected argument leaves o unchanged.
 */
int pamwk_option_apply(struct pamwk_options *o, const char *arg);

/*
 * Fills o from the module's argc/argv.  Each rejected argument is logged
 * (LOG_ERR) and ignored: a typo in a PAM file must not lock anyone out.
 */
void pamwk_options_parse(pam_handle_t *pamh, int argc, const char **argv,
    struct pamwk_options *o);

#endif
