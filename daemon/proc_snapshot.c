/*
 * Reading one process for the process table.  stat gives the identity
 * (start time) and comm; the other files only what was asked, since each
 * costs an open and a read (several microseconds) on every fork or exec
 * of the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procinfo.h"
#include "proc_snapshot.h"

/* Read up to size-1 bytes of name under dirfd, NUL-terminated; bytes or -1. */
static ssize_t
snapshot_read_file(int dirfd, const char *name, char *buf, size_t size)
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

/* A decimal id from a one-line file; WK_ID_UNSET when absent or odd. */
static uint32_t
snapshot_read_id(int dirfd, const char *name)
{
	char buf[16];
	unsigned long v;
	char *end;

	if (snapshot_read_file(dirfd, name, buf, sizeof buf) <= 0)
		return WK_ID_UNSET;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno != 0 || end == buf || v > UINT32_MAX)
		return WK_ID_UNSET;
	return (uint32_t)v;
}

/* Real and effective uid from the Uid: line of status; 0 or -1. */
static int
snapshot_read_uids(int dirfd, uint32_t *uid, uint32_t *euid)
{
	char buf[2048];
	const char *line;
	unsigned r, e;

	/* Uid: is the ninth line, well inside the first 2 KiB. */
	if (snapshot_read_file(dirfd, "status", buf, sizeof buf) == -1)
		return -1;
	line = strstr(buf, "\nUid:");
	if (line == NULL || sscanf(line + 5, "%u %u", &r, &e) != 2) {
		errno = EINVAL;
		return -1;
	}
	*uid = r;
	*euid = e;
	return 0;
}

int
proc_snapshot_read(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie)
{
	struct procinfo_stat st;
	char path[32], buf[1024];
	ssize_t n;
	int dirfd, rc = -1, saved;

	*zombie = 0;
	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%" PRId32, pid);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1)
		return -1;
	n = snapshot_read_file(dirfd, "stat", buf, sizeof buf);
	if (n == -1 || procinfo_parse_stat(buf, (size_t)n, &st) == -1)
		goto out;
	out->pid = pid;
	out->ppid = st.ppid;
	out->start_time = st.start_time;
	memcpy(out->comm, st.comm, sizeof out->comm);
	*zombie = st.state == 'Z' || st.state == 'X';
	if ((parts & PROC_READ_IDS) != 0 &&
	    snapshot_read_uids(dirfd, &out->uid, &out->euid) == -1)
		goto out;
	if ((parts & PROC_READ_AUDIT) != 0) {
		out->loginuid = snapshot_read_id(dirfd, "loginuid");
		out->sessionid = snapshot_read_id(dirfd, "sessionid");
	}
	if ((parts & PROC_READ_ARGS) != 0 && !*zombie) {
		n = snapshot_read_file(dirfd, "cmdline", buf,
		    WK_ARGS_SHORT_MAX);
		/* A kernel thread has no command line: args become "". */
		if (n >= 0)
			procinfo_join_args(buf, (size_t)n, out->args,
			    sizeof out->args);
	}
	rc = 0;
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}
