/*
 * Writes one history of kills twice: as auditd logs it (a SYSCALL, OBJ_PID
 * and PROCTITLE record per kill, in the ENRICHED format of Debian's
 * auditd.conf, among other audit events) and as whokilledd stores it
 * (through the daemon's store API), so that whokilled and ausearch can be
 * timed answering the same question.
 *
 *   gen_audit_log [-n EVENTS] [-l LOG] [-d DB] [-q PIDFILE] [-k QUERIES]
 *                 [-p PID_MAX] [-s SEED] [-x NOISE] [-b BATCH]
 *
 * -n  kill events (default 1000000)
 * -l  audit log to write (must not exist); none when absent
 * -d  store to write (must not exist); none when absent
 * -q  file for about QUERIES target pids (-k, default 1000) drawn at random
 *     from the events: the pids a benchmark asks about
 * -p  pid_max of the simulated machine (default: this machine's)
 * -x  other audit events (logins, cron sessions) per 100 kills (default 25)
 * -b  rows per store commit (default 256, the daemon's batch)
 *
 * The history: kills about 3 s apart on average, ending now; between two
 * kills the machine forks about 30 processes, so pids wrap at pid_max and
 * are reused as the kernel reuses them.  60% of kills hit a short-lived
 * job started seconds before (by kill, a shell's builtin, timeout or
 * pkill, from a user's ssh session, often through su), 25% one of 48
 * long-lived services (SIGHUP mostly, from systemd or an administrator; a
 * service killed restarts with a new pid), 15% a pid that no longer exists
 * (ESRCH: no OBJ_PID record, the shim could not read a target).
 *
 * Prints one "gen key=value ..." line: counts, sizes and the time spent
 * writing the store (insert_per_s).  Exits 0, 1 on failure, 2 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/store/store.h"
#include "timing.h"

#define FIRST_PID	300		/* the kernel wraps pids to 300 */
#define GAP_MEAN_S	3.0		/* between two kills */
#define FORKS_MEAN	30		/* processes started between two kills */
#define NUSERS		8
#define NSERVICES	48
#define HZ		100		/* USER_HZ: start times are in ticks */
#define SESSION_EVENTS	5000		/* kills before a user logs in anew */
#define UNSET		0xffffffffu

struct user {
	const char *name;
	uint32_t uid;
	uint32_t ses;			/* audit session of the current login */
	int32_t sshd_pid, shell_pid, su_pid, root_shell_pid;
	uint64_t sshd_start, shell_start, su_start, root_shell_start;
	unsigned pts;
	const char *rhost;
};

struct service {
	const char *comm;
	const char *exe;
	uint32_t uid;
	int32_t pid;
	uint64_t start;
};

/* One process as both outputs see it. */
struct proc {
	int32_t pid, ppid;
	uint64_t start;
	uint32_t uid, euid, gid, auid, ses;
	const char *comm, *exe;
	char argv[WK_ARGV_MAX];		/* NUL-separated */
	size_t argv_len;
	unsigned argc;
	const char *tty;		/* "pts/0" or "" */
	uint32_t tty_nr;
};

struct sim {
	uint64_t rng;
	int32_t pid_max, next_pid;
	double now;			/* epoch seconds */
	double boot;			/* when the simulated machine booted */
	uint64_t serial;
	unsigned next_ses;
	struct user users[NUSERS];
	struct service services[NSERVICES];
	char boot_id[WK_BOOT_ID_MAX];
};

/* One kill, filled by make_kill, written by the two writers. */
struct kill {
	struct proc killer;
	struct proc chain[4];		/* ancestors, outermost first */
	unsigned chain_len;
	int32_t target_pid, target_ppid;
	uint64_t target_start;
	uint32_t target_uid, target_auid, target_ses;
	const char *target_comm;
	int signo;
	int exists;			/* 0: ESRCH, nothing read */
};

static const char *const user_names[NUSERS] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
};

static const char *const job_comms[] = {
	"sleep", "python3", "make", "cc1", "node", "java", "rsync", "curl",
	"bash", "tar", "ffmpeg", "perl",
};

static const struct { const char *comm, *exe; uint32_t uid; } service_kinds[] = {
	{ "nginx", "/usr/sbin/nginx", 0 },
	{ "postgres", "/usr/lib/postgresql/15/bin/postgres", 110 },
	{ "rsyslogd", "/usr/sbin/rsyslogd", 0 },
	{ "cron", "/usr/sbin/cron", 0 },
	{ "sshd", "/usr/sbin/sshd", 0 },
	{ "gunicorn", "/usr/bin/python3", 33 },
	{ "redis-server", "/usr/bin/redis-server", 111 },
	{ "dockerd", "/usr/bin/dockerd", 0 },
};

static double
uniform(struct sim *s)
{
	return (double)(timing_rand(&s->rng) >> 11) / 9007199254740992.0;
}

static unsigned
pick(struct sim *s, unsigned n)
{
	return (unsigned)(timing_rand(&s->rng) % n);
}

static uint64_t
ticks(const struct sim *s, double t)
{
	return (uint64_t)((t - s->boot) * HZ);
}

static int32_t
alloc_pid(struct sim *s)
{
	int32_t pid = s->next_pid++;

	if (s->next_pid >= s->pid_max)
		s->next_pid = FIRST_PID;
	return pid;
}

/* A pid handed out shortly before the last one: a recent process. */
static int32_t
recent_pid(struct sim *s, unsigned back)
{
	int32_t pid = s->next_pid - 1 - (int32_t)back;

	while (pid < FIRST_PID)
		pid += s->pid_max - FIRST_PID;
	return pid;
}

static void set_argv(struct proc *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* argv from a space-separated format: each space becomes a NUL. */
static void
set_argv(struct proc *p, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t i;

	va_start(ap, fmt);
	n = vsnprintf(p->argv, sizeof p->argv, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof p->argv)
		n = sizeof p->argv - 1;
	p->argc = 1;
	for (i = 0; i < (size_t)n; i++) {
		if (p->argv[i] == ' ') {
			p->argv[i] = '\0';
			p->argc++;
		}
	}
	p->argv_len = (size_t)n + 1;
}

static void
user_login(struct sim *s, struct user *u)
{
	u->ses = s->next_ses++;
	u->sshd_pid = alloc_pid(s);
	u->sshd_start = ticks(s, s->now);
	u->shell_pid = alloc_pid(s);
	u->shell_start = u->sshd_start + 20;
	u->su_pid = alloc_pid(s);
	u->su_start = u->shell_start + 500;
	u->root_shell_pid = alloc_pid(s);
	u->root_shell_start = u->su_start + 200;
	u->pts = pick(s, 12);
}

static void
sim_init(struct sim *s, uint64_t seed, int32_t pid_max,
    double end, unsigned long events)
{
	static const char *const hosts[] = { "10.1.2.3", "10.1.2.17",
	    "192.168.7.40", "10.20.0.5" };
	unsigned i;

	memset(s, 0, sizeof *s);
	s->rng = seed != 0 ? seed : 0x9e3779b97f4a7c15ull;
	s->pid_max = pid_max;
	s->next_pid = FIRST_PID + 1000;
	s->now = end - (double)events * GAP_MEAN_S;
	s->boot = s->now - 86400;
	s->serial = 1000;
	s->next_ses = 1;
	for (i = 0; i < NSERVICES; i++) {
		s->services[i].comm = service_kinds[i % 8].comm;
		s->services[i].exe = service_kinds[i % 8].exe;
		s->services[i].uid = service_kinds[i % 8].uid;
		s->services[i].pid = alloc_pid(s);
		s->services[i].start = ticks(s, s->boot + 5 + i);
	}
	for (i = 0; i < NUSERS; i++) {
		s->users[i].name = user_names[i];
		s->users[i].uid = 1001 + i;
		s->users[i].rhost = hosts[i % 4];
		user_login(s, &s->users[i]);
	}
}

static void
proc_init(struct proc *p, int32_t pid, int32_t ppid,
    uint64_t start, uint32_t uid, uint32_t auid, uint32_t ses,
    const char *comm, const char *exe)
{
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->ppid = ppid;
	p->start = start;
	p->uid = p->euid = p->gid = uid;
	p->auid = auid;
	p->ses = ses;
	p->comm = comm;
	p->exe = exe;
	p->tty = "";
}

/* The user's login chain: sshd, shell, and when as_root su and a root shell. */
static unsigned
user_chain(const struct user *u, int as_root, struct proc *c)
{
	proc_init(&c[0], u->sshd_pid, 1, u->sshd_start, u->uid, u->uid,
	    u->ses, "sshd", "/usr/sbin/sshd");
	set_argv(&c[0], "sshd: %s@pts/%u", u->name, u->pts);
	proc_init(&c[1], u->shell_pid, u->sshd_pid, u->shell_start, u->uid,
	    u->uid, u->ses, "bash", "/usr/bin/bash");
	set_argv(&c[1], "-bash");
	if (!as_root)
		return 2;
	proc_init(&c[2], u->su_pid, u->shell_pid, u->su_start, u->uid, u->uid,
	    u->ses, "su", "/usr/bin/su");
	c[2].euid = 0;
	set_argv(&c[2], "su -");
	proc_init(&c[3], u->root_shell_pid, u->su_pid, u->root_shell_start, 0,
	    u->uid, u->ses, "bash", "/usr/bin/bash");
	set_argv(&c[3], "-bash");
	return 4;
}

static void
set_tty(struct proc *p, const struct user *u)
{
	static char names[16][16];
	unsigned i = u->pts % 16;

	snprintf(names[i], sizeof names[i], "pts/%u", u->pts);
	p->tty = names[i];
	p->tty_nr = (136u << 8) | u->pts;
}

/* A person kills: kill(1), a shell builtin, timeout or pkill. */
static void
person_kills(struct sim *s, struct kill *k, int allow_timeout)
{
	struct user *u = &s->users[pick(s, NUSERS)];
	int as_root = uniform(s) < 0.4, how = (int)pick(s, 10);
	uint32_t uid = as_root ? 0 : u->uid;
	struct proc *parent;

	k->chain_len = user_chain(u, as_root, k->chain);
	parent = &k->chain[k->chain_len - 1];
	if (how < 3) {
		/* The shell's own kill builtin: the killer is the shell. */
		k->killer = *parent;
		k->chain_len--;
	} else if (how < 8 || !allow_timeout) {
		proc_init(&k->killer, alloc_pid(s), parent->pid,
		    ticks(s, s->now), uid, u->uid, u->ses, "kill",
		    "/usr/bin/kill");
		set_argv(&k->killer, "kill -%d %d", k->signo, k->target_pid);
		if (how == 7) {
			k->killer.comm = "pkill";
			k->killer.exe = "/usr/bin/pkill";
			set_argv(&k->killer, "pkill -%d -f %s", k->signo,
			    k->target_comm);
		}
	} else {
		proc_init(&k->killer, recent_pid(s, 1 + pick(s, 8)),
		    parent->pid, ticks(s, s->now - 60 * uniform(s)), uid,
		    u->uid, u->ses, "timeout", "/usr/bin/timeout");
		set_argv(&k->killer, "timeout 60 ./run-job.sh");
	}
	set_tty(&k->killer, u);
	k->target_auid = u->uid;
	k->target_ses = u->ses;
	k->target_uid = uid;
}

static void
systemd_kills(struct kill *k)
{
	proc_init(&k->killer, 1, 0, 1, 0, UNSET, UNSET, "systemd",
	    "/usr/lib/systemd/systemd");
	set_argv(&k->killer, "/sbin/init");
	k->chain_len = 0;
}

/* Pick a signal from weights over sigs (n of them). */
static int
pick_signal(struct sim *s, const int *sigs, const int *weights,
    unsigned n)
{
	int total = 0, r;
	unsigned i;

	for (i = 0; i < n; i++)
		total += weights[i];
	r = (int)pick(s, (unsigned)total);
	for (i = 0; i < n; i++) {
		if (r < weights[i])
			return sigs[i];
		r -= weights[i];
	}
	return sigs[0];
}

/* Advance the simulated machine and describe the next kill. */
static void
make_kill(struct sim *s, struct kill *k, unsigned long index)
{
	static const int job_sigs[] = { SIGTERM, SIGKILL, SIGINT, SIGUSR1 };
	static const int job_w[] = { 50, 30, 15, 5 };
	static const int svc_sigs[] = { SIGHUP, SIGTERM, SIGKILL };
	static const int svc_w[] = { 50, 40, 10 };
	double r = uniform(s);
	unsigned forks, i;
	struct service *svc;

	s->now += -log(1 - uniform(s)) * GAP_MEAN_S;
	forks = 1 + (unsigned)(-log(1 - uniform(s)) * (FORKS_MEAN - 1));
	for (i = 0; i < forks; i++)
		alloc_pid(s);
	if (index % SESSION_EVENTS == 0)
		user_login(s, &s->users[pick(s, NUSERS)]);
	memset(k, 0, sizeof *k);
	k->exists = 1;
	if (r < 0.60) {
		k->target_pid = recent_pid(s, pick(s, 64));
		k->target_start = ticks(s, s->now - 60 * uniform(s));
		k->target_comm = job_comms[pick(s, sizeof job_comms /
		    sizeof job_comms[0])];
		k->signo = pick_signal(s, job_sigs, job_w, 4);
		person_kills(s, k, 1);
		k->target_ppid = k->killer.ppid;
	} else if (r < 0.85) {
		svc = &s->services[pick(s, NSERVICES)];
		k->target_pid = svc->pid;
		k->target_start = svc->start;
		k->target_comm = svc->comm;
		k->target_ppid = 1;
		k->signo = pick_signal(s, svc_sigs, svc_w, 3);
		if (uniform(s) < 0.5)
			systemd_kills(k);
		else
			person_kills(s, k, 0);
		k->target_uid = svc->uid;
		k->target_auid = UNSET;
		k->target_ses = UNSET;
		if (k->signo != SIGHUP) {
			svc->pid = alloc_pid(s);
			svc->start = ticks(s, s->now + 1);
		}
	} else {
		k->exists = 0;
		k->target_pid = FIRST_PID + (int32_t)pick(s,
		    (unsigned)(s->pid_max - FIRST_PID));
		k->target_comm = "";
		k->signo = SIGTERM;
		person_kills(s, k, 0);
	}
}

/* ---------------------------------------------------------------- audit */

static const char *
user_name(const struct sim *s, uint32_t uid)
{
	static char buf[16];

	if (uid == 0)
		return "root";
	if (uid == UNSET)
		return "unset";
	if (uid >= 1001 && uid < 1001 + NUSERS)
		return s->users[uid - 1001].name;
	if (uid == 33)
		return "www-data";
	if (uid == 110)
		return "postgres";
	if (uid == 111)
		return "redis";
	snprintf(buf, sizeof buf, "%u", uid);
	return buf;
}

/* An audit field value: "quoted" when plain, else hex like the kernel's. */
static void
put_untrusted(FILE *fp, const char *v, size_t len)
{
	size_t i;
	int plain = 1;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '"' || c < 0x21 || c > 0x7e)
			plain = 0;
	}
	if (plain) {
		fputc('"', fp);
		fwrite(v, 1, len, fp);
		fputc('"', fp);
		return;
	}
	for (i = 0; i < len; i++)
		fprintf(fp, "%02X", (unsigned char)v[i]);
}

static void
stamp(FILE *fp, const struct sim *s, const char *type)
{
	long long sec = (long long)s->now;
	int ms = (int)((s->now - (double)sec) * 1000);

	fprintf(fp, "type=%s msg=audit(%lld.%03d:%llu): ", type, sec, ms,
	    (unsigned long long)s->serial);
}

/* The SYSCALL, OBJ_PID and PROCTITLE records of one kill; lines written. */
static unsigned
write_audit_kill(FILE *fp, const struct sim *s,
    const struct kill *k)
{
	const struct proc *p = &k->killer;
	const char *uname = user_name(s, p->uid);
	char tty[16];

	if (p->tty[0] != '\0')
		snprintf(tty, sizeof tty, "pts%s", p->tty + 4);
	else
		snprintf(tty, sizeof tty, "(none)");
	stamp(fp, s, "SYSCALL");
	fprintf(fp, "arch=c000003e syscall=62 success=%s exit=%d a0=%x a1=%x"
	    " a2=0 a3=0 items=0 ppid=%d pid=%d auid=%u uid=%u gid=%u euid=%u"
	    " suid=%u fsuid=%u egid=%u sgid=%u fsgid=%u tty=%s ses=%u"
	    " comm=", k->exists ? "yes" : "no", k->exists ? 0 : -ESRCH,
	    (unsigned)k->target_pid, (unsigned)k->signo, p->ppid, p->pid,
	    p->auid, p->uid, p->gid, p->euid, p->uid, p->euid, p->gid, p->gid,
	    p->gid, tty, p->ses);
	put_untrusted(fp, p->comm, strlen(p->comm));
	fputs(" exe=", fp);
	put_untrusted(fp, p->exe, strlen(p->exe));
	fprintf(fp, " key=\"whokilled\"\x1d" "ARCH=x86_64"
	    " SYSCALL=kill AUID=\"%s\"", user_name(s, p->auid));
	fprintf(fp, " UID=\"%s\" GID=\"%s\" EUID=\"%s\" SUID=\"%s\""
	    " FSUID=\"%s\" EGID=\"%s\" SGID=\"%s\" FSGID=\"%s\"\n", uname,
	    uname, user_name(s, p->euid), uname, user_name(s, p->euid), uname,
	    uname, uname);
	if (k->exists) {
		stamp(fp, s, "OBJ_PID");
		fprintf(fp, "opid=%d oauid=%d ouid=%u oses=%d"
		    " ocomm=", k->target_pid, (int)k->target_auid,
		    k->target_uid, (int)k->target_ses);
		put_untrusted(fp, k->target_comm, strlen(k->target_comm));
		fprintf(fp, "\x1dOAUID=\"%s\" OUID=\"%s\"\n",
		    user_name(s, k->target_auid), user_name(s, k->target_uid));
	}
	stamp(fp, s, "PROCTITLE");
	fputs("proctitle=", fp);
	put_untrusted(fp, p->argv, p->argv_len - 1);
	fputc('\n', fp);
	return k->exists ? 3 : 2;
}

/* One audit event of the sort that fills a log between kills: PAM, cron. */
static void
write_audit_noise(FILE *fp, struct sim *s)
{
	static const char *const types[] = { "USER_ACCT", "CRED_ACQ",
	    "USER_START", "CRED_DISP", "USER_END" };
	static const char *const ops[] = { "PAM:accounting",
	    "PAM:setcred", "PAM:session_open", "PAM:setcred",
	    "PAM:session_close" };
	unsigned i = pick(s, 5);
	int32_t pid = recent_pid(s, pick(s, 16));
	int cron = pick(s, 4) != 0;
	const struct user *u = &s->users[pick(s, NUSERS)];

	s->serial++;
	stamp(fp, s, types[i]);
	if (cron)
		fprintf(fp, "pid=%d uid=0 auid=4294967295 ses=4294967295"
		    " msg='op=%s grantors=pam_permit,"
		    "pam_unix acct=\"root\" exe=\"/usr/sbin/cron\" hostname=?"
		    " addr=? terminal=cron res=success'\x1dUID=\"root\""
		    " AUID=\"unset\"\n", pid, ops[i]);
	else
		fprintf(fp, "pid=%d uid=0 auid=%u ses=%u"
		    " msg='op=%s grantors=pam_env,pam_unix acct=\"%s\""
		    " exe=\"/usr/sbin/sshd\" hostname=%s addr=%s terminal=ssh"
		    " res=success'\x1dUID=\"root\" AUID=\"%s\"\n", pid, u->uid,
		    u->ses, ops[i], u->name, u->rhost, u->rhost, u->name);
}

/* ---------------------------------------------------------------- store */

static void
chain_entry(struct wk_chain_entry *e, const struct proc *p)
{
	size_t i, n;

	memset(e, 0, sizeof *e);
	e->pid = p->pid;
	e->ppid = p->ppid;
	e->start_time = p->start;
	e->uid = p->uid;
	e->euid = p->euid;
	e->loginuid = p->auid;
	snprintf(e->comm, sizeof e->comm, "%s", p->comm);
	n = p->argv_len - 1 < sizeof e->args - 1 ? p->argv_len - 1 :
	    sizeof e->args - 1;
	for (i = 0; i < n; i++)
		e->args[i] = p->argv[i] == '\0' ? ' ' : p->argv[i];
}

/* The attribution whokilledd would store for this kill. */
static void
make_event(const struct sim *s, const struct kill *k,
    struct wk_event *ev)
{
	struct wk_kill_report *r = &ev->report;
	const struct proc *p = &k->killer;
	unsigned i;

	memset(ev, 0, sizeof *ev);
	wk_report_init(r);
	ev->sources = WK_SRC_SHIM | WK_SRC_KERNEL;
	memcpy(ev->boot_id, s->boot_id, sizeof ev->boot_id);
	snprintf(ev->tty, sizeof ev->tty, "%s", p->tty);
	r->time.sec = (int64_t)s->now;
	r->time.nsec = (int64_t)((s->now - (double)r->time.sec) * 1e9);
	r->call = WK_CALL_KILL;
	r->signo = k->signo;
	r->arg_pid = k->target_pid;
	r->result = k->exists ? 0 : -1;
	r->error = k->exists ? 0 : ESRCH;
	r->flags = WK_F_CALLER_STAT_READ | (k->exists ? WK_F_TARGET_READ : 0);
	r->target.pid = k->target_pid;
	if (k->exists) {
		r->target.ppid = k->target_ppid;
		r->target.start_time = k->target_start;
		r->target.uid = k->target_uid;
		snprintf(r->target.comm, sizeof r->target.comm, "%s",
		    k->target_comm);
	}
	r->caller.pid = r->caller.tid = p->pid;
	r->caller.ppid = p->ppid;
	r->caller.sid = k->chain_len > 1 ? k->chain[1].pid : p->pid;
	r->caller.pgid = p->pid;
	r->caller.tty_nr = (int32_t)p->tty_nr;
	r->caller.start_time = p->start;
	r->caller.uid = r->caller.suid = p->uid;
	r->caller.euid = p->euid;
	r->caller.gid = r->caller.egid = r->caller.sgid = p->gid;
	r->caller.loginuid = p->auid;
	r->caller.sessionid = p->ses;
	snprintf(r->caller.comm, sizeof r->caller.comm, "%s", p->comm);
	snprintf(r->caller.exe, sizeof r->caller.exe, "%s", p->exe);
	r->caller.argc = p->argc;
	r->caller.argv_len = (uint32_t)p->argv_len;
	memcpy(ev->argv, p->argv, p->argv_len);
	for (i = 0; i < k->chain_len; i++)
		chain_entry(&ev->chain[i], &k->chain[i]);
	chain_entry(&ev->chain[k->chain_len], p);
	ev->chain_len = k->chain_len + 1;
}

/* ---------------------------------------------------------------- main */

struct options {
	unsigned long events;
	const char *log, *db, *pidfile;
	unsigned long queries;
	int32_t pid_max;
	uint64_t seed;
	unsigned noise;
	unsigned batch;
};

static int32_t
machine_pid_max(void)
{
	FILE *fp = fopen("/proc/sys/kernel/pid_max", "r");
	long v = 32768;

	if (fp != NULL) {
		if (fscanf(fp, "%ld", &v) != 1)
			v = 32768;
		fclose(fp);
	}
	return (int32_t)v;
}

static void
read_boot_id(char *out)
{
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "r");

	memset(out, 0, WK_BOOT_ID_MAX);
	if (fp == NULL || fscanf(fp, "%36s", out) != 1)
		snprintf(out, WK_BOOT_ID_MAX,
		    "00000000-0000-0000-0000-000000000000");
	if (fp != NULL)
		fclose(fp);
}

/* fopen for writing a file that must not exist yet. */
static FILE *
create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *fp;

	if (fd == -1)
		return NULL;
	fp = fdopen(fd, "w");
	if (fp == NULL)
		close(fd);
	return fp;
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	int ch;

	memset(o, 0, sizeof *o);
	o->events = 1000000;
	o->queries = 1000;
	o->pid_max = machine_pid_max();
	o->seed = 1;
	o->noise = 25;
	o->batch = 256;
	while ((ch = getopt(argc, argv, "n:l:d:q:k:p:s:x:b:")) != -1) {
		switch (ch) {
		case 'n':
			o->events = strtoul(optarg, NULL, 10);
			break;
		case 'l':
			o->log = optarg;
			break;
		case 'd':
			o->db = optarg;
			break;
		case 'q':
			o->pidfile = optarg;
			break;
		case 'k':
			o->queries = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			o->pid_max = (int32_t)strtol(optarg, NULL, 10);
			break;
		case 's':
			o->seed = strtoull(optarg, NULL, 10);
			break;
		case 'x':
			o->noise = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'b':
			o->batch = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			return -1;
		}
	}
	if (optind != argc || o->events == 0 || o->pid_max <= FIRST_PID + 64 ||
	    o->batch == 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	static char logbuf[1 << 20];
	static struct wk_event ev;
	struct options o;
	struct sim s;
	struct kill k;
	struct store *st = NULL;
	FILE *log = NULL, *pids = NULL;
	char err[512];
	unsigned long i, records = 0, noise_acc = 0, asked = 0;
	uint64_t t0, store_ns = 0, t;
	struct stat sb;
	double p_query;
	int rc = 1;

	if (parse_options(argc, argv, &o) == -1) {
		fprintf(stderr, "usage: gen_audit_log [-n EVENTS] [-l LOG]"
		    " [-d DB] [-q PIDFILE] [-k QUERIES] [-p PID_MAX]"
		    " [-s SEED] [-x NOISE] [-b BATCH]\n");
		return 2;
	}
	sim_init(&s, o.seed, o.pid_max, (double)time(NULL), o.events);
	read_boot_id(s.boot_id);
	if (o.log != NULL) {
		log = create_file(o.log);
		if (log == NULL) {
			fprintf(stderr, "%s: %s\n", o.log, strerror(errno));
			goto out;
		}
		setvbuf(log, logbuf, _IOFBF, sizeof logbuf);
	}
	if (o.pidfile != NULL && (pids = fopen(o.pidfile, "w")) == NULL) {
		fprintf(stderr, "%s: %s\n", o.pidfile, strerror(errno));
		goto out;
	}
	if (o.db != NULL) {
		if (stat(o.db, &sb) == 0) {
			fprintf(stderr, "%s: exists\n", o.db);
			goto out;
		}
		st = store_open(o.db, err, sizeof err);
		if (st == NULL) {
			fprintf(stderr, "%s\n", err);
			goto out;
		}
	}
	p_query = (double)o.queries / (double)o.events;

	t0 = timing_now_ns();
	for (i = 0; i < o.events; i++) {
		make_kill(&s, &k, i);
		s.serial++;
		if (log != NULL) {
			records += write_audit_kill(log, &s, &k);
			for (noise_acc += o.noise; noise_acc >= 100;
			    noise_acc -= 100) {
				write_audit_noise(log, &s);
				records++;
			}
		}
		if (pids != NULL && k.exists && uniform(&s) < p_query / 0.85) {
			fprintf(pids, "%d\n", k.target_pid);
			asked++;
		}
		if (st == NULL)
			continue;
		make_event(&s, &k, &ev);
		t = timing_now_ns();
		if (store_add(st, &ev) == -1 ||
		    (store_pending(st) >= o.batch && store_commit(st) == -1)) {
			fprintf(stderr, "store: %s\n", store_errmsg(st));
			goto out;
		}
		store_ns += timing_now_ns() - t;
	}
	if (st != NULL) {
		t = timing_now_ns();
		if (store_commit(st) == -1) {
			fprintf(stderr, "store: %s\n", store_errmsg(st));
			goto out;
		}
		store_close(st);
		st = NULL;
		store_ns += timing_now_ns() - t;
	}
	if (log != NULL && (fflush(log) != 0 || ferror(log))) {
		fprintf(stderr, "%s: %s\n", o.log, strerror(errno));
		goto out;
	}
	printf("gen events=%lu pid_max=%d log_records=%lu queries=%lu"
	    " seconds=%.1f store_seconds=%.1f insert_per_s=%.0f\n", o.events,
	    (int)o.pid_max, records, asked,
	    (double)(timing_now_ns() - t0) / 1e9, (double)store_ns / 1e9,
	    store_ns > 0 ? (double)o.events / ((double)store_ns / 1e9) : 0.0);
	rc = 0;
out:
	store_close(st);
	if (log != NULL)
		fclose(log);
	if (pids != NULL)
		fclose(pids);
	return rc;
}
