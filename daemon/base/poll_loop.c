/*
 * The poll loop's table of parts.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "poll_loop.h"

void
poll_loop_init(struct poll_loop *pl)
{
	memset(pl, 0, sizeof *pl);
}

int
poll_loop_add(struct poll_loop *pl, const struct poll_part *part)
{
	if (pl->nparts >= POLL_LOOP_MAX_PARTS ||
	    part->max_fds > POLL_LOOP_MAX_FDS - pl->max_fds) {
		errno = ENOSPC;
		return -1;
	}
	pl->parts[pl->nparts++] = *part;
	pl->max_fds += part->max_fds;
	return 0;
}

/* The smaller of two timeouts where -1 means none. */
static int
min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

int
poll_loop_once(struct poll_loop *pl, const sigset_t *waitmask,
    int64_t (*now_ms)(void))
{
	const struct poll_part *p;
	struct timespec ts;
	int64_t now = now_ms();
	unsigned i, n = 0;
	int timeout = -1;

	for (i = 0; i < pl->nparts; i++) {
		p = &pl->parts[i];
		pl->first[i] = n;
		pl->count[i] = p->fill != NULL ? p->fill(p->arg, pl->pfd + n) : 0;
		n += pl->count[i];
		if (p->timeout_ms != NULL)
			timeout = min_timeout(timeout, p->timeout_ms(p->arg, now));
	}
	ts.tv_sec = timeout / 1000;
	ts.tv_nsec = (long)(timeout % 1000) * 1000000;
	if (ppoll(pl->pfd, n, timeout < 0 ? NULL : &ts, waitmask) == -1)
		return -1;
	now = now_ms();
	for (i = 0; i < pl->nparts; i++) {
		p = &pl->parts[i];
		if (p->handle != NULL)
			p->handle(p->arg, pl->pfd + pl->first[i], pl->count[i],
			    now);
	}
	return 0;
}
