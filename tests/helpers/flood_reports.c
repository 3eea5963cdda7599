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
	struct wk_kill_report r;
	static const char args[] = "flood_reports";
	long count, sent = 0, full = 0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: flood_reports DIR COUNT\n");
		return 2;
	}
	count = atol(argv[2]);
	wk_report_init(&r);
	r.call = WK_CALL_KILL;
	r.signo = SIGUSR1;
	r.arg_pid = 999998;
	r.result = -1;
	r.error = ESRCH;
	r.caller.pid = getpid();
	r.caller.ppid = getppid();
	r.caller.uid = r.caller.euid = r.caller.suid = getuid();
	r.caller.gid = r.caller.egid = r.caller.sgid = getgid();
	strcpy(r.caller.comm, "flood_reports");
	r.caller.argc = 1;
	r.caller.argv_len = sizeof args;
	memcpy(r.caller.argv, args, sizeof args);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", argv[1], WK_REPORT_SOCKET);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		if (sendto(fd, &r, sizeof r, 0, (struct sockaddr *)&sa, sizeof sa) ==
		    (ssize_t)sizeof r)
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
