/*
 * Which system call a SYSCALL record names, by architecture and number.
 * The numbers differ between architectures (kill is 62 on x86_64, 37 on
 * i386); libaudit's tables name them.
 */
#ifndef WHOKILLED_AUDIT_SYSCALL_H
#define WHOKILLED_AUDIT_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "audit_record.h"

enum wk_audit_kind {
	WK_AUDIT_OTHER = 0,	/* neither a signal nor a program start */
	WK_AUDIT_SIGNAL,	/* *call says which */
	WK_AUDIT_EXEC,		/* execve or execveat */
};

/*
 * Classifies syscall number nr on the architecture arch (AUDIT_ARCH_*, as
 * the record's arch= field).  For a signal call, *call is set.
 */
enum wk_audit_kind wk_audit_classify(uint32_t arch, int nr, enum wk_audit_call *call);

/* The system call's name ("kill"), or NULL for an unknown arch or number. */
const char *wk_audit_syscall_name(uint32_t arch, int nr);

/* The architecture's name ("x86_64", "i386"), or NULL when unknown. */
const char *wk_audit_arch_name(uint32_t arch);

/* Which of a0..a3 holds the signal for call: 1 or 2. */
int wk_audit_signal_arg(enum wk_audit_call call);

/* "kill", "tgkill"... for a signal call. */
const char *wk_audit_call_name(enum wk_audit_call call);

#endif
