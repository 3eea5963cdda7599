/*
 * Reading who asked systemd from /proc: the same fields a shim report of
 * a killer carries, read by the daemon because the asker sent no report.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/base/file_read.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_chain.h"
#include "daemon/procs/procinfo.h"
#include "sysd_caller.h"

#define SCAN_MAX	4096

/* The Uid: and Gid: lines of /proc/PID/status; 0 or -1. */
static int
read_ids(int dirfd, struct wk_caller *c)
{
	char buf[4096];
	const char *u, *g;

	if (file_read_at(dirfd, "status", buf, sizeof buf) < 0)
		return -1;
	u = strstr(buf, "\nUid:");
	g = strstr(buf, "\nGid:");
	if (u == NULL || g == NULL ||
	    sscanf(u, "\nUid: %u %u %u", &c->uid, &c->euid, &c->suid) != 3 ||
	    sscanf(g, "\nGid: %u %u %u", &c->gid, &c->egid, &c->sgid) != 3) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * The command line into ev->argv, its end cut to fit (flagged by the
 * caller): systemctl's are short; argc counts only what was kept then.
 */
static void
read_argv(int dirfd, struct wk_event *ev, int *cut)
{
	struct wk_caller *c = &ev->report.caller;
	ssize_t n = file_read_at(dirfd, "cmdline", ev->argv, sizeof ev->argv);
	size_t len, i;

	c->argc = 0;
	c->argv_len = 0;
	*cut = 0;
	if (n <= 0)
		return;
	len = (size_t)n;
	if (len == sizeof ev->argv - 1) {
		/* Full: whole arguments only, cut after the last NUL. */
		while (len > 0 && ev->argv[len - 1] != '\0')
			len--;
		*cut = 1;
	} else if (ev->argv[len - 1] != '\0') {
		len++;		/* the last argument, unterminated: the NUL
				 * file_read_at wrote after it ends it */
	}
	for (i = 0; i < len; i++)
		if (ev->argv[i] == '\0')
			c->argc++;
	c->argv_len = (uint32_t)len;
}

int
sysd_caller_read(struct ingest *in, int32_t pid, struct wk_event *out)
{
	struct wk_caller *c = &out->report.caller;
	struct procinfo_stat st;
	int32_t ppid;
	unsigned n;
	ssize_t len;
	int dirfd, cut, saved;

	memset(out, 0, sizeof *out);
	dirfd = procinfo_open_dir(pid);
	if (dirfd == -1)
		return -1;
	if (procinfo_read_stat_at(dirfd, &st) == -1 || read_ids(dirfd, c) == -1) {
		saved = errno;
		close(dirfd);
		errno = saved;
		return -1;
	}
	/* A zombie has no command line nor executable left: as good as
	 * gone (what was read of it earlier is better). */
	if (st.state == 'Z') {
		close(dirfd);
		errno = ESRCH;
		return -1;
	}
	c->pid = pid;
	c->tid = pid;
	c->ppid = st.ppid;
	c->sid = st.session;
	c->pgid = st.pgrp;
	c->tty_nr = st.tty_nr;
	c->start_time = st.start_time;
	c->loginuid = procinfo_read_id_at(dirfd, "loginuid");
	c->sessionid = procinfo_read_id_at(dirfd, "sessionid");
	memcpy(c->comm, st.comm, sizeof c->comm);
	c->comm[sizeof c->comm - 1] = '\0';
	len = readlinkat(dirfd, "exe", c->exe, sizeof c->exe - 1);
	c->exe[len > 0 ? len : 0] = '\0';
	read_argv(dirfd, out, &cut);
	close(dirfd);
	/* A process on its way out has no command line left (nor has a
	 * kernel thread, which asks nothing of systemd). */
	if (c->argv_len == 0) {
		memset(out, 0, sizeof *out);
		errno = ESRCH;
		return -1;
	}
	if (cut)
		out->report.flags |= WK_F_ARGV_TRUNCATED;
	out->report.flags |= WK_F_CALLER_STAT_READ;
	procinfo_tty_name(c->tty_nr, out->tty, sizeof out->tty);
	memcpy(out->boot_id, in->boot_id, sizeof out->boot_id);
	ppid = c->ppid;
	n = ingest_chain(in, pid, c->start_time, &ppid, out->chain,
	    WK_CHAIN_MAX - 1);
	ingest_caller_entry(c, out->argv, ppid, c->start_time, &out->chain[n]);
	out->chain_len = n + 1;
	return 0;
}

/* The verbs of systemctl that end processes, and what they are. */
static uint32_t
systemctl_verb(const char *word)
{
	static const struct {
		const char *word;
		uint32_t verb;
	} verbs[] = {
		{ "stop", WK_VERB_STOP }, { "restart", WK_VERB_RESTART },
		{ "try-restart", WK_VERB_RESTART },
		{ "reload-or-restart", WK_VERB_RESTART },
		{ "try-reload-or-restart", WK_VERB_RESTART },
		{ "condrestart", WK_VERB_RESTART },
		{ "force-reload", WK_VERB_RESTART },
		{ "kill", WK_VERB_KILL },
	};
	size_t i;

	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(word, verbs[i].word) == 0)
			return verbs[i].verb;
	return 0;
}

/* Options of systemctl that take the next word as their value. */
static int
takes_value(const char *opt)
{
	static const char *const opts[] = {
		"-s", "--signal", "-t", "--type", "-p", "--property", "-H",
		"--host", "-M", "--machine", "--kill-whom", "--kill-value",
		"--job-mode", "-n", "--lines", "-o", "--output", "--root",
		"--state", "--what", "--timestamp", "--message", "--boot-loader-menu",
		"--boot-loader-entry", "--reboot-argument", "--drop-in", "--when",
	};
	size_t i;

	for (i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strcmp(opt, opts[i]) == 0)
			return 1;
	return 0;
}

int
sysd_systemctl_request(const char *argv, size_t len, uint32_t *verb,
    char *unit, size_t size)
{
	const char *p = argv, *end = argv + len;
	int skip = 0, first = 1;

	*verb = 0;
	while (p < end) {
		const char *w = p;
		size_t wl = strnlen(w, (size_t)(end - w));

		p = w + wl + 1;
		if (first) {		/* argv[0] */
			first = 0;
			continue;
		}
		if (skip) {
			skip = 0;
			continue;
		}
		if (w[0] == '-') {
			skip = strchr(w, '=') == NULL && takes_value(w);
			continue;
		}
		if (*verb == 0) {
			*verb = systemctl_verb(w);
			if (*verb == 0)
				return 0;
			continue;
		}
		/* The first unit: systemctl adds .service to a bare name. */
		snprintf(unit, size, "%.*s%s", (int)wl, w,
		    strchr(w, '.') != NULL && w[wl - 1] != '.' ? "" : ".service");
		return 1;
	}
	return 0;
}

unsigned
sysd_systemctl_scan(sysd_systemctl_cb cb, void *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	unsigned seen = 0, found = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && seen++ < SCAN_MAX) {
		char path[64], comm[32], argv[WK_ARGV_MAX], unit[WK_UNIT_MAX];
		char *endp;
		long pid = strtol(e->d_name, &endp, 10);
		ssize_t n;
		uint32_t verb;

		if (*endp != '\0' || pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/comm", pid);
		if (file_read_at(AT_FDCWD, path, comm, sizeof comm) <= 0 ||
		    strcmp(comm, "systemctl\n") != 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
		n = file_read_at(AT_FDCWD, path, argv, sizeof argv);
		if (n <= 0 || !sysd_systemctl_request(argv, (size_t)n, &verb,
		    unit, sizeof unit))
			continue;
		cb((int32_t)pid, verb, unit, arg);
		found++;
	}
	closedir(d);
	return found;
}
