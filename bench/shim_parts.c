/*
 * Where the shim's time goes: each step of the report path of one kill,
 * timed alone with the shim's own functions (linked in, not preloaded).
 *
 *   shim_parts [-n CALLS] [SOCKET_DIR]
 *
 * Steps: the report's header and clock; reading the target's
 * /proc/PID/stat before delivery; the caller's fields at a process's first
 * report and at the next ones (the shim keeps what /proc said: see
 * preload/shim_self.h); the reads a first report makes (loginuid,
 * sessionid and stat of /proc/self, timed one by one); one open+close of a datagram socket; and the send of
 * the whole report (a fresh socket, sendto, close) to SOCKET_DIR's daemon,
 * paced so its queue never fills, or to a missing socket without one.
 * Prints one summary line per step.  Exits 0, 1 on failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "../preload/shim_proc.h"
#include "../preload/shim_report.h"
#include "../preload/shim_self.h"
#include "timing.h"

#define SEND_PACE_NS	200000	/* between sends to a live daemon */

enum step {
	STEP_START, STEP_TARGET, STEP_CALLER_FIRST, STEP_CALLER,
	STEP_LOGINUID, STEP_SESSIONID,
	STEP_SELF_STAT, STEP_SOCKET, STEP_SEND, STEP_COUNT
};

static const char *const step_names[STEP_COUNT] = {
	"report_start", "read_target", "fill_caller_first", "fill_caller",
	"caller_loginuid",
	"caller_sessionid", "caller_stat", "socket_open_close", "send_report",
};

static uint64_t *samples[STEP_COUNT];

/* A process to read as the target: sleeps until killed. */
static pid_t
start_target(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void
pace(void)
{
	struct timespec ts = { 0, SEND_PACE_NS };

	nanosleep(&ts, NULL);
}

static int
usage(void)
{
	fprintf(stderr, "usage: shim_parts [-n CALLS] [SOCKET_DIR]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct timing_summary s;
	struct wk_kill_report r;
	struct wk_procstat st;
	char path[128];
	uint64_t t0;
	uint32_t id, owner;
	size_t calls = 20000, i, step;
	pid_t target;
	int ch, fd, live;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n')
			return usage();
		calls = strtoul(optarg, NULL, 10);
	}
	if (argc - optind > 1 || calls == 0)
		return usage();
	live = argc - optind == 1;
	snprintf(path, sizeof path, "%s/%s", live ? argv[optind] :
	    "/nonexistent-whokilled-bench", WK_REPORT_SOCKET);
	for (step = 0; step < STEP_COUNT; step++) {
		samples[step] = calloc(calls, sizeof *samples[step]);
		if (samples[step] == NULL) {
			perror("shim_parts");
			return 1;
		}
	}
	target = start_target();
	if (target == -1) {
		perror("shim_parts: fork");
		return 1;
	}
	for (i = 0; i < calls; i++) {
		t0 = timing_now_ns();
		shim_report_start(&r, WK_CALL_KILL, SIGTERM, target, 0);
		samples[STEP_START][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		shim_read_target(&r);
		samples[STEP_TARGET][i] = timing_now_ns() - t0;
		shim_set_result(&r, 0, 0);
		/* A process's first report reads /proc; the next ones keep it. */
		shim_self_forget();
		t0 = timing_now_ns();
		shim_fill_caller(&r);
		samples[STEP_CALLER_FIRST][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		shim_fill_caller(&r);
		samples[STEP_CALLER][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		(void)shim_read_id("/proc/self/loginuid", &id);
		samples[STEP_LOGINUID][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		(void)shim_read_id("/proc/self/sessionid", &id);
		samples[STEP_SESSIONID][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		(void)shim_read_stat(0, &st, &owner);
		samples[STEP_SELF_STAT][i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
		if (fd != -1)
			close(fd);
		samples[STEP_SOCKET][i] = timing_now_ns() - t0;
		if (live)
			pace();
		t0 = timing_now_ns();
		/* Without a daemon the send fails, as it does on such a host. */
		(void)shim_send_report(path, &r, NULL);
		samples[STEP_SEND][i] = timing_now_ns() - t0;
	}
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	if (!(r.flags & WK_F_TARGET_READ)) {
		fprintf(stderr, "shim_parts: the target was not read\n");
		return 1;
	}
	for (step = 0; step < STEP_COUNT; step++) {
		char label[64];

		snprintf(label, sizeof label, "shim_part step=%s%s",
		    step_names[step], step == STEP_SEND ? (live ? "_daemon" :
		    "_nodaemon") : "");
		timing_summarise(samples[step], calls, &s);
		timing_print(stdout, label, &s);
		free(samples[step]);
	}
	return 0;
}
