/*
 * Unix socket files of the daemon: addresses, the live-daemon check, bind
 * with a given file mode.
 */
#ifndef WHOKILLED_DAEMON_UNIX_SOCKET_H
#define WHOKILLED_DAEMON_UNIX_SOCKET_H

#include <sys/types.h>
#include <sys/un.h>

/* Fill *sun with "dir/name"; 0, or -1 with ENAMETOOLONG. */
int unix_socket_addr(struct sockaddr_un *sun, const char *dir,
    const char *name);

/*
 * 1 when something accepts stream connections at sun (a running daemon),
 * 0 when nothing does (no file, or a stale one left by a dead daemon).
 */
int unix_socket_is_live(const struct sockaddr_un *sun);

/*
 * Bind fd to sun so that the socket file gets exactly mode: the umask is
 * set around bind(), since bind() applies it and fchmod() on a socket does
 * not reach the file.  Returns 0 or -1 with errno.
 */
int unix_socket_bind(int fd, const struct sockaddr_un *sun, mode_t mode);

#endif
