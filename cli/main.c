/*
 * whokilled PID: ask whokilledd who signalled a process.
 */
#include <stdio.h>

#include "run.h"

int
main(int argc, char **argv)
{
	return cli_run(argc, argv, stdout, stderr);
}
