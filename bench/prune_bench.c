/*
 * Retention under load: ingest's rate while the daemon prunes a large
 * store, against its rate with nothing to prune, and the largest pause a
 * pruning batch puts between two rounds of reports.
 *
 *   prune_bench PATH [ROWS [SECONDS]]
 *
 * PATH (must not exist; removed at the end) gets ROWS signals from 200 to
 * 100 days old.  Then for SECONDS each, two phases write new signals the
 * way the daemon does (the write path, a commit every 1024 rows), 64 per
 * round of the loop: first with no limit (the baseline), then with
 * max_age_days = 90, so that every round also runs the retention part --
 * a batch of the oldest rows deleted and committed -- as the daemon's
 * poll loop does.  The times are the daemon's own code, in process; no
 * socket, no /proc.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/base/log.h"
#include "daemon/ingest/ingest.h"
#include "daemon/retention/retention.h"
#include "daemon/store/store.h"
#include "timing.h"

#define ROUND_ROWS	64
#define SEED_BATCH	10000
#define DAY		86400
#define MAX_ROUNDS	(1u << 22)

/* A typical attribution at time sec: kill -9 from a shell four deep. */
static void
fill_event(struct wk_event *ev, unsigned i, int64_t sec)
{
	static const char argv[] = "kill\0-9\0" "123456";
	int j;

	memset(ev, 0, sizeof *ev);
	wk_report_init(&ev->report);
	ev->sources = WK_SRC_SHIM;
	snprintf(ev->boot_id, sizeof ev->boot_id,
	    "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	snprintf(ev->tty, sizeof ev->tty, "pts/%u", i % 8);
	ev->report.time.sec = sec;
	ev->report.time.nsec = (i % 100) * 10000000;
	ev->report.call = WK_CALL_KILL;
	ev->report.signo = SIGKILL;
	ev->report.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	ev->report.target.pid = (int32_t)(1 + (i * 3u) % 4194304);
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
seed(struct store *st, unsigned rows)
{
	int64_t first = (int64_t)time(NULL) - 200 * DAY;
	double step = 100.0 * DAY / rows;
	struct wk_event ev;
	unsigned i;

	for (i = 0; i < rows; i++) {
		fill_event(&ev, i, first + (int64_t)(i * step));
		if (store_add(st, &ev) == -1 || (i % SEED_BATCH ==
		    SEED_BATCH - 1 && store_commit(st) == -1))
			return -1;
	}
	return store_commit(st);
}

struct phase {
	double rows_per_s;
	uint64_t pruned;
	struct timing_summary batch;	/* retention_handle, per round */
	uint64_t commit_max_ns;		/* ingest's own commits */
};

/* SECONDS of rounds: 64 new rows each, then the retention part if any. */
static int
run_phase(struct ingest *in, struct retention *r, double seconds,
    uint64_t *ns, struct phase *out)
{
	struct wk_event ev;
	uint64_t start = timing_now_ns(), t, pruned = in->counters->rows_pruned;
	uint64_t end = start + (uint64_t)(seconds * 1e9), rows = 0;
	unsigned i, rounds = 0;

	memset(out, 0, sizeof *out);
	while ((t = timing_now_ns()) < end && rounds < MAX_ROUNDS) {
		for (i = 0; i < ROUND_ROWS; i++, rows++) {
			fill_event(&ev, (unsigned)rows, (int64_t)time(NULL));
			if (ingest_store_row(in, INGEST_ROW_KILL, &ev,
			    sizeof ev) != INGEST_ROW_WRITTEN)
				return -1;
			if (store_pending(in->store) >= INGEST_COMMIT_ROWS) {
				t = timing_now_ns();
				if (ingest_commit(in) == -1)
					return -1;
				t = timing_now_ns() - t;
				if (t > out->commit_max_ns)
					out->commit_max_ns = t;
			}
		}
		if (r != NULL) {
			t = timing_now_ns();
			retention_handle(r, (int64_t)(t / 1000000));
			ns[rounds++] = timing_now_ns() - t;
		}
	}
	if (ingest_commit(in) == -1)
		return -1;
	out->rows_per_s = (double)rows / ((double)(timing_now_ns() - start) /
	    1e9);
	out->pruned = in->counters->rows_pruned - pruned;
	timing_summarise(ns, rounds, &out->batch);
	return 0;
}

int
main(int argc, char **argv)
{
	struct retention_limits none = { 0, 0, 0 }, age = { 90, 0, 0 };
	struct wkd_counters counters;
	struct phase base, prune;
	struct retention ret;
	struct store_size size;
	struct ingest in;
	struct store *st;
	struct stat sb;
	char err[256], wal[4200];
	unsigned rows;
	double seconds, t0;
	uint64_t *ns;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: %s PATH [ROWS [SECONDS]]\n", argv[0]);
		return 2;
	}
	rows = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000000;
	seconds = argc > 3 ? strtod(argv[3], NULL) : 10;
	if (rows == 0 || seconds <= 0 || stat(argv[1], &sb) == 0) {
		fprintf(stderr, "%s: exists, or ROWS/SECONDS is 0\n", argv[1]);
		return 2;
	}
	ns = calloc(MAX_ROUNDS, sizeof *ns);
	st = store_open(argv[1], err, sizeof err);
	if (ns == NULL || st == NULL) {
		fprintf(stderr, "%s\n", st == NULL ? err : strerror(errno));
		return 1;
	}
	/* The retention line of each run goes to stderr, as the daemon's. */
	log_init(1, 0, "prune_bench");
	t0 = (double)timing_now_ns();
	if (seed(st, rows) == -1) {
		fprintf(stderr, "seed: %s\n", store_errmsg(st));
		return 1;
	}
	(void)store_size(st, &size);
	printf("seed: %u rows in %.1f s, %.0f MiB\n", rows,
	    ((double)timing_now_ns() - t0) / 1e9,
	    (double)size.file_bytes / (1024 * 1024));
	memset(&counters, 0, sizeof counters);
	ingest_init(&in, st, &counters, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
	    200, 64);
	if (retention_init(&ret, &in, argv[1], &none) == -1 ||
	    run_phase(&in, NULL, seconds, ns, &base) == -1) {
		fprintf(stderr, "baseline: %s\n", store_errmsg(st));
		return 1;
	}
	retention_set_limits(&ret, &age);
	if (run_phase(&in, &ret, seconds, ns, &prune) == -1) {
		fprintf(stderr, "pruning: %s\n", store_errmsg(st));
		return 1;
	}
	printf("prune_bench rows=%u seconds=%.0f baseline_per_s=%.0f "
	    "pruning_per_s=%.0f pruned_per_s=%.0f batch_median_ns=%llu "
	    "batch_p99_ns=%llu batch_max_ns=%llu commit_max_base_ns=%llu "
	    "commit_max_prune_ns=%llu\n", rows, seconds, base.rows_per_s,
	    prune.rows_per_s, (double)prune.pruned / seconds,
	    (unsigned long long)prune.batch.median_ns,
	    (unsigned long long)prune.batch.p99_ns,
	    (unsigned long long)prune.batch.max_ns,
	    (unsigned long long)base.commit_max_ns,
	    (unsigned long long)prune.commit_max_ns);
	ingest_finish(&in);
	store_close(st);
	free(ns);
	unlink(argv[1]);
	snprintf(wal, sizeof wal, "%s-wal", argv[1]);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", argv[1]);
	unlink(wal);
	return 0;
}
