/*
 * The kernel-audit reader: audit records in, one callback per signal
 * system call and per program start out.
 *
 * The same reader serves every source of records: a log file read in
 * chunks, the standard input of an auditd plugin (auditd's log format,
 * lines arriving in pieces), and netlink messages (a type number and the
 * text after it).  libauparse (AUSOURCE_FEED) assembles records into
 * events, interleaved or not; the reader turns each finished event into a
 * struct and hands it to the sink at once, without a system call or an
 * allocation per record, so a slow consumer is the sink's to queue.
 *
 * Usage:
 *     r = wk_audit_reader_new(&sink);
 *     wk_audit_reader_feed(r, buf, n);   ...as often as data comes
 *     wk_audit_reader_finish(r);         end of input: flushes the rest
 *     wk_audit_reader_stats(r, &st);     st.truncated: the input was cut
 *     wk_audit_reader_free(r);
 */
#ifndef WHOKILLED_AUDIT_READER_H
#define WHOKILLED_AUDIT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "audit_end.h"
#include "audit_note.h"
#include "audit_record.h"

/* Receives events; the pointers are valid only during the call. */
struct wk_audit_sink {
	void (*kill)(const struct wk_audit_kill *k, void *arg);
	void (*exec)(const struct wk_audit_exec *x, void *arg);	/* may be NULL */
	/* a node's whokilled record (audit_note.h); may be NULL */
	void (*note)(const struct wk_audit_note *n, void *arg);
	/* a node's record of a process's end (audit_end.h); may be NULL */
	void (*end)(const struct wk_audit_end *e, void *arg);
	void *arg;
};

struct wk_audit_reader_stats {
	uint64_t events;	/* complete events libauparse assembled */
	uint64_t kills;		/* signal system calls handed to the sink */
	uint64_t execs;		/* successful execve/execveat handed to the sink */
	uint64_t probes;	/* signal 0 (existence checks), not handed on */
	uint64_t malformed;	/* SYSCALL records without arch, syscall or pid */
	uint64_t notes;		/* whokilled records of nodes handed on */
	uint64_t ends;		/* nodes' records of ends handed on */
	uint64_t bad_notes;	/* whokilled records that did not read */
	uint64_t long_lines;	/* lines over WK_AUDIT_LINE_MAX, skipped */
	int truncated;		/* the input ended inside a line (dropped) */
};

/* Longer lines are skipped: auditd writes at most about 9 KiB per record. */
#define WK_AUDIT_LINE_MAX	(64 * 1024)

struct wk_audit_reader;

/* A reader handing events to *sink (copied).  NULL with errno on failure. */
struct wk_audit_reader *wk_audit_reader_new(const struct wk_audit_sink *sink);

/*
 * Feeds len bytes of auditd's log format: whole lines are passed on, a
 * partial last line is held until its end comes.  Returns 0, or -1 with
 * errno (ENOMEM; EINVAL after wk_audit_reader_finish).
 */
int wk_audit_reader_feed(struct wk_audit_reader *r, const char *data, size_t len);

/*
 * Feeds one record as the kernel sends it over netlink: its type number
 * and its text ("audit(1763737961.723:15): arch=c000003e ...").
 * Returns 0, or -1 with errno.
 */
int wk_audit_reader_feed_netlink(struct wk_audit_reader *r, int type,
    const char *text, size_t len);

/*
 * Ends the input: a partial last line is dropped (the stats say the input
 * was truncated, and the event it belonged to is flagged
 * WK_AUDIT_K_INCOMPLETE), and every event still open is handed on.
 * Returns 0, or -1 with errno.
 */
int wk_audit_reader_finish(struct wk_audit_reader *r);

/*
 * Hands on the events that have waited for their end longer than
 * libauparse's end-of-event timeout (2 s by default), judged by the
 * events' own time stamps against the clock.  For live input whose last
 * event may never be followed by another (an auditd plugin's standard
 * input has no EOE records): call it now and then.
 */
void wk_audit_reader_age(struct wk_audit_reader *r);

/*
 * Reads fd to its end in large chunks, feeding them, then finishes.
 * Returns 0, or -1 with errno (a read error: what was read was handed on).
 */
int wk_audit_reader_read_fd(struct wk_audit_reader *r, int fd);

void wk_audit_reader_stats(const struct wk_audit_reader *r,
    struct wk_audit_reader_stats *out);

void wk_audit_reader_free(struct wk_audit_reader *r);

#endif
