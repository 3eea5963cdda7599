/*
 * Query clients, served without ever blocking the daemon.
 *
 * The query is read as it arrives; once whole, the answer is built at once
 * (bounded by QUERY_MAX_LIMIT events) and written as the socket accepts it.
 * Each phase has a deadline, after which the client is dropped.  A client
 * that stalls thus only holds its slot until its deadline: the report
 * socket is never left waiting on it, which synchronous writes with
 * SO_SNDTIMEO could not promise for an answer larger than the socket
 * buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/base/log.h"
#include "query_server.h"
#include "daemon/base/unix_socket.h"

/*
 * The socket is bound under a temporary name and renamed into place once
 * it listens: a client that sees the file can connect, never finding a
 * bound socket that does not listen yet (ECONNREFUSED).
 */
int
query_server_listen(const struct sockaddr_un *sun)
{
	struct sockaddr_un tmp = *sun;
	int fd, rc = -1, saved, bound = 0, n;

	n = snprintf(tmp.sun_path, sizeof tmp.sun_path, "%s.new",
	    sun->sun_path);
	if (n < 0 || (size_t)n >= sizeof tmp.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	/* A name left by a daemon that died here; nothing to do if absent. */
	(void)unlink(tmp.sun_path);
	if (unix_socket_bind(fd, &tmp, QUERY_SOCKET_MODE) == -1)
		goto out;
	bound = 1;
	if (listen(fd, QUERY_BACKLOG) == -1 ||
	    rename(tmp.sun_path, sun->sun_path) == -1)
		goto out;
	rc = fd;
out:
	if (rc == -1) {
		saved = errno;
		if (bound)
			(void)unlink(tmp.sun_path);
		close(fd);
		errno = saved;
	}
	return rc;
}

void
query_server_init(struct query_server *qs, int listen_fd,
    const struct query_env *env)
{
	unsigned i;

	memset(qs, 0, sizeof *qs);
	qs->listen_fd = listen_fd;
	qs->env = env;
	for (i = 0; i < QUERY_MAX_CLIENTS; i++)
		qs->clients[i].fd = -1;
}

static void
client_close(struct query_client *c)
{
	if (c->fd != -1)
		close(c->fd);
	query_reply_free(&c->out);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

unsigned
query_server_pollfds(const struct query_server *qs, struct pollfd *pfd)
{
	const struct query_client *c;
	unsigned i, n = 0;

	pfd[n].fd = qs->listen_fd;
	pfd[n].events = POLLIN;
	pfd[n++].revents = 0;
	for (i = 0; i < QUERY_MAX_CLIENTS; i++) {
		c = &qs->clients[i];
		if (c->fd == -1)
			continue;
		pfd[n].fd = c->fd;
		pfd[n].events = c->answering ? POLLOUT : POLLIN;
		pfd[n++].revents = 0;
	}
	return n;
}

/*
 * Write what the socket takes of the answer.  Returns 1 when all of it is
 * sent, 0 when more remains, -1 when the client is gone.
 */
static int
client_write(struct query_client *c)
{
	ssize_t n;

	while (c->sent < c->out.len) {
		n = send(c->fd, c->out.buf + c->sent, c->out.len - c->sent,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1)
			return -1;
		c->sent += (size_t)n;
	}
	return 1;
}

/* Build the answer and start writing it; the client is closed when done. */
static void
client_answer(struct query_server *qs, struct query_client *c, int64_t now_ms)
{
	int rc;

	if (query_answer(qs->env, c->in, c->got, c->uid, &c->out) == -1) {
		log_warn("query from pid %d", (int)c->pid);
		client_close(c);
		return;
	}
	c->answering = 1;
	c->deadline_ms = now_ms + QUERY_WRITE_MS;
	rc = client_write(c);
	if (rc != 0)
		client_close(c);
}

/* Read more of the query; answer it once whole (or at end of input). */
static void
client_read(struct query_server *qs, struct query_client *c, int64_t now_ms)
{
	ssize_t n;

	for (;;) {
		n = recv(c->fd, c->in + c->got, sizeof c->in - c->got,
		    MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n == -1) {
			client_close(c);
			return;
		}
		if (n > 0)
			c->got += (size_t)n;
		if (n == 0 || c->got == sizeof c->in)
			break;
	}
	if (c->got == 0) {
		client_close(c);
		return;
	}
	client_answer(qs, c, now_ms);
}

/* Turn away a client when every slot is taken: one error frame, close. */
static void
refuse(int fd)
{
	struct wk_error e;

	memset(&e, 0, sizeof e);
	wk_reply_init(&e.hdr, WK_R_ERROR, sizeof e);
	e.code = EBUSY;
	snprintf(e.message, sizeof e.message, "too many clients; try again");
	/* Best effort: the client is dropped whether or not this arrives. */
	(void)send(fd, &e, sizeof e, MSG_NOSIGNAL | MSG_DONTWAIT);
	close(fd);
}

/* Accept every pending connection into a free slot. */
static void
accept_clients(struct query_server *qs, int64_t now_ms)
{
	struct query_client *c;
	struct ucred peer;
	socklen_t len;
	unsigned i;
	int fd;

	for (;;) {
		fd = accept4(qs->listen_fd, NULL, NULL,
		    SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("query socket: accept");
			return;
		}
		len = sizeof peer;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer,
		    &len) == -1) {
			log_warn("query socket: SO_PEERCRED");
			close(fd);
			continue;
		}
		for (i = 0; i < QUERY_MAX_CLIENTS; i++)
			if (qs->clients[i].fd == -1)
				break;
		if (i == QUERY_MAX_CLIENTS) {
			log_debug("query from pid %d refused: too many clients",
			    (int)peer.pid);
			refuse(fd);
			continue;
		}
		c = &qs->clients[i];
		c->fd = fd;
		c->uid = peer.uid;
		c->pid = peer.pid;
		c->deadline_ms = now_ms + QUERY_READ_MS;
	}
}

/* The client whose socket is fd, or NULL. */
static struct query_client *
find_client(struct query_server *qs, int fd)
{
	unsigned i;

	for (i = 0; i < QUERY_MAX_CLIENTS; i++)
		if (qs->clients[i].fd == fd)
			return &qs->clients[i];
	return NULL;
}

void
query_server_handle(struct query_server *qs, const struct pollfd *pfd,
    unsigned n, int64_t now_ms)
{
	struct query_client *c;
	int accept_ready = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		if (pfd[i].fd == qs->listen_fd) {
			accept_ready = 1;
			continue;
		}
		c = find_client(qs, pfd[i].fd);
		if (c == NULL)
			continue;
		if (!c->answering &&
		    (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
			client_read(qs, c, now_ms);
		} else if (c->answering && (pfd[i].revents & POLLOUT)) {
			if (client_write(c) != 0)
				client_close(c);
		} else if (pfd[i].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			client_close(c);
		}
	}
	for (i = 0; i < QUERY_MAX_CLIENTS; i++) {
		c = &qs->clients[i];
		if (c->fd != -1 && now_ms >= c->deadline_ms) {
			log_debug("query client pid %d dropped: too slow",
			    (int)c->pid);
			client_close(c);
		}
	}
	/* Accept last, so a new client cannot reuse a descriptor of pfd. */
	if (accept_ready)
		accept_clients(qs, now_ms);
}

int
query_server_timeout_ms(const struct query_server *qs, int64_t now_ms)
{
	int64_t best = -1;
	unsigned i;

	for (i = 0; i < QUERY_MAX_CLIENTS; i++) {
		if (qs->clients[i].fd == -1)
			continue;
		if (best == -1 || qs->clients[i].deadline_ms < best)
			best = qs->clients[i].deadline_ms;
	}
	if (best == -1)
		return -1;
	return best <= now_ms ? 0 : (int)(best - now_ms);
}

void
query_server_close(struct query_server *qs)
{
	unsigned i;

	for (i = 0; i < QUERY_MAX_CLIENTS; i++)
		client_close(&qs->clients[i]);
	if (qs->listen_fd != -1)
		close(qs->listen_fd);
	qs->listen_fd = -1;
}
