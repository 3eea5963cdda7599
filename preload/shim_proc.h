/*
 * Async-signal-safe readers of /proc for the preload shim.  Everything here
 * goes through raw syscall(): no stdio, no malloc, no cancellation points,
 * nothing another preload library could have wrapped.
 */
#ifndef WHOKILLED_SHIM_PROC_H
#define WHOKILLED_SHIM_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/* The fields of /proc/PID/stat the shim reports. */
struct shim_proc_stat {
	int32_t pid;		/* field 1 */
	int32_t ppid;		/* field 4 */
	int32_t pgrp;		/* field 5 */
	int32_t session;	/* field 6 */
	int32_t tty_nr;		/* field 7 */
	uint64_t start_time;	/* field 22, clock ticks after boot */
	char comm[WK_COMM_MAX];	/* field 2, without parentheses, cut to fit */
};

/*
 * Parses the text of a /proc/PID/stat file (len bytes, need not be
 * NUL-terminated).  The command name may hold any byte, ')' and spaces
 * included, so it ends at the LAST ')'.  Returns 0, or -1 with errno EINVAL
 * when a field up to starttime is missing or not a number.
 */
int shim_parse_stat(const char *buf, size_t len, struct shim_proc_stat *st);

/*
 * Reads /proc/PID/stat, or /proc/self/stat when pid is 0.  When owner_uid
 * is not NULL it receives the owner of the open file, which the kernel sets
 * to the process's effective uid (root for a non-dumpable process, such as
 * one that changed credentials).  Returns 0, or -1 with errno.
 */
int shim_read_stat(int32_t pid, struct shim_proc_stat *st, uint32_t *owner_uid);

/*
 * Reads a file holding one unsigned decimal number, such as
 * /proc/self/loginuid.  Returns 0, or -1 with errno.
 */
int shim_read_id(const char *path, uint32_t *id);

/*
 * Finds the pid a pidfd refers to from the "Pid:" line of
 * /proc/self/fdinfo/FD.  Returns 0 with *pid > 0, or -1 with errno (ESRCH
 * when the process has gone and the kernel shows -1).
 */
int shim_pidfd_pid(int pidfd, int32_t *pid);

/*
 * Writes v in decimal into buf (no NUL) and returns the number of digits,
 * or 0 when size is too small.
 */
size_t shim_format_u64(char *buf, size_t size, uint64_t v);

/*
 * Parses an optionally signed decimal number at *p, stopping at end or at
 * the first non-digit, and advances *p past it.  Returns 0, or -1 when no
 * digit is there or the value overflows.
 */
int shim_parse_i64(const char **p, const char *end, int64_t *v);

#endif
