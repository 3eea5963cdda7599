/*
 * What preloading a library costs every program that starts: fork +
 * execve + exit + wait of a trivial program, bare and with LD_PRELOAD.
 *
 *   exec_cost [-n RUNS] [-w WARMUP] [-p PROGRAM] LIB...
 *
 * PROGRAM (default /bin/true) is run RUNS times in each variant: with the
 * environment of this process minus any LD_PRELOAD ("bare"), and with
 * LD_PRELOAD=LIB added, for each LIB.  The variants take turns, in an order
 * that rotates every round, so all see the same machine.  Prints one
 * "exec variant=bare|LIB ..." summary line per variant.  Exits 0, or 1
 * when a run failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

#define MAX_VARIANTS	8

extern char **environ;

/* This process's environment without LD_PRELOAD, plus extra (may be NULL). */
static char **
make_env(char *extra)
{
	size_t n = 0, i, j = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = calloc(n + 2, sizeof *env);
	if (env == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0)
			env[j++] = environ[i];
	if (extra != NULL)
		env[j++] = extra;
	env[j] = NULL;
	return env;
}

/* One fork + execve + wait; the elapsed nanoseconds, or 0 on failure. */
static uint64_t
run_once(char *program, char **env)
{
	char *args[] = { program, NULL };
	uint64_t t0 = timing_now_ns(), t1;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == -1)
		return 0;
	if (pid == 0) {
		execve(program, args, env);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return 0;
	t1 = timing_now_ns();
	return t1 - t0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: exec_cost [-n RUNS] [-w WARMUP] [-p PROGRAM]"
	    " LIB...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static char default_program[] = "/bin/true";
	struct timing_summary s;
	uint64_t *ns[MAX_VARIANTS];
	char **env[MAX_VARIANTS], *preload[MAX_VARIANTS];
	size_t runs = 2000, warmup = 50, i, v, nv, k;
	char *program = default_program;
	int ch, rc = 1;

	while ((ch = getopt(argc, argv, "n:w:p:")) != -1) {
		switch (ch) {
		case 'n':
			runs = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			program = optarg;
			break;
		default:
			return usage();
		}
	}
	nv = (size_t)(argc - optind) + 1;
	if (nv < 2 || nv > MAX_VARIANTS || runs == 0)
		return usage();
	memset(ns, 0, sizeof ns);
	memset(env, 0, sizeof env);
	memset(preload, 0, sizeof preload);
	for (v = 0; v < nv; v++) {
		if (v > 0 && asprintf(&preload[v], "LD_PRELOAD=%s",
		    argv[optind + (int)v - 1]) == -1)
			preload[v] = NULL;
		ns[v] = calloc(runs, sizeof *ns[v]);
		env[v] = make_env(preload[v]);
		if ((v > 0 && preload[v] == NULL) || ns[v] == NULL ||
		    env[v] == NULL) {
			perror("exec_cost");
			goto out;
		}
	}
	for (i = 0; i < warmup; i++) {
		for (v = 0; v < nv; v++) {
			if (run_once(program, env[v]) == 0) {
				fprintf(stderr, "exec_cost: %s did not run and"
				    " exit 0 (variant %zu)\n", program, v);
				goto out;
			}
		}
	}
	for (i = 0; i < runs; i++) {
		for (k = 0; k < nv; k++) {
			v = (i + k) % nv;
			ns[v][i] = run_once(program, env[v]);
			if (ns[v][i] == 0) {
				fprintf(stderr, "exec_cost: run %zu of %s"
				    " failed: %s\n", i, program,
				    strerror(errno));
				goto out;
			}
		}
	}
	for (v = 0; v < nv; v++) {
		char label[512];

		snprintf(label, sizeof label, "exec variant=%s", v == 0 ?
		    "bare" : argv[optind + (int)v - 1]);
		timing_summarise(ns[v], runs, &s);
		timing_print(stdout, label, &s);
	}
	rc = 0;
out:
	for (v = 0; v < MAX_VARIANTS; v++) {
		free(ns[v]);
		free(env[v]);
		free(preload[v]);
	}
	return rc;
}
