#!/bin/bash
# Runs every unit test binary given on the command line, then (unless
# --no-e2e comes first) every end-to-end test in tests/e2e/, and prints one
# closing line:
#   "N passed, N failed"
# (with --label NAME first: "NAME: N passed, N failed").
# A test that cannot run on this machine fails; nothing is skipped.  A test
# whose output holds a sanitizer report fails too, whatever its status.
# The end-to-end tests run the daemon and the CLI found in
# $WHOKILLED_TEST_BIN_DIR (default: the top directory; see tests/lib.sh).
set -u
cd "$(dirname "$0")/.." || exit 2

passed=0
failed=0
failures=()
log_dir=$(mktemp -d /tmp/whokilled-check.XXXXXX)

# What ASan, UBSan and LeakSanitizer print (tests/lib.sh looks for it too).
SANITIZER_REPORT='ERROR: AddressSanitizer|runtime error:|LeakSanitizer'

run_one() {
	local name=$1; shift
	local log="$log_dir/${name//\//_}.log"
	if "$@" >"$log" 2>&1 && ! grep -qE "$SANITIZER_REPORT" "$log"; then
		passed=$((passed + 1))
		printf 'PASS %s\n' "$name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL %s\n' "$name"
		if grep -qE "$SANITIZER_REPORT" "$log"; then
			# From the first report on, not only the last lines.
			awk -v re="$SANITIZER_REPORT" 'found || $0 ~ re { found = 1; print }' "$log" |
				head -n 150 | sed 's/^/    /'
		else
			sed 's/^/    /' "$log" | tail -n 40
		fi
	fi
}

e2e=1
label=""
while [ $# -gt 0 ]; do
	case $1 in
	--no-e2e) e2e=0; shift ;;
	--label) label="$2: "; shift 2 ;;
	*) break ;;
	esac
done
for bin in "$@"; do
	run_one "unit/$(basename "$bin")" "$bin"
done
if [ "$e2e" -eq 1 ]; then
	for t in tests/e2e/*.sh; do
		run_one "e2e/$(basename "$t" .sh)" timeout 300 bash "$t"
	done
fi

echo
if [ "$failed" -gt 0 ]; then
	printf 'failed: %s\n' "${failures[@]}"
	echo "logs in $log_dir"
else
	rm -rf "$log_dir"
fi
echo "$label$passed passed, $failed failed"
[ "$failed" -eq 0 ]
