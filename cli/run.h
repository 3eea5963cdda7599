/*
 * whokilled as a function: what main() runs, callable from tests.
 */
#ifndef WHOKILLED_CLI_RUN_H
#define WHOKILLED_CLI_RUN_H

#include <stdio.h>

#define CLI_EXIT_FOUND	0	/* at least one event was printed */
#define CLI_EXIT_NONE	1	/* the daemon had none */
#define CLI_EXIT_ERROR	2	/* usage error, daemon unreachable or bad reply */

/*
 * Runs the command line: parses it, asks the daemon, prints the answer on
 * out and diagnostics on err.  Returns the exit status.
 */
int cli_run(int argc, char **argv, FILE *out, FILE *err);

#endif
