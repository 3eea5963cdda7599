/*
 * Audit log files, read in slices.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_backfill.h"
#include "audit_filter.h"
#include "daemon/base/log.h"

/* Room for a slice after the longest partial line carried over. */
#define BUF_SIZE	(WK_AUDIT_LINE_MAX + AUDIT_BACKFILL_SLICE)

/*
 * Open path and note its size; 1 when opened, 0 when it does not exist,
 * -1 with errno when it cannot be read.
 */
static int
open_log(struct audit_backfill *bf, const char *path)
{
	struct stat sb;
	unsigned i = bf->nfiles;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		saved = S_ISREG(sb.st_mode) ? errno : EINVAL;
		close(fd);
		errno = saved;
		return -1;
	}
	bf->fds[i] = fd;
	bf->ends[i] = sb.st_size;
	bf->done[i] = 0;
	snprintf(bf->paths[i], sizeof bf->paths[i], "%s", path);
	bf->nfiles++;
	return 1;
}

int
audit_backfill_start(struct audit_backfill *bf, const char *log,
    const struct wk_audit_sink *sink)
{
	char older[PATH_MAX];
	int saved;

	memset(bf, 0, sizeof *bf);
	bf->fds[0] = bf->fds[1] = -1;
	if (log == NULL || log[0] == '\0')
		return 0;
	if ((size_t)snprintf(older, sizeof older, "%s.1", log) >= sizeof older) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (open_log(bf, older) == -1 || open_log(bf, log) == -1)
		goto fail;
	if (bf->nfiles == 0)
		return 0;
	bf->buf = malloc(BUF_SIZE);
	bf->reader = wk_audit_reader_new(sink);
	if (bf->buf == NULL || bf->reader == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	bf->active = 1;
	return 0;
fail:
	saved = errno;
	audit_backfill_stop(bf);
	errno = saved;
	return -1;
}

/* Feed the wanted whole lines of buf[0, len); keep a partial last one. */
static int
feed_lines(struct audit_backfill *bf, size_t len)
{
	char *p = bf->buf, *end = bf->buf + len, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (audit_filter_line(p, (size_t)(nl - p))) {
			if (wk_audit_reader_feed(bf->reader, p,
			    (size_t)(nl + 1 - p)) == -1)
				return -1;
			bf->records++;
		}
		p = nl + 1;
	}
	bf->carry = (size_t)(end - p);
	if (bf->carry > WK_AUDIT_LINE_MAX)
		bf->carry = 0;	/* no record is this long: skip it */
	memmove(bf->buf, p, bf->carry);
	return 0;
}

/* The end of all input: the last events go, everything is closed. */
static void
finish(struct audit_backfill *bf)
{
	/* A partial last line is the log's live end: the live sources have it. */
	if (bf->reader != NULL)
		(void)wk_audit_reader_finish(bf->reader);
	bf->active = 0;
}

int
audit_backfill_step(struct audit_backfill *bf)
{
	unsigned i = bf->cur;
	size_t want;
	ssize_t n;
	int saved;

	if (!bf->active)
		return 0;
	want = AUDIT_BACKFILL_SLICE;
	if ((off_t)want > bf->ends[i] - bf->done[i])
		want = (size_t)(bf->ends[i] - bf->done[i]);
	do {
		n = want == 0 ? 0 : read(bf->fds[i], bf->buf + bf->carry, want);
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		saved = errno;
		log_warn("%s", bf->paths[i]);
		finish(bf);
		errno = saved;
		return -1;
	}
	bf->done[i] += n;
	if (n > 0 && feed_lines(bf, bf->carry + (size_t)n) == -1) {
		saved = errno;
		finish(bf);
		errno = saved;
		return -1;
	}
	if (n > 0 && bf->done[i] < bf->ends[i])
		return 1;
	/* This file is read; a line it left unfinished is not completed by the next. */
	bf->carry = 0;
	if (++bf->cur < bf->nfiles)
		return 1;
	finish(bf);
	return 0;
}

int
audit_backfill_active(const struct audit_backfill *bf)
{
	return bf->active;
}

void
audit_backfill_stop(struct audit_backfill *bf)
{
	unsigned i;

	for (i = 0; i < 2; i++)
		if (bf->fds[i] != -1)
			close(bf->fds[i]);
	wk_audit_reader_free(bf->reader);
	free(bf->buf);
	memset(bf, 0, sizeof *bf);
	bf->fds[0] = bf->fds[1] = -1;
}
