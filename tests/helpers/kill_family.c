/*
 * Each wrapped function other than kill(), called once on one target.
 *
 *   kill_family TARGET_PID        TARGET_PID > 1 (killpg(1) would mean every process)
 *
 * Sends SIGUSR1 (the target should ignore or handle it) with, in order:
 *   killpg(TARGET_PID, ...)          reaches the target only when it leads its
 *                                    own process group (start it with setsid);
 *                                    otherwise ESRCH, and never this caller's group
 *   sigqueue(TARGET_PID, ..., 42)
 *   tgkill(TARGET_PID, TARGET_PID, ...)   the target's main thread
 *   pidfd_send_signal(pidfd_open(TARGET_PID), ..., NULL, 0)
 * and prints one line per call: "NAME ret=R errno=E".  Exits 0 when every
 * call returned 0, 1 otherwise, 2 on bad arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/pidfd.h>
#include <unistd.h>

static int failures;

/* Prints one call's result; errno was cleared before the call. */
static void
show(const char *name, int ret)
{
	int err = errno;

	printf("%s ret=%d errno=%d\n", name, ret, err);
	if (ret != 0)
		failures++;
}

int
main(int argc, char **argv)
{
	union sigval value = { .sival_int = 42 };
	char *end;
	long v;
	pid_t pid;
	int pidfd;

	if (argc != 2) {
		fprintf(stderr, "usage: kill_family TARGET_PID\n");
		return 2;
	}
	v = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end != '\0' || v <= 1 || v > 0x7fffffff) {
		fprintf(stderr, "kill_family: bad TARGET_PID\n");
		return 2;
	}
	pid = (pid_t)v;

	errno = 0;
	show("killpg", killpg(pid, SIGUSR1));
	errno = 0;
	show("sigqueue", sigqueue(pid, SIGUSR1, value));
	errno = 0;
	show("tgkill", tgkill(pid, pid, SIGUSR1));
	errno = 0;
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0) {
		show("pidfd_open", -1);
	} else {
		errno = 0;
		show("pidfd_send_signal", pidfd_send_signal(pidfd, SIGUSR1, NULL, 0));
		close(pidfd);
	}
	fflush(stdout);
	return failures == 0 ? 0 : 1;
}
