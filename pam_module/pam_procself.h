/*
 * Readers of the process's own /proc files: what the module reports about
 * the program that called PAM.  Each takes the path it reads, so tests can
 * point it at files of their own.
 */
#ifndef WHOKILLED_PAM_PROCSELF_H
#define WHOKILLED_PAM_PROCSELF_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define PAMWK_PROC_STAT		"/proc/self/stat"
#define PAMWK_PROC_CMDLINE	"/proc/self/cmdline"
#define PAMWK_PROC_EXE		"/proc/self/exe"
#define PAMWK_PROC_LOGINUID	"/proc/self/loginuid"
#define PAMWK_PROC_SESSIONID	"/proc/self/sessionid"

/* The fields of /proc/PID/stat the module reports. */
struct pamwk_stat {
	int32_t pid;		/* field 1 */
	int32_t ppid;		/* field 4 */
	int32_t pgrp;		/* field 5 */
	int32_t session;	/* field 6 */
	int32_t tty_nr;		/* field 7 */
	uint64_t start_time;	/* field 22, clock ticks after boot */
	char comm[WK_COMM_MAX];	/* field 2 without its parentheses, cut to fit */
};

/*
 * Parses the text of a stat file (len bytes, need not be NUL-terminated).
 * The command name may hold spaces and ')', so it ends at the LAST ')'.
 * Returns 0, or -1 with errno EINVAL when a field up to 22 is missing or
 * not a number.
 */
int pamwk_parse_stat(const char *buf, size_t len, struct pamwk_stat *st);

/* Reads and parses a stat file.  Returns 0, or -1 with errno. */
int pamwk_read_stat(const char *path, struct pamwk_stat *st);

/*
 * Reads a file holding one unsigned 32-bit decimal number, such as
 * /proc/self/loginuid.  Returns 0, or -1 with errno (EINVAL when the text
 * is not such a number).
 */
int pamwk_read_id(const char *path, uint32_t *id);

/*
 * Reads a NUL-separated command line (a cmdline file) into argv as the wire
 * wants it: at most WK_ARGV_MAX bytes, the last used byte a NUL, every byte
 * after *argv_len zero.  *argc counts every argument in the file, stored or
 * not; a last argument without its NUL (a program that rewrote its argv)
 * still counts and gets one.  Returns 0 (1 when the command line was cut to
 * fit), or -1 with errno.
 */
int pamwk_read_cmdline(const char *path, uint32_t *argc,
    char argv[WK_ARGV_MAX], uint32_t *argv_len);

/*
 * Reads a symbolic link (such as /proc/self/exe) into buf as a string.
 * Returns 0 (1 when it was cut to fit), or -1 with errno.
 */
int pamwk_read_link(const char *path, char *buf, size_t size);

/*
 * Fills c with the calling process as it sees itself now: pid, ppid, tid,
 * real/effective/saved ids, loginuid and audit session (WK_ID_UNSET when
 * unreadable), session, group, terminal, start time and comm from its stat
 * file, its executable and command line.  What cannot be read stays zero;
 * c must have been cleared by the caller (wk_authfail_init does that).
 */
void pamwk_fill_caller(struct wk_caller *c);

#endif
