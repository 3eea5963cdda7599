/*
 * Seeing a connection to systemd's private socket
 * (daemon/sysd/sysd_private_peer.c), on this process's own sockets: one
 * connected to a listener bound at a path is seen, as the real kernel's
 * sock_diag tells it, once accepted; a socket pair, a listener elsewhere and a path
 * bound again after its socket went are not.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/sysd/sysd_private_peer.h"

static char dir[] = "/tmp/wk-private-peer-XXXXXX";
static char path_a[128], path_b[128];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path_a, sizeof path_a, "%s/private", dir);
	snprintf(path_b, sizeof path_b, "%s/other", dir);
}

static void
teardown(void)
{
	unlink(path_a);
	unlink(path_b);
	rmdir(dir);
	strcpy(dir, "/tmp/wk-private-peer-XXXXXX");
}

static int
listener(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

static int
client(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	return fd;
}

START_TEST(a_connection_to_the_path_is_seen)
{
	int l = listener(path_a), c, a;

	/* Listening alone is not being connected. */
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 0);
	/* Seen once accepted (systemd accepts at once): before, the kernel
	 * has the server's end only on the listener's queue, where
	 * sock_diag does not look. */
	c = client(path_a);
	a = accept(l, NULL, NULL);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 1);
	close(c);
	close(a);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 0);
	close(l);
}
END_TEST

START_TEST(other_sockets_are_not_taken_for_it)
{
	int la = listener(path_a), lb = listener(path_b), c, a, sp[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sp), 0);
	c = client(path_b);
	a = accept(lb, NULL, NULL);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 0);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_b), 1);
	close(c);
	close(a);
	close(sp[0]);
	close(sp[1]);
	close(lb);
	close(la);
}
END_TEST

START_TEST(a_name_bound_again_is_another_socket)
{
	int l = listener(path_a), c = client(path_a), a, l2;

	/* The old connection stays; its listener's file is replaced by a
	 * new socket of the same name, which it is not connected to. */
	a = accept(l, NULL, NULL);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 1);
	ck_assert_int_eq(unlink(path_a), 0);
	l2 = listener(path_a);
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), 0);
	close(c);
	close(a);
	close(l2);
	close(l);
}
END_TEST

START_TEST(what_cannot_be_told_says_so)
{
	errno = 0;
	ck_assert_int_eq(sysd_private_peer(getpid(), path_a), -1);
	ck_assert_int_eq(errno, ENOENT);		/* no socket there */
	ck_assert_int_eq(sysd_private_peer(getpid(), dir), -1);
	ck_assert_int_eq(errno, ENOTSOCK);
	(void)listener(path_a);
	/* No such process. */
	ck_assert_int_eq(sysd_private_peer(0x7ffffff0, path_a), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sysd_private_peer");
	TCase *tc = tcase_create("peer");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_connection_to_the_path_is_seen);
	tcase_add_test(tc, other_sockets_are_not_taken_for_it);
	tcase_add_test(tc, a_name_bound_again_is_another_socket);
	tcase_add_test(tc, what_cannot_be_told_says_so);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
