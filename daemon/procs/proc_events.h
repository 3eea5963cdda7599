/*
 * The kernel's process-events connector: every fork, exec, credential
 * change and exit on the machine, as it happens.  Needs CAP_NET_ADMIN.
 */
#ifndef WHOKILLED_DAEMON_PROC_EVENTS_H
#define WHOKILLED_DAEMON_PROC_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

/*
 * Asked of the kernel for the receive buffer, which it doubles: measured
 * at about 830 bytes an event on 6.18, room for some 20,000 events.
 */
#define PROC_EVENTS_RCVBUF	(8 * 1024 * 1024)
/* Messages handled by one proc_events_read before it lets the loop run. */
#define PROC_EVENTS_BATCH	4096

enum proc_ev_type {
	PROC_EV_ACK = 1,	/* the kernel's answer to listen/ignore: ack_err */
	PROC_EV_FORK,
	PROC_EV_EXEC,
	PROC_EV_UID,		/* ruid/euid changed */
	PROC_EV_GID,		/* rgid/egid changed, in ruid/euid */
	PROC_EV_SID,		/* setsid() */
	PROC_EV_PTRACE,		/* attached (parent_*: the tracer) or detached (0) */
	PROC_EV_COMM,		/* prctl(PR_SET_NAME) and the like */
	PROC_EV_COREDUMP,	/* a core dump begins */
	PROC_EV_EXIT,
	PROC_EV_LOST,		/* the socket overflowed: events were dropped */
};

/*
 * One event.  pid/tgid name the thread and its process (for a fork: the
 * child); whokilled's processes are the thread-group leaders, and every
 * event about another thread has thread set.
 */
struct proc_ev {
	enum proc_ev_type type;
	int thread;		/* pid != tgid */
	uint32_t cpu;
	uint64_t time_ns;	/* CLOCK_MONOTONIC when the kernel sent it */
	int32_t pid, tgid;
	int32_t parent_pid, parent_tgid;	/* fork, exit, coredump, ptrace */
	uint32_t ruid, euid;	/* uid (or gid) events */
	uint32_t exit_code;	/* exit: a wait status (see exit_status.h) */
	int32_t exit_signal;	/* exit: sent to the parent; -1 for a thread */
	uint32_t ack_err;	/* ack: an errno, 0 when the request was taken */
	char comm[WK_COMM_MAX];	/* comm events */
};

struct proc_events_counts {
	uint64_t received;	/* events handed to the callback */
	uint64_t overflows;	/* ENOBUFS: times the kernel dropped events */
	uint64_t malformed;	/* messages that did not parse */
	uint64_t ignored;	/* from elsewhere than the kernel, or unknown kinds */
};

typedef void (*proc_ev_cb)(const struct proc_ev *ev, void *arg);

/*
 * Open a non-blocking, close-on-exec connector socket joined to the
 * process-events group, with a large receive buffer, and ask the kernel to
 * send events.  Returns the descriptor, or -1 with errno (EPERM without
 * CAP_NET_ADMIN).
 */
int proc_events_open(void);

/*
 * Read what is pending on fd and call cb for each event, also for a
 * PROC_EV_LOST when the kernel dropped some (counted in counts->overflows).
 * Stops after PROC_EVENTS_BATCH messages.  Returns 0 when drained, 1 when
 * stopped with more pending, -1 with errno on a socket error.
 */
int proc_events_read(int fd, struct proc_events_counts *counts, proc_ev_cb cb,
    void *arg);

/* Tell the kernel this socket stops listening, and close it. */
void proc_events_close(int fd);

/*
 * Parse one netlink message's payload (struct cn_msg and the event after
 * it).  Returns 0; -1 with EINVAL when it is cut short or its lengths
 * disagree, or ENOMSG when it is not a process event this code knows.
 */
int proc_events_parse(const void *payload, size_t len, struct proc_ev *out);

/* "fork", "exec", ... for logs and tests. */
const char *proc_ev_type_name(enum proc_ev_type type);

#endif
