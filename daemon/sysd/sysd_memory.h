/*
 * What the daemon saw systemd (PID 1) asked and do, kept in memory for a
 * while: method calls on the bus and systemctl processes caught asking
 * (with who asked), the jobs systemd made and ended, and the states its
 * units went through.  From these a signal PID 1 sent is explained:
 * which unit, what happened to it, and who asked (sysd_memory_explain).
 * Pure: no I/O, times are given by the caller (CLOCK_REALTIME, ns).
 */
#ifndef WHOKILLED_DAEMON_SYSD_MEMORY_H
#define WHOKILLED_DAEMON_SYSD_MEMORY_H

#include <stdint.h>

#include "whokilled/wire.h"

#define SYSD_CALLS_MAX		128	/* requests remembered */
#define SYSD_JOBS_MAX		512	/* jobs remembered */
#define SYSD_STATES_MAX		512	/* unit state changes remembered */
#define SYSD_NOTES_MAX		256	/* signals of PID 1 remembered */
#define SYSD_SUBSTATE_MAX	32
#define SYSD_KEEP_NS		(600 * 1000000000LL)	/* ten minutes */
/* A signal of PID 1 is explained to the store this long after it: what
 * the bus says of it has been read by then. */
#define SYSD_SETTLE_NS		(2 * 1000000000LL)

/* A request to systemd: a bus method call, or an inferred systemctl. */
struct sysd_call {
	int64_t ns;		/* when it was seen */
	uint32_t via;		/* WK_VIA_BUS or WK_VIA_SYSTEMCTL */
	uint32_t verb;		/* WK_VERB_STOP, _RESTART or _KILL */
	uint32_t job;		/* the job it made, 0 when none (yet) */
	int exact;		/* seen asking (the bus), not inferred */
	uint64_t key;		/* the bus: which pending credentials
				 * lookup fills caller (0: none) */
	char unit[WK_UNIT_MAX];
	char method[WK_METHOD_MAX];
	char sender[32];	/* the bus: its unique name */
	int has_caller;
	struct wk_event caller;	/* who asked, in the killer's shape */
};

/* A job systemd made (JobNew) and ended (JobRemoved). */
struct sysd_job {
	uint32_t id;
	int64_t new_ns;
	int64_t removed_ns;	/* 0 while it runs */
	char unit[WK_UNIT_MAX];
};

/* A unit entered a sub-state, or got a main process (MainPID: pid), as
 * its PropertiesChanged signals say. */
struct sysd_state {
	int64_t ns;
	int32_t main_pid;	/* 0: a SubState change */
	char unit[WK_UNIT_MAX];
	char sub[SYSD_SUBSTATE_MAX];
};

/* A signal PID 1 sent, as the daemon stored it, and the target's unit
 * when it could still be read. */
struct sysd_note {
	int64_t ns;		/* the signal's time */
	int32_t pid;
	int32_t signo;
	uint64_t start_time;
	int kept;		/* its explanation went to the store */
	char unit[WK_UNIT_MAX];
};

struct sysd_memory {
	struct sysd_call calls[SYSD_CALLS_MAX];
	struct sysd_job jobs[SYSD_JOBS_MAX];
	struct sysd_state states[SYSD_STATES_MAX];
	struct sysd_note notes[SYSD_NOTES_MAX];
	unsigned ncalls, njobs, nstates, nnotes;	/* written, ever: the
							 * newest is [n-1 % MAX] */
};

void sysd_memory_init(struct sysd_memory *m);

/* Remember a call (copied); returns its slot, which stays valid until
 * SYSD_CALLS_MAX more calls are added. */
struct sysd_call *sysd_memory_add_call(struct sysd_memory *m,
    const struct sysd_call *c);

/* The call whose credentials lookup is key, or NULL when it is gone. */
struct sysd_call *sysd_memory_call_by_key(struct sysd_memory *m,
    uint64_t key);

/*
 * A job was made for unit at ns: remembered, and given to the newest
 * call for that unit made no more than 2 s before that has no job yet
 * (StopUnit names a unit, JobNew the job systemd made of it).
 */
void sysd_memory_job_new(struct sysd_memory *m, uint32_t id,
    const char *unit, int64_t ns);
void sysd_memory_job_removed(struct sysd_memory *m, uint32_t id, int64_t ns);
void sysd_memory_state(struct sysd_memory *m, const char *unit,
    const char *sub, int64_t ns);
void sysd_memory_main_pid(struct sysd_memory *m, const char *unit,
    int32_t pid, int64_t ns);
void sysd_memory_note(struct sysd_memory *m, const struct sysd_note *n);

/* The request by the process (pid, start_time) remembered already, or
 * NULL: the same process is caught once. */
struct sysd_call *sysd_memory_call_of(struct sysd_memory *m, int32_t pid,
    uint64_t start_time);

/*
 * Explain the signal signo that PID 1 sent at ns to the process
 * (pid, start_time): *out gets via, verb, unit, job, cause_unit, method,
 * the caller when one asked, and flags; out->hdr and out->event are left
 * to the caller.  Returns 1 (out->via WK_VIA_SYSTEMD and verb
 * WK_VERB_UNKNOWN when nothing tells more).
 */
int sysd_memory_explain(const struct sysd_memory *m, int64_t ns,
    int32_t signo, int32_t pid, uint64_t start_time, struct wk_request *out);

/* The unit a /proc/PID/cgroup text names (its last path element that is
 * a unit: "victim.service"), into unit; 0, or -1 when none. */
int sysd_unit_of_cgroup(const char *text, char *unit, size_t size);

/* A unit name from its bus object path ("/org/freedesktop/systemd1/unit/
 * victim_2eservice" -> "victim.service"); 0, or -1 when path is not one. */
int sysd_unit_of_path(const char *path, char *unit, size_t size);

#endif
