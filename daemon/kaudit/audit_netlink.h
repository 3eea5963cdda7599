/*
 * The kernel's audit multicast group: every audit record, whether or not
 * auditd runs, read-only and best effort.  Binding needs CAP_AUDIT_READ;
 * the socket never registers as the audit daemon (no AUDIT_SET of a pid)
 * and sends nothing, so auditd keeps its place.  The kernel never waits
 * for a multicast reader: when the socket's buffer is full it drops, and
 * the next read says so (ENOBUFS), which is counted.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_NETLINK_H
#define WHOKILLED_DAEMON_AUDIT_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#include "audit/audit_reader.h"

#define AUDIT_NETLINK_RCVBUF	(8 * 1024 * 1024)
/* A record is at most 8970 bytes of text (MAX_AUDIT_MESSAGE_LENGTH). */
#define AUDIT_NETLINK_MSG_MAX	(16 * 1024)

struct audit_netlink_counts {
	uint64_t records;	/* records fed to the reader */
	uint64_t overflows;	/* times the kernel dropped records for us */
	uint64_t malformed;	/* messages that were not audit text */
};

/*
 * Open (non-blocking, close-on-exec) and bind the socket to the group
 * AUDIT_NLGRP_READLOG with a deep receive buffer.  Returns the descriptor,
 * or -1 with errno (EPERM without CAP_AUDIT_READ, EPROTONOSUPPORT or
 * ENOENT without audit in the kernel).
 */
int audit_netlink_open(void);

/*
 * Feed the records of one datagram (buf, len bytes: netlink messages of
 * an audit record type and its text "audit(SEC.MS:SERIAL): ...") to r:
 * those audit_filter_type() wants, counted in *c.  Control messages are
 * skipped.  Returns 0, or -1 with errno ENOMEM from the reader.
 */
int audit_netlink_feed(struct wk_audit_reader *r, const void *buf, size_t len,
    struct audit_netlink_counts *c);

/*
 * Read at most max datagrams from fd into r, stopping when it is empty.
 * Datagrams not from the kernel are ignored.  Returns the number read, or
 * -1 with errno on a socket error.
 */
int audit_netlink_drain(int fd, struct wk_audit_reader *r, unsigned max,
    struct audit_netlink_counts *c);

#endif
