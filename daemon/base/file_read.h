/*
 * Reading a small file whole: /proc files and /etc/ld.so.preload.
 */
#ifndef WHOKILLED_DAEMON_FILE_READ_H
#define WHOKILLED_DAEMON_FILE_READ_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Read up to size-1 bytes of name (relative to dirfd, or absolute, or
 * AT_FDCWD) into buf and NUL-terminate them; reads are retried on EINTR.
 * Returns the bytes read, or -1 with errno (that of open or read).
 */
ssize_t file_read_at(int dirfd, const char *name, char *buf, size_t size);

#endif
