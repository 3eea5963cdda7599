/*
 * The query round trip alone: connect to the daemon's query socket, ask
 * who signalled a pid, read the whole answer -- what `whokilled PID` does
 * minus starting a process and printing.
 *
 *   query_rtt [-r RUNS] [-w WARMUP] SOCKET_DIR PIDFILE
 *   query_rtt -L list|name:NAME|by:UID [-r RUNS] [-w WARMUP] SOCKET_DIR
 *
 * PIDFILE holds one pid per line; they are asked in turn, cycling.  With
 * -L a list is asked instead, as `whokilled`, `whokilled NAME` and
 * `whokilled --by UID` ask it (the last 24 hours, the default limit).
 * Prints one summary line ("query_rtt ...") with the events answered per
 * query.
 * Exits 0, or 1 when a query failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon_client.h"
#include "timing.h"

/* Read up to max pids from path into pids; the count, or -1. */
static long
read_pids(const char *path, int32_t *pids, long max)
{
	FILE *fp = fopen(path, "r");
	long n = 0, v;

	if (fp == NULL)
		return -1;
	while (n < max && fscanf(fp, "%ld", &v) == 1)
		if (v > 0)
			pids[n++] = (int32_t)v;
	fclose(fp);
	return n;
}

static int
usage(void)
{
	fprintf(stderr, "usage: query_rtt [-r RUNS] [-w WARMUP] SOCKET_DIR"
	    " PIDFILE\n       query_rtt -L list|name:NAME|by:UID [-r RUNS]"
	    " [-w WARMUP] SOCKET_DIR\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static int32_t pids[100000];
	struct timing_summary s;
	uint64_t *ns, t0, events_total = 0;
	size_t runs = 2000, warmup = 50, i;
	uint32_t events, by_uid = 0;
	const char *list = NULL, *name = NULL;
	int64_t since = (int64_t)time(NULL) - 86400;
	long npids = 1;
	int ch, rc;

	while ((ch = getopt(argc, argv, "L:r:w:")) != -1) {
		switch (ch) {
		case 'L':
			list = optarg;
			if (strncmp(list, "name:", 5) == 0)
				name = list + 5;
			else if (strncmp(list, "by:", 3) == 0)
				by_uid = (uint32_t)strtoul(list + 3, NULL, 10);
			else if (strcmp(list, "list") != 0)
				return usage();
			break;
		case 'r':
			runs = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtoul(optarg, NULL, 10);
			break;
		default:
			return usage();
		}
	}
	if (optind != argc - (list != NULL ? 1 : 2) || runs == 0)
		return usage();
	if (list == NULL)
		npids = read_pids(argv[optind + 1], pids,
		    sizeof pids / sizeof pids[0]);
	if (npids <= 0) {
		fprintf(stderr, "query_rtt: no pids in %s\n", argv[optind + 1]);
		return 1;
	}
	ns = calloc(runs, sizeof *ns);
	if (ns == NULL) {
		perror("query_rtt");
		return 1;
	}
	for (i = 0; i < warmup + runs; i++) {
		int32_t pid = pids[i % (size_t)npids];

		t0 = timing_now_ns();
		if (list != NULL)
			rc = bench_query_list(argv[optind], name,
			    strncmp(list, "by:", 3) == 0, by_uid, since, &events);
		else
			rc = bench_query_pid(argv[optind], pid, &events);
		if (rc == -1) {
			fprintf(stderr, "query_rtt: %s %d: %s\n", list != NULL ?
			    list : "pid", (int)pid, strerror(errno));
			free(ns);
			return 1;
		}
		if (i >= warmup) {
			ns[i - warmup] = timing_now_ns() - t0;
			events_total += events;
		}
	}
	timing_summarise(ns, runs, &s);
	printf("query_rtt events_per_query=%.2f ", (double)events_total /
	    (double)runs);
	timing_print(stdout, "", &s);
	free(ns);
	return 0;
}
