/*
 * Names of signals and of the wrapped kill calls (common/signals.c), for
 * reports and answers.  The numbering is Linux's generic one as glibc
 * defines it; real-time signals are named relative to the kernel's
 * SIGRTMIN, as kill(1) prints them.  wire.h includes this header.
 */
#ifndef WHOKILLED_SIGNALS_H
#define WHOKILLED_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

/* Static names: "SIGKILL", or NULL for numbers without one (see wk_signal_format). */
const char *wk_signal_name(int signo);
/* Parse "9", "KILL", "SIGKILL", "sigkill", "RTMIN+3"; -1 when unknown. */
int wk_signal_parse(const char *s);
/* Write a printable name ("SIGKILL", "SIGRTMIN+3", "signal 70") into buf. */
const char *wk_signal_format(int signo, char *buf, size_t size);
/* The name of a wrapped call (enum wk_call): "kill", ...; "unknown" else. */
const char *wk_call_name(uint32_t call);
/*
 * Whether the kernel raises signo on a process for something it did
 * itself (a fault, abort()): a death by it needs no sender to explain it.
 */
int wk_signal_self_inflicted(int signo);

#endif
