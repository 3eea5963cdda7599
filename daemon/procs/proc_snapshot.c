/*
 * Reading one process for the process table.  stat gives the identity
 * (start time) and comm; the other files only what was asked, since each
 * costs an open and a read (several microseconds) on every fork or exec
 * of the machine.  The file readers are procinfo.c's.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "daemon/base/file_read.h"
#include "procinfo.h"
#include "proc_snapshot.h"

int
proc_snapshot_read(int32_t pid, unsigned parts, struct proc_entry *out,
    int *zombie)
{
	struct procinfo_stat st;
	char buf[WK_ARGS_SHORT_MAX];
	ssize_t n;
	int dirfd, rc = -1, saved;

	*zombie = 0;
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	if (procinfo_read_stat_at(dirfd, &st) == -1)
		goto out;
	out->pid = pid;
	out->ppid = st.ppid;
	out->pgid = st.pgrp;
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
	}
	rc = 0;
out:
	saved = errno;
	close(dirfd);
	errno = saved;
	return rc;
}
