/*
 * Program starts seen in the audit trail (the optional execve rules), per
 * node and pid, to rebuild who started whom: a kill's chain of ancestors
 * is found by walking ppid links back through the exec records.
 *
 * Entries are kept per (node, pid) in time order, so adds and look-ups
 * may interleave (a daemon feeding live records) or come in any order of
 * files (an offline run over rotated logs).
 */
#ifndef WHOKILLED_AUDIT_HISTORY_H
#define WHOKILLED_AUDIT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "audit_record.h"
#include "whokilled/wire.h"

/* One program start as the history keeps it. */
struct wk_audit_exec_info {
	int64_t sec;
	uint32_t msec;
	uint64_t serial;
	int32_t pid;
	int32_t ppid;
	uint32_t uid, euid, auid, ses;
	uint32_t argc;		/* as EXECVE gave it */
	uint32_t argv_len;	/* bytes in argv, each argument NUL-terminated */
	uint32_t flags;		/* WK_AUDIT_P_* */
	char comm[WK_COMM_MAX];
	char *exe;
	char *argv;		/* NULL when EXECVE was missing */
};

struct wk_audit_history;

/* An empty history, or NULL with errno. */
struct wk_audit_history *wk_audit_history_new(void);
void wk_audit_history_free(struct wk_audit_history *h);

/* Remembers one successful exec.  Returns 0, or -1 with errno ENOMEM. */
int wk_audit_history_add(struct wk_audit_history *h, const struct wk_audit_exec *x);

/* Program starts remembered. */
size_t wk_audit_history_count(const struct wk_audit_history *h);

/*
 * Bounds the memory of a history fed for ever (a daemon): forgets every
 * program start but the latest of each pid, then, while more than keep
 * remain, the pids whose latest start is the oldest.  What is forgotten
 * only shortens chains of events older than it.  Returns 0, or -1 with
 * errno ENOMEM (the history is then as it was).
 */
int wk_audit_history_prune(struct wk_audit_history *h, size_t keep);

/*
 * The latest exec by pid on node ("" for a local log) at or before the
 * point (sec, msec, serial) of that node's trail, or NULL when none is
 * known.
 */
const struct wk_audit_exec_info *wk_audit_history_find(
    const struct wk_audit_history *h, const char *node, int32_t pid,
    int64_t sec, uint32_t msec, uint64_t serial);

/*
 * The ancestors of a process whose parent is ppid, at the point of stamp:
 * the parent's latest exec before it, that one's parent's before that, and
 * so on, until pid 1, an unknown pid, a loop, or max entries.  Writes them
 * outermost first into chain and returns how many.
 */
uint32_t wk_audit_history_ancestors(const struct wk_audit_history *h,
    const struct wk_audit_stamp *stamp, int32_t ppid,
    struct wk_chain_entry *chain, uint32_t max);

/* The command line as one string of at most size - 1 bytes, spaces between. */
void wk_audit_join_argv(const char *argv, size_t len, char *out, size_t size);

#endif
