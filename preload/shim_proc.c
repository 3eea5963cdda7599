/*
 * /proc readers for the preload shim.  They run inside signal handlers and
 * between fork and exec, so they use raw syscalls and stack buffers only;
 * the text is parsed by the common parsers, which are as careful.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/decimal.h"
#include "shim_proc.h"
#include "shim_raw_syscall.h"

/* Enough for every field up to starttime even with a 64-byte kthread name. */
#define STAT_BUF_SIZE	1024
#define ID_BUF_SIZE	32
/* fdinfo whole; of /proc/PID/status the first lines, Tgid among them. */
#define KEYED_BUF_SIZE	1024
#define PATH_BUF_SIZE	48

/* Appends the NUL-terminated string s at *pos in buf; returns -1 when full. */
static int
path_append(char *buf, size_t size, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n >= size)
		return -1;
	memcpy(buf + *pos, s, n + 1);
	*pos += n;
	return 0;
}

/* Builds "PREFIX<n>SUFFIX" in buf; returns 0, or -1 when it does not fit. */
static int
path_with_number(char *buf, size_t size, const char *prefix,
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
static int
fd_owner(int fd, uint32_t *uid)
{
#if defined(SYS_fstat) && __SIZEOF_LONG__ == 8
	/* On 64-bit Linux the kernel's struct stat is glibc's. */
	struct stat sb;

	if (shim_syscall(SYS_fstat, fd, &sb) < 0)
		return -1;
	*uid = sb.st_uid;
#else
	struct statx sx;

	if (shim_syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_UID, &sx) < 0)
		return -1;
	*uid = sx.stx_uid;
#endif
	return 0;
}

/*
 * Reads up to size - 1 bytes of a /proc file (path, relative to the
 * directory dirfd or to AT_FDCWD) into buf.  These files are
 * generated whole on the first read, so a read shorter than asked is the
 * end (this saves the read() that would return 0).  The owner uid is taken
 * from the same open file when owner_uid is given.  Returns the byte count,
 * or -1 with errno.  Closing a read-only /proc fd cannot lose data, so its
 * result is ignored.
 */
static long
read_proc_file(int dirfd, const char *path, char *buf, size_t size,
    uint32_t *owner_uid)
{
	long fd, n;
	long got = -1;
	size_t used = 0;
	int saved;

	fd = shim_syscall(SYS_openat, dirfd, path,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (owner_uid != NULL && fd_owner((int)fd, owner_uid) < 0)
		goto out;
	while (used < size - 1) {
		size_t want = size - 1 - used;

		n = shim_syscall(SYS_read, (int)fd, buf + used, want);
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
	shim_syscall(SYS_close, (int)fd);
	errno = saved;
	return got;
}

size_t
shim_format_u64(char *buf, size_t size, uint64_t v)
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

int
shim_read_stat(int32_t pid, struct wk_procstat *st, uint32_t *owner_uid)
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
	len = read_proc_file(AT_FDCWD, path, buf, sizeof buf, owner_uid);
	if (len < 0)
		return -1;
	return wk_procstat_parse(buf, (size_t)len, st);
}

long
shim_read_cgroup(int32_t pid, char *buf, size_t size)
{
	char path[PATH_BUF_SIZE];
	long len;

	if (pid <= 0 || size < 2) {
		errno = EINVAL;
		return -1;
	}
	if (path_with_number(path, sizeof path, "/proc/", (uint64_t)pid,
	    "/cgroup") < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	len = read_proc_file(AT_FDCWD, path, buf, size, NULL);
	/* Filled: maybe cut, and a cut path would name another cgroup. */
	if (len >= (long)size - 1) {
		errno = EFBIG;
		return -1;
	}
	return len;
}

int
shim_read_stat_at(int dirfd, struct wk_procstat *st, uint32_t *owner_uid)
{
	struct statfs fs;
	char buf[STAT_BUF_SIZE];
	long len;

	if (dirfd < 0) {
		errno = EBADF;
		return -1;
	}
	/* Only in /proc: elsewhere "stat" could be a FIFO, and open() wait. */
	if (shim_syscall(SYS_fstatfs, dirfd, &fs) < 0)
		return -1;
	if (fs.f_type != PROC_SUPER_MAGIC) {
		errno = EBADF;
		return -1;
	}
	len = read_proc_file(dirfd, "stat", buf, sizeof buf, owner_uid);
	if (len < 0)
		return -1;
	return wk_procstat_parse(buf, (size_t)len, st);
}

int
shim_read_id(const char *path, uint32_t *id)
{
	char buf[ID_BUF_SIZE];
	long len;

	len = read_proc_file(AT_FDCWD, path, buf, sizeof buf, NULL);
	if (len < 0)
		return -1;
	if (wk_parse_u32_text(buf, (size_t)len, id) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * The number after "KEY:" at the start of a line of the /proc file at
 * path, into *v.  Returns 0, or -1 with errno (EINVAL when there is no
 * such line or no number after it).
 */
static int
read_proc_key(const char *path, const char *key, int32_t *v)
{
	char buf[KEYED_BUF_SIZE];
	const char *p, *end;
	size_t klen = strlen(key);
	long len;

	len = read_proc_file(AT_FDCWD, path, buf, sizeof buf, NULL);
	if (len < 0)
		return -1;
	end = buf + len;
	for (p = buf; p < end; p++) {
		if ((p != buf && p[-1] != '\n') ||
		    (size_t)(end - p) < klen || memcmp(p, key, klen) != 0)
			continue;
		p += klen;
		while (p < end && (*p == '\t' || *p == ' '))
			p++;
		if (wk_parse_i32(&p, end, v) < 0)
			break;
		return 0;
	}
	errno = EINVAL;
	return -1;
}

int
shim_pidfd_pid(int pidfd, int32_t *pid)
{
	char path[PATH_BUF_SIZE];

	if (pidfd < 0) {
		errno = EBADF;
		return -1;
	}
	if (path_with_number(path, sizeof path, "/proc/self/fdinfo/",
	    (uint64_t)pidfd, "") < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (read_proc_key(path, "Pid:", pid) < 0)
		return -1;
	if (*pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

int
shim_thread_tgid(int32_t tid, int32_t *tgid)
{
	char path[PATH_BUF_SIZE];

	if (tid <= 0) {
		errno = ESRCH;
		return -1;
	}
	if (path_with_number(path, sizeof path, "/proc/", (uint64_t)tid,
	    "/status") < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (read_proc_key(path, "Tgid:", tgid) < 0)
		return -1;
	if (*tgid <= 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
