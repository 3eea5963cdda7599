/*
 * Following processes to their end, in the daemon's poll loop: the
 * process-events connector feeds the process table (so chains name
 * ancestors that already exited) and gives every exit; the kernel log
 * gives the OOM kills.  Ends worth keeping (death_record.h) are stored,
 * merged with the OOM kill and the recorded signals of the same process
 * in whichever order they come.  Also the daemon's run in the store:
 * when it began, that it is alive, when it stopped.
 *
 * Either source may be missing (not root, not in the initial pid
 * namespace, no /dev/kmsg): that is logged once, said in the stats, and
 * the daemon goes on without it.
 */
#ifndef WHOKILLED_DAEMON_DEATH_WATCH_H
#define WHOKILLED_DAEMON_DEATH_WATCH_H

#include <poll.h>
#include <stdint.h>

#include "whokilled/wire.h"
#include "daemon/ingest/ingest.h"
#include "kmsg_reader.h"
#include "daemon/procs/proc_events.h"
#include "daemon/procs/proc_table.h"

#define DEATH_WATCH_POLLFDS	2
#define DEATH_WATCH_MAINTAIN_MS	1000	/* table expiry and rescans */
#define DEATH_WATCH_BEAT_MS	10000	/* the run's alive time stored */
#define DEATH_WATCH_PRUNE_MS	60000	/* deaths beyond the cap dropped */
#define DEATH_WATCH_DEFAULT_MAX	100000

struct death_watch_config {
	int sources;		/* open the connector and the kernel log */
	int table_only;		/* no sources, an empty table (tests) */
	uint32_t min_runtime_ms;	/* plain exits kept from (0: all) */
	uint64_t deaths_max;	/* rows kept in the store; 0: default */
	const struct proc_table_limits *table;	/* NULL: defaults */
};

struct death_watch {
	struct ingest *in;
	struct proc_table *table;	/* NULL: exits are not watched */
	int events_fd;		/* -1: the connector is not read */
	int events_refused;	/* the errno the connector answered */
	struct proc_events_counts events;
	struct kmsg_reader kmsg;	/* fd -1: the kernel log is not read */
	uint64_t kmsg_from_us;	/* OOM kills logged before are not ours */
	uint64_t min_runtime_ticks;
	uint64_t deaths_max;
	int64_t run_id;		/* the run's row; 0: none */
	int64_t next_beat_ms;
	int64_t next_maintain_ms;
	int64_t next_prune_ms;
};

/*
 * Ready dw: with cfg->sources, open the connector (with an empty table)
 * and the kernel log (kills logged before now are skipped); a source that
 * cannot be opened is logged and left out.  With cfg->table_only, an
 * empty table.  Returns 0, or -1 with errno ENOMEM.
 */
int death_watch_init(struct death_watch *dw,
    const struct death_watch_config *cfg);

/*
 * Tie dw to in (dw becomes in's listener and in->procs its table; the
 * store is in's):
 * seed the table from /proc, read the kernel log from where the last run
 * of this boot left it, if one did, and begin the run's row, committed.
 */
void death_watch_attach(struct death_watch *dw, struct ingest *in);

/* death_watch_init then death_watch_attach; 0 or -1 (ENOMEM). */
int death_watch_open(struct death_watch *dw, struct ingest *in,
    const struct death_watch_config *cfg);

/*
 * The limits of cfg (min_runtime_ms, deaths_max), set by death_watch_init
 * and again when the daemon re-reads its settings: later exits are kept
 * by the new minimum, the next prune keeps the new maximum.
 */
void death_watch_set_limits(struct death_watch *dw, uint32_t min_runtime_ms,
    uint64_t deaths_max);

/* WK_DS_* of the sources read. */
uint32_t death_watch_sources(const struct death_watch *dw);

/* Fill pfd (room for DEATH_WATCH_POLLFDS); returns the count. */
unsigned death_watch_pollfds(const struct death_watch *dw, struct pollfd *pfd);

/* Act on what poll() returned in pfd (n entries), and on the timers. */
void death_watch_handle(struct death_watch *dw, const struct pollfd *pfd,
    unsigned n, int64_t now_ms);

/* Milliseconds until a timer is due (0: now), or -1. */
int death_watch_timeout_ms(const struct death_watch *dw, int64_t now_ms);

/*
 * Read everything both sources hold now: before reports are handled (so
 * the table knows the processes a report names) and before a query.
 */
void death_watch_drain(struct death_watch *dw);

/*
 * One process event (arg: dw), as the connector's reader calls it: into
 * the table, and an exit worth keeping (death_record.h) into the store.
 * An exit is counted in exits_seen.
 */
void death_watch_event(const struct proc_ev *ev, void *arg);

/*
 * One OOM kill (arg: dw), as the kernel log's reader calls it: tied to
 * the table's process that had the pid then (else the one /proc shows,
 * else to the pid alone, start time 0), stored merged with its end.  A
 * kill logged before dw->kmsg_from_us is skipped.
 */
void death_watch_oom(const struct oom_kill *k, void *arg);

/*
 * A signal was stored (ev): its target, when delivered and of this boot,
 * is marked as signalled, and its end is stored at once when it has
 * already ended.
 */
void death_watch_note_signal(struct death_watch *dw, const struct wk_event *ev);

/*
 * When the daemon has seen exits (its current run) and did not before;
 * see store_run_watch.  0, or -1.
 */
int death_watch_watching(struct death_watch *dw, struct wk_death_watch *out);

/* Read what is pending, store the run's stop, close the sources. */
void death_watch_close(struct death_watch *dw);

#endif
