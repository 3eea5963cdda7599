/*
 * Canned reply frames for the CLI's unit tests.
 */
#ifndef WHOKILLED_TESTS_CLI_EVENTS_H
#define WHOKILLED_TESTS_CLI_EVENTS_H

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "whokilled/wire.h"

#define UID_NOBODY	65534u		/* "nobody" on Debian */
#define UID_NONAME	4000001u	/* no passwd entry */

/* 2025-11-21 15:12:41.123456789 UTC */
#define CANNED_SEC	1763737961
#define CANNED_NSEC	123456789

static inline void canned_chain_entry(struct wk_chain_entry *e, int32_t pid,
    int32_t ppid, const char *comm, uint32_t uid, uint32_t euid, const char *args)
{
	memset(e, 0, sizeof *e);
	e->pid = pid;
	e->ppid = ppid;
	e->start_time = 1000u + (uint64_t)pid;
	e->uid = uid;
	e->euid = euid;
	e->loginuid = UID_NOBODY;
	strncpy(e->comm, comm, sizeof e->comm - 1);
	strncpy(e->args, args, sizeof e->args - 1);
}

/*
 * "kill -9 2089" by kill[1784] (root, login nobody, session 3, pts/0)
 * whose chain is bash[1700] nobody → sh[1783] nobody→root → kill[1784] root;
 * the target is sleep[2089] owned by root.  Seen by the shim.
 */
static inline void canned_event(struct wk_event *ev)
{
	static const char argv[] = "kill\0-9\0" "2089";

	memset(ev, 0, sizeof *ev);
	wk_reply_init(&ev->hdr, WK_R_EVENT, sizeof *ev);
	ev->id = 42;
	ev->sources = WK_SRC_SHIM;
	strcpy(ev->boot_id, "0f6b1a5e-8c44-4f7e-9a41-3d1c2b0a9e77");
	strcpy(ev->tty, "pts/0");

	wk_report_init(&ev->report);
	ev->report.time.sec = CANNED_SEC;
	ev->report.time.nsec = CANNED_NSEC;
	ev->report.call = WK_CALL_KILL;
	ev->report.signo = SIGKILL;
	ev->report.arg_pid = 2089;
	ev->report.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	ev->report.caller.pid = 1784;
	ev->report.caller.ppid = 1783;
	ev->report.caller.tid = 1784;
	ev->report.caller.sid = 1700;
	ev->report.caller.pgid = 1784;
	ev->report.caller.start_time = 5555;
	ev->report.caller.loginuid = UID_NOBODY;
	ev->report.caller.sessionid = 3;
	strcpy(ev->report.caller.comm, "kill");
	strcpy(ev->report.caller.exe, "/usr/bin/kill");
	ev->report.caller.argc = 3;
	ev->report.caller.argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	/* A frame as the daemon sends it: argv's used bytes only. */
	ev->hdr.size = (uint32_t)wk_event_size(ev);
	ev->report.target.pid = 2089;
	ev->report.target.ppid = 1;
	ev->report.target.start_time = 4242;
	ev->report.target.uid = 0;
	strcpy(ev->report.target.comm, "sleep");

	ev->chain_len = 3;
	canned_chain_entry(&ev->chain[0], 1700, 1699, "bash", UID_NOBODY, UID_NOBODY, "-bash");
	canned_chain_entry(&ev->chain[1], 1783, 1700, "sh", UID_NOBODY, 0, "sh -c kill -9 2089");
	canned_chain_entry(&ev->chain[2], 1784, 1783, "kill", 0, 0, "kill -9 2089");
}

/* Replaces the caller's argv with the count arguments in args. */
static inline void canned_set_argv(struct wk_event *ev, const char *const *args,
    unsigned count)
{
	struct wk_caller *c = &ev->report.caller;
	size_t used = 0;

	memset(ev->argv, 0, sizeof ev->argv);
	for (unsigned i = 0; i < count; i++) {
		size_t n = strlen(args[i]) + 1;

		memcpy(ev->argv + used, args[i], n);
		used += n;
	}
	c->argc = count;
	c->argv_len = (uint32_t)used;
	ev->hdr.size = (uint32_t)wk_event_size(ev);
}

/*
 * The sshd login of "nobody" (auid 65534, session 3) from 127.0.0.1 on
 * pts/0, ten minutes before the canned kill; its login process is the
 * chain's first entry, bash[1700].
 */
static inline void canned_session(struct wk_event *ev)
{
	struct wk_session_info *s = &ev->session;

	memset(s, 0, sizeof *s);
	s->flags = WK_SI_KNOWN | WK_SF_STAMPED;
	s->uid = UID_NOBODY;
	s->loginuid = UID_NOBODY;
	s->sessionid = 3;
	s->pid = 1700;
	s->start_time = 1000u + 1700u;
	s->opened.sec = CANNED_SEC - 600;
	s->opened.nsec = 5000;
	strcpy(s->user, "nobody");
	strcpy(s->service, "sshd");
	strcpy(s->tty, "/dev/pts/0");
	strcpy(s->rhost, "127.0.0.1");
	ev->sources |= WK_SRC_PAM;
}

/*
 * Three failed logins for postgres via su, two minutes apart in all, by
 * psql[4242] of "nobody" whose chain is cron[900] root → sh[4240] nobody
 * → psql[4242] nobody; the newest at the canned time.
 */
static inline void canned_failed(struct wk_authfail_event *ev)
{
	static const char argv[] = "psql\0-U\0postgres\0-h\0db1";
	struct wk_caller *c = &ev->report.caller;

	memset(ev, 0, sizeof *ev);
	wk_reply_init(&ev->hdr, WK_R_AUTHFAIL, sizeof *ev);
	ev->id = 7;
	ev->count = 3;
	strcpy(ev->boot_id, "0f6b1a5e-8c44-4f7e-9a41-3d1c2b0a9e77");
	ev->first.sec = CANNED_SEC - 120;
	ev->last.sec = CANNED_SEC;
	ev->last.nsec = CANNED_NSEC;
	wk_authfail_init(&ev->report);
	ev->report.time = ev->last;
	strcpy(ev->report.user, "postgres");
	strcpy(ev->report.service, "su");
	c->pid = 4242;
	c->ppid = 4240;
	c->tid = 4242;
	c->start_time = 6666;
	c->uid = c->euid = c->suid = UID_NOBODY;
	c->gid = c->egid = c->sgid = UID_NOBODY;
	strcpy(c->comm, "psql");
	strcpy(c->exe, "/usr/bin/psql");
	c->argc = 5;
	c->argv_len = sizeof argv;
	memcpy(ev->argv, argv, sizeof argv);
	ev->hdr.size = (uint32_t)wk_authfail_event_size(ev);
	ev->chain_len = 3;
	canned_chain_entry(&ev->chain[0], 900, 1, "cron", 0, 0, "/usr/sbin/cron");
	canned_chain_entry(&ev->chain[1], 4240, 900, "sh", UID_NOBODY, UID_NOBODY,
	    "sh -c psql");
	canned_chain_entry(&ev->chain[2], 4242, 4240, "psql", UID_NOBODY, UID_NOBODY,
	    "psql -U postgres -h db1");
}

static inline void canned_end(struct wk_end *end, uint32_t count,
    uint32_t other_processes, const char *message)
{
	memset(end, 0, sizeof *end);
	wk_reply_init(&end->hdr, WK_R_END, sizeof *end);
	end->count = count;
	end->other_processes = other_processes;
	strncpy(end->message, message, sizeof end->message - 1);
}

#endif
