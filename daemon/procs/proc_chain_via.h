/*
 * Where a chain of processes changed identity: the program a person went
 * through to become someone else ("via sudo", "via su").
 */
#ifndef WHOKILLED_DAEMON_PROC_CHAIN_VIA_H
#define WHOKILLED_DAEMON_PROC_CHAIN_VIA_H

#include <stdint.h>

#include "whokilled/wire.h"

/*
 * The program in chain (n entries, outermost first, killer last) at which
 * the identity changed from the login uid loginuid: the outermost of the
 * entries nearest the killer whose effective uid is not loginuid, when
 * one further out has it.  NULL when none (no change, loginuid unset, or
 * the chain does not reach back to the login's own processes).
 */
const char *proc_chain_via(const struct wk_chain_entry *chain, uint32_t n,
    uint32_t loginuid);

#endif
