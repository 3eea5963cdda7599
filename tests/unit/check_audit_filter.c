/*
 * Which audit records the daemon reads: those of signal and exec events,
 * by netlink type number and by log line.
 */
#include <check.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/kaudit/audit_filter.h"

static int
line(const char *s)
{
	return audit_filter_line(s, strlen(s));
}

START_TEST(types_of_kill_and_exec_events_are_read)
{
	ck_assert(audit_filter_type(AUDIT_SYSCALL));
	ck_assert(audit_filter_type(AUDIT_OBJ_PID));
	ck_assert(audit_filter_type(AUDIT_EXECVE));
	ck_assert(audit_filter_type(1327));	/* PROCTITLE */
	ck_assert(audit_filter_type(AUDIT_EOE));
	ck_assert(!audit_filter_type(AUDIT_PATH));
	ck_assert(!audit_filter_type(AUDIT_CWD));
	ck_assert(!audit_filter_type(AUDIT_USER_TTY));
	ck_assert(!audit_filter_type(AUDIT_AVC));
}
END_TEST

START_TEST(lines_are_told_by_their_type_field)
{
	ck_assert(line("type=SYSCALL msg=audit(1.000:1): arch=c000003e\n"));
	ck_assert(line("node=web1 type=OBJ_PID msg=audit(1.000:1): opid=5"));
	ck_assert(line("type=EOE msg=audit(1.000:1): "));
	ck_assert(line("type=PROCTITLE msg=audit(1.000:1): proctitle=6B"));
	ck_assert(!line("type=PATH msg=audit(1.000:1): item=0"));
	ck_assert(!line("type=SYSCALLX msg=audit(1.000:1): x"));
	ck_assert(!line("type=SYS msg=audit(1.000:1): x"));
	ck_assert(!line("node=web1 type=CWD msg=audit(1.000:1): cwd=\"/\""));
	ck_assert(!line("msg=audit(1.000:1): type=SYSCALL"));
	ck_assert(!line("node=type=SYSCALL"));
	ck_assert(!line(""));
	ck_assert(!line("type="));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_filter");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, types_of_kill_and_exec_events_are_read);
	tcase_add_test(tc, lines_are_told_by_their_type_field);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
