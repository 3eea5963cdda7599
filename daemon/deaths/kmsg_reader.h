/*
 * The kernel log (/dev/kmsg) read in the daemon's poll loop, for the OOM
 * kills in it.  Each read of /dev/kmsg returns one record; a reader that
 * falls behind the ring buffer gets EPIPE once and then continues from the
 * oldest record still there.
 */
#ifndef WHOKILLED_DAEMON_KMSG_READER_H
#define WHOKILLED_DAEMON_KMSG_READER_H

#include <stdint.h>

#include "daemon/procs/kmsg_oom.h"

#define KMSG_DEFAULT_PATH	"/dev/kmsg"
/* Records handled by one drain before it lets the loop run. */
#define KMSG_BATCH		1024

/* kmsg_reader_open flags */
#define KMSG_FROM_START	0x1u	/* read what the ring still holds (else only new records) */

struct kmsg_counts {
	uint64_t records;	/* records read */
	uint64_t overwritten;	/* EPIPE: the ring moved past us */
	uint64_t missed;	/* records lost that way (sequence gaps) */
	uint64_t malformed;	/* records that did not parse */
	uint64_t skipped;	/* below min_seq: seen before */
	uint64_t oom_kills;	/* kills reported */
};

struct kmsg_reader {
	int fd;
	uint64_t min_seq;	/* records with a lower sequence number are skipped */
	uint64_t next_seq;	/* the sequence number expected next; 0: none yet */
	struct kmsg_oom_state oom;
	struct kmsg_counts counts;
};

typedef void (*oom_kill_cb)(const struct oom_kill *kill, void *arg);

/*
 * Open path (NULL: /dev/kmsg) non-blocking.  Unless KMSG_FROM_START,
 * start after the last record now in the ring.  Records numbered below
 * min_seq (say, already stored before a restart) are skipped.  0, or -1
 * with errno.
 */
int kmsg_reader_open(struct kmsg_reader *r, const char *path, unsigned flags,
    uint64_t min_seq);

/*
 * Read pending records and call cb for each OOM kill.  Returns 0 when
 * drained, 1 when stopped after KMSG_BATCH records, -1 with errno.
 */
int kmsg_reader_drain(struct kmsg_reader *r, oom_kill_cb cb, void *arg);

void kmsg_reader_close(struct kmsg_reader *r);

#endif
