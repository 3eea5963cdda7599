/*
 * How soon a follower sees a stored event: follow as `whokilled -f -n 0`
 * does, send one true kill report (as the shim sends one), and time until
 * its frame arrives; again, RUNS times, a pause between.  The daemon
 * commits a batch when its first row has waited its commit interval
 * (200 ms by default), so the figure to hold against "the commit interval
 * plus 50 ms" is the whole delay.
 *
 *   follow_latency [-r RUNS] [-p PAUSE_MS] SOCKET_DIR
 *
 * Prints one "follow_latency ..." line.  Exits 0, or 1 on failure.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../cli/client.h"
#include "timing.h"

/* The command line of the reports: one argument. */
static const char args[] = "follow_latency";

/* A report of a kill by this process, true to the kernel's credentials. */
static void
fill_report(struct wk_kill_report *r)
{
	struct timespec ts;

	wk_report_init(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	r->time.sec = ts.tv_sec;
	r->time.nsec = ts.tv_nsec;
	r->call = WK_CALL_KILL;
	r->signo = SIGUSR2;
	r->arg_pid = 999997;
	r->result = -1;
	r->error = ESRCH;
	r->caller.pid = getpid();
	r->caller.ppid = getppid();
	r->caller.uid = r->caller.euid = r->caller.suid = getuid();
	r->caller.gid = r->caller.egid = r->caller.sgid = getgid();
	strcpy(r->caller.comm, "follow_latency");
	r->caller.argc = 1;
	r->caller.argv_len = sizeof args;
	r->hdr.size = sizeof *r + sizeof args;
}

static int
send_report(const char *dir)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct wk_kill_report r;
	/* The report, then its argv, in one datagram (wire version 2). */
	struct iovec iov[2] = {
		{ .iov_base = &r, .iov_len = sizeof r },
		{ .iov_base = (void *)(uintptr_t)args, .iov_len = sizeof args },
	};
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof sa,
	    .msg_iov = iov, .msg_iovlen = 2 };
	int fd, rc;

	fill_report(&r);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", dir, WK_REPORT_SOCKET);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	rc = sendmsg(fd, &msg, 0) == (ssize_t)(sizeof r + sizeof args) ?
	    0 : -1;
	close(fd);
	return rc;
}

int
main(int argc, char **argv)
{
	static unsigned char buf[WK_REPLY_MAX];
	char path[CLI_PATH_MAX];
	struct timing_summary s;
	struct wk_query q;
	const char *why;
	uint64_t *ns, t0;
	size_t runs = 50, i;
	unsigned pause_ms = 300;
	uint16_t type;
	size_t len;
	int ch, fd;

	while ((ch = getopt(argc, argv, "r:p:")) != -1) {
		if (ch == 'r')
			runs = strtoul(optarg, NULL, 10);
		else if (ch == 'p')
			pause_ms = (unsigned)strtoul(optarg, NULL, 10);
		else
			goto usage;
	}
	if (optind != argc - 1 || runs == 0)
		goto usage;
	ns = calloc(runs, sizeof *ns);
	if (ns == NULL || cli_query_path(argv[optind], path, sizeof path) == -1)
		return 1;
	fd = cli_connect(path, 10000);
	wk_query_init(&q, WK_Q_LIST);
	q.flags = WK_QF_FOLLOW;
	q.limit = 0;
	snprintf(q.name, sizeof q.name, "%s", "");
	if (fd == -1 || cli_send_query(fd, &q, 10000) == -1)
		goto fail;
	/* The recorded part (none) ends with the end frame. */
	do {
		if (cli_read_frame(fd, buf, sizeof buf, 10000, &type, &len,
		    &why) == -1)
			goto fail;
	} while (type != WK_R_END);
	for (i = 0; i < runs; i++) {
		usleep(pause_ms * 1000);
		t0 = timing_now_ns();
		if (send_report(argv[optind]) == -1)
			goto fail;
		/* Other processes' ends may come first: wait for ours. */
		for (;;) {
			struct wk_event ev;

			if (cli_read_frame(fd, buf, sizeof buf, 10000, &type,
			    &len, &why) == -1)
				goto fail;
			if (type == WK_R_EVENT &&
			    wk_decode_event(buf, len, &ev, &why) == 0 &&
			    ev.report.caller.pid == getpid())
				break;
		}
		ns[i] = timing_now_ns() - t0;
	}
	timing_summarise(ns, runs, &s);
	timing_print(stdout, "follow_latency", &s);
	return 0;
fail:
	fprintf(stderr, "follow_latency: %s\n", errno != 0 ? strerror(errno) :
	    "failed");
	return 1;
usage:
	fprintf(stderr, "usage: follow_latency [-r RUNS] [-p PAUSE_MS] "
	    "SOCKET_DIR\n");
	return 2;
}
