/*
 * The daemon's three sources of kernel audit records, for its poll loop:
 * the auditd plugin's connections (audit_socket), the netlink multicast
 * group (audit_netlink), and the backfill from log files (audit_backfill),
 * each with its own reader, all handing events to one ingest_kernel, which
 * stores each event once.  Each turn of the loop does a bounded amount of
 * work per source.  Events whose end record never comes are handed on
 * after libauparse's timeout, checked every AUDIT_INPUT_AGE_MS while
 * records arrive -- at a quiet moment (AUDIT_INPUT_SETTLE_MS without a
 * record): libauparse judges an event's age by its own time, so a node's
 * event sent late (after an outage) is old on arrival, and ageing between
 * two of its records would cut it in two.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_INPUT_H
#define WHOKILLED_DAEMON_AUDIT_INPUT_H

#include <poll.h>
#include <stdint.h>

#include "audit_backfill.h"
#include "audit_socket.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/base/stats.h"

#define AUDIT_INPUT_NETLINK_READS	256	/* datagrams per turn */
#define AUDIT_INPUT_AGE_MS		1000
#define AUDIT_INPUT_SETTLE_MS		250	/* quiet before ageing... */
#define AUDIT_INPUT_AGE_MAX_MS		5000	/* ...unless none came this long */
#define AUDIT_INPUT_QUIET_MS		10000	/* no ageing after this long idle */
#define AUDIT_INPUT_LOG_MS		60000	/* netlink drops logged once per */
#define AUDIT_INPUT_POLLFDS		(2 + AUDIT_SOCKET_CLIENTS)

struct audit_input {
	struct ingest_kernel *ki;
	struct wkd_counters *counters;
	int netlink_fd;			/* -1: not reading the group */
	struct wk_audit_reader *netlink_reader;
	struct audit_socket sock;
	int have_sock;
	struct audit_backfill backfill;
	int64_t last_record_ms;		/* when live records last came, or -1 */
	int64_t next_age_ms;
	int64_t last_aged_ms;		/* when events were last aged, or -1 */
	int64_t overflow_logged_ms;	/* when netlink drops were last logged */
};

/*
 * Ready the sources: the plugin socket when plugin_fd is not -1 (a
 * listening audit socket), the netlink group when netlink_fd is not -1
 * (from audit_netlink_open), the backfill of log unless it is NULL or "".
 * Takes ownership of both descriptors.  A log that cannot be read is
 * logged and left out.  Returns 0, or -1 with errno ENOMEM; the sources
 * opened so far are closed.
 */
int audit_input_open(struct audit_input *ai, struct ingest_kernel *ki,
    struct wkd_counters *counters, int plugin_fd, int netlink_fd,
    const char *log);

/* Fill pfd (room for AUDIT_INPUT_POLLFDS); returns the count. */
unsigned audit_input_pollfds(const struct audit_input *ai, struct pollfd *pfd);

/* Act on what poll() returned in pfd (n entries), and do a slice of backfill. */
void audit_input_handle(struct audit_input *ai, const struct pollfd *pfd,
    unsigned n, int64_t now_ms);

/* Milliseconds until there is work without input (0: now), or -1. */
int audit_input_timeout_ms(const struct audit_input *ai, int64_t now_ms);

/* Read what the live sources hold now, before a query is answered. */
void audit_input_drain(struct audit_input *ai, int64_t now_ms);

/* Close everything; events still open in the readers are handed on. */
void audit_input_close(struct audit_input *ai);

#endif
