/*
 * A target's unit and cgroup: the process table first, /proc for what it
 * cannot say.
 */
#include <stdio.h>
#include <string.h>

#include "proc_snapshot.h"
#include "proc_target.h"

/* The table's entry for the process, or NULL. */
static const struct proc_entry *
entry_of(struct proc_table *t, int32_t pid, uint64_t start_time)
{
	if (start_time != 0)
		return proc_table_find_exact(t, pid, start_time);
	return proc_table_live(t, pid);
}

/* Whether a running entry's cgroup is to be read again now. */
static int
to_read_again(const struct proc_entry *e, uint64_t now_ns)
{
	if ((e->flags & PROC_F_EXITED) != 0 || e->start_time == 0)
		return 0;
	return e->cgroup == 0 || e->cgroup_ns == 0 || now_ns < e->cgroup_ns ||
	    now_ns - e->cgroup_ns >= PROC_TARGET_FRESH_NS;
}

int
proc_target_cgroup(struct proc_table *t, int32_t pid, uint64_t start_time,
    uint64_t now_ns, struct wk_cgroup *out, char *exe, size_t exe_size)
{
	const struct proc_entry *e = NULL;
	struct wk_cgroup cg;
	char read_exe[WK_EXE_BASE_MAX] = "";

	memset(out, 0, sizeof *out);
	if (exe != NULL)
		exe[0] = '\0';
	if (pid <= 0)
		return -1;
	if (t != NULL)
		e = entry_of(t, pid, start_time);
	if (e != NULL) {
		/* Gone meanwhile: what the table holds stands.  Its exe
		 * was read at its exec; read now, with the cgroup, only
		 * where that failed. */
		if (to_read_again(e, now_ns) &&
		    proc_snapshot_cgroup_exe(pid, e->start_time, &cg,
		    exe != NULL && e->exe_base[0] == '\0' ? read_exe : NULL,
		    sizeof read_exe) == 0)
			proc_table_set_cgroup(t, e, &cg, now_ns);
		if (exe != NULL)
			snprintf(exe, exe_size, "%s", e->exe_base[0] != '\0' ?
			    e->exe_base : read_exe);
		return proc_table_get_cgroup(t, e, out);
	}
	if (start_time == 0 ||
	    proc_snapshot_cgroup_exe(pid, start_time, out, exe, exe_size) == -1) {
		memset(out, 0, sizeof *out);
		if (exe != NULL)
			exe[0] = '\0';
		return -1;
	}
	return 0;
}
