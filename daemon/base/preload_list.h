/*
 * Whether the dynamic loader preloads the shim into every program: a
 * word of /etc/ld.so.preload (words are separated by blanks, newlines and
 * colons, as ld.so reads them) whose file name is libwhokilled.so.  A
 * word starting with "#" begins a comment that runs to the end of its
 * line (ld.so would fail to load such a name, so it preloads nothing).
 * Without that line only programs started with LD_PRELOAD are watched,
 * and setuid programs (su, sudo) drop LD_PRELOAD.
 */
#ifndef WHOKILLED_DAEMON_PRELOAD_LIST_H
#define WHOKILLED_DAEMON_PRELOAD_LIST_H

#include <stddef.h>

#define PRELOAD_LIST_PATH	"/etc/ld.so.preload"
#define PRELOAD_LIST_SHIM	"libwhokilled.so"

/* Whether text (len bytes, NULs included) names the shim.  Pure. */
int preload_list_names_shim(const char *text, size_t len);

/*
 * The file at path: 1 it names the shim, 0 it does not (or there is no
 * such file), -1 (errno) it could not be read.  Reads at most 64 KiB.
 */
int preload_list_check(const char *path);

#endif
