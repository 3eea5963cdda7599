/*
 * The process-events connector.  The kernel multicasts one netlink message
 * per event to the CN_IDX_PROC group: a struct nlmsghdr, a struct cn_msg,
 * and a struct proc_event whose union member depends on its kind.  Every
 * length is checked before it is believed, and every field is copied out
 * with memcpy, so a short or odd message cannot be read past its end.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include "proc_events.h"

/* Offset of the union in struct proc_event: what, cpu, timestamp_ns. */
#define EV_HEAD_SIZE	offsetof(struct proc_event, event_data)

/* Older kernels sent exit and coredump events without the parent. */
#define EXIT_MIN_SIZE	(4 * sizeof(uint32_t))
#define COREDUMP_MIN_SIZE	(2 * sizeof(uint32_t))

/* Send one control operation (listen or ignore) to the connector; 0/-1. */
static int
send_mcast_op(int fd, enum proc_cn_mcast_op op)
{
	union {
		struct nlmsghdr align;
		char bytes[NLMSG_SPACE(sizeof(struct cn_msg) +
		    sizeof(uint32_t))];
	} msg;
	struct nlmsghdr nl;
	struct cn_msg cn;
	struct sockaddr_nl kernel;
	uint32_t op32 = (uint32_t)op;
	ssize_t n;

	memset(&msg, 0, sizeof msg);
	memset(&nl, 0, sizeof nl);
	memset(&cn, 0, sizeof cn);
	nl.nlmsg_len = NLMSG_LENGTH(sizeof cn + sizeof op32);
	nl.nlmsg_type = NLMSG_DONE;
	nl.nlmsg_pid = 0;
	cn.id.idx = CN_IDX_PROC;
	cn.id.val = CN_VAL_PROC;
	cn.len = sizeof op32;
	memcpy(msg.bytes, &nl, sizeof nl);
	memcpy(msg.bytes + NLMSG_HDRLEN, &cn, sizeof cn);
	memcpy(msg.bytes + NLMSG_HDRLEN + sizeof cn, &op32, sizeof op32);

	memset(&kernel, 0, sizeof kernel);
	kernel.nl_family = AF_NETLINK;
	do
		n = sendto(fd, msg.bytes, nl.nlmsg_len, 0,
		    (const struct sockaddr *)&kernel, sizeof kernel);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	if ((size_t)n != nl.nlmsg_len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
proc_events_open(void)
{
	struct sockaddr_nl addr;
	int fd, size = PROC_EVENTS_RCVBUF, saved;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_CONNECTOR);
	if (fd == -1)
		return -1;
	/*
	 * FORCE passes net.core.rmem_max for root; without the privilege
	 * the plain option gives what the sysctl allows, which still works.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) ==
	    -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);

	memset(&addr, 0, sizeof addr);
	addr.nl_family = AF_NETLINK;
	addr.nl_groups = CN_IDX_PROC;
	addr.nl_pid = 0;	/* the kernel picks a port id */
	if (bind(fd, (const struct sockaddr *)&addr, sizeof addr) == -1 ||
	    send_mcast_op(fd, PROC_CN_MCAST_LISTEN) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
proc_events_close(int fd)
{
	if (fd < 0)
		return;
	/* Only lowers the kernel's listener count; the close drops us anyway. */
	(void)send_mcast_op(fd, PROC_CN_MCAST_IGNORE);
	close(fd);
}

/* Copy a pid pair (pid, tgid) starting at off in the union; the caller checked room. */
static void
copy_pids(const unsigned char *data, size_t off, int32_t *pid, int32_t *tgid)
{
	memcpy(pid, data + off, sizeof *pid);
	memcpy(tgid, data + off + sizeof *pid, sizeof *tgid);
}

/*
 * Fill out from the union of one event of kind what, which has size
 * bytes.  Returns 0, or -1 with EINVAL (too short) or ENOMSG (unknown).
 */
static int
parse_union(uint32_t what, const unsigned char *d, size_t size,
    struct proc_ev *out)
{
	size_t need;
	uint32_t u;

	switch (what) {
	case PROC_EVENT_NONE:
		out->type = PROC_EV_ACK;
		need = sizeof u;
		break;
	case PROC_EVENT_FORK:
		out->type = PROC_EV_FORK;
		need = sizeof(struct fork_proc_event);
		break;
	case PROC_EVENT_EXEC:
		out->type = PROC_EV_EXEC;
		need = sizeof(struct exec_proc_event);
		break;
	case PROC_EVENT_UID:
	case PROC_EVENT_GID:
		out->type = what == PROC_EVENT_UID ? PROC_EV_UID : PROC_EV_GID;
		need = sizeof(struct id_proc_event);
		break;
	case PROC_EVENT_SID:
		out->type = PROC_EV_SID;
		need = sizeof(struct sid_proc_event);
		break;
	case PROC_EVENT_PTRACE:
		out->type = PROC_EV_PTRACE;
		need = sizeof(struct ptrace_proc_event);
		break;
	case PROC_EVENT_COMM:
		out->type = PROC_EV_COMM;
		need = sizeof(struct comm_proc_event);
		break;
	case PROC_EVENT_COREDUMP:
		out->type = PROC_EV_COREDUMP;
		need = COREDUMP_MIN_SIZE;
		break;
	case PROC_EVENT_EXIT:
		out->type = PROC_EV_EXIT;
		need = EXIT_MIN_SIZE;
		break;
	default:
		errno = ENOMSG;
		return -1;
	}
	if (size < need) {
		errno = EINVAL;
		return -1;
	}

	switch (out->type) {
	case PROC_EV_ACK:
		memcpy(&out->ack_err, d, sizeof out->ack_err);
		return 0;
	case PROC_EV_FORK:
		copy_pids(d, 0, &out->parent_pid, &out->parent_tgid);
		copy_pids(d, 8, &out->pid, &out->tgid);
		break;
	case PROC_EV_UID:
	case PROC_EV_GID:
		copy_pids(d, 0, &out->pid, &out->tgid);
		memcpy(&out->ruid, d + 8, sizeof out->ruid);
		memcpy(&out->euid, d + 12, sizeof out->euid);
		break;
	case PROC_EV_PTRACE:
		copy_pids(d, 0, &out->pid, &out->tgid);
		copy_pids(d, 8, &out->parent_pid, &out->parent_tgid);
		break;
	case PROC_EV_COMM:
		copy_pids(d, 0, &out->pid, &out->tgid);
		memcpy(out->comm, d + 8, sizeof out->comm - 1);
		out->comm[sizeof out->comm - 1] = '\0';
		break;
	case PROC_EV_COREDUMP:
		copy_pids(d, 0, &out->pid, &out->tgid);
		if (size >= sizeof(struct coredump_proc_event))
			copy_pids(d, 8, &out->parent_pid, &out->parent_tgid);
		break;
	case PROC_EV_EXIT:
		copy_pids(d, 0, &out->pid, &out->tgid);
		memcpy(&out->exit_code, d + 8, sizeof out->exit_code);
		memcpy(&u, d + 12, sizeof u);
		out->exit_signal = (int32_t)u;
		if (size >= sizeof(struct exit_proc_event))
			copy_pids(d, 16, &out->parent_pid, &out->parent_tgid);
		break;
	default:	/* exec, sid: the pid pair alone */
		copy_pids(d, 0, &out->pid, &out->tgid);
		break;
	}
	out->thread = out->pid != out->tgid;
	return 0;
}

int
proc_events_parse(const void *payload, size_t len, struct proc_ev *out)
{
	const unsigned char *p = payload;
	struct cn_msg cn;
	uint32_t what;

	memset(out, 0, sizeof *out);
	if (len < sizeof cn) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&cn, p, sizeof cn);
	if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC) {
		errno = ENOMSG;
		return -1;
	}
	if (cn.len > len - sizeof cn || cn.len < EV_HEAD_SIZE) {
		errno = EINVAL;
		return -1;
	}
	p += sizeof cn;
	memcpy(&what, p + offsetof(struct proc_event, what), sizeof what);
	memcpy(&out->cpu, p + offsetof(struct proc_event, cpu),
	    sizeof out->cpu);
	memcpy(&out->time_ns, p + offsetof(struct proc_event, timestamp_ns),
	    sizeof out->time_ns);
	return parse_union(what, p + EV_HEAD_SIZE, cn.len - EV_HEAD_SIZE, out);
}

/* Hand every netlink message of one datagram to cb. */
static void
handle_datagram(const void *buf, size_t len, struct proc_events_counts *c,
    proc_ev_cb cb, void *arg)
{
	const struct nlmsghdr *nh = buf;
	size_t left = len;
	struct proc_ev ev;

	for (; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
		if (nh->nlmsg_type == NLMSG_NOOP)
			continue;
		if (nh->nlmsg_type != NLMSG_DONE) {
			c->ignored++;
			continue;
		}
		if (proc_events_parse(NLMSG_DATA(nh),
		    nh->nlmsg_len - NLMSG_HDRLEN, &ev) == -1) {
			if (errno == ENOMSG)
				c->ignored++;
			else
				c->malformed++;
			continue;
		}
		c->received++;
		cb(&ev, arg);
	}
	if (left != 0)
		c->malformed++;
}

int
proc_events_read(int fd, struct proc_events_counts *counts, proc_ev_cb cb,
    void *arg)
{
	union {
		struct nlmsghdr align;
		char bytes[8192];
	} buf;
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf.bytes, .iov_len = sizeof buf };
	struct msghdr msg;
	struct proc_ev lost;
	ssize_t n;
	unsigned i;

	for (i = 0; i < PROC_EVENTS_BATCH; i++) {
		memset(&msg, 0, sizeof msg);
		msg.msg_name = &from;
		msg.msg_namelen = sizeof from;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1 && errno == ENOBUFS) {
			counts->overflows++;
			memset(&lost, 0, sizeof lost);
			lost.type = PROC_EV_LOST;
			cb(&lost, arg);
			continue;
		}
		if (n == -1)
			return -1;
		/* Only the kernel (port 0) speaks for processes. */
		if (msg.msg_namelen != sizeof from ||
		    from.nl_family != AF_NETLINK || from.nl_pid != 0) {
			counts->ignored++;
			continue;
		}
		if ((msg.msg_flags & MSG_TRUNC) != 0) {
			counts->malformed++;
			continue;
		}
		handle_datagram(buf.bytes, (size_t)n, counts, cb, arg);
	}
	return 1;
}

const char *
proc_ev_type_name(enum proc_ev_type type)
{
	switch (type) {
	case PROC_EV_ACK: return "ack";
	case PROC_EV_FORK: return "fork";
	case PROC_EV_EXEC: return "exec";
	case PROC_EV_UID: return "uid";
	case PROC_EV_GID: return "gid";
	case PROC_EV_SID: return "sid";
	case PROC_EV_PTRACE: return "ptrace";
	case PROC_EV_COMM: return "comm";
	case PROC_EV_COREDUMP: return "coredump";
	case PROC_EV_EXIT: return "exit";
	case PROC_EV_LOST: return "lost";
	}
	return "unknown";
}
