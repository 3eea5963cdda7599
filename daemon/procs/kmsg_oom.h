/*
 * OOM kills as the kernel logs them (mm/oom_kill.c, kernel 6.x), parsed
 * from /dev/kmsg records.  Pure: no I/O here (see kmsg_reader.h).
 *
 * One kill is two records, printed back to back:
 *   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,
 *     mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=NAME,pid=N,uid=U
 *   Memory cgroup out of memory: Killed process N (NAME) total-vm:NkB,
 *     anon-rss:NkB, file-rss:NkB, shmem-rss:NkB, UID:U pgtables:NkB
 *     oom_score_adj:N
 * ("Out of memory: Killed process ..." and ",global_oom" for a global
 * OOM).  The first is rate-limited by the kernel; the second is always
 * printed, so a kill is reported on the second, with the first merged in
 * when it came.
 */
#ifndef WHOKILLED_DAEMON_KMSG_OOM_H
#define WHOKILLED_DAEMON_KMSG_OOM_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define OOM_MEMCG_MAX		256
#define OOM_CONSTRAINT_MAX	32
#define OOM_MESSAGE_MAX		48

/* oom_kill.flags */
#define OOM_F_CONTEXT	0x0001u	/* the oom-kill: line was seen */
#define OOM_F_VICTIM	0x0002u	/* the Killed process line was seen */
#define OOM_F_GLOBAL	0x0004u	/* no cgroup limit: the machine ran out */
#define OOM_F_GROUP	0x0008u	/* killed with its memory.oom.group */
#define OOM_F_TRUNCATED	0x0010u	/* a path or name was cut to fit */

struct oom_kill {
	int32_t pid;
	uint32_t uid;
	uint32_t flags;		/* OOM_F_* */
	int32_t oom_score_adj;
	char comm[WK_COMM_MAX];
	char message[OOM_MESSAGE_MAX];	/* "Memory cgroup out of memory" */
	char constraint[OOM_CONSTRAINT_MAX];	/* "CONSTRAINT_MEMCG"; "" unknown */
	char oom_memcg[OOM_MEMCG_MAX];	/* the cgroup whose limit was hit */
	char task_memcg[OOM_MEMCG_MAX];	/* the victim's own memory cgroup */
	uint64_t total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb;
	uint64_t pgtables_kb;
	uint64_t seq;		/* kernel log sequence number of the kill */
	uint64_t mono_us;	/* its kernel timestamp (CLOCK_MONOTONIC) */
};

/* One /dev/kmsg record: "PRI,SEQ,TS_US,FLAGS[,...];MESSAGE\n[ KEY=V\n...]". */
struct kmsg_record {
	int level;		/* 0 (emerg) .. 7 (debug) */
	int facility;		/* 0: the kernel */
	uint64_t seq;
	uint64_t ts_us;
	char flag;		/* '-', 'c' (continuation begins) or '+' */
	const char *msg;	/* points into the buffer; not NUL-terminated */
	size_t msg_len;		/* up to the first newline */
};

/* Parse one record; 0, or -1 with EINVAL. */
int kmsg_parse_record(const char *buf, size_t len, struct kmsg_record *out);

/*
 * The "oom-kill:constraint=..." line into out (pid, uid, comm,
 * constraint, memcgs, OOM_F_CONTEXT, OOM_F_GLOBAL).  0, or -1 with EINVAL
 * when it is some other line or is cut short.
 */
int oom_parse_context(const char *msg, size_t len, struct oom_kill *out);

/*
 * The "...: Killed process N (comm) total-vm:..." line into out (pid,
 * comm, sizes, uid, oom_score_adj, message, OOM_F_VICTIM); fields it does
 * not hold are left alone.  0, or -1 with EINVAL.
 */
int oom_parse_victim(const char *msg, size_t len, struct oom_kill *out);

/*
 * The kill in progress across records.  Zero it before the first record
 * (or use kmsg_oom_init).
 */
struct kmsg_oom_state {
	struct oom_kill context;	/* the last oom-kill: line */
	int have_context;		/* and its victim has not been reported */
	int group_active;		/* a memory.oom.group kill is going on */
	uint64_t group_last_seq;	/* the record that last extended it */
	char group_memcg[OOM_MEMCG_MAX];
};

void kmsg_oom_init(struct kmsg_oom_state *s);

/*
 * Feed one record.  Returns 1 and fills out when the record completes an
 * OOM kill, 0 when it does not (any other record, or the first half).
 */
int kmsg_oom_feed(struct kmsg_oom_state *s, const struct kmsg_record *rec,
    struct oom_kill *out);

#endif
