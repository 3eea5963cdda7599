/*
 * The audit reader: the same events whatever the chunking of the input,
 * truncated input, netlink records, over-long lines, misuse.
 */
#include <errno.h>
#include <unistd.h>

#include "audit_testutil.h"

static const char *const logs[] = {
	"kill_bash.log", "proctitle_hex.log", "tgkill.log", "interleaved.log",
	"exec_chain.log", "truncated.log", "failed.log",
};

static void
dump_kill(const struct wk_audit_kill *k, void *arg)
{
	wk_audit_dump_kill(arg, k);
}

static void
dump_exec(const struct wk_audit_exec *x, void *arg)
{
	wk_audit_dump_exec(arg, x);
}

/* The dump of data fed in pieces of chunk bytes (0: all at once). */
static char *
dump_fed(const char *data, size_t len, size_t chunk)
{
	struct capture c;
	struct wk_audit_sink sink = { .kill = dump_kill, .exec = dump_exec };
	struct wk_audit_reader_stats st;
	struct wk_audit_reader *r;
	char *text;

	capture_open(&c);
	sink.arg = c.f;
	r = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(r);
	for (size_t off = 0; off < len; off += chunk ? chunk : len) {
		size_t n = chunk && len - off > chunk ? chunk : len - off;

		ck_assert_int_eq(wk_audit_reader_feed(r, data + off, n), 0);
	}
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_stats(r, &st);
	wk_audit_dump_stats(c.f, &st);
	wk_audit_reader_free(r);
	capture_text(&c);
	text = c.buf;
	c.buf = NULL;
	return text;
}

START_TEST(test_chunking_does_not_matter)
{
	static const size_t chunks[] = { 1, 3, 7, 100, 4093 };
	size_t len;
	char *log = canned_log(logs[_i], &len);
	char *whole = dump_fed(log, len, 0);

	ck_assert_ptr_nonnull(strstr(whole, "\nstats events "));
	for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
		char *pieces = dump_fed(log, len, chunks[i]);

		ck_assert_msg(strcmp(whole, pieces) == 0, "%s in chunks of %zu differs",
		    logs[_i], chunks[i]);
		free(pieces);
	}
	free(whole);
	free(log);
}
END_TEST

/* Feeds text whole and finishes; the sink is a struct collected. */
static void
feed_text(struct collected *got, const char *text,
    struct wk_audit_reader_stats *st)
{
	struct wk_audit_sink sink = { .kill = collect_kill, .exec = collect_exec, .arg = got };
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);

	memset(got, 0, sizeof *got);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(wk_audit_reader_feed(r, text, strlen(text)), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_stats(r, st);
	wk_audit_reader_free(r);
}

#define KILL_SYSCALL(serial) \
	"type=SYSCALL msg=audit(1763737961.723:" serial "): arch=c000003e syscall=62 " \
	"success=yes exit=0 a0=829 a1=9 a2=0 a3=0 items=0 ppid=1770 pid=1784 auid=1000 " \
	"uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 " \
	"comm=\"bash\" exe=\"/usr/bin/bash\" key=\"whokilled\""
#define KILL_OBJ_PID(serial) \
	"type=OBJ_PID msg=audit(1763737961.723:" serial "): opid=2089 oauid=1000 ouid=0 " \
	"oses=3 ocomm=\"sleep\""
#define KILL_PROCTITLE(serial) \
	"type=PROCTITLE msg=audit(1763737961.723:" serial "): proctitle=6B696C6C002D39"

START_TEST(test_cut_last_line_is_dropped_and_flagged)
{
	struct wk_audit_reader_stats st;
	struct collected got;

	feed_text(&got, KILL_SYSCALL("304") "\n" KILL_OBJ_PID("304") "\n"
	    "type=PROCTITLE msg=audit(1763737961.723:304): proctitle=6B69", &st);
	ck_assert_int_eq(st.truncated, 1);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert(got.kill.flags & WK_AUDIT_K_INCOMPLETE);
	ck_assert_uint_eq(got.kill.ntargets, 1);
	ck_assert(!(got.kill.killer.flags & WK_AUDIT_P_ARGV_KNOWN));
}
END_TEST

START_TEST(test_complete_input_is_not_flagged)
{
	struct wk_audit_reader_stats st;
	struct collected got;

	feed_text(&got, KILL_SYSCALL("304") "\n" KILL_OBJ_PID("304") "\n"
	    KILL_PROCTITLE("304") "\n", &st);
	ck_assert_int_eq(st.truncated, 0);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert(!(got.kill.flags & WK_AUDIT_K_INCOMPLETE));
	ck_assert_uint_eq(got.kill.killer.argc, 2);
	ck_assert_str_eq(got.kill.killer.argv, "kill");
}
END_TEST

/* Each kill's serial and flags, in the order handed on. */
struct flags_seen {
	unsigned n;
	uint64_t serial[4];
	uint32_t flags[4];
};

static void
note_flags(const struct wk_audit_kill *k, void *arg)
{
	struct flags_seen *f = arg;

	if (f->n < 4) {
		f->serial[f->n] = k->stamp.serial;
		f->flags[f->n++] = k->flags;
	}
}

START_TEST(test_cut_inside_an_earlier_event_flags_only_that_one)
{
	static const char text[] = KILL_SYSCALL("305") "\n" KILL_SYSCALL("304") "\n"
	    KILL_OBJ_PID("305") "\n" KILL_PROCTITLE("305") "\n"
	    "type=OBJ_PID msg=audit(1763737961.723:304): opid=20";
	struct flags_seen seen = { 0 };
	struct wk_audit_sink sink = { .kill = note_flags, .arg = &seen };
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(wk_audit_reader_feed(r, text, sizeof text - 1), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_free(r);
	ck_assert_uint_eq(seen.n, 2);
	for (unsigned i = 0; i < seen.n; i++) {
		if (seen.serial[i] == 304)
			ck_assert(seen.flags[i] & WK_AUDIT_K_INCOMPLETE);
		else
			ck_assert(!(seen.flags[i] & WK_AUDIT_K_INCOMPLETE));
	}
	ck_assert(seen.serial[0] != seen.serial[1]);
}
END_TEST

START_TEST(test_netlink_records_give_the_same_kill)
{
	static const char *const text[] = {
		"audit(1763737961.723:304): arch=c000003e syscall=62 success=yes exit=0 "
		"a0=829 a1=9 a2=0 a3=0 items=0 ppid=1770 pid=1784 auid=1000 uid=0 gid=0 "
		"euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"bash\" "
		"exe=\"/usr/bin/bash\" key=\"whokilled\"",
		"audit(1763737961.723:304): opid=2089 oauid=1000 ouid=0 oses=3 ocomm=\"sleep\"",
		"audit(1763737961.723:304): proctitle=6B696C6C002D39",
		"audit(1763737961.723:304): ",
	};
	static const int types[] = { 1300, 1318, 1327, 1320 };
	struct collected got;
	struct wk_audit_sink sink = { .kill = collect_kill, .arg = &got };
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);

	memset(&got, 0, sizeof got);
	ck_assert_ptr_nonnull(r);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(wk_audit_reader_feed_netlink(r, types[i], text[i],
		    strlen(text[i])), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_free(r);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert_int_eq(got.kill.stamp.sec, 1763737961);
	ck_assert_uint_eq(got.kill.stamp.msec, 723);
	ck_assert_uint_eq(got.kill.stamp.serial, 304);
	ck_assert_str_eq(got.kill.stamp.node, "");
	ck_assert_int_eq(got.kill.signo, 9);
	ck_assert_int_eq(got.kill.killer.pid, 1784);
	ck_assert_uint_eq(got.kill.killer.auid, 1000);
	ck_assert_str_eq(got.kill.killer.tty, "pts0");
	ck_assert_uint_eq(got.kill.ntargets, 1);
	ck_assert_int_eq(got.kill.targets[0].pid, 2089);
	ck_assert_str_eq(got.kill.targets[0].comm, "sleep");
	ck_assert_str_eq(got.kill.killer.auid_name, "");
}
END_TEST

START_TEST(test_netlink_text_with_newline_is_refused)
{
	struct collected got;
	struct wk_audit_sink sink = { .kill = collect_kill, .arg = &got };
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);

	ck_assert_ptr_nonnull(r);
	errno = 0;
	ck_assert_int_eq(wk_audit_reader_feed_netlink(r, 1300, "a\nb", 3), -1);
	ck_assert_int_eq(errno, EINVAL);
	wk_audit_reader_free(r);
}
END_TEST

START_TEST(test_enriched_names_are_read)
{
	struct wk_audit_reader_stats st;
	struct collected got;

	feed_text(&got, KILL_SYSCALL("304") "\x1d" "ARCH=x86_64 SYSCALL=kill AUID=\"alice\" "
	    "UID=\"root\" GID=\"root\" EUID=\"root\"\n"
	    KILL_OBJ_PID("304") "\x1d" "OAUID=\"alice\" OUID=\"unknown(4000001)\"\n"
	    KILL_PROCTITLE("304") "\n", &st);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert_str_eq(got.kill.killer.auid_name, "alice");
	ck_assert_str_eq(got.kill.killer.uid_name, "root");
	ck_assert_str_eq(got.kill.killer.euid_name, "root");
	ck_assert_str_eq(got.kill.targets[0].auid_name, "alice");
	ck_assert_str_eq(got.kill.targets[0].uid_name, "unknown(4000001)");
	ck_assert_str_eq(got.kill.key, "whokilled");
	ck_assert_str_eq(got.kill.killer.exe, "/usr/bin/bash");
}
END_TEST

START_TEST(test_overlong_line_is_skipped)
{
	struct collected got;
	struct wk_audit_sink sink = { .kill = collect_kill, .arg = &got };
	struct wk_audit_reader_stats st;
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);
	static char junk[4096];
	static const char rest[] = KILL_SYSCALL("304") "\n" KILL_PROCTITLE("304") "\n";

	memset(&got, 0, sizeof got);
	memset(junk, 'j', sizeof junk);
	ck_assert_ptr_nonnull(r);
	for (int i = 0; i < (WK_AUDIT_LINE_MAX / (int)sizeof junk) + 2; i++)
		ck_assert_int_eq(wk_audit_reader_feed(r, junk, sizeof junk), 0);
	ck_assert_int_eq(wk_audit_reader_feed(r, "jjj\n", 4), 0);
	ck_assert_int_eq(wk_audit_reader_feed(r, rest, sizeof rest - 1), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_stats(r, &st);
	wk_audit_reader_free(r);
	ck_assert_uint_eq(st.long_lines, 1);
	ck_assert_int_eq(st.truncated, 0);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert_int_eq(got.kill.signo, 9);
}
END_TEST

START_TEST(test_probe_and_other_syscalls_are_not_handed_on)
{
	struct wk_audit_reader_stats st;
	struct collected got;

	feed_text(&got,
	    "type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=62 success=yes exit=0 "
	    "a0=829 a1=0 a2=0 a3=0 items=0 ppid=1 pid=7 auid=0 uid=0 gid=0 euid=0 suid=0 "
	    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"m\" exe=\"/m\" key=(null)\n"
	    "type=SYSCALL msg=audit(1.000:2): arch=c000003e syscall=257 success=yes exit=3 "
	    "a0=ffffff9c a1=1 a2=0 a3=0 items=1 ppid=1 pid=7 auid=0 uid=0 gid=0 euid=0 suid=0 "
	    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"m\" exe=\"/m\" key=(null)\n"
	    "type=SYSCALL msg=audit(1.000:3): syscall=62 success=yes a1=9 pid=7\n", &st);
	ck_assert_uint_eq(got.kills, 0);
	ck_assert_uint_eq(st.events, 3);
	ck_assert_uint_eq(st.probes, 1);
	ck_assert_uint_eq(st.malformed, 1);	/* no arch */
}
END_TEST

/*
 * A hub's input: db3's event sent late (after an outage) with a live
 * record of web7's between its records.  libauparse ends an event once a
 * record 2 s newer comes; each node has its own state, so web7's cannot
 * end db3's.
 */
START_TEST(test_one_nodes_live_records_do_not_cut_anothers_late_event)
{
	struct wk_audit_reader_stats st;
	struct collected got;

	feed_text(&got,
	    "node=db3 " KILL_SYSCALL("50") "\n"
	    "node=web7 type=SYSCALL msg=audit(1763738561.000:9000): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=0 a3=0 items=0 ppid=1 "
	    "pid=7 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
	    "tty=(none) ses=1 comm=\"m\" exe=\"/m\" key=(null)\n"
	    "node=db3 " KILL_OBJ_PID("50") "\n"
	    "node=db3 " KILL_PROCTITLE("50") "\n", &st);
	ck_assert_uint_eq(got.kills, 1);
	ck_assert_str_eq(got.kill.stamp.node, "db3");
	ck_assert_uint_eq(got.kill.ntargets, 1);
	ck_assert_int_eq(got.targets[0].pid, 2089);
	ck_assert_uint_eq(st.events, 2);
}
END_TEST

START_TEST(test_exec_without_exec_sink)
{
	struct wk_audit_reader_stats st;
	size_t len;
	char *log = canned_log("exec_chain.log", &len);
	struct collected got;
	struct wk_audit_sink sink = { .kill = collect_kill, .arg = &got };
	struct wk_audit_reader *r = wk_audit_reader_new(&sink);

	memset(&got, 0, sizeof got);
	ck_assert_int_eq(wk_audit_reader_feed(r, log, len), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	wk_audit_reader_stats(r, &st);
	wk_audit_reader_free(r);
	free(log);
	ck_assert_uint_eq(st.execs, 8);	/* the failed execve is not one */
	ck_assert_uint_eq(got.execs, 0);
	ck_assert_uint_eq(got.kills, 3);
}
END_TEST

START_TEST(test_misuse_is_refused)
{
	struct collected got;
	struct wk_audit_sink none = { 0 };
	struct wk_audit_sink sink = { .kill = collect_kill, .arg = &got };
	struct wk_audit_reader *r;

	errno = 0;
	ck_assert_ptr_null(wk_audit_reader_new(&none));
	ck_assert_int_eq(errno, EINVAL);
	r = wk_audit_reader_new(&sink);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(wk_audit_reader_feed(r, "", 0), 0);
	ck_assert_int_eq(wk_audit_reader_finish(r), 0);
	errno = 0;
	ck_assert_int_eq(wk_audit_reader_feed(r, "x\n", 2), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(wk_audit_reader_finish(r), -1);
	ck_assert_int_eq(errno, EINVAL);
	wk_audit_reader_free(r);

	r = wk_audit_reader_new(&sink);
	errno = 0;
	ck_assert_int_eq(wk_audit_reader_read_fd(r, -1), -1);
	ck_assert_int_eq(errno, EBADF);
	wk_audit_reader_free(r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_reader");
	TCase *tc = tcase_create("core");

	if (access(CASES_DIR, R_OK) == -1) {
		fprintf(stderr, "check_audit_reader: %s: run from the repository root\n",
		    CASES_DIR);
		return EXIT_FAILURE;
	}
	tcase_add_loop_test(tc, test_chunking_does_not_matter, 0,
	    sizeof logs / sizeof *logs);
	tcase_add_test(tc, test_cut_last_line_is_dropped_and_flagged);
	tcase_add_test(tc, test_complete_input_is_not_flagged);
	tcase_add_test(tc, test_cut_inside_an_earlier_event_flags_only_that_one);
	tcase_add_test(tc, test_netlink_records_give_the_same_kill);
	tcase_add_test(tc, test_netlink_text_with_newline_is_refused);
	tcase_add_test(tc, test_enriched_names_are_read);
	tcase_add_test(tc, test_overlong_line_is_skipped);
	tcase_add_test(tc, test_probe_and_other_syscalls_are_not_handed_on);
	tcase_add_test(tc, test_one_nodes_live_records_do_not_cut_anothers_late_event);
	tcase_add_test(tc, test_exec_without_exec_sink);
	tcase_add_test(tc, test_misuse_is_refused);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
