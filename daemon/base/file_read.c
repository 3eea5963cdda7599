/*
 * Reading a small file whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "file_read.h"

ssize_t
file_read_at(int dirfd, const char *name, char *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;
	int fd, saved;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return -1;
	while (got < size - 1) {
		n = read(fd, buf + got, size - 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	return (ssize_t)got;
}
