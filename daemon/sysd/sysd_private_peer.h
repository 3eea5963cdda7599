/*
 * Whether a process is connected to systemd's private socket: root's
 * systemctl asks PID 1 there, not on the bus, and nothing else on a host
 * does.  Seen with sock_diag: among the process's open sockets, one whose
 * peer is bound to the path.
 */
#ifndef WHOKILLED_DAEMON_SYSD_PRIVATE_PEER_H
#define WHOKILLED_DAEMON_SYSD_PRIVATE_PEER_H

#include <stdint.h>

#define SYSD_PRIVATE_SOCKET	"/run/systemd/private"

/*
 * 1 when process pid holds a Unix socket connected to the socket bound at
 * path (compared by the file's inode and device, not by name: a name can
 * be bound again elsewhere), 0 when it holds none, or -1 with errno when
 * it cannot be told (path or the process's descriptors unreadable, no
 * sock_diag).  Looks at 256 descriptors at most.
 */
int sysd_private_peer(int32_t pid, const char *path);

#endif
