/*
 * From datagram to stored row, the top of the ingest layer: decode any
 * report, verify it against the kernel's credentials, resolve what the
 * daemon adds (a killer's terminal and ancestry), and hand it to the write
 * path (ingest_backlog.h).  Kill reports come from the shim (here);
 * session and failed-login reports from the PAM module (ingest_pam.h).
 * Including this header gives the whole layer's interface.
 */
#ifndef WHOKILLED_DAEMON_INGEST_H
#define WHOKILLED_DAEMON_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "whokilled/wire.h"
#include "ingest_backlog.h"
#include "ingest_chain.h"
#include "ingest_group.h"
#include "ingest_pam.h"
#include "ingest_result.h"
#include "ingest_state.h"
#include "verify.h"

enum ingest_result {
	INGEST_STORED = 0,	/* added to the open batch */
	INGEST_MALFORMED,
	INGEST_FORGED,
	INGEST_NOCRED,
	INGEST_STORE_ERROR,	/* lost: refused, or the backlog was full */
	INGEST_KEPT,		/* kept in memory until the store works again */
};

void ingest_init(struct ingest *in, struct store *st,
    struct wkd_counters *counters, const char *boot_id,
    unsigned commit_interval_ms, unsigned drain_max);

/*
 * Handle one datagram of len bytes (truncated: it was longer than the
 * buffer) that came with the credentials cred (NULL: none): a kill, session
 * or failed-login report.  Counts it and returns what became of it.
 */
enum ingest_result ingest_datagram(struct ingest *in, const void *buf,
    size_t len, int truncated, const struct ucred *cred);

/*
 * Build the event for a verified report (argv: its caller.argv_len bytes
 * of command line): boot id, tty, and the chain from
 * the killer's outermost ancestor to the killer itself.  Returns VERIFY_OK
 * or VERIFY_FORGED (with *why) when /proc contradicts the report.
 */
enum verify_result ingest_resolve(struct ingest *in,
    const struct wk_kill_report *r, const char *argv,
    const struct ucred *cred, struct wk_event *ev, const char **why);

/*
 * Read up to drain_max datagrams from the report socket fd, stopping when
 * it is empty.  The report socket queues at most its queue length, so a
 * drain_max above it empties everything queued when the drain started.
 * Returns the number read, or -1 with errno on a socket error.
 */
int ingest_drain(struct ingest *in, int fd);

#endif
