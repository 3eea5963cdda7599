/*
 * Backfill from audit log files: at start the daemon reads the log
 * (FILE.1 first when it exists, then FILE) so that the kills made while it
 * was down are stored.  Rows are keyed by audit event, so what was stored
 * before is not stored again.  The files are read in slices, one per turn
 * of the daemon's loop, so a large log never holds up the reports and
 * queries that arrive meanwhile; each file is read to the end it had when
 * the daemon started (the live sources carry on from there).
 */
#ifndef WHOKILLED_DAEMON_AUDIT_BACKFILL_H
#define WHOKILLED_DAEMON_AUDIT_BACKFILL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "audit/audit_reader.h"

#define AUDIT_BACKFILL_SLICE	(64 * 1024)	/* bytes read per turn */

struct audit_backfill {
	int fds[2];		/* FILE.1 (when present), then FILE */
	off_t ends[2];		/* their sizes at the start */
	off_t done[2];		/* bytes read of each */
	char paths[2][PATH_MAX];
	unsigned nfiles, cur;
	struct wk_audit_reader *reader;
	char *buf;		/* a slice, and a partial line carried over */
	size_t carry;		/* bytes of a partial line at buf's start */
	uint64_t records;	/* lines fed to the reader */
	int active;
};

/*
 * Open log (and log.1) for reading by the reader of sink.  A log that does
 * not exist, or "" for none, leaves nothing to do.  Returns 0, or -1 with
 * errno (a log that exists but cannot be read, ENOMEM).
 */
int audit_backfill_start(struct audit_backfill *bf, const char *log,
    const struct wk_audit_sink *sink);

/*
 * Read and feed one slice of at most AUDIT_BACKFILL_SLICE bytes.  Returns
 * 1 while there is more to read, 0 when all is read (every event handed
 * on, the files closed), or -1 with errno on a read error (what was read
 * is handed on, and the backfill stops).
 */
int audit_backfill_step(struct audit_backfill *bf);

/* Whether a backfill is under way. */
int audit_backfill_active(const struct audit_backfill *bf);

/* Stop (if under way) and release everything. */
void audit_backfill_stop(struct audit_backfill *bf);

#endif
