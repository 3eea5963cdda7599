/*
 * A command line into at most cap bytes: whole when it fits, else its
 * beginning and its end, whole arguments where they fit, and where the
 * rest was cut (struct wk_argv_cut).  Pure and async-signal-safe: the shim
 * calls it in its constructor, the PAM module on a cmdline it read.
 */
#ifndef WHOKILLED_ARGV_PACK_H
#define WHOKILLED_ARGV_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/*
 * Packs the n strings of argv (NULL entries are not allowed: the caller
 * counts up to the first) into out, cap bytes (at least 4), each kept
 * string NUL-terminated; *len gets the bytes used, *cut where they were
 * cut (all zero when they were not).  The head gets up to half of cap in
 * whole arguments, the tail what the head left in whole arguments, the
 * head what is left after that; an argument too long for its side keeps
 * its start (the first) or its end (the last) instead, and a single
 * argument too long for all of cap keeps both.  Returns 1 when something
 * was left out, else 0.
 */
int wk_argv_pack(char *const *argv, uint32_t n, char *out, size_t cap,
    uint32_t *len, struct wk_argv_cut *cut);

#endif
