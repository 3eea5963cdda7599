/*
 * A connection to systemd's private socket, seen from its client's side.
 * The kernel copies the listening socket's path to each socket it accepts
 * (unix_stream_connect), so the peer of systemctl's end names the file
 * the listener is bound to: its UNIX_DIAG_VFS inode and device are those
 * stat() gives for the path.  Two sock_diag lookups by inode per socket
 * of the process: one for its peer, one for the peer's file.  The
 * server's end is seen once accepted (sock_diag does not look on a
 * listener's queue); systemd accepts at once, and systemctl waits for its
 * answer to the authentication that follows.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sysd_private_peer.h"

#define FDS_MAX		256

/* What sock_diag says of one socket: its peer's inode, its file. */
struct diag_answer {
	uint32_t peer;		/* 0: none */
	int has_vfs;
	struct unix_diag_vfs vfs;
};

/* Ask about socket ino (show: UDIAG_SHOW_*); 0, or -1 with errno
 * (ENOENT: no such socket in this network namespace). */
static int
diag_lookup(int nl, uint32_t ino, uint32_t show, struct diag_answer *a)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} q;
	/* One answer: the message, its peer and its file. */
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *rta;
	ssize_t n;
	int len;

	memset(&q, 0, sizeof q);
	q.nlh.nlmsg_len = sizeof q;
	q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.nlh.nlmsg_flags = NLM_F_REQUEST;
	q.req.sdiag_family = AF_UNIX;
	q.req.udiag_states = ~0u;
	q.req.udiag_ino = ino;
	q.req.udiag_show = show;
	q.req.udiag_cookie[0] = q.req.udiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send(nl, &q, sizeof q, 0) != (ssize_t)sizeof q)
		return -1;
	/* The kernel answers within the send: nothing to wait for. */
	n = recv(nl, buf, sizeof buf, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	if (!NLMSG_OK(h, (size_t)n)) {
		errno = EPROTO;
		return -1;
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);

		errno = h->nlmsg_len >= NLMSG_LENGTH(sizeof *e) && e->error < 0 ?
		    -e->error : EPROTO;
		return -1;
	}
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg))) {
		errno = EPROTO;
		return -1;
	}
	memset(a, 0, sizeof *a);
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(struct unix_diag_msg)));
	rta = (struct rtattr *)((char *)NLMSG_DATA(h) +
	    NLMSG_ALIGN(sizeof(struct unix_diag_msg)));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == UNIX_DIAG_PEER &&
		    RTA_PAYLOAD(rta) >= sizeof a->peer)
			memcpy(&a->peer, RTA_DATA(rta), sizeof a->peer);
		else if (rta->rta_type == UNIX_DIAG_VFS &&
		    RTA_PAYLOAD(rta) >= sizeof a->vfs) {
			memcpy(&a->vfs, RTA_DATA(rta), sizeof a->vfs);
			a->has_vfs = 1;
		}
	}
	return 0;
}

/* Whether socket ino's peer is bound to the file st: 1, 0, or -1. */
static int
peer_is(int nl, uint32_t ino, const struct stat *st)
{
	struct diag_answer a;
	unsigned kdev;

	if (diag_lookup(nl, ino, UDIAG_SHOW_PEER, &a) == -1)
		return errno == ENOENT ? 0 : -1;
	if (a.peer == 0)
		return 0;
	if (diag_lookup(nl, a.peer, UDIAG_SHOW_VFS, &a) == -1)
		return errno == ENOENT ? 0 : -1;
	/* The kernel's own dev_t: major above bit 20. */
	kdev = a.vfs.udiag_vfs_dev;
	return a.has_vfs && a.vfs.udiag_vfs_ino == st->st_ino &&
	    makedev(kdev >> 20, kdev & 0xfffff) == st->st_dev;
}

int
sysd_private_peer(int32_t pid, const char *path)
{
	char dir[64], link[64];
	struct stat st;
	struct dirent *e;
	DIR *d;
	unsigned long ino;
	unsigned looked = 0;
	ssize_t n;
	int nl, found = 0, err = 0;

	if (stat(path, &st) == -1)
		return -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = ENOTSOCK;
		return -1;
	}
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	if ((d = opendir(dir)) == NULL)
		return -1;
	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl == -1) {
		closedir(d);
		return -1;
	}
	while (!found && looked < FDS_MAX && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		looked++;
		n = readlinkat(dirfd(d), e->d_name, link, sizeof link - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (sscanf(link, "socket:[%lu]", &ino) != 1 || ino > UINT32_MAX)
			continue;
		/* One socket that cannot be looked at does not hide the
		 * others. */
		switch (peer_is(nl, (uint32_t)ino, &st)) {
		case 1:
			found = 1;
			break;
		case -1:
			err = errno;
			break;
		}
	}
	close(nl);
	closedir(d);
	if (found || err == 0)
		return found;
	errno = err;
	return -1;
}
