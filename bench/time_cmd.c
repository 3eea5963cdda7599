/*
 * Wall time of a whole command, run many times: fork, execve, wait.
 *
 *   time_cmd [-r RUNS] [-w WARMUP] [-f PIDFILE] [-l LABEL] -- COMMAND [ARG...]
 *
 * Every "{}" in the arguments is replaced by the next pid of PIDFILE (one
 * per line, cycling), so the same command asks about a different process
 * each run ("sh -c '... {} ...'" works too).
 * The command's standard output and error go to /dev/null.  Prints one
 * summary line (LABEL, default "cmd") with how many runs exited 0, 1 and
 * otherwise.  Exits 0, or 1 when a command could not be run at all.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

#define MAX_ARGS	64
#define MAX_PIDS	100000

/* Copy arg into out (size bytes) with each "{}" replaced by pid; 0 or -1. */
static int
substitute(const char *arg, const char *pid, char *out,
    size_t size)
{
	size_t used = 0, n;
	const char *p;

	while ((p = strstr(arg, "{}")) != NULL) {
		n = (size_t)(p - arg);
		if (used + n + strlen(pid) >= size)
			return -1;
		memcpy(out + used, arg, n);
		used += n;
		memcpy(out + used, pid, strlen(pid));
		used += strlen(pid);
		arg = p + 2;
	}
	if (used + strlen(arg) >= size)
		return -1;
	memcpy(out + used, arg, strlen(arg) + 1);
	return 0;
}

/* Run argv once with output discarded; its wait status, or -1. */
static int
run(char **argv)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd != -1) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int
usage(void)
{
	fprintf(stderr, "usage: time_cmd [-r RUNS] [-w WARMUP] [-f PIDFILE]"
	    " [-l LABEL] -- COMMAND [ARG...]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static long pids[MAX_PIDS];
	static char argbuf[MAX_ARGS][4096];
	char *args[MAX_ARGS + 1], pidbuf[32];
	const char *label = "cmd", *pidfile = NULL;
	struct timing_summary s;
	size_t runs = 20, warmup = 1, i, npids = 0, exit0 = 0, exit1 = 0,
	    other = 0;
	uint64_t *ns, t0;
	int ch, j, nargs, status;
	FILE *fp;

	while ((ch = getopt(argc, argv, "+r:w:f:l:")) != -1) {
		switch (ch) {
		case 'r':
			runs = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			pidfile = optarg;
			break;
		case 'l':
			label = optarg;
			break;
		default:
			return usage();
		}
	}
	nargs = argc - optind;
	if (nargs < 1 || nargs > MAX_ARGS || runs == 0)
		return usage();
	if (pidfile != NULL) {
		fp = fopen(pidfile, "r");
		if (fp == NULL) {
			perror(pidfile);
			return 1;
		}
		while (npids < MAX_PIDS && fscanf(fp, "%ld", &pids[npids]) == 1)
			npids++;
		fclose(fp);
		if (npids == 0) {
			fprintf(stderr, "time_cmd: no pids in %s\n", pidfile);
			return 1;
		}
	}
	ns = calloc(runs, sizeof *ns);
	if (ns == NULL) {
		perror("time_cmd");
		return 1;
	}
	for (i = 0; i < warmup + runs; i++) {
		if (npids > 0)
			snprintf(pidbuf, sizeof pidbuf, "%ld", pids[i % npids]);
		for (j = 0; j < nargs; j++) {
			args[j] = argv[optind + j];
			if (npids == 0)
				continue;
			if (substitute(argv[optind + j], pidbuf, argbuf[j],
			    sizeof argbuf[j]) == -1) {
				fprintf(stderr, "time_cmd: argument too long\n");
				free(ns);
				return 1;
			}
			args[j] = argbuf[j];
		}
		args[nargs] = NULL;
		t0 = timing_now_ns();
		status = run(args);
		if (status == -1 || (WIFEXITED(status) &&
		    WEXITSTATUS(status) == 127)) {
			fprintf(stderr, "time_cmd: cannot run %s\n", args[0]);
			free(ns);
			return 1;
		}
		if (i < warmup)
			continue;
		ns[i - warmup] = timing_now_ns() - t0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			exit0++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
			exit1++;
		else
			other++;
	}
	timing_summarise(ns, runs, &s);
	printf("%s exit0=%zu exit1=%zu exit_other=%zu ", label, exit0, exit1,
	    other);
	timing_print(stdout, "", &s);
	free(ns);
	return 0;
}
