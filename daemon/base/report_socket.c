/*
 * The report socket: creation with a deep enough queue, and one receive.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "report_socket.h"
#include "unix_socket.h"

/* Read a number from a sysctl file; 0 or -1 with errno. */
static int
sysctl_read(const char *path, unsigned *out)
{
	char buf[32];
	unsigned long v;
	ssize_t n;
	char *end;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	saved = errno;
	close(fd);
	if (n <= 0) {
		errno = n == 0 ? EINVAL : saved;
		return -1;
	}
	buf[n] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno != 0 || end == buf || v > 0x7fffffffUL) {
		errno = EINVAL;
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* Write a number to a sysctl file; 0 or -1 with errno. */
static int
sysctl_write(const char *path, unsigned v)
{
	char buf[32];
	ssize_t n;
	int fd, len, saved;

	len = snprintf(buf, sizeof buf, "%u\n", v);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = write(fd, buf, (size_t)len);
	saved = errno;
	/* write() sets the value; close() of a /proc file reports nothing. */
	close(fd);
	if (n != len) {
		errno = n == -1 ? saved : EIO;
		return -1;
	}
	return 0;
}

/*
 * Create the datagram socket with a receive queue of queue_len datagrams.
 *
 * A Unix datagram socket's queue is not bounded by SO_RCVBUF: the kernel
 * refuses a datagram (EAGAIN to a non-blocking sender) once the receiver
 * holds more than sk_max_ack_backlog of them, and that limit is copied from
 * the sysctl net.unix.max_dgram_qlen -- 10 by default -- when the socket is
 * CREATED.  A dozen killers at once would overflow it.  (The bytes queued
 * are charged to each sender's SO_SNDBUF, which bounds one sender only.)  So, as root, the
 * sysctl is raised to queue_len around socket() and put back at once;
 * sockets other programs create in that instant get a deeper queue, which
 * is harmless.  When that fails (not root, a read-only /proc/sys in a
 * container) the socket keeps the system's depth and the daemon goes on.
 */
static int
create_with_queue_len(unsigned queue_len, unsigned *depth)
{
	const int type = SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK;
	unsigned old;
	int fd, saved;

	if (sysctl_read(REPORT_SOCKET_QLEN_PATH, &old) == -1) {
		log_warn("%s", REPORT_SOCKET_QLEN_PATH);
		old = REPORT_SOCKET_QLEN_DEFAULT;
	}
	*depth = old;
	if (geteuid() != 0) {
		log_debug("not root: the report queue holds %u datagrams", old);
		return socket(AF_UNIX, type, 0);
	}
	if (old >= queue_len) {
		log_debug("report queue: max_dgram_qlen is already %u", old);
		return socket(AF_UNIX, type, 0);
	}
	if (sysctl_write(REPORT_SOCKET_QLEN_PATH, queue_len) == -1) {
		log_warn("cannot raise %s to %u; the report queue holds %u",
		    REPORT_SOCKET_QLEN_PATH, queue_len, old);
		return socket(AF_UNIX, type, 0);
	}
	fd = socket(AF_UNIX, type, 0);
	if (fd != -1)
		*depth = queue_len;
	saved = errno;
	if (sysctl_write(REPORT_SOCKET_QLEN_PATH, old) == -1)
		log_warn("cannot restore %s to %u", REPORT_SOCKET_QLEN_PATH,
		    old);
	else
		log_debug("report queue: %u datagrams (max_dgram_qlen %u -> "
		    "%u -> %u)", queue_len, old, queue_len, old);
	errno = saved;
	return fd;
}

int
report_socket_adopt(int fd, unsigned *depth)
{
	int on = 1, size = REPORT_SOCKET_RCVBUF;
	int flags = fcntl(fd, F_GETFL);

	/* Made by the service manager: its depth is the sysctl's then. */
	if (sysctl_read(REPORT_SOCKET_QLEN_PATH, depth) == -1)
		*depth = REPORT_SOCKET_QLEN_DEFAULT;
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) == -1 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == -1)
		log_debug("report socket: SO_RCVBUF: %s", strerror(errno));
	return 0;
}

int
report_socket_open(const struct sockaddr_un *sun, unsigned queue_len,
    unsigned *depth)
{
	int fd, on = 1, size = REPORT_SOCKET_RCVBUF, saved;

	fd = create_with_queue_len(queue_len, depth);
	if (fd == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == -1)
		goto fail;
	/*
	 * SO_RCVBUFFORCE passes the rmem_max cap but needs CAP_NET_ADMIN.
	 * Today's kernels bound a Unix datagram queue by its length and the
	 * senders' buffers, not by this one, so a smaller one is no error.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof size) == -1 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == -1)
		log_debug("report socket: SO_RCVBUF: %s", strerror(errno));
	if (unix_socket_bind(fd, sun, REPORT_SOCKET_MODE) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Close any descriptors a sender passed with SCM_RIGHTS. */
static void
close_passed_fds(struct cmsghdr *cm)
{
	size_t i, n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	int fd;

	for (i = 0; i < n; i++) {
		memcpy(&fd, CMSG_DATA(cm) + i * sizeof fd, sizeof fd);
		close(fd);
	}
}

/* What the kernel attached to one datagram: credentials, passed fds. */
static void
read_control(struct msghdr *msg, struct report_dgram *d)
{
	struct cmsghdr *cm;

	d->have_cred = 0;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SCM_CREDENTIALS &&
		    cm->cmsg_len == CMSG_LEN(sizeof d->cred)) {
			memcpy(&d->cred, CMSG_DATA(cm), sizeof d->cred);
			d->have_cred = 1;
		} else if (cm->cmsg_type == SCM_RIGHTS) {
			close_passed_fds(cm);
		}
	}
}

int
report_socket_recv_batch(int fd, struct report_dgram *d, unsigned max)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} control[REPORT_BATCH_MAX];
	struct iovec iov[REPORT_BATCH_MAX];
	struct mmsghdr msgs[REPORT_BATCH_MAX];
	unsigned i;
	int n;

	if (max > REPORT_BATCH_MAX)
		max = REPORT_BATCH_MAX;
	memset(msgs, 0, max * sizeof msgs[0]);
	for (i = 0; i < max; i++) {
		iov[i].iov_base = d[i].buf.raw;
		iov[i].iov_len = sizeof d[i].buf.raw;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_control = control[i].buf;
		msgs[i].msg_hdr.msg_controllen = sizeof control[i].buf;
	}
	n = recvmmsg(fd, msgs, max, MSG_DONTWAIT | MSG_TRUNC |
	    MSG_CMSG_CLOEXEC, NULL);
	if (n <= 0)
		return n;
	for (i = 0; i < (unsigned)n; i++) {
		d[i].len = msgs[i].msg_len;
		d[i].truncated = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ||
		    d[i].len > sizeof d[i].buf.raw;
		if (d[i].truncated)
			d[i].len = sizeof d[i].buf.raw;
		read_control(&msgs[i].msg_hdr, &d[i]);
	}
	return n;
}
