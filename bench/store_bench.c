/*
 * Store throughput: batched inserts per second, then the time of queries by
 * pid on the resulting table.
 *
 *   store_bench PATH [ROWS [BATCH [increasing|random]]]
 *
 * Target pids are either handed out the way the kernel does (increasing,
 * wrapping at pid_max: kills mostly hit recent processes) or spread at
 * random over the whole pid space, the worst case for the by-target index.
 * PATH must not exist yet; it is left behind for inspection.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"

#define QUERIES		2000
#define PID_SPACE	4194304		/* pid_max on 64-bit Linux */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int random_pids;

/* A typical attribution: kill -9 from a shell four processes deep. */
static void
fill_event(struct wk_event *ev, unsigned i)
{
	static const char argv[] = "kill\0-9\0" "123456";
	int j;

	memset(ev, 0, sizeof *ev);
	wk_report_init(&ev->report);
	ev->sources = WK_SRC_SHIM;
	snprintf(ev->boot_id, sizeof ev->boot_id,
	    "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	snprintf(ev->tty, sizeof ev->tty, "pts/%u", i % 8);
	ev->report.time.sec = 1763737961 + i / 100;
	ev->report.time.nsec = (i % 100) * 10000000;
	ev->report.call = WK_CALL_KILL;
	ev->report.signo = SIGKILL;
	ev->report.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	if (random_pids)
		ev->report.target.pid =
		    (int32_t)(1 + (i * 2654435761u) % PID_SPACE);
	else
		ev->report.target.pid = (int32_t)(1 + (i * 3u) % PID_SPACE);
	ev->report.arg_pid = ev->report.target.pid;
	ev->report.target.start_time = 1000 + i;
	snprintf(ev->report.target.comm, sizeof ev->report.target.comm,
	    "sleep");
	ev->report.caller.pid = 1784;
	ev->report.caller.loginuid = 1000 + i % 50;
	snprintf(ev->report.caller.comm, sizeof ev->report.caller.comm,
	    "kill");
	snprintf(ev->report.caller.exe, sizeof ev->report.caller.exe,
	    "/usr/bin/kill");
	ev->report.caller.argc = 3;
	ev->report.caller.argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	ev->chain_len = 4;
	for (j = 0; j < 4; j++) {
		ev->chain[j].pid = 1700 + j;
		ev->chain[j].ppid = 1699 + j;
		snprintf(ev->chain[j].comm, sizeof ev->chain[j].comm, "bash");
		snprintf(ev->chain[j].args, sizeof ev->chain[j].args, "-bash");
	}
}

static int
count_event(const struct wk_event *ev, void *arg)
{
	(void)ev;
	(*(unsigned *)arg)++;
	return 0;
}

int
main(int argc, char **argv)
{
	struct store_pid_query q;
	struct wk_event ev;
	struct store *st;
	struct stat sb;
	char err[256];
	unsigned rows, batch, i, found = 0;
	double t0, t1;

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: %s PATH [ROWS [BATCH"
		    " [increasing|random]]]\n", argv[0]);
		return 2;
	}
	random_pids = argc > 4 && strcmp(argv[4], "random") == 0;
	rows = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000000;
	batch = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 1000;
	if (rows == 0 || batch == 0 || stat(argv[1], &sb) == 0) {
		fprintf(stderr, "%s: exists, or ROWS/BATCH is 0\n", argv[1]);
		return 2;
	}
	st = store_open(argv[1], err, sizeof err);
	if (st == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}

	t0 = now();
	for (i = 0; i < rows; i++) {
		fill_event(&ev, i);
		if (store_add(st, &ev) == -1 ||
		    (store_pending(st) >= batch && store_commit(st) == -1)) {
			fprintf(stderr, "%s\n", store_errmsg(st));
			return 1;
		}
	}
	if (store_commit(st) == -1) {
		fprintf(stderr, "%s\n", store_errmsg(st));
		return 1;
	}
	t1 = now();
	printf("insert: %u rows, %s pids, batches of %u: %.2f s, %.0f rows/s\n",
	    rows, random_pids ? "random" : "increasing", batch, t1 - t0,
	    rows / (t1 - t0));

	t0 = now();
	for (i = 0; i < QUERIES; i++) {
		memset(&q, 0, sizeof q);
		fill_event(&ev, (i * 7919u) % rows);
		q.pid = ev.report.target.pid;
		if (store_find_by_pid(st, &q, count_event, &found, NULL) == -1) {
			fprintf(stderr, "%s\n", store_errmsg(st));
			return 1;
		}
	}
	t1 = now();
	printf("query by pid: %u queries, %u events, %.3f ms each\n", QUERIES,
	    found, (t1 - t0) * 1000 / QUERIES);

	t0 = now();
	printf("count: %lld rows", (long long)store_count(st));
	printf(" in %.1f ms\n", (now() - t0) * 1000);
	store_close(st);
	if (stat(argv[1], &sb) == 0)
		printf("file: %.1f MB\n", sb.st_size / 1e6);
	return 0;
}
