/*
 * System call names and argument positions.
 */
#include <libaudit.h>
#include <string.h>

#include "audit_syscall.h"

static const char *const call_names[] = {
	[WK_AUDIT_KILL] = "kill",
	[WK_AUDIT_TKILL] = "tkill",
	[WK_AUDIT_TGKILL] = "tgkill",
	[WK_AUDIT_RT_SIGQUEUEINFO] = "rt_sigqueueinfo",
	[WK_AUDIT_RT_TGSIGQUEUEINFO] = "rt_tgsigqueueinfo",
	[WK_AUDIT_PIDFD_SEND_SIGNAL] = "pidfd_send_signal",
};

#define NCALLS	(sizeof call_names / sizeof *call_names)

const char *
wk_audit_syscall_name(uint32_t arch, int nr)
{
	int machine = audit_elf_to_machine(arch);

	if (machine < 0)
		return NULL;
	return audit_syscall_to_name(nr, machine);
}

const char *
wk_audit_arch_name(uint32_t arch)
{
	int machine = audit_elf_to_machine(arch);

	if (machine < 0)
		return NULL;
	return audit_machine_to_name(machine);
}

enum wk_audit_kind
wk_audit_classify(uint32_t arch, int nr, enum wk_audit_call *call)
{
	const char *name = wk_audit_syscall_name(arch, nr);

	if (name == NULL)
		return WK_AUDIT_OTHER;
	if (strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0)
		return WK_AUDIT_EXEC;
	for (size_t i = 1; i < NCALLS; i++) {
		if (strcmp(name, call_names[i]) == 0) {
			*call = (enum wk_audit_call)i;
			return WK_AUDIT_SIGNAL;
		}
	}
	return WK_AUDIT_OTHER;
}

int
wk_audit_signal_arg(enum wk_audit_call call)
{
	return call == WK_AUDIT_TGKILL || call == WK_AUDIT_RT_TGSIGQUEUEINFO ? 2 : 1;
}

const char *
wk_audit_call_name(enum wk_audit_call call)
{
	if ((size_t)call < NCALLS && call_names[call] != NULL)
		return call_names[call];
	return "unknown";
}
