/*
 * What the daemon reads about processes from /proc: the boot id, terminal
 * names, the ancestry chain of a killer, and where a process sits in the
 * pid namespaces.
 */
#ifndef WHOKILLED_DAEMON_PROCINFO_H
#define WHOKILLED_DAEMON_PROCINFO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"

#define PROCINFO_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

/* The fields of /proc/PID/stat the daemon uses. */
struct procinfo_stat {
	char comm[WK_COMM_MAX];
	char state;		/* 'R', 'S', ... 'Z' for a zombie */
	int32_t ppid;
	int32_t pgrp;		/* process group */
	int32_t session;
	int32_t tty_nr;
	uint64_t start_time;	/* clock ticks after boot */
};

/*
 * The NSpid line of /proc/PID/status: the process's pid in each pid
 * namespace it is in, from the one of the /proc that was read (the
 * daemon's) to its own, innermost, last.  count 1: no other namespace.
 * The kernel nests pid namespaces at most 32 deep under the first.
 */
#define PROCINFO_NS_LEVELS	33
struct procinfo_nspid {
	unsigned count;
	int32_t pid[PROCINFO_NS_LEVELS];
};

/* A running process and the pid namespaces it is in. */
struct procinfo_ns {
	struct procinfo_stat st;	/* its stat, in the daemon's pids */
	struct procinfo_nspid nspid;
	uint64_t ns;		/* its pid namespace: the inode of ns/pid */
	uint64_t ns_children;	/* ns/pid_for_children (its children's);
				 * 0 when the kernel has no such link */
	unsigned ns_children_level;	/* how deep ns_children is: the
				 * daemon's namespace is 0 */
};

/*
 * Reads one process into a chain entry (pid, ppid, start_time, uid, euid,
 * loginuid, comm, args).  Returns 0, or -1 with errno (ENOENT or ESRCH when
 * the process is gone).  procinfo_read is the real one; tests pass others.
 */
typedef int (*procinfo_reader)(int32_t pid, struct wk_chain_entry *out,
    void *arg);
int procinfo_read(int32_t pid, struct wk_chain_entry *out, void *arg);

/* Read the boot id (36 characters) from path; 0 or -1 with errno. */
int procinfo_boot_id(const char *path, char out[WK_BOOT_ID_MAX]);

/*
 * Parse the text of /proc/PID/stat with the common parser
 * (wk_procstat_parse: comm runs to the LAST ')' since a command name may
 * itself hold ") ") and keep the fields the daemon uses.  Returns 0, or -1
 * with EINVAL.
 */
int procinfo_parse_stat(const char *buf, size_t len, struct procinfo_stat *out);

/*
 * The pieces procinfo_read is made of, for the other readers of /proc
 * (proc_snapshot.c).  procinfo_open_dir opens /proc/PID as a directory (the
 * descriptor pins that one process: once it is gone, files under it fail
 * to open rather than show a newcomer); -1 with errno (ESRCH for pid <= 0).
 * The others read one file under such a descriptor:
 *   (file_read_at, daemon/base/file_read.h, reads any one file whole)
 *   procinfo_read_stat_at  stat, parsed; 0 or -1
 *   procinfo_read_uids_at  real and effective uid of status; 0 or -1
 *   procinfo_read_id_at    a one-number file (loginuid, sessionid), or
 *                          WK_ID_UNSET when absent, unset or odd
 */
int procinfo_open_dir(int32_t pid);
int procinfo_read_stat_at(int dirfd, struct procinfo_stat *out);
int procinfo_read_uids_at(int dirfd, uint32_t *uid, uint32_t *euid);
uint32_t procinfo_read_id_at(int dirfd, const char *name);

/*
 * Parse the NSpid line out of the text of /proc/PID/status (len bytes, not
 * necessarily NUL-terminated).  Returns 0, or -1 with errno ENOENT (no such
 * line: a kernel before 4.1) or EINVAL (a pid that is not a positive
 * number, more than PROCINFO_NS_LEVELS of them, or none).
 */
int procinfo_parse_nspid(const char *buf, size_t len,
    struct procinfo_nspid *out);

/*
 * Read where pid is in the pid namespaces: stat, NSpid, and the inodes of
 * its ns/pid and ns/pid_for_children, all through one descriptor of
 * /proc/PID (so of one process).  A zombie can still be read; a process
 * that was reaped cannot.  Returns 0, or -1 with errno (ENOENT or ESRCH:
 * gone; EACCES: the namespace links are not the daemon's to read).
 */
int procinfo_read_ns(int32_t pid, struct procinfo_ns *out);

/*
 * The thread of process pid (in the daemon's pids) whose id in the
 * namespace level levels below the daemon's is ns_tid: its id in the
 * daemon's pids, or 0 when none is found among the first
 * PROCINFO_TASKS_MAX threads.
 */
#define PROCINFO_TASKS_MAX	4096
int32_t procinfo_find_task(int32_t pid, unsigned level, int32_t ns_tid);

/* Read /proc/PID/stat; 0 or -1 with errno (ENOENT: no such process). */
int procinfo_read_stat(int32_t pid, struct procinfo_stat *out);

/* Name the terminal whose device number is tty_nr ("pts/3"), "" if none. */
void procinfo_tty_name(int32_t tty_nr, char *buf, size_t size);

/* Join NUL-separated arguments with spaces into out, cut to fit. */
void procinfo_join_args(const char *args, size_t len, char *out, size_t size);

/*
 * Walk the ancestors of a process whose parent is ppid and whose start
 * time is child_start (0: unknown), reading each with rd.  Stops before
 * pid 0, 1 or 2, after max entries, when a process cannot be read, or at a
 * process that started after its child (its pid was reused).  Writes the
 * ancestors outermost first into chain and returns how many.
 */
unsigned procinfo_chain(int32_t ppid, uint64_t child_start, procinfo_reader rd,
    void *arg, struct wk_chain_entry *chain, unsigned max);

/* Convert a start time in clock ticks after boot into epoch seconds; 0/-1. */
int procinfo_start_epoch(uint64_t start_ticks, int64_t *sec);

/*
 * When this boot began, in whole epoch seconds (the btime of /proc/stat,
 * rounded down: a time converted with it to clock ticks after boot is
 * never earlier than the truth).  0, or -1 with errno.
 */
int procinfo_boot_time(int64_t *sec);

#endif
