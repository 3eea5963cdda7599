# make analyze: the Clang static analyzer (scan-build) over the whole build:
# every object, program, test, helper and benchmark, and the fuzzers'
# harnesses (as objects: they link only with clang's libFuzzer), compiled
# afresh with CC in a tree of its own (build-analyze/; build/ and the
# programs at the top are left alone).  Any report fails it; the HTML
# reports are in build-analyze/report/.  Not part of `make check`.
# Needs scan-build (clang-tools-14), which `make deps-analyze` installs.

# This file is read before the Makefile's "all" rule: keep "all" the default.
.DEFAULT_GOAL := all

SCAN_BUILD	?= scan-build-14
ANALYZE_DIR	= build-analyze

# What the build in $(ANALYZE_DIR) compiles (named in build/, then moved:
# this file is read before the lists are complete, the recipe after).  The
# shared objects are compiled but not linked: their names are fixed at the
# top, where the normal build's are; -o keeps them from being remade for
# the PAM tests, which only need pam_whokilled.so to run.
ANALYZE_GOALS	= $(ANALYZE_DIR)/whokilledd $(ANALYZE_DIR)/whokilled \
		  $(patsubst $(B)/%,$(ANALYZE_DIR)/%, \
		    $(call obj,preload/shim.c) $(PRELOAD_OBJ) $(PAM_OBJ) \
		    $(UNIT_BIN) $(HELPER_BIN) $(AUDIT_TEST_BIN) $(PAM_TEST_BIN) \
		    $(BENCH_BIN) $(B)/fuzz/make_wire_seeds \
		    $(B)/tests/fuzz/fuzz_wire.o $(B)/tests/audit/fuzz_audit.o)

# The analyzer reports while compiling: the tree is removed first so that
# every file is compiled, hence analyzed, again.
analyze:
	@tests/install-deps.sh --check analyze
	rm -rf $(ANALYZE_DIR)
	$(SCAN_BUILD) --status-bugs --use-cc=$(CC) -o $(ANALYZE_DIR)/report \
	    $(MAKE) B=$(ANALYZE_DIR) OUT=$(ANALYZE_DIR) \
	    -o libwhokilled.so -o pam_whokilled.so $(ANALYZE_GOALS)

deps-analyze:
	@tests/install-deps.sh analyze

clean: clean-analyze

clean-analyze:
	rm -rf $(ANALYZE_DIR)

.PHONY: analyze deps-analyze clean-analyze
