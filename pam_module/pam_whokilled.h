/*
 * pam_whokilled.so: the module's arguments, as written after its name in a
 * PAM stack, parsed by its entry points (pam_whokilled.c).  The four
 * pam_sm_* are all the module exports (pam_whokilled.map).
 */
#ifndef WHOKILLED_PAM_WHOKILLED_H
#define WHOKILLED_PAM_WHOKILLED_H

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

#endif
