/*
 * The daemon's poll loop as a table of parts (chrony's scheduler is the
 * model): each part registers what it polls, what it does with the
 * result and when its timers are due, and the loop hands each part its
 * own slice of the pollfd array -- nobody computes offsets by hand.
 * Parts are served in the order they were added, every round, whether or
 * not their descriptors are ready (their timers may be due).
 */
#ifndef WHOKILLED_DAEMON_POLL_LOOP_H
#define WHOKILLED_DAEMON_POLL_LOOP_H

#include <poll.h>
#include <signal.h>
#include <stdint.h>

#define POLL_LOOP_MAX_PARTS	8
#define POLL_LOOP_MAX_FDS	256	/* the query socket alone may have 145 */

/* One part of the daemon in the loop.  Any function may be NULL. */
struct poll_part {
	const char *name;	/* for the log */
	unsigned max_fds;	/* most descriptors fill may give */
	/* The descriptors to poll now, into pfd (room for max_fds). */
	unsigned (*fill)(void *arg, struct pollfd *pfd);
	/* What poll returned for them (n entries), and due timers. */
	void (*handle)(void *arg, const struct pollfd *pfd, unsigned n,
	    int64_t now_ms);
	/* Milliseconds until a timer is due (0: now), or -1: none. */
	int (*timeout_ms)(void *arg, int64_t now_ms);
	void *arg;
};

struct poll_loop {
	struct poll_part parts[POLL_LOOP_MAX_PARTS];
	unsigned first[POLL_LOOP_MAX_PARTS];	/* each part's slice */
	unsigned count[POLL_LOOP_MAX_PARTS];
	unsigned nparts;
	unsigned max_fds;	/* sum of the parts' max_fds */
	struct pollfd pfd[POLL_LOOP_MAX_FDS];
};

void poll_loop_init(struct poll_loop *pl);

/*
 * Add a part, served after those added before.  0, or -1 with ENOSPC when
 * the table or the pollfd array would overflow.
 */
int poll_loop_add(struct poll_loop *pl, const struct poll_part *part);

/*
 * One round: fill, wait (ppoll with waitmask, until the nearest timer),
 * then handle every part in order.  now_ms() gives the monotonic clock.
 * 0, or -1 with errno from ppoll (EINTR: a signal came, nothing handled).
 */
int poll_loop_once(struct poll_loop *pl, const sigset_t *waitmask,
    int64_t (*now_ms)(void));

#endif
