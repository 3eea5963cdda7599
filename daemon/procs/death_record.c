/*
 * Ends of processes between the table, the store and the wire.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "death_record.h"
#include "exit_status.h"

int
death_worth_storing(const struct proc_entry *e, uint64_t exit_ticks,
    uint64_t min_runtime_ticks)
{
	enum exit_kind kind = exit_status_kind(e->exit_status);

	if ((e->flags & (PROC_F_SIGNALLED | PROC_F_OOM)) != 0)
		return 1;
	if ((e->flags & PROC_F_EXIT_UNKNOWN) != 0)
		return 0;
	if (kind == EXIT_KIND_SIGNALED || kind == EXIT_KIND_SIGNALED_CORE)
		return 1;
	if (min_runtime_ticks == 0)
		return 1;
	if (e->start_time == 0 || exit_ticks < e->start_time)
		return 0;
	return exit_ticks - e->start_time >= min_runtime_ticks;
}

uint32_t
death_kind_of_status(uint32_t status)
{
	switch (exit_status_kind(status)) {
	case EXIT_KIND_EXITED:
		return STORE_DEATH_EXITED;
	case EXIT_KIND_SIGNALED:
		return STORE_DEATH_SIGNALED;
	case EXIT_KIND_SIGNALED_CORE:
		return STORE_DEATH_CORE;
	default:
		return STORE_DEATH_UNKNOWN;
	}
}

void
death_from_entry(const struct proc_entry *e, const char *boot_id,
    const struct wk_time *exit_time, const struct proc_entry *parent,
    struct store_death *out)
{
	int exited = (e->flags & PROC_F_EXITED) != 0;

	memset(out, 0, sizeof *out);
	memcpy(out->boot_id, boot_id, strnlen(boot_id, WK_BOOT_ID_MAX - 1));
	out->pid = e->pid;
	out->ppid = e->ppid;
	out->start_time = e->start_time;
	out->uid = e->uid;
	memcpy(out->comm, e->comm, sizeof out->comm);
	out->comm[sizeof out->comm - 1] = '\0';
	memcpy(out->args, e->args, sizeof out->args);
	out->args[sizeof out->args - 1] = '\0';
	memcpy(out->exe, e->exe_base, sizeof out->exe);
	out->exe[sizeof out->exe - 1] = '\0';
	out->signalled = (e->flags & PROC_F_SIGNALLED) != 0;
	out->kind = STORE_DEATH_UNKNOWN;
	if (exited && (e->flags & PROC_F_EXIT_UNKNOWN) == 0) {
		out->kind = death_kind_of_status(e->exit_status);
		out->exit_known = out->kind != STORE_DEATH_UNKNOWN;
		out->status = e->exit_status;
		out->time = *exit_time;
	}
	if (exited && parent != NULL && parent->pid == e->ppid &&
	    (parent->flags & PROC_F_EXITED) != 0 &&
	    (parent->flags & PROC_F_EXIT_UNKNOWN) == 0 &&
	    parent->exit_time_ns <= e->exit_time_ns) {
		out->parent_pid = parent->pid;
		memcpy(out->parent_comm, parent->comm, sizeof out->parent_comm);
		out->parent_comm[sizeof out->parent_comm - 1] = '\0';
	}
}

void
death_add_oom(struct store_death *d, const struct oom_kill *k,
    const struct wk_time *when)
{
	struct wk_death_oom *o = &d->oom;

	d->kind = STORE_DEATH_OOM;
	d->has_oom = 1;
	d->oom_seq = k->seq;
	d->oom_flags = k->flags;
	memset(o, 0, sizeof *o);
	o->time = *when;
	o->total_vm_kb = k->total_vm_kb;
	o->anon_rss_kb = k->anon_rss_kb;
	o->file_rss_kb = k->file_rss_kb;
	o->shmem_rss_kb = k->shmem_rss_kb;
	o->score_adj = k->oom_score_adj;
	snprintf(o->constraint, sizeof o->constraint, "%s", k->constraint);
	snprintf(o->memcg, sizeof o->memcg, "%s", k->oom_memcg);
	snprintf(o->task_memcg, sizeof o->task_memcg, "%s", k->task_memcg);
	if (d->comm[0] == '\0')
		memcpy(d->comm, k->comm, sizeof d->comm);
	if (d->uid == WK_ID_UNSET)
		d->uid = k->uid;
}

/* WK_D_* for the OOM_F_* of a kill. */
static uint32_t
oom_wire_flags(uint32_t oom_flags)
{
	uint32_t f = 0;

	if ((oom_flags & OOM_F_CONTEXT) != 0)
		f |= WK_D_OOM_CONTEXT;
	if ((oom_flags & OOM_F_GLOBAL) != 0)
		f |= WK_D_OOM_GLOBAL;
	if ((oom_flags & OOM_F_GROUP) != 0)
		f |= WK_D_OOM_GROUP;
	return f;
}

void
death_to_wire(const struct store_death *d, struct wk_death *out)
{
	memset(out, 0, sizeof *out);
	wk_reply_init(&out->hdr, WK_R_DEATH, sizeof *out);
	memcpy(out->boot_id, d->boot_id, sizeof out->boot_id);
	out->boot_id[sizeof out->boot_id - 1] = '\0';
	out->pid = d->pid;
	out->ppid = d->ppid;
	out->start_time = d->start_time;
	out->uid = d->uid;
	memcpy(out->comm, d->comm, sizeof out->comm);
	memcpy(out->args, d->args, sizeof out->args);
	if (d->start_time != 0)
		out->flags |= WK_D_START_KNOWN;
	if (d->signalled)
		out->flags |= WK_D_SIGNALLED;
	if (d->exit_known) {
		out->flags |= WK_D_EXIT_KNOWN;
		out->exit_status = d->status;
		out->time = d->time;
	}
	switch (d->kind) {
	case STORE_DEATH_EXITED:
		out->kind = WK_DEATH_EXITED;
		out->exit_code = exit_status_code(d->status);
		break;
	case STORE_DEATH_SIGNALED:
	case STORE_DEATH_CORE:
		out->kind = WK_DEATH_SIGNALED;
		out->signo = exit_status_signal(d->status);
		if (d->kind == STORE_DEATH_CORE)
			out->flags |= WK_D_CORE;
		break;
	case STORE_DEATH_OOM:
		out->kind = WK_DEATH_OOM;
		out->signo = d->exit_known &&
		    death_kind_of_status(d->status) != STORE_DEATH_EXITED ?
		    exit_status_signal(d->status) : SIGKILL;
		break;
	default:
		out->kind = WK_DEATH_UNKNOWN;
		break;
	}
	if (d->has_oom) {
		out->oom = d->oom;
		out->flags |= oom_wire_flags(d->oom_flags);
		if (!d->exit_known)
			out->time = d->oom.time;
	}
	out->cgroup = d->cgroup;
	if (d->parent_pid > 0) {
		out->flags |= WK_D_PARENT_GONE;
		out->parent_pid = d->parent_pid;
		memcpy(out->parent_comm, d->parent_comm,
		    sizeof out->parent_comm);
	}
}

/* OOM_F_* for the WK_D_* of a frame. */
static uint32_t
oom_flags_of_wire(uint32_t flags)
{
	uint32_t f = 0;

	if ((flags & WK_D_OOM_CONTEXT) != 0)
		f |= OOM_F_CONTEXT;
	if ((flags & WK_D_OOM_GLOBAL) != 0)
		f |= OOM_F_GLOBAL;
	if ((flags & WK_D_OOM_GROUP) != 0)
		f |= OOM_F_GROUP;
	return f;
}

void
death_from_wire(const struct wk_death *d, const char *node,
    struct store_death *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->node, sizeof out->node, "%s", node);
	out->pid = d->pid;
	out->ppid = d->ppid;
	out->start_time = (d->flags & WK_D_START_KNOWN) ? d->start_time : 0;
	out->uid = d->uid;
	memcpy(out->comm, d->comm, sizeof out->comm);
	out->comm[sizeof out->comm - 1] = '\0';
	memcpy(out->args, d->args, sizeof out->args);
	out->args[sizeof out->args - 1] = '\0';
	out->signalled = (d->flags & WK_D_SIGNALLED) != 0;
	out->exit_known = (d->flags & WK_D_EXIT_KNOWN) != 0;
	if (out->exit_known) {
		out->status = d->exit_status;
		out->time = d->time;
	}
	switch (d->kind) {
	case WK_DEATH_EXITED:
		out->kind = STORE_DEATH_EXITED;
		break;
	case WK_DEATH_SIGNALED:
		out->kind = (d->flags & WK_D_CORE) ? STORE_DEATH_CORE :
		    STORE_DEATH_SIGNALED;
		break;
	case WK_DEATH_OOM:
		out->kind = STORE_DEATH_OOM;
		break;
	default:
		out->kind = STORE_DEATH_UNKNOWN;
		break;
	}
	if (d->kind == WK_DEATH_OOM || d->oom.time.sec != 0) {
		out->has_oom = 1;
		out->oom = d->oom;
		out->oom_flags = oom_flags_of_wire(d->flags);
	}
	out->cgroup = d->cgroup;
	out->cgroup.unit[sizeof out->cgroup.unit - 1] = '\0';
	out->cgroup.path[sizeof out->cgroup.path - 1] = '\0';
	if ((d->flags & WK_D_PARENT_GONE) != 0 && d->parent_pid > 0) {
		out->parent_pid = d->parent_pid;
		memcpy(out->parent_comm, d->parent_comm,
		    sizeof out->parent_comm);
		out->parent_comm[sizeof out->parent_comm - 1] = '\0';
	}
}
