/*
 * Helpers for the PAM module's tests.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "whokilled/wire.h"

#include "pam_testlib.h"

char pamwkt_top[PATH_MAX];

void
pamwkt_top_make(void)
{
	snprintf(pamwkt_top, sizeof pamwkt_top, "/tmp/whokilled-pam.XXXXXX");
	if (mkdtemp(pamwkt_top) == NULL || chmod(pamwkt_top, 0755) < 0) {
		perror("mkdtemp");
		exit(2);
	}
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

void
pamwkt_remove_tree(const char *path)
{
	/* Best effort: what cannot be removed is left for the next run's eyes. */
	(void)nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
pamwkt_top_remove(void)
{
	if (pamwkt_top[0] != '\0')
		pamwkt_remove_tree(pamwkt_top);
}

void
pamwkt_join(char out[PATH_MAX], const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

	ck_assert_msg(n > 0 && n < PATH_MAX, "path too long: %s/%s", dir, name);
}

void
pamwkt_mkdir(char out[PATH_MAX])
{
	pamwkt_join(out, pamwkt_top, "t.XXXXXX");
	ck_assert_msg(mkdtemp(out) != NULL, "mkdtemp: %s", strerror(errno));
	ck_assert_int_eq(chmod(out, 0755), 0);
}

void
pamwkt_write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	size_t len = strlen(text);
	int fd;

	pamwkt_join(path, dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "create %s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

const char *
pamwkt_module_path(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX], guess[PATH_MAX + 32];
	ssize_t n;

	if (path[0] != '\0')
		return path;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	/* build/tests/pam/check_pam_X -> the top of the tree. */
	if (snprintf(guess, sizeof guess, "%s/../../../pam_whokilled.so",
	    dirname(exe)) >= (int)sizeof guess)
		return NULL;
	if (realpath(guess, path) == NULL) {
		fprintf(stderr, "pam_whokilled.so not found at %s: %s\n", guess,
		    strerror(errno));
		path[0] = '\0';
		return NULL;
	}
	return path;
}

int
pamwkt_listen(const char *dir)
{
	struct sockaddr_un addr;
	int one = 1;
	int fd;

	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	ck_assert_int_lt(snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%s",
	    dir, WK_REPORT_SOCKET), (int)sizeof addr.sun_path);
	unlink(addr.sun_path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one,
	    sizeof one), 0);
	ck_assert_msg(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0,
	    "bind %s: %s", addr.sun_path, strerror(errno));
	/* Writable by all, as the daemon's: a test may drop privileges. */
	ck_assert_int_eq(chmod(addr.sun_path, 0666), 0);
	return fd;
}

ssize_t
pamwkt_take(int fd, void *buf, size_t size, struct ucred *cred)
{
	char control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof control,
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	memset(cred, 0, sizeof *cred);
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS)
			memcpy(cred, CMSG_DATA(c), sizeof *cred);
	return n;
}

/* Reads one unsigned number from a /proc file; aborts the test on error. */
static unsigned
read_number(const char *path)
{
	unsigned v = 0;
	FILE *f = fopen(path, "re");

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fscanf(f, "%u", &v), 1);
	fclose(f);
	return v;
}

unsigned
pamwkt_loginuid(void)
{
	return read_number("/proc/self/loginuid");
}

unsigned
pamwkt_sessionid(void)
{
	return read_number("/proc/self/sessionid");
}

unsigned long long
pamwkt_start_time(void)
{
	char buf[1024];
	unsigned long long start = 0;
	const char *p;
	size_t n;
	FILE *f = fopen("/proc/self/stat", "re");

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	ck_assert_ptr_nonnull(p);
	/* After ") ": state is field 3; starttime is field 22. */
	p += 2;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	ck_assert_int_eq(sscanf(p, "%llu", &start), 1);
	return start;
}

void
pamwkt_require_unset_loginuid(void)
{
	unsigned id = pamwkt_loginuid();

	ck_assert_msg(id == WK_ID_UNSET,
	    "this test needs a process whose /proc/self/loginuid is unset "
	    "(4294967295), to watch it being stamped; here it is already %u "
	    "(the test runs inside a login session stamped by pam_loginuid). "
	    "Run it from a service or a shell without a login uid.", id);
}
