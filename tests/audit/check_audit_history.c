/* The exec history: look-ups by point in time, and chains of ancestors. */
#include "../../audit/audit_history.h"
#include "../../audit/audit_value.h"
#include "audit_testutil.h"

static struct wk_audit_history *h;

static void
setup(void)
{
	h = wk_audit_history_new();
	ck_assert_ptr_nonnull(h);
}

static void
teardown(void)
{
	wk_audit_history_free(h);
	h = NULL;
}

/* Adds an exec of pid (child of ppid) running comm at (sec, serial) on node. */
static void
add(const char *node, int64_t sec, uint64_t serial, int32_t pid,
    int32_t ppid, const char *comm)
{
	struct wk_audit_exec x;

	memset(&x, 0, sizeof x);
	wk_audit_copy(x.stamp.node, sizeof x.stamp.node, node);
	x.stamp.sec = sec;
	x.stamp.serial = serial;
	x.proc.pid = pid;
	x.proc.ppid = ppid;
	x.proc.uid = x.proc.euid = (uint32_t)pid;
	x.proc.auid = 1000;
	wk_audit_copy(x.proc.comm, sizeof x.proc.comm, comm);
	wk_audit_copy(x.proc.exe, sizeof x.proc.exe, comm);
	wk_audit_argv_add(&x.proc, comm, strlen(comm), 1);
	wk_audit_argv_add(&x.proc, "-x", 2, 1);
	ck_assert_int_eq(wk_audit_history_add(h, &x), 0);
}

static const char *
comm_at(const char *node, int32_t pid, int64_t sec, uint64_t serial)
{
	const struct wk_audit_exec_info *e = wk_audit_history_find(h, node, pid, sec, 0, serial);

	return e ? e->comm : NULL;
}

START_TEST(test_find_latest_at_or_before)
{
	add("", 30, 3, 5, 1, "thirty");
	add("", 10, 1, 5, 1, "ten");
	add("", 20, 2, 5, 1, "twenty");
	ck_assert_uint_eq(wk_audit_history_count(h), 3);
	ck_assert_ptr_null(comm_at("", 5, 5, 0));
	ck_assert_str_eq(comm_at("", 5, 10, 1), "ten");
	ck_assert_str_eq(comm_at("", 5, 25, 0), "twenty");
	ck_assert_str_eq(comm_at("", 5, 20, 2), "twenty");
	ck_assert_str_eq(comm_at("", 5, 20, 1), "ten");	/* same second, earlier serial */
	ck_assert_str_eq(comm_at("", 5, 99, 0), "thirty");
	ck_assert_ptr_null(comm_at("", 6, 99, 0));
}
END_TEST

START_TEST(test_nodes_are_kept_apart)
{
	add("web1", 10, 1, 5, 1, "web");
	add("db1", 10, 1, 5, 1, "db");
	ck_assert_str_eq(comm_at("web1", 5, 10, 1), "web");
	ck_assert_str_eq(comm_at("db1", 5, 10, 1), "db");
	ck_assert_ptr_null(comm_at("", 5, 10, 1));
	ck_assert_ptr_null(comm_at("mail1", 5, 10, 1));
}
END_TEST

START_TEST(test_many_pids_grow_the_table)
{
	for (int32_t pid = 2; pid < 5000; pid++)
		add("", pid, (uint64_t)pid, pid, pid - 1, pid % 2 ? "odd" : "even");
	ck_assert_uint_eq(wk_audit_history_count(h), 4998);
	ck_assert_str_eq(comm_at("", 4001, 5000, 0), "odd");
	ck_assert_str_eq(comm_at("", 2, 5000, 0), "even");
}
END_TEST

static struct wk_audit_stamp
point(int64_t sec)
{
	struct wk_audit_stamp st;

	memset(&st, 0, sizeof st);
	st.sec = sec;
	st.serial = 1000;
	return st;
}

START_TEST(test_ancestors_outermost_first_to_pid_1)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_audit_stamp at = point(100);
	uint32_t n;

	add("", 1, 1, 1, 0, "systemd");
	add("", 10, 10, 100, 1, "sshd");
	add("", 20, 20, 200, 100, "bash");
	add("", 30, 30, 300, 200, "su");
	n = wk_audit_history_ancestors(h, &at, 300, chain, WK_CHAIN_MAX);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(chain[0].pid, 1);
	ck_assert_str_eq(chain[0].comm, "systemd");
	ck_assert_int_eq(chain[1].pid, 100);
	ck_assert_int_eq(chain[2].pid, 200);
	ck_assert_int_eq(chain[3].pid, 300);
	ck_assert_int_eq(chain[3].ppid, 200);
	ck_assert_str_eq(chain[3].args, "su -x");
	ck_assert_uint_eq(chain[3].loginuid, 1000);
	ck_assert_uint_eq(chain[3].start_time, 0);
}
END_TEST

START_TEST(test_ancestors_stop_at_an_unknown_parent)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_audit_stamp at = point(100);

	add("", 20, 20, 200, 150, "bash");
	ck_assert_uint_eq(wk_audit_history_ancestors(h, &at, 200, chain, WK_CHAIN_MAX), 1);
	ck_assert_uint_eq(wk_audit_history_ancestors(h, &at, 999, chain, WK_CHAIN_MAX), 0);
	ck_assert_uint_eq(wk_audit_history_ancestors(h, &at, 0, chain, WK_CHAIN_MAX), 0);
}
END_TEST

START_TEST(test_ancestors_survive_a_loop)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_audit_stamp at = point(100);
	uint32_t n;

	add("", 20, 20, 10, 11, "a");
	add("", 10, 10, 11, 10, "b");
	add("", 5, 5, 12, 12, "self");
	n = wk_audit_history_ancestors(h, &at, 10, chain, WK_CHAIN_MAX);
	ck_assert_uint_le(n, 2);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_eq(wk_audit_history_ancestors(h, &at, 12, chain, WK_CHAIN_MAX), 1);
}
END_TEST

START_TEST(test_ancestors_keep_the_nearest_when_too_many)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_audit_stamp at = point(1000);
	uint32_t n;

	for (int32_t pid = 2; pid <= 40; pid++)
		add("", pid, (uint64_t)pid, pid, pid - 1, "sh");
	n = wk_audit_history_ancestors(h, &at, 40, chain, WK_CHAIN_MAX - 1);
	ck_assert_uint_eq(n, WK_CHAIN_MAX - 1);
	ck_assert_int_eq(chain[n - 1].pid, 40);
	ck_assert_int_eq(chain[0].pid, 40 - (int32_t)n + 1);
}
END_TEST

START_TEST(test_parent_is_seen_as_it_was_at_the_child_exec)
{
	struct wk_chain_entry chain[WK_CHAIN_MAX];
	struct wk_audit_stamp at = point(60);

	add("", 10, 10, 100, 1, "bash");
	add("", 20, 20, 200, 100, "make");
	add("", 50, 50, 100, 1, "vim");	/* the parent ran something else later */
	ck_assert_uint_eq(wk_audit_history_ancestors(h, &at, 200, chain, WK_CHAIN_MAX), 2);
	ck_assert_str_eq(chain[0].comm, "bash");
	ck_assert_str_eq(chain[1].comm, "make");
}
END_TEST

START_TEST(test_join_argv)
{
	char out[8];

	wk_audit_join_argv("a\0b\0", 4, out, sizeof out);
	ck_assert_str_eq(out, "a b");
	wk_audit_join_argv("abc\0defgh\0", 10, out, sizeof out);
	ck_assert_str_eq(out, "abc def");
	wk_audit_join_argv("", 0, out, sizeof out);
	ck_assert_str_eq(out, "");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_history");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_find_latest_at_or_before);
	tcase_add_test(tc, test_nodes_are_kept_apart);
	tcase_add_test(tc, test_many_pids_grow_the_table);
	tcase_add_test(tc, test_ancestors_outermost_first_to_pid_1);
	tcase_add_test(tc, test_ancestors_stop_at_an_unknown_parent);
	tcase_add_test(tc, test_ancestors_survive_a_loop);
	tcase_add_test(tc, test_ancestors_keep_the_nearest_when_too_many);
	tcase_add_test(tc, test_parent_is_seen_as_it_was_at_the_child_exec);
	tcase_add_test(tc, test_join_argv);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
