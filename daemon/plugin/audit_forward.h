/*
 * The auditd plugin's forwarder: audit records from auditd's pipe to the
 * daemon's audit socket, never blocking the reader of that pipe.
 *
 * Lines are queued whole in a buffer of bounded size and sent as
 * SOCK_SEQPACKET messages of whole lines, so a daemon that goes away
 * never sees half a record.  While the daemon is down or slow the queue
 * fills; a line that finds it full is dropped and counted, and the count
 * is told to the daemon ("#dropped N") once it reads again.  While there
 * is no connection, connecting is retried every AUDIT_FORWARD_RETRY_MS.
 * Only the record types the daemon reads (audit_filter_line) are queued.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_FORWARD_H
#define WHOKILLED_DAEMON_AUDIT_FORWARD_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

#define AUDIT_FORWARD_QUEUE	(4 * 1024 * 1024)	/* default queue size */
#define AUDIT_FORWARD_MSG_MAX	(60 * 1024)	/* one message, and longest line */
#define AUDIT_FORWARD_RETRY_MS	1000

struct audit_forward {
	struct sockaddr_un addr;
	int fd;			/* the connection, -1 while there is none */
	char *queue;		/* whole lines: queue[head, head + len) */
	size_t head, len, cap;
	char *line;		/* the line being read from the input */
	size_t line_len;
	int skipping;		/* inside an over-long line: drop to its end */
	int64_t retry_ms;	/* no connect attempt before this time */
	int down_logged;	/* the daemon's absence was logged */
	uint64_t queued;	/* lines queued */
	uint64_t filtered;	/* lines of other record types, left out */
	uint64_t dropped;	/* lines lost: queue full, too long */
	uint64_t refused;	/* lines that are no audit records */
	uint64_t refused_unreported;	/* of those, not yet told to the daemon */
	uint64_t too_long;	/* of the dropped, lines over AUDIT_FORWARD_MSG_MAX */
	uint64_t unreported;	/* of those, not yet told to the daemon */
};

/*
 * Ready f to forward to the socket at addr with a queue of cap bytes
 * (at least AUDIT_FORWARD_MSG_MAX).  Nothing is connected yet.  Returns 0,
 * or -1 with errno (ENOMEM, EINVAL).
 */
int audit_forward_init(struct audit_forward *f, const struct sockaddr_un *addr,
    size_t cap);
void audit_forward_free(struct audit_forward *f);

/*
 * Take len bytes of auditd's output, cut into lines anywhere: each whole
 * line is queued or dropped, then as much as the socket takes is sent.
 * Returns at once whatever the daemon does.
 */
void audit_forward_input(struct audit_forward *f, const char *data,
    size_t len, int64_t now_ms);

/*
 * Connect when not connected and an attempt is due (the first one is due
 * at once), then send what the socket takes without waiting.  Returns at
 * once.
 */
void audit_forward_flush(struct audit_forward *f, int64_t now_ms);

/* Fill pfd for poll(); returns 1 when there is a connection to watch. */
int audit_forward_pollfd(const struct audit_forward *f, struct pollfd *pfd);

/* Act on what poll() returned for the connection. */
void audit_forward_handle(struct audit_forward *f, short revents,
    int64_t now_ms);

/* Milliseconds until a connect attempt is due, or -1 when connected. */
int audit_forward_timeout_ms(const struct audit_forward *f, int64_t now_ms);

#endif
