/*
 * Writes the seed corpus of fuzz_wire: one well-formed message of each kind,
 * prefixed with the byte that selects its decoder.  Run by `make fuzz-seeds`
 * into tests/fuzz/corpus/wire; the output is committed.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "whokilled/wire.h"

/* One seed: the selector byte, msg, then tail_len bytes of tail (argv). */
static int
seed2(const char *dir, const char *name, unsigned char selector,
    const void *msg, size_t len, const void *tail, size_t tail_len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(&selector, 1, 1, f) != 1 ||
	    fwrite(msg, 1, len, f) != len ||
	    (tail_len > 0 && fwrite(tail, 1, tail_len, f) != tail_len) ||
	    fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

static int
seed(const char *dir, const char *name, unsigned char selector,
    const void *msg, size_t len)
{
	return seed2(dir, name, selector, msg, len, NULL, 0);
}

static const char kill_argv[] = "kill\0-9\0" "2089";
/* kill -9 1 2 ... 2089, cut after "kill -9 1": 2087 arguments left out. */
static const char cut_argv[] = "kill\0-9\0" "1\0" "2089";

static void
fill_caller(struct wk_caller *c)
{
	c->pid = 1784;
	c->ppid = 1770;
	strcpy(c->comm, "kill");
	strcpy(c->exe, "/usr/bin/kill");
	c->argc = 3;
	c->argv_len = sizeof kill_argv;
}

/* The same caller with a command line cut in the middle. */
static void
cut_caller(struct wk_caller *c)
{
	c->argc = 2091;
	c->argv_len = sizeof cut_argv;
	c->argv_cut.head = 3;
	c->argv_cut.args = 2087;
	c->argv_cut.bytes = 7785;
}

int
main(int argc, char **argv)
{
	struct wk_kill_report kill, pending;
	struct wk_kill_result result;
	struct wk_session_report session;
	struct wk_authfail_report authfail;
	struct wk_query query;
	static struct wk_event event;
	struct wk_stats stats;
	struct wk_end end;
	struct wk_error error;
	static struct wk_authfail_event afe;
	struct wk_death death;
	const char *dir = argc > 1 ? argv[1] : ".";
	int rc = 0;

	wk_report_init(&kill);
	kill.call = WK_CALL_KILL;
	kill.signo = SIGKILL;
	kill.arg_pid = 2089;
	kill.flags = WK_F_TARGET_READ;
	fill_caller(&kill.caller);
	kill.target.pid = 2089;
	strcpy(kill.target.comm, "sleep");
	kill.hdr.size = sizeof kill + sizeof kill_argv;
	rc |= seed2(dir, "report-kill", 0, &kill, sizeof kill, kill_argv,
	    sizeof kill_argv);
	/* A long command line: its beginning, its end, and the cut. */
	pending = kill;
	cut_caller(&pending.caller);
	pending.flags |= WK_F_ARGV_TRUNCATED;
	pending.hdr.size = sizeof pending + sizeof cut_argv;
	rc |= seed2(dir, "report-kill-cut", 0, &pending, sizeof pending,
	    cut_argv, sizeof cut_argv);

	/* A parent's kill: its child's cgroup file after argv. */
	{
		static const char tail[] = "kill\0-9\0" "2089\0"
		    "0::/system.slice/victim.service\n";
		size_t alen = sizeof kill_argv;

		pending = kill;
		pending.target.cgroup_len = (uint32_t)(sizeof tail - 1 - alen);
		pending.hdr.size = (uint32_t)(sizeof pending + sizeof tail - 1);
		rc |= seed2(dir, "report-kill-cgroup", 0, &pending,
		    sizeof pending, tail, sizeof tail - 1);
	}

	/* kill(0, SIGTERM): reported before delivery, its result after. */
	pending = kill;
	pending.signo = SIGTERM;
	pending.arg_pid = 0;
	pending.flags = WK_F_TARGET_READ | WK_F_TARGET_GROUP |
	    WK_F_RESULT_PENDING;
	pending.caller = kill.caller;
	pending.hdr.size = sizeof pending + sizeof kill_argv;
	rc |= seed2(dir, "report-kill-pending", 0, &pending, sizeof pending,
	    kill_argv, sizeof kill_argv);
	wk_kill_result_init(&result);
	result.time = pending.time;
	result.pid = pending.caller.pid;
	result.tid = pending.caller.pid;
	result.signo = SIGTERM;
	result.result = -1;
	result.error = 1;
	rc |= seed(dir, "report-kill-result", 0, &result, sizeof result);

	wk_session_init(&session, WK_MSG_SESSION_OPEN);
	session.pid = 1702;
	strcpy(session.user, "alice");
	strcpy(session.service, "sshd");
	strcpy(session.rhost, "127.0.0.1");
	rc |= seed(dir, "report-session", 0, &session, sizeof session);

	wk_authfail_init(&authfail);
	strcpy(authfail.user, "postgres");
	strcpy(authfail.service, "su");
	fill_caller(&authfail.caller);
	authfail.hdr.size = sizeof authfail + sizeof kill_argv;
	rc |= seed2(dir, "report-authfail", 0, &authfail, sizeof authfail,
	    kill_argv, sizeof kill_argv);

	wk_query_init(&query, WK_Q_BY_PID);
	query.pid = 2089;
	rc |= seed(dir, "query-pid", 1, &query, sizeof query);
	wk_query_init(&query, WK_Q_FAILED_LOGINS);
	strcpy(query.user, "postgres");
	rc |= seed(dir, "query-failed", 1, &query, sizeof query);
	wk_query_init(&query, WK_Q_LIST);
	query.flags = WK_QF_FOLLOW | WK_QF_BY;
	query.by_uid = 1001;
	strcpy(query.name, "postgres*");
	rc |= seed(dir, "query-list", 1, &query, sizeof query);

	/* Frames that end with argv carry its used bytes only. */
	wk_reply_init(&event.hdr, WK_R_EVENT, 0);
	event.report = kill;
	memcpy(event.argv, kill_argv, sizeof kill_argv);
	event.sources = WK_SRC_SHIM;
	event.chain_len = 1;
	strcpy(event.chain[0].comm, "kill");
	event.hdr.size = (uint32_t)wk_event_size(&event);
	rc |= seed(dir, "reply-event", 2, &event, event.hdr.size);
	/* A target in a systemd unit. */
	strcpy(event.target_cgroup.unit, "nginx.service");
	strcpy(event.target_cgroup.path, "/system.slice/nginx.service");
	rc |= seed(dir, "reply-event-unit", 2, &event, event.hdr.size);
	memset(&event.target_cgroup, 0, sizeof event.target_cgroup);
	/* A killer in a container: its pids there beside the host's. */
	event.pid_ns.id = 4026532291u;
	event.pid_ns.caller_pid = 9;
	event.pid_ns.target_pid = 7;
	rc |= seed(dir, "reply-event-pid-ns", 2, &event, event.hdr.size);
	/* One member of a group kill whose sender died in the call. */
	event.report = pending;
	event.report.flags |= WK_F_GROUP_MEMBER | WK_F_SENDER_ENDED;
	event.report.reached = 3;
	rc |= seed(dir, "reply-event-member", 2, &event, event.hdr.size);
	/* A long command line, cut. */
	memset(&event.pid_ns, 0, sizeof event.pid_ns);
	event.report = kill;
	cut_caller(&event.report.caller);
	event.report.flags |= WK_F_ARGV_TRUNCATED;
	memcpy(event.argv, cut_argv, sizeof cut_argv);
	event.hdr.size = (uint32_t)wk_event_size(&event);
	rc |= seed(dir, "reply-event-cut", 2, &event, event.hdr.size);

	/* /proc/PID/cgroup: a hybrid host's, a user unit's. */
	rc |= seed(dir, "cgroup-hybrid", 8, "9:name=systemd:/system.slice/"
	    "cron.service\n4:memory:/system.slice/cron.service\n"
	    "0::/system.slice/cron.service\n", 108);
	rc |= seed(dir, "cgroup-user", 8, "0::/user.slice/user-1000.slice/"
	    "user@1000.service/app.slice/_foo.service\n", 72);

	memset(&stats, 0, sizeof stats);
	wk_reply_init(&stats.hdr, WK_R_STATS, sizeof stats);
	stats.death_sources = WK_DS_ALL;
	stats.sight = WK_SEE_TOLD | WK_SEE_EXITS | WK_SEE_KMSG |
	    WK_SEE_RULES_READ | WK_SEE_PRELOAD_READ;
	rc |= seed(dir, "reply-stats", 3, &stats, sizeof stats);

	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	strcpy(end.message, "no signal to pid 2089 was recorded");
	rc |= seed(dir, "reply-end", 4, &end, sizeof end);

	strcpy(end.message, "no recorded signal matching the query was sent "
	    "to it; 1 other recorded signal to it did not match");
	end.filtered_out = 1;
	end.excluded.event = 42;
	end.excluded.signo = SIGTERM;
	end.excluded.time.sec = 1763737961;
	rc |= seed(dir, "reply-end-filtered", 4, &end, sizeof end);

	memset(&error, 0, sizeof error);
	wk_reply_init(&error.hdr, WK_R_ERROR, sizeof error);
	strcpy(error.message, "busy");
	rc |= seed(dir, "reply-error", 5, &error, sizeof error);

	wk_reply_init(&afe.hdr, WK_R_AUTHFAIL, 0);
	afe.count = 2;
	afe.report = authfail;
	memcpy(afe.argv, kill_argv, sizeof kill_argv);
	afe.hdr.size = (uint32_t)wk_authfail_event_size(&afe);
	rc |= seed(dir, "reply-authfail", 6, &afe, afe.hdr.size);

	memset(&death, 0, sizeof death);
	wk_reply_init(&death.hdr, WK_R_DEATH, sizeof death);
	death.kind = WK_DEATH_OOM;
	death.flags = WK_D_SUBJECT | WK_D_START_KNOWN | WK_D_EXIT_KNOWN |
	    WK_D_OOM_CONTEXT;
	death.pid = 2089;
	death.start_time = 4242;
	death.signo = SIGKILL;
	death.exit_status = SIGKILL;
	death.time.sec = 1763737961;
	strcpy(death.comm, "mem_hog");
	strcpy(death.oom.constraint, "CONSTRAINT_MEMCG");
	strcpy(death.oom.memcg, "/x");
	strcpy(death.oom.task_memcg, "/x/y");
	death.oom.anon_rss_kb = 31744;
	rc |= seed(dir, "reply-death", 7, &death, sizeof death);

	memset(&death, 0, sizeof death);
	wk_reply_init(&death.hdr, WK_R_DEATH, sizeof death);
	death.kind = WK_DEATH_SIGNALED;
	death.flags = WK_D_SUBJECT | WK_D_SENDER | WK_D_SENDER_SESSION;
	death.pid = 2089;
	death.signo = SIGKILL;
	death.sender.event = 42;
	death.sender.pid = 1784;
	strcpy(death.sender.comm, "kill");
	strcpy(death.sender.session_user, "alice");
	strcpy(death.sender.via, "su");
	rc |= seed(dir, "reply-death-sender", 7, &death, sizeof death);

	/* No recorded sender: what the daemon could not see, and its gap. */
	death.flags = WK_D_SUBJECT | WK_D_START_KNOWN | WK_D_EXIT_KNOWN;
	memset(&death.sender, 0, sizeof death.sender);
	death.signo = SIGTERM;
	death.sight = WK_SEE_TOLD | WK_SEE_EXITS | WK_SEE_RULES_READ |
	    WK_SEE_PRELOAD_READ | WK_SEE_GAP;
	death.watch.since.sec = 1763737000;
	death.watch.gap_from.sec = 1763736000;
	death.watch.gap_to.sec = 1763737000;
	rc |= seed(dir, "reply-death-unseen", 7, &death, sizeof death);
	return rc ? 1 : 0;
}
