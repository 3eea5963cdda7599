/*
 * The module's reports: PAM items, the calling process from /proc/self,
 * report building and sending.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/argv_pack.h"
#include "common/caller_ids.h"
#include "common/decimal.h"
#include "pam_report.h"

/* Every field up to starttime, even with a long command name. */
#define STAT_BUF_SIZE		1024
#define ID_BUF_SIZE		32
#define CMDLINE_CHUNK		4096
#define DEV_PREFIX		"/dev/"

/* Reports this process could not send, told to the daemon with the next. */
static uint32_t pamwk_dropped;

/* One string item, or NULL when it is unset or PAM cannot give it. */
static const char *
string_item(pam_handle_t *pamh, int type)
{
	const void *item = NULL;

	if (pam_get_item(pamh, type, &item) != PAM_SUCCESS)
		return NULL;
	return item;
}

void
pamwk_get_items(pam_handle_t *pamh, struct pamwk_items *it)
{
	it->user = string_item(pamh, PAM_USER);
	it->service = string_item(pamh, PAM_SERVICE);
	it->tty = string_item(pamh, PAM_TTY);
	it->rhost = string_item(pamh, PAM_RHOST);
	it->ruser = string_item(pamh, PAM_RUSER);
}

/* ------------------------------------------------------------ /proc/self */

/*
 * Reads up to size - 1 bytes of a file into buf and NUL-terminates them.
 * Returns the byte count, or -1 with errno.  Closing a read-only fd cannot
 * lose data, so its result is ignored.
 */
static ssize_t
read_small(const char *path, char *buf, size_t size)
{
	ssize_t got = -1;
	size_t used = 0;
	ssize_t n;
	int saved;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	while (used < size - 1) {
		n = read(fd, buf + used, size - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	got = (ssize_t)used;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return got;
}

int
pamwk_read_stat(const char *path, struct wk_procstat *st)
{
	char buf[STAT_BUF_SIZE];
	ssize_t len;

	len = read_small(path, buf, sizeof buf);
	if (len < 0)
		return -1;
	return wk_procstat_parse(buf, (size_t)len, st);
}

int
pamwk_read_id(const char *path, uint32_t *id)
{
	char buf[ID_BUF_SIZE];
	ssize_t len;

	len = read_small(path, buf, sizeof buf);
	if (len < 0)
		return -1;
	if (wk_parse_u32_text(buf, (size_t)len, id) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The whole file at path into a buffer of ours (one byte spare). */
static char *
read_all(const char *path, size_t *len)
{
	size_t cap = CMDLINE_CHUNK, total = 0;
	char *buf = NULL, *p;
	int fd, saved;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (buf == NULL || total + 1 >= cap) {
			if (buf != NULL && cap >= PAMWK_CMDLINE_READ_MAX)
				break;
			if (buf != NULL)
				cap *= 2;
			p = realloc(buf, cap);
			if (p == NULL)
				goto fail;
			buf = p;
		}
		n = read(fd, buf + total, cap - 1 - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		total += (size_t)n;
	}
	close(fd);
	*len = total;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

int
pamwk_read_cmdline(const char *path, struct wk_caller *c, char *argv)
{
	char **args = NULL, *buf;
	size_t len, n = 0;
	int rc = -1;

	c->argc = 0;
	c->argv_len = 0;
	memset(&c->argv_cut, 0, sizeof c->argv_cut);
	buf = read_all(path, &len);
	if (buf == NULL)
		return -1;
	/* A rewritten argv may lack its final NUL: give it one. */
	if (len > 0 && buf[len - 1] != '\0')
		buf[len++] = '\0';
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\0';
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	args = malloc((n + 1) * sizeof *args);
	if (args == NULL)
		goto out;
	n = 0;
	for (size_t i = 0; i < len && n < UINT32_MAX; i += strlen(buf + i) + 1)
		args[n++] = buf + i;
	c->argc = (uint32_t)n;
	rc = wk_argv_pack(args, (uint32_t)n, argv, WK_ARGV_MAX, &c->argv_len,
	    &c->argv_cut);
out:
	free(args);
	free(buf);
	return rc;
}

int
pamwk_read_link(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size);

	if (n < 0) {
		buf[0] = '\0';
		return -1;
	}
	if ((size_t)n >= size) {
		buf[size - 1] = '\0';
		return 1;
	}
	buf[n] = '\0';
	return 0;
}

/* The calling process into c, which wk_authfail_init cleared, and its
 * command line into argv. */
static void
fill_caller(struct wk_caller *c, char *argv)
{
	uint32_t loginuid, sessionid;
	struct wk_procstat st;
	int stat_read;

	wk_caller_fill_ids(c);
	if (pamwk_read_id(PAMWK_PROC_LOGINUID, &loginuid) < 0)
		loginuid = WK_ID_UNSET;
	if (pamwk_read_id(PAMWK_PROC_SESSIONID, &sessionid) < 0)
		sessionid = WK_ID_UNSET;
	stat_read = pamwk_read_stat(PAMWK_PROC_STAT, &st) == 0;
	wk_caller_fill_proc(c, stat_read ? &st : NULL, loginuid, sessionid);
	/* An unreadable link or command line leaves the field empty. */
	(void)pamwk_read_link(PAMWK_PROC_EXE, c->exe, sizeof c->exe);
	(void)pamwk_read_cmdline(PAMWK_PROC_CMDLINE, c, argv);
}

/* ------------------------------------------------------------ reports */

/* Copies src (NULL: "") into dst of size bytes; returns 1 when it was cut. */
static int
copy_cut(char *dst, size_t size, const char *src)
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

uint32_t
pamwk_copy_items(const struct pamwk_items *it, char *user,
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
static void
now(struct wk_time *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
		t->sec = ts.tv_sec;
		t->nsec = ts.tv_nsec;
	}
}

void
pamwk_build_session(struct wk_session_report *r, uint16_t type,
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

void
pamwk_build_authfail(struct wk_authfail_report *r, char *argv,
    const struct pamwk_items *it)
{
	wk_authfail_init(r);
	now(&r->time);
	r->flags = pamwk_copy_items(it, r->user, r->service, r->tty,
	    r->rhost, r->ruser);
	fill_caller(&r->caller, argv);
}

int
pamwk_send(const char *socket_dir, void *msg, size_t len, const char *tail,
    size_t tail_len)
{
	struct wk_header *hdr = msg;
	struct sockaddr_un addr;
	struct iovec iov[2];
	struct msghdr mh;
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
	hdr->size = (uint32_t)(len + tail_len);
	iov[0].iov_base = msg;
	iov[0].iov_len = len;
	iov[1].iov_base = (void *)(uintptr_t)tail;
	iov[1].iov_len = tail_len;
	memset(&mh, 0, sizeof mh);
	mh.msg_name = &addr;
	mh.msg_namelen = sizeof addr;
	mh.msg_iov = iov;
	mh.msg_iovlen = tail_len > 0 ? 2 : 1;
	/* A long command line asks for a send buffer that holds it. */
	if (len + tail_len > CMDLINE_CHUNK) {
		int buf = (int)(len + tail_len) + CMDLINE_CHUNK;

		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
	}
	n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	if (n < 0)
		goto out;
	if ((size_t)n != len + tail_len) {
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
