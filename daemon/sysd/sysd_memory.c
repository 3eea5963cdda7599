/*
 * The memory of what systemd was asked and did, and the explanation of a
 * signal PID 1 sent from it.  Every ring keeps its newest entries; an
 * entry older than SYSD_KEEP_NS no longer explains anything.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sysd_memory.h"

/* How far apart what the bus told and the signal may be: the bus monitor
 * reads its messages after dbus-daemon relayed them, so a job may be read
 * after the signals it caused were. */
#define SLACK_NS		(200 * 1000000LL)
/* A call names the unit; the job systemd made of it follows at once. */
#define CALL_TO_JOB_NS		(2000 * 1000000LL)
/* The jobs of one transaction (a stop and what it pulled in) are made
 * within a few hundred microseconds of each other. */
#define TRANSACTION_NS		(20 * 1000000LL)
/* A unit's state change explains a signal sent around it: systemd
 * enters the stopping state and signals in the same moment.  A state is
 * stamped with systemd's own time of the change when the bus gave it,
 * else with the time the monitor read it, a little later. */
#define STATE_BEFORE_NS		(100 * 1000000LL)
#define STATE_AFTER_NS		(SLACK_NS)
/* A KillUnit call is answered at once. */
#define KILL_CALL_NS		(SLACK_NS)

#define RING_AT(arr, max, n, i)	(&(arr)[((n) - 1 - (i)) % (max)])
#define RING_LEN(n, max)	((n) < (max) ? (n) : (max))

void
sysd_memory_init(struct sysd_memory *m)
{
	memset(m, 0, sizeof *m);
}

static void
copy_name(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

struct sysd_call *
sysd_memory_add_call(struct sysd_memory *m, const struct sysd_call *c)
{
	struct sysd_call *slot = &m->calls[m->ncalls % SYSD_CALLS_MAX];

	*slot = *c;
	m->ncalls++;
	return slot;
}

struct sysd_call *
sysd_memory_call_by_key(struct sysd_memory *m, uint64_t key)
{
	unsigned i, n = RING_LEN(m->ncalls, SYSD_CALLS_MAX);

	for (i = 0; i < n && key != 0; i++) {
		struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
		    m->ncalls, i);

		if (c->key == key)
			return c;
	}
	return NULL;
}

struct sysd_call *
sysd_memory_call_of(struct sysd_memory *m, int32_t pid, uint64_t start_time)
{
	unsigned i, n = RING_LEN(m->ncalls, SYSD_CALLS_MAX);

	for (i = 0; i < n; i++) {
		struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
		    m->ncalls, i);

		if (c->has_caller && c->caller.report.caller.pid == pid &&
		    c->caller.report.caller.start_time == start_time)
			return c;
	}
	return NULL;
}

void
sysd_memory_job_new(struct sysd_memory *m, uint32_t id, const char *unit,
    int64_t ns)
{
	struct sysd_job *j = &m->jobs[m->njobs % SYSD_JOBS_MAX];
	unsigned i, pass, n = RING_LEN(m->ncalls, SYSD_CALLS_MAX);

	memset(j, 0, sizeof *j);
	j->id = id;
	j->new_ns = ns;
	copy_name(j->unit, sizeof j->unit, unit);
	m->njobs++;
	/* A call seen on the bus first: the same systemctl may also have
	 * been caught running (inferred). */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
			    m->ncalls, i);

			if (c->job == 0 && c->verb != WK_VERB_KILL &&
			    c->exact == !pass && c->ns <= ns + SLACK_NS &&
			    ns - c->ns <= CALL_TO_JOB_NS &&
			    strcmp(c->unit, j->unit) == 0) {
				c->job = id;
				return;
			}
		}
	}
}

void
sysd_memory_job_removed(struct sysd_memory *m, uint32_t id, int64_t ns)
{
	unsigned i, n = RING_LEN(m->njobs, SYSD_JOBS_MAX);

	for (i = 0; i < n; i++) {
		struct sysd_job *j = RING_AT(m->jobs, SYSD_JOBS_MAX, m->njobs, i);

		if (j->id == id && j->removed_ns == 0) {
			j->removed_ns = ns;
			return;
		}
	}
}

void
sysd_memory_state(struct sysd_memory *m, const char *unit, const char *sub,
    int64_t ns)
{
	struct sysd_state *s = &m->states[m->nstates % SYSD_STATES_MAX];

	s->ns = ns;
	s->main_pid = 0;
	copy_name(s->unit, sizeof s->unit, unit);
	copy_name(s->sub, sizeof s->sub, sub);
	m->nstates++;
}

void
sysd_memory_main_pid(struct sysd_memory *m, const char *unit, int32_t pid,
    int64_t ns)
{
	struct sysd_state *s = &m->states[m->nstates % SYSD_STATES_MAX];

	s->ns = ns;
	s->main_pid = pid;
	copy_name(s->unit, sizeof s->unit, unit);
	s->sub[0] = '\0';
	m->nstates++;
}

void
sysd_memory_note(struct sysd_memory *m, const struct sysd_note *n)
{
	m->notes[m->nnotes % SYSD_NOTES_MAX] = *n;
	m->nnotes++;
}

/* Units that have no processes of their own to signal. */
static int
processless(const char *unit)
{
	static const char *const kinds[] = {
		".target", ".slice", ".device", ".path", ".timer", ".automount",
	};
	size_t len = strlen(unit), k;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t kl = strlen(kinds[k]);

		if (len >= kl && strcmp(unit + len - kl, kinds[k]) == 0)
			return 1;
	}
	return 0;
}

static int
shutdown_unit(const char *unit)
{
	static const char *const names[] = {
		"shutdown.target", "poweroff.target", "reboot.target",
		"halt.target", "kexec.target", "final.target",
	};
	size_t k;

	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(unit, names[k]) == 0)
			return 1;
	return 0;
}

/* The target's unit, as read when the daemon stored the signal; "". */
static const char *
noted_unit(const struct sysd_memory *m, int64_t ns, int32_t pid,
    uint64_t start_time)
{
	unsigned i, n = RING_LEN(m->nnotes, SYSD_NOTES_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_note *t = RING_AT(m->notes, SYSD_NOTES_MAX,
		    m->nnotes, i);

		/* Another signal to the same process (SIGCONT after
		 * SIGTERM) may have found it still there. */
		if (t->pid == pid && t->start_time == start_time &&
		    t->unit[0] != '\0' && t->ns - ns < 5 * SLACK_NS &&
		    ns - t->ns < 5 * SLACK_NS)
			return t->unit;
	}
	/* The unit whose main process it was, the newest before ns. */
	n = RING_LEN(m->nstates, SYSD_STATES_MAX);
	for (i = 0; i < n; i++) {
		const struct sysd_state *s = RING_AT(m->states,
		    SYSD_STATES_MAX, m->nstates, i);

		if (s->main_pid == pid && pid > 0 && s->ns <= ns + SLACK_NS &&
		    ns - s->ns < SYSD_KEEP_NS)
			return s->unit;
	}
	return "";
}

/*
 * Whether job j ran when a signal was sent at ns.  The monitor reads
 * JobNew after systemd sent it (the signal may come first), and
 * JobRemoved after the job ended (so a signal before that read is
 * within it, or only just after).
 */
static int
job_active(const struct sysd_job *j, int64_t ns)
{
	return j->new_ns - SLACK_NS <= ns &&
	    (j->removed_ns == 0 || ns <= j->removed_ns) &&
	    ns - j->new_ns < SYSD_KEEP_NS;
}

static const struct sysd_call *call_of_job(const struct sysd_memory *m,
    const struct sysd_job *j);

/*
 * The job a signal at ns to a process of unit (or "": unknown) belongs
 * to: of the jobs that ran then, one of that unit, else one of a unit
 * that has processes; of those, the newest someone asked for, else the
 * newest.  (Both ends of a job are read late: a start job that ended
 * just before may still look as if it ran.)
 */
static const struct sysd_job *
job_of_signal(const struct sysd_memory *m, int64_t ns, const char *unit)
{
	const struct sysd_job *best = NULL;
	int best_asked = 0;
	unsigned i, n = RING_LEN(m->njobs, SYSD_JOBS_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_job *j = RING_AT(m->jobs, SYSD_JOBS_MAX,
		    m->njobs, i);
		int asked;

		if (!job_active(j, ns))
			continue;
		if (unit[0] != '\0' ? strcmp(j->unit, unit) != 0 :
		    processless(j->unit))
			continue;
		asked = call_of_job(m, j) != NULL;
		/* Newest first: a later one wins only by being asked for. */
		if (best == NULL || (asked && !best_asked)) {
			best = j;
			best_asked = asked;
		}
	}
	return best;
}

/* The request that made job j, or NULL. */
static const struct sysd_call *
call_of_job(const struct sysd_memory *m, const struct sysd_job *j)
{
	unsigned i, n = RING_LEN(m->ncalls, SYSD_CALLS_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
		    m->ncalls, i);

		if (c->job == j->id && j->new_ns - c->ns < CALL_TO_JOB_NS)
			return c;
	}
	/* A systemctl caught after its job was made. */
	for (i = 0; i < n; i++) {
		const struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
		    m->ncalls, i);

		if (c->via == WK_VIA_SYSTEMCTL && c->verb != WK_VERB_KILL &&
		    strcmp(c->unit, j->unit) == 0 &&
		    c->ns - j->new_ns < CALL_TO_JOB_NS &&
		    j->new_ns - c->ns < CALL_TO_JOB_NS)
			return c;
	}
	return NULL;
}

/*
 * The first job of j's transaction when that is another one (the job
 * whose request pulled j in): made at most TRANSACTION_NS before j, the
 * earliest of those.
 */
static const struct sysd_job *
cause_of_job(const struct sysd_memory *m, const struct sysd_job *j)
{
	const struct sysd_job *first = NULL;
	unsigned i, n = RING_LEN(m->njobs, SYSD_JOBS_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_job *k = RING_AT(m->jobs, SYSD_JOBS_MAX,
		    m->njobs, i);

		if (k == j || k->new_ns > j->new_ns ||
		    j->new_ns - k->new_ns > TRANSACTION_NS ||
		    (k->new_ns == j->new_ns && k->id > j->id))
			continue;
		if (first == NULL || k->new_ns < first->new_ns ||
		    (k->new_ns == first->new_ns && k->id < first->id))
			first = k;
	}
	return first;
}

/* A shutdown job that ran at ns, or NULL. */
static const struct sysd_job *
shutdown_job(const struct sysd_memory *m, int64_t ns)
{
	unsigned i, n = RING_LEN(m->njobs, SYSD_JOBS_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_job *j = RING_AT(m->jobs, SYSD_JOBS_MAX,
		    m->njobs, i);

		if (shutdown_unit(j->unit) && job_active(j, ns))
			return j;
	}
	return NULL;
}

/* The newest KillUnit call for unit (or any, "") answered around ns. */
static const struct sysd_call *
kill_call(const struct sysd_memory *m, int64_t ns, const char *unit)
{
	unsigned i, n = RING_LEN(m->ncalls, SYSD_CALLS_MAX);

	for (i = 0; i < n; i++) {
		const struct sysd_call *c = RING_AT(m->calls, SYSD_CALLS_MAX,
		    m->ncalls, i);

		if (c->verb == WK_VERB_KILL && ns - c->ns < KILL_CALL_NS &&
		    c->ns - ns < SLACK_NS &&
		    (unit[0] == '\0' || strcmp(c->unit, unit) == 0))
			return c;
	}
	return NULL;
}

/*
 * What the states of units around ns say of a signal sent then without a
 * job: a unit stopping on its own (its main process ended, its watchdog
 * fired) -- then Restart= or the watchdog is why.  *unit_out gets the
 * unit.  Returns a verb, or WK_VERB_UNKNOWN.
 */
static uint32_t
state_verb(const struct sysd_memory *m, int64_t ns, const char *unit,
    const char **unit_out)
{
	unsigned i, n = RING_LEN(m->nstates, SYSD_STATES_MAX);
	const struct sysd_state *stopping = NULL;

	/* Oldest first: the stopping state, then what followed it. */
	for (i = n; i-- > 0;) {
		const struct sysd_state *s = RING_AT(m->states,
		    SYSD_STATES_MAX, m->nstates, i);

		if (s->main_pid != 0 ||
		    (unit[0] != '\0' && strcmp(s->unit, unit) != 0))
			continue;
		if (stopping != NULL && strcmp(s->unit, stopping->unit) == 0 &&
		    s->ns >= stopping->ns) {
			if (strcmp(s->sub, "auto-restart") == 0) {
				*unit_out = s->unit;
				return WK_VERB_RESTART_POLICY;
			}
			continue;
		}
		if (s->ns > ns + STATE_AFTER_NS || ns - s->ns > STATE_BEFORE_NS)
			continue;
		if (strcmp(s->sub, "stop-watchdog") == 0) {
			*unit_out = s->unit;
			return WK_VERB_WATCHDOG;
		}
		if (strncmp(s->sub, "stop-sig", 8) == 0 ||
		    strncmp(s->sub, "final-sig", 9) == 0 ||
		    strcmp(s->sub, "stop-post") == 0)
			stopping = s;
	}
	if (stopping != NULL)
		*unit_out = stopping->unit;
	return WK_VERB_UNKNOWN;
}

static void
set_caller(struct wk_request *out, const struct sysd_call *c)
{
	out->via = c->via;
	if (c->exact)
		out->flags |= WK_RQ_EXACT;
	copy_name(out->method, sizeof out->method, c->method);
	out->time.sec = c->ns / 1000000000LL;
	out->time.nsec = c->ns % 1000000000LL;
	if (c->has_caller) {
		out->flags |= WK_RQ_CALLER;
		out->caller = c->caller;
	}
}

static void
set_job(struct wk_request *out, const struct sysd_job *j)
{
	copy_name(out->unit, sizeof out->unit, j->unit);
	out->job = j->id;
	out->flags |= WK_RQ_JOB;
	if (out->time.sec == 0) {
		out->time.sec = j->new_ns / 1000000000LL;
		out->time.nsec = j->new_ns % 1000000000LL;
	}
}

/* A signal during job j: who made it, or the job that pulled it in. */
static void
explain_job(const struct sysd_memory *m, const struct sysd_job *j,
    int32_t signo, struct wk_request *out)
{
	const struct sysd_call *c = call_of_job(m, j);
	const struct sysd_job *cause;

	if (c != NULL) {
		set_caller(out, c);
		set_job(out, j);
		out->verb = c->verb;
	} else if ((cause = cause_of_job(m, j)) != NULL) {
		c = call_of_job(m, cause);
		if (c != NULL)
			set_caller(out, c);
		set_job(out, j);
		copy_name(out->cause_unit, sizeof out->cause_unit, cause->unit);
		out->verb = shutdown_unit(cause->unit) ? WK_VERB_SHUTDOWN :
		    WK_VERB_DEPENDENCY;
		if (c != NULL)
			copy_name(out->job_verb, sizeof out->job_verb,
			    wk_request_verb_name(c->verb));
	} else {
		set_job(out, j);
		out->verb = shutdown_job(m, j->new_ns) != NULL ?
		    WK_VERB_SHUTDOWN : WK_VERB_UNKNOWN;
	}
	if (out->via == 0)
		out->via = WK_VIA_SYSTEMD;
	/* systemd sends SIGKILL in a stop only when TimeoutStopSec ran
	 * out (or for what SIGTERM left, FinalKillSignal). */
	if (signo == SIGKILL && (out->verb == WK_VERB_STOP ||
	    out->verb == WK_VERB_RESTART || out->verb == WK_VERB_DEPENDENCY)) {
		if (out->job_verb[0] == '\0')
			copy_name(out->job_verb, sizeof out->job_verb,
			    wk_request_verb_name(out->verb));
		out->verb = WK_VERB_STOP_TIMEOUT;
	}
}

int
sysd_memory_explain(const struct sysd_memory *m, int64_t ns, int32_t signo,
    int32_t pid, uint64_t start_time, struct wk_request *out)
{
	const char *unit = noted_unit(m, ns, pid, start_time);
	const char *state_unit = NULL;
	const struct sysd_job *j;
	const struct sysd_call *c;
	uint32_t verb;

	out->via = 0;
	out->verb = WK_VERB_UNKNOWN;
	out->flags = 0;
	out->job = 0;
	memset(&out->time, 0, sizeof out->time);
	out->unit[0] = out->cause_unit[0] = '\0';
	out->method[0] = out->job_verb[0] = '\0';
	memset(&out->caller, 0, sizeof out->caller);

	j = job_of_signal(m, ns, unit);
	c = kill_call(m, ns, unit);
	/* A job nobody asked for (a start ending as the kill came) does
	 * not hide a KillUnit answered then. */
	if (j != NULL && (c == NULL || call_of_job(m, j) != NULL)) {
		explain_job(m, j, signo, out);
		return 1;
	}
	if (c != NULL) {
		set_caller(out, c);
		copy_name(out->unit, sizeof out->unit, c->unit);
		out->verb = WK_VERB_KILL;
		return 1;
	}
	out->via = WK_VIA_SYSTEMD;
	verb = state_verb(m, ns, unit, &state_unit);
	out->verb = verb;
	copy_name(out->unit, sizeof out->unit,
	    state_unit != NULL ? state_unit : unit);
	if (verb == WK_VERB_UNKNOWN && shutdown_job(m, ns) != NULL)
		out->verb = WK_VERB_SHUTDOWN;
	return 1;
}

int
sysd_unit_of_cgroup(const char *text, char *unit, size_t size)
{
	static const char *const kinds[] = {
		".service", ".scope", ".socket", ".mount", ".swap",
	};
	const char *line = text, *end, *p, *q;
	int found = -1;

	/* The unified hierarchy's line ("0::/system.slice/x.service"), or
	 * the name=systemd one on a hybrid host. */
	while (line != NULL && *line != '\0') {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		if (strncmp(line, "0::", 3) == 0 ||
		    (p = strstr(line, ":name=systemd:")) != NULL) {
			p = strchr(strchr(line, ':') + 1, ':') + 1;
			/* The deepest element that is a unit. */
			while (p < end) {
				q = memchr(p, '/', (size_t)(end - p));
				if (q == NULL)
					q = end;
				for (size_t k = 0; k < sizeof kinds /
				    sizeof kinds[0]; k++) {
					size_t kl = strlen(kinds[k]);
					size_t len = (size_t)(q - p);

					if (len > kl && len < size &&
					    memcmp(q - kl, kinds[k], kl) == 0) {
						memcpy(unit, p, len);
						unit[len] = '\0';
						found = 0;
					}
				}
				p = q + 1;
			}
			if (found == 0)
				return 0;
		}
		line = *end != '\0' ? end + 1 : NULL;
	}
	return found;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
sysd_unit_of_path(const char *path, char *unit, size_t size)
{
	static const char prefix[] = "/org/freedesktop/systemd1/unit/";
	const char *p;
	size_t o = 0;

	if (strncmp(path, prefix, sizeof prefix - 1) != 0 || size == 0)
		return -1;
	for (p = path + sizeof prefix - 1; *p != '\0'; p++) {
		int c = (unsigned char)*p;

		if (c == '/')
			return -1;
		if (c == '_' && hex_digit(p[1]) >= 0 && hex_digit(p[2]) >= 0) {
			c = hex_digit(p[1]) * 16 + hex_digit(p[2]);
			p += 2;
		}
		if (o + 1 >= size)
			return -1;
		unit[o++] = (char)c;
	}
	unit[o] = '\0';
	return o > 0 ? 0 : -1;
}
