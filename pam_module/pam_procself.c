/*
 * Readers of /proc/self for the PAM module.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pam_procself.h"

/* Every field up to starttime, even with a long command name. */
#define STAT_BUF_SIZE		1024
#define ID_BUF_SIZE		32
#define CMDLINE_CHUNK		4096
#define STAT_FIELD_LAST		22

/*
 * Reads up to size - 1 bytes of a file into buf and NUL-terminates them.
 * Returns the byte count, or -1 with errno.  Closing a read-only fd cannot
 * lose data, so its result is ignored.
 */
static ssize_t read_small(const char *path, char *buf, size_t size)
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

/*
 * Parses one decimal field that must lie in [min, max] at *p (stopping at
 * a space, a newline or end) and advances *p past it.  Returns 0 or -1.
 */
static int parse_field(const char **p, const char *end, long long min,
    unsigned long long max, unsigned long long *out)
{
	char tmp[24];
	size_t n = 0;
	char *stop;
	int negative;

	while (*p + n < end && (*p)[n] != ' ' && (*p)[n] != '\n')
		n++;
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, *p, n);
	tmp[n] = '\0';
	negative = tmp[0] == '-';
	errno = 0;
	if (negative) {
		long long v = strtoll(tmp, &stop, 10);

		if (errno != 0 || *stop != '\0' || v < min)
			return -1;
		*out = (unsigned long long)v;
	} else {
		unsigned long long v = strtoull(tmp, &stop, 10);

		if (errno != 0 || *stop != '\0' || tmp[0] < '0' ||
		    tmp[0] > '9' || v > max)
			return -1;
		*out = v;
	}
	*p += n;
	return 0;
}

/* A field that must fit in int32_t. */
static int parse_i32(const char **p, const char *end, int32_t *out)
{
	unsigned long long v;

	if (parse_field(p, end, INT32_MIN, INT32_MAX, &v) < 0)
		return -1;
	*out = (int32_t)(long long)v;
	return 0;
}

/* Skips a field that is not a number (the state letter) or not wanted. */
static int skip_field(const char **p, const char *end)
{
	if (*p >= end || **p == ' ' || **p == '\n')
		return -1;
	while (*p < end && **p != ' ' && **p != '\n')
		(*p)++;
	return 0;
}

/* Parses field 3..22 into st when it is one the module wants. */
static int parse_stat_field(int field, const char **p, const char *end,
    struct pamwk_stat *st)
{
	unsigned long long v;

	switch (field) {
	case 4:
		return parse_i32(p, end, &st->ppid);
	case 5:
		return parse_i32(p, end, &st->pgrp);
	case 6:
		return parse_i32(p, end, &st->session);
	case 7:
		return parse_i32(p, end, &st->tty_nr);
	case STAT_FIELD_LAST:
		if (parse_field(p, end, 0, UINT64_MAX, &v) < 0)
			return -1;
		st->start_time = v;
		return 0;
	}
	return skip_field(p, end);
}

int pamwk_parse_stat(const char *buf, size_t len, struct pamwk_stat *st)
{
	const char *end = buf + len;
	const char *p = buf;
	const char *open, *close = NULL;
	size_t comm_len;

	memset(st, 0, sizeof *st);
	if (parse_i32(&p, end, &st->pid) < 0 || st->pid <= 0)
		goto bad;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		goto bad;
	open = p + 1;
	for (const char *q = open + 1; q < end; q++)
		if (*q == ')')
			close = q;
	if (close == NULL)
		goto bad;
	comm_len = (size_t)(close - open - 1);
	if (comm_len > WK_COMM_MAX - 1)
		comm_len = WK_COMM_MAX - 1;
	memcpy(st->comm, open + 1, comm_len);
	st->comm[comm_len] = '\0';

	p = close + 1;
	for (int field = 3; field <= STAT_FIELD_LAST; field++) {
		if (p >= end || *p != ' ')
			goto bad;
		p++;
		if (parse_stat_field(field, &p, end, st) < 0)
			goto bad;
	}
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int pamwk_read_stat(const char *path, struct pamwk_stat *st)
{
	char buf[STAT_BUF_SIZE];
	ssize_t len;

	len = read_small(path, buf, sizeof buf);
	if (len < 0)
		return -1;
	return pamwk_parse_stat(buf, (size_t)len, st);
}

int pamwk_read_id(const char *path, uint32_t *id)
{
	char buf[ID_BUF_SIZE];
	const char *p = buf;
	unsigned long long v;
	ssize_t len;

	len = read_small(path, buf, sizeof buf);
	if (len < 0)
		return -1;
	if (parse_field(&p, buf + len, 0, UINT32_MAX, &v) < 0 ||
	    (p != buf + len && *p != '\n')) {
		errno = EINVAL;
		return -1;
	}
	*id = (uint32_t)v;
	return 0;
}

int pamwk_read_cmdline(const char *path, uint32_t *argc,
    char argv[WK_ARGV_MAX], uint32_t *argv_len)
{
	char chunk[CMDLINE_CHUNK];
	size_t total = 0;
	uint32_t nuls = 0;
	char last = '\0';
	int rc = -1;
	int saved;
	ssize_t n;
	int fd;

	*argc = 0;
	*argv_len = 0;
	memset(argv, 0, WK_ARGV_MAX);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		if (total < WK_ARGV_MAX) {
			size_t keep = WK_ARGV_MAX - total;

			memcpy(argv + total, chunk,
			    (size_t)n < keep ? (size_t)n : keep);
		}
		for (ssize_t i = 0; i < n; i++)
			if (chunk[i] == '\0' && nuls < UINT32_MAX)
				nuls++;
		total += (size_t)n;
		last = chunk[n - 1];
	}
	*argc = nuls + (total > 0 && last != '\0');
	rc = 0;
	if (total == 0)
		goto out;
	if (total < WK_ARGV_MAX) {
		/* A rewritten argv may lack its final NUL; the zeroed tail has it. */
		*argv_len = (uint32_t)total + (last != '\0');
	} else {
		*argv_len = WK_ARGV_MAX;
		if (total > WK_ARGV_MAX || argv[WK_ARGV_MAX - 1] != '\0')
			rc = 1;
		argv[WK_ARGV_MAX - 1] = '\0';
	}
out:
	saved = errno;
	if (rc < 0) {
		/* The wire rejects bytes behind argv_len: leave nothing half-read. */
		*argc = 0;
		memset(argv, 0, WK_ARGV_MAX);
	}
	close(fd);
	errno = saved;
	return rc;
}

int pamwk_read_link(const char *path, char *buf, size_t size)
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

void pamwk_fill_caller(struct wk_caller *c)
{
	struct pamwk_stat st;
	uid_t uid, euid, suid;
	gid_t gid, egid, sgid;

	c->pid = (int32_t)getpid();
	c->ppid = (int32_t)getppid();
	c->tid = (int32_t)gettid();
	if (getresuid(&uid, &euid, &suid) == 0) {
		c->uid = uid;
		c->euid = euid;
		c->suid = suid;
	}
	if (getresgid(&gid, &egid, &sgid) == 0) {
		c->gid = gid;
		c->egid = egid;
		c->sgid = sgid;
	}
	if (pamwk_read_id(PAMWK_PROC_LOGINUID, &c->loginuid) < 0)
		c->loginuid = WK_ID_UNSET;
	if (pamwk_read_id(PAMWK_PROC_SESSIONID, &c->sessionid) < 0)
		c->sessionid = WK_ID_UNSET;
	if (pamwk_read_stat(PAMWK_PROC_STAT, &st) == 0) {
		c->sid = st.session;
		c->pgid = st.pgrp;
		c->tty_nr = st.tty_nr;
		c->start_time = st.start_time;
		memcpy(c->comm, st.comm, sizeof c->comm);
	}
	/* An unreadable link or command line leaves the field empty. */
	(void)pamwk_read_link(PAMWK_PROC_EXE, c->exe, sizeof c->exe);
	(void)pamwk_read_cmdline(PAMWK_PROC_CMDLINE, &c->argc, c->argv,
	    &c->argv_len);
}
