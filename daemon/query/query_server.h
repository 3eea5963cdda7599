/*
 * The query socket: a Unix stream socket every user may connect to.  Each
 * client sends one struct wk_query and reads the answer's frames.
 */
#ifndef WHOKILLED_DAEMON_QUERY_SERVER_H
#define WHOKILLED_DAEMON_QUERY_SERVER_H

#include <poll.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "whokilled/wire.h"
#include "query_answer.h"
#include "query_follow_index.h"
#include "query_list.h"

#define QUERY_SOCKET_MODE	0666
#define QUERY_BACKLOG		32
#define QUERY_MAX_CLIENTS	16	/* queries being read or answered */
#define QUERY_MAX_FOLLOWERS	128	/* clients following (--follow) */
#define QUERY_FOLLOWERS_PER_USER 8	/* of them, one user's but root's */
#define QUERY_SLOTS		(QUERY_MAX_CLIENTS + QUERY_MAX_FOLLOWERS)
_Static_assert(QUERY_SLOTS <= FOLLOW_INDEX_SLOTS, "every slot is filed");
#define QUERY_READ_MS		2000	/* to send the whole query */
#define QUERY_WRITE_MS		5000	/* to read the whole answer */
/*
 * Bytes a follower may have waiting: about a thousand events (its first
 * answer holds at most QUERY_MAX_LIMIT).  A follower that falls further
 * behind is dropped with an error frame saying so: it never holds ingest
 * back, and its memory stays bounded.
 */
#define QUERY_FOLLOW_QUEUE_MAX	(4u << 20)
/* A dropped follower has this long to read what it was sent and why. */
#define QUERY_DROPPED_MS	30000

struct query_client {
	int fd;				/* -1: free slot */
	uid_t uid;			/* the asker, from SO_PEERCRED */
	pid_t pid;
	int64_t deadline_ms;
	size_t got;			/* bytes of the query read so far */
	char in[sizeof(struct wk_query)];
	struct query_reply out;		/* the answer, once built */
	size_t sent;
	int answering;			/* out is built and being written */
	int following;			/* then new matches, until it leaves */
	int closing;			/* close once out is written */
	struct query_follow follow;	/* when following */
};

struct query_server {
	int listen_fd;
	const struct query_env *env;
	unsigned followers;
	/* The rows the followers have been given up to. */
	int64_t kill_seen;
	int64_t death_seen;
	struct query_client clients[QUERY_SLOTS];
	struct follow_index index;	/* the followers, filed by name */
};

/*
 * Create, bind (mode 0666) and listen on the query socket; the file
 * appears only once it listens.  fd, or -1 with errno.
 */
int query_server_listen(const struct sockaddr_un *sun);

void query_server_init(struct query_server *qs, int listen_fd,
    const struct query_env *env);

/* Fill pfd (room for 1 + QUERY_SLOTS) for poll(); returns the count. */
unsigned query_server_pollfds(const struct query_server *qs,
    struct pollfd *pfd);

/*
 * Act on what poll() returned in pfd (n entries, as filled by
 * query_server_pollfds) and drop clients past their deadline at now_ms.
 */
void query_server_handle(struct query_server *qs, const struct pollfd *pfd,
    unsigned n, int64_t now_ms);

/* Milliseconds until the nearest client deadline, or -1 with no client. */
int query_server_timeout_ms(const struct query_server *qs, int64_t now_ms);

/*
 * Rows were committed: give each follower the new ones that match it,
 * queued behind what it has not read yet (ingest_commit_hook).
 */
void query_server_committed(struct query_server *qs);

/* Close every client and the listening socket. */
void query_server_close(struct query_server *qs);

#endif
