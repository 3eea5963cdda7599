/*
 * Building the session and failed-authentication reports, and sending one
 * as a datagram to the daemon.
 */
#ifndef WHOKILLED_PAM_REPORT_H
#define WHOKILLED_PAM_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

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
 * and the calling process read from /proc/self.
 */
void pamwk_build_authfail(struct wk_authfail_report *r,
    const struct pamwk_items *it);

/*
 * Sends one report (msg, len bytes, starting with its struct wk_header) to
 * "<socket_dir>/report.sock" on a fresh non-blocking datagram socket that
 * is closed again before returning.  hdr.dropped carries the reports this
 * process failed to send before; a failed send adds to them.  Never waits:
 * a full daemon queue fails with EAGAIN.  Returns 0, or -1 with errno
 * (ENOENT or ECONNREFUSED: no daemon listens).
 */
int pamwk_send(const char *socket_dir, void *msg, size_t len);

#endif
