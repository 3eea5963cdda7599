/*
 * What the daemon can see: the kernel's audit rules read for kill rules
 * (daemon/kaudit/audit_rules.c) and /etc/ld.so.preload read for the shim
 * (daemon/base/preload_list.c), from rules and texts made here.
 */
#include <check.h>
#include <libaudit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "whokilled/wire.h"
#include "daemon/base/preload_list.h"
#include "daemon/kaudit/audit_rules.h"
#include "daemon_testutil.h"

static uint32_t native;

static void
setup(void)
{
	native = audit_machine_to_elf(audit_detect_machine());
	ck_assert_uint_ne(native, 0);
}

/*
 * The rule's key (-k), as auditctl adds it: a string field in the rule's
 * buffer.  (libaudit's own call for it asks for auditctl's private state.)
 */
static struct audit_rule_data *
add_key(struct audit_rule_data *r, const char *key)
{
	size_t len = strlen(key);
	uint32_t n = r->field_count;

	r = realloc(r, sizeof *r + r->buflen + len);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_lt(n, AUDIT_MAX_FIELDS);
	r->fields[n] = AUDIT_FILTERKEY;
	r->fieldflags[n] = AUDIT_EQUAL;
	r->values[n] = (uint32_t)len;
	memcpy(r->buf + r->buflen, key, len);
	r->buflen += (uint32_t)len;
	r->field_count = n + 1;
	return r;
}

/*
 * A rule as auditctl makes it from its command line, e.g. "arch=b64",
 * "a1!=0", "key=whokilled" and the syscalls "kill,tkill" (exit list,
 * action always unless action says otherwise).
 */
static struct audit_rule_data *
rule(const char *syscalls, const char *const *pairs, uint32_t action)
{
	struct audit_rule_data *r = audit_rule_create_data();
	char list[128], pair[64], *save = NULL, *call;
	int pass;

	ck_assert_ptr_nonnull(r);
	/* In auditctl's order: arch=, the syscalls (-S), the other fields
	 * (a key needs a syscall before it).  libaudit cuts the pair where
	 * its operator is: a copy of it. */
	for (pass = 0; pass < 2; pass++) {
		for (const char *const *p = pairs; p != NULL && *p != NULL;
		    p++) {
			if ((strncmp(*p, "arch=", 5) == 0) != (pass == 0))
				continue;
			if (strncmp(*p, "key=", 4) == 0) {
				r = add_key(r, *p + 4);
				continue;
			}
			snprintf(pair, sizeof pair, "%s", *p);
			ck_assert_msg(audit_rule_fieldpair_data(&r, pair,
			    AUDIT_FILTER_EXIT) == 0, "field %s", *p);
		}
		if (pass == 1)
			break;
		snprintf(list, sizeof list, "%s", syscalls);
		for (call = strtok_r(list, ",", &save); call != NULL;
		    call = strtok_r(NULL, ",", &save))
			ck_assert_msg(audit_rule_syscallbyname_data(r, call) ==
			    0, "syscall %s", call);
	}
	r->flags = AUDIT_FILTER_EXIT;
	r->action = action;
	return r;
}

/* The rules of conf/audit/whokilled.rules, as the kernel lists them. */
START_TEST(the_shipped_rules_are_loaded_kill_rules)
{
	static const char *const a1[] = { "arch=b64", "a1!=0", "key=whokilled",
	    NULL };
	static const char *const a2[] = { "arch=b64", "a2!=0", "key=whokilled",
	    NULL };
	struct audit_rules_calls c = { 0, 0 };
	struct audit_rule_data *r1, *r2;

	r1 = rule("kill,tkill,rt_sigqueueinfo,pidfd_send_signal", a1,
	    AUDIT_ALWAYS);
	r2 = rule("tgkill,rt_tgsigqueueinfo", a2, AUDIT_ALWAYS);
	audit_rules_note(&c, r1, native);
	ck_assert_uint_eq(c.whole, AUDIT_RULES_KILL | AUDIT_RULES_TKILL);
	ck_assert_uint_eq(audit_rules_sight(&c, 1),
	    WK_SEE_RULES_READ | WK_SEE_RULES_PART);
	audit_rules_note(&c, r2, native);
	ck_assert_uint_eq(c.whole, AUDIT_RULES_EVERY);
	ck_assert_uint_eq(c.some, 0);
	ck_assert_uint_eq(audit_rules_sight(&c, 1),
	    WK_SEE_RULES_READ | WK_SEE_KILL_RULES);
	ck_assert_uint_eq(audit_rules_sight(&c, 0),
	    WK_SEE_RULES_READ | WK_SEE_KILL_RULES | WK_SEE_AUDIT_OFF);
	audit_rule_free_data(r1);
	audit_rule_free_data(r2);
}
END_TEST

START_TEST(rules_that_do_not_take_every_kill)
{
	static const char *const b32[] = { "arch=b32", NULL };
	static const char *const b64[] = { "arch=b64", NULL };
	static const char *const auid[] = { "arch=b64", "auid>=1000", NULL };
	struct audit_rules_calls c = { 0, 0 };
	struct audit_rule_data *r;

	/* No rule at all. */
	ck_assert_uint_eq(audit_rules_sight(&c, 1), WK_SEE_RULES_READ);

	/* Another architecture's numbers. */
	r = rule("kill,tkill,tgkill", b32, AUDIT_ALWAYS);
	audit_rules_note(&c, r, native);
	audit_rule_free_data(r);
	ck_assert_uint_eq(c.whole | c.some, 0);

	/* A "never" rule records nothing. */
	r = rule("kill,tkill,tgkill", b64, AUDIT_NEVER);
	audit_rules_note(&c, r, native);
	audit_rule_free_data(r);
	ck_assert_uint_eq(c.whole | c.some, 0);

	/* Other calls only. */
	r = rule("openat,execve", b64, AUDIT_ALWAYS);
	audit_rules_note(&c, r, native);
	audit_rule_free_data(r);
	ck_assert_uint_eq(c.whole | c.some, 0);

	/* Only some users' kills: partial, never loaded. */
	r = rule("kill,tkill,tgkill", auid, AUDIT_ALWAYS);
	audit_rules_note(&c, r, native);
	audit_rule_free_data(r);
	ck_assert_uint_eq(c.whole, 0);
	ck_assert_uint_eq(c.some, AUDIT_RULES_EVERY);
	ck_assert_uint_eq(audit_rules_sight(&c, 1),
	    WK_SEE_RULES_READ | WK_SEE_RULES_PART);

	/* A plain rule without arch= takes the machine's own numbers. */
	r = rule("kill,tkill,tgkill", NULL, AUDIT_ALWAYS);
	audit_rules_note(&c, r, native);
	audit_rule_free_data(r);
	ck_assert_uint_eq(c.whole, AUDIT_RULES_EVERY);
}
END_TEST

/* The kernel answers as root here; whatever it holds, it is read. */
START_TEST(the_kernel_is_asked)
{
	uint32_t sight = audit_rules_check();

	if (geteuid() == 0)
		ck_assert_uint_eq(sight & WK_SEE_RULES_READ, WK_SEE_RULES_READ);
	ck_assert_uint_eq(sight & ~(WK_SEE_RULES_READ | WK_SEE_KILL_RULES |
	    WK_SEE_RULES_PART | WK_SEE_AUDIT_OFF), 0);
}
END_TEST

static int
names(const char *text)
{
	return preload_list_names_shim(text, strlen(text));
}

START_TEST(ld_so_preload_names_the_shim)
{
	ck_assert(names("/usr/local/lib/libwhokilled.so\n"));
	ck_assert(names("/usr/local/lib/libwhokilled.so"));
	ck_assert(names("libwhokilled.so"));
	ck_assert(names("/lib/libother.so /usr/lib/libwhokilled.so\n"));
	ck_assert(names("/lib/libother.so:/usr/lib/libwhokilled.so"));
	ck_assert(names("# the shim:\n\t/usr/lib/libwhokilled.so  \n"));
	ck_assert(preload_list_names_shim("/lib/a.so\0/lib/libwhokilled.so",
	    31));

	ck_assert(!names(""));
	ck_assert(!names("\n\n"));
	ck_assert(!names("/lib/libother.so\n"));
	/* Commented out, whole line or after a name. */
	ck_assert(!names("#/usr/local/lib/libwhokilled.so\n"));
	ck_assert(!names("# /usr/local/lib/libwhokilled.so\n"));
	ck_assert(!names("/lib/a.so # /usr/lib/libwhokilled.so\n"));
	/* Names that only look alike. */
	ck_assert(!names("/usr/lib/libwhokilled.so.1\n"));
	ck_assert(!names("/usr/lib/xlibwhokilled.so\n"));
	ck_assert(!names("/usr/lib/libwhokilled.sox\n"));
	/* The comment ends with its line. */
	ck_assert(names("# old\n/usr/lib/libwhokilled.so\n"));
}
END_TEST

START_TEST(ld_so_preload_file)
{
	char dir[200], path[300];
	FILE *f;

	test_dir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/ld.so.preload", dir);
	ck_assert_int_eq(preload_list_check(path), 0);	/* no such file */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#/usr/local/lib/libwhokilled.so\n", f);
	fclose(f);
	ck_assert_int_eq(preload_list_check(path), 0);
	f = fopen(path, "a");
	ck_assert_ptr_nonnull(f);
	fputs("/usr/local/lib/libwhokilled.so\n", f);
	fclose(f);
	ck_assert_int_eq(preload_list_check(path), 1);
	ck_assert_int_eq(preload_list_check(dir), -1);	/* a directory */
}
END_TEST

static Suite *
sight_suite(void)
{
	Suite *s = suite_create("sight");
	TCase *tc = tcase_create("sight");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, the_shipped_rules_are_loaded_kill_rules);
	tcase_add_test(tc, rules_that_do_not_take_every_kill);
	tcase_add_test(tc, the_kernel_is_asked);
	tcase_add_test(tc, ld_so_preload_names_the_shim);
	tcase_add_test(tc, ld_so_preload_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sight_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
