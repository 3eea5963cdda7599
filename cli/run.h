/*
 * whokilled as a function: what main() runs, callable from tests.
 */
#ifndef WHOKILLED_CLI_RUN_H
#define WHOKILLED_CLI_RUN_H

#include <stdio.h>

#include "cli_exit.h"

/*
 * Runs the command line: parses it, asks the daemon, prints the answer on
 * out and diagnostics on err.  Returns the exit status.
 */
int cli_run(int argc, char **argv, FILE *out, FILE *err);

#endif
