/*
 * whokilled-audit-log: whokilled --audit-log FILE... PID, which whokilled
 * hands on to this program (audit_logs.h).  Takes the same command line.
 */
#include <stdio.h>

#include "glyphs.h"
#include "run.h"

int
main(int argc, char **argv)
{
	(void)cli_glyphs_from_locale();
	return cli_run(argc, argv, stdout, stderr);
}
