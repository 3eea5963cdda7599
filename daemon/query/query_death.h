/*
 * The WK_R_DEATH frames of an answer by pid: which process the answer is
 * about when none runs with the pid, and how a process ended (or that it
 * runs, or that nothing is known), from /proc, the process table and the
 * store, with the recorded signal that ended it.
 */
#ifndef WHOKILLED_DAEMON_QUERY_DEATH_H
#define WHOKILLED_DAEMON_QUERY_DEATH_H

#include <stdint.h>
#include <sys/types.h>

#include "whokilled/wire.h"
#include "daemon/procs/procinfo.h"
#include "query_env.h"
#include "query_reply.h"

/* Death frames in one answer at most: the subject and others of --all. */
#define QUERY_DEATHS_MAX	64

/* A process: boot id + pid + start time (0: unknown). */
struct query_process {
	char boot_id[WK_BOOT_ID_MAX];
	int32_t pid;
	uint64_t start_time;
	int64_t signalled_sec;	/* its newest event's time (a node's ends) */
};

/*
 * The process an answer about q->pid shows when none runs with that pid:
 * the one of the newest event matching the query, unless (and the query
 * has no signal or time filter) a later process with the pid is known to
 * have ended after that event -- then that one.  1 with *out, 0 when
 * nothing is known of the pid, or -1 (the store failed).
 */
int query_death_subject(const struct query_env *env, const struct wk_query *q,
    struct query_process *out);

/*
 * The frame for process p (WK_D_SUBJECT when subject): running when
 * running is /proc's stat of it (NULL: it does not run), else its end as
 * the store or the table knows it, else WK_DEATH_UNKNOWN for a zombie
 * (zombie set) or WK_DEATH_NO_RECORD with when the daemon watched.  A
 * death by a signal names the recorded signal that ended it, when there
 * is one the asker may see.  Root sees every frame; others the frames of
 * their own processes, of processes whose events they see (seen_events),
 * and those of no record.  Returns 1 with *out, 0 when the asker may not
 * see it, -1 when the store failed.
 */
int query_death_frame(const struct query_env *env,
    const struct query_process *p, const struct procinfo_stat *running,
    int zombie, int subject, uid_t asker, int seen_events,
    struct wk_death *out);

/*
 * For an event whose result never came (WK_F_RESULT_PENDING: the report
 * left before delivery, and the sender never said what the call
 * returned): whether the sender's own end, as the store or the table
 * knows it, was by that very signal, at most 2 s after the call (when its
 * time is known) -- then it was among the targets and the signal was
 * delivered.  1, 0, or -1 when the store failed.
 */
int query_death_sender_ended(const struct query_env *env,
    const struct wk_event *ev);

/*
 * The frame of a stored end for a list: how it ended, with the recorded
 * signal that ended it when the asker may see it.  1 with *out, 0 when
 * the asker may not see it (not their process), -1 when the store failed.
 */
int query_death_listed(const struct query_env *env,
    const struct store_death *row, uid_t asker, struct wk_death *out);

/*
 * The end of a process of an audit hub's node, as the node told it: of
 * pid started at start_time (any, when 0), the first end at not_before
 * seconds or later; with not_before -1, the newest end of pid.  A
 * death by a signal names the node's recorded signal that ended it.
 * Only root sees a node's processes.  1 with *out, 0 when none (or the
 * asker is not root), -1 when the store failed.
 */
int query_death_of_node(const struct query_env *env, const char *node,
    int32_t pid, uint64_t start_time, int64_t not_before, int subject,
    uid_t asker, struct wk_death *out);

#endif
