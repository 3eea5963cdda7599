/*
 * Sends one signal through the C library's syscall(), for comparing a
 * process with and without the shim preloaded.
 *
 *   syscall_signal CALL PID SIG
 *
 * CALL: kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo or
 * pidfd_send_signal.  tkill, tgkill and rt_tgsigqueueinfo name PID's main
 * thread (tid PID); pidfd_send_signal opens a pidfd with
 * syscall(SYS_pidfd_open) first.  PID is a number, or "reaped": a child of
 * this helper that has exited and been reaped (a pid nobody has; its pidfd
 * opened before).  SIG: a number (any, 0 and invalid ones too) or a name.
 *
 * errno is set to 4242 before the call, so a call that succeeds shows
 * whether anything touched errno.  Prints "ret=R errno=E" and exits 0;
 * exits 1 when the pidfd cannot be opened, 2 on bad arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "whokilled/wire.h"

#define ERRNO_BEFORE	4242

/* A decimal number (any value, for invalid-signal tests) or a signal name. */
static int
parse_sig(const char *s, int *sig)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end != s && *end == '\0' && errno == 0) {
		*sig = (int)v;
		return 0;
	}
	*sig = wk_signal_parse(s);
	return *sig < 0 ? -1 : 0;
}

/* A child that exits at once, reaped; its pidfd (opened before) in *pidfd. */
static pid_t
reaped_child(int *pidfd)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(0);
	*pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (waitpid(pid, NULL, 0) != pid)
		return -1;
	return pid;
}

/* The siginfo sigqueue() would send: SI_QUEUE from this process. */
static void
queue_info(siginfo_t *info, int sig)
{
	memset(info, 0, sizeof *info);
	info->si_signo = sig;
	info->si_code = SI_QUEUE;
	info->si_pid = getpid();
	info->si_uid = getuid();
	info->si_value.sival_int = 42;
}

int
main(int argc, char **argv)
{
	siginfo_t info;
	char *end;
	long pid, ret;
	int sig, err, pidfd = -1;
	const char *call;

	if (argc != 4) {
		fprintf(stderr, "usage: syscall_signal CALL PID SIG\n");
		return 2;
	}
	call = argv[1];
	if (strcmp(argv[2], "reaped") == 0) {
		pid = reaped_child(&pidfd);
		if (pid < 0) {
			perror("syscall_signal: child");
			return 1;
		}
	} else {
		pid = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0') {
			fprintf(stderr, "syscall_signal: bad PID\n");
			return 2;
		}
	}
	if (parse_sig(argv[3], &sig) < 0) {
		fprintf(stderr, "syscall_signal: bad SIG\n");
		return 2;
	}
	if (strcmp(call, "pidfd_send_signal") == 0 && pidfd < 0) {
		pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0) {
			printf("pidfd_open ret=-1 errno=%d\n", errno);
			return 1;
		}
	}
	queue_info(&info, sig);

	errno = ERRNO_BEFORE;
	if (strcmp(call, "kill") == 0)
		ret = syscall(SYS_kill, (pid_t)pid, sig);
	else if (strcmp(call, "tkill") == 0)
		ret = syscall(SYS_tkill, (pid_t)pid, sig);
	else if (strcmp(call, "tgkill") == 0)
		ret = syscall(SYS_tgkill, (pid_t)pid, (pid_t)pid, sig);
	else if (strcmp(call, "rt_sigqueueinfo") == 0)
		ret = syscall(SYS_rt_sigqueueinfo, (pid_t)pid, sig, &info);
	else if (strcmp(call, "rt_tgsigqueueinfo") == 0)
		ret = syscall(SYS_rt_tgsigqueueinfo, (pid_t)pid, (pid_t)pid,
		    sig, &info);
	else if (strcmp(call, "pidfd_send_signal") == 0)
		ret = syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
	else {
		fprintf(stderr, "syscall_signal: unknown CALL %s\n", call);
		return 2;
	}
	err = errno;
	printf("ret=%ld errno=%d\n", ret, err);
	return 0;
}
