/*
 * The cost of a killer's first and only kill() -- most killers are fresh
 * processes (kill, pkill, a script) that send one signal and exit.
 *
 *   first_kill [-n RUNS] [-w WARMUP] [-i USEC] [-d]
 *
 * Forks a target that ignores SIGUSR1, then RUNS times starts a fresh copy
 * of this program (fork + execve, the environment as it is: a preloaded
 * shim is loaded into each) that times its one kill(target, SIGUSR1) with
 * CLOCK_MONOTONIC and reports the figure through a pipe.  The killer is not
 * the target's parent, as with kill(1).  -i sleeps USEC microseconds
 * between runs (default 2000: a daemon that stores reports is idle again
 * when the next killer starts, as it is for a person typing kill).
 *
 * -d: no shim's figure but the floor under any report a killer sends.  The
 * killer (started without a preload) times its kill followed by one
 * datagram of a shim report's size, made as the shim makes it (a fresh
 * socket asking for credentials, one sendmsg, close), to a socket this
 * program binds and empties after each run.
 *
 * Prints one summary line, "first_kill ...".  Exits 0, or 1 when a run
 * failed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

/* A shim report's size: its fixed part and a short command line. */
#define REPORT_BYTES 500

/* The datagram a report needs, sent as the shim sends it.  0, or -1. */
static int
send_datagram(const char *path)
{
	static char payload[REPORT_BYTES];
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct iovec iov = { payload, sizeof payload };
	struct msghdr msg = { .msg_name = &addr, .msg_namelen = sizeof addr,
	    .msg_iov = &iov, .msg_iovlen = 1 };
	int fd, one = 1, rc;

	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
	rc = sendmsg(fd, &msg, MSG_NOSIGNAL) == (ssize_t)sizeof payload ? 0 : -1;
	close(fd);
	return rc;
}

/* The killer: one kill (and with sock_path a datagram), its time in ns
 * written to fd. */
static int
run_once(pid_t target, int fd, const char *sock_path)
{
	struct timespec a, b;
	long long ns;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = kill(target, SIGUSR1);
	if (rc == 0 && sock_path != NULL)
		rc = send_datagram(sock_path);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (rc != 0)
		return 1;
	ns = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL +
	    (b.tv_nsec - a.tv_nsec);
	return write(fd, &ns, sizeof ns) == (ssize_t)sizeof ns ? 0 : 1;
}

/* The target: ignores SIGUSR1, says so, lives until hold_fd closes. */
static pid_t
start_target(int *hold)
{
	int ready[2], held[2];
	pid_t pid;
	char c;

	if (pipe(ready) == -1 || pipe(held) == -1)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(held[1]);
		signal(SIGUSR1, SIG_IGN);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		while (read(held[0], &c, 1) != 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(held[0]);
	if (pid == -1 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	*hold = held[1];
	return pid;
}

/* One fresh killer; its figure in *ns.  0, or -1. */
static int
one_run(const char *self, pid_t target, const char *sock_path, long long *ns)
{
	char tpid[16], wfd[16];
	int p[2], status;
	pid_t pid;

	if (pipe(p) == -1)
		return -1;
	snprintf(tpid, sizeof tpid, "%d", (int)target);
	snprintf(wfd, sizeof wfd, "%d", p[1]);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		execl(self, self, "--once", tpid, wfd, sock_path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (pid == -1 || read(p[0], ns, sizeof *ns) != (ssize_t)sizeof *ns) {
		close(p[0]);
		if (pid > 0)
			waitpid(pid, &status, 0);
		return -1;
	}
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* The receiving end of -d, bound at path like the daemon's.  fd, or -1. */
static int
bind_receiver(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, one = 1;

	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof one) == -1 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		return -1;
	return fd;
}

/* Empties the receiver: the runs' datagrams must not fill its queue. */
static int
drain(int fd)
{
	char buf[REPORT_BYTES];
	int n = 0;

	while (recv(fd, buf, sizeof buf, 0) > 0)
		n++;
	return n;
}

int
main(int argc, char **argv)
{
	char sock_path[64] = "";
	int receiver = -1, datagram = 0;
	long runs = 2000, warmup = 20, pause_us = 2000;
	struct timing_summary sum;
	uint64_t *all;
	size_t n = 0;
	long long ns;
	pid_t target;
	int opt, hold, rc = 0;

	if ((argc == 4 || argc == 5) && strcmp(argv[1], "--once") == 0)
		return run_once((pid_t)atoi(argv[2]), atoi(argv[3]),
		    argc == 5 ? argv[4] : NULL);
	while ((opt = getopt(argc, argv, "n:w:i:d")) != -1) {
		switch (opt) {
		case 'n': runs = atol(optarg); break;
		case 'w': warmup = atol(optarg); break;
		case 'i': pause_us = atol(optarg); break;
		case 'd': datagram = 1; break;
		default:
			fprintf(stderr, "usage: first_kill [-n RUNS] [-w WARMUP] [-i USEC] [-d]\n");
			return 2;
		}
	}
	if (datagram) {
		snprintf(sock_path, sizeof sock_path, "/tmp/first_kill.%d.sock",
		    (int)getpid());
		receiver = bind_receiver(sock_path);
		if (receiver == -1) {
			fprintf(stderr, "first_kill: cannot bind %s: %s\n",
			    sock_path, strerror(errno));
			return 1;
		}
	}
	all = runs > 0 ? calloc((size_t)runs, sizeof *all) : NULL;
	if (all == NULL) {
		fprintf(stderr, "first_kill: bad -n or no memory\n");
		return 1;
	}
	target = start_target(&hold);
	if (target == -1) {
		fprintf(stderr, "first_kill: cannot start the target: %s\n",
		    strerror(errno));
		return 1;
	}
	for (long i = 0; i < warmup + runs; i++) {
		usleep((useconds_t)pause_us);
		if (one_run("/proc/self/exe", target,
		    datagram ? sock_path : NULL, &ns) == -1 ||
		    (datagram && drain(receiver) != 1)) {
			fprintf(stderr, "first_kill: run %ld failed\n", i);
			rc = 1;
			break;
		}
		if (i >= warmup)
			all[n++] = (uint64_t)ns;
	}
	close(hold);
	waitpid(target, NULL, 0);
	if (datagram) {
		close(receiver);
		unlink(sock_path);
	}
	if (rc == 0) {
		timing_summarise(all, n, &sum);
		timing_print(stdout, "first_kill", &sum);
	}
	free(all);
	return rc;
}
