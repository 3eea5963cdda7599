/*
 * The audit sources in the daemon's loop (daemon/kaudit/audit_input.c):
 * an event's records that arrive in two messages are one event even when
 * the event's own time is long past (a node's records sent after an
 * outage), and ageing comes due between them.  The loop's clock is the
 * test's; libauparse judges the event's age by the wall clock.
 */
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/kaudit/audit_input.h"
#include "daemon/kaudit/audit_socket.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "kernel_testlog.h"

#define KILLER	4100
#define TARGET	5000

struct rig {
	char dir[200];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct ingest_kernel ki;
	struct audit_input ai;
	int client;
};

static void
rig_open(struct rig *r)
{
	struct sockaddr_un sun;
	char path[300], err[256];
	int fd;

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	ck_assert_int_eq(ingest_kernel_init(&r->ki, &r->in), 0);
	r->ki.hub = 1;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	ck_assert_uint_lt(strlen(r->dir) + sizeof "/audit.sock",
	    sizeof sun.sun_path);
	memcpy(sun.sun_path, r->dir, strlen(r->dir));
	memcpy(sun.sun_path + strlen(r->dir), "/audit.sock",
	    sizeof "/audit.sock");
	fd = audit_socket_listen(&sun);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(audit_input_open(&r->ai, &r->ki, &r->counters, fd, -1,
	    ""), 0);
	r->client = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(r->client, 0);
	ck_assert_int_eq(connect(r->client, (struct sockaddr *)&sun,
	    sizeof sun), 0);
}

static void
rig_close(struct rig *r)
{
	close(r->client);
	audit_input_close(&r->ai);
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ingest_kernel_free(&r->ki);
	store_close(r->st);
}

/* One turn of the loop at now_ms: poll without waiting, then handle. */
static void
turn(struct rig *r, int64_t now_ms)
{
	struct pollfd pfd[AUDIT_INPUT_POLLFDS];
	unsigned n = audit_input_pollfds(&r->ai, pfd);

	ck_assert_int_ge(poll(pfd, n, 100), 0);
	audit_input_handle(&r->ai, pfd, n, now_ms);
}

/* One message of the plugin: whole lines, each prefixed node=db3. */
static void
send_lines(struct rig *r, const char *lines)
{
	char msg[4096];
	const char *p = lines, *eol;
	size_t len = 0;

	while ((eol = strchr(p, '\n')) != NULL) {
		len += (size_t)snprintf(msg + len, sizeof msg - len,
		    "node=db3 %.*s\n", (int)(eol - p), p);
		p = eol + 1;
	}
	ck_assert_int_eq(send(r->client, msg, len, 0), (ssize_t)len);
}

START_TEST(late_event_in_two_messages_is_one_event)
{
	struct test_kill k = {
		.sec = (int64_t)time(NULL) - 600, .msec = 250, .serial = 77,
		.pid = KILLER, .ppid = 4000, .uid = 0, .auid = 1000, .ses = 3,
		.a0 = TARGET, .sig = SIGKILL, .opid = TARGET, .ouid = 33,
		.ocomm = "sleep", .argv = { "kill", "-9", "5000", NULL },
	};
	struct test_text t = { 0 };
	struct store_pid_query q;
	struct test_seen s;
	struct rig r;
	char *obj;

	rig_open(&r);
	turn(&r, 1000);		/* the plugin's connection accepted */
	test_kill_records(&t, &k);
	obj = strstr(t.buf, "type=OBJ_PID");
	ck_assert_ptr_nonnull(obj);
	obj[0] = '\0';		/* the SYSCALL line in one message... */
	send_lines(&r, t.buf);
	obj[0] = 't';
	/* ...read when ageing is due, ten minutes after the event's own
	 * time... */
	turn(&r, 3000);
	turn(&r, 3005);
	send_lines(&r, obj);	/* ...and the rest in the next. */
	turn(&r, 3010);
	/* Quiet: the event is handed on whole. */
	turn(&r, 5000);
	turn(&r, 7000);
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	memset(&q, 0, sizeof q);
	memset(&s, 0, sizeof s);
	q.pid = TARGET;
	q.all_processes = 1;
	snprintf(q.node, sizeof q.node, "db3");
	ck_assert_int_eq(store_find_by_pid(r.st, &q, test_collect, &s, NULL), 1);
	ck_assert_uint_ne(s.ev[0].report.flags & WK_F_TARGET_READ, 0);
	ck_assert_str_eq(s.ev[0].report.target.comm, "sleep");
	free(t.buf);
	rig_close(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_input");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_audit_input");
	tcase_add_test(tc, late_event_in_two_messages_is_one_event);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
