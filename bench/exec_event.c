/*
 * The daemon's cost per exec event of the process-events connector, and
 * what reading the process's cgroup (its systemd unit) adds to it.
 *
 *   exec_event [-n EVENTS]
 *
 * On a live child (one that sleeps), timed in turns, EVENTS times each:
 *   without_cgroup  what the table read at an exec before the unit was
 *                   recorded: stat, loginuid, sessionid, cmdline
 *   with_cgroup     the same and /proc/PID/cgroup, parsed, and its path
 *                   kept in the table's pool (the daemon's read now)
 *   apply_exec      the table's whole handling of an exec event
 * Prints one summary line per step (step=NAME).  Exits 0, 1 on failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../daemon/base/clock_convert.h"
#include "../daemon/procs/proc_snapshot.h"
#include "../daemon/procs/proc_table.h"
#include "../daemon/procs/proc_table_feed.h"
#include "timing.h"

int
main(int argc, char **argv)
{
	struct proc_table *t;
	struct proc_entry e, *entry;
	struct wk_cgroup cg;
	struct proc_ev ev;
	struct timing_summary s;
	uint64_t *without, *with, *apply, t0;
	unsigned parts = PROC_READ_AUDIT | PROC_READ_ARGS;
	long n = 20000, i;
	int zombie, c, status;
	pid_t child;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n' || (n = atol(optarg)) <= 0) {
			fprintf(stderr, "usage: exec_event [-n EVENTS]\n");
			return 1;
		}
	}
	without = calloc((size_t)n, sizeof *without);
	with = calloc((size_t)n, sizeof *with);
	apply = calloc((size_t)n, sizeof *apply);
	t = proc_table_new(NULL);
	if (without == NULL || with == NULL || apply == NULL || t == NULL)
		return 1;
	child = fork();
	if (child == -1)
		return 1;
	if (child == 0) {
		execl("/bin/sleep", "sleep", "1000", (char *)NULL);
		_exit(127);
	}
	usleep(100000);
	memset(&e, 0, sizeof e);
	if (proc_snapshot_read_cg(child, PROC_READ_ALL, &e, &zombie, NULL) == -1) {
		perror("exec_event: the child");
		kill(child, SIGKILL);
		return 1;
	}
	entry = proc_table_add(t, &e, clock_mono_now_ns());
	memset(&ev, 0, sizeof ev);
	ev.type = PROC_EV_EXEC;
	ev.pid = ev.tgid = child;
	for (i = 0; i < n; i++) {
		t0 = timing_now_ns();
		(void)proc_snapshot_read_cg(child, parts, &e, &zombie, NULL);
		without[i] = timing_now_ns() - t0;
		t0 = timing_now_ns();
		(void)proc_snapshot_read_cg(child, parts | PROC_READ_CGROUP, &e,
		    &zombie, &cg);
		proc_table_set_cgroup(t, entry, &cg, 0);
		with[i] = timing_now_ns() - t0;
		ev.time_ns = clock_mono_now_ns();
		t0 = timing_now_ns();
		proc_table_apply(t, &ev);
		apply[i] = timing_now_ns() - t0;
		entry = proc_table_live(t, child);
		if (entry == NULL || cg.path[0] == '\0') {
			fprintf(stderr, "exec_event: the child's cgroup was not read\n");
			kill(child, SIGKILL);
			return 1;
		}
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	timing_summarise(without, (size_t)n, &s);
	timing_print(stdout, "exec_event step=without_cgroup", &s);
	timing_summarise(with, (size_t)n, &s);
	timing_print(stdout, "exec_event step=with_cgroup", &s);
	timing_summarise(apply, (size_t)n, &s);
	timing_print(stdout, "exec_event step=apply_exec", &s);
	proc_table_free(t);
	free(without);
	free(with);
	free(apply);
	return 0;
}
