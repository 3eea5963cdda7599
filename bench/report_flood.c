/*
 * The daemon's ingest rate: concurrent senders of well-formed,
 * credential-true kill reports, each sent the way the shim sends one (a
 * fresh non-blocking datagram socket, one sendto, close).
 *
 *   report_flood [-s SENDERS] [-t SECONDS] [-r RATE] [-b] SOCKET_DIR
 *
 * -r RATE   reports per second, all senders together, paced in 1 ms steps;
 *           0 (the default) sends as fast as the senders can
 * -b        blocking sockets: a full daemon queue makes the sender wait
 *           instead of dropping (the daemon's capacity, with no drop)
 *
 * The daemon's counters are read before the senders start and after they
 * stop; the second read (a query) makes the daemon drain its queue and
 * commit first, so "stored" counts every report it kept, and stored_per_s
 * is stored / (end of that query - start of sending); drain_s is how long
 * that query took, the time the daemon needed for the backlog it still
 * had when the senders stopped (near 0 when it kept up).  A report the socket
 * refused (EAGAIN: the queue was full) is a drop, counted by the sender and
 * announced to the daemon in the next report's header, as the shim does.
 * Prints one "flood key=value ..." line; sender_cpu_s is the senders'
 * CPU time, user and system.  Exits 0, 1 on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon_client.h"
#include "timing.h"

#define MAX_SENDERS	64

/* What one sender did, sent to the parent through a pipe. */
struct sender_result {
	uint64_t sent;
	uint64_t dropped;	/* EAGAIN: the daemon's queue was full */
	uint64_t failed;	/* any other send error */
};

struct flood {
	const char *socket_dir;
	struct sockaddr_un addr;
	socklen_t addr_len;
	unsigned senders;
	double seconds;
	double rate;		/* per sender; 0: unpaced */
	int blocking;
};

/* Read the fields the shim sends from a /proc/PID/stat; 0 or -1. */
static int
read_stat(const char *path, struct wk_caller *c)
{
	char buf[1024], *p;
	unsigned long long start;
	ssize_t n;
	int fd, ppid, pgid, sid, tty;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %d %d %d %d %*d %*u %*u %*u %*u"
	    " %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &ppid, &pgid, &sid,
	    &tty, &start) != 5)
		return -1;
	c->ppid = ppid;
	c->pgid = pgid;
	c->sid = sid;
	c->tty_nr = tty;
	c->start_time = start;
	return 0;
}

/* An id from /proc/self/loginuid or sessionid; WK_ID_UNSET when unreadable. */
static uint32_t
read_self_id(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return WK_ID_UNSET;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return WK_ID_UNSET;
	buf[n] = '\0';
	return (uint32_t)strtoul(buf, NULL, 10);
}

/* The report a shim in this process would send for kill(ppid, SIGTERM). */
/* The reports' command line: "kill -TERM 1". */
#define FLOOD_ARGV	"kill\0-TERM\0" "1"
static const char flood_argv[] = FLOOD_ARGV;

static void
fill_report(struct wk_kill_report *r)
{
	static const char argv[] = FLOOD_ARGV;
	struct wk_caller parent;
	struct timespec ts;
	char path[64];

	wk_report_init(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	r->time.sec = ts.tv_sec;
	r->time.nsec = ts.tv_nsec;
	r->call = WK_CALL_KILL;
	r->signo = SIGTERM;
	r->arg_pid = getppid();
	r->result = 0;
	r->flags = WK_F_TARGET_READ;
	/* The target as the shim reads it: the parent, whose start time the
	 * daemon's table knows (a made-up one would have it read /proc for
	 * every report, which no real report makes it do). */
	r->target.pid = getppid();
	snprintf(path, sizeof path, "/proc/%d/stat", (int)getppid());
	if (read_stat(path, &parent) == 0) {
		r->target.ppid = parent.ppid;
		r->target.start_time = parent.start_time;
	}
	r->target.uid = getuid();
	strcpy(r->target.comm, "report_flood");
	r->caller.pid = getpid();
	r->caller.tid = getpid();
	r->caller.uid = r->caller.euid = r->caller.suid = getuid();
	r->caller.gid = r->caller.egid = r->caller.sgid = getgid();
	if (read_stat("/proc/self/stat", &r->caller) == 0)
		r->flags |= WK_F_CALLER_STAT_READ;
	r->caller.loginuid = read_self_id("/proc/self/loginuid");
	r->caller.sessionid = read_self_id("/proc/self/sessionid");
	strcpy(r->caller.comm, "report_flood");
	strcpy(r->caller.exe, "/usr/bin/kill");
	r->caller.argc = 3;
	r->caller.argv_len = sizeof argv;
	r->hdr.size = sizeof *r + sizeof argv;
}

/* One report on a fresh socket, as the shim sends it: 0, or -1 with errno. */
static int
send_one(const struct flood *f, struct wk_kill_report *r)
{
	int type = SOCK_DGRAM | SOCK_CLOEXEC | (f->blocking ? 0 : SOCK_NONBLOCK);
	struct iovec iov[2];
	struct msghdr msg;
	ssize_t n;
	int fd, saved;

	fd = socket(AF_UNIX, type, 0);
	if (fd == -1)
		return -1;
	/* The report, then its argv, in one datagram. */
	iov[0].iov_base = r;
	iov[0].iov_len = sizeof *r;
	iov[1].iov_base = (void *)(uintptr_t)flood_argv;
	iov[1].iov_len = r->caller.argv_len;
	memset(&msg, 0, sizeof msg);
	msg.msg_name = (void *)(uintptr_t)&f->addr;
	msg.msg_namelen = f->addr_len;
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)r->hdr.size ? 0 : -1;
}

/* Send until the time is up, paced when f->rate > 0; the counts in *res. */
static void
sender(const struct flood *f, struct sender_result *res)
{
	struct wk_kill_report r;
	struct timespec tick;
	uint64_t start = timing_now_ns(), now, end, due;
	uint32_t pending = 0;

	memset(res, 0, sizeof *res);
	fill_report(&r);
	end = start + (uint64_t)(f->seconds * 1e9);
	clock_gettime(CLOCK_MONOTONIC, &tick);
	while ((now = timing_now_ns()) < end) {
		due = f->rate > 0 ? (uint64_t)((double)(now - start) / 1e9 *
		    f->rate) + 1 : res->sent + res->dropped + res->failed + 64;
		while (res->sent + res->dropped + res->failed < due) {
			r.hdr.dropped = pending;
			if (send_one(f, &r) == 0) {
				res->sent++;
				pending = 0;
			} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
				res->dropped++;
				pending++;
			} else {
				res->failed++;
			}
		}
		if (f->rate > 0) {
			tick.tv_nsec += 1000000;
			if (tick.tv_nsec >= 1000000000) {
				tick.tv_sec++;
				tick.tv_nsec -= 1000000000;
			}
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &tick,
			    NULL);
		}
	}
}

/* Depth of this process's ancestry up to pid 1: what the daemon walks. */
static unsigned
ancestors(void)
{
	char path[64], buf[1024], *p;
	int pid = getpid(), ppid, fd;
	unsigned depth = 0;
	ssize_t n;

	while (pid > 1 && depth < 64) {
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd == -1)
			break;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			break;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p == NULL || sscanf(p + 2, "%*c %d", &ppid) != 1)
			break;
		pid = ppid;
		depth++;
	}
	return depth;
}

static int
usage(void)
{
	fprintf(stderr, "usage: report_flood [-s SENDERS] [-t SECONDS]"
	    " [-r RATE] [-b] SOCKET_DIR\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct flood f = { .senders = 1, .seconds = 2 };
	struct sender_result res, total = { 0, 0, 0 };
	struct wk_stats before, after;
	pid_t pids[MAX_SENDERS];
	double rate = 0, elapsed, sender_cpu_s;
	struct rusage ru;
	uint64_t t0, t1, t_sent;
	unsigned i, started = 0;
	int ch, fds[2], status, rc = 1;

	while ((ch = getopt(argc, argv, "s:t:r:b")) != -1) {
		switch (ch) {
		case 's':
			f.senders = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 't':
			f.seconds = strtod(optarg, NULL);
			break;
		case 'r':
			rate = strtod(optarg, NULL);
			break;
		case 'b':
			f.blocking = 1;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc - 1 || f.senders == 0 || f.senders > MAX_SENDERS ||
	    f.seconds <= 0)
		return usage();
	f.socket_dir = argv[optind];
	f.rate = rate / f.senders;
	f.addr.sun_family = AF_UNIX;
	if (snprintf(f.addr.sun_path, sizeof f.addr.sun_path, "%s/%s",
	    f.socket_dir, WK_REPORT_SOCKET) >= (int)sizeof f.addr.sun_path)
		return usage();
	f.addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(f.addr.sun_path) + 1);

	if (bench_stats(f.socket_dir, &before) == -1) {
		perror("report_flood: stats");
		return 1;
	}
	if (pipe(fds) == -1) {
		perror("report_flood: pipe");
		return 1;
	}
	t0 = timing_now_ns();
	for (i = 0; i < f.senders; i++) {
		pids[i] = fork();
		if (pids[i] == -1)
			break;
		if (pids[i] == 0) {
			close(fds[0]);
			sender(&f, &res);
			/* The parent counts a short write as a failed sender. */
			if (write(fds[1], &res, sizeof res) != sizeof res)
				_exit(1);
			_exit(0);
		}
		started++;
	}
	close(fds[1]);
	for (i = 0; i < started; i++) {
		if (read(fds[0], &res, sizeof res) != sizeof res)
			break;
		total.sent += res.sent;
		total.dropped += res.dropped;
		total.failed += res.failed;
	}
	close(fds[0]);
	for (i = 0; i < started; i++)
		waitpid(pids[i], &status, 0);
	if (started != f.senders) {
		fprintf(stderr, "report_flood: %u of %u senders ran\n",
		    started, f.senders);
		goto out;
	}
	t_sent = timing_now_ns();
	/* The senders' CPU time (user and system), to set beside the
	 * daemon's: both share the machine's cores. */
	getrusage(RUSAGE_CHILDREN, &ru);
	sender_cpu_s = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	if (bench_stats(f.socket_dir, &after) == -1) {
		perror("report_flood: stats");
		goto out;
	}
	t1 = timing_now_ns();
	elapsed = (double)(t1 - t0) / 1e9;
	printf("flood senders=%u mode=%s rate_asked=%.0f seconds=%.1f"
	    " ancestors=%u sent=%llu eagain=%llu send_failed=%llu"
	    " received=%llu stored=%llu rejected=%llu sender_dropped=%llu"
	    " store_errors=%llu elapsed_s=%.3f drain_s=%.3f sent_per_s=%.0f"
	    " stored_per_s=%.0f sender_cpu_s=%.3f\n", f.senders,
	    f.blocking ? "blocking" : rate > 0 ? "paced" : "blast", rate,
	    f.seconds, ancestors(),
	    (unsigned long long)total.sent, (unsigned long long)total.dropped,
	    (unsigned long long)total.failed,
	    (unsigned long long)(after.received - before.received),
	    (unsigned long long)(after.stored - before.stored),
	    (unsigned long long)(after.rejected_malformed -
	    before.rejected_malformed + after.rejected_forged -
	    before.rejected_forged + after.rejected_nocred -
	    before.rejected_nocred),
	    (unsigned long long)(after.sender_dropped - before.sender_dropped),
	    (unsigned long long)(after.store_errors - before.store_errors),
	    elapsed, (double)(t1 - t_sent) / 1e9,
	    (double)total.sent / f.seconds,
	    (double)(after.stored - before.stored) / elapsed, sender_cpu_s);
	rc = 0;
out:
	return rc;
}
