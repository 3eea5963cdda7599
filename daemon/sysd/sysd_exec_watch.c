/*
 * The watch on the systemctl program (sysd_exec_watch.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "sysd_exec_watch.h"

int
sysd_exec_watch_open(void)
{
	static const char *const paths[] = {
		"/usr/bin/systemctl", "/bin/systemctl",
	};
	int fd, watched = 0, saved;
	size_t i;

	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd == -1)
		return -1;
	/* On a merged /usr both are one file: one watch. */
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (inotify_add_watch(fd, paths[i], IN_OPEN) != -1)
			watched = 1;
	if (!watched) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
sysd_exec_watch_read(int fd)
{
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	int opened = 0;

	/* Only that it happened matters, not how often. */
	while ((n = read(fd, buf, sizeof buf)) > 0)
		opened = 1;
	return opened;
}
