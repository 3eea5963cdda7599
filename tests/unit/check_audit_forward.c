/*
 * The auditd plugin's forwarder and the daemon's audit socket: with the
 * daemon down or not reading, input is taken at once and what does not
 * fit is dropped and counted; once the daemon listens, the queued lines
 * arrive whole and in order, the drop count with them, and only a
 * connection from root (or the daemon's own uid) is kept.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../audit/audit_reader.h"
#include "daemon/plugin/audit_forward.h"
#include "daemon/kaudit/audit_socket.h"
#include "daemon/base/unix_socket.h"
#include "daemon_testutil.h"

#define KILL_EVENT \
	"type=SYSCALL msg=audit(1763737961.723:304): arch=c000003e syscall=62 " \
	"success=yes exit=0 a0=829 a1=9 a2=0 a3=0 items=0 ppid=1770 pid=1784 " \
	"auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 " \
	"tty=pts0 ses=3 comm=\"bash\" exe=\"/usr/bin/bash\" key=\"whokilled\"\n" \
	"type=OBJ_PID msg=audit(1763737961.723:304): opid=2089 oauid=1000 " \
	"ouid=0 oses=3 ocomm=\"sleep\"\n" \
	"type=PROCTITLE msg=audit(1763737961.723:304): proctitle=\"-bash\"\n"

/* A record line of n bytes (newline included) the filter lets through. */
static void
record_line(char *buf, size_t n, unsigned serial)
{
	int head;

	head = snprintf(buf, n, "type=PROCTITLE msg=audit(1.000:%u): proctitle=",
	    serial);
	ck_assert_int_gt(head, 0);
	ck_assert_uint_lt((size_t)head + 2, n);
	memset(buf + head, 'A', n - (size_t)head - 1);
	buf[n - 1] = '\n';
}

static void
socket_path(struct sockaddr_un *addr, char *dir, size_t size)
{
	test_dir(dir, size);
	ck_assert_int_eq(unix_socket_addr(addr, dir, AUDIT_SOCKET_NAME), 0);
}

/* A listening SEQPACKET socket standing in for the daemon. */
static int
listen_at(const struct sockaddr_un *addr)
{
	int fd = audit_socket_listen(addr);

	ck_assert_int_ne(fd, -1);
	return fd;
}

START_TEST(daemon_down_never_blocks_and_counts_drops)
{
	static const char cwd[] = "type=CWD msg=audit(1.000:9): cwd=\"/\"\n";
	struct audit_forward f;
	struct sockaddr_un addr;
	char dir[200], line[1000];
	unsigned i;

	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_forward_init(&f, &addr, AUDIT_FORWARD_MSG_MAX), 0);
	/* 200 lines of 1000 bytes into a queue of 60 KiB: most cannot fit. */
	for (i = 0; i < 200; i++) {
		record_line(line, sizeof line, i);
		audit_forward_input(&f, line, sizeof line, 0);
	}
	ck_assert_int_eq(f.fd, -1);
	ck_assert_uint_eq(f.queued, AUDIT_FORWARD_MSG_MAX / sizeof line);
	ck_assert_uint_eq(f.queued + f.dropped, 200);
	ck_assert_uint_eq(f.unreported, f.dropped);
	ck_assert_uint_le(f.len, f.cap);
	/* Records of other types are left out, not queued nor dropped. */
	audit_forward_input(&f, cwd, strlen(cwd), 0);
	ck_assert_uint_eq(f.filtered, 1);
	ck_assert_uint_eq(f.queued + f.dropped, 200);
	/* The next attempt waits its turn. */
	ck_assert_int_eq(audit_forward_timeout_ms(&f, 0), AUDIT_FORWARD_RETRY_MS);
	audit_forward_free(&f);
}
END_TEST

/* A daemon that accepts but never reads: the plugin still takes its input. */
START_TEST(daemon_not_reading_never_blocks)
{
	struct audit_forward f;
	struct sockaddr_un addr;
	char dir[200], line[4000];
	unsigned i;
	int lfd;

	socket_path(&addr, dir, sizeof dir);
	lfd = listen_at(&addr);
	ck_assert_int_eq(audit_forward_init(&f, &addr, 256 * 1024), 0);
	for (i = 0; i < 2000; i++) {
		record_line(line, sizeof line, i);
		audit_forward_input(&f, line, sizeof line, 0);
	}
	ck_assert_int_ne(f.fd, -1);
	ck_assert_uint_gt(f.dropped, 0);
	ck_assert_uint_eq(f.queued + f.dropped, 2000);
	audit_forward_free(&f);
	close(lfd);
}
END_TEST

/* Receive one message from fd into buf (NUL-terminated); its length. */
static size_t
recv_msg(int fd, char *buf, size_t size)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	ck_assert_int_eq(poll(&p, 1, 5000), 1);
	n = recv(fd, buf, size - 1, 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	return (size_t)n;
}

START_TEST(delivers_whole_lines_in_order_once_the_daemon_listens)
{
	struct audit_forward f;
	struct sockaddr_un addr;
	char dir[200], line[1000], *msg;
	size_t n, total = 0;
	unsigned i, lines = 0;
	int lfd, cfd;

	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_forward_init(&f, &addr, AUDIT_FORWARD_MSG_MAX), 0);
	/* Lines arrive cut anywhere: the forwarder joins them. */
	for (i = 0; i < 70; i++) {
		record_line(line, sizeof line, i);
		audit_forward_input(&f, line, 300, 0);
		audit_forward_input(&f, line + 300, sizeof line - 300, 0);
	}
	ck_assert_uint_eq(f.queued, 61);
	ck_assert_uint_eq(f.dropped, 9);

	lfd = listen_at(&addr);
	audit_forward_flush(&f, AUDIT_FORWARD_RETRY_MS - 1);
	ck_assert_int_eq(f.fd, -1);	/* not before the retry is due */
	audit_forward_flush(&f, AUDIT_FORWARD_RETRY_MS);
	ck_assert_int_ne(f.fd, -1);
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ne(cfd, -1);

	msg = malloc(AUDIT_SOCKET_MSG_MAX + 1);
	ck_assert_ptr_nonnull(msg);
	n = recv_msg(cfd, msg, AUDIT_SOCKET_MSG_MAX + 1);
	ck_assert_uint_eq(n, strlen("#dropped 9\n"));
	ck_assert_str_eq(msg, "#dropped 9\n");
	while (total < 61 * sizeof line) {
		n = recv_msg(cfd, msg, AUDIT_SOCKET_MSG_MAX + 1);
		ck_assert_uint_le(n, AUDIT_FORWARD_MSG_MAX);
		ck_assert_int_eq(msg[n - 1], '\n');
		for (char *p = msg; p < msg + n; p += sizeof line) {
			record_line(line, sizeof line, lines++);
			ck_assert_int_eq(memcmp(p, line, sizeof line), 0);
		}
		total += n;
	}
	ck_assert_uint_eq(lines, 61);
	ck_assert_uint_eq(f.len, 0);
	ck_assert_uint_eq(f.unreported, 0);

	/* The daemon goes away and comes back: the forwarder reconnects. */
	close(cfd);
	close(lfd);
	unlink(addr.sun_path);
	record_line(line, sizeof line, 500);
	audit_forward_input(&f, line, sizeof line, 5000);
	ck_assert_int_eq(f.fd, -1);
	ck_assert_uint_eq(f.len, sizeof line);
	lfd = listen_at(&addr);
	audit_forward_flush(&f, 5000 + AUDIT_FORWARD_RETRY_MS);
	ck_assert_int_ne(f.fd, -1);
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ne(cfd, -1);
	n = recv_msg(cfd, msg, AUDIT_SOCKET_MSG_MAX + 1);
	ck_assert_uint_eq(n, sizeof line);
	ck_assert_int_eq(memcmp(msg, line, sizeof line), 0);
	free(msg);
	close(cfd);
	close(lfd);
	audit_forward_free(&f);
}
END_TEST

START_TEST(line_longer_than_a_message_is_dropped)
{
	struct audit_forward f;
	struct sockaddr_un addr;
	char dir[200], *big;
	size_t n = AUDIT_FORWARD_MSG_MAX + 10;

	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_forward_init(&f, &addr, 4 * AUDIT_FORWARD_MSG_MAX), 0);
	big = malloc(n);
	ck_assert_ptr_nonnull(big);
	record_line(big, n, 1);
	audit_forward_input(&f, big, n / 2, 0);
	audit_forward_input(&f, big + n / 2, n - n / 2, 0);
	ck_assert_uint_eq(f.dropped, 1);
	ck_assert_uint_eq(f.queued, 0);
	/* The next line is whole again. */
	record_line(big, 500, 2);
	audit_forward_input(&f, big, 500, 0);
	ck_assert_uint_eq(f.queued, 1);
	ck_assert_uint_eq(f.len, 500);
	free(big);
	audit_forward_free(&f);
}
END_TEST

/*
 * Lines that are no audit records (garbage on a hub's input, a record
 * without msg=audit) are refused and counted; the input goes on.
 */
START_TEST(garbage_lines_are_refused_and_counted)
{
	static const char junk[] = "this is no audit record\n"
	    "\x01\x02 binary\n"
	    "type=SYSCALL but no msg\n"
	    "node=web7 type=TRUSTED_APP msg=audit(1.000:7): pid=1 msg='op=x'\n";
	struct audit_forward f;
	struct sockaddr_un addr;
	char dir[200], line[200];

	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_forward_init(&f, &addr, 4 * AUDIT_FORWARD_MSG_MAX), 0);
	audit_forward_input(&f, junk, sizeof junk - 1, 0);
	ck_assert_uint_eq(f.refused, 3);
	ck_assert_uint_eq(f.refused_unreported, 3);
	ck_assert_uint_eq(f.queued, 1);	/* the TRUSTED_APP record */
	record_line(line, sizeof line, 2);
	audit_forward_input(&f, line, sizeof line, 0);
	ck_assert_uint_eq(f.queued, 2);
	audit_forward_free(&f);
}
END_TEST

/* Sink of the daemon's side: kills counted. */
struct seen_kills {
	int kills;
	int32_t pid;
};

static void
count_kill(const struct wk_audit_kill *k, void *arg)
{
	struct seen_kills *s = arg;

	s->kills++;
	s->pid = k->killer.pid;
}

/* Run the daemon's side until the sink has n kills or a second passes. */
static void
serve_until(struct audit_socket *as, struct seen_kills *s, int n)
{
	struct pollfd pfd[1 + AUDIT_SOCKET_CLIENTS];
	unsigned count;
	int i;

	for (i = 0; i < 100 && s->kills < n; i++) {
		count = audit_socket_pollfds(as, pfd);
		ck_assert_int_ge(poll(pfd, count, 10), 0);
		audit_socket_handle(as, pfd, count);
		audit_socket_age(as);
	}
}

START_TEST(daemon_side_reads_events_and_drop_counts)
{
	static const char eoe[] = "type=EOE msg=audit(1763737961.723:304): \n";
	struct seen_kills s = { 0, 0 };
	struct wk_audit_sink sink = { .kill = count_kill, .arg = &s };
	struct wkd_counters counters;
	struct audit_forward f;
	struct audit_socket as;
	struct sockaddr_un addr;
	struct stat sb;
	char dir[200];
	int i;

	memset(&counters, 0, sizeof counters);
	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_forward_init(&f, &addr, AUDIT_FORWARD_MSG_MAX), 0);
	f.dropped = f.unreported = 3;
	f.refused = f.refused_unreported = 5;
	ck_assert_int_eq(audit_socket_init(&as, listen_at(&addr), &sink,
	    &counters), 0);
	ck_assert_int_eq(stat(addr.sun_path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, AUDIT_SOCKET_MODE);

	audit_forward_input(&f, KILL_EVENT, strlen(KILL_EVENT), 0);
	ck_assert_int_ne(f.fd, -1);
	/* Another event completes the first (no EOE in auditd's output). */
	audit_forward_input(&f, eoe, strlen(eoe), 0);
	serve_until(&as, &s, 1);
	ck_assert_int_eq(s.kills, 1);
	ck_assert_int_eq(s.pid, 1784);
	ck_assert_uint_eq(counters.audit_dropped, 3);
	ck_assert_uint_eq(counters.audit_refused, 5);
	ck_assert_uint_eq(counters.audit_records, 4);
	ck_assert(audit_socket_connected(&as));

	/* The plugin's end ends the connection, nothing left behind. */
	audit_forward_free(&f);
	for (i = 0; i < 100 && audit_socket_connected(&as); i++)
		serve_until(&as, &s, 2);
	ck_assert(!audit_socket_connected(&as));
	audit_socket_close(&as);
}
END_TEST

/* Nobody but root (or the daemon's uid) may feed the daemon records. */
START_TEST(connection_from_another_uid_is_refused)
{
	struct seen_kills s = { 0, 0 };
	struct wk_audit_sink sink = { .kill = count_kill, .arg = &s };
	struct wkd_counters counters;
	struct audit_socket as;
	struct sockaddr_un addr;
	struct pollfd pfd[1 + AUDIT_SOCKET_CLIENTS];
	char dir[200];
	unsigned count;
	pid_t pid;
	int status, i, sv[2];

	ck_assert_msg(geteuid() == 0, "this test needs root to change uid");
	memset(&counters, 0, sizeof counters);
	socket_path(&addr, dir, sizeof dir);
	ck_assert_int_eq(audit_socket_init(&as, listen_at(&addr), &sink,
	    &counters), 0);
	/* Opened to all, so only the daemon's own check stands in the way. */
	ck_assert_int_eq(chmod(addr.sun_path, 0666), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		ssize_t n;
		char c;
		int fd;

		if (setresgid(65534, 65534, 65534) == -1 ||
		    setresuid(65534, 65534, 65534) == -1)
			_exit(2);
		fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		if (fd == -1 || connect(fd, (const struct sockaddr *)&addr,
		    sizeof addr) == -1)
			_exit(3);
		(void)send(fd, KILL_EVENT, strlen(KILL_EVENT), MSG_NOSIGNAL);
		(void)!write(sv[1], "c", 1);
		/* Wait for the daemon's verdict: a closed connection (reset,
		 * since what was sent is left unread). */
		n = recv(fd, &c, 1, 0);
		_exit(n == 0 || (n == -1 && errno == ECONNRESET) ? 0 : 4);
	}
	close(sv[1]);
	{
		char c;

		ck_assert_int_eq(read(sv[0], &c, 1), 1);
	}
	for (i = 0; i < 10; i++) {
		count = audit_socket_pollfds(&as, pfd);
		ck_assert_int_ge(poll(pfd, count, 10), 0);
		audit_socket_handle(&as, pfd, count);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %d", status);
	ck_assert(!audit_socket_connected(&as));
	ck_assert_uint_eq(counters.audit_records, 0);
	audit_socket_close(&as);
	close(sv[0]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_forward");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_audit_forward");
	tcase_add_test(tc, daemon_down_never_blocks_and_counts_drops);
	tcase_add_test(tc, daemon_not_reading_never_blocks);
	tcase_add_test(tc, delivers_whole_lines_in_order_once_the_daemon_listens);
	tcase_add_test(tc, line_longer_than_a_message_is_dropped);
	tcase_add_test(tc, daemon_side_reads_events_and_drop_counts);
	tcase_add_test(tc, connection_from_another_uid_is_refused);
	tcase_add_test(tc, garbage_lines_are_refused_and_counted);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
