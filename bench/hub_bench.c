/*
 * The audit hub: how fast its daemon stores its nodes' records, and how
 * long a question about one node's pid takes in a large hub store.
 *
 *   hub_bench ingest DIR EVENTS NODES
 *       Feeds EVENTS kills spread over NODES nodes, as the hub's auditd
 *       hands them to its plugin (node=NAME records of the kernel, without
 *       EOE, and each node's whokilled record), through the daemon's own
 *       reader and hub ingest into a store in DIR (batches of 1024, as the
 *       daemon commits).  Prints "ingest: NODES nodes R records/s E
 *       events/s" (the plugin's socket not included).
 *   hub_bench query DB ROWS NODES QUERIES
 *       Fills DB (must not exist) with ROWS kills spread over NODES nodes,
 *       then asks QUERIES questions "pid P on node N" as the daemon does
 *       (store_find_by_pid with the node) and prints their p50 and p99 in
 *       microseconds.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whokilled/wire.h"
#include "audit/audit_note.h"
#include "audit/audit_reader.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/store/store.h"

#define T0		1796000000
#define PID_SPACE	4194304

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A node's view of kill i, as its whokilled record carries it. */
static void
node_view(struct wk_event *ev, unsigned i, int32_t target)
{
	static const char argv[] = "/bin/kill\0-9\0" "123456";

	memset(ev, 0, sizeof *ev);
	wk_report_init(&ev->report);
	ev->sources = WK_SRC_SHIM | WK_SRC_KERNEL | WK_SRC_PAM;
	ev->report.time.sec = T0 + i / 100;
	ev->report.time.nsec = (i % 100) * 10000000 + 400000;
	ev->report.call = WK_CALL_KILL;
	ev->report.signo = SIGKILL;
	ev->report.arg_pid = target;
	ev->report.target.pid = target;
	ev->report.caller.pid = 4100 + (int32_t)(i % 1000);
	ev->report.caller.loginuid = 1000;
	ev->report.caller.sessionid = 3;
	snprintf(ev->report.caller.comm, sizeof ev->report.caller.comm, "kill");
	snprintf(ev->report.caller.exe, sizeof ev->report.caller.exe, "/usr/bin/kill");
	ev->report.caller.argc = 3;
	ev->report.caller.argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	snprintf(ev->report.target.comm, sizeof ev->report.target.comm, "sleep");
	ev->session.flags = WK_SI_KNOWN;
	snprintf(ev->session.user, sizeof ev->session.user, "alice");
	snprintf(ev->session.rhost, sizeof ev->session.rhost, "10.1.2.3");
	ev->chain_len = 2;
	ev->chain[0].pid = 4000;
	snprintf(ev->chain[0].comm, sizeof ev->chain[0].comm, "bash");
	ev->chain[1].pid = ev->report.caller.pid;
	snprintf(ev->chain[1].comm, sizeof ev->chain[1].comm, "kill");
}

/* The records of kill i on node n: 4 lines; returns their length. */
static size_t
records(char *buf, size_t size, unsigned i, unsigned n, uint64_t serial)
{
	static struct wk_event ev;
	static char msg[WK_AUDIT_NOTE_MAX];
	int32_t target = (int32_t)(1 + (i * 3u) % PID_SPACE);
	unsigned sec = T0 + i / 100, ms = (i % 100) * 10;
	int len;

	node_view(&ev, i, target);
	if (wk_audit_note_format(&ev, msg, sizeof msg) == -1)
		exit(1);
	len = snprintf(buf, size,
	    "node=n%u type=SYSCALL msg=audit(%u.%03u:%llu): arch=c000003e "
	    "syscall=62 success=yes exit=0 a0=%x a1=9 a2=0 a3=0 items=0 "
	    "ppid=4000 pid=%d auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 "
	    "egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"kill\" "
	    "exe=\"/usr/bin/kill\" key=\"whokilled\"\n"
	    "node=n%u type=OBJ_PID msg=audit(%u.%03u:%llu): opid=%d oauid=-1 "
	    "ouid=0 oses=-1 ocomm=\"sleep\"\n"
	    "node=n%u type=PROCTITLE msg=audit(%u.%03u:%llu): "
	    "proctitle=6B696C6C002D39\n"
	    "node=n%u type=TRUSTED_APP msg=audit(%u.%03u:%llu): pid=77 uid=0 "
	    "auid=4294967295 ses=4294967295 msg='%s exe=\"/usr/sbin/whokilledd\" "
	    "hostname=? addr=? terminal=? res=success'\n",
	    n, sec, ms, (unsigned long long)serial, (unsigned)target,
	    ev.report.caller.pid,
	    n, sec, ms, (unsigned long long)serial, target,
	    n, sec, ms, (unsigned long long)serial,
	    n, sec + 2, ms, (unsigned long long)serial + 1, msg);
	return len < 0 ? 0 : (size_t)len;
}

static int
ingest_bench(const char *dir, unsigned events, unsigned nodes)
{
	static char buf[64 * 1024];
	struct wkd_counters counters;
	struct ingest in;
	struct ingest_kernel ki;
	struct wk_audit_sink sink;
	struct wk_audit_reader *rd;
	struct store *st;
	char path[4096], err[256];
	uint64_t lines = 0;
	double t;

	snprintf(path, sizeof path, "%s/hub-%u.db", dir, nodes);
	st = store_open(path, err, sizeof err);
	if (st == NULL) {
		fprintf(stderr, "hub_bench: %s\n", err);
		return 1;
	}
	memset(&counters, 0, sizeof counters);
	ingest_init(&in, st, &counters, "", 200, 64);
	if (ingest_kernel_init(&ki, &in) == -1)
		return 1;
	ki.hub = 1;
	ingest_kernel_sink(&ki, INGEST_KERNEL_LIVE, &sink);
	rd = wk_audit_reader_new(&sink);
	if (rd == NULL)
		return 1;
	t = now();
	for (unsigned i = 0; i < events; i++) {
		unsigned n = i % nodes;
		size_t len = records(buf, sizeof buf, i / nodes, n,
		    (uint64_t)(i / nodes) * 2 + 100);

		lines += 4;
		if (wk_audit_reader_feed(rd, buf, len) == -1)
			return 1;
		if (i % 256 == 255)
			wk_audit_reader_age(rd);
		if (store_pending(st) >= 1024 && ingest_commit(&in) == -1)
			return 1;
	}
	wk_audit_reader_finish(rd);
	if (ingest_commit(&in) == -1)
		return 1;
	t = now() - t;
	printf("ingest: %u nodes %.0f records/s %.0f events/s (%llu stored, "
	    "%llu merged)\n", nodes, (double)lines / t, (double)events / t,
	    (unsigned long long)store_count(st),
	    (unsigned long long)counters.kernel_merged);
	wk_audit_reader_free(rd);
	ingest_kernel_free(&ki);
	store_close(st);
	return 0;
}

static int
count(const struct wk_event *ev, void *arg)
{
	(void)ev;
	(*(unsigned *)arg)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
query_bench(const char *path, unsigned rows, unsigned nodes, unsigned queries)
{
	static struct wk_event ev;
	struct store_pid_query q;
	struct store *st;
	char err[256];
	double *lat, t;
	unsigned found = 0;

	st = store_open(path, err, sizeof err);
	lat = calloc(queries, sizeof *lat);
	if (st == NULL || lat == NULL) {
		fprintf(stderr, "hub_bench: %s\n", st == NULL ? err : "no memory");
		return 1;
	}
	t = now();
	for (unsigned i = 0; i < rows; i++) {
		unsigned k = i / nodes;

		node_view(&ev, k, (int32_t)(1 + (k * 3u) % PID_SPACE));
		ev.sources |= WK_SRC_NODE;
		snprintf(ev.node, sizeof ev.node, "n%u", i % nodes);
		if (store_add(st, &ev) == -1 ||
		    (store_pending(st) >= 1024 && store_commit(st) == -1)) {
			fprintf(stderr, "hub_bench: %s\n", store_errmsg(st));
			return 1;
		}
	}
	if (store_commit(st) == -1)
		return 1;
	printf("filled: %u rows over %u nodes, %.0f rows/s\n", rows, nodes,
	    (double)rows / (now() - t));
	srand(7);
	for (unsigned i = 0; i < queries; i++) {
		unsigned k = (unsigned)rand() % (rows / nodes);

		memset(&q, 0, sizeof q);
		q.pid = (int32_t)(1 + (k * 3u) % PID_SPACE);
		q.limit = 100;
		snprintf(q.node, sizeof q.node, "n%u", (unsigned)rand() % nodes);
		t = now();
		if (store_find_by_pid(st, &q, count, &found, NULL) == -1)
			return 1;
		lat[i] = (now() - t) * 1e6;
	}
	qsort(lat, queries, sizeof *lat, cmp);
	printf("query: %u questions by node and pid, %u events found, p50 %.0f "
	    "us, p99 %.0f us\n", queries, found, lat[queries / 2],
	    lat[queries * 99 / 100]);
	free(lat);
	store_close(st);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "ingest") == 0)
		return ingest_bench(argv[2], (unsigned)atoi(argv[3]),
		    (unsigned)atoi(argv[4]));
	if (argc == 6 && strcmp(argv[1], "query") == 0)
		return query_bench(argv[2], (unsigned)atoi(argv[3]),
		    (unsigned)atoi(argv[4]), (unsigned)atoi(argv[5]));
	fprintf(stderr, "usage: hub_bench ingest DIR EVENTS NODES\n"
	    "       hub_bench query DB ROWS NODES QUERIES\n");
	return 2;
}
