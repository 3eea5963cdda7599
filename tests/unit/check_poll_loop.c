/* The poll loop's table of parts: slices, order, timers, overflow. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/base/poll_loop.h"

/* A part polling the read ends of its pipes, recording what it saw. */
struct fake_part {
	int fds[3];
	unsigned nfds;
	int timeout;		/* what timeout_ms answers */
	unsigned handled;	/* rounds handled */
	unsigned seen_n;	/* n at the last handle */
	int seen_fd[3];
	short seen_revents[3];
	unsigned *order;	/* shared: the order parts were handled in */
	unsigned *order_len;
	unsigned id;
};

static unsigned
fake_fill(void *arg, struct pollfd *pfd)
{
	struct fake_part *f = arg;

	for (unsigned i = 0; i < f->nfds; i++) {
		pfd[i].fd = f->fds[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	return f->nfds;
}

static void
fake_handle(void *arg, const struct pollfd *pfd, unsigned n, int64_t now)
{
	struct fake_part *f = arg;

	(void)now;
	f->handled++;
	f->seen_n = n;
	for (unsigned i = 0; i < n && i < 3; i++) {
		f->seen_fd[i] = pfd[i].fd;
		f->seen_revents[i] = pfd[i].revents;
	}
	f->order[(*f->order_len)++] = f->id;
}

static int
fake_timeout(void *arg, int64_t now)
{
	(void)now;
	return ((struct fake_part *)arg)->timeout;
}

static int64_t
clock_zero(void)
{
	return 0;
}

static struct poll_part
part_of(struct fake_part *f)
{
	struct poll_part p = { "fake", 3, fake_fill, fake_handle,
	    fake_timeout, f };
	return p;
}

START_TEST(each_part_gets_its_own_slice_in_order)
{
	int a[2], b[2], c[2];
	unsigned order[8], order_len = 0;
	struct fake_part f1 = { .nfds = 2, .timeout = -1, .order = order,
	    .order_len = &order_len, .id = 1 };
	struct fake_part f2 = { .nfds = 1, .timeout = 0, .order = order,
	    .order_len = &order_len, .id = 2 };
	struct poll_loop pl;
	struct poll_part p1, p2;
	sigset_t mask;

	ck_assert_int_eq(pipe(a), 0);
	ck_assert_int_eq(pipe(b), 0);
	ck_assert_int_eq(pipe(c), 0);
	f1.fds[0] = a[0];
	f1.fds[1] = b[0];
	f2.fds[0] = c[0];
	p1 = part_of(&f1);
	p2 = part_of(&f2);
	poll_loop_init(&pl);
	ck_assert_int_eq(poll_loop_add(&pl, &p1), 0);
	ck_assert_int_eq(poll_loop_add(&pl, &p2), 0);
	/* Only the second pipe of the first part and the third are ready. */
	ck_assert_int_eq(write(b[1], "x", 1), 1);
	ck_assert_int_eq(write(c[1], "x", 1), 1);
	sigemptyset(&mask);
	ck_assert_int_eq(poll_loop_once(&pl, &mask, clock_zero), 0);
	ck_assert_uint_eq(order_len, 2);
	ck_assert_uint_eq(order[0], 1);
	ck_assert_uint_eq(order[1], 2);
	ck_assert_uint_eq(f1.seen_n, 2);
	ck_assert_int_eq(f1.seen_fd[0], a[0]);
	ck_assert_int_eq(f1.seen_revents[0], 0);
	ck_assert_int_eq(f1.seen_fd[1], b[0]);
	ck_assert(f1.seen_revents[1] & POLLIN);
	ck_assert_uint_eq(f2.seen_n, 1);
	ck_assert_int_eq(f2.seen_fd[0], c[0]);
	ck_assert(f2.seen_revents[0] & POLLIN);
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
		close(c[i]);
	}
}
END_TEST

START_TEST(a_due_timer_ends_the_wait)
{
	unsigned order[8], order_len = 0;
	int a[2];
	struct fake_part f = { .nfds = 1, .timeout = 0, .order = order,
	    .order_len = &order_len, .id = 7 };
	struct poll_loop pl;
	struct poll_part p;
	sigset_t mask;

	/* Nothing is ready: only the timer (0 ms) returns from the wait,
	 * and the part is handled all the same. */
	ck_assert_int_eq(pipe(a), 0);
	f.fds[0] = a[0];
	p = part_of(&f);
	poll_loop_init(&pl);
	ck_assert_int_eq(poll_loop_add(&pl, &p), 0);
	sigemptyset(&mask);
	ck_assert_int_eq(poll_loop_once(&pl, &mask, clock_zero), 0);
	ck_assert_uint_eq(f.handled, 1);
	ck_assert_int_eq(f.seen_revents[0], 0);
	close(a[0]);
	close(a[1]);
}
END_TEST

START_TEST(too_many_parts_or_fds_are_refused)
{
	struct poll_loop pl;
	struct poll_part p = { "big", POLL_LOOP_MAX_FDS, NULL, NULL, NULL,
	    NULL };
	struct poll_part small = { "small", 0, NULL, NULL, NULL, NULL };
	unsigned i;

	poll_loop_init(&pl);
	ck_assert_int_eq(poll_loop_add(&pl, &p), 0);
	p.max_fds = 1;
	errno = 0;
	ck_assert_int_eq(poll_loop_add(&pl, &p), -1);
	ck_assert_int_eq(errno, ENOSPC);
	for (i = 1; i < POLL_LOOP_MAX_PARTS; i++)
		ck_assert_int_eq(poll_loop_add(&pl, &small), 0);
	errno = 0;
	ck_assert_int_eq(poll_loop_add(&pl, &small), -1);
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

static Suite *
poll_loop_suite(void)
{
	Suite *s = suite_create("poll_loop");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, each_part_gets_its_own_slice_in_order);
	tcase_add_test(tc, a_due_timer_ends_the_wait);
	tcase_add_test(tc, too_many_parts_or_fds_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(poll_loop_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
