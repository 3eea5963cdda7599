/*
 * Backfill from audit log files: the canned logs read twice are stored
 * once, FILE.1 is read before FILE, a large log goes in slices, and a log
 * that is missing or named "" leaves nothing to do.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/kaudit/audit_backfill.h"
#include "daemon/ingest/ingest.h"
#include "daemon/ingest/ingest_kernel.h"
#include "daemon/store/store.h"
#include "daemon_testutil.h"
#include "kernel_testlog.h"

#define CASES_DIR	"tests/audit/cases"
#define T0		1800000000

struct rig {
	char dir[200];
	char log[300];
	struct store *st;
	struct wkd_counters counters;
	struct ingest in;
	struct ingest_kernel ki;
};

static int
nobody_alive(int32_t pid, struct wk_chain_entry *out, void *arg)
{
	(void)pid;
	(void)out;
	(void)arg;
	errno = ENOENT;
	return -1;
}

static void
rig_open(struct rig *r)
{
	char path[300], err[256];

	memset(r, 0, sizeof *r);
	test_dir(r->dir, sizeof r->dir);
	snprintf(path, sizeof path, "%s/db", r->dir);
	snprintf(r->log, sizeof r->log, "%s/audit.log", r->dir);
	r->st = store_open(path, err, sizeof err);
	ck_assert_msg(r->st != NULL, "store_open: %s", err);
	ingest_init(&r->in, r->st, &r->counters, TEST_BOOT_ID, 200, 64);
	ck_assert_int_eq(ingest_kernel_init(&r->ki, &r->in), 0);
	r->in.read_proc = nobody_alive;
	r->ki.boot_sec = T0 - 100000;
	r->ki.hz = 100;
}

static void
rig_close(struct rig *r)
{
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	ingest_kernel_free(&r->ki);
	store_close(r->st);
}

/* Write len bytes of text to path. */
static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Copy a canned log to path. */
static void
copy_case(const char *name, const char *path)
{
	char src[300], *buf;
	FILE *f;
	long n;

	snprintf(src, sizeof src, "%s/%s", CASES_DIR, name);
	f = fopen(src, "rb");
	ck_assert_msg(f != NULL, "%s (run from the repository root)", src);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	write_file(path, buf, (size_t)n);
	free(buf);
}

/* Lines the last backfill fed to its reader. */
static uint64_t last_records;

/* Backfill r->log to its end; returns the number of slices it took. */
static int
backfill(struct rig *r)
{
	struct audit_backfill bf;
	struct wk_audit_sink sink;
	int rc, slices = 0;

	ingest_kernel_sink(&r->ki, INGEST_KERNEL_BACKFILL, &sink);
	ck_assert_int_eq(audit_backfill_start(&bf, r->log, &sink), 0);
	ck_assert(audit_backfill_active(&bf));
	do {
		rc = audit_backfill_step(&bf);
		ck_assert_int_ne(rc, -1);
		slices++;
	} while (rc == 1);
	ck_assert(!audit_backfill_active(&bf));
	last_records = bf.records;
	audit_backfill_stop(&bf);
	ck_assert_int_eq(ingest_commit(&r->in), 0);
	return slices;
}

START_TEST(canned_logs_read_twice_are_stored_once)
{
	static const struct {
		const char *name;
		int kills;	/* kill events stored from it */
	} cases[] = {
		{ "kill_bash.log", 2 },
		{ "failed.log", 3 },
		{ "exec_chain.log", 3 },
		{ "interleaved.log", 4 },
	};
	struct rig r;
	int64_t rows = 0;

	rig_open(&r);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		copy_case(cases[i].name, r.log);
		backfill(&r);
		rows += cases[i].kills;
		ck_assert_msg(store_count(r.st) == rows, "%s: %lld rows",
		    cases[i].name, (long long)store_count(r.st));
	}
	ck_assert_uint_eq(r.counters.audit_backfilled, (uint64_t)rows);

	/* Restarted (nothing in memory) and read again: nothing new. */
	ck_assert_int_eq(ingest_commit(&r.in), 0);
	ingest_kernel_free(&r.ki);
	ck_assert_int_eq(ingest_kernel_init(&r.ki, &r.in), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		copy_case(cases[i].name, r.log);
		backfill(&r);
	}
	ck_assert_int_eq(store_count(r.st), rows);
	ck_assert_uint_eq(r.counters.audit_backfilled, (uint64_t)rows);
	ck_assert_uint_eq(r.counters.audit_duplicates, (uint64_t)rows);
	rig_close(&r);
}
END_TEST

/* The exec records in FILE.1 make the chain of a kill in FILE. */
START_TEST(older_file_is_read_first)
{
	static const char *const bash[] = { "-bash", NULL };
	struct test_kill k = {
		.sec = T0, .msec = 5, .serial = 900, .pid = 4100, .ppid = 4000,
		.auid = 1000, .ses = 3, .a0 = 5000, .sig = SIGTERM,
		.opid = 5000, .ocomm = "sleep", .argv = { "kill", "5000", NULL },
	};
	struct test_text older = { 0 }, newer = { 0 };
	struct test_seen s;
	char path[320];
	struct rig r;

	rig_open(&r);
	test_exec_records(&older, T0 - 10, 0, 800, 4000, 1, 1000, "bash",
	    "/usr/bin/bash", bash);
	test_kill_records(&newer, &k);
	snprintf(path, sizeof path, "%s.1", r.log);
	write_file(path, older.buf, older.len);
	write_file(r.log, newer.buf, newer.len);
	backfill(&r);
	ck_assert_int_eq(test_events_of(r.st, 5000, &s), 1);
	ck_assert_uint_eq(s.ev[0].chain_len, 2);
	ck_assert_str_eq(s.ev[0].chain[0].args, "-bash");
	ck_assert_uint_eq(last_records, 6);
	free(older.buf);
	free(newer.buf);
	rig_close(&r);
}
END_TEST

/* A log of many slices: each step reads one, and every kill is stored. */
START_TEST(large_log_is_read_in_slices)
{
	struct test_kill k = {
		.sec = T0, .pid = 4100, .ppid = 4000, .auid = 1000, .ses = 3,
		.sig = SIGKILL, .ocomm = "sleep",
		.argv = { "kill", "-9", "some-pid", NULL },
	};
	struct test_text t = { 0 };
	struct rig r;
	int slices;

	rig_open(&r);
	for (unsigned i = 0; i < 2000; i++) {
		k.serial = 1000 + i;
		k.msec = i % 1000;
		k.sec = T0 + i / 1000;
		k.a0 = k.opid = 10000 + (int32_t)i;
		test_kill_records(&t, &k);
	}
	ck_assert_uint_gt(t.len, 4 * AUDIT_BACKFILL_SLICE);
	write_file(r.log, t.buf, t.len);
	slices = backfill(&r);
	ck_assert_int_ge(slices, (int)(t.len / AUDIT_BACKFILL_SLICE));
	ck_assert_int_eq(store_count(r.st), 2000);
	free(t.buf);
	rig_close(&r);
}
END_TEST

START_TEST(missing_or_no_log_leaves_nothing_to_do)
{
	struct audit_backfill bf;
	struct wk_audit_sink sink;
	struct rig r;

	rig_open(&r);
	ingest_kernel_sink(&r.ki, INGEST_KERNEL_BACKFILL, &sink);
	ck_assert_int_eq(audit_backfill_start(&bf, r.log, &sink), 0);
	ck_assert(!audit_backfill_active(&bf));
	ck_assert_int_eq(audit_backfill_step(&bf), 0);
	audit_backfill_stop(&bf);
	ck_assert_int_eq(audit_backfill_start(&bf, "", &sink), 0);
	ck_assert(!audit_backfill_active(&bf));
	audit_backfill_stop(&bf);
	/* A directory is no log: an error, not silence. */
	ck_assert_int_eq(audit_backfill_start(&bf, r.dir, &sink), -1);
	ck_assert(!audit_backfill_active(&bf));
	audit_backfill_stop(&bf);
	rig_close(&r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_backfill");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	test_make_base_dir("check_audit_backfill");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, canned_logs_read_twice_are_stored_once);
	tcase_add_test(tc, older_file_is_read_first);
	tcase_add_test(tc, large_log_is_read_in_slices);
	tcase_add_test(tc, missing_or_no_log_leaves_nothing_to_do);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	test_remove_base_dir();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
