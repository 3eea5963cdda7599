/*
 * Report building and sending for the PAM module.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pam_procself.h"
#include "pam_report.h"

#define DEV_PREFIX	"/dev/"

/* Reports this process could not send, told to the daemon with the next. */
static uint32_t pamwk_dropped;

/* Copies src (NULL: "") into dst of size bytes; returns 1 when it was cut. */
static int copy_cut(char *dst, size_t size, const char *src)
{
	size_t n;
	int cut;

	if (src == NULL)
		src = "";
	n = strlen(src);
	cut = n >= size;
	if (cut)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return cut;
}

uint32_t pamwk_copy_items(const struct pamwk_items *it, char *user,
    char *service, char *tty, char *rhost, char *ruser)
{
	const char *t = it->tty;
	int cut = 0;

	if (t != NULL && strncmp(t, DEV_PREFIX, sizeof DEV_PREFIX - 1) == 0)
		t += sizeof DEV_PREFIX - 1;
	cut |= copy_cut(user, WK_USER_MAX, it->user);
	cut |= copy_cut(service, WK_SERVICE_MAX, it->service);
	cut |= copy_cut(tty, WK_TTY_MAX, t);
	cut |= copy_cut(rhost, WK_HOST_MAX, it->rhost);
	cut |= copy_cut(ruser, WK_USER_MAX, it->ruser);
	return cut ? WK_SF_TRUNCATED : 0;
}

/* CLOCK_REALTIME cannot fail; the zero time is kept if it ever did. */
static void now(struct wk_time *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
		t->sec = ts.tv_sec;
		t->nsec = ts.tv_nsec;
	}
}

void pamwk_build_session(struct wk_session_report *r, uint16_t type,
    const struct pamwk_session *s, const struct pamwk_items *it)
{
	wk_session_init(r, type);
	now(&r->time);
	r->pid = s->pid;
	r->ppid = s->ppid;
	r->start_time = s->start_time;
	r->uid = s->uid;
	r->loginuid = s->loginuid;
	r->sessionid = s->sessionid;
	r->flags = s->flags & ~WK_SF_TRUNCATED;
	r->own_id = s->own_id;
	r->flags |= pamwk_copy_items(it, r->user, r->service, r->tty,
	    r->rhost, r->ruser);
}

void pamwk_build_authfail(struct wk_authfail_report *r,
    const struct pamwk_items *it)
{
	wk_authfail_init(r);
	now(&r->time);
	r->flags = pamwk_copy_items(it, r->user, r->service, r->tty,
	    r->rhost, r->ruser);
	pamwk_fill_caller(&r->caller);
}

int pamwk_send(const char *socket_dir, void *msg, size_t len)
{
	struct wk_header *hdr = msg;
	struct sockaddr_un addr;
	size_t dir_len = strlen(socket_dir);
	int rc = -1;
	int fd = -1;
	int saved;
	ssize_t n;

	hdr->dropped = __atomic_exchange_n(&pamwk_dropped, 0, __ATOMIC_RELAXED);
	if (dir_len == 0 ||
	    dir_len + 1 + sizeof WK_REPORT_SOCKET > sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		goto out;
	}
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	memcpy(addr.sun_path, socket_dir, dir_len);
	addr.sun_path[dir_len] = '/';
	memcpy(addr.sun_path + dir_len + 1, WK_REPORT_SOCKET,
	    sizeof WK_REPORT_SOCKET);

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto out;
	n = sendto(fd, msg, len, MSG_NOSIGNAL, (struct sockaddr *)&addr,
	    sizeof addr);
	if (n < 0)
		goto out;
	if ((size_t)n != len) {
		errno = EMSGSIZE;
		goto out;
	}
	rc = 0;
out:
	saved = errno;
	/* Closing a datagram socket after the send cannot lose the datagram. */
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		__atomic_add_fetch(&pamwk_dropped, hdr->dropped + 1,
		    __ATOMIC_RELAXED);
	errno = saved;
	return rc;
}
