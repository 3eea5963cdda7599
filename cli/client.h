/*
 * The query side of the wire format, client end: connect to the daemon's
 * query socket, send one query, read its reply frames.
 */
#ifndef WHOKILLED_CLI_CLIENT_H
#define WHOKILLED_CLI_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/* How long the daemon may take to accept, and to send each frame. */
#define CLI_TIMEOUT_MS	10000

/* Room for "<socket dir>/query.sock": sockaddr_un.sun_path. */
#define CLI_PATH_MAX	108

/*
 * Writes "<dir>/query.sock" into buf.  Returns 0, or -1 with errno
 * ENAMETOOLONG when dir is longer than WK_SOCKET_DIR_MAX or the path does
 * not fit a Unix socket address.
 */
int cli_query_path(const char *dir, char *buf, size_t size);

/*
 * Connects a stream socket to path, waiting at most timeout_ms when the
 * daemon's backlog is full.  Returns the descriptor, or -1 with errno
 * (ETIMEDOUT when the wait ran out).
 */
int cli_connect(const char *path, int timeout_ms);

/* Sends q whole.  Returns 0, or -1 with errno (ETIMEDOUT likewise). */
int cli_send_query(int fd, const struct wk_query *q, int timeout_ms);

/*
 * Reads one reply frame into buf (size at least WK_REPLY_MAX): its header,
 * checked with wk_peek_reply, then the rest of it, all within timeout_ms.
 * With timeout_ms -1 it waits for a frame as long as it takes, unless a
 * signal comes (EINTR), and then for its rest at most CLI_TIMEOUT_MS.
 * Returns 0 with the frame's type and length, or -1 with errno and *why:
 *   EPROTO      the header is malformed (*why says how);
 *   ECONNRESET  the daemon closed the connection mid-reply;
 *   ETIMEDOUT   the frame did not arrive in time;
 *   EINTR       a signal came while waiting without a timeout;
 *   another     the read failed.
 */
int cli_read_frame(int fd, void *buf, size_t size, int timeout_ms,
    uint16_t *type, size_t *len, const char **why);

/* Whether bytes of a frame arrive on fd within timeout_ms (0: none now,
 * or a signal came). */
int cli_frame_waiting(int fd, int timeout_ms);

#endif
