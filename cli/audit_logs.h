/*
 * whokilled --audit-log FILE... PID: the question asked of audit logs
 * instead of the daemon.  Two ways to answer it, chosen at link time:
 * whokilled itself hands it on to a program of its own
 * (audit_logs_exec.c), so that asking the daemon never loads libauparse
 * and libaudit; that program, and the tests, answer it in the process
 * (audit_logs_here.c).
 */
#ifndef WHOKILLED_CLI_AUDIT_LOGS_H
#define WHOKILLED_CLI_AUDIT_LOGS_H

#include <stdio.h>

#include "args.h"

/* The helper's file name, beside whokilled or in its libexec directory. */
#define CLI_AUDIT_LOG_HELPER	"whokilled-audit-log"

/*
 * Answers opt (parsed from argv, the whole command line) from the audit
 * logs it names; an exit status of cli_exit.h.  The handing-on version
 * returns only when the helper could not be started.
 */
int cli_audit_logs(const struct cli_options *opt, char **argv, FILE *out,
    FILE *err);

#endif
