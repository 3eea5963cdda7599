/*
 * Process ends from the connector and the kernel log, into the store.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon/base/clock_convert.h"
#include "daemon/procs/death_record.h"
#include "death_watch.h"
#include "daemon/base/file_read.h"
#include "daemon/base/log.h"
#include "daemon/procs/proc_table_feed.h"
#include "daemon/procs/procinfo.h"
#include "daemon/procs/proc_target.h"

/* Batches of one source read by a drain before it gives up for now. */
#define DRAIN_ROUNDS	64

/*
 * Whether this process sees pids and uids as the kernel reports them to
 * the connector: it runs in the initial pid and user namespaces.  The
 * connector ignores listeners elsewhere, and its pids would not be ours.
 */
static int
in_initial_namespaces(void)
{
	char buf[4096], *line;
	unsigned long a, b, c;
	int fd;
	ssize_t n;

	fd = procinfo_open_dir(getpid());
	if (fd == -1)
		return 0;
	n = file_read_at(fd, "status", buf, sizeof buf);
	line = n > 0 ? strstr(buf, "\nNSpid:") : NULL;
	if (line != NULL) {
		line += 7;
		line += strspn(line, " \t");
		line += strcspn(line, " \t\n");
		/* A second pid on the line: a nested pid namespace. */
		if (*line == ' ' || *line == '\t') {
			close(fd);
			return 0;
		}
	}
	n = file_read_at(fd, "uid_map", buf, sizeof buf);
	close(fd);
	return n > 0 && sscanf(buf, "%lu %lu %lu", &a, &b, &c) == 3 &&
	    a == 0 && b == 0 && c == 4294967295ul;
}

static int64_t
now_epoch(void)
{
	return (int64_t)time(NULL);
}

/* Where the kernel log has been read to, 0 when nothing yet. */
static uint64_t
kmsg_position(const struct death_watch *dw)
{
	return dw->kmsg.fd >= 0 && dw->kmsg.next_seq > 0 ?
	    dw->kmsg.next_seq - 1 : 0;
}

/* Store the run's alive time (and stop), with the kernel log position. */
static void
store_run_state(struct death_watch *dw, int stopped)
{
	struct ingest *in = dw->in;
	uint64_t seq = kmsg_position(dw);
	unsigned pending = store_pending(in->store);

	if (dw->run_id == 0)
		return;
	if (store_run_update(in->store, dw->run_id, now_epoch(), seq,
	    stopped) == -1) {
		ingest_write_failed(in, pending, "record the daemon's run");
		return;
	}
	ingest_note_write(in);
}

/*
 * Queue row d through the backlog, which counts it once written (or kept
 * until the store works again), or counts and logs the failure.
 */
static void
put_death(struct death_watch *dw, const struct store_death *d)
{
	struct ingest *in = dw->in;
	enum ingest_row_result rc;

	rc = ingest_store_row(in, INGEST_ROW_DEATH, d, sizeof *d);
	if (rc == INGEST_ROW_WRITTEN)
		ingest_after_write(in);
	if (rc != INGEST_ROW_LOST)
		ingest_death_stored(in, d);
}

/* Store the end of table entry e, which has ended. */
static void
store_entry(struct death_watch *dw, const struct proc_entry *e)
{
	const struct proc_entry *parent = NULL;
	struct store_death d;
	struct wk_time when = { 0, 0 };

	/* The clocks cannot fail; a zero time would only read as unknown. */
	(void)clock_mono_to_real(e->exit_time_ns, &when);
	if (e->ppid > 0)
		parent = proc_table_find_before(dw->table, e->ppid,
		    e->start_time);
	death_from_entry(e, dw->in->boot_id, &when, parent, &d);
	/* As the table last read it, at its exec most often. */
	(void)proc_table_get_cgroup(dw->table, e, &d.cgroup);
	put_death(dw, &d);
	proc_table_set_flags(dw->table, e, PROC_F_DEATH_STORED);
	log_debug("pid %" PRId32 " (%s) ended, status 0x%" PRIx32 ": stored",
	    e->pid, e->comm, e->exit_status);
}

void
death_watch_event(const struct proc_ev *ev, void *arg)
{
	struct death_watch *dw = arg;
	const struct proc_entry *e;

	if (dw->table == NULL)
		return;
	if (ev->type == PROC_EV_ACK && ev->ack_err != 0) {
		dw->events_refused = (int)ev->ack_err;
		return;
	}
	proc_table_apply(dw->table, ev);
	if (ev->type == PROC_EV_LOST)
		dw->in->counters->proc_events_lost++;
	if (ev->type != PROC_EV_EXIT || ev->thread)
		return;
	dw->in->counters->exits_seen++;
	e = proc_table_find(dw->table, ev->tgid);
	if (e == NULL || (e->flags & PROC_F_EXITED) == 0 ||
	    e->exit_time_ns != ev->time_ns)
		return;
	if (death_worth_storing(e, clock_mono_to_boot_ticks(ev->time_ns),
	    dw->min_runtime_ticks))
		store_entry(dw, e);
}

/*
 * The process the OOM killer chose at mono_ns: the table's process with
 * that pid which started by then and had not ended well before, or NULL.
 */
static const struct proc_entry *
oom_victim(const struct death_watch *dw, const struct oom_kill *k,
    uint64_t mono_ns)
{
	const struct proc_entry *e;

	if (dw->table == NULL)
		return NULL;
	e = proc_table_find_before(dw->table, k->pid,
	    clock_mono_to_boot_ticks(mono_ns));
	if (e == NULL || (e->flags & PROC_F_START_UNKNOWN) != 0)
		return NULL;
	if ((e->flags & PROC_F_EXITED) != 0 &&
	    e->exit_time_ns + 1000000000ull < mono_ns)
		return NULL;
	return e;
}

void
death_watch_oom(const struct oom_kill *k, void *arg)
{
	struct death_watch *dw = arg;
	const struct proc_entry *e;
	struct procinfo_stat st;
	struct store_death d;
	struct wk_time when = { 0, 0 }, exit_time = { 0, 0 };
	uint64_t mono_ns = k->mono_us * 1000;

	if (k->mono_us < dw->kmsg_from_us)
		return;
	dw->in->counters->oom_kills++;
	(void)clock_mono_to_real(mono_ns, &when);
	e = oom_victim(dw, k, mono_ns);
	if (e != NULL) {
		(void)clock_mono_to_real(e->exit_time_ns, &exit_time);
		death_from_entry(e, dw->in->boot_id, &exit_time, NULL, &d);
		(void)proc_table_get_cgroup(dw->table, e, &d.cgroup);
		proc_table_set_flags(dw->table, e, PROC_F_OOM |
		    PROC_F_DEATH_STORED);
	} else {
		memset(&d, 0, sizeof d);
		memcpy(d.boot_id, dw->in->boot_id, sizeof d.boot_id);
		d.pid = k->pid;
		d.uid = WK_ID_UNSET;
		/* Not in the table: /proc names it while it still runs. */
		if (procinfo_read_stat(k->pid, &st) == 0 &&
		    st.start_time <= clock_mono_to_boot_ticks(mono_ns) + 1) {
			d.start_time = st.start_time;
			d.ppid = st.ppid;
			(void)proc_target_cgroup(NULL, k->pid, st.start_time,
			    mono_ns, &d.cgroup, NULL, 0);
		}
	}
	death_add_oom(&d, k, &when);
	put_death(dw, &d);
	store_run_state(dw, 0);
	log_info("the OOM killer chose pid %" PRId32 " (%s) in %s", k->pid,
	    k->comm, k->oom_memcg[0] != '\0' ? k->oom_memcg : "the machine");
}

/* Read the connector until it is empty (or DRAIN_ROUNDS batches). */
static void
read_events(struct death_watch *dw)
{
	int i, rc = 1;

	for (i = 0; i < DRAIN_ROUNDS && rc == 1 && dw->events_fd >= 0; i++)
		rc = proc_events_read(dw->events_fd, &dw->events,
		    death_watch_event, dw);
	if (rc == -1)
		log_warn("process events");
	if (dw->events_refused != 0) {
		log_info("process exits not watched: the connector refused: %s",
		    strerror(dw->events_refused));
		proc_events_close(dw->events_fd);
		dw->events_fd = -1;
		dw->events_refused = 0;
		dw->in->counters->death_sources = death_watch_sources(dw);
	}
}

static void
read_kmsg(struct death_watch *dw)
{
	uint64_t missed = dw->kmsg.counts.missed;
	int i, rc = 1;

	for (i = 0; i < DRAIN_ROUNDS && rc == 1 && dw->kmsg.fd >= 0; i++)
		rc = kmsg_reader_drain(&dw->kmsg, death_watch_oom, dw);
	if (rc == -1)
		log_warn("kernel log");
	dw->in->counters->kmsg_missed += dw->kmsg.counts.missed - missed;
}

/*
 * The kernel log from after the last record a run of this boot read: the
 * reader opened at init is replaced by one that skips what was read
 * before.  Without such a run, the one from init stays, and kills logged
 * before this run began are skipped by their time: they are not ours to
 * explain, but reading them tells where the log stands, which is stored
 * for the next run.
 */
static void
resume_kmsg(struct death_watch *dw)
{
	uint64_t seq = 0;
	int known;

	if (dw->kmsg.fd < 0)
		return;
	known = store_run_kmsg_seq(dw->in->store, dw->in->boot_id, &seq);
	if (known == -1)
		log_warnx("store: %s", store_errmsg(dw->in->store));
	if (known != 1)
		return;
	kmsg_reader_close(&dw->kmsg);
	dw->kmsg_from_us = 0;
	if (kmsg_reader_open(&dw->kmsg, NULL, KMSG_FROM_START, seq + 1) == -1) {
		log_info("OOM kills not read: %s: %s", KMSG_DEFAULT_PATH,
		    strerror(errno));
		dw->kmsg.fd = -1;
	}
}

/* Open the connector and make the table; 0, or -1 only with ENOMEM. */
static int
open_events(struct death_watch *dw, const struct proc_table_limits *lim)
{
	if (!in_initial_namespaces()) {
		log_info("process exits not watched: not in the initial pid "
		    "and user namespaces");
		return 0;
	}
	dw->events_fd = proc_events_open();
	if (dw->events_fd == -1) {
		log_info("process exits not watched: process events "
		    "connector: %s", strerror(errno));
		return 0;
	}
	dw->table = proc_table_new(lim);
	if (dw->table == NULL) {
		proc_events_close(dw->events_fd);
		dw->events_fd = -1;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void
death_watch_set_limits(struct death_watch *dw, uint32_t min_runtime_ms,
    uint64_t deaths_max)
{
	long hz = sysconf(_SC_CLK_TCK);

	dw->deaths_max = deaths_max != 0 ? deaths_max : DEATH_WATCH_DEFAULT_MAX;
	dw->min_runtime_ticks = (uint64_t)min_runtime_ms *
	    (uint64_t)(hz > 0 ? hz : 100) / 1000;
	if (min_runtime_ms > 0 && dw->min_runtime_ticks == 0)
		dw->min_runtime_ticks = 1;
}

int
death_watch_init(struct death_watch *dw, const struct death_watch_config *cfg)
{
	memset(dw, 0, sizeof *dw);
	dw->events_fd = -1;
	dw->kmsg.fd = -1;
	death_watch_set_limits(dw, cfg->min_runtime_ms, cfg->deaths_max);
	if (cfg->sources) {
		if (open_events(dw, cfg->table) == -1)
			return -1;
		/* From the ring's start, to learn where it stands. */
		dw->kmsg_from_us = clock_mono_now_ns() / 1000;
		if (kmsg_reader_open(&dw->kmsg, NULL, KMSG_FROM_START, 0) ==
		    -1) {
			log_info("OOM kills not read: %s: %s",
			    KMSG_DEFAULT_PATH, strerror(errno));
			dw->kmsg.fd = -1;
		}
	} else if (cfg->table_only) {
		dw->table = proc_table_new(cfg->table);
		if (dw->table == NULL) {
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

/* The death watch as ingest's listener (struct ingest_listener). */
static void
listen_before_reports(void *arg)
{
	death_watch_drain(arg);
}

static void
listen_signal_stored(void *arg, const struct wk_event *ev)
{
	death_watch_note_signal(arg, ev);
}

void
death_watch_attach(struct death_watch *dw, struct ingest *in)
{
	struct wk_time started;
	struct timespec ts;
	uint32_t flags = 0;
	unsigned pending;
	const struct ingest_listener me = {
		.before_reports = listen_before_reports,
		.signal_stored = listen_signal_stored,
		.arg = dw,
	};

	dw->in = in;
	/* The first slot: the table catches up before anyone reads it. */
	in->listeners[0] = me;
	in->procs = dw->table;
	/*
	 * Seeded after the connector opened (at init): a process forked
	 * during the scan is in one or the other, and what happened since
	 * waits in the connector's queue.
	 */
	if (dw->events_fd >= 0 && proc_table_seed(dw->table) == -1)
		log_warn("process table: /proc");
	resume_kmsg(dw);
	in->counters->death_sources = death_watch_sources(dw);

	clock_gettime(CLOCK_REALTIME, &ts);
	started.sec = ts.tv_sec;
	started.nsec = ts.tv_nsec;
	if (dw->table != NULL)
		flags |= STORE_RUN_EXITS;
	if (dw->kmsg.fd >= 0)
		flags |= STORE_RUN_KMSG;
	pending = store_pending(in->store);
	if (store_run_begin(in->store, in->boot_id, &started, flags,
	    &dw->run_id) == -1) {
		ingest_write_failed(in, pending, "record the daemon's run");
		dw->run_id = 0;
	}
	/* A failed commit is counted and logged by ingest. */
	(void)ingest_commit(in);
}

int
death_watch_open(struct death_watch *dw, struct ingest *in,
    const struct death_watch_config *cfg)
{
	if (death_watch_init(dw, cfg) == -1)
		return -1;
	death_watch_attach(dw, in);
	return 0;
}

uint32_t
death_watch_sources(const struct death_watch *dw)
{
	return (dw->events_fd >= 0 ? WK_DS_EXITS : 0) |
	    (dw->kmsg.fd >= 0 ? WK_DS_KMSG : 0);
}

unsigned
death_watch_pollfds(const struct death_watch *dw, struct pollfd *pfd)
{
	unsigned n = 0;

	if (dw->events_fd >= 0) {
		pfd[n].fd = dw->events_fd;
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	if (dw->kmsg.fd >= 0) {
		pfd[n].fd = dw->kmsg.fd;
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	return n;
}

/* Prune the store's deaths to the cap; failures are counted and logged. */
static void
prune(struct death_watch *dw)
{
	struct ingest *in = dw->in;
	unsigned pending = store_pending(in->store);
	int64_t gone;

	gone = store_deaths_prune(in->store, dw->deaths_max);
	if (gone == -1) {
		ingest_write_failed(in, pending, "prune the deaths kept");
		return;
	}
	if (gone > 0) {
		ingest_note_write(in);
		log_debug("pruned %" PRId64 " ends of processes", gone);
	}
}

/* The timers: table upkeep, the run's alive time, pruning. */
static void
run_timers(struct death_watch *dw, int64_t now_ms)
{
	if (dw->table != NULL && now_ms >= dw->next_maintain_ms) {
		proc_table_maintain(dw->table, clock_mono_now_ns());
		dw->next_maintain_ms = now_ms + DEATH_WATCH_MAINTAIN_MS;
	}
	if (now_ms >= dw->next_beat_ms) {
		if (dw->next_beat_ms != 0)
			store_run_state(dw, 0);
		dw->next_beat_ms = now_ms + DEATH_WATCH_BEAT_MS;
	}
	if (now_ms >= dw->next_prune_ms) {
		if (dw->next_prune_ms != 0)
			prune(dw);
		dw->next_prune_ms = now_ms + DEATH_WATCH_PRUNE_MS;
	}
}

void
death_watch_handle(struct death_watch *dw, const struct pollfd *pfd,
    unsigned n, int64_t now_ms)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if ((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) == 0)
			continue;
		if (pfd[i].fd == dw->events_fd)
			read_events(dw);
		else if (pfd[i].fd == dw->kmsg.fd)
			read_kmsg(dw);
	}
	run_timers(dw, now_ms);
}

int
death_watch_timeout_ms(const struct death_watch *dw, int64_t now_ms)
{
	int64_t due = dw->next_beat_ms;

	if (dw->next_prune_ms < due)
		due = dw->next_prune_ms;
	if (dw->table != NULL && dw->next_maintain_ms < due)
		due = dw->next_maintain_ms;
	return due <= now_ms ? 0 : (int)(due - now_ms);
}

void
death_watch_drain(struct death_watch *dw)
{
	if (dw->events_fd >= 0)
		read_events(dw);
	if (dw->kmsg.fd >= 0)
		read_kmsg(dw);
}

/* The table's process a stored signal was sent to, or NULL. */
static const struct proc_entry *
signal_target(const struct death_watch *dw, const struct wk_event *ev)
{
	const struct wk_target *t = &ev->report.target;
	const struct proc_entry *e;

	if (t->start_time != 0)
		return proc_table_find_exact(dw->table, t->pid,
		    t->start_time);
	e = proc_table_find(dw->table, t->pid);
	return e != NULL && (e->flags & PROC_F_START_UNKNOWN) == 0 ? e : NULL;
}

void
death_watch_note_signal(struct death_watch *dw, const struct wk_event *ev)
{
	const struct proc_entry *e;

	if (dw == NULL || dw->table == NULL || ev->report.result != 0 ||
	    ev->report.target.pid <= 0 ||
	    strncmp(ev->boot_id, dw->in->boot_id, WK_BOOT_ID_MAX) != 0)
		return;
	e = signal_target(dw, ev);
	if (e == NULL)
		return;
	proc_table_set_flags(dw->table, e, PROC_F_SIGNALLED);
	if ((e->flags & PROC_F_EXITED) != 0)
		store_entry(dw, e);
}

int
death_watch_watching(struct death_watch *dw, struct wk_death_watch *out)
{
	memset(out, 0, sizeof *out);
	if (dw->run_id == 0)
		return -1;
	return store_run_watch(dw->in->store, dw->run_id, out);
}

void
death_watch_close(struct death_watch *dw)
{
	death_watch_drain(dw);
	store_run_state(dw, 1);
	if (dw->in != NULL && dw->in->listeners[0].arg == dw) {
		memset(&dw->in->listeners[0], 0, sizeof dw->in->listeners[0]);
		dw->in->procs = NULL;
	}
	if (dw->events_fd >= 0)
		proc_events_close(dw->events_fd);
	dw->events_fd = -1;
	kmsg_reader_close(&dw->kmsg);
	proc_table_free(dw->table);
	dw->table = NULL;
}
