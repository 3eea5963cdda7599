/*
 * Floods a daemon's report socket with true reports about itself, as fast
 * as it can, for the tests: one socket, non-blocking, a full queue skipped.
 *
 *   flood_reports DIR COUNT      prints "sent=N full=N"
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "whokilled/wire.h"

int
main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	/* A report and its argv, which follows it on the wire. */
	struct {
		struct wk_kill_report r;
		char argv[sizeof "flood_reports"];
	} m = { .argv = "flood_reports" };
	struct wk_kill_report *rp = &m.r;
	long count, sent = 0, full = 0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: flood_reports DIR COUNT\n");
		return 2;
	}
	count = atol(argv[2]);
	wk_report_init(rp);
	rp->call = WK_CALL_KILL;
	rp->signo = SIGUSR1;
	rp->arg_pid = 999998;
	rp->result = -1;
	rp->error = ESRCH;
	rp->caller.pid = getpid();
	rp->caller.ppid = getppid();
	rp->caller.uid = rp->caller.euid = rp->caller.suid = getuid();
	rp->caller.gid = rp->caller.egid = rp->caller.sgid = getgid();
	strcpy(rp->caller.comm, "flood_reports");
	rp->caller.argc = 1;
	rp->caller.argv_len = sizeof m.argv;
	rp->hdr.size = sizeof m.r + sizeof m.argv;	/* no padding after */
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", argv[1], WK_REPORT_SOCKET);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		if (sendto(fd, &m, rp->hdr.size, 0, (struct sockaddr *)&sa,
		    sizeof sa) == (ssize_t)rp->hdr.size)
			sent++;
		else if (errno == EAGAIN)
			full++;
		else {
			perror("sendto");
			return 1;
		}
	}
	printf("sent=%ld full=%ld\n", sent, full);
	return 0;
}
