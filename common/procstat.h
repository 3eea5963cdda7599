/*
 * The one parser of a /proc/PID/stat line, shared by the preload shim, the
 * PAM module and the daemon; each reads the file its own way and hands the
 * bytes here.  Pure and async-signal-safe (memcpy and memset only, no
 * allocation, no locale): the shim calls it inside kill(), possibly from a
 * signal handler.
 */
#ifndef WHOKILLED_COMMON_PROCSTAT_H
#define WHOKILLED_COMMON_PROCSTAT_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/* The fields of /proc/PID/stat whokilled uses (proc(5) numbering). */
struct wk_procstat {
	int32_t pid;		/* field 1, > 0 */
	char state;		/* field 3: 'R', 'S', ... 'Z' for a zombie */
	int32_t ppid;		/* field 4 */
	int32_t pgrp;		/* field 5 */
	int32_t session;	/* field 6 */
	int32_t tty_nr;		/* field 7; 0 when no terminal */
	uint64_t start_time;	/* field 22, clock ticks after boot */
	char comm[WK_COMM_MAX];	/* field 2 without its parentheses, cut */
};

/*
 * Parses the text of a stat file: len bytes, which need not be
 * NUL-terminated (nothing after len is read).  The line is
 * "PID (COMM) STATE PPID ..." with one space between fields; COMM may hold
 * any byte, spaces and ')' included, so it ends at the LAST ')'.  Fields
 * up to 22 must all be there, the numbers whole and in range (the ones
 * kept must fit their type; the others are skipped); what follows field 22
 * is not read.  Fills *st (comm NUL-terminated, cut to WK_COMM_MAX - 1
 * bytes, zero after) and returns 0, or returns -1 with errno EINVAL.
 */
int wk_procstat_parse(const char *buf, size_t len, struct wk_procstat *st);

#endif
