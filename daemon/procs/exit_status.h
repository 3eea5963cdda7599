/*
 * What a wait status says about how a process ended, in whokilled's words.
 */
#ifndef WHOKILLED_DAEMON_EXIT_STATUS_H
#define WHOKILLED_DAEMON_EXIT_STATUS_H

#include <stddef.h>
#include <stdint.h>

enum exit_kind {
	EXIT_KIND_EXITED = 1,		/* exit(N) or return from main */
	EXIT_KIND_SIGNALED = 2,		/* ended by a signal */
	EXIT_KIND_SIGNALED_CORE = 3,	/* ended by a signal and dumped core */
	EXIT_KIND_UNKNOWN = 4,		/* not the status of an ended process */
};

/* Which of the kinds above a wait status is. */
enum exit_kind exit_status_kind(uint32_t status);

/* The exit code of an EXIT_KIND_EXITED status, the signal of the others. */
int exit_status_code(uint32_t status);
int exit_status_signal(uint32_t status);

/*
 * Describe a wait status: "exited with status 3", "killed by SIGKILL",
 * "died of SIGSEGV (core dumped)".  A signal the process brings on itself
 * (a fault, abort()) "died of"; any other signal "killed by".  Writes into
 * buf (cut to fit) and returns buf.
 */
const char *exit_status_describe(uint32_t status, char *buf, size_t size);

#endif
