/*
 * --audit-log answered in this process: the offline reader (offline.c).
 */
#include "audit_logs.h"
#include "offline.h"

int
cli_audit_logs(const struct cli_options *opt, char **argv, FILE *out,
    FILE *err)
{
	struct cli_offline_opts o = {
		.json = opt->json, .all = opt->all, .signo = opt->signo,
		.since = opt->since, .until = opt->until, .limit = opt->limit,
		.node = opt->node,
	};

	(void)argv;
	return cli_offline_run(opt->audit_logs, opt->naudit_logs, opt->pid, &o,
	    out, err);
}
