/*
 * The program at which a chain's identity changed.
 */
#include <stddef.h>

#include "proc_chain_via.h"

const char *
proc_chain_via(const struct wk_chain_entry *chain, uint32_t n,
    uint32_t loginuid)
{
	uint32_t i;

	if (loginuid == WK_ID_UNSET || n == 0 || n > WK_CHAIN_MAX)
		return NULL;
	i = n;
	while (i > 0 && chain[i - 1].euid != loginuid)
		i--;
	/* chain[i - 1] is the login's own; from chain[i] on it changed. */
	if (i == 0 || i == n)
		return NULL;
	return chain[i].comm;
}
