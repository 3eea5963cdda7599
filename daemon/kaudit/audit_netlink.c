/*
 * Reading the audit multicast group.
 */
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit_filter.h"
#include "audit_netlink.h"
#include "daemon/base/log.h"

int
audit_netlink_open(void)
{
	struct sockaddr_nl sa;
	int fd, size = AUDIT_NETLINK_RCVBUF, saved;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    NETLINK_AUDIT);
	if (fd == -1)
		return -1;
	/* Past the rmem_max cap with CAP_NET_ADMIN; a smaller one only drops sooner. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) == -1 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == -1)
		log_debug("audit netlink: SO_RCVBUF: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Feed one record's text (trailing NULs and newlines cut); 0 or -1. */
static int
feed_record(struct wk_audit_reader *r, int type, const char *text, size_t len,
    struct audit_netlink_counts *c)
{
	while (len > 0 && (text[len - 1] == '\0' || text[len - 1] == '\n'))
		len--;
	if (len == 0 || memchr(text, '\n', len) != NULL ||
	    memchr(text, '\0', len) != NULL) {
		c->malformed++;
		return 0;
	}
	if (wk_audit_reader_feed_netlink(r, type, text, len) == -1)
		return errno == EINVAL ? (c->malformed++, 0) : -1;
	c->records++;
	return 0;
}

int
audit_netlink_feed(struct wk_audit_reader *r, const void *buf, size_t len,
    struct audit_netlink_counts *c)
{
	const struct nlmsghdr *nh = buf;
	/* Signed: NLMSG_NEXT may step past an unpadded last message. */
	int left = len > INT_MAX ? INT_MAX : (int)len;

	for (; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
		if (nh->nlmsg_type < AUDIT_FIRST_USER_MSG)
			continue;	/* NLMSG_* and audit control replies */
		if (!audit_filter_type(nh->nlmsg_type))
			continue;
		if (feed_record(r, nh->nlmsg_type, NLMSG_DATA(nh),
		    nh->nlmsg_len - NLMSG_HDRLEN, c) == -1)
			return -1;
	}
	return 0;
}

int
audit_netlink_drain(int fd, struct wk_audit_reader *r, unsigned max,
    struct audit_netlink_counts *c)
{
	union {
		struct nlmsghdr align;
		char raw[AUDIT_NETLINK_MSG_MAX];
	} buf;
	struct sockaddr_nl from;
	socklen_t fromlen;
	unsigned count = 0;
	ssize_t n;

	while (count < max) {
		fromlen = sizeof from;
		n = recvfrom(fd, buf.raw, sizeof buf.raw, MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fromlen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == ENOBUFS) {
			c->overflows++;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n == -1)
			return -1;
		count++;
		if (fromlen != sizeof from || from.nl_family != AF_NETLINK ||
		    from.nl_pid != 0) {
			c->malformed++;
			continue;
		}
		if (audit_netlink_feed(r, buf.raw, (size_t)n, c) == -1)
			return -1;
	}
	return (int)count;
}
