#!/bin/bash
# Runs every unit test binary given on the command line, then (unless
# --no-e2e comes first) every end-to-end test in tests/e2e/, and prints one
# closing line:
#   "N passed, N failed".
# A test that cannot run on this machine fails; nothing is skipped.
set -u
cd "$(dirname "$0")/.." || exit 2

passed=0
failed=0
failures=()
log_dir=$(mktemp -d /tmp/whokilled-check.XXXXXX)

run_one() {
	local name=$1; shift
	local log="$log_dir/${name//\//_}.log"
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'PASS %s\n' "$name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL %s\n' "$name"
		sed 's/^/    /' "$log" | tail -n 40
	fi
}

e2e=1
if [ "${1:-}" = --no-e2e ]; then
	e2e=0
	shift
fi
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
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
