/*
 * Ancestry chains: from the process table when there is one, else /proc.
 */
#include <string.h>

#include "ingest_chain.h"
#include "daemon/procs/proc_table_chain.h"

unsigned
ingest_chain(struct ingest *in, int32_t pid, uint64_t start_time,
    int32_t *ppid, struct wk_chain_entry *chain, unsigned max)
{
	const struct proc_entry *e;

	if (in->procs == NULL)
		return procinfo_chain(*ppid, start_time, in->read_proc,
		    in->read_proc_arg, chain, max);
	e = start_time != 0 ? proc_table_find_exact(in->procs, pid,
	    start_time) : NULL;
	if (e != NULL && e->ppid > 0)
		*ppid = e->ppid;
	return proc_table_chain(in->procs, *ppid, start_time, chain, max);
}

void
ingest_caller_entry(const struct wk_caller *c, const char *argv,
    int32_t ppid, uint64_t start_time, struct wk_chain_entry *k)
{
	memset(k, 0, sizeof *k);
	k->pid = c->pid;
	k->ppid = ppid;
	k->start_time = start_time;
	k->uid = c->uid;
	k->euid = c->euid;
	k->loginuid = c->loginuid;
	memcpy(k->comm, c->comm, sizeof k->comm);
	k->comm[sizeof k->comm - 1] = '\0';
	procinfo_join_args(argv, c->argv_len, k->args, sizeof k->args);
}
