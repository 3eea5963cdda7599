/*
 * Socket activation without libsystemd: the protocol is three environment
 * variables and descriptors from 3 on (sd_listen_fds(3)).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listen_fds.h"

#define LISTEN_FDS_START	3
#define LISTEN_FDS_MAX		64

/* A whole decimal number in 0..max from s, or -1. */
static long
env_number(const char *s, long max)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	return v;
}

/* 1 when fd is a Unix socket of the given type bound to want's path. */
static int
is_socket_at(int fd, int type, const struct sockaddr_un *want)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof sun;
	int got;
	socklen_t tlen = sizeof got;

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &got, &tlen) == -1 ||
	    got != type)
		return 0;
	memset(&sun, 0, sizeof sun);
	if (getsockname(fd, (struct sockaddr *)&sun, &len) == -1 ||
	    sun.sun_family != AF_UNIX)
		return 0;
	return strncmp(sun.sun_path, want->sun_path, sizeof sun.sun_path) == 0;
}

int
listen_fds_take(const struct sockaddr_un *report_path,
    const struct sockaddr_un *query_path, struct listen_fds *lfds)
{
	long pid, n;

	lfds->report = lfds->query = -1;
	lfds->passed = 0;
	if (getenv("LISTEN_PID") == NULL)
		return 0;
	pid = env_number(getenv("LISTEN_PID"), INT32_MAX);
	n = env_number(getenv("LISTEN_FDS"), LISTEN_FDS_MAX);
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (pid != (long)getpid())
		return 0;	/* meant for the process that exec'd us */
	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	for (int fd = LISTEN_FDS_START; fd < LISTEN_FDS_START + n; fd++) {
		/* An fd that is not open was not really passed: skip it. */
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
			continue;
		lfds->passed++;
		if (lfds->report == -1 && is_socket_at(fd, SOCK_DGRAM, report_path))
			lfds->report = fd;
		else if (lfds->query == -1 &&
		    is_socket_at(fd, SOCK_STREAM, query_path))
			lfds->query = fd;
		else
			close(fd);
	}
	return 0;
}
