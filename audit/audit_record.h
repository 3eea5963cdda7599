/*
 * What the kernel audit trail says about one signal or one program start,
 * decoded from its records (SYSCALL, OBJ_PID, PROCTITLE, EXECVE).
 *
 * Numbers are kept as the kernel logged them; strings are decoded from the
 * log's quoted or hex form and NUL-terminated, "" when the log had none.
 * Names "as logged" come from auditd's ENRICHED format (the part after the
 * 0x1d byte): they are the recording host's names, which matter when the
 * logs were merged from many hosts.
 */
#ifndef WHOKILLED_AUDIT_RECORD_H
#define WHOKILLED_AUDIT_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define WK_AUDIT_NODE_MAX	WK_HOST_MAX
#define WK_AUDIT_KEY_MAX	64
#define WK_AUDIT_ARCH_MAX	16
/* The kernel cuts PROCTITLE at this many bytes (MAX_PROCTITLE_AUDIT_LEN). */
#define WK_AUDIT_PROCTITLE_MAX	128

/* The signal system calls, whatever the architecture numbers them. */
enum wk_audit_call {
	WK_AUDIT_KILL = 1,
	WK_AUDIT_TKILL,
	WK_AUDIT_TGKILL,
	WK_AUDIT_RT_SIGQUEUEINFO,
	WK_AUDIT_RT_TGSIGQUEUEINFO,
	WK_AUDIT_PIDFD_SEND_SIGNAL,
};

/* Where an event sits in the trail of its node. */
struct wk_audit_stamp {
	int64_t sec;
	uint32_t msec;
	uint32_t reserved;
	uint64_t serial;
	char node[WK_AUDIT_NODE_MAX];	/* node= field; "" for a local log */
};

/*
 * A command line from audit records is kept this far, its beginning only
 * (WK_AUDIT_P_ARGV_TRUNCATED): the shim's report of the same kill, when
 * there is one, has its beginning and its end up to WK_ARGV_MAX.
 */
#define WK_AUDIT_ARGV_MAX	1024

/* wk_audit_proc.flags */
#define WK_AUDIT_P_ARGV_TRUNCATED	0x0001u	/* argv holds only the first bytes */
#define WK_AUDIT_P_ARGV_KNOWN		0x0002u	/* argv came from PROCTITLE or EXECVE */

/* The process that made the system call, from its SYSCALL record. */
struct wk_audit_proc {
	int32_t pid;
	int32_t ppid;
	uint32_t auid;		/* WK_ID_UNSET when unset */
	uint32_t ses;		/* WK_ID_UNSET when unset */
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	uint32_t flags;		/* WK_AUDIT_P_* */
	uint32_t argc;		/* arguments in argv, or EXECVE's argc */
	uint32_t argv_len;	/* bytes used in argv, each argument NUL-terminated */
	char tty[WK_TTY_MAX];	/* "" for tty=(none) */
	char comm[WK_COMM_MAX];
	char exe[WK_EXE_MAX];
	char argv[WK_AUDIT_ARGV_MAX];
	char auid_name[WK_USER_MAX];	/* names as logged, "" when not enriched */
	char uid_name[WK_USER_MAX];
	char euid_name[WK_USER_MAX];
};

/* One signalled process, from an OBJ_PID record. */
struct wk_audit_target {
	int32_t pid;		/* opid */
	uint32_t auid;		/* oauid; WK_ID_UNSET when unset */
	uint32_t uid;		/* ouid: the target's real uid */
	uint32_t ses;		/* oses; WK_ID_UNSET when unset */
	char comm[WK_COMM_MAX];
	char auid_name[WK_USER_MAX];	/* as logged */
	char uid_name[WK_USER_MAX];
};

/* wk_audit_kill.flags */
#define WK_AUDIT_K_INCOMPLETE	0x0001u	/* the input ended inside this event */

/*
 * One signal system call.  targets points into the reader's storage and is
 * valid only while the callback that received the event runs (and may be
 * NULL when ntargets is 0).
 */
struct wk_audit_kill {
	struct wk_audit_stamp stamp;
	enum wk_audit_call call;
	uint32_t arch;		/* AUDIT_ARCH_* as logged (c000003e for x86_64) */
	int32_t syscall;	/* the number, in arch's numbering */
	int32_t signo;		/* the signal argument */
	int32_t arg_pid;	/* pid, -pgrp, tgid or tid (tkill) or pidfd, as an int */
	int32_t arg_tid;	/* tgkill and rt_tgsigqueueinfo: the thread, else 0 */
	int32_t success;	/* 1: the call returned 0 */
	int32_t error;		/* the errno it failed with (-exit), else 0 */
	uint32_t flags;		/* WK_AUDIT_K_* */
	uint32_t ntargets;
	uint64_t args[4];	/* a0..a3 */
	char key[WK_AUDIT_KEY_MAX];	/* the rule's key, "" when none */
	struct wk_audit_proc killer;	/* argv from PROCTITLE */
	const struct wk_audit_target *targets;	/* one per OBJ_PID record */
};

/* One successful execve or execveat, with the new program's arguments. */
struct wk_audit_exec {
	struct wk_audit_stamp stamp;
	uint32_t arch;
	int32_t syscall;
	struct wk_audit_proc proc;	/* argv from EXECVE */
};

#endif
