/*
 * The shim's own lookup of the next definitions (preload/shim_next.c)
 * against dlsym(RTLD_NEXT) from the same object: this test program, whose
 * next objects are libc and the loader, as the shim's are in a program.
 */
#include <check.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "preload/shim_next.h"

static int in_this_program;	/* an address of the test program's own */

/* Looks names up both ways; every one must agree with dlsym. */
static void
assert_same_as_dlsym(const char *const *names, unsigned n)
{
	static struct shim_next next;
	void *out[SHIM_NEXT_NAMES_MAX];
	unsigned i;

	ck_assert_int_eq(shim_next_record(&in_this_program, &next), 0);
	ck_assert_uint_ge(next.n, 1);
	shim_next_find(&next, names, out, n);
	for (i = 0; i < n; i++) {
		ck_assert_msg(out[i] != NULL, "%s not found", names[i]);
		ck_assert_msg(out[i] == dlsym(RTLD_NEXT, names[i]),
		    "%s: %p, dlsym says %p", names[i], out[i],
		    dlsym(RTLD_NEXT, names[i]));
	}
}

START_TEST(the_wrapped_functions_are_found_where_dlsym_finds_them)
{
	static const char *const names[] = {
		"kill", "killpg", "sigqueue", "tgkill", "pidfd_send_signal",
		"syscall",
	};

	assert_same_as_dlsym(names, sizeof names / sizeof names[0]);
}
END_TEST

/*
 * libc keeps old versions of some functions for old binaries, hidden
 * beside the default one (realpath@GLIBC_2.2.5, realpath@@GLIBC_2.3):
 * dlsym takes the default, and so must the lookup.
 */
START_TEST(the_default_version_is_taken_not_a_hidden_old_one)
{
	static const char *const names[] = {
		"realpath", "pthread_cond_wait", "sched_setaffinity",
	};

	assert_same_as_dlsym(names, sizeof names / sizeof names[0]);
}
END_TEST

/* An IFUNC (libc's rawmemchr: its resolver picks the code; nothing
 * before libc defines it, not even ASan) and a name nobody defines are
 * left NULL: the wrapper then makes the syscall itself. */
START_TEST(an_ifunc_or_an_unknown_name_is_left_unbound)
{
	static const char *const names[] = { "no_such_function_anywhere" };
	static const char *const ifunc[] = { "rawmemchr" };
	static struct shim_next next;
	void *out[1];

	ck_assert_int_eq(shim_next_record(&in_this_program, &next), 0);
	shim_next_find(&next, names, out, 1);
	ck_assert_ptr_null(out[0]);
	ck_assert_ptr_nonnull(dlsym(RTLD_NEXT, "rawmemchr"));
	shim_next_find(&next, ifunc, out, 1);
	ck_assert_ptr_null(out[0]);
}
END_TEST

/* An address in no loaded object: no "after it", so dlsym is asked. */
START_TEST(an_address_outside_every_object_is_refused)
{
	static struct shim_next next;
	int on_the_stack = 0;

	ck_assert_int_eq(shim_next_record(&on_the_stack, &next), -1);
}
END_TEST

/* An object with no libc after it (as a shim opened with dlopen would
 * be; here libc itself): the walk cannot vouch for the end, dlsym is
 * asked. */
START_TEST(an_object_without_libc_after_it_is_refused)
{
	static struct shim_next next;
	void *in_libc = dlsym(RTLD_DEFAULT, "kill");

	ck_assert_ptr_nonnull(in_libc);
	ck_assert_int_eq(shim_next_record(in_libc, &next), -1);
}
END_TEST

/* More names than the lookup takes: none is bound. */
START_TEST(too_many_names_bind_none)
{
	static const char *const names[SHIM_NEXT_NAMES_MAX + 1] = {
		"kill", "kill", "kill", "kill", "kill", "kill", "kill", "kill",
		"kill",
	};
	static struct shim_next next;
	void *out[SHIM_NEXT_NAMES_MAX + 1];
	unsigned i;

	ck_assert_int_eq(shim_next_record(&in_this_program, &next), 0);
	shim_next_find(&next, names, out, SHIM_NEXT_NAMES_MAX + 1);
	for (i = 0; i <= SHIM_NEXT_NAMES_MAX; i++)
		ck_assert_ptr_null(out[i]);
}
END_TEST

static Suite *
shim_next_suite(void)
{
	Suite *s = suite_create("shim_next");
	TCase *tc = tcase_create("lookup");

	tcase_add_test(tc, the_wrapped_functions_are_found_where_dlsym_finds_them);
	tcase_add_test(tc, the_default_version_is_taken_not_a_hidden_old_one);
	tcase_add_test(tc, an_ifunc_or_an_unknown_name_is_left_unbound);
	tcase_add_test(tc, an_address_outside_every_object_is_refused);
	tcase_add_test(tc, an_object_without_libc_after_it_is_refused);
	tcase_add_test(tc, too_many_names_bind_none);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(shim_next_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
