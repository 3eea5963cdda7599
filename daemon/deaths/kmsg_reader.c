/*
 * /dev/kmsg in the poll loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kmsg_reader.h"

/* A record is at most 1 KiB of text plus its dictionary; 8 KiB is the kernel's bound. */
#define KMSG_RECORD_MAX	8192

int
kmsg_reader_open(struct kmsg_reader *r, const char *path, unsigned flags,
    uint64_t min_seq)
{
	int saved;

	memset(r, 0, sizeof *r);
	kmsg_oom_init(&r->oom);
	r->min_seq = min_seq;
	r->fd = open(path != NULL ? path : KMSG_DEFAULT_PATH,
	    O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (r->fd == -1)
		return -1;
	if ((flags & KMSG_FROM_START) == 0 &&
	    lseek(r->fd, 0, SEEK_END) == -1) {
		saved = errno;
		close(r->fd);
		r->fd = -1;
		errno = saved;
		return -1;
	}
	return 0;
}

/* Account for one parsed record's sequence number. */
static void
note_seq(struct kmsg_reader *r, uint64_t seq)
{
	if (r->next_seq != 0 && seq > r->next_seq)
		r->counts.missed += seq - r->next_seq;
	r->next_seq = seq + 1;
}

int
kmsg_reader_drain(struct kmsg_reader *r, oom_kill_cb cb, void *arg)
{
	char buf[KMSG_RECORD_MAX];
	struct kmsg_record rec;
	struct oom_kill kill;
	unsigned i;
	ssize_t n;

	for (i = 0; i < KMSG_BATCH; i++) {
		n = read(r->fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EPIPE) {
			r->counts.overwritten++;
			continue;
		}
		if (n == -1 && errno == EAGAIN)
			return 0;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		r->counts.records++;
		if (kmsg_parse_record(buf, (size_t)n, &rec) == -1) {
			r->counts.malformed++;
			continue;
		}
		note_seq(r, rec.seq);
		if (rec.seq < r->min_seq) {
			r->counts.skipped++;
			continue;
		}
		if (kmsg_oom_feed(&r->oom, &rec, &kill) == 1) {
			r->counts.oom_kills++;
			cb(&kill, arg);
		}
	}
	return 1;
}

void
kmsg_reader_close(struct kmsg_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
