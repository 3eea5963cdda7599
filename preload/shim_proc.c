/*
 * /proc readers for the preload shim.  They run inside signal handlers and
 * between fork and exec, so they use raw syscalls, stack buffers and hand
 * written number conversion only.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim_proc.h"

/* Enough for every field up to starttime even with a 64-byte kthread name. */
#define STAT_BUF_SIZE	1024
#define ID_BUF_SIZE	32
#define FDINFO_BUF_SIZE	1024
#define PATH_BUF_SIZE	48

#define STAT_FIELD_STARTTIME	22

/* Appends the NUL-terminated string s at *pos in buf; returns -1 when full. */
static int path_append(char *buf, size_t size, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n >= size)
		return -1;
	memcpy(buf + *pos, s, n + 1);
	*pos += n;
	return 0;
}

/* Builds "PREFIX<n>SUFFIX" in buf; returns 0, or -1 when it does not fit. */
static int path_with_number(char *buf, size_t size, const char *prefix,
    uint64_t n, const char *suffix)
{
	size_t pos = 0;
	size_t digits;

	if (path_append(buf, size, &pos, prefix) < 0)
		return -1;
	/* Keep one byte for the NUL. */
	digits = shim_format_u64(buf + pos, size - pos - 1, n);
	if (digits == 0)
		return -1;
	pos += digits;
	buf[pos] = '\0';
	return path_append(buf, size, &pos, suffix);
}

/* Owner uid of an open file, through the raw fstat of this architecture. */
static int fd_owner(int fd, uint32_t *uid)
{
#if defined(SYS_fstat) && __SIZEOF_LONG__ == 8
	/* On 64-bit Linux the kernel's struct stat is glibc's. */
	struct stat sb;

	if (syscall(SYS_fstat, fd, &sb) < 0)
		return -1;
	*uid = sb.st_uid;
#else
	struct statx sx;

	if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_UID, &sx) < 0)
		return -1;
	*uid = sx.stx_uid;
#endif
	return 0;
}

/*
 * Reads up to size - 1 bytes of a /proc file into buf.  These files are
 * generated whole on the first read, so a read shorter than asked is the
 * end (this saves the read() that would return 0).  The owner uid is taken
 * from the same open file when owner_uid is given.  Returns the byte count,
 * or -1 with errno.  Closing a read-only /proc fd cannot lose data, so its
 * result is ignored.
 */
static long read_proc_file(const char *path, char *buf, size_t size,
    uint32_t *owner_uid)
{
	long fd, n;
	long got = -1;
	size_t used = 0;
	int saved;

	fd = syscall(SYS_openat, AT_FDCWD, path,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (owner_uid != NULL && fd_owner((int)fd, owner_uid) < 0)
		goto out;
	while (used < size - 1) {
		size_t want = size - 1 - used;

		n = syscall(SYS_read, (int)fd, buf + used, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		used += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	got = (long)used;
out:
	saved = errno;
	syscall(SYS_close, (int)fd);
	errno = saved;
	return got;
}

size_t shim_format_u64(char *buf, size_t size, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (n > size)
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

int shim_parse_i64(const char **p, const char *end, int64_t *v)
{
	const char *s = *p;
	int negative = 0;
	uint64_t acc = 0;
	uint64_t limit = (uint64_t)INT64_MAX;

	if (s < end && *s == '-') {
		negative = 1;
		limit += 1;
		s++;
	}
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned digit = (unsigned)(*s - '0');

		if (acc > (limit - digit) / 10)
			return -1;
		acc = acc * 10 + digit;
	}
	if (negative)
		*v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*v = (int64_t)acc;
	*p = s;
	return 0;
}

/* Parses a number that must fit in int32_t. */
static int parse_i32(const char **p, const char *end, int32_t *v)
{
	int64_t wide;

	if (shim_parse_i64(p, end, &wide) < 0 || wide < INT32_MIN ||
	    wide > INT32_MAX)
		return -1;
	*v = (int32_t)wide;
	return 0;
}

/* Returns the last occurrence of c in buf[0..len), or NULL. */
static const char *last_byte(const char *buf, size_t len, char c)
{
	for (size_t i = len; i > 0; i--)
		if (buf[i - 1] == c)
			return buf + i - 1;
	return NULL;
}

/* Parses one field (3..22) after the command name into st, or skips it. */
static int parse_stat_field(int field, const char **p, const char *end,
    struct shim_proc_stat *st)
{
	int64_t start;

	switch (field) {
	case 4:
		return parse_i32(p, end, &st->ppid);
	case 5:
		return parse_i32(p, end, &st->pgrp);
	case 6:
		return parse_i32(p, end, &st->session);
	case 7:
		return parse_i32(p, end, &st->tty_nr);
	case STAT_FIELD_STARTTIME:
		if (shim_parse_i64(p, end, &start) < 0 || start < 0)
			return -1;
		st->start_time = (uint64_t)start;
		return 0;
	}
	if (*p >= end || **p == ' ')
		return -1;
	while (*p < end && **p != ' ')
		(*p)++;
	return 0;
}

int shim_parse_stat(const char *buf, size_t len, struct shim_proc_stat *st)
{
	const char *end = buf + len;
	const char *p = buf;
	const char *open, *close;
	size_t comm_len;

	memset(st, 0, sizeof *st);
	if (parse_i32(&p, end, &st->pid) < 0 || st->pid <= 0)
		goto bad;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		goto bad;
	open = p + 1;
	close = last_byte(open, (size_t)(end - open), ')');
	if (close == NULL)
		goto bad;
	comm_len = (size_t)(close - open - 1);
	if (comm_len > WK_COMM_MAX - 1)
		comm_len = WK_COMM_MAX - 1;
	memcpy(st->comm, open + 1, comm_len);
	st->comm[comm_len] = '\0';

	p = close + 1;
	for (int field = 3; field <= STAT_FIELD_STARTTIME; field++) {
		if (p >= end || *p != ' ')
			goto bad;
		p++;
		if (parse_stat_field(field, &p, end, st) < 0)
			goto bad;
	}
	if (p < end && *p != ' ' && *p != '\n')
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int shim_read_stat(int32_t pid, struct shim_proc_stat *st, uint32_t *owner_uid)
{
	char path[PATH_BUF_SIZE];
	char buf[STAT_BUF_SIZE];
	long len;

	if (pid < 0) {
		errno = EINVAL;
		return -1;
	}
	if (pid == 0) {
		memcpy(path, "/proc/self/stat", sizeof "/proc/self/stat");
	} else if (path_with_number(path, sizeof path, "/proc/",
	    (uint64_t)pid, "/stat") < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	len = read_proc_file(path, buf, sizeof buf, owner_uid);
	if (len < 0)
		return -1;
	return shim_parse_stat(buf, (size_t)len, st);
}

int shim_read_id(const char *path, uint32_t *id)
{
	char buf[ID_BUF_SIZE];
	const char *p = buf;
	int64_t v;
	long len;

	len = read_proc_file(path, buf, sizeof buf, NULL);
	if (len < 0)
		return -1;
	if (shim_parse_i64(&p, buf + len, &v) < 0 || v < 0 || v > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	*id = (uint32_t)v;
	return 0;
}

int shim_pidfd_pid(int pidfd, int32_t *pid)
{
	static const char key[] = "Pid:";
	char path[PATH_BUF_SIZE];
	char buf[FDINFO_BUF_SIZE];
	const char *p, *end;
	long len;

	if (pidfd < 0) {
		errno = EBADF;
		return -1;
	}
	if (path_with_number(path, sizeof path, "/proc/self/fdinfo/",
	    (uint64_t)pidfd, "") < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	len = read_proc_file(path, buf, sizeof buf, NULL);
	if (len < 0)
		return -1;
	end = buf + len;
	for (p = buf; p < end; p++) {
		if ((p != buf && p[-1] != '\n') ||
		    (size_t)(end - p) < sizeof key - 1 ||
		    memcmp(p, key, sizeof key - 1) != 0)
			continue;
		p += sizeof key - 1;
		while (p < end && (*p == '\t' || *p == ' '))
			p++;
		if (parse_i32(&p, end, pid) < 0)
			break;
		if (*pid <= 0) {
			errno = ESRCH;
			return -1;
		}
		return 0;
	}
	errno = EINVAL;
	return -1;
}
