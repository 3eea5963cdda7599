/*
 * The store's lock: flock(2) on the store file, held for the daemon's life.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "daemon_lock.h"

#define PROC_LOCKS	"/proc/locks"

/* mkdir the directory part of path, mode 0700, when it is missing. */
static int
make_parent_dir(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

pid_t
daemon_lock_holder(int fd)
{
	char line[256], kind[16], mode[16], access[16];
	unsigned maj, min;
	unsigned long ino;
	struct stat st;
	pid_t pid = 0;
	int holder;
	FILE *fp;

	if (fstat(fd, &st) == -1)
		return 0;
	fp = fopen(PROC_LOCKS, "re");
	if (fp == NULL)
		return 0;
	/* "1: FLOCK  ADVISORY  WRITE 1234 fe:00:10953933 0 EOF"; a process
	 * waiting for a lock has "->" before FLOCK, and is skipped. */
	while (pid == 0 && fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "%*d: %15s %15s %15s %d %x:%x:%lu", kind, mode,
		    access, &holder, &maj, &min, &ino) != 7)
			continue;
		if (strcmp(kind, "FLOCK") == 0 && holder > 0 &&
		    maj == major(st.st_dev) && min == minor(st.st_dev) &&
		    ino == (unsigned long)st.st_ino)
			pid = holder;
	}
	fclose(fp);
	return pid;
}

int
daemon_lock_take(const char *path, pid_t *holder, char *err, size_t errlen)
{
	int fd, saved;

	*holder = 0;
	if (make_parent_dir(path) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: cannot create its directory: %s",
		    path, strerror(saved));
		errno = saved;
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(saved));
		errno = saved;
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	saved = errno;
	if (saved == EWOULDBLOCK) {
		*holder = daemon_lock_holder(fd);
		snprintf(err, errlen,
		    "store %s is in use by another whokilledd", path);
	} else {
		snprintf(err, errlen, "%s: cannot lock: %s", path,
		    strerror(saved));
	}
	close(fd);
	errno = saved;
	return -1;
}

int
daemon_lock_adopt(int fd)
{
	/*
	 * A flock converted in place is a new lock of the caller's, with the
	 * caller's pid, put in the old one's place in one step (fs/locks.c):
	 * exclusive to shared cannot fail, and while it is shared no other
	 * daemon gets it (they ask for it exclusive).  Shared to exclusive
	 * again fails only if some other process took it shared meanwhile.
	 */
	if (flock(fd, LOCK_SH | LOCK_NB) == -1)
		return -1;
	return flock(fd, LOCK_EX | LOCK_NB);
}
