/*
 * Async-signal-safe readers of /proc for the preload shim.  Everything here
 * goes through raw syscall(): no stdio, no malloc, no cancellation points,
 * nothing another preload library could have wrapped.
 */
#ifndef WHOKILLED_SHIM_PROC_H
#define WHOKILLED_SHIM_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "common/procstat.h"

/*
 * Reads and parses /proc/PID/stat (wk_procstat_parse), or /proc/self/stat
 * when pid is 0.  When owner_uid is not NULL it receives the owner of the
 * open file, which the kernel sets to the process's effective uid (root
 * for a non-dumpable process, such as one that changed credentials).
 * Returns 0, or -1 with errno.
 */
int shim_read_stat(int32_t pid, struct wk_procstat *st, uint32_t *owner_uid);

/*
 * shim_read_stat of the process whose /proc/PID directory is open as
 * dirfd (its "stat", opened relative to it): a process named by such a
 * descriptor, as pidfd_send_signal() accepts one.  A directory outside
 * /proc is refused with EBADF.
 */
int shim_read_stat_at(int dirfd, struct wk_procstat *st,
    uint32_t *owner_uid);

/*
 * Reads /proc/PID/cgroup whole into buf (size bytes, NUL-terminated).
 * Returns its length, or -1 with errno (EFBIG when it does not fit).
 */
long shim_read_cgroup(int32_t pid, char *buf, size_t size);

/*
 * Reads a file holding one unsigned 32-bit decimal number, such as
 * /proc/self/loginuid.  Returns 0, or -1 with errno (EINVAL when the text
 * is not such a number).
 */
int shim_read_id(const char *path, uint32_t *id);

/*
 * Finds the pid a pidfd refers to from the "Pid:" line of
 * /proc/self/fdinfo/FD.  Returns 0 with *pid > 0, or -1 with errno (ESRCH
 * when the process has gone and the kernel shows -1).
 */
int shim_pidfd_pid(int pidfd, int32_t *pid);

/*
 * Finds the process (thread group) of thread tid from the "Tgid:" line of
 * /proc/TID/status (readable for any thread, listed or not).  Returns 0,
 * or -1 with errno (ENOENT when there is no such thread).
 */
int shim_thread_tgid(int32_t tid, int32_t *tgid);

/*
 * Writes v in decimal into buf (no NUL) and returns the number of digits,
 * or 0 when size is too small.
 */
size_t shim_format_u64(char *buf, size_t size, uint64_t v);

#endif
