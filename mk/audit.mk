# The kernel-audit reader (audit/): a libauparse core that turns audit
# records into kill and exec events, used by the daemon and by the offline
# mode behind "whokilled --audit-log" (cli/offline*.c), and their tests
# (tests/audit/).
#
#   make audit-golden   rewrite tests/audit/cases/*.golden from the current
#                       code (then read the diff before committing it)
#
# Its fuzzer, make fuzz-audit, is in mk/fuzz.mk with the others.
#
# This file is read before the Makefile's "all" rule: keep "all" the default.
.DEFAULT_GOAL := all

AUDIT_SRC	= $(wildcard audit/*.c)
AUDIT_OBJ	= $(call obj,$(AUDIT_SRC))
AUDIT_LIBS	= $(shell pkg-config --libs auparse audit 2>/dev/null || echo -lauparse -laudit)

AUDIT_TEST_SRC	= $(wildcard tests/audit/check_audit_*.c)
AUDIT_TEST_BIN	= $(patsubst tests/audit/%.c,$(B)/tests/%,$(AUDIT_TEST_SRC))
# The tests' own user table (uids 0, 33, 1000, 1001, 65534): outputs that
# name users do not depend on this machine's /etc/passwd; and the stable
# text dump of parsed events the golden files hold.
AUDIT_TEST_LIB	= tests/audit/fake_passwd.c tests/audit/audit_dump.c

EXTRA_CHECK_BIN	+= $(AUDIT_TEST_BIN)

$(B)/tests/check_audit_%: tests/audit/check_audit_%.c $(AUDIT_TEST_LIB) $(AUDIT_OBJ) \
    $(CLI_OBJ) $(COMMON_OBJ) $(wildcard tests/audit/*.h audit/*.h cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $(filter %.c %.o,$^) \
	    -Wl,--wrap=getpwuid $(CHECK_LIBS) $(AUDIT_LIBS)

audit-golden: $(B)/tests/check_audit_golden
	$(B)/tests/check_audit_golden --regenerate

.PHONY: audit-golden
