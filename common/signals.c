/*
 * Signal and call names.  The table is Linux x86/arm generic numbering as
 * glibc defines it; real-time signals are named relative to SIGRTMIN as
 * kill(1) prints them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "whokilled/signals.h"
#include "whokilled/wire.h"

static const char *const signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

/* The kernel's SIGRTMIN; glibc reserves the first two for itself. */
#define KERNEL_SIGRTMIN	32

const char *
wk_signal_name(int signo)
{
	if (signo > 0 && (size_t)signo < sizeof signal_names / sizeof *signal_names)
		return signal_names[signo];
	return NULL;
}

const char *
wk_signal_format(int signo, char *buf, size_t size)
{
	const char *name = wk_signal_name(signo);

	if (name != NULL)
		snprintf(buf, size, "%s", name);
	else if (signo >= KERNEL_SIGRTMIN && signo <= WK_SIGNAL_MAX)
		snprintf(buf, size, "SIGRTMIN+%d", signo - KERNEL_SIGRTMIN);
	else
		snprintf(buf, size, "signal %d", signo);
	return buf;
}

/* A whole decimal number in 1..WK_SIGNAL_MAX, or -1. */
static int
parse_number(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > WK_SIGNAL_MAX)
		return -1;
	return (int)v;
}

int
wk_signal_parse(const char *s)
{
	if (s == NULL || *s == '\0')
		return -1;
	if (*s >= '0' && *s <= '9')
		return parse_number(s);
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 1; i < sizeof signal_names / sizeof *signal_names; i++)
		if (signal_names[i] && strcasecmp(s, signal_names[i] + 3) == 0)
			return (int)i;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		int off = 0;

		if (s[5] == '+') {
			off = parse_number(s + 6);
			if (off < 0)
				return -1;
		} else if (s[5] != '\0') {
			return -1;
		}
		return KERNEL_SIGRTMIN + off <= WK_SIGNAL_MAX ? KERNEL_SIGRTMIN + off : -1;
	}
	/* Aliases kill(1) accepts. */
	if (strcasecmp(s, "IOT") == 0)
		return SIGABRT;
	if (strcasecmp(s, "POLL") == 0)
		return SIGIO;
	if (strcasecmp(s, "CLD") == 0)
		return SIGCHLD;
	return -1;
}

const char *
wk_call_name(uint32_t call)
{
	switch (call) {
	case WK_CALL_KILL:
		return "kill";
	case WK_CALL_KILLPG:
		return "killpg";
	case WK_CALL_SIGQUEUE:
		return "sigqueue";
	case WK_CALL_TGKILL:
		return "tgkill";
	case WK_CALL_PIDFD_SEND_SIGNAL:
		return "pidfd_send_signal";
	}
	return "unknown";
}

int
wk_signal_self_inflicted(int signo)
{
	switch (signo) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE:
	case SIGTRAP: case SIGSYS: case SIGABRT:
		return 1;
	default:
		return 0;
	}
}
