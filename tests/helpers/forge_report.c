/*
 * Sends one hostile datagram to a daemon's report socket, for the tests.
 *
 *   forge_report DIR pid OTHER_PID   a well-formed report claiming another process
 *   forge_report DIR uid OTHER_UID   a well-formed report claiming another uid
 *   forge_report DIR garbage         random bytes
 *   forge_report DIR short           a report cut in half
 *   forge_report DIR honest          a true report about this process (control)
 *
 * With "hold" after the mode, it stays until its standard input ends, so
 * the daemon finds the sender running (it may not, once it has exited).
 * Exits 0 when the datagram was sent, 1 otherwise.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"

static const char own_argv[] = "forge_report";

static void
fill_honest(struct wk_kill_report *r)
{
	struct timespec ts;

	wk_report_init(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	r->time.sec = ts.tv_sec;
	r->time.nsec = ts.tv_nsec;
	r->call = WK_CALL_KILL;
	r->signo = SIGTERM;
	r->arg_pid = 999999;
	r->result = -1;
	r->error = 3;	/* ESRCH */
	r->caller.pid = getpid();
	r->caller.ppid = getppid();
	r->caller.tid = getpid();
	r->caller.uid = r->caller.euid = r->caller.suid = getuid();
	r->caller.gid = r->caller.egid = r->caller.sgid = getgid();
	strcpy(r->caller.comm, "forge_report");
	strcpy(r->caller.exe, "forge_report");
	r->caller.argc = 1;
	r->caller.argv_len = sizeof own_argv;
	r->hdr.size = sizeof *r + sizeof own_argv;
}

int
main(int argc, char **argv)
{
	/* The report and its argv, as they go on the wire. */
	unsigned char buf[sizeof(struct wk_kill_report) + sizeof own_argv];
	struct wk_kill_report r;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = sizeof buf;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: forge_report DIR pid|uid|garbage|short|honest [N] [hold]\n");
		return 2;
	}
	fill_honest(&r);
	if (strcmp(argv[2], "pid") == 0 && argc > 3) {
		r.caller.pid = atoi(argv[3]);
	} else if (strcmp(argv[2], "uid") == 0 && argc > 3) {
		r.caller.uid = r.caller.euid = (uint32_t)atoi(argv[3]);
	} else if (strcmp(argv[2], "short") == 0) {
		len = sizeof r / 2;
	} else if (strcmp(argv[2], "garbage") == 0) {
		len = 0;
	} else if (strcmp(argv[2], "honest") != 0) {
		fprintf(stderr, "forge_report: unknown mode %s\n", argv[2]);
		return 2;
	}
	memcpy(buf, &r, sizeof r);
	memcpy(buf + sizeof r, own_argv, sizeof own_argv);
	if (len == 0) {
		srand((unsigned)getpid());
		for (size_t i = 0; i < sizeof buf; i++)
			buf[i] = (unsigned char)rand();
		len = 100 + (size_t)rand() % (sizeof buf - 100);
	}
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s", argv[1], WK_REPORT_SOCKET);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
		perror("forge_report: send");
		return 1;
	}
	close(fd);
	if (strcmp(argv[argc - 1], "hold") == 0) {
		char c;

		while (read(STDIN_FILENO, &c, 1) > 0)
			;
	}
	return 0;
}
