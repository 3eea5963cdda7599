/*
 * A bounded queue of whole audit lines, sent without ever waiting.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/kaudit/audit_filter.h"
#include "audit_forward.h"
#include "daemon/base/log.h"

int
audit_forward_init(struct audit_forward *f, const struct sockaddr_un *addr,
    size_t cap)
{
	memset(f, 0, sizeof *f);
	f->fd = -1;
	if (cap < AUDIT_FORWARD_MSG_MAX) {
		errno = EINVAL;
		return -1;
	}
	f->queue = malloc(cap);
	f->line = malloc(AUDIT_FORWARD_MSG_MAX);
	if (f->queue == NULL || f->line == NULL) {
		free(f->queue);
		free(f->line);
		f->queue = f->line = NULL;
		errno = ENOMEM;
		return -1;
	}
	f->cap = cap;
	f->addr = *addr;
	return 0;
}

void
audit_forward_free(struct audit_forward *f)
{
	if (f->fd != -1)
		close(f->fd);
	free(f->queue);
	free(f->line);
	memset(f, 0, sizeof *f);
	f->fd = -1;
}

/* Drop the connection; a connect is retried after AUDIT_FORWARD_RETRY_MS. */
static void
disconnect(struct audit_forward *f, int64_t now_ms, int error)
{
	log_warnx("%s: the daemon is gone (%s); queueing up to %zu bytes",
	    f->addr.sun_path, strerror(error), f->cap);
	close(f->fd);
	f->fd = -1;
	f->retry_ms = now_ms + AUDIT_FORWARD_RETRY_MS;
	f->down_logged = 1;
}

/* One connect attempt, without waiting; failures wait for the next. */
static void
try_connect(struct audit_forward *f, int64_t now_ms)
{
	int fd;

	f->retry_ms = now_ms + AUDIT_FORWARD_RETRY_MS;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1) {
		log_warn("socket");
		return;
	}
	if (connect(fd, (const struct sockaddr *)&f->addr,
	    sizeof f->addr) == -1) {
		if (!f->down_logged)
			log_warn("%s: no daemon yet; queueing up to %zu bytes",
			    f->addr.sun_path, f->cap);
		f->down_logged = 1;
		close(fd);
		return;
	}
	f->fd = fd;
	f->down_logged = 0;
	log_info("connected to %s", f->addr.sun_path);
}

/*
 * Send one message; 1 when sent, 0 when the socket is full, -1 when the
 * connection is lost (and dropped).
 */
static int
send_message(struct audit_forward *f, const char *buf, size_t len,
    int64_t now_ms)
{
	ssize_t n;

	for (;;) {
		n = send(f->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n >= 0)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		disconnect(f, now_ms, errno);
		return -1;
	}
}

/* The whole lines at the queue's head that fit in one message. */
static size_t
next_message(const struct audit_forward *f)
{
	size_t n = f->len < AUDIT_FORWARD_MSG_MAX ? f->len : AUDIT_FORWARD_MSG_MAX;
	const char *nl = memrchr(f->queue + f->head, '\n', n);

	return nl == NULL ? 0 : (size_t)(nl - (f->queue + f->head)) + 1;
}

void
audit_forward_flush(struct audit_forward *f, int64_t now_ms)
{
	char ctl[64];
	size_t n;
	int rc;

	if (f->fd == -1 && now_ms >= f->retry_ms)
		try_connect(f, now_ms);
	while (f->fd != -1) {
		if (f->unreported > 0) {
			n = (size_t)snprintf(ctl, sizeof ctl, "#dropped %" PRIu64
			    "\n", f->unreported);
			rc = send_message(f, ctl, n, now_ms);
			if (rc <= 0)
				return;
			f->unreported = 0;
		}
		if (f->refused_unreported > 0) {
			n = (size_t)snprintf(ctl, sizeof ctl, "#refused %" PRIu64
			    "\n", f->refused_unreported);
			rc = send_message(f, ctl, n, now_ms);
			if (rc <= 0)
				return;
			f->refused_unreported = 0;
		}
		n = next_message(f);
		if (n == 0)
			return;
		rc = send_message(f, f->queue + f->head, n, now_ms);
		if (rc <= 0)
			return;
		f->head += n;
		f->len -= n;
		if (f->len == 0)
			f->head = 0;
	}
}

/* Count a lost line. */
static void
drop_line(struct audit_forward *f)
{
	f->dropped++;
	f->unreported++;
}

/* Queue the line held in f->line (newline included), or drop it. */
static void
queue_line(struct audit_forward *f)
{
	size_t n = f->line_len;

	if (!audit_filter_is_record(f->line, n)) {
		f->refused_unreported++;
		if (f->refused++ == 0)
			log_warnx("refusing input lines that are no audit "
			    "records (counted; logged once)");
		return;
	}
	if (!audit_filter_line(f->line, n)) {
		f->filtered++;
		return;
	}
	if (f->len + n > f->cap) {
		drop_line(f);
		return;
	}
	if (f->head + f->len + n > f->cap) {
		memmove(f->queue, f->queue + f->head, f->len);
		f->head = 0;
	}
	memcpy(f->queue + f->head + f->len, f->line, n);
	f->len += n;
	f->queued++;
}

void
audit_forward_input(struct audit_forward *f, const char *data, size_t len,
    int64_t now_ms)
{
	const char *nl;
	size_t piece;

	while (len > 0) {
		nl = memchr(data, '\n', len);
		piece = nl != NULL ? (size_t)(nl - data) + 1 : len;
		if (!f->skipping && f->line_len + piece > AUDIT_FORWARD_MSG_MAX) {
			if (f->too_long++ == 0)
				log_warnx("refusing input lines over %d bytes "
				    "(counted; logged once)", AUDIT_FORWARD_MSG_MAX);
			drop_line(f);
			f->skipping = 1;
			f->line_len = 0;
		}
		if (!f->skipping) {
			memcpy(f->line + f->line_len, data, piece);
			f->line_len += piece;
		}
		if (nl != NULL) {
			if (!f->skipping)
				queue_line(f);
			f->skipping = 0;
			f->line_len = 0;
		}
		data += piece;
		len -= piece;
	}
	audit_forward_flush(f, now_ms);
}

int
audit_forward_pollfd(const struct audit_forward *f, struct pollfd *pfd)
{
	if (f->fd == -1)
		return 0;
	pfd->fd = f->fd;
	pfd->events = POLLIN;
	if (f->len > 0 || f->unreported > 0 || f->refused_unreported > 0)
		pfd->events |= POLLOUT;
	pfd->revents = 0;
	return 1;
}

void
audit_forward_handle(struct audit_forward *f, short revents, int64_t now_ms)
{
	char buf[256];
	ssize_t n;

	if (f->fd == -1)
		return;
	if (revents & POLLIN) {
		/* The daemon sends nothing; a read of 0 is its close. */
		n = recv(f->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
			disconnect(f, now_ms, n == 0 ? ECONNRESET : errno);
			return;
		}
	}
	if (revents & (POLLHUP | POLLERR)) {
		disconnect(f, now_ms, ECONNRESET);
		return;
	}
	if (revents & POLLOUT)
		audit_forward_flush(f, now_ms);
}

int
audit_forward_timeout_ms(const struct audit_forward *f, int64_t now_ms)
{
	if (f->fd != -1)
		return -1;
	return f->retry_ms <= now_ms ? 0 : (int)(f->retry_ms - now_ms);
}
