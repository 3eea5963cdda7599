/*
 * Reading one process for the process table.  stat gives the identity
 * (start time) and comm; the other files only what was asked, since each
 * costs an open and a read (several microseconds) on every fork or exec
 * of the machine.  The file readers are procinfo.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/cgroup_unit.h"
#include "daemon/base/file_read.h"
#include "procinfo.h"
#include "proc_snapshot.h"

/*
 * /proc/PID/cgroup through dirfd into cg: 0, or -1 with errno.  A v1
 * host with every controller lists a dozen lines: 4 KiB holds them and
 * a long path; a longer file is refused rather than read cut.
 */
static int
read_cgroup_at(int dirfd, struct wk_cgroup *cg)
{
	char buf[4096];
	ssize_t n;

	memset(cg, 0, sizeof *cg);
	n = file_read_at(dirfd, "cgroup", buf, sizeof buf);
	if (n == -1)
		return -1;
	if ((size_t)n == sizeof buf - 1) {
		errno = EFBIG;
		return -1;
	}
	return wk_cgroup_parse(buf, (size_t)n, cg->path, sizeof cg->path,
	    cg->unit, sizeof cg->unit);
}

/*
 * The base name of /proc/PID/exe through dirfd into exe (size bytes, cut
 * beyond): "" when it cannot be read (a kernel thread has none, another
 * user's is refused to a daemon that is not root, a zombie's is gone).
 * A deleted executable's name is its own, without " (deleted)".
 */
static void
read_exe_base_at(int dirfd, char *exe, size_t size)
{
	static const char deleted[] = " (deleted)";
	char path[4096];
	const char *base;
	ssize_t n;

	exe[0] = '\0';
	n = readlinkat(dirfd, "exe", path, sizeof path - 1);
	if (n <= 0)
		return;
	path[n] = '\0';
	if ((size_t)n > sizeof deleted - 1 &&
	    strcmp(path + n - (sizeof deleted - 1), deleted) == 0)
		path[n - (sizeof deleted - 1)] = '\0';
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	snprintf(exe, size, "%s", base);
}

int
proc_snapshot_cgroup(int32_t pid, uint64_t start_time, struct wk_cgroup *cg)
{
	return proc_snapshot_cgroup_exe(pid, start_time, cg, NULL, 0);
}

int
proc_snapshot_cgroup_exe(int32_t pid, uint64_t start_time,
    struct wk_cgroup *cg, char *exe, size_t size)
{
	struct procinfo_stat st;
	int dirfd, rc = -1, saved;

	memset(cg, 0, sizeof *cg);
	if (exe != NULL)
		exe[0] = '\0';
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	if (procinfo_read_stat_at(dirfd, &st) == -1)
		goto out;
	if (start_time != 0 && st.start_time != start_time) {
		errno = ESRCH;
		goto out;
	}
	/* One open of the directory for both: a report pays it once. */
	if (exe != NULL)
		read_exe_base_at(dirfd, exe, size);
	rc = read_cgroup_at(dirfd, cg);
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}

int
proc_snapshot_read(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie)
{
	return proc_snapshot_read_cg(pid, parts & ~PROC_READ_CGROUP, out,
	    zombie, NULL);
}

int
proc_snapshot_read_cg(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie, struct wk_cgroup *cg)
{
	struct procinfo_stat st;
	char buf[WK_ARGS_SHORT_MAX];
	ssize_t n;
	int dirfd, rc = -1, saved;

	*zombie = 0;
	if (cg != NULL)
		memset(cg, 0, sizeof *cg);
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	if (procinfo_read_stat_at(dirfd, &st) == -1)
		goto out;
	out->pid = pid;
	out->ppid = st.ppid;
	out->pgid = st.pgrp;
	out->sid = st.session;
	out->tty_nr = st.tty_nr;
	out->start_time = st.start_time;
	memcpy(out->comm, st.comm, sizeof out->comm);
	*zombie = st.state == 'Z' || st.state == 'X';
	if ((parts & PROC_READ_IDS) != 0 &&
	    procinfo_read_uids_at(dirfd, &out->uid, &out->euid) == -1)
		goto out;
	if ((parts & PROC_READ_AUDIT) != 0) {
		out->loginuid = procinfo_read_id_at(dirfd, "loginuid");
		out->sessionid = procinfo_read_id_at(dirfd, "sessionid");
	}
	if ((parts & PROC_READ_ARGS) != 0 && !*zombie) {
		n = file_read_at(dirfd, "cmdline", buf, sizeof buf);
		/* A kernel thread has no command line: args become "". */
		if (n >= 0)
			procinfo_join_args(buf, (size_t)n, out->args,
			    sizeof out->args);
		read_exe_base_at(dirfd, out->exe_base, sizeof out->exe_base);
	}
	/* A cgroup that cannot be read is only unknown (path ""). */
	if ((parts & PROC_READ_CGROUP) != 0 && cg != NULL)
		(void)read_cgroup_at(dirfd, cg);
	rc = 0;
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}
