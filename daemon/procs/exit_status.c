/*
 * Wait statuses in words.  The encoding is the kernel's task->exit_code,
 * which is also what the process-events connector reports at exit: the
 * exit code in bits 8-15, or the signal in bits 0-6 with bit 7 set when a
 * core was dumped.
 */
#include <signal.h>
#include <stdio.h>

#include "whokilled/wire.h"
#include "exit_status.h"

#define STATUS_SIGNAL(s)	((int)((s) & 0x7fu))
#define STATUS_CORE		0x80u

enum exit_kind
exit_status_kind(uint32_t status)
{
	if (status > 0xffffu)
		return EXIT_KIND_UNKNOWN;
	if (STATUS_SIGNAL(status) == 0)
		return EXIT_KIND_EXITED;
	/* 0x7f is a stopped child, never the status of an ended one. */
	if (STATUS_SIGNAL(status) == 0x7f || (status & 0xff00u) != 0)
		return EXIT_KIND_UNKNOWN;
	return (status & STATUS_CORE) != 0 ? EXIT_KIND_SIGNALED_CORE :
	    EXIT_KIND_SIGNALED;
}

int
exit_status_code(uint32_t status)
{
	return (int)((status >> 8) & 0xffu);
}

int
exit_status_signal(uint32_t status)
{
	return STATUS_SIGNAL(status);
}

const char *
exit_status_describe(uint32_t status, char *buf, size_t size)
{
	char name[32];
	int signo = exit_status_signal(status);

	switch (exit_status_kind(status)) {
	case EXIT_KIND_EXITED:
		snprintf(buf, size, "exited with status %d",
		    exit_status_code(status));
		break;
	case EXIT_KIND_SIGNALED:
	case EXIT_KIND_SIGNALED_CORE:
		snprintf(buf, size, "%s %s%s",
		    wk_signal_self_inflicted(signo) ? "died of" : "killed by",
		    wk_signal_format(signo, name, sizeof name),
		    (status & STATUS_CORE) != 0 ? " (core dumped)" : "");
		break;
	default:
		snprintf(buf, size, "ended with wait status 0x%x", status);
		break;
	}
	return buf;
}
