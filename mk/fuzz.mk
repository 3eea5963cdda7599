# The fuzzers: libFuzzer under ASan/UBSan over every decoder of untrusted
# bytes, built with clang (FUZZ_CC) from sources.
#
#   make fuzz         each fuzzer FUZZ_SECONDS (default 60), from the seeds
#   make fuzz-wire    the wire decoders (common/) alone
#   make fuzz-audit   the audit reader and the offline answer, seeded with
#                     the canned logs of tests/audit/cases
#   make fuzz-seeds   rewrite the wire seeds (committed in tests/fuzz/corpus/wire)
#
# `make check` replays the committed corpora through both fuzzers.

# This file is read before the Makefile's "all" rule: keep "all" the default.
.DEFAULT_GOAL := all

FUZZ_CC		?= clang-14
FUZZ_SECONDS	?= 60
# The project's warnings too; no _FORTIFY_SOURCE under the sanitizers.
FUZZ_CFLAGS	= -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -Iinclude -I. $(VERSION_FLAG) \
		  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(B)/fuzz/fuzz_wire: tests/fuzz/fuzz_wire.c $(COMMON_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $^

fuzz: fuzz-wire fuzz-audit

fuzz-wire: $(B)/fuzz/fuzz_wire
	@mkdir -p $(B)/fuzz/corpus
	cp tests/fuzz/corpus/wire/* $(B)/fuzz/corpus/
	$(B)/fuzz/fuzz_wire -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(B)/fuzz/corpus

# The audit reader (audit/) and the offline answer (cli/) over audit logs.
AUDIT_FUZZ_SRC	= tests/audit/fuzz_audit.c tests/audit/fake_passwd.c $(AUDIT_SRC) \
		  $(CLI_CORE) $(COMMON_SRC)

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

# The corpora replayed by `make check`.
FUZZ_REPLAY	= $(B)/tests/fuzz_replay
EXTRA_CHECK_BIN	+= $(FUZZ_REPLAY)

$(FUZZ_REPLAY): tests/fuzz/replay.sh $(B)/fuzz/fuzz_wire $(B)/fuzz/fuzz_audit
	@mkdir -p $(dir $@)
	install -m 0755 tests/fuzz/replay.sh $@

$(B)/fuzz/make_wire_seeds: tests/fuzz/make_wire_seeds.c $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^

fuzz-seeds: $(B)/fuzz/make_wire_seeds
	@mkdir -p tests/fuzz/corpus/wire
	$(B)/fuzz/make_wire_seeds tests/fuzz/corpus/wire

.PHONY: fuzz fuzz-wire fuzz-audit fuzz-seeds
