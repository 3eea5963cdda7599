/*
 * Records as the kernel multicasts them (netlink messages of an audit
 * type and "audit(SEC.MS:SERIAL): ..." text) become the reader's events;
 * what the daemon does not read is left out, what is not audit text is
 * counted.
 */
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../audit/audit_reader.h"
#include "daemon/kaudit/audit_netlink.h"

#ifndef AUDIT_PROCTITLE
#define AUDIT_PROCTITLE	1327
#endif

/* A datagram of netlink messages, built up one record at a time. */
struct datagram {
	union {
		struct nlmsghdr align;
		char raw[8192];
	} u;
	size_t len;
};

/* Append one message: type, then text (with the NUL the kernel may add). */
static void
add_msg(struct datagram *d, int type, const char *text, int with_nul)
{
	size_t tlen = strlen(text) + (with_nul ? 1 : 0);
	struct nlmsghdr *nh = (struct nlmsghdr *)(d->u.raw + d->len);

	ck_assert_uint_le(d->len + NLMSG_SPACE(tlen), sizeof d->u.raw);
	memset(nh, 0, NLMSG_SPACE(tlen));
	nh->nlmsg_len = (uint32_t)NLMSG_LENGTH(tlen);
	nh->nlmsg_type = (uint16_t)type;
	memcpy(NLMSG_DATA(nh), text, tlen);
	d->len += NLMSG_SPACE(tlen);
}

struct got {
	int kills;
	struct wk_audit_kill kill;
	struct wk_audit_target target;
};

static void
got_kill(const struct wk_audit_kill *k, void *arg)
{
	struct got *g = arg;

	g->kills++;
	g->kill = *k;
	if (k->ntargets > 0)
		g->target = k->targets[0];
}

#define STAMP	"audit(1763737961.723:304): "
#define UNPADDED	STAMP "arch=c000003e syscall=62 a"

START_TEST(kill_event_from_netlink_messages)
{
	struct wk_audit_sink sink = { .kill = got_kill };
	struct audit_netlink_counts c;
	struct wk_audit_reader *r;
	struct datagram d;
	struct got g;

	memset(&g, 0, sizeof g);
	memset(&c, 0, sizeof c);
	sink.arg = &g;
	r = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(r);

	/* One record per datagram, as the kernel sends them. */
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_SYSCALL, STAMP "arch=c000003e syscall=62 "
	    "success=yes exit=0 a0=829 a1=9 a2=0 a3=0 items=0 ppid=1770 "
	    "pid=1784 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
	    "sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"bash\" exe=\"/usr/bin/bash\" "
	    "key=\"whokilled\"", 0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len, &c), 0);
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_OBJ_PID, STAMP "opid=2089 oauid=1000 ouid=0 oses=3 "
	    "ocomm=\"sleep\"", 1);
	/* A record of a type the daemon does not read, in the same datagram. */
	add_msg(&d, AUDIT_CWD, STAMP "cwd=\"/root\"", 0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len, &c), 0);
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_PROCTITLE, STAMP "proctitle=6B696C6C002D390032303839",
	    0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len, &c), 0);
	ck_assert_int_eq(g.kills, 0);
	/* The end-of-event record completes it at once. */
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_EOE, STAMP, 0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len, &c), 0);

	ck_assert_int_eq(g.kills, 1);
	ck_assert_int_eq(g.kill.stamp.sec, 1763737961);
	ck_assert_uint_eq(g.kill.stamp.msec, 723);
	ck_assert_uint_eq(g.kill.stamp.serial, 304);
	ck_assert_str_eq(g.kill.stamp.node, "");
	ck_assert_int_eq(g.kill.killer.pid, 1784);
	ck_assert_uint_eq(g.kill.killer.auid, 1000);
	ck_assert_int_eq(g.kill.signo, 9);
	ck_assert_int_eq(g.kill.arg_pid, 0x829);
	ck_assert_uint_eq(g.kill.ntargets, 1);
	ck_assert_int_eq(g.target.pid, 2089);
	ck_assert_str_eq(g.target.comm, "sleep");
	ck_assert_str_eq(g.kill.killer.argv, "kill");
	ck_assert_uint_eq(g.kill.killer.argv_len, sizeof "kill\0-9\0002089");
	ck_assert_uint_eq(c.records, 4);
	ck_assert_uint_eq(c.malformed, 0);
	wk_audit_reader_free(r);
}
END_TEST

START_TEST(control_and_bad_messages_are_skipped)
{
	struct wk_audit_sink sink = { .kill = got_kill };
	struct audit_netlink_counts c;
	struct wk_audit_reader *r;
	struct datagram d;
	struct got g;

	memset(&g, 0, sizeof g);
	memset(&c, 0, sizeof c);
	sink.arg = &g;
	r = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(r);
	memset(&d, 0, sizeof d);
	add_msg(&d, NLMSG_NOOP, "", 0);
	add_msg(&d, AUDIT_GET, "xx", 0);
	add_msg(&d, AUDIT_SYSCALL, STAMP "arch=c000003e\nsyscall=62", 0);
	add_msg(&d, AUDIT_SYSCALL, "", 1);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len, &c), 0);
	ck_assert_uint_eq(c.records, 0);
	ck_assert_uint_eq(c.malformed, 2);
	/* A truncated message ends the datagram without harm. */
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_SYSCALL, STAMP "arch=c000003e", 0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw, d.len - 8, &c), 0);
	ck_assert_uint_eq(c.records, 0);
	/*
	 * The last message unpadded, as the kernel sends one record: what
	 * lies beyond the datagram (here another message) is not read.
	 */
	memset(&d, 0, sizeof d);
	add_msg(&d, AUDIT_SYSCALL, UNPADDED, 0);
	add_msg(&d, AUDIT_SYSCALL, STAMP "arch=c000003e syscall=62 b", 0);
	ck_assert_uint_ne(NLMSG_LENGTH(strlen(UNPADDED)) % 4, 0);
	ck_assert_int_eq(audit_netlink_feed(r, d.u.raw,
	    NLMSG_LENGTH(strlen(UNPADDED)), &c), 0);
	ck_assert_uint_eq(c.records, 1);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	ck_assert_int_eq(g.kills, 0);
	wk_audit_reader_free(r);
}
END_TEST

/* Root holds CAP_AUDIT_READ: the group can be joined, read-only. */
START_TEST(root_joins_the_multicast_group)
{
	struct wk_audit_sink sink = { .kill = got_kill };
	struct audit_netlink_counts c;
	struct wk_audit_reader *r;
	struct got g;
	int fd;

	ck_assert_msg(geteuid() == 0, "this test needs root");
	memset(&g, 0, sizeof g);
	memset(&c, 0, sizeof c);
	sink.arg = &g;
	fd = audit_netlink_open();
	ck_assert_msg(fd != -1, "audit_netlink_open: %s", strerror(errno));
	r = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(r);
	/* Nothing may be queued; either way the read does not wait. */
	ck_assert_int_ge(audit_netlink_drain(fd, r, 4, &c), 0);
	wk_audit_reader_free(r);
	close(fd);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_netlink");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, kill_event_from_netlink_messages);
	tcase_add_test(tc, control_and_bad_messages_are_skipped);
	tcase_add_test(tc, root_joins_the_multicast_group);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
