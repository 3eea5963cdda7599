/*
 * What could explain a death by a signal no recorded process sent: the
 * blind spots the daemon names in the death frame (wk_death.sight) --
 * no kernel kill rule (static binaries and raw syscalls), the shim only
 * in LD_PRELOAD (setuid programs drop it), another pid namespace, the
 * daemon not running for part of the process's life -- and the kernel
 * itself, which sends some signals on its own.
 */
#ifndef WHOKILLED_CLI_FORMAT_BLIND_H
#define WHOKILLED_CLI_FORMAT_BLIND_H

#include <stddef.h>
#include <stdio.h>

#include "whokilled/wire.h"

#define CLI_BLIND_MAX		6	/* blind spots one death names at most */
#define CLI_BLIND_TEXT_MAX	192

struct cli_blind_spot {
	const char *id;		/* "no_kill_rules", "kernel"...: for JSON */
	char text[CLI_BLIND_TEXT_MAX];
};

/*
 * The blind spots of d into out (at most max), most telling first; 0
 * when d names none (it is not a death by an unsent signal, or comes
 * from a daemon that does not say: WK_SEE_TOLD unset).
 */
unsigned cli_blind_spots(const struct wk_death *d, struct cli_blind_spot *out,
    unsigned max);

/* "  blind spots that could explain it:" and one indented line each. */
void cli_text_blind_spots(FILE *out, const struct wk_death *d);

/*
 * The kernel's audit rules as --stats says them: "loaded", "not loaded
 * (...)"...; json: the short form ("loaded", "not_loaded", "partial",
 * "audit_disabled", "unknown").
 */
const char *cli_blind_rules(uint32_t sight, int json);

#endif
