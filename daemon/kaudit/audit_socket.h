/*
 * The audit socket: where the daemon's own auditd plugin (whokilledd
 * --audit-plugin) hands over the kernel's audit records.  A Unix
 * SOCK_SEQPACKET socket, mode 0600, in the socket directory; a connection
 * is kept only from uid 0 (SO_PEERCRED) or the daemon's own uid.  Each
 * message holds whole log lines, or "#dropped N" when the plugin had to
 * drop N lines; each connection has its own reader, so the records of one
 * plugin are never mixed with another's.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_SOCKET_H
#define WHOKILLED_DAEMON_AUDIT_SOCKET_H

#include <poll.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "audit/audit_reader.h"
#include "daemon/base/stats.h"

#define AUDIT_SOCKET_NAME	"audit.sock"
#define AUDIT_SOCKET_MODE	0600
#define AUDIT_SOCKET_CLIENTS	4
#define AUDIT_SOCKET_MSG_MAX	(64 * 1024)	/* above the plugin's largest */
#define AUDIT_SOCKET_READS	16	/* messages read per connection per turn */

struct audit_conn {
	int fd;				/* -1: free slot */
	pid_t pid;
	struct wk_audit_reader *reader;
};

struct audit_socket {
	int listen_fd;
	struct wk_audit_sink sink;
	struct wkd_counters *counters;
	struct audit_conn conns[AUDIT_SOCKET_CLIENTS];
	char *buf;			/* AUDIT_SOCKET_MSG_MAX bytes */
};

/* Create, bind (mode 0600) and listen on the audit socket; fd or -1. */
int audit_socket_listen(const struct sockaddr_un *sun);

/*
 * Serve listen_fd, handing events to sink (copied) and counting into
 * counters.  0, or -1 with errno ENOMEM.
 */
int audit_socket_init(struct audit_socket *as, int listen_fd,
    const struct wk_audit_sink *sink, struct wkd_counters *counters);

/* Fill pfd (room for 1 + AUDIT_SOCKET_CLIENTS); returns the count. */
unsigned audit_socket_pollfds(const struct audit_socket *as,
    struct pollfd *pfd);

/* Act on what poll() returned in pfd (n entries, as filled above). */
void audit_socket_handle(struct audit_socket *as, const struct pollfd *pfd,
    unsigned n);

/* Read what every connection has queued now (before a query is answered). */
void audit_socket_drain(struct audit_socket *as);

/* Hand on the events that have waited too long for their end. */
void audit_socket_age(struct audit_socket *as);

/* Whether a plugin is connected. */
int audit_socket_connected(const struct audit_socket *as);

/* Close every connection (their last events handed on) and the socket. */
void audit_socket_close(struct audit_socket *as);

#endif
