/*
 * How a chain (struct wk_chain_entry[]) is kept in a BLOB column: packed,
 * about a third of the fixed-size entries' bytes.  The magic "WKC1" comes
 * first; then per entry the numbers pid, ppid, start time, uid, euid and
 * login uid as unsigned LEB128 varints, then comm and args, each a length
 * byte and that many bytes (no NUL).  Stores written before version 5 of
 * the schema hold the raw entries (a multiple of their size, starting
 * with a pid, which can never read as the magic: it would be over
 * PID_MAX_LIMIT); both are read.
 */
#ifndef WHOKILLED_DAEMON_STORE_CHAIN_H
#define WHOKILLED_DAEMON_STORE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define STORE_CHAIN_MAGIC	"WKC1"
#define STORE_CHAIN_ENTRY_MAX	(2 * 5 + 10 + 3 * 5 + 2 + WK_COMM_MAX + \
				 WK_ARGS_SHORT_MAX)
#define STORE_CHAIN_PACKED_MAX	(4 + WK_CHAIN_MAX * STORE_CHAIN_ENTRY_MAX)

/* Packs n entries (at most WK_CHAIN_MAX) into out; returns the bytes. */
size_t store_chain_pack(const struct wk_chain_entry *chain, uint32_t n,
    unsigned char out[STORE_CHAIN_PACKED_MAX]);

/*
 * Reads a chain BLOB of either form into chain (WK_CHAIN_MAX entries),
 * strings NUL-terminated.  Returns the entries, or 0 for a BLOB that is
 * neither form whole (a damaged row shows no chain rather than a wrong one).
 */
uint32_t store_chain_unpack(const void *blob, size_t len,
    struct wk_chain_entry *chain);

#endif
