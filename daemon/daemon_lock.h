/*
 * One daemon per store.  The daemon holds an exclusive flock(2) on its
 * store file, through a descriptor of its own, for its whole life: a
 * second daemon on the same store, whatever its socket directory, cannot
 * take it and refuses to start, so the store's record of when a daemon ran
 * stays true.  flock(2), not fcntl(2): SQLite keeps POSIX (fcntl) locks on
 * the same file, which belong to the process and would be released or
 * taken over by ours; flock locks belong to the open file description and
 * are independent of them.  The descriptor is close-on-exec and must stay
 * open until the store is closed (closing any descriptor of the file would
 * drop SQLite's POSIX locks).
 */
#ifndef WHOKILLED_DAEMON_LOCK_H
#define WHOKILLED_DAEMON_LOCK_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Take the lock on the store at path, creating its directory (mode 0700)
 * and the file (mode 0600, empty: SQLite makes it a database) when they
 * are missing.  Returns the descriptor, or -1 with errno and a message in
 * err: EWOULDBLOCK when another process holds it, then *holder is its pid
 * as /proc/locks tells it (0 when it cannot be told).
 */
int daemon_lock_take(const char *path, pid_t *holder, char *err,
    size_t errlen);

/*
 * In a child forked after daemon_lock_take: make the lock the child's own
 * in /proc/locks (the kernel names the process that took a flock, which
 * would be the parent that exits), without ever letting it go to another
 * daemon.  Returns 0, or -1 with errno.
 */
int daemon_lock_adopt(int fd);

/*
 * The pid /proc/locks names for the flock held on the file open at fd
 * (any flock on that file), or 0 when none is listed.
 */
pid_t daemon_lock_holder(int fd);

#endif
