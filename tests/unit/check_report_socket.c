/*
 * The report socket's receive side: a batch of datagrams in one call, each
 * with its sender's credentials, a longer one marked truncated.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/base/report_socket.h"

static struct report_dgram got[REPORT_BATCH_MAX];

/* A datagram socket pair; the receiver (fds[0]) asks for credentials. */
static void
pair(int fds[2])
{
	int one = 1;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0,
	    fds), 0);
	ck_assert_int_eq(setsockopt(fds[0], SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof one), 0);
}

START_TEST(a_batch_keeps_each_datagram_and_its_sender)
{
	static char big[WK_REPORT_MAX + 100];
	int fds[2], n;

	pair(fds);
	ck_assert_int_eq(send(fds[1], "one", 3, 0), 3);
	memset(big, 'x', sizeof big);
	ck_assert_int_eq(send(fds[1], big, sizeof big, 0), (int)sizeof big);
	ck_assert_int_eq(send(fds[1], "three", 5, 0), 5);

	n = report_socket_recv_batch(fds[0], got, REPORT_BATCH_MAX);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(got[0].len, 3);
	ck_assert_mem_eq(got[0].buf.raw, "one", 3);
	ck_assert_int_eq(got[0].truncated, 0);
	ck_assert_int_eq(got[1].truncated, 1);
	ck_assert_uint_eq(got[1].len, sizeof got[1].buf.raw);
	ck_assert_uint_eq(got[2].len, 5);
	for (n = 0; n < 3; n++) {
		ck_assert_int_eq(got[n].have_cred, 1);
		ck_assert_int_eq(got[n].cred.pid, getpid());
		ck_assert_uint_eq(got[n].cred.uid, getuid());
	}
	/* Empty now: EAGAIN, not a wait. */
	ck_assert_int_eq(report_socket_recv_batch(fds[0], got,
	    REPORT_BATCH_MAX), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(a_batch_takes_no_more_than_asked)
{
	int fds[2], i;

	pair(fds);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(send(fds[1], "r", 1, 0), 1);
	ck_assert_int_eq(report_socket_recv_batch(fds[0], got, 2), 2);
	ck_assert_int_eq(report_socket_recv_batch(fds[0], got,
	    REPORT_BATCH_MAX), 3);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report_socket");
	TCase *tc = tcase_create("receive");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, a_batch_keeps_each_datagram_and_its_sender);
	tcase_add_test(tc, a_batch_takes_no_more_than_asked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
