/*
 * What the module reports and how: the PAM items, the calling process as
 * its own /proc files show it, the session and failed-authentication
 * reports built from them, and the datagram that carries one to the
 * daemon.  The /proc readers take the path they read, so tests can point
 * them at files of their own.
 */
#ifndef WHOKILLED_PAM_REPORT_H
#define WHOKILLED_PAM_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <security/pam_modules.h>

#include "common/procstat.h"
#include "whokilled/wire.h"

#define PAMWK_PROC_STAT		"/proc/self/stat"
#define PAMWK_PROC_CMDLINE	"/proc/self/cmdline"
#define PAMWK_PROC_EXE		"/proc/self/exe"
#define PAMWK_PROC_LOGINUID	"/proc/self/loginuid"
#define PAMWK_PROC_SESSIONID	"/proc/self/sessionid"

/* The PAM items a report carries, as pam_get_item gave them (NULL: unset). */
struct pamwk_items {
	const char *user;
	const char *service;
	const char *tty;
	const char *rhost;
	const char *ruser;
};

/* A session's identity: fixed at open, sent again unchanged at close. */
struct pamwk_session {
	int32_t pid;		/* the process that opened the session */
	int32_t ppid;
	uint64_t start_time;	/* its start time, clock ticks after boot */
	uint32_t uid;		/* the user's uid, WK_ID_UNSET when unknown */
	uint32_t loginuid;
	uint32_t sessionid;
	uint32_t flags;		/* WK_SF_* but WK_SF_TRUNCATED */
	uint64_t own_id;	/* with WK_SF_OWN_ID */
};

/*
 * Reads PAM_USER, PAM_SERVICE, PAM_TTY, PAM_RHOST and PAM_RUSER into it;
 * an unset item is NULL.  Never prompts (PAM_USER is read as an item, not
 * through pam_get_user).  The strings belong to PAM and stay valid until
 * the item is changed.
 */
void pamwk_get_items(pam_handle_t *pamh, struct pamwk_items *it);

/* Reads and parses a stat file (wk_procstat_parse).  0, or -1 with errno. */
int pamwk_read_stat(const char *path, struct wk_procstat *st);

/*
 * Reads a file holding one unsigned 32-bit decimal number, such as
 * /proc/self/loginuid.  Returns 0, or -1 with errno (EINVAL when the text
 * is not such a number).
 */
int pamwk_read_id(const char *path, uint32_t *id);

/* A command line longer than this is read this far (ARG_MAX is 2 MiB). */
#define PAMWK_CMDLINE_READ_MAX	(16u << 20)

/*
 * Reads a NUL-separated command line (a cmdline file) into argv
 * (WK_ARGV_MAX bytes) as the wire wants it: whole when it fits, else its
 * beginning and its end (wk_argv_pack), with c->argc, c->argv_len and
 * c->argv_cut set.  A last argument without its NUL (a program that
 * rewrote its argv) still counts and gets one.  Returns 0 (1 when the
 * command line was cut to fit), or -1 with errno and nothing in c.
 */
int pamwk_read_cmdline(const char *path, struct wk_caller *c, char *argv);

/*
 * Reads a symbolic link (such as /proc/self/exe) into buf as a string.
 * Returns 0 (1 when it was cut to fit), or -1 with errno.
 */
int pamwk_read_link(const char *path, char *buf, size_t size);

/*
 * Copies the items into the five report fields (each of its wire size: user
 * and ruser WK_USER_MAX, service WK_SERVICE_MAX, tty WK_TTY_MAX, rhost
 * WK_HOST_MAX), a NULL item as "".  A tty's "/dev/" prefix is dropped, so
 * "/dev/pts/0" and "pts/0" read alike.  Returns WK_SF_TRUNCATED when an
 * item was cut to fit, else 0.
 */
uint32_t pamwk_copy_items(const struct pamwk_items *it, char *user,
    char *service, char *tty, char *rhost, char *ruser);

/*
 * Fills r as a report of type WK_MSG_SESSION_OPEN or WK_MSG_SESSION_CLOSE
 * about session s, with the items and the current CLOCK_REALTIME time.
 */
void pamwk_build_session(struct wk_session_report *r, uint16_t type,
    const struct pamwk_session *s, const struct pamwk_items *it);

/*
 * Fills r as a failed-authentication report: the items, the current time,
 * and the calling process as it sees itself now: its ids (from the
 * kernel), loginuid and audit session (WK_ID_UNSET when unreadable),
 * terminal, start time and comm from its stat file, its executable and
 * command line (into argv, WK_ARGV_MAX bytes: caller.argv_len of them
 * used).  What cannot be read stays zero.
 */
void pamwk_build_authfail(struct wk_authfail_report *r, char *argv,
    const struct pamwk_items *it);

/*
 * Sends one report (msg, len bytes, starting with its struct wk_header,
 * then tail_len bytes of tail: an authfail report's argv) to
 * "<socket_dir>/report.sock" on a fresh non-blocking datagram socket that
 * is closed again before returning.  hdr.dropped carries the reports this
 * process failed to send before; a failed send adds to them.  Never waits:
 * a full daemon queue fails with EAGAIN.  Returns 0, or -1 with errno
 * (ENOENT or ECONNREFUSED: no daemon listens).
 */
int pamwk_send(const char *socket_dir, void *msg, size_t len,
    const char *tail, size_t tail_len);

#endif
