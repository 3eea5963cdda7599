/*
 * Unit tests of the PAM module's core, linked with its objects: options,
 * /proc/self readers, the login uid stamping rule against files of the
 * test's own (and the kernel's refusal), report building and sending.
 * Each test runs in its own process (CK_FORK).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../common/procstat.h"
#include "../../pam_module/pam_report.h"
#include "../../pam_module/pam_session.h"
#include "../../pam_module/pam_whokilled.h"
#include "pam_testlib.h"
#include "whokilled/wire.h"

static int main_argc;
static char **main_argv;

/* ------------------------------------------------------------ helpers */

/* Reads a whole small file into buf as a string. */
static void
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, buf, size - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
}

/* Writes len bytes (NULs allowed) to dir/name; returns the path in out. */
static void
write_bytes(const char *dir, const char *name, const char *bytes,
    size_t len, char out[PATH_MAX])
{
	int fd;

	pamwkt_join(out, dir, name);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, bytes, len), (ssize_t)len);
	close(fd);
}

/* A directory with "loginuid" and "sessionid" files holding the texts given. */
static void
audit_files(char dir[PATH_MAX], const char *loginuid,
    const char *sessionid, char lpath[PATH_MAX], char spath[PATH_MAX])
{
	pamwkt_mkdir(dir);
	if (loginuid != NULL)
		pamwkt_write_file(dir, "loginuid", loginuid);
	if (sessionid != NULL)
		pamwkt_write_file(dir, "sessionid", sessionid);
	pamwkt_join(lpath, dir, "loginuid");
	pamwkt_join(spath, dir, "sessionid");
}

/* ------------------------------------------------------------ options */

START_TEST(options_default_all_off)
{
	struct pamwk_options o;

	pamwk_options_init(&o);
	ck_assert_int_eq(o.debug, 0);
	ck_assert_int_eq(o.authfail, 0);
	ck_assert_int_eq(o.nostamp, 0);
	ck_assert_int_eq(o.require_audit, 0);
	ck_assert_str_eq(o.socket_dir, WK_DEFAULT_SOCKET_DIR);
}
END_TEST

START_TEST(options_each_flag_sets_its_field)
{
	struct pamwk_options o;

	pamwk_options_init(&o);
	ck_assert_int_eq(pamwk_option_apply(&o, "debug"), 0);
	ck_assert_int_eq(pamwk_option_apply(&o, "authfail"), 0);
	ck_assert_int_eq(pamwk_option_apply(&o, "nostamp"), 0);
	ck_assert_int_eq(pamwk_option_apply(&o, "require_audit"), 0);
	ck_assert_int_eq(pamwk_option_apply(&o, "socket_dir=/run/elsewhere"), 0);
	ck_assert_int_eq(o.debug, 1);
	ck_assert_int_eq(o.authfail, 1);
	ck_assert_int_eq(o.nostamp, 1);
	ck_assert_int_eq(o.require_audit, 1);
	ck_assert_str_eq(o.socket_dir, "/run/elsewhere");
}
END_TEST

START_TEST(options_unknown_rejected)
{
	struct pamwk_options o;

	pamwk_options_init(&o);
	errno = 0;
	ck_assert_int_eq(pamwk_option_apply(&o, "frobnicate"), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* A prefix of a real option is not that option. */
	ck_assert_int_eq(pamwk_option_apply(&o, "debugx"), -1);
	ck_assert_int_eq(o.debug, 0);
}
END_TEST

START_TEST(options_socket_dir_must_be_absolute)
{
	struct pamwk_options o;

	pamwk_options_init(&o);
	errno = 0;
	ck_assert_int_eq(pamwk_option_apply(&o, "socket_dir=run/x"), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(pamwk_option_apply(&o, "socket_dir="), -1);
	ck_assert_str_eq(o.socket_dir, WK_DEFAULT_SOCKET_DIR);
}
END_TEST

START_TEST(options_socket_dir_length_limit)
{
	char arg[WK_SOCKET_DIR_MAX + 32];
	struct pamwk_options o;
	size_t prefix = strlen("socket_dir=");

	pamwk_options_init(&o);
	memcpy(arg, "socket_dir=", prefix);
	arg[prefix] = '/';
	memset(arg + prefix + 1, 'd', WK_SOCKET_DIR_MAX - 1);
	arg[prefix + WK_SOCKET_DIR_MAX] = '\0';
	ck_assert_int_eq(pamwk_option_apply(&o, arg), 0);
	ck_assert_uint_eq(strlen(o.socket_dir), WK_SOCKET_DIR_MAX);

	pamwk_options_init(&o);
	arg[prefix + WK_SOCKET_DIR_MAX] = 'd';
	arg[prefix + WK_SOCKET_DIR_MAX + 1] = '\0';
	errno = 0;
	ck_assert_int_eq(pamwk_option_apply(&o, arg), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_str_eq(o.socket_dir, WK_DEFAULT_SOCKET_DIR);
}
END_TEST

/* ------------------------------------------------------------ /proc/self */

START_TEST(stat_comm_with_parens_and_spaces)
{
	static const char text[] = "4242 (a) b) (c) S 17 4242 4000 34816 4242 "
	    "4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654321 1000 100\n";
	struct wk_procstat st;

	ck_assert_int_eq(wk_procstat_parse(text, sizeof text - 1, &st), 0);
	ck_assert_int_eq(st.pid, 4242);
	ck_assert_str_eq(st.comm, "a) b) (c");
	ck_assert_int_eq(st.ppid, 17);
	ck_assert_int_eq(st.pgrp, 4242);
	ck_assert_int_eq(st.session, 4000);
	ck_assert_int_eq(st.tty_nr, 34816);
	ck_assert_uint_eq(st.start_time, 987654321ull);
}
END_TEST

START_TEST(stat_long_comm_cut)
{
	static const char text[] = "7 (abcdefghijklmnopqrstuvwxyz) S 1 7 7 0 -1 "
	    "0 0 0 0 0 0 0 0 0 20 0 1 0 55";
	struct wk_procstat st;

	ck_assert_int_eq(wk_procstat_parse(text, sizeof text - 1, &st), 0);
	ck_assert_str_eq(st.comm, "abcdefghijklmno");
	ck_assert_uint_eq(st.start_time, 55);
}
END_TEST

START_TEST(stat_missing_fields_rejected)
{
	static const char text[] = "7 (sh) S 1 7 7 0 -1 0 0 0";
	static const char garbage[] = "7 (sh) S x 7 7 0 -1 0 0 0 0 0 0 0 0 0 "
	    "20 0 1 0 55";
	struct wk_procstat st;

	errno = 0;
	ck_assert_int_eq(wk_procstat_parse(text, sizeof text - 1, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(wk_procstat_parse(garbage, sizeof garbage - 1, &st),
	    -1);
}
END_TEST

START_TEST(stat_of_self_is_this_process)
{
	struct wk_procstat st;

	ck_assert_int_eq(pamwk_read_stat(PAMWK_PROC_STAT, &st), 0);
	ck_assert_int_eq(st.pid, getpid());
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_uint_eq(st.start_time, pamwkt_start_time());
}
END_TEST

START_TEST(read_id_values)
{
	char dir[PATH_MAX], path[PATH_MAX];
	uint32_t id = 0;

	pamwkt_mkdir(dir);
	pamwkt_join(path, dir, "id");
	pamwkt_write_file(dir, "id", "4294967295");
	ck_assert_int_eq(pamwk_read_id(path, &id), 0);
	ck_assert_uint_eq(id, WK_ID_UNSET);
	pamwkt_write_file(dir, "id", "1000\n");
	ck_assert_int_eq(pamwk_read_id(path, &id), 0);
	ck_assert_uint_eq(id, 1000);
	pamwkt_write_file(dir, "id", "4294967296");
	errno = 0;
	ck_assert_int_eq(pamwk_read_id(path, &id), -1);
	ck_assert_int_eq(errno, EINVAL);
	pamwkt_write_file(dir, "id", "12ab");
	ck_assert_int_eq(pamwk_read_id(path, &id), -1);
	pamwkt_write_file(dir, "id", "-1");
	ck_assert_int_eq(pamwk_read_id(path, &id), -1);
	pamwkt_join(path, dir, "none");
	errno = 0;
	ck_assert_int_eq(pamwk_read_id(path, &id), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(cmdline_plain)
{
	static const char text[] = "su\0-\0root";	/* with its final NUL */
	char dir[PATH_MAX], path[PATH_MAX];
	static char argv[WK_ARGV_MAX];
	struct wk_caller c;

	pamwkt_mkdir(dir);
	write_bytes(dir, "cmdline", text, sizeof text, path);
	ck_assert_int_eq(pamwk_read_cmdline(path, &c, argv), 0);
	ck_assert_uint_eq(c.argc, 3);
	ck_assert_uint_eq(c.argv_len, sizeof text);
	ck_assert_int_eq(memcmp(argv, text, sizeof text), 0);
	ck_assert_uint_eq(c.argv_cut.head, 0);
}
END_TEST

START_TEST(cmdline_rewritten_without_final_nul)
{
	static const char text[] = "sshd: alice [priv]";
	char dir[PATH_MAX], path[PATH_MAX];
	static char argv[WK_ARGV_MAX];
	struct wk_caller c;

	pamwkt_mkdir(dir);
	write_bytes(dir, "cmdline", text, sizeof text - 1, path);
	ck_assert_int_eq(pamwk_read_cmdline(path, &c, argv), 0);
	ck_assert_uint_eq(c.argc, 1);
	ck_assert_uint_eq(c.argv_len, sizeof text);
	ck_assert_str_eq(argv, text);
	ck_assert_int_eq(argv[c.argv_len - 1], '\0');
}
END_TEST

/* A command line three times the limit keeps its beginning and its end. */
START_TEST(cmdline_long_keeps_head_and_tail)
{
	static char text[3 * WK_ARGV_MAX], argv[WK_ARGV_MAX];
	char dir[PATH_MAX], path[PATH_MAX];
	size_t n = 3 * WK_ARGV_MAX / 10;
	struct wk_caller c;
	const char *why;

	/* n arguments "a0000000x" of 10 bytes each, NUL included. */
	for (size_t i = 0; i < n; i++)
		snprintf(text + i * 10, 10, "a%07zux", i);
	pamwkt_mkdir(dir);
	write_bytes(dir, "cmdline", text, n * 10, path);
	ck_assert_int_eq(pamwk_read_cmdline(path, &c, argv), 1);
	ck_assert_uint_eq(c.argc, n);
	ck_assert_uint_le(c.argv_len, WK_ARGV_MAX);
	ck_assert_str_eq(argv, "a0000000x");
	/* The last argument is the last kept. */
	ck_assert_str_eq(argv + c.argv_len - 10, text + (n - 1) * 10);
	ck_assert_uint_gt(c.argv_cut.head, 0);
	ck_assert_uint_eq(c.argv_cut.flags, 0);
	ck_assert_uint_eq(c.argv_cut.args, n - c.argv_len / 10);
	ck_assert_uint_eq(c.argv_cut.bytes, 9 * c.argv_cut.args);
	ck_assert(wk_argv_valid(&c, WK_F_ARGV_TRUNCATED, argv, &why));
}
END_TEST

START_TEST(cmdline_exactly_full_is_not_cut)
{
	static char text[WK_ARGV_MAX], argv[WK_ARGV_MAX];
	char dir[PATH_MAX], path[PATH_MAX];
	struct wk_caller c;

	memset(text, 'x', sizeof text);
	text[99] = '\0';
	text[WK_ARGV_MAX - 1] = '\0';
	pamwkt_mkdir(dir);
	write_bytes(dir, "cmdline", text, sizeof text, path);
	ck_assert_int_eq(pamwk_read_cmdline(path, &c, argv), 0);
	ck_assert_uint_eq(c.argc, 2);
	ck_assert_uint_eq(c.argv_len, WK_ARGV_MAX);
	ck_assert_int_eq(memcmp(argv, text, sizeof text), 0);
	ck_assert_uint_eq(c.argv_cut.head, 0);
}
END_TEST

START_TEST(cmdline_empty)
{
	char dir[PATH_MAX], path[PATH_MAX];
	static char argv[WK_ARGV_MAX];
	struct wk_caller c = { .argc = 9, .argv_len = 9 };

	pamwkt_mkdir(dir);
	write_bytes(dir, "cmdline", "", 0, path);
	ck_assert_int_eq(pamwk_read_cmdline(path, &c, argv), 0);
	ck_assert_uint_eq(c.argc, 0);
	ck_assert_uint_eq(c.argv_len, 0);
}
END_TEST

START_TEST(cmdline_of_self_is_main_argv)
{
	static char argv[WK_ARGV_MAX];
	struct wk_caller c;
	size_t pos = 0;

	ck_assert_int_eq(pamwk_read_cmdline(PAMWK_PROC_CMDLINE, &c, argv), 0);
	ck_assert_uint_eq(c.argc, (uint32_t)main_argc);
	for (int i = 0; i < main_argc; i++) {
		ck_assert_str_eq(argv + pos, main_argv[i]);
		pos += strlen(main_argv[i]) + 1;
	}
	ck_assert_uint_eq(c.argv_len, pos);
}
END_TEST

START_TEST(read_link_whole_and_cut)
{
	char dir[PATH_MAX], link[PATH_MAX], buf[16];
	char big[64];

	pamwkt_mkdir(dir);
	pamwkt_join(link, dir, "l");
	ck_assert_int_eq(symlink("/usr/bin/short", link), 0);
	ck_assert_int_eq(pamwk_read_link(link, big, sizeof big), 0);
	ck_assert_str_eq(big, "/usr/bin/short");
	ck_assert_int_eq(pamwk_read_link(link, buf, 8), 1);
	ck_assert_str_eq(buf, "/usr/bi");
	pamwkt_join(link, dir, "none");
	ck_assert_int_eq(pamwk_read_link(link, buf, sizeof buf), -1);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* ------------------------------------------------------------ stamping */

START_TEST(stamp_unset_writes_uid)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX], text[64];
	struct pamwk_audit_ids ids;

	audit_files(dir, "4294967295", "17", lpath, spath);
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 1000, 1, &ids), 0);
	slurp(lpath, text, sizeof text);
	ck_assert_str_eq(text, "1000");
	ck_assert_uint_eq(ids.flags, WK_SF_STAMPED);
	ck_assert_uint_eq(ids.loginuid, 1000);
	ck_assert_uint_eq(ids.sessionid, 17);
	ck_assert_int_eq(ids.error, 0);
}
END_TEST

START_TEST(stamp_already_set_not_restamped)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX], text[64];
	struct pamwk_audit_ids ids;

	audit_files(dir, "1001", "5", lpath, spath);
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 0, 1, &ids), 0);
	slurp(lpath, text, sizeof text);
	ck_assert_str_eq(text, "1001");
	ck_assert_uint_eq(ids.flags, 0);
	ck_assert_uint_eq(ids.loginuid, 1001);
	ck_assert_uint_eq(ids.sessionid, 5);
}
END_TEST

START_TEST(stamp_nostamp_leaves_unset)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX], text[64];
	struct pamwk_audit_ids ids;

	audit_files(dir, "4294967295", "4294967295", lpath, spath);
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 1000, 0, &ids), 0);
	slurp(lpath, text, sizeof text);
	ck_assert_str_eq(text, "4294967295");
	ck_assert_uint_eq(ids.flags, 0);
	ck_assert_uint_eq(ids.loginuid, WK_ID_UNSET);
	ck_assert_uint_eq(ids.sessionid, WK_ID_UNSET);
}
END_TEST

START_TEST(stamp_unknown_uid_not_written)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX], text[64];
	struct pamwk_audit_ids ids;

	audit_files(dir, "4294967295", "4294967295", lpath, spath);
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, WK_ID_UNSET, 1,
	    &ids), 0);
	slurp(lpath, text, sizeof text);
	ck_assert_str_eq(text, "4294967295");
	ck_assert_uint_eq(ids.flags, 0);
}
END_TEST

START_TEST(stamp_no_audit_files)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX];
	struct pamwk_audit_ids ids;

	audit_files(dir, NULL, NULL, lpath, spath);
	errno = 0;
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 1000, 1, &ids), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(ids.flags, WK_SF_NO_AUDIT);
	ck_assert_int_eq(ids.error, ENOENT);
	ck_assert_uint_eq(ids.loginuid, WK_ID_UNSET);
	ck_assert_uint_eq(ids.sessionid, WK_ID_UNSET);
}
END_TEST

/*
 * A read-only file refuses the write.  Root writes through file modes, so
 * a root test process first becomes nobody (in its own forked process).
 */
START_TEST(stamp_read_only_file_refused)
{
	char dir[PATH_MAX], lpath[PATH_MAX], spath[PATH_MAX], text[64];
	struct pamwk_audit_ids ids;

	audit_files(dir, "4294967295", "4294967295", lpath, spath);
	ck_assert_int_eq(chmod(lpath, 0444), 0);
	if (geteuid() == 0) {
		ck_assert_int_eq(setresgid(65534, 65534, 65534), 0);
		ck_assert_int_eq(setresuid(65534, 65534, 65534), 0);
	}
	errno = 0;
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 1000, 1, &ids), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_uint_eq(ids.flags, WK_SF_LOGINUID_REFUSED);
	ck_assert_int_eq(ids.error, EACCES);
	ck_assert_uint_eq(ids.loginuid, WK_ID_UNSET);
	slurp(lpath, text, sizeof text);
	ck_assert_str_eq(text, "4294967295");
}
END_TEST

/*
 * The kernel itself refuses: a process may only write its own loginuid,
 * so writing a child's (unset, inherited from us) fails with EPERM.
 */
START_TEST(stamp_kernel_refuses_other_process)
{
	char lpath[64], spath[64];
	struct pamwk_audit_ids ids;
	pid_t child;

	pamwkt_require_unset_loginuid();
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(lpath, sizeof lpath, "/proc/%d/loginuid", (int)child);
	snprintf(spath, sizeof spath, "/proc/%d/sessionid", (int)child);
	errno = 0;
	ck_assert_int_eq(pamwk_loginuid_stamp(lpath, spath, 65534, 1, &ids), -1);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_uint_eq(ids.flags, WK_SF_LOGINUID_REFUSED);
	ck_assert_uint_eq(ids.loginuid, WK_ID_UNSET);
	ck_assert_uint_eq(pamwkt_loginuid(), WK_ID_UNSET);
}
END_TEST

/* ------------------------------------------------------------ reports */

START_TEST(items_copied_tty_without_dev)
{
	struct pamwk_items it = { "alice", "sshd", "/dev/pts/3", "10.1.2.3",
	    NULL };
	char user[WK_USER_MAX], service[WK_SERVICE_MAX], tty[WK_TTY_MAX];
	char rhost[WK_HOST_MAX], ruser[WK_USER_MAX];

	memset(ruser, 'x', sizeof ruser);
	ck_assert_uint_eq(pamwk_copy_items(&it, user, service, tty, rhost,
	    ruser), 0);
	ck_assert_str_eq(user, "alice");
	ck_assert_str_eq(service, "sshd");
	ck_assert_str_eq(tty, "pts/3");
	ck_assert_str_eq(rhost, "10.1.2.3");
	ck_assert_str_eq(ruser, "");
}
END_TEST

START_TEST(items_cut_flagged)
{
	char longname[WK_USER_MAX + 10];
	struct pamwk_items it = { longname, "login", "tty1", NULL, NULL };
	char user[WK_USER_MAX], service[WK_SERVICE_MAX], tty[WK_TTY_MAX];
	char rhost[WK_HOST_MAX], ruser[WK_USER_MAX];

	memset(longname, 'u', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	ck_assert_uint_eq(pamwk_copy_items(&it, user, service, tty, rhost,
	    ruser), WK_SF_TRUNCATED);
	ck_assert_uint_eq(strlen(user), WK_USER_MAX - 1);
	ck_assert_int_eq(memcmp(user, longname, WK_USER_MAX - 1), 0);
}
END_TEST

START_TEST(session_report_decodes)
{
	struct pamwk_session s = {
		.pid = 321, .ppid = 1, .start_time = 999, .uid = 1000,
		.loginuid = 1000, .sessionid = 4,
		.flags = WK_SF_STAMPED | WK_SF_OWN_ID, .own_id = 0x1234,
	};
	struct pamwk_items it = { "alice", "login", "tty1", "", "" };
	struct wk_session_report r, out;
	const char *why = NULL;

	pamwk_build_session(&r, WK_MSG_SESSION_CLOSE, &s, &it);
	ck_assert_msg(wk_decode_session(&r, sizeof r, &out, &why) == 0,
	    "decoder: %s", why);
	ck_assert_uint_eq(out.hdr.type, WK_MSG_SESSION_CLOSE);
	ck_assert_int_eq(out.pid, 321);
	ck_assert_uint_eq(out.start_time, 999);
	ck_assert_uint_eq(out.flags, WK_SF_STAMPED | WK_SF_OWN_ID);
	ck_assert_uint_eq(out.own_id, 0x1234);
	ck_assert_str_eq(out.user, "alice");
	ck_assert_str_eq(out.tty, "tty1");
	ck_assert_int_gt(out.time.sec, 0);
}
END_TEST

START_TEST(authfail_report_describes_this_process)
{
	struct pamwk_items it = { "bob", "su", "pts/1", NULL, "alice" };
	struct wk_authfail_report r, out;
	static char argv[WK_ARGV_MAX], got[WK_ARGV_MAX];
	static unsigned char dg[WK_REPORT_MAX];
	char exe[WK_EXE_MAX];
	const char *why = NULL;
	size_t pos = 0;
	ssize_t len;

	pamwk_build_authfail(&r, argv, &it);
	/* As it goes out: the report, then its argv. */
	r.hdr.size = (uint32_t)(sizeof r + r.caller.argv_len);
	memcpy(dg, &r, sizeof r);
	memcpy(dg + sizeof r, argv, r.caller.argv_len);
	ck_assert_msg(wk_decode_authfail(dg, r.hdr.size, &out, got, &why) == 0,
	    "decoder: %s", why);
	ck_assert_str_eq(out.user, "bob");
	ck_assert_str_eq(out.ruser, "alice");
	ck_assert_int_eq(out.caller.pid, getpid());
	ck_assert_int_eq(out.caller.ppid, getppid());
	ck_assert_int_eq(out.caller.tid, gettid());
	ck_assert_uint_eq(out.caller.uid, getuid());
	ck_assert_uint_eq(out.caller.euid, geteuid());
	ck_assert_uint_eq(out.caller.gid, getgid());
	ck_assert_int_eq(out.caller.sid, getsid(0));
	ck_assert_int_eq(out.caller.pgid, getpgrp());
	ck_assert_uint_eq(out.caller.loginuid, pamwkt_loginuid());
	ck_assert_uint_eq(out.caller.sessionid, pamwkt_sessionid());
	ck_assert_uint_eq(out.caller.start_time, pamwkt_start_time());
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(len, 0);
	exe[len] = '\0';
	ck_assert_str_eq(out.caller.exe, exe);
	ck_assert_uint_eq(out.caller.argc, (uint32_t)main_argc);
	for (int i = 0; i < main_argc; i++) {
		ck_assert_str_eq(got + pos, main_argv[i]);
		pos += strlen(main_argv[i]) + 1;
	}
	ck_assert_uint_eq(out.caller.argv_len, pos);
}
END_TEST

START_TEST(send_reaches_listener_with_credentials)
{
	struct pamwk_session s = { .pid = 0, .uid = 1000, .loginuid = 1000,
	    .sessionid = 3 };
	struct pamwk_items it = { "alice", "login", NULL, NULL, NULL };
	struct wk_session_report r, out;
	char dir[PATH_MAX], buf[WK_REPORT_MAX + 1];
	const char *why = NULL;
	struct ucred cred;
	ssize_t n;
	int fd;

	s.pid = getpid();
	pamwkt_mkdir(dir);
	fd = pamwkt_listen(dir);
	pamwk_build_session(&r, WK_MSG_SESSION_OPEN, &s, &it);
	ck_assert_int_eq(pamwk_send(dir, &r, sizeof r, NULL, 0), 0);
	n = pamwkt_take(fd, buf, sizeof buf, &cred);
	ck_assert_int_eq(n, (ssize_t)sizeof r);
	ck_assert_msg(wk_decode_session(buf, (size_t)n, &out, &why) == 0,
	    "decoder: %s", why);
	ck_assert_int_eq(cred.pid, getpid());
	ck_assert_int_eq(out.pid, getpid());
	ck_assert_uint_eq(out.hdr.dropped, 0);
	ck_assert_int_eq(pamwkt_take(fd, buf, sizeof buf, &cred), -1);
	ck_assert_int_eq(errno, EAGAIN);
}
END_TEST

START_TEST(send_without_listener_counts_drop)
{
	struct pamwk_session s = { .pid = 1, .uid = 0 };
	struct pamwk_items it = { "root", "login", NULL, NULL, NULL };
	struct wk_session_report r;
	char dir[PATH_MAX], buf[WK_REPORT_MAX + 1];
	struct ucred cred;
	int fd;

	s.pid = getpid();
	pamwkt_mkdir(dir);
	pamwk_build_session(&r, WK_MSG_SESSION_OPEN, &s, &it);
	errno = 0;
	ck_assert_int_eq(pamwk_send(dir, &r, sizeof r, NULL, 0), -1);
	ck_assert_int_eq(errno, ENOENT);
	fd = pamwkt_listen(dir);
	ck_assert_int_eq(pamwk_send(dir, &r, sizeof r, NULL, 0), 0);
	ck_assert_int_eq(pamwkt_take(fd, buf, sizeof buf, &cred),
	    (ssize_t)sizeof r);
	memcpy(&r, buf, sizeof r);
	ck_assert_uint_eq(r.hdr.dropped, 1);
}
END_TEST

START_TEST(own_session_ids_nonzero_and_distinct)
{
	uint64_t a = pamwk_own_session_id();
	uint64_t b = pamwk_own_session_id();

	ck_assert_uint_ne(a, 0);
	ck_assert_uint_ne(b, 0);
	ck_assert_uint_ne(a, b);
}
END_TEST

/* ------------------------------------------------------------ runner */

static Suite *
pam_core_suite(void)
{
	Suite *s = suite_create("pam_core");
	TCase *t;

	t = tcase_create("options");
	tcase_add_test(t, options_default_all_off);
	tcase_add_test(t, options_each_flag_sets_its_field);
	tcase_add_test(t, options_unknown_rejected);
	tcase_add_test(t, options_socket_dir_must_be_absolute);
	tcase_add_test(t, options_socket_dir_length_limit);
	suite_add_tcase(s, t);

	t = tcase_create("procself");
	tcase_add_test(t, stat_comm_with_parens_and_spaces);
	tcase_add_test(t, stat_long_comm_cut);
	tcase_add_test(t, stat_missing_fields_rejected);
	tcase_add_test(t, stat_of_self_is_this_process);
	tcase_add_test(t, read_id_values);
	tcase_add_test(t, cmdline_plain);
	tcase_add_test(t, cmdline_rewritten_without_final_nul);
	tcase_add_test(t, cmdline_long_keeps_head_and_tail);
	tcase_add_test(t, cmdline_exactly_full_is_not_cut);
	tcase_add_test(t, cmdline_empty);
	tcase_add_test(t, cmdline_of_self_is_main_argv);
	tcase_add_test(t, read_link_whole_and_cut);
	suite_add_tcase(s, t);

	t = tcase_create("stamp");
	tcase_add_test(t, stamp_unset_writes_uid);
	tcase_add_test(t, stamp_already_set_not_restamped);
	tcase_add_test(t, stamp_nostamp_leaves_unset);
	tcase_add_test(t, stamp_unknown_uid_not_written);
	tcase_add_test(t, stamp_no_audit_files);
	tcase_add_test(t, stamp_read_only_file_refused);
	tcase_add_test(t, stamp_kernel_refuses_other_process);
	suite_add_tcase(s, t);

	t = tcase_create("report");
	tcase_add_test(t, items_copied_tty_without_dev);
	tcase_add_test(t, items_cut_flagged);
	tcase_add_test(t, session_report_decodes);
	tcase_add_test(t, authfail_report_describes_this_process);
	tcase_add_test(t, send_reaches_listener_with_credentials);
	tcase_add_test(t, send_without_listener_counts_drop);
	tcase_add_test(t, own_session_ids_nonzero_and_distinct);
	suite_add_tcase(s, t);
	return s;
}

int
main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	main_argc = argc;
	main_argv = argv;
	pamwkt_top_make();
	sr = srunner_create(pam_core_suite());
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	pamwkt_top_remove();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
