/*
 * Followers: the filters of a list, applied to one new row at a time.
 * They mirror the clauses of daemon/store/store_list.c, which select the
 * same rows from the store for the first answer -- but for the time
 * bounds: those are the first answer's; what is stored afterwards is new,
 * whatever time it names (a kill backfilled from an audit log too).
 */
#include <fnmatch.h>
#include <string.h>

#include "query_death.h"
#include "query_follow.h"
#include "query_visibility.h"

/* Whether unit (a field of WK_UNIT_MAX) is the unit asked. */
static int
unit_matches(const struct store_list_query *f, const char *unit)
{
	return f->unit[0] == '\0' ||
	    strncmp(f->unit, unit, WK_UNIT_MAX) == 0;
}

/* Whether node (a field of WK_NODE_MAX) is the node asked. */
static int
node_matches(const struct store_list_query *f, const char *node)
{
	return f->node[0] == '\0' ||
	    strncmp(f->node, node, WK_NODE_MAX) == 0;
}

/*
 * Whether name (a field of size bytes, NUL-terminated within it or cut
 * there) is the name asked.  Run for every new row and every follower:
 * no copy where the field holds its NUL, as the store's always do.
 */
static int
one_name_matches(const struct store_list_query *f, const char *name,
    size_t size, const char *asked)
{
	char n[WK_NAME_MAX];

	if (memchr(name, '\0', size) == NULL) {
		if (size > sizeof n)
			size = sizeof n;
		memcpy(n, name, size);
		n[size - 1] = '\0';
		name = n;
	}
	/* SQLite's GLOB has no escape character either. */
	if (f->glob)
		return fnmatch(f->name, name, FNM_NOESCAPE) == 0;
	return strcmp(asked, name) == 0;
}

/*
 * Whether comm (a field of WK_COMM_MAX) or exe (WK_EXE_BASE_MAX, "" not
 * known) is the process name asked: the comm as cut, the exe whole.  A
 * name longer than a comm matches its 15 bytes only where the executable
 * is not known (store_list.c: kill_name_terms).
 */
static int
name_matches(const struct store_list_query *f, const char *comm,
    const char *exe)
{
	if (f->name[0] == '\0')
		return 1;
	if (exe[0] != '\0' &&
	    one_name_matches(f, exe, WK_EXE_BASE_MAX, f->name))
		return 1;
	return (f->comm_whole || exe[0] == '\0') &&
	    one_name_matches(f, comm, WK_COMM_MAX, f->comm);
}

int
query_follow_kill(const struct query_follow *fw, const struct wk_event *ev,
    struct wk_event *frame)
{
	const struct store_list_query *f = &fw->filter;
	const struct wk_caller *c = &ev->report.caller;

	if (ev->id <= fw->from_kill)
		return 0;
	if ((f->signo != 0 && ev->report.signo != f->signo) ||
	    !name_matches(f, ev->report.target.comm, ev->target_exe) ||
	    !unit_matches(f, ev->target_cgroup.unit) ||
	    !node_matches(f, ev->node))
		return 0;
	if (f->by && c->loginuid != f->by_uid && c->uid != f->by_uid &&
	    c->euid != f->by_uid)
		return 0;
	if (!query_may_see(ev, fw->asker))
		return 0;
	wk_event_copy(frame, ev);
	query_redact(frame, fw->asker);
	/* A frame carries the used bytes of argv only. */
	wk_reply_init(&frame->hdr, WK_R_EVENT, (uint32_t)wk_event_size(frame));
	return 1;
}

int
query_follow_key(const struct query_follow *fw, const struct store_kill_key *k)
{
	const struct store_list_query *f = &fw->filter;
	uid_t a = fw->asker;

	if (k->id <= fw->from_kill ||
	    (f->signo != 0 && k->signo != f->signo) ||
	    !name_matches(f, k->target_comm, k->target_exe) ||
	    !unit_matches(f, k->target_unit) || !node_matches(f, k->node))
		return 0;
	if (f->by && k->loginuid != f->by_uid && k->uid != f->by_uid &&
	    k->euid != f->by_uid)
		return 0;
	/* query_may_see, on the key: a node's uids are not this host's. */
	if (a != 0 && k->node[0] != '\0')
		return 0;
	return a == 0 || k->target_uid == a || k->uid == a || k->euid == a ||
	    k->loginuid == a;
}

/* Whether the end d is one a list shows (store_list.c: deaths_sql). */
static int
death_matches(const struct store_list_query *f, const struct store_death *d)
{
	int sig = (d->kind == STORE_DEATH_SIGNALED ||
	    d->kind == STORE_DEATH_CORE);

	if (f->by || f->node[0] != '\0' || (!d->exit_known && !d->has_oom))
		return 0;
	if (!f->exits && !sig && d->kind != STORE_DEATH_OOM &&
	    !(d->kind == STORE_DEATH_EXITED && d->status != 0))
		return 0;
	if (f->signo != 0 && !(sig && (int32_t)(d->status & 127) == f->signo) &&
	    !(d->kind == STORE_DEATH_OOM && f->signo == 9))
		return 0;
	return name_matches(f, d->comm, d->exe) &&
	    unit_matches(f, d->cgroup.unit);
}

int
query_follow_death(const struct query_env *env,
    const struct query_follow *fw, const struct store_death *d,
    struct wk_death *frame)
{
	if (d->id <= fw->from_death || !death_matches(&fw->filter, d))
		return 0;
	return query_death_listed(env, d, fw->asker, frame);
}
