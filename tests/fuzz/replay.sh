#!/bin/sh
# Replays the committed fuzz corpora through the fuzzers (ASan/UBSan
# builds): every decoder of untrusted bytes must take each input without a
# crash, a leak or undefined behaviour.  Run by `make check`.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
fuzz="$top/build/fuzz"
"$fuzz/fuzz_wire" -runs=0 "$top/tests/fuzz/corpus/wire"
LSAN_OPTIONS=suppressions="$top/tests/audit/fuzz_audit.supp" \
	"$fuzz/fuzz_audit" -runs=0 "$top/tests/audit/cases"
