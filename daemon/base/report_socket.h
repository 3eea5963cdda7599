/*
 * The report socket: a Unix datagram socket that every user may write to,
 * and that receives each datagram with its sender's kernel credentials.
 */
#ifndef WHOKILLED_DAEMON_REPORT_SOCKET_H
#define WHOKILLED_DAEMON_REPORT_SOCKET_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "whokilled/wire.h"

#define REPORT_SOCKET_MODE	0666
#define REPORT_SOCKET_RCVBUF	(4 * 1024 * 1024)
#define REPORT_SOCKET_QLEN_PATH	"/proc/sys/net/unix/max_dgram_qlen"
#define REPORT_SOCKET_QLEN_DEFAULT	10	/* the kernel's default */

/*
 * Create the report socket (non-blocking, close-on-exec, SO_PASSCRED) able
 * to queue queue_len datagrams when run as root, and bind it at sun (whose
 * file must not exist).  *depth is set to the datagrams it can queue.
 * Returns the descriptor or -1 with errno.
 */
int report_socket_open(const struct sockaddr_un *sun, unsigned queue_len,
    unsigned *depth);

/*
 * Take over a report socket made by a service manager (socket activation):
 * non-blocking, SO_PASSCRED, a large buffer.  Its queue depth is whatever
 * net.unix.max_dgram_qlen was when the manager made it: *depth gets the
 * sysctl's value now.  Returns 0 or -1 with errno.
 */
int report_socket_adopt(int fd, unsigned *depth);

/* One received datagram, and what the kernel said came with it. */
struct report_dgram {
	/* One byte more than the largest report tells a longer one. */
	union {
		union wk_report_any report;
		char raw[WK_REPORT_MAX + 1];
	} buf;
	size_t len;		/* bytes in buf (at most sizeof buf) */
	int truncated;		/* it was longer than buf */
	int have_cred;		/* the kernel attached credentials: cred */
	struct ucred cred;
};

/* Datagrams taken per system call. */
#define REPORT_BATCH_MAX	32

/*
 * Receive up to max datagrams (one recvmmsg) into d.  Returns how many,
 * or -1 with errno (EAGAIN when the socket is empty).  Descriptors a
 * sender passed are closed.
 */
int report_socket_recv_batch(int fd, struct report_dgram *d, unsigned max);

#endif
