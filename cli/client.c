/*
 * Client end of the query socket.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

_Static_assert(CLI_PATH_MAX == sizeof(((struct sockaddr_un *)0)->sun_path),
    "CLI_PATH_MAX is sun_path");

int
cli_query_path(const char *dir, char *buf, size_t size)
{
	int n;

	if (strlen(dir) > WK_SOCKET_DIR_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	n = snprintf(buf, size, "%s/%s", dir, WK_QUERY_SOCKET);
	if (n < 0 || (size_t)n >= size || (size_t)n >= CLI_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
cli_connect(const char *path, int timeout_ms)
{
	struct sockaddr_un sa;
	struct timeval tv;
	int fd, saved;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	/* A Unix stream connect waits on a full backlog for the send timeout. */
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == -1)
		goto out;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		if (errno == EAGAIN || errno == EINPROGRESS)
			errno = ETIMEDOUT;
		goto out;
	}
	return fd;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
cli_send_query(int fd, const struct wk_query *q, int timeout_ms)
{
	const char *p = (const char *)q;
	size_t left = sizeof *q;
	int64_t deadline = monotonic_ms() + timeout_ms;

	while (left > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int64_t wait = deadline - monotonic_ms();
		ssize_t n;

		if (wait <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&pfd, 1, (int)wait);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			continue;
		n = send(fd, p, left, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/*
 * Reads exactly len bytes before the deadline (-1: none; then a signal
 * ends the wait, with EINTR).  Returns 0, or -1 with errno: ECONNRESET
 * at end of file, ETIMEDOUT, EINTR, or the read's own.
 */
static int
read_full(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;

	while (len > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t wait = deadline == -1 ? -1 : deadline - monotonic_ms();
		ssize_t n;

		if (deadline != -1 && wait <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&pfd, 1, (int)wait);
		if (n == -1 && errno == EINTR && deadline == -1)
			return -1;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			continue;
		n = recv(fd, p, len, MSG_DONTWAIT);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = ECONNRESET;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* What went wrong, for an errno left by read_full. */
static const char *
read_failure(int err)
{
	if (err == ECONNRESET)
		return "connection closed before the end of the reply";
	if (err == ETIMEDOUT)
		return "no reply in time";
	if (err == EINTR)
		return "interrupted";
	return "cannot read the reply";
}

int
cli_read_frame(int fd, void *buf, size_t size, int timeout_ms,
    uint16_t *type, size_t *len, const char **why)
{
	int64_t deadline = timeout_ms < 0 ? -1 : monotonic_ms() + timeout_ms;
	const size_t hdr = sizeof(struct wk_reply_header);
	uint32_t frame;

	*why = NULL;
	if (size < WK_REPLY_MAX) {
		errno = EINVAL;
		*why = "receive buffer too small";
		return -1;
	}
	if (read_full(fd, buf, hdr, deadline) == -1) {
		*why = read_failure(errno);
		return -1;
	}
	if (wk_peek_reply(buf, hdr, type, &frame, why) == -1) {
		errno = EPROTO;
		return -1;
	}
	if (frame < hdr || frame > size) {
		errno = EPROTO;
		*why = "frame size out of bounds";
		return -1;
	}
	/* The rest of a frame that began comes at once. */
	if (timeout_ms < 0)
		deadline = monotonic_ms() + CLI_TIMEOUT_MS;
	if (read_full(fd, (char *)buf + hdr, frame - hdr, deadline) == -1) {
		*why = read_failure(errno);
		return -1;
	}
	*len = frame;
	return 0;
}

int
cli_frame_waiting(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms) == 1;
}
