/*
 * whokilled PID: ask whokilledd who signalled a process.
 */
#include <stdio.h>

#include "glyphs.h"
#include "run.h"

int
main(int argc, char **argv)
{
	/* Arrows and dashes as the terminal's character set can show them. */
	(void)cli_glyphs_from_locale();
	return cli_run(argc, argv, stdout, stderr);
}
