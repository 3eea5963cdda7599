/*
 * Kill results: checked like the report they complete.
 */
#include "daemon/base/clock_convert.h"
#include "daemon/procs/proc_table_chain.h"
#include "ingest_result.h"

/*
 * The start time of the running process pid: its process-table entry
 * when the table trusts it, else /proc.  0, or -1 when it is gone.
 */
static int
live_start(struct ingest *in, int32_t pid, uint64_t *start)
{
	const struct proc_entry *e;
	struct wk_chain_entry live;

	if (in->procs != NULL) {
		e = proc_table_current(in->procs, pid, clock_mono_now_ns());
		if (e != NULL) {
			*start = e->start_time;
			return 0;
		}
	}
	if (in->read_proc(pid, &live, in->read_proc_arg) == -1)
		return -1;
	*start = live.start_time;
	return 0;
}

enum verify_result
ingest_check_result(struct ingest *in, const struct wk_kill_result *m,
    const struct ucred *cred, const char **why)
{
	enum verify_result v;
	uint64_t start;

	v = verify_result_creds(cred, m, why);
	if (v != VERIFY_OK || cred->uid == 0 || m->start_time == 0)
		return v;
	/* Without this a process could settle the result of the kill of an
	 * earlier process that had its pid. */
	if (live_start(in, m->pid, &start) == 0 && start != m->start_time) {
		*why = "kill result's start time differs from /proc";
		return VERIFY_FORGED;
	}
	return VERIFY_OK;
}
