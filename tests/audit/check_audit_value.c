/* Decoding of audit field values, argument lists and system call names. */
#include <errno.h>

#include "../../audit/audit_syscall.h"
#include "../../audit/audit_value.h"
#include "audit_testutil.h"

#define ARCH_X86_64	0xc000003eu
#define ARCH_I386	0x40000003u
#define ARCH_AARCH64	0xc00000b7u

START_TEST(test_untrusted_quoted_is_taken_as_is)
{
	char out[32];
	size_t len;

	ck_assert_int_eq(wk_audit_untrusted("\"sleep\"", out, sizeof out, &len), 0);
	ck_assert_str_eq(out, "sleep");
	ck_assert_uint_eq(len, 5);
}
END_TEST

START_TEST(test_untrusted_hex_keeps_nuls)
{
	char out[32];
	size_t len;

	ck_assert_int_eq(wk_audit_untrusted("6B696C6C002D39", out, sizeof out, &len), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_mem_eq(out, "kill\0-9", 8);
	ck_assert_int_eq(wk_audit_untrusted("c3a9", out, sizeof out, &len), 0);
	ck_assert_str_eq(out, "\xc3\xa9");
}
END_TEST

START_TEST(test_untrusted_null_and_malformed_fail)
{
	static const char *const bad[] = { "6B6", "zz", "\"open", "\"", "", "6B 6C" };
	char out[32];
	size_t len;

	errno = 0;
	ck_assert_int_eq(wk_audit_untrusted("(null)", out, sizeof out, &len), -1);
	ck_assert_int_eq(errno, ENOENT);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		errno = 0;
		ck_assert_int_eq(wk_audit_untrusted(bad[i], out, sizeof out, &len), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_str_eq(out, "");
	}
}
END_TEST

START_TEST(test_untrusted_cut_to_fit)
{
	char out[5];
	size_t len;

	ck_assert_int_eq(wk_audit_untrusted("41424344454647", out, sizeof out, &len), 1);
	ck_assert_uint_eq(len, 4);
	ck_assert_str_eq(out, "ABCD");
	ck_assert_int_eq(wk_audit_untrusted("\"ABCDEFG\"", out, sizeof out, &len), 1);
	ck_assert_str_eq(out, "ABCD");
}
END_TEST

START_TEST(test_numbers)
{
	uint64_t u;
	int64_t v;

	ck_assert_int_eq(wk_audit_decimal("-3", INT32_MIN, INT32_MAX, &v), 0);
	ck_assert_int_eq(v, -3);
	ck_assert_int_eq(wk_audit_decimal("12x", 0, 100, &v), -1);
	ck_assert_int_eq(wk_audit_decimal("", 0, 100, &v), -1);
	ck_assert_int_eq(wk_audit_decimal("101", 0, 100, &v), -1);
	ck_assert_int_eq(wk_audit_decimal("-", -5, 5, &v), -1);
	ck_assert_int_eq(wk_audit_hex("ffffce7a", &u), 0);
	ck_assert_uint_eq(u, 0xffffce7au);
	ck_assert_int_eq(wk_audit_hex("7f768bbdeac0", &u), 0);
	ck_assert_uint_eq(u, 0x7f768bbdeac0u);
	ck_assert_int_eq(wk_audit_hex("", &u), -1);
	ck_assert_int_eq(wk_audit_hex("0x1", &u), -1);
	ck_assert_int_eq(wk_audit_hex("10000000000000000", &u), -1);
}
END_TEST

START_TEST(test_ids_unset_both_ways)
{
	uint32_t id;

	ck_assert_int_eq(wk_audit_id("4294967295", &id), 0);
	ck_assert_uint_eq(id, WK_ID_UNSET);
	ck_assert_int_eq(wk_audit_id("-1", &id), 0);
	ck_assert_uint_eq(id, WK_ID_UNSET);
	ck_assert_int_eq(wk_audit_id("1000", &id), 0);
	ck_assert_uint_eq(id, 1000);
	ck_assert_int_eq(wk_audit_id("-2", &id), -1);
	ck_assert_int_eq(wk_audit_id("4294967296", &id), -1);
	ck_assert_int_eq(wk_audit_id("root", &id), -1);
}
END_TEST

START_TEST(test_argv_pieces_join_one_argument)
{
	struct wk_audit_proc p;

	memset(&p, 0, sizeof p);
	wk_audit_argv_add(&p, "py", 2, 1);
	wk_audit_argv_add(&p, "thon", 4, 0);
	wk_audit_argv_add(&p, "-c", 2, 1);
	ck_assert_uint_eq(p.argc, 2);
	ck_assert_uint_eq(p.argv_len, 10);
	ck_assert_mem_eq(p.argv, "python\0-c\0", 10);
	ck_assert(p.flags & WK_AUDIT_P_ARGV_KNOWN);
	ck_assert(!(p.flags & WK_AUDIT_P_ARGV_TRUNCATED));
}
END_TEST

START_TEST(test_argv_cut_at_capacity)
{
	static char big[2000];
	struct wk_audit_proc p;

	memset(&p, 0, sizeof p);
	memset(big, 'x', sizeof big);
	wk_audit_argv_add(&p, "a", 1, 1);
	wk_audit_argv_add(&p, big, sizeof big, 1);
	wk_audit_argv_add(&p, "after", 5, 1);
	ck_assert_uint_eq(p.argv_len, WK_AUDIT_ARGV_MAX);
	ck_assert_int_eq(p.argv[WK_AUDIT_ARGV_MAX - 1], '\0');
	ck_assert_uint_eq(p.argc, 2);
	ck_assert(p.flags & WK_AUDIT_P_ARGV_TRUNCATED);
}
END_TEST

START_TEST(test_proctitle_arguments)
{
	char title[WK_AUDIT_PROCTITLE_MAX];
	struct wk_audit_proc p;

	memset(&p, 0, sizeof p);
	wk_audit_argv_from_proctitle(&p, "a\0\0b", 4);
	ck_assert_uint_eq(p.argc, 3);
	ck_assert_uint_eq(p.argv_len, 5);
	ck_assert_mem_eq(p.argv, "a\0\0b\0", 5);
	ck_assert(!(p.flags & WK_AUDIT_P_ARGV_TRUNCATED));

	memset(title, 'y', sizeof title);
	wk_audit_argv_from_proctitle(&p, title, sizeof title - 1);
	ck_assert(!(p.flags & WK_AUDIT_P_ARGV_TRUNCATED));
	wk_audit_argv_from_proctitle(&p, title, sizeof title);
	ck_assert(p.flags & WK_AUDIT_P_ARGV_TRUNCATED);
	ck_assert_uint_eq(p.argc, 1);
}
END_TEST

struct classify_case {
	uint32_t arch;
	int nr;
	enum wk_audit_kind kind;
	enum wk_audit_call call;
};

static const struct classify_case classify_cases[] = {
	{ ARCH_X86_64, 62, WK_AUDIT_SIGNAL, WK_AUDIT_KILL },
	{ ARCH_X86_64, 200, WK_AUDIT_SIGNAL, WK_AUDIT_TKILL },
	{ ARCH_X86_64, 234, WK_AUDIT_SIGNAL, WK_AUDIT_TGKILL },
	{ ARCH_X86_64, 129, WK_AUDIT_SIGNAL, WK_AUDIT_RT_SIGQUEUEINFO },
	{ ARCH_X86_64, 297, WK_AUDIT_SIGNAL, WK_AUDIT_RT_TGSIGQUEUEINFO },
	{ ARCH_X86_64, 424, WK_AUDIT_SIGNAL, WK_AUDIT_PIDFD_SEND_SIGNAL },
	{ ARCH_X86_64, 59, WK_AUDIT_EXEC, 0 },
	{ ARCH_X86_64, 322, WK_AUDIT_EXEC, 0 },
	{ ARCH_X86_64, 257, WK_AUDIT_OTHER, 0 },
	{ ARCH_I386, 37, WK_AUDIT_SIGNAL, WK_AUDIT_KILL },
	{ ARCH_I386, 238, WK_AUDIT_SIGNAL, WK_AUDIT_TKILL },
	{ ARCH_I386, 270, WK_AUDIT_SIGNAL, WK_AUDIT_TGKILL },
	{ ARCH_I386, 178, WK_AUDIT_SIGNAL, WK_AUDIT_RT_SIGQUEUEINFO },
	{ ARCH_I386, 335, WK_AUDIT_SIGNAL, WK_AUDIT_RT_TGSIGQUEUEINFO },
	{ ARCH_I386, 424, WK_AUDIT_SIGNAL, WK_AUDIT_PIDFD_SEND_SIGNAL },
	{ ARCH_I386, 11, WK_AUDIT_EXEC, 0 },
	{ ARCH_I386, 62, WK_AUDIT_OTHER, 0 },	/* ustat on i386, not kill */
	{ ARCH_AARCH64, 129, WK_AUDIT_SIGNAL, WK_AUDIT_KILL },
	{ ARCH_AARCH64, 221, WK_AUDIT_EXEC, 0 },
	{ 0x12345u, 62, WK_AUDIT_OTHER, 0 },	/* no such architecture */
	{ ARCH_X86_64, 100000, WK_AUDIT_OTHER, 0 },
};

START_TEST(test_classify_by_architecture)
{
	const struct classify_case *c = &classify_cases[_i];
	enum wk_audit_call call = 0;

	ck_assert_msg(wk_audit_classify(c->arch, c->nr, &call) == c->kind,
	    "arch %x syscall %d", c->arch, c->nr);
	if (c->kind == WK_AUDIT_SIGNAL)
		ck_assert_int_eq(call, c->call);
}
END_TEST

START_TEST(test_signal_argument_position)
{
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_KILL), 1);
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_TKILL), 1);
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_RT_SIGQUEUEINFO), 1);
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_PIDFD_SEND_SIGNAL), 1);
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_TGKILL), 2);
	ck_assert_int_eq(wk_audit_signal_arg(WK_AUDIT_RT_TGSIGQUEUEINFO), 2);
	ck_assert_str_eq(wk_audit_arch_name(ARCH_I386), "i386");
	ck_assert_ptr_null(wk_audit_arch_name(0x12345u));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_value");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_untrusted_quoted_is_taken_as_is);
	tcase_add_test(tc, test_untrusted_hex_keeps_nuls);
	tcase_add_test(tc, test_untrusted_null_and_malformed_fail);
	tcase_add_test(tc, test_untrusted_cut_to_fit);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_ids_unset_both_ways);
	tcase_add_test(tc, test_argv_pieces_join_one_argument);
	tcase_add_test(tc, test_argv_cut_at_capacity);
	tcase_add_test(tc, test_proctitle_arguments);
	tcase_add_loop_test(tc, test_classify_by_architecture, 0,
	    sizeof classify_cases / sizeof *classify_cases);
	tcase_add_test(tc, test_signal_argument_position);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
