/*
 * Socket files shared by the report and query sockets.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unix_socket.h"

int
unix_socket_addr(struct sockaddr_un *sun, const char *dir, const char *name)
{
	int n;

	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path, sizeof sun->sun_path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof sun->sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
unix_socket_is_live(const struct sockaddr_un *sun)
{
	int fd, rc, saved;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return 0;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	saved = errno;
	close(fd);
	/* EAGAIN: a live listener whose backlog is full. */
	return rc == 0 || saved == EAGAIN || saved == EINPROGRESS;
}

int
unix_socket_bind(int fd, const struct sockaddr_un *sun, mode_t mode)
{
	mode_t old;
	int rc, saved;

	old = umask(~mode & 0777);
	rc = bind(fd, (const struct sockaddr *)sun, sizeof *sun);
	saved = errno;
	umask(old);
	errno = saved;
	return rc;
}
