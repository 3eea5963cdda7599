/*
 * Shared by the daemon's kernel-audit tests: audit log text written the
 * way auditd writes it (SYSCALL, OBJ_PID, EXECVE, PROCTITLE), for events
 * the test describes, and a store walk that collects what is stored.
 */
#ifndef WHOKILLED_TESTS_KERNEL_TESTLOG_H
#define WHOKILLED_TESTS_KERNEL_TESTLOG_H

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"

#define TEST_ARGV_MAX	8

/* One kill(2) as the kernel would record it. */
struct test_kill {
	int64_t sec;
	unsigned msec;
	uint64_t serial;
	int syscall;		/* 62: kill; 0 means 62 */
	int32_t pid, ppid;
	uint32_t uid, auid, ses;
	int32_t a0;		/* the pid argument */
	int sig;
	int error;		/* 0: success; else the errno it failed with */
	int32_t opid;		/* the process reached, 0: none (no OBJ_PID) */
	uint32_t ouid;
	const char *ocomm;
	const char *comm, *exe;
	const char *argv[TEST_ARGV_MAX];	/* NULL-terminated: PROCTITLE */
};

/* A growing text buffer. */
struct test_text {
	char *buf;
	size_t len, cap;
};

static inline void __attribute__((format(printf, 2, 3)))
test_text_add(struct test_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		ck_assert_int_ge(n, 0);
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 256;
		t->buf = realloc(t->buf, t->cap);
		ck_assert_ptr_nonnull(t->buf);
	}
	t->len += (size_t)n;
}

/* Hex of the arguments joined by NULs, as PROCTITLE writes them. */
static inline void
test_text_proctitle(struct test_text *t, const char *const *argv)
{
	for (size_t i = 0; i < TEST_ARGV_MAX && argv[i] != NULL; i++) {
		if (i > 0)
			test_text_add(t, "00");
		for (const char *p = argv[i]; *p != '\0'; p++)
			test_text_add(t, "%02X", (unsigned char)*p);
	}
}

/* The records of k, appended to t. */
static inline void
test_kill_records(struct test_text *t, const struct test_kill *k)
{
	char stamp[64];

	snprintf(stamp, sizeof stamp, "audit(%" PRId64 ".%03u:%" PRIu64 ")",
	    k->sec, k->msec, k->serial);
	test_text_add(t, "type=SYSCALL msg=%s: arch=c000003e syscall=%d "
	    "success=%s exit=%d a0=%x a1=%x a2=0 a3=0 items=0 ppid=%d pid=%d "
	    "auid=%u uid=%u gid=%u euid=%u suid=%u fsuid=%u egid=%u sgid=%u "
	    "fsgid=%u tty=pts0 ses=%u comm=\"%s\" exe=\"%s\" key=\"whokilled\"\n",
	    stamp, k->syscall ? k->syscall : 62, k->error ? "no" : "yes",
	    -k->error, (unsigned)k->a0, (unsigned)k->sig, (int)k->ppid,
	    (int)k->pid, k->auid, k->uid, k->uid, k->uid, k->uid, k->uid,
	    k->uid, k->uid, k->uid, k->ses, k->comm ? k->comm : "kill",
	    k->exe ? k->exe : "/usr/bin/kill");
	if (k->opid != 0)
		test_text_add(t, "type=OBJ_PID msg=%s: opid=%d oauid=-1 ouid=%u "
		    "oses=-1 ocomm=\"%s\"\n", stamp, (int)k->opid, k->ouid,
		    k->ocomm ? k->ocomm : "sleep");
	if (k->argv[0] != NULL) {
		test_text_add(t, "type=PROCTITLE msg=%s: proctitle=", stamp);
		test_text_proctitle(t, k->argv);
		test_text_add(t, "\n");
	}
}

/* A successful execve by pid (child of ppid) of exe with argv. */
static inline void
test_exec_records(struct test_text *t, int64_t sec, unsigned msec,
    uint64_t serial, int32_t pid, int32_t ppid, uint32_t auid,
    const char *comm, const char *exe, const char *const *argv)
{
	char stamp[64];
	size_t argc = 0;

	snprintf(stamp, sizeof stamp, "audit(%" PRId64 ".%03u:%" PRIu64 ")",
	    sec, msec, serial);
	while (argc < TEST_ARGV_MAX && argv[argc] != NULL)
		argc++;
	test_text_add(t, "type=SYSCALL msg=%s: arch=c000003e syscall=59 "
	    "success=yes exit=0 a0=1 a1=2 a2=3 a3=8 items=2 ppid=%d pid=%d "
	    "auid=%u uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
	    "tty=pts0 ses=3 comm=\"%s\" exe=\"%s\" key=\"whokilled-exec\"\n",
	    stamp, (int)ppid, (int)pid, auid, comm, exe);
	test_text_add(t, "type=EXECVE msg=%s: argc=%zu", stamp, argc);
	for (size_t i = 0; i < argc; i++) {
		const char *one[2] = { argv[i], NULL };

		/* Hex, as the kernel writes an argument with a space. */
		test_text_add(t, " a%zu=", i);
		test_text_proctitle(t, one);
	}
	test_text_add(t, "\ntype=PROCTITLE msg=%s: proctitle=", stamp);
	test_text_proctitle(t, argv);
	test_text_add(t, "\n");
}

/* Events the store holds, collected by a walk. */
#define TEST_SEEN_MAX	16
struct test_seen {
	int n;
	struct wk_event ev[TEST_SEEN_MAX];
};

static inline int
test_collect(const struct wk_event *ev, void *arg)
{
	struct test_seen *s = arg;

	if (s->n < TEST_SEEN_MAX)
		s->ev[s->n] = *ev;
	s->n++;
	return 0;
}

/* Every stored event whose target is pid, newest first; returns how many. */
static inline int
test_events_of(struct store *st, int32_t pid, struct test_seen *s)
{
	struct store_pid_query q;

	memset(&q, 0, sizeof q);
	memset(s, 0, sizeof *s);
	q.pid = pid;
	q.all_processes = 1;
	ck_assert_int_ne(store_find_by_pid(st, &q, test_collect, s, NULL), -1);
	return s->n;
}

#endif
