/*
 * One query to the daemon and its whole answer, for the benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../cli/client.h"
#include "daemon_client.h"

#define BENCH_TIMEOUT_MS	10000

/* Reply frames, read until the end frame; one buffer per process. */
static union {
	struct wk_event event;
	char raw[WK_REPLY_MAX];
} frame;

/*
 * Send q and read its answer to the end frame: the stats frame into *stats
 * (may be NULL), the number of kill event frames into *events.  0, or -1
 * with errno (EPROTO for an error frame or a stats frame that does not
 * decode).
 */
static int
ask(const char *socket_dir, const struct wk_query *q,
    struct wk_stats *stats, uint32_t *events)
{
	char path[CLI_PATH_MAX];
	const char *why;
	uint16_t type;
	size_t len;
	int fd, rc = -1, saved;

	*events = 0;
	if (cli_query_path(socket_dir, path, sizeof path) == -1)
		return -1;
	fd = cli_connect(path, BENCH_TIMEOUT_MS);
	if (fd == -1)
		return -1;
	if (cli_send_query(fd, q, BENCH_TIMEOUT_MS) == -1)
		goto out;
	for (;;) {
		if (cli_read_frame(fd, frame.raw, sizeof frame.raw,
		    BENCH_TIMEOUT_MS, &type, &len, &why) == -1)
			goto out;
		if (type == WK_R_END) {
			rc = 0;
			goto out;
		}
		if (type == WK_R_EVENT) {
			(*events)++;
		} else if (type == WK_R_STATS && stats != NULL) {
			if (wk_decode_stats(frame.raw, len, stats, &why) == -1)
				break;
		} else if (type == WK_R_ERROR) {
			break;
		}
		/* Other frames (a process's death...) are part of the answer. */
	}
	errno = EPROTO;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
bench_stats(const char *socket_dir, struct wk_stats *out)
{
	struct wk_query q;
	uint32_t events;

	memset(out, 0, sizeof *out);
	wk_query_init(&q, WK_Q_STATS);
	return ask(socket_dir, &q, out, &events);
}

int
bench_query_pid(const char *socket_dir, int32_t pid, uint32_t *events)
{
	struct wk_query q;

	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = pid;
	return ask(socket_dir, &q, NULL, events);
}

int
bench_query_list(const char *socket_dir, const char *name, int by,
    uint32_t by_uid, int64_t since, uint32_t *events)
{
	struct wk_query q;

	wk_query_init(&q, WK_Q_LIST);
	if (name != NULL)
		snprintf(q.name, sizeof q.name, "%s", name);
	if (by) {
		q.flags |= WK_QF_BY;
		q.by_uid = by_uid;
	}
	q.since = since;
	return ask(socket_dir, &q, NULL, events);
}
