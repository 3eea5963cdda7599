/*
 * From a pid of another namespace to the daemon's: candidates by start
 * time, each proven or dropped.  Only asked for reports from a container,
 * so it may read the whole table or /proc; never on the common path.
 */
#include <dirent.h>
#include <string.h>

#include "common/decimal.h"
#include "procinfo.h"
#include "daemon/base/clock_convert.h"
#include "proc_ns.h"

/* What a candidate turned out to be. */
enum verdict {
	NOT_IT,
	MAYBE,		/* ended; its parent vouches for it */
	PROVEN,		/* runs (or is a zombie) and /proc says so */
};

int
proc_ns_children_of(int32_t parent, uint64_t child_start,
    struct proc_ns_place *at, int32_t *ns_pid)
{
	struct procinfo_ns p;

	if (parent <= 0 || procinfo_read_ns(parent, &p) == -1)
		return -1;
	if (child_start != 0 && p.st.start_time > child_start)
		return -1;	/* a newer process with the parent's pid */
	/* A zombie has no pid_for_children: its own namespace it was. */
	if (p.ns_children == 0 || p.ns_children == p.ns) {
		at->ns = p.ns;
		at->level = p.nspid.count - 1;
		*ns_pid = p.nspid.pid[at->level];
		return 1;
	}
	at->ns = p.ns_children;
	at->level = p.ns_children_level;
	*ns_pid = 0;
	return 0;
}

int
proc_ns_parent_bears(int32_t parent, uint64_t child_start,
    const struct proc_ns_place *at, const struct proc_ns_known *known,
    int32_t *ns_pid)
{
	struct proc_ns_place born;
	int r;

	r = proc_ns_children_of(parent, child_start, &born, ns_pid);
	if (r == -1 && known != NULL && parent == known->pid) {
		*ns_pid = known->ns_pid;
		return 1;
	}
	if (r == -1 || born.ns != at->ns || born.level != at->level)
		return -1;
	return r;
}

/*
 * Whether entry e is of a process whose exit the connector saw before
 * when (the target was read after it, so ran then).  A millisecond is
 * left for the two clocks' conversion.
 */
static int
ended_before(const struct proc_entry *e, const struct wk_time *when)
{
	struct wk_time end;

	if ((e->flags & (PROC_F_EXITED | PROC_F_EXIT_UNKNOWN)) !=
	    PROC_F_EXITED || when->sec == 0 ||
	    clock_mono_to_real(e->exit_time_ns, &end) == -1)
		return 0;
	return (end.sec - when->sec) * 1000000000LL +
	    (end.nsec - when->nsec) < -1000000LL;
}

/*
 * Judge the candidate e (its pid, its parent at fork, its name, when it
 * ended), which started at w->start_time.
 */
static enum verdict
judge(const struct proc_entry *e, const struct proc_ns_place *at,
    const struct proc_ns_wanted *w, const struct proc_ns_known *known,
    int32_t *ppid)
{
	struct procinfo_ns c;
	int32_t parent_ns_pid;

	if (procinfo_read_ns(e->pid, &c) == 0 &&
	    c.st.start_time == w->start_time) {
		if (c.ns != at->ns || c.nspid.count != at->level + 1 ||
		    c.nspid.pid[at->level] != w->ns_pid)
			return NOT_IT;
		*ppid = c.st.ppid;
		return PROVEN;
	}
	/* Reaped since (or its pid taken by a newer process). */
	if (e->comm[0] != '\0' && w->comm[0] != '\0' &&
	    strncmp(e->comm, w->comm, WK_COMM_MAX) != 0)
		return NOT_IT;
	if (ended_before(e, &w->alive_at))
		return NOT_IT;
	if (proc_ns_parent_bears(e->ppid, w->start_time, at, known,
	    &parent_ns_pid) == -1 || parent_ns_pid != w->ns_ppid)
		return NOT_IT;
	*ppid = e->ppid;
	return MAYBE;
}

/* The running processes that started at start_time, from /proc. */
static unsigned
scan_proc(uint64_t start_time, struct proc_entry *out, unsigned max)
{
	struct procinfo_stat st;
	struct dirent *d;
	unsigned n = 0, seen = 0;
	uint32_t pid;
	DIR *dir;

	dir = opendir("/proc");
	if (dir == NULL)
		return 0;
	while (n < max && seen < PROC_NS_SCAN_MAX &&
	    (d = readdir(dir)) != NULL) {
		if (wk_parse_u32_text(d->d_name, strlen(d->d_name), &pid) ==
		    -1 || pid == 0 || pid > INT32_MAX)
			continue;
		seen++;
		if (procinfo_read_stat((int32_t)pid, &st) == -1 ||
		    st.start_time != start_time)
			continue;
		memset(&out[n], 0, sizeof out[n]);
		out[n].pid = (int32_t)pid;
		out[n].ppid = st.ppid;
		out[n].start_time = st.start_time;
		memcpy(out[n].comm, st.comm, sizeof out[n].comm);
		n++;
	}
	closedir(dir);
	return n;
}

int32_t
proc_ns_find(struct proc_table *t, const struct proc_ns_place *at,
    const struct proc_ns_wanted *w, const struct proc_ns_known *known,
    int32_t *ppid)
{
	const struct proc_entry *cand[PROC_NS_CANDIDATES_MAX];
	struct proc_entry scanned[PROC_NS_CANDIDATES_MAX];
	int32_t found = 0, parent = 0, p;
	unsigned n, i, maybes = 0;

	*ppid = 0;
	if (w->ns_pid <= 0 || w->start_time == 0)
		return 0;
	if (t != NULL) {
		n = proc_table_started_at(t, w->start_time, cand,
		    PROC_NS_CANDIDATES_MAX);
	} else {
		n = scan_proc(w->start_time, scanned, PROC_NS_CANDIDATES_MAX);
		for (i = 0; i < n; i++)
			cand[i] = &scanned[i];
	}
	for (i = 0; i < n; i++) {
		switch (judge(cand[i], at, w, known, &p)) {
		case PROVEN:
			*ppid = p;
			return cand[i]->pid;
		case MAYBE:
			/* The same process may be in the table twice. */
			if (maybes == 0 || cand[i]->pid != found) {
				maybes++;
				found = cand[i]->pid;
				parent = p;
			}
			break;
		case NOT_IT:
			break;
		}
	}
	if (maybes != 1)
		return 0;
	*ppid = parent;
	return found;
}
