# Fuzz corpora replayed by `make check`; `make fuzz-seeds` rewrites the
# wire seeds (committed in tests/fuzz/corpus/wire).

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

.PHONY: fuzz-seeds
