/*
 * The shim's own lookup of the next definitions (preload/shim_next.c)
 * against dlsym(RTLD_NEXT) from the same object: this test program, whose
 * next objects are its libraries and libc, as the shim's are in a
 * program.  (A library with only a System V hash table, and a wrapper
 * after the shim, are in tests/e2e/shim_next.sh, on the real loader.)
 */
#include <check.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "preload/shim_next.h"

/* Every name must be found where dlsym finds it. */
static void
assert_same_as_dlsym(const char *const *names, unsigned n)
{
	unsigned i;
	void *fn;

	for (i = 0; i < n; i++) {
		fn = shim_next_find(names[i]);
		ck_assert_msg(fn != NULL, "%s not found", names[i]);
		ck_assert_msg(fn == dlsym(RTLD_NEXT, names[i]),
		    "%s: %p, dlsym says %p", names[i], fn,
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
	ck_assert_ptr_null(shim_next_find("no_such_function_anywhere"));
	ck_assert_ptr_nonnull(dlsym(RTLD_NEXT, "rawmemchr"));
	ck_assert_ptr_null(shim_next_find("rawmemchr"));
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
