# The kernel-audit reader (audit/): a libauparse core that turns audit
# records into kill and exec events, used by the daemon and by the offline
# mode behind "whokilled --audit-log" (cli/offline*.c), and their tests
# (tests/audit/).
#
#   make audit-golden   rewrite tests/audit/cases/*.golden from the current
#                       code (then read the diff before committing it)
#   make fuzz-audit     libFuzzer under ASan/UBSan over the reader, seeded
#                       with the canned logs (FUZZ_SECONDS, default 60)
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

# The fuzzer is built from sources with FUZZ_CC and FUZZ_CFLAGS (mk/fuzz.mk).
AUDIT_FUZZ_SRC	= tests/audit/fuzz_audit.c tests/audit/fake_passwd.c $(AUDIT_SRC) \
		  $(filter-out cli/main.c,$(wildcard cli/*.c)) $(COMMON_SRC)

$(B)/fuzz/fuzz_audit: $(AUDIT_FUZZ_SRC) $(wildcard audit/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ \
	    $(filter %.c,$^) -Wl,--wrap=getpwuid $(AUDIT_LIBS)

fuzz-audit: $(B)/fuzz/fuzz_audit
	@mkdir -p $(B)/fuzz/audit_corpus
	cp tests/audit/cases/*.log $(B)/fuzz/audit_corpus/
	LSAN_OPTIONS=suppressions=tests/audit/fuzz_audit.supp \
	    $(B)/fuzz/fuzz_audit -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/audit_corpus

.PHONY: audit-golden fuzz-audit
