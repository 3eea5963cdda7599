/*
 * Sockets handed over by a service manager (systemd's socket activation:
 * LISTEN_PID, LISTEN_FDS, descriptors from 3 on), so reports sent while the
 * daemon restarts wait in the socket instead of being lost.
 */
#ifndef WHOKILLED_DAEMON_LISTEN_FDS_H
#define WHOKILLED_DAEMON_LISTEN_FDS_H

#include <sys/un.h>

/* The daemon's sockets among those passed; -1 where none was. */
struct listen_fds {
	int report;	/* SOCK_DGRAM bound to report_path */
	int query;	/* SOCK_STREAM bound to query_path */
	int passed;	/* how many descriptors were passed in all */
};

/*
 * Takes the descriptors passed to this process, when LISTEN_PID names it:
 * marks them close-on-exec, unsets the LISTEN_* variables (children must
 * not take them again) and picks out the report and query sockets by type
 * and bound path.  Passed descriptors that are neither are closed.
 * Returns 0 (lfds->passed == 0 when nothing was passed), or -1 with errno
 * when LISTEN_FDS is malformed.
 */
int listen_fds_take(const struct sockaddr_un *report_path,
    const struct sockaddr_un *query_path, struct listen_fds *lfds);

#endif
