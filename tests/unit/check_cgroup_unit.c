/*
 * The /proc/PID/cgroup parser (common/cgroup_unit.c): cgroup v2, hybrid
 * and legacy hosts (systemd's name=systemd line), user managers' units,
 * scopes, delegated sub-cgroups, systemd's escaping, forged lines, garbage
 * and very long paths; and this process's own file.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cgroup_unit.h"

struct parsed {
	int rc;
	int err;
	char path[512];
	char unit[256];
};

static struct parsed
parse(const char *text)
{
	struct parsed p;

	memset(&p, 0, sizeof p);
	errno = 0;
	p.rc = wk_cgroup_parse(text, strlen(text), p.path, sizeof p.path,
	    p.unit, sizeof p.unit);
	p.err = errno;
	return p;
}

/* text parses to path and unit ("" none). */
static void
assert_parsed(const char *text, const char *path, const char *unit)
{
	struct parsed p = parse(text);

	ck_assert_msg(p.rc == 0, "refused \"%s\" (errno %d)", text, p.err);
	ck_assert_str_eq(p.path, path);
	ck_assert_str_eq(p.unit, unit);
}

static void
assert_refused(const char *text, int err)
{
	struct parsed p = parse(text);

	ck_assert_msg(p.rc == -1, "accepted \"%s\" as %s", text, p.path);
	ck_assert_int_eq(p.err, err);
	ck_assert_str_eq(p.path, "");
	ck_assert_str_eq(p.unit, "");
}

static const char *
unit_of(const char *path)
{
	static char unit[256];

	(void)wk_cgroup_unit(path, strlen(path), unit, sizeof unit);
	return unit;
}

START_TEST(cgroup_v2_services_and_scopes)
{
	assert_parsed("0::/system.slice/nginx.service\n",
	    "/system.slice/nginx.service", "nginx.service");
	assert_parsed("0::/init.scope\n", "/init.scope", "init.scope");
	assert_parsed("0::/user.slice/user-1000.slice/session-3.scope\n",
	    "/user.slice/user-1000.slice/session-3.scope", "session-3.scope");
	assert_parsed("0::/system.slice/system-getty.slice/getty@tty1.service\n",
	    "/system.slice/system-getty.slice/getty@tty1.service",
	    "getty@tty1.service");
	assert_parsed("0::/system.slice/var-lib-x.mount\n",
	    "/system.slice/var-lib-x.mount", "var-lib-x.mount");
	assert_parsed("0::/system.slice/ssh.socket", "/system.slice/ssh.socket",
	    "ssh.socket");
	/* No newline at the end is fine; the root has no unit. */
	assert_parsed("0::/", "/", "");
	assert_parsed("0::/\n", "/", "");
}
END_TEST

START_TEST(user_managers_units)
{
	const char *base = "/user.slice/user-1000.slice/user@1000.service";
	char path[300];

	snprintf(path, sizeof path, "%s/app.slice/foo.service", base);
	ck_assert_str_eq(unit_of(path), "foo.service");
	snprintf(path, sizeof path, "%s/init.scope", base);
	ck_assert_str_eq(unit_of(path), "init.scope");
	snprintf(path, sizeof path,
	    "%s/app.slice/app-gnome-firefox-2211.scope", base);
	ck_assert_str_eq(unit_of(path), "app-gnome-firefox-2211.scope");
	snprintf(path, sizeof path, "%s/session.slice/pipewire.service", base);
	ck_assert_str_eq(unit_of(path), "pipewire.service");
	/* Nothing below the manager: the manager's own unit. */
	ck_assert_str_eq(unit_of(base), "user@1000.service");
	/* A delegated sub-cgroup of no unit name: the manager stays. */
	snprintf(path, sizeof path, "%s/mine", base);
	ck_assert_str_eq(unit_of(path), "user@1000.service");
}
END_TEST

START_TEST(delegated_subgroups_stay_their_service)
{
	ck_assert_str_eq(unit_of("/system.slice/docker.service/payload"),
	    "docker.service");
	ck_assert_str_eq(unit_of("/system.slice/foo.service/worker.scope"),
	    "foo.service");
	ck_assert_str_eq(unit_of("/system.slice/docker-4f1c.scope/init"),
	    "docker-4f1c.scope");
	/* A process directly in a slice belongs to it. */
	ck_assert_str_eq(unit_of("/system.slice"), "system.slice");
	ck_assert_str_eq(unit_of("/machine.slice/machine-x.slice"),
	    "machine-x.slice");
	/* systemd's escape of a name that needs it (cg_escape). */
	ck_assert_str_eq(unit_of("/system.slice/_cpu.service"), "cpu.service");
	/* Paths of other managers name no unit. */
	ck_assert_str_eq(unit_of("/docker/4f1c0a"), "");
	ck_assert_str_eq(unit_of("/lxc.payload.ct1/system.slice/a.service"),
	    "");
	ck_assert_str_eq(unit_of("/process_api/66269ca6"), "");
	ck_assert_str_eq(unit_of("/"), "");
	ck_assert_str_eq(unit_of(""), "");
	/* Not unit names: no type, unknown type, bad characters. */
	ck_assert_str_eq(unit_of("/system.slice/foo"), "");
	ck_assert_str_eq(unit_of("/system.slice/foo.bar"), "");
	ck_assert_str_eq(unit_of("/system.slice/f oo.service"), "");
	ck_assert_str_eq(unit_of("/system.slice/.service"), "");
	ck_assert_str_eq(unit_of("/system.slice/@x.service"), "");
}
END_TEST

START_TEST(hybrid_and_legacy_hosts)
{
	/* Hybrid, systemd in step in both: the v2 line. */
	assert_parsed("12:pids:/system.slice/a.service\n"
	    "1:name=systemd:/system.slice/a.service\n"
	    "0::/system.slice/a.service\n",
	    "/system.slice/a.service", "a.service");
	/* Legacy (or a hybrid host whose systemd tracks in v1 only): the
	 * v2 line is the root, systemd's own hierarchy knows. */
	assert_parsed("9:name=systemd:/system.slice/cron.service\n"
	    "8:pids:/\n4:memory:/\n0::/\n",
	    "/system.slice/cron.service", "cron.service");
	/* No v2 line at all (an old kernel). */
	assert_parsed("3:cpu,cpuacct:/\n1:name=systemd:/init.scope\n",
	    "/init.scope", "init.scope");
	/* Moved in v2 only: the v2 line, which is not the root. */
	assert_parsed("9:name=systemd:/\n0::/wk.slice/victim.service\n",
	    "/wk.slice/victim.service", "victim.service");
	/* name=systemd among other names of its hierarchy. */
	assert_parsed("2:foo,name=systemd:/x.slice/y.scope\n0::/\n",
	    "/x.slice/y.scope", "y.scope");
	/* A name only like systemd's is not it. */
	assert_parsed("2:name=systemdx:/x.slice/y.scope\n0::/\n", "/", "");
	/* This machine's kind of file: everything at the roots. */
	assert_parsed("9:name=systemd:/\n8:pids:/\n"
	    "4:memory:/process_api/66269ca675829ff1e83b7c3c130ecf36\n0::/\n",
	    "/", "");
}
END_TEST

START_TEST(forged_lines_are_refused)
{
	/* A cgroup named "x\n0::/system.slice/sshd.service" under a
	 * delegated user's tree: two v2 lines. */
	assert_refused("0::/user.slice/user-1000.slice/user@1000.service/x\n"
	    "0::/system.slice/sshd.service\n", EINVAL);
	assert_refused("1:name=systemd:/user.slice/x\n"
	    "1:name=systemd:/system.slice/sshd.service\n0::/\n", EINVAL);
	/* A name with a newline and no colons after it. */
	assert_refused("0::/user.slice/evil\nname\n", EINVAL);
}
END_TEST

START_TEST(garbage_is_refused)
{
	assert_refused("", ENOENT);
	assert_refused("4:memory:/foo\n", ENOENT);
	assert_refused("\n", EINVAL);
	assert_refused("0:/\n", EINVAL);
	assert_refused("0::\n", EINVAL);
	assert_refused("0::system.slice/a.service\n", EINVAL);
	assert_refused("x::/a.service\n", EINVAL);
	assert_refused(":0::/a.service\n", EINVAL);
	assert_refused("0::/a\n\n", EINVAL);
	assert_refused("garbage", EINVAL);
}
END_TEST

START_TEST(nothing_after_len_is_read)
{
	const char text[] = "0::/system.slice/a.service\n0::/evil.service\n";
	char path[64], unit[64];

	/* Only the first line is given. */
	ck_assert_int_eq(wk_cgroup_parse(text, 27, path, sizeof path, unit,
	    sizeof unit), 0);
	ck_assert_str_eq(path, "/system.slice/a.service");
	ck_assert_str_eq(unit, "a.service");
}
END_TEST

/* A unit stopped while its process is a zombie: the kernel says so. */
START_TEST(removed_cgroups_keep_their_unit)
{
	assert_parsed("0::/system.slice/victim.service (deleted)\n",
	    "/system.slice/victim.service", "victim.service");
	assert_parsed("0::/user.slice/user-1000.slice/session-4.scope (deleted)",
	    "/user.slice/user-1000.slice/session-4.scope", "session-4.scope");
	/* Only at the end, and only the kernel's words. */
	assert_parsed("0::/system.slice/a (deleted).service\n",
	    "/system.slice/a (deleted).service", "");
}
END_TEST

START_TEST(very_long_paths)
{
	static char text[9000];
	char path[512], unit[256], small[8];
	size_t n;
	int i;

	/* 40 nested slices of 100 bytes, then the service: 4 KB. */
	n = (size_t)snprintf(text, sizeof text, "0::/");
	for (i = 0; i < 40; i++) {
		memset(text + n, 'a', 94);
		n += 94;
		n += (size_t)snprintf(text + n, sizeof text - n, "%c.slice/",
		    'a' + i % 26);
	}
	n += (size_t)snprintf(text + n, sizeof text - n, "deep.service\n");
	ck_assert_uint_gt(n, 4000);
	ck_assert_int_eq(wk_cgroup_parse(text, n, path, sizeof path, unit,
	    sizeof unit), 0);
	/* The unit comes from the whole path; the path is cut, and says so. */
	ck_assert_str_eq(unit, "deep.service");
	ck_assert_uint_eq(strlen(path), sizeof path - 1);
	ck_assert_str_eq(path + sizeof path - 4, "...");
	ck_assert_int_eq(memcmp(path, "/aaa", 4), 0);
	/* A unit longer than its buffer is none rather than a cut name. */
	ck_assert_int_eq(wk_cgroup_parse("0::/system.slice/abcdefgh.service",
	    33, path, sizeof path, small, sizeof small), 0);
	ck_assert_str_eq(small, "");
	/* A unit name past systemd's 255 bytes is no unit. */
	n = (size_t)snprintf(text, sizeof text, "0::/system.slice/");
	memset(text + n, 'b', 300);
	n += 300;
	n += (size_t)snprintf(text + n, sizeof text - n, ".service\n");
	ck_assert_int_eq(wk_cgroup_parse(text, n, path, sizeof path, unit,
	    sizeof unit), 0);
	ck_assert_str_eq(unit, "");
}
END_TEST

START_TEST(own_cgroup_file)
{
	char buf[4096], path[512], unit[256];
	ssize_t n;
	int fd;

	fd = open("/proc/self/cgroup", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof buf);
	close(fd);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(wk_cgroup_parse(buf, (size_t)n, path, sizeof path,
	    unit, sizeof unit), 0);
	ck_assert_int_eq(path[0], '/');
}
END_TEST

static Suite *
cgroup_unit_suite(void)
{
	Suite *s = suite_create("cgroup_unit");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, cgroup_v2_services_and_scopes);
	tcase_add_test(tc, user_managers_units);
	tcase_add_test(tc, delegated_subgroups_stay_their_service);
	tcase_add_test(tc, hybrid_and_legacy_hosts);
	tcase_add_test(tc, forged_lines_are_refused);
	tcase_add_test(tc, garbage_is_refused);
	tcase_add_test(tc, nothing_after_len_is_read);
	tcase_add_test(tc, removed_cgroups_keep_their_unit);
	tcase_add_test(tc, very_long_paths);
	tcase_add_test(tc, own_cgroup_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cgroup_unit_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
