/*
 * OOM kills from the kernel log: records and lines as kernel 6.x writes
 * them (the memory-cgroup pair was captured on this machine's 6.18
 * kernel), cut and garbled ones refused, and the reader on /dev/kmsg.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/procs/kmsg_oom.h"
#include "daemon/deaths/kmsg_reader.h"
#include "daemon_testutil.h"

#define MEMCG	"/process_api/99fd350041c62d535c5f9fb150e0c4e4/wk_oomprobe"

static const char memcg_context[] =
    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,"
    "mems_allowed=0,oom_memcg=" MEMCG ",task_memcg=" MEMCG
    ",task=python3,pid=3329,uid=0";
static const char memcg_victim[] =
    "Memory cgroup out of memory: Killed process 3329 (python3) "
    "total-vm:49460kB, anon-rss:39536kB, file-rss:3668kB, shmem-rss:0kB, "
    "UID:0 pgtables:136kB oom_score_adj:0";

static const char global_context[] =
    "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
    "mems_allowed=0-1,global_oom,task_memcg=/user.slice/user-1000.slice/"
    "session-3.scope,task=stress-ng,pid=48211,uid=1000";
static const char global_victim[] =
    "Out of memory: Killed process 48211 (stress-ng) total-vm:8391260kB, "
    "anon-rss:7890132kB, file-rss:4kB, shmem-rss:12kB, UID:1000 "
    "pgtables:15488kB oom_score_adj:-17";

/* A kernel record (facility 0) around a message, as /dev/kmsg gives it. */
static size_t
record(char *buf, size_t size, int level, uint64_t seq, const char *msg)
{
	int n = snprintf(buf, size, "%d,%llu,%llu,-;%s\n", level,
	    (unsigned long long)seq, (unsigned long long)(seq * 1000 + 7),
	    msg);

	ck_assert(n > 0 && (size_t)n < size);
	return (size_t)n;
}

/* Feed one record's text; 1 and *out when it completed a kill. */
static int
feed(struct kmsg_oom_state *s, uint64_t seq, const char *msg,
    struct oom_kill *out)
{
	char buf[2048];
	struct kmsg_record rec;
	size_t n = record(buf, sizeof buf, 3, seq, msg);

	ck_assert_int_eq(kmsg_parse_record(buf, n, &rec), 0);
	return kmsg_oom_feed(s, &rec, out);
}

/* ------------------------------------------------------------- records */

START_TEST(records_split_into_their_fields)
{
	static const char rec[] = "6,458,3780298437,-;Memory cgroup stats\n"
	    " SUBSYSTEM=memory\n DEVICE=+memory:x\n";
	struct kmsg_record r;

	ck_assert_int_eq(kmsg_parse_record(rec, sizeof rec - 1, &r), 0);
	ck_assert_int_eq(r.level, 6);
	ck_assert_int_eq(r.facility, 0);
	ck_assert_uint_eq(r.seq, 458);
	ck_assert_uint_eq(r.ts_us, 3780298437ull);
	ck_assert_int_eq(r.flag, '-');
	ck_assert_uint_eq(r.msg_len, strlen("Memory cgroup stats"));
	ck_assert(memcmp(r.msg, "Memory cgroup stats", r.msg_len) == 0);
}
END_TEST

START_TEST(records_with_more_prefix_fields_or_user_facility)
{
	static const char extra[] = "4,12,34,c,caller=T12;text";
	static const char user[] = "14,13,35,-;user text\n";
	struct kmsg_record r;

	ck_assert_int_eq(kmsg_parse_record(extra, sizeof extra - 1, &r), 0);
	ck_assert_int_eq(r.flag, 'c');
	ck_assert_uint_eq(r.msg_len, 4);
	ck_assert_int_eq(kmsg_parse_record(user, sizeof user - 1, &r), 0);
	ck_assert_int_eq(r.facility, 1);
	ck_assert_int_eq(r.level, 6);
}
END_TEST

START_TEST(garbage_records_are_refused)
{
	static const char *const bad[] = {
		"", ";", "6,458,3780298437,-", "6,458,3780298437;x",
		"6,458;x", "x,458,1,-;x", "6,,1,-;x", "6,458,1,;x",
		"6,458,1,-x;x", "-6,458,1,-;x",
		"6,99999999999999999999999,1,-;x",
	};
	struct kmsg_record r;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		ck_assert_msg(kmsg_parse_record(bad[i], strlen(bad[i]), &r) ==
		    -1, "accepted '%s'", bad[i]);
		ck_assert_int_eq(errno, EINVAL);
	}
}
END_TEST

/* --------------------------------------------------------------- lines */

START_TEST(memcg_context_line)
{
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_context(memcg_context,
	    sizeof memcg_context - 1, &k), 0);
	ck_assert_int_eq(k.pid, 3329);
	ck_assert_uint_eq(k.uid, 0);
	ck_assert_str_eq(k.comm, "python3");
	ck_assert_str_eq(k.constraint, "CONSTRAINT_MEMCG");
	ck_assert_str_eq(k.oom_memcg, MEMCG);
	ck_assert_str_eq(k.task_memcg, MEMCG);
	ck_assert_uint_eq(k.flags, OOM_F_CONTEXT);
}
END_TEST

START_TEST(memcg_victim_line)
{
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_victim(memcg_victim,
	    sizeof memcg_victim - 1, &k), 0);
	ck_assert_int_eq(k.pid, 3329);
	ck_assert_str_eq(k.comm, "python3");
	ck_assert_str_eq(k.message, "Memory cgroup out of memory");
	ck_assert_uint_eq(k.total_vm_kb, 49460);
	ck_assert_uint_eq(k.anon_rss_kb, 39536);
	ck_assert_uint_eq(k.file_rss_kb, 3668);
	ck_assert_uint_eq(k.shmem_rss_kb, 0);
	ck_assert_uint_eq(k.pgtables_kb, 136);
	ck_assert_uint_eq(k.uid, 0);
	ck_assert_int_eq(k.oom_score_adj, 0);
	ck_assert_uint_eq(k.flags, OOM_F_VICTIM);
}
END_TEST

START_TEST(global_lines)
{
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_context(global_context,
	    sizeof global_context - 1, &k), 0);
	ck_assert_str_eq(k.constraint, "CONSTRAINT_NONE");
	ck_assert_str_eq(k.oom_memcg, "");
	ck_assert_str_eq(k.task_memcg,
	    "/user.slice/user-1000.slice/session-3.scope");
	ck_assert_str_eq(k.comm, "stress-ng");
	ck_assert_uint_eq(k.uid, 1000);
	ck_assert(k.flags & OOM_F_GLOBAL);

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_victim(global_victim,
	    sizeof global_victim - 1, &k), 0);
	ck_assert_str_eq(k.message, "Out of memory");
	ck_assert_int_eq(k.pid, 48211);
	ck_assert_uint_eq(k.anon_rss_kb, 7890132);
	ck_assert_uint_eq(k.shmem_rss_kb, 12);
	ck_assert_uint_eq(k.uid, 1000);
	ck_assert_int_eq(k.oom_score_adj, -17);
}
END_TEST

START_TEST(odd_names_and_escapes)
{
	static const char ctx[] =
	    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=0-3,cpuset=a,b,"
	    "mems_allowed=0,2,oom_memcg=/x,task_memcg=/x/y\\x0az,"
	    "task=a,pid=1,b,pid=77,uid=-1";
	static const char vic[] =
	    "Memory cgroup out of memory: Killed process 77 ((a) b\\x5c) "
	    "total-vm:1kB, anon-rss:2kB, file-rss:3kB, shmem-rss:4kB, "
	    "UID:4294967295 pgtables:5kB oom_score_adj:1000";
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_context(ctx, sizeof ctx - 1, &k), 0);
	ck_assert_int_eq(k.pid, 77);
	ck_assert_uint_eq(k.uid, 4294967295u);
	ck_assert_str_eq(k.comm, "a,pid=1,b");
	ck_assert_str_eq(k.task_memcg, "/x/y\nz");
	ck_assert_str_eq(k.oom_memcg, "/x");

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_victim(vic, sizeof vic - 1, &k), 0);
	ck_assert_str_eq(k.comm, "(a) b\\");
	ck_assert_int_eq(k.oom_score_adj, 1000);
}
END_TEST

START_TEST(an_old_victim_line_without_uid_is_accepted)
{
	static const char old[] = "Out of memory: Killed process 9 (x) "
	    "total-vm:1kB, anon-rss:2kB, file-rss:3kB, shmem-rss:4kB";
	struct oom_kill k;

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(oom_parse_victim(old, sizeof old - 1, &k), 0);
	ck_assert_uint_eq(k.shmem_rss_kb, 4);
}
END_TEST

START_TEST(every_cut_of_a_victim_line_is_refused)
{
	/* Where the line ends in the pre-5.x format, a cut is a whole line. */
	const char *old_end = strstr(memcg_victim, ", UID:");
	struct oom_kill k;
	size_t cut;

	for (cut = 0; cut < sizeof memcg_victim - 1; cut++) {
		if (cut == (size_t)(old_end - memcg_victim))
			continue;
		memset(&k, 0, sizeof k);
		ck_assert_msg(oom_parse_victim(memcg_victim, cut, &k) == -1,
		    "accepted the first %zu bytes", cut);
	}
}
END_TEST

START_TEST(every_cut_of_a_context_line_is_refused)
{
	struct oom_kill k;
	size_t cut;

	for (cut = 0; cut < sizeof memcg_context - 1; cut++) {
		memset(&k, 0, sizeof k);
		ck_assert_msg(oom_parse_context(memcg_context, cut, &k) == -1,
		    "accepted the first %zu bytes", cut);
	}
}
END_TEST

START_TEST(other_lines_are_not_kills)
{
	static const char *const other[] = {
		"python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), "
		    "order=0, oom_score_adj=0",
		"oom_reaper: reaped process 3329 (python3), now anon-rss:0kB, "
		    "file-rss:0kB, shmem-rss:0kB",
		"lowmemorykiller: Killed process 12 (x) total-vm:1kB, "
		    "anon-rss:2kB, file-rss:3kB, shmem-rss:4kB",
		"Out of memory: Killed process 0 (x) total-vm:1kB, "
		    "anon-rss:2kB, file-rss:3kB, shmem-rss:4kB",
		"Out of memory: Killed process 12 (x) total-vm:1kB, "
		    "anon-rss:2kB, file-rss:3kB, shmem-rss:4kB, UID:0 "
		    "pgtables:1kB oom_score_adj:0 and more",
		"Out of memory: Killed process 12 (x) total-vm:-1kB, "
		    "anon-rss:2kB, file-rss:3kB, shmem-rss:4kB",
		"Out of memory: Killed process 12 (x) total-vm:1MB, "
		    "anon-rss:2kB, file-rss:3kB, shmem-rss:4kB",
	};
	struct kmsg_oom_state s;
	struct oom_kill k;
	size_t i;

	kmsg_oom_init(&s);
	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		ck_assert_msg(feed(&s, 100 + i, other[i], &k) == 0,
		    "took '%s' for a kill", other[i]);
}
END_TEST

/* -------------------------------------------------------------- feeding */

START_TEST(a_pair_of_records_is_one_kill)
{
	struct kmsg_oom_state s;
	struct oom_kill k;

	kmsg_oom_init(&s);
	ck_assert_int_eq(feed(&s, 457, memcg_context, &k), 0);
	ck_assert_int_eq(feed(&s, 458, memcg_victim, &k), 1);
	ck_assert_int_eq(k.pid, 3329);
	ck_assert_str_eq(k.comm, "python3");
	ck_assert_str_eq(k.constraint, "CONSTRAINT_MEMCG");
	ck_assert_str_eq(k.oom_memcg, MEMCG);
	ck_assert_str_eq(k.task_memcg, MEMCG);
	ck_assert_uint_eq(k.anon_rss_kb, 39536);
	ck_assert_uint_eq(k.flags, OOM_F_CONTEXT | OOM_F_VICTIM);
	ck_assert_uint_eq(k.seq, 458);
	ck_assert_uint_eq(k.mono_us, 458007);
	/* The context is used once. */
	ck_assert_int_eq(feed(&s, 459, memcg_victim, &k), 1);
	ck_assert_uint_eq(k.flags, OOM_F_VICTIM);
}
END_TEST

START_TEST(a_rate_limited_kill_has_the_victim_alone)
{
	struct kmsg_oom_state s;
	struct oom_kill k;

	kmsg_oom_init(&s);
	/* A context for another pid does not belong to this victim. */
	ck_assert_int_eq(feed(&s, 1, global_context, &k), 0);
	ck_assert_int_eq(feed(&s, 2, memcg_victim, &k), 1);
	ck_assert_int_eq(k.pid, 3329);
	ck_assert_uint_eq(k.flags, OOM_F_VICTIM);
	ck_assert_str_eq(k.constraint, "");
	ck_assert_str_eq(k.task_memcg, "");
}
END_TEST

START_TEST(a_global_pair_is_flagged_global)
{
	struct kmsg_oom_state s;
	struct oom_kill k;

	kmsg_oom_init(&s);
	ck_assert_int_eq(feed(&s, 1, global_context, &k), 0);
	ck_assert_int_eq(feed(&s, 2, global_victim, &k), 1);
	ck_assert_uint_eq(k.flags, OOM_F_CONTEXT | OOM_F_VICTIM | OOM_F_GLOBAL);
	ck_assert_str_eq(k.oom_memcg, "");
}
END_TEST

START_TEST(members_of_an_oom_group_are_flagged)
{
	static const char ctx[] = "oom-kill:constraint=CONSTRAINT_MEMCG,"
	    "nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/svc,"
	    "task_memcg=/svc/a,task=main,pid=10,uid=0";
	static const char v1[] = "Memory cgroup out of memory: Killed "
	    "process 10 (main) total-vm:1kB, anon-rss:1kB, file-rss:1kB, "
	    "shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0";
	static const char grp[] = "Tasks in /svc are going to be killed due "
	    "to memory.oom.group set";
	static const char v2[] = "Memory cgroup out of memory: Killed "
	    "process 11 (helper) total-vm:1kB, anon-rss:1kB, file-rss:1kB, "
	    "shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0";
	static const char v3[] = "Memory cgroup out of memory: Killed "
	    "process 12 (helper) total-vm:1kB, anon-rss:1kB, file-rss:1kB, "
	    "shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0";
	struct kmsg_oom_state s;
	struct oom_kill k;

	kmsg_oom_init(&s);
	ck_assert_int_eq(feed(&s, 1, ctx, &k), 0);
	ck_assert_int_eq(feed(&s, 2, v1, &k), 1);
	ck_assert_uint_eq(k.flags & OOM_F_GROUP, 0);
	ck_assert_int_eq(feed(&s, 3, grp, &k), 0);
	ck_assert_int_eq(feed(&s, 4, v2, &k), 1);
	ck_assert(k.flags & OOM_F_GROUP);
	ck_assert_str_eq(k.oom_memcg, "/svc");
	ck_assert_str_eq(k.constraint, "CONSTRAINT_MEMCG");
	ck_assert_int_eq(feed(&s, 5, v3, &k), 1);
	ck_assert(k.flags & OOM_F_GROUP);
	/* Not straight after the group: an unrelated kill. */
	ck_assert_int_eq(feed(&s, 9, v3, &k), 1);
	ck_assert_uint_eq(k.flags & OOM_F_GROUP, 0);
}
END_TEST

START_TEST(user_space_cannot_write_a_kill)
{
	char buf[1024];
	struct kmsg_record rec;
	struct kmsg_oom_state s;
	struct oom_kill k;
	int n;

	/* What "echo '<3>...' > /dev/kmsg" becomes: facility 1 (user). */
	n = snprintf(buf, sizeof buf, "11,5,6,-;%s\n", memcg_victim);
	kmsg_oom_init(&s);
	ck_assert_int_eq(kmsg_parse_record(buf, (size_t)n, &rec), 0);
	ck_assert_int_eq(rec.facility, 1);
	ck_assert_int_eq(kmsg_oom_feed(&s, &rec, &k), 0);
}
END_TEST

/* --------------------------------------------------------------- reader */

struct kills {
	int n;
	struct oom_kill last;
};

static void
count_kill(const struct oom_kill *k, void *arg)
{
	struct kills *ks = arg;

	ks->n++;
	ks->last = *k;
}

START_TEST(the_reader_reports_a_kill_from_a_file)
{
	char dir[256], path[300], buf[1024];
	struct kmsg_reader r;
	struct kills ks = { 0 };
	size_t n;
	int fd;

	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/kmsg", dir);
	n = record(buf, sizeof buf, 3, 77, memcg_victim);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
	close(fd);

	ck_assert_int_eq(kmsg_reader_open(&r, path, KMSG_FROM_START, 0), 0);
	ck_assert_int_eq(kmsg_reader_drain(&r, count_kill, &ks), 0);
	ck_assert_int_eq(ks.n, 1);
	ck_assert_int_eq(ks.last.pid, 3329);
	ck_assert_uint_eq(ks.last.seq, 77);
	ck_assert_uint_eq(r.counts.records, 1);
	ck_assert_uint_eq(r.counts.oom_kills, 1);
	kmsg_reader_close(&r);

	/* Already stored before a restart: skipped. */
	ks.n = 0;
	ck_assert_int_eq(kmsg_reader_open(&r, path, KMSG_FROM_START, 78), 0);
	ck_assert_int_eq(kmsg_reader_drain(&r, count_kill, &ks), 0);
	ck_assert_int_eq(ks.n, 0);
	ck_assert_uint_eq(r.counts.skipped, 1);
	kmsg_reader_close(&r);
}
END_TEST

START_TEST(the_kernel_log_reads_from_the_start_or_the_end)
{
	struct kmsg_reader r;
	struct kills ks = { 0 };
	uint64_t last;
	int rc;

	ck_assert_int_eq(kmsg_reader_open(&r, NULL, KMSG_FROM_START, 0), 0);
	while ((rc = kmsg_reader_drain(&r, count_kill, &ks)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_gt(r.counts.records, 0);
	ck_assert_uint_eq(r.counts.malformed, 0);
	last = r.next_seq - 1;
	kmsg_reader_close(&r);

	/* From the end: nothing older than what the first reader saw. */
	ck_assert_int_eq(kmsg_reader_open(&r, NULL, 0, 0), 0);
	while ((rc = kmsg_reader_drain(&r, count_kill, &ks)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	if (r.counts.records > 0)
		ck_assert_uint_gt(r.next_seq - r.counts.records, last);
	kmsg_reader_close(&r);
}
END_TEST

static Suite *
kmsg_oom_suite(void)
{
	Suite *s = suite_create("kmsg_oom");
	TCase *tc = tcase_create("records");

	tcase_add_test(tc, records_split_into_their_fields);
	tcase_add_test(tc, records_with_more_prefix_fields_or_user_facility);
	tcase_add_test(tc, garbage_records_are_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_add_test(tc, memcg_context_line);
	tcase_add_test(tc, memcg_victim_line);
	tcase_add_test(tc, global_lines);
	tcase_add_test(tc, odd_names_and_escapes);
	tcase_add_test(tc, an_old_victim_line_without_uid_is_accepted);
	tcase_add_test(tc, every_cut_of_a_victim_line_is_refused);
	tcase_add_test(tc, every_cut_of_a_context_line_is_refused);
	tcase_add_test(tc, other_lines_are_not_kills);
	suite_add_tcase(s, tc);

	tc = tcase_create("feed");
	tcase_add_test(tc, a_pair_of_records_is_one_kill);
	tcase_add_test(tc, a_rate_limited_kill_has_the_victim_alone);
	tcase_add_test(tc, a_global_pair_is_flagged_global);
	tcase_add_test(tc, members_of_an_oom_group_are_flagged);
	tcase_add_test(tc, user_space_cannot_write_a_kill);
	suite_add_tcase(s, tc);

	tc = tcase_create("reader");
	tcase_add_test(tc, the_reader_reports_a_kill_from_a_file);
	tcase_add_test(tc, the_kernel_log_reads_from_the_start_or_the_end);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(kmsg_oom_suite());
	int failed;

	test_make_base_dir("check_kmsg_oom");
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
