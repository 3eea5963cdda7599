/*
 * The plugin's side of the daemon: accept, check the peer, read records.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit_socket.h"
#include "daemon/base/log.h"
#include "daemon/base/unix_socket.h"

#define AUDIT_BACKLOG	4

int
audit_socket_listen(const struct sockaddr_un *sun)
{
	int fd, saved;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	if (unix_socket_bind(fd, sun, AUDIT_SOCKET_MODE) == -1 ||
	    listen(fd, AUDIT_BACKLOG) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
audit_socket_init(struct audit_socket *as, int listen_fd,
    const struct wk_audit_sink *sink, struct wkd_counters *counters)
{
	unsigned i;

	memset(as, 0, sizeof *as);
	as->listen_fd = listen_fd;
	as->sink = *sink;
	as->counters = counters;
	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++)
		as->conns[i].fd = -1;
	as->buf = malloc(AUDIT_SOCKET_MSG_MAX);
	if (as->buf == NULL) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* End a connection: the events its reader still holds are handed on. */
static void
drop_conn(struct audit_conn *c)
{
	if (c->reader != NULL) {
		/* An input cut mid-line only loses that line; nothing to report. */
		(void)wk_audit_reader_finish(c->reader);
		wk_audit_reader_free(c->reader);
	}
	close(c->fd);
	c->fd = -1;
	c->reader = NULL;
}

/* Accept one connection, kept only from root or the daemon's own uid. */
static void
accept_one(struct audit_socket *as)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct audit_conn *c = NULL;
	unsigned i;
	int fd;

	fd = accept4(as->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
		    errno != ECONNABORTED)
			log_warn("audit socket: accept");
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		log_warnx("audit socket: refused a connection from uid %u",
		    len == sizeof cred ? (unsigned)cred.uid : 0u);
		close(fd);
		return;
	}
	for (i = 0; i < AUDIT_SOCKET_CLIENTS && c == NULL; i++)
		if (as->conns[i].fd == -1)
			c = &as->conns[i];
	if (c != NULL)
		c->reader = wk_audit_reader_new(&as->sink);
	if (c == NULL || c->reader == NULL) {
		log_warnx("audit socket: refused plugin pid %d: %s", (int)cred.pid,
		    c == NULL ? "too many connections" : "out of memory");
		close(fd);
		return;
	}
	c->fd = fd;
	c->pid = cred.pid;
	log_info("auditd plugin pid %d connected", (int)cred.pid);
}

/*
 * A "#dropped N" message: the plugin lost N lines; "#refused N": it
 * refused N lines that were no audit records.
 */
static void
control_message(struct audit_socket *as, const char *msg, size_t len)
{
	unsigned long long n;
	char text[64];

	if (len >= sizeof text)
		return;
	memcpy(text, msg, len);
	text[len] = '\0';
	if (sscanf(text, "#dropped %llu", &n) == 1) {
		as->counters->audit_dropped += n;
		log_warnx("auditd plugin dropped %llu audit records", n);
	} else if (sscanf(text, "#refused %llu", &n) == 1) {
		as->counters->audit_refused += n;
		log_warnx("auditd plugin refused %llu input lines that are no "
		    "audit records", n);
	}
}

/* Count and feed the whole lines of one message. */
static void
records_message(struct audit_socket *as, struct audit_conn *c, size_t len)
{
	const char *p = as->buf, *end = as->buf + len;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		as->counters->audit_records++;
		p++;
	}
	if (wk_audit_reader_feed(c->reader, as->buf, len) == -1 ||
	    (as->buf[len - 1] != '\n' &&
	    wk_audit_reader_feed(c->reader, "\n", 1) == -1))
		log_warn("audit socket: reader");
}

/* Read up to AUDIT_SOCKET_READS messages of c; the connection may end. */
static void
read_conn(struct audit_socket *as, struct audit_conn *c)
{
	unsigned i;
	ssize_t n;

	for (i = 0; i < AUDIT_SOCKET_READS; i++) {
		n = recv(c->fd, as->buf, AUDIT_SOCKET_MSG_MAX,
		    MSG_DONTWAIT | MSG_TRUNC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			log_info("auditd plugin pid %d disconnected", (int)c->pid);
			drop_conn(c);
			return;
		}
		if ((size_t)n > AUDIT_SOCKET_MSG_MAX) {
			log_warnx("audit socket: a message of %zd bytes is too "
			    "long; skipped", n);
			as->counters->audit_dropped++;
			continue;
		}
		if (as->buf[0] == '#')
			control_message(as, as->buf, (size_t)n);
		else
			records_message(as, c, (size_t)n);
	}
}

unsigned
audit_socket_pollfds(const struct audit_socket *as, struct pollfd *pfd)
{
	unsigned i, n = 0;

	pfd[n].fd = as->listen_fd;
	pfd[n].events = POLLIN;
	pfd[n++].revents = 0;
	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++) {
		pfd[n].fd = as->conns[i].fd;	/* -1: poll() skips it */
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	return n;
}

void
audit_socket_handle(struct audit_socket *as, const struct pollfd *pfd,
    unsigned n)
{
	unsigned i;

	for (i = 0; i < AUDIT_SOCKET_CLIENTS && i + 1 < n; i++) {
		struct audit_conn *c = &as->conns[i];

		if (c->fd == -1 || pfd[i + 1].fd != c->fd ||
		    !(pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		read_conn(as, c);
	}
	if (n > 0 && (pfd[0].revents & POLLIN))
		accept_one(as);
}

void
audit_socket_drain(struct audit_socket *as)
{
	unsigned i;

	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++)
		if (as->conns[i].fd != -1)
			read_conn(as, &as->conns[i]);
}

void
audit_socket_age(struct audit_socket *as)
{
	unsigned i;

	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++)
		if (as->conns[i].fd != -1)
			wk_audit_reader_age(as->conns[i].reader);
}

int
audit_socket_connected(const struct audit_socket *as)
{
	unsigned i;

	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++)
		if (as->conns[i].fd != -1)
			return 1;
	return 0;
}

void
audit_socket_close(struct audit_socket *as)
{
	unsigned i;

	for (i = 0; i < AUDIT_SOCKET_CLIENTS; i++)
		if (as->conns[i].fd != -1)
			drop_conn(&as->conns[i]);
	if (as->listen_fd != -1)
		close(as->listen_fd);
	as->listen_fd = -1;
	free(as->buf);
	as->buf = NULL;
}
