/*
 * Filling struct wk_caller from system calls and /proc readings.
 */
#include <string.h>
#include <unistd.h>

#include "caller_ids.h"

void
wk_caller_fill_ids(struct wk_caller *c)
{
	uid_t uid, euid, suid;
	gid_t gid, egid, sgid;

	c->pid = (int32_t)getpid();
	c->ppid = (int32_t)getppid();
	c->tid = (int32_t)gettid();
	c->sid = (int32_t)getsid(0);
	c->pgid = (int32_t)getpgid(0);
	if (getresuid(&uid, &euid, &suid) == 0) {
		c->uid = uid;
		c->euid = euid;
		c->suid = suid;
	}
	if (getresgid(&gid, &egid, &sgid) == 0) {
		c->gid = gid;
		c->egid = egid;
		c->sgid = sgid;
	}
}

void
wk_caller_fill_proc(struct wk_caller *c, const struct wk_procstat *st,
    uint32_t loginuid, uint32_t sessionid)
{
	c->loginuid = loginuid;
	c->sessionid = sessionid;
	if (st == NULL)
		return;
	c->tty_nr = st->tty_nr;
	c->start_time = st->start_time;
	memcpy(c->comm, st->comm, sizeof c->comm);
}
