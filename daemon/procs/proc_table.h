/*
 * The daemon's own table of processes, keyed by pid and start time, so a
 * process can still be named after it exited.  Bounded: a cap on entries
 * (the oldest exited go first) and a retention time for exited ones.
 * Filled by proc_table_feed.h; read by lookups and proc_table_chain.h.
 */
#ifndef WHOKILLED_DAEMON_PROC_TABLE_H
#define WHOKILLED_DAEMON_PROC_TABLE_H

#include <stdint.h>

#include "whokilled/wire.h"

#define PROC_TABLE_DEFAULT_MAX		32768u
#define PROC_TABLE_DEFAULT_RETENTION_NS	(600ull * 1000000000ull)

/* proc_entry.flags */
#define PROC_F_EXITED		0x0001u	/* exit_status and exit_time_ns are set */
#define PROC_F_EXIT_UNKNOWN	0x0002u	/* found gone without an exit event */
#define PROC_F_EXECED		0x0004u	/* comm and args were read after an exec */
#define PROC_F_STALE		0x0008u	/* an exec was seen but not read in time */
#define PROC_F_START_UNKNOWN	0x0010u	/* start_time could not be read (0) */
#define PROC_F_SEEDED		0x0020u	/* read from /proc, not seen forking */
#define PROC_F_SIGNALLED	0x0040u	/* a recorded signal was sent to it */
#define PROC_F_OOM		0x0080u	/* the OOM killer chose it */
#define PROC_F_DEATH_STORED	0x0100u	/* its end is in the store */

struct proc_entry {
	int32_t pid;
	int32_t ppid;		/* the parent at fork, kept when reparented */
	int32_t pgid;		/* process group as last read from /proc (fork,
				 * exec, setsid); 0 unknown.  setpgid() sends
				 * no event: stale until the next exec */
	uint32_t cgroup;	/* its cgroup and unit in the table's pool
				 * (proc_table_get_cgroup); 0 unknown */
	int32_t sid;		/* POSIX session, read with pgid; 0 unknown */
	int32_t tty_nr;		/* controlling tty as stat gives it, read
				 * with sid (a child inherits both) */
	uint64_t start_time;	/* clock ticks after boot, /proc/PID/stat field 22 */
	uint32_t uid, euid;
	uint32_t loginuid;	/* WK_ID_UNSET when unset */
	uint32_t sessionid;	/* audit session, WK_ID_UNSET when unset */
	uint32_t flags;		/* PROC_F_* */
	uint32_t exit_status;	/* a wait status, when PROC_F_EXITED */
	uint64_t exit_time_ns;	/* CLOCK_MONOTONIC, when PROC_F_EXITED */
	uint64_t checked_ns;	/* CLOCK_MONOTONIC when /proc last gave its audit
				 * ids and args; 0: never (copied at fork) */
	uint64_t cgroup_ns;	/* CLOCK_MONOTONIC when a report last had it
				 * read (proc_target.h); 0: none has */
	uint64_t forked_ns;	/* CLOCK_MONOTONIC of its fork event; 0 when
				 * not seen.  Says it existed from then on
				 * even when its start time is unknown */
	char comm[WK_COMM_MAX];
	char args[WK_ARGS_SHORT_MAX];	/* command line, space-joined, may be cut */
	char exe_base[WK_EXE_BASE_MAX];	/* its executable's base name, read
					 * with args; "" unknown */
};

struct proc_table_limits {
	uint32_t max_entries;	/* 0: PROC_TABLE_DEFAULT_MAX */
	uint64_t retention_ns;	/* exited entries kept this long; 0: the default */
};

struct proc_table_counts {
	uint64_t live;		/* entries of running processes */
	uint64_t exited;	/* entries kept after their exit */
	uint64_t added;
	uint64_t evicted_exited;	/* dropped early to make room */
	uint64_t evicted_live;		/* dropped while running: the cap is too low */
	uint64_t expired;	/* dropped at the end of their retention */
	uint64_t gone_unseen;	/* found gone without an exit event */
	uint64_t read_failures;	/* /proc reads that failed (the process was gone) */
	uint64_t lost_events;	/* times the event source overflowed */
	uint64_t resyncs;	/* rescans of /proc */
};

struct proc_table;

/* A new empty table (lim NULL: defaults); NULL with errno ENOMEM. */
struct proc_table *proc_table_new(const struct proc_table_limits *lim);
void proc_table_free(struct proc_table *t);

/*
 * Copy e into the table, making room by evicting the oldest exited entry
 * (or, when none has exited, the oldest running one).  A running entry
 * replaces the running entry of its pid, which is marked exited with an
 * unknown status at now_ns.  Returns the stored entry, valid until the
 * next change to the table.
 */
struct proc_entry *proc_table_add(struct proc_table *t,
    const struct proc_entry *e, uint64_t now_ns);

/* Mark a running entry exited (extra: more PROC_F_* flags to set). */
void proc_table_mark_exited(struct proc_table *t, struct proc_entry *e,
    uint32_t status, uint64_t time_ns, uint32_t extra);

/*
 * The cgroup (and unit) of an entry of this table, as /proc gave it;
 * checked_ns goes to its cgroup_ns (0: read for the table itself, at a
 * fork, an exec or a scan).  cg's path "" makes it unknown.  The pool of paths is bounded:
 * when full, the paths no entry names are given back first, and if that
 * is not enough the entry's cgroup stays unknown.
 */
void proc_table_set_cgroup(struct proc_table *t, const struct proc_entry *e,
    const struct wk_cgroup *cg, uint64_t checked_ns);

/* Its cgroup into out: 0, or -1 (out "") when unknown. */
int proc_table_get_cgroup(const struct proc_table *t,
    const struct proc_entry *e, struct wk_cgroup *out);

/* Set flags (PROC_F_*) on an entry found by a lookup of this table. */
void proc_table_set_flags(struct proc_table *t, const struct proc_entry *e,
    uint32_t flags);

/* The running process with this pid, to update; NULL when none. */
struct proc_entry *proc_table_live(struct proc_table *t, int32_t pid);

/* The running process with this pid, else the last one that exited. */
const struct proc_entry *proc_table_find(const struct proc_table *t,
    int32_t pid);

/* The process with this pid and start time; NULL when unknown. */
const struct proc_entry *proc_table_find_exact(const struct proc_table *t,
    int32_t pid, uint64_t start_time);

/*
 * The newest process with this pid that started no later than
 * start_time (0: any); NULL when none.  Names the parent of a child that
 * started at start_time even when the pid was reused since.
 */
const struct proc_entry *proc_table_find_before(const struct proc_table *t,
    int32_t pid, uint64_t start_time);

/*
 * The process that had this pid at a moment: started by then (at_ticks,
 * clock ticks after boot, a tick allowed for rounding; by its fork
 * event's time when its start time is unknown) and not ended before it
 * (at_ns, CLOCK_MONOTONIC).  The latest started of those; NULL when the
 * table holds none.
 */
const struct proc_entry *proc_table_at(const struct proc_table *t,
    int32_t pid, uint64_t at_ns, uint64_t at_ticks);

/*
 * Every entry, running ones first (by arrival), then exited ones (by
 * exit); cb must not change the table, and a non-zero return stops the
 * walk.
 */
typedef int (*proc_table_cb)(const struct proc_entry *e, void *arg);
void proc_table_each(const struct proc_table *t, proc_table_cb cb,
    void *arg);

/*
 * The entries (running ones first, then exited) of processes that started
 * at start_time (clock ticks; 0 finds none): up to max into out, valid
 * until the next change to the table.  Returns how many.  It reads the
 * whole table: for the rare question, not the common path.
 */
unsigned proc_table_started_at(const struct proc_table *t,
    uint64_t start_time, const struct proc_entry **out, unsigned max);

/* Drop exited entries older than the retention; returns how many. */
unsigned proc_table_expire(struct proc_table *t, uint64_t now_ns);

/*
 * A sweep finds running entries whose process is gone: begin, touch every
 * entry still running, then end marks the untouched ones exited with an
 * unknown status at now_ns and returns how many.
 */
void proc_table_sweep_begin(struct proc_table *t);
void proc_table_touch(struct proc_table *t, struct proc_entry *e);
unsigned proc_table_sweep_end(struct proc_table *t, uint64_t now_ns);

/*
 * The event source lost events (counted): the table may miss processes
 * until /proc is scanned again.  resync_due says whether a scan is wanted
 * now (at most one per PROC_TABLE_RESYNC_GAP_NS); resync_done records one.
 */
#define PROC_TABLE_RESYNC_GAP_NS	1000000000ull
void proc_table_note_lost(struct proc_table *t);
int proc_table_resync_due(const struct proc_table *t, uint64_t now_ns);
void proc_table_resync_done(struct proc_table *t, uint64_t now_ns);

/* Entries stored now, and the cap. */
uint32_t proc_table_size(const struct proc_table *t);
uint32_t proc_table_capacity(const struct proc_table *t);

/* The counters (live and exited as they are now). */
void proc_table_get_counts(const struct proc_table *t,
    struct proc_table_counts *out);
/* Mutable counters, for the code that feeds the table. */
struct proc_table_counts *proc_table_counters(struct proc_table *t);

/* The entry as a link of an ancestry chain. */
void proc_entry_to_chain(const struct proc_entry *e,
    struct wk_chain_entry *out);

#endif
