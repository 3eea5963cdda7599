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
 *
 * A follower (a list with WK_QF_FOLLOW) keeps its connection after its
 * first answer: after each commit the rows stored since are read once
 * (only while someone follows) and each follower's matches are queued
 * behind what it has not read, at most QUERY_FOLLOW_QUEUE_MAX bytes; one
 * that falls further behind gets an error frame and is dropped, so a
 * stalled follower costs ingest nothing but the copy.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/base/log.h"
#include "daemon/base/stats.h"
#include "query_request.h"
#include "query_follow.h"
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
	for (i = 0; i < QUERY_SLOTS; i++)
		qs->clients[i].fd = -1;
}

static void
client_close(struct query_server *qs, struct query_client *c)
{
	if (c->following && qs->followers > 0)
		qs->followers--;
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
	for (i = 0; i < QUERY_SLOTS; i++) {
		c = &qs->clients[i];
		if (c->fd == -1)
			continue;
		pfd[n].fd = c->fd;
		if (c->following)	/* POLLIN: it hung up */
			pfd[n].events = POLLIN |
			    (c->sent < c->out.len ? POLLOUT : 0);
		else
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
	if (c->following) {
		/* All read: the queue starts again at a frame boundary. */
		c->out.len = 0;
		c->sent = 0;
	}
	return 1;
}

/*
 * A follower that reads but never empties its queue: what it has read
 * goes, up to the last frame boundary it passed, so that the queue's
 * start stays a frame's and its memory stays bounded.
 */
static void
compact(struct query_client *c)
{
	struct wk_reply_header h;
	size_t b = 0;

	if (c->sent < (1u << 20))
		return;
	while (b + sizeof h <= c->out.len) {
		memcpy(&h, c->out.buf + b, sizeof h);
		if (b + h.size > c->sent)
			break;
		b += h.size;
	}
	if (b == 0)
		return;
	memmove(c->out.buf, c->out.buf + b, c->out.len - b);
	c->out.len -= b;
	c->sent -= b;
}

/* How many followers the asker uid has. */
static unsigned
followers_of(const struct query_server *qs, uid_t uid)
{
	unsigned i, n = 0;

	for (i = 0; i < QUERY_SLOTS; i++)
		if (qs->clients[i].fd != -1 && qs->clients[i].following &&
		    qs->clients[i].uid == uid)
			n++;
	return n;
}

/*
 * A client whose answer asks to follow: it stays, unless too many follow
 * already (then its answer is one error frame).  0, or -1 (ENOMEM).
 */
static int
start_following(struct query_server *qs, struct query_client *c)
{
	const char *why = NULL;

	if (qs->followers >= QUERY_MAX_FOLLOWERS)
		why = "too many followers";
	else if (c->uid != 0 &&
	    followers_of(qs, c->uid) >= QUERY_FOLLOWERS_PER_USER)
		why = "too many followers for this user";
	if (why != NULL) {
		log_debug("query from pid %d: %s", (int)c->pid, why);
		c->out.len = 0;
		return query_reply_error(&c->out, EBUSY, "%s (at most %d, %d "
		    "a user); try again later", why, QUERY_MAX_FOLLOWERS,
		    QUERY_FOLLOWERS_PER_USER);
	}
	if (qs->followers == 0) {
		qs->kill_seen = c->follow.from_kill;
		qs->death_seen = c->follow.from_death;
	}
	qs->followers++;
	c->following = 1;
	return 0;
}

/* Build the answer and start writing it; the client is closed when done. */
static void
client_answer(struct query_server *qs, struct query_client *c, int64_t now_ms)
{
	int rc, following;

	if (query_answer_follow(qs->env, c->in, c->got, c->uid, &c->out,
	    &c->follow, &following) == -1 ||
	    (following && start_following(qs, c) == -1)) {
		log_warn("query from pid %d", (int)c->pid);
		client_close(qs, c);
		return;
	}
	c->answering = 1;
	c->deadline_ms = now_ms + QUERY_WRITE_MS;
	rc = client_write(c);
	if (rc == -1 || (rc == 1 && !c->following))
		client_close(qs, c);
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
			client_close(qs, c);
			return;
		}
		if (n > 0)
			c->got += (size_t)n;
		if (n == 0 || c->got == sizeof c->in)
			break;
	}
	if (c->got == 0) {
		client_close(qs, c);
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
	unsigned i, busy;
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
		for (i = 0, busy = 0; i < QUERY_SLOTS; i++)
			if (qs->clients[i].fd != -1 &&
			    !qs->clients[i].following)
				busy++;
		for (i = 0; i < QUERY_SLOTS && busy < QUERY_MAX_CLIENTS; i++)
			if (qs->clients[i].fd == -1)
				break;
		if (busy >= QUERY_MAX_CLIENTS || i == QUERY_SLOTS) {
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

	for (i = 0; i < QUERY_SLOTS; i++)
		if (qs->clients[i].fd == fd)
			return &qs->clients[i];
	return NULL;
}

/* A follower said something or hung up: it only ever reads. */
static void
follower_input(struct query_server *qs, struct query_client *c)
{
	char scratch[256];
	ssize_t n;

	n = recv(c->fd, scratch, sizeof scratch, MSG_DONTWAIT);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		client_close(qs, c);
}

/* What poll said of a follower: it hung up, or can take more. */
static void
follow_event(struct query_server *qs, struct query_client *c, short revents)
{
	int rc;

	if (revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
		follower_input(qs, c);
		if (c->fd == -1)
			return;
	}
	if (!(revents & POLLOUT))
		return;
	rc = client_write(c);
	if (rc == -1 || (rc == 1 && c->closing))
		client_close(qs, c);
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
		if (c->following) {
			follow_event(qs, c, pfd[i].revents);
		} else if (!c->answering &&
		    (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
			client_read(qs, c, now_ms);
		} else if (c->answering && (pfd[i].revents & POLLOUT)) {
			if (client_write(c) != 0)
				client_close(qs, c);
		} else if (pfd[i].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			client_close(qs, c);
		}
	}
	for (i = 0; i < QUERY_SLOTS; i++) {
		c = &qs->clients[i];
		/* A follower has a deadline only once it is being dropped. */
		if (c->fd != -1 && (!c->following || c->closing) &&
		    now_ms >= c->deadline_ms) {
			log_debug("query client pid %d dropped: too slow",
			    (int)c->pid);
			client_close(qs, c);
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

	for (i = 0; i < QUERY_SLOTS; i++) {
		if (qs->clients[i].fd == -1 ||
		    (qs->clients[i].following && !qs->clients[i].closing))
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

	/* The socket first: a follower that sees its end finds no daemon. */
	if (qs->listen_fd != -1)
		close(qs->listen_fd);
	qs->listen_fd = -1;
	for (i = 0; i < QUERY_SLOTS; i++)
		client_close(qs, &qs->clients[i]);
}

/*
 * Drop a follower that fell behind: what it has not started reading goes,
 * an error frame saying why takes its place, and it is closed once that
 * is written (or at its deadline).
 */
static void
drop_follower(struct query_client *c)
{
	struct query_reply left = { 0 };
	struct wk_reply_header h;
	struct wk_error e;
	size_t end = 0;

	/* The frame being written is finished first (out starts at a
	 * frame): keep up to the first frame boundary at or after sent. */
	while (end < c->sent && end + sizeof h <= c->out.len) {
		memcpy(&h, c->out.buf + end, sizeof h);
		end += h.size;
	}
	if (end > c->out.len)
		end = c->out.len;
	memset(&e, 0, sizeof e);
	wk_reply_init(&e.hdr, WK_R_ERROR, sizeof e);
	e.code = ENOBUFS;
	snprintf(e.message, sizeof e.message, "this follower fell more than "
	    "%u MiB of events behind and was dropped; read faster or filter "
	    "more, and start again with --since",
	    QUERY_FOLLOW_QUEUE_MAX >> 20);
	/* What is left moves to a small buffer: the queue's memory goes
	 * back now, not when the follower closes. */
	if (query_reply_append(&left, c->out.buf + c->sent, end - c->sent) ==
	    0 && query_reply_append(&left, &e, sizeof e) == 0) {
		query_reply_free(&c->out);
		c->out = left;
		c->sent = 0;
	} else {
		query_reply_free(&left);
		c->out.len = end;
	}
	c->closing = 1;
	c->deadline_ms = wkd_monotonic_ms() + QUERY_DROPPED_MS;
	log_info("follower pid %d (uid %u) dropped: more than %u MiB behind",
	    (int)c->pid, (unsigned)c->uid, QUERY_FOLLOW_QUEUE_MAX >> 20);
}

/* Queue one frame for follower c, or drop c when it is too far behind. */
static void
queue_frame(struct query_client *c, const void *frame, size_t size)
{
	compact(c);
	if (c->out.len - c->sent + size > QUERY_FOLLOW_QUEUE_MAX) {
		drop_follower(c);
		return;
	}
	if (query_reply_append(&c->out, frame, size) == -1) {
		log_warn("follower pid %d", (int)c->pid);
		drop_follower(c);
	}
}

/* Rows read after a commit at once, at most. */
#define FOLLOW_CHUNK	4096

/* A pass over the new rows: the server, and the last id seen. */
struct follow_pass {
	struct query_server *qs;
	int64_t last;
	int failed;
};

/*
 * A new kill, by its key: read whole only when a follower wants it, so
 * that followers whose filters match little cost ingest little.
 */
struct kill_offer {
	struct follow_pass *p;
	const struct store_kill_key *k;
	int read;
};

/* Follower slot wants the kill? Queue it, read once for all. */
static int
offer_kill(unsigned slot, void *arg)
{
	struct kill_offer *o = arg;
	struct query_client *c = &o->p->qs->clients[slot];
	/* one thread; 36 KB each off the stack */
	static struct wk_event ev, frame;
	static struct query_reply request;

	if (c->fd == -1 || !c->following || c->closing ||
	    !query_follow_key(&c->follow, o->k))
		return 0;
	if (!o->read) {
		o->read = store_kill_by_id(o->p->qs->env->store, o->k->id, &ev);
		if (o->read != 1) {
			o->p->failed = o->read == -1;
			return 1;
		}
	}
	if (!query_follow_kill(&c->follow, &ev, &frame))
		return 0;
	/* The frame ends with its argv's used bytes; who asked systemd for
	 * it follows, as in an answer by pid. */
	queue_frame(c, &frame, frame.hdr.size);
	request.len = 0;
	if (query_request_append(o->p->qs->env, &ev, c->follow.asker,
	    &request) == -1)
		log_warn("follower pid %d: who asked systemd", (int)c->pid);
	else if (request.len > 0 && !c->closing)
		queue_frame(c, request.buf, request.len);
	return 0;
}

static int
push_kill(const struct store_kill_key *k, void *arg)
{
	struct follow_pass *p = arg;
	struct kill_offer o = { p, k, 0 };

	p->last = k->id;
	follow_index_walk(&p->qs->index, k->target_comm, k->target_exe,
	    offer_kill, &o);
	return p->failed;
}

struct death_offer {
	struct follow_pass *p;
	const struct store_death *d;
};

static int
offer_death(unsigned slot, void *arg)
{
	struct death_offer *o = arg;
	struct query_client *c = &o->p->qs->clients[slot];
	struct wk_death frame;
	int rc;

	if (c->fd == -1 || !c->following || c->closing)
		return 0;
	rc = query_follow_death(o->p->qs->env, &c->follow, o->d, &frame);
	if (rc == -1) {
		o->p->failed = 1;
		return 1;
	}
	if (rc == 1)
		queue_frame(c, &frame, sizeof frame);
	return 0;
}

static int
push_death(const struct store_death *d, void *arg)
{
	struct follow_pass *p = arg;
	struct death_offer o = { p, d };

	p->last = d->id;
	follow_index_walk(&p->qs->index, d->comm, d->exe, offer_death, &o);
	return p->failed;
}

/* File the followers anew: some may have come or gone since. */
static void
index_followers(struct query_server *qs)
{
	const struct query_follow *fw[QUERY_SLOTS];
	unsigned i;

	for (i = 0; i < QUERY_SLOTS; i++)
		fw[i] = qs->clients[i].fd != -1 && qs->clients[i].following ?
		    &qs->clients[i].follow : NULL;
	follow_index_build(&qs->index, fw, QUERY_SLOTS);
}

void
query_server_committed(struct query_server *qs)
{
	struct store_list_query all;
	struct follow_pass p = { qs, 0, 0 };
	int n;

	if (qs->followers == 0)
		return;
	index_followers(qs);
	memset(&all, 0, sizeof all);
	all.exits = 1;
	all.in_id_order = 1;
	all.limit = FOLLOW_CHUNK;
	do {
		p.last = qs->kill_seen;
		n = store_list_kill_keys(qs->env->store, qs->kill_seen,
		    FOLLOW_CHUNK, push_kill, &p);
		qs->kill_seen = p.last;
	} while (n == FOLLOW_CHUNK && !p.failed);
	if (n == -1 || p.failed)
		log_warnx("store: rows for followers: %s",
		    store_errmsg(qs->env->store));
	do {
		all.after_id = p.last = qs->death_seen;
		n = store_list_deaths(qs->env->store, &all, push_death, &p);
		qs->death_seen = p.last;
	} while (n == FOLLOW_CHUNK && !p.failed);
	if (n == -1 || p.failed)
		log_warnx("store: ends for followers: %s",
		    store_errmsg(qs->env->store));
}
