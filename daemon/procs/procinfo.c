/*
 * Reading /proc.  Each process is read through a descriptor of its
 * /proc/PID directory, so every file comes from the same process even if
 * the pid is reused while we read: once the process is gone, openat()
 * fails instead of opening the newcomer's files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/decimal.h"
#include "common/procstat.h"
#include "daemon/base/file_read.h"
#include "procinfo.h"

int
procinfo_boot_id(const char *path, char out[WK_BOOT_ID_MAX])
{
	char buf[WK_BOOT_ID_MAX + 8];
	ssize_t n;

	n = file_read_at(AT_FDCWD, path != NULL ? path : PROCINFO_BOOT_ID_PATH,
	    buf, sizeof buf);
	if (n == -1)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0 || n >= WK_BOOT_ID_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(out, 0, WK_BOOT_ID_MAX);
	memcpy(out, buf, (size_t)n);
	return 0;
}

int
procinfo_parse_stat(const char *buf, size_t len, struct procinfo_stat *out)
{
	struct wk_procstat st;

	if (wk_procstat_parse(buf, len, &st) == -1)
		return -1;
	memset(out, 0, sizeof *out);
	memcpy(out->comm, st.comm, sizeof out->comm);
	out->state = st.state;
	out->ppid = st.ppid;
	out->pgrp = st.pgrp;
	out->session = st.session;
	out->tty_nr = st.tty_nr;
	out->start_time = st.start_time;
	return 0;
}

/*
 * The value of the line "key:" of a status text (len bytes): where it
 * starts, after the colon, and *vlen its bytes up to the newline.  NULL
 * when there is no such line.
 */
static const char *
status_line(const char *buf, size_t len, const char *key, size_t *vlen)
{
	size_t klen = strlen(key), i = 0;
	const char *nl;

	while (i < len) {
		nl = memchr(buf + i, '\n', len - i);
		if (len - i > klen && memcmp(buf + i, key, klen) == 0 &&
		    buf[i + klen] == ':') {
			i += klen + 1;
			*vlen = (nl != NULL ? (size_t)(nl - buf) : len) - i;
			return buf + i;
		}
		if (nl == NULL)
			break;
		i = (size_t)(nl - buf) + 1;
	}
	return NULL;
}

int
procinfo_parse_nspid(const char *buf, size_t len, struct procinfo_nspid *out)
{
	const char *v;
	size_t vlen, i = 0, start;
	uint32_t pid;

	memset(out, 0, sizeof *out);
	v = status_line(buf, len, "NSpid", &vlen);
	if (v == NULL) {
		errno = ENOENT;
		return -1;
	}
	for (;;) {
		while (i < vlen && (v[i] == '\t' || v[i] == ' '))
			i++;
		if (i == vlen)
			break;
		start = i;
		while (i < vlen && v[i] != '\t' && v[i] != ' ')
			i++;
		if (out->count == PROCINFO_NS_LEVELS ||
		    wk_parse_u32_text(v + start, i - start, &pid) == -1 ||
		    pid == 0 || pid > INT32_MAX) {
			errno = EINVAL;
			return -1;
		}
		out->pid[out->count++] = (int32_t)pid;
	}
	if (out->count == 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
procinfo_open_dir(int32_t pid)
{
	char path[32];

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%" PRId32, pid);
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int
procinfo_read_stat_at(int dirfd, struct procinfo_stat *out)
{
	char buf[1024];
	ssize_t n;

	n = file_read_at(dirfd, "stat", buf, sizeof buf);
	if (n == -1)
		return -1;
	return procinfo_parse_stat(buf, (size_t)n, out);
}

int
procinfo_read_stat(int32_t pid, struct procinfo_stat *out)
{
	int dirfd, rc, saved;

	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	rc = procinfo_read_stat_at(dirfd, out);
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}

int
procinfo_read_uids_at(int dirfd, uint32_t *uid, uint32_t *euid)
{
	char buf[4096];
	const char *line;
	size_t vlen;
	ssize_t n;
	unsigned r, e;

	n = file_read_at(dirfd, "status", buf, sizeof buf);
	if (n == -1)
		return -1;
	line = status_line(buf, (size_t)n, "Uid", &vlen);
	if (line == NULL || sscanf(line, "%u %u", &r, &e) != 2) {
		errno = EINVAL;
		return -1;
	}
	*uid = r;
	*euid = e;
	return 0;
}

uint32_t
procinfo_read_id_at(int dirfd, const char *name)
{
	char buf[16];
	ssize_t n;
	uint32_t v;

	n = file_read_at(dirfd, name, buf, sizeof buf);
	if (n <= 0 || wk_parse_u32_text(buf, (size_t)n, &v) == -1)
		return WK_ID_UNSET;
	return v;
}

int
procinfo_read(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	struct procinfo_stat st;
	char args[WK_ARGS_SHORT_MAX];
	ssize_t n;
	int dirfd, rc = -1, saved;

	(void)arg;
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	memset(out, 0, sizeof *out);
	if (procinfo_read_stat_at(dirfd, &st) == -1 ||
	    procinfo_read_uids_at(dirfd, &out->uid, &out->euid) == -1)
		goto out;
	out->pid = pid;
	out->ppid = st.ppid;
	out->start_time = st.start_time;
	memcpy(out->comm, st.comm, sizeof out->comm);
	out->loginuid = procinfo_read_id_at(dirfd, "loginuid");
	/* A zombie or kernel thread has no command line: args stay "". */
	n = file_read_at(dirfd, "cmdline", args, sizeof args);
	if (n > 0)
		procinfo_join_args(args, (size_t)n, out->args,
		    sizeof out->args);
	rc = 0;
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}

/* The inode of a namespace link under dirfd ("ns/pid"); 0 or -1. */
static int
ns_inode_at(int dirfd, const char *name, uint64_t *ino)
{
	struct stat sb;

	if (fstatat(dirfd, name, &sb, 0) == -1)
		return -1;
	*ino = (uint64_t)sb.st_ino;
	return 0;
}

/*
 * How many pid namespaces lie above the one of the link name under dirfd,
 * up to the daemon's (which is 0): its parents, asked of the kernel until
 * it says the next one is outside the daemon's reach.  -1 with errno.
 */
static int
ns_depth_at(int dirfd, const char *name)
{
	int fd, parent, depth = 0, saved;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	while (depth < PROCINFO_NS_LEVELS) {
		parent = ioctl(fd, NS_GET_PARENT);
		if (parent == -1)
			break;
		close(fd);
		fd = parent;
		depth++;
	}
	saved = errno;
	close(fd);
	if (depth == PROCINFO_NS_LEVELS || saved != EPERM) {
		errno = depth == PROCINFO_NS_LEVELS ? ELOOP : saved;
		return -1;
	}
	return depth;
}

/* Read the NSpid line of the status file under dirfd; 0 or -1. */
static int
read_nspid_at(int dirfd, struct procinfo_nspid *out)
{
	char buf[8192];
	ssize_t n;

	n = file_read_at(dirfd, "status", buf, sizeof buf);
	if (n == -1)
		return -1;
	return procinfo_parse_nspid(buf, (size_t)n, out);
}

int
procinfo_read_ns(int32_t pid, struct procinfo_ns *out)
{
	int dirfd, rc = -1, saved, depth;

	memset(out, 0, sizeof *out);
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	if (procinfo_read_stat_at(dirfd, &out->st) == -1 ||
	    read_nspid_at(dirfd, &out->nspid) == -1 ||
	    ns_inode_at(dirfd, "ns/pid", &out->ns) == -1)
		goto out;
	out->ns_children_level = out->nspid.count - 1;
	if (ns_inode_at(dirfd, "ns/pid_for_children", &out->ns_children) ==
	    -1) {
		/* Before Linux 4.12; or a zombie, which has no children. */
		out->ns_children = 0;
	} else if (out->ns_children != out->ns) {
		/* It made a namespace (unshare) or entered one (setns). */
		depth = ns_depth_at(dirfd, "ns/pid_for_children");
		if (depth == -1)
			goto out;
		out->ns_children_level = (unsigned)depth;
	}
	rc = 0;
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}

int32_t
procinfo_find_task(int32_t pid, unsigned level, int32_t ns_tid)
{
	struct procinfo_nspid nspid;
	struct dirent *d;
	unsigned seen = 0;
	uint32_t tid;
	int32_t found = 0;
	char path[48];
	DIR *dir;
	int fd;

	snprintf(path, sizeof path, "/proc/%" PRId32 "/task", pid);
	dir = opendir(path);
	if (dir == NULL)
		return 0;
	while (found == 0 && seen < PROCINFO_TASKS_MAX &&
	    (d = readdir(dir)) != NULL) {
		if (wk_parse_u32_text(d->d_name, strlen(d->d_name), &tid) ==
		    -1 || tid == 0 || tid > INT32_MAX)
			continue;
		seen++;
		fd = openat(dirfd(dir), d->d_name,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd == -1)
			continue;
		if (read_nspid_at(fd, &nspid) == 0 &&
		    nspid.count == level + 1 && nspid.pid[level] == ns_tid)
			found = (int32_t)tid;
		close(fd);
	}
	closedir(dir);
	return found;
}

void
procinfo_tty_name(int32_t tty_nr, char *buf, size_t size)
{
	uint32_t dev = (uint32_t)tty_nr;
	uint32_t major = (dev >> 8) & 0xfff;
	uint32_t minor = ((dev >> 12) & 0xfff00) | (dev & 0xff);

	buf[0] = '\0';
	if (dev == 0)
		return;
	if (major >= 136 && major <= 143)
		snprintf(buf, size, "pts/%" PRIu32,
		    minor + (major - 136) * 256);
	else if (major == 4 && minor < 64)
		snprintf(buf, size, "tty%" PRIu32, minor);
	else if (major == 4)
		snprintf(buf, size, "ttyS%" PRIu32, minor - 64);
	else if (major == 5 && minor == 1)
		snprintf(buf, size, "console");
}

void
procinfo_join_args(const char *args, size_t len, char *out, size_t size)
{
	size_t i;

	if (size == 0)
		return;
	while (len > 0 && args[len - 1] == '\0')
		len--;
	if (len > size - 1)
		len = size - 1;
	for (i = 0; i < len; i++)
		out[i] = args[i] == '\0' ? ' ' : args[i];
	out[len] = '\0';
}

unsigned
procinfo_chain(int32_t ppid, uint64_t child_start, procinfo_reader rd,
    void *arg, struct wk_chain_entry *chain, unsigned max)
{
	unsigned n = 0, i;
	int32_t pid = ppid;
	struct wk_chain_entry tmp;

	while (n < max && pid > 2) {
		if (rd(pid, &chain[n], arg) == -1)
			break;
		if (child_start != 0 && chain[n].start_time > child_start)
			break;
		child_start = chain[n].start_time;
		pid = chain[n].ppid;
		n++;
	}
	for (i = 0; i < n / 2; i++) {
		tmp = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = tmp;
	}
	return n;
}

int
procinfo_boot_time(int64_t *out)
{
	static int64_t cached;
	char *line = NULL;
	size_t cap = 0;
	long long v;
	FILE *fp;
	int rc = -1;

	if (cached != 0) {
		*out = cached;
		return 0;
	}
	fp = fopen("/proc/stat", "re");
	if (fp == NULL)
		return -1;
	errno = EINVAL;
	while (getline(&line, &cap, fp) != -1) {
		if (sscanf(line, "btime %lld", &v) == 1) {
			cached = v;
			*out = cached;
			rc = 0;
			break;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}

int
procinfo_start_epoch(uint64_t start_ticks, int64_t *sec)
{
	long hz = sysconf(_SC_CLK_TCK);
	int64_t btime;

	if (hz <= 0) {
		errno = EINVAL;
		return -1;
	}
	if (procinfo_boot_time(&btime) == -1)
		return -1;
	*sec = btime + (int64_t)(start_ticks / (uint64_t)hz);
	return 0;
}
