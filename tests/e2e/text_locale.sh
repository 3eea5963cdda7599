# The text answer's arrows and dashes follow the locale's character set:
# ASCII ("->", "-") under LC_ALL=C, where a terminal could not show UTF-8,
# and "→", "—" under C.UTF-8; the CLI's own error messages too.  JSON is
# the same under both.
. "$(dirname "$0")/../lib.sh"

start_daemon
start_target; target=$TARGET
mkfifo "$WORK/hold"
LD_PRELOAD="$SHIM" bash -c "sh -c '/bin/kill -9 $target; true'; read x < $WORK/hold" &
holder=$!
track "$holder"
wait "$target" 2>/dev/null
# The shim reports after kill() returns: the target may be reaped first.
for _ in $(seq 1 250); do
	pgrep -P "$holder" -x sh >/dev/null || break
	sleep 0.02
done

LC_ALL=C "$CLI" "$target" >"$WORK/c.txt" || fail "whokilled under LC_ALL=C"
LC_ALL=C.UTF-8 "$CLI" "$target" >"$WORK/utf8.txt" || fail "whokilled under LC_ALL=C.UTF-8"
cat "$WORK/c.txt" "$WORK/utf8.txt"

assert_contains "$WORK/c.txt" "pid $target (sleep) - owner root" "ASCII dash under C"
assert_contains "$WORK/c.txt" "+0000 - delivered" "ASCII dash before the result under C"
assert_contains "$WORK/c.txt" "root -> sh[" "ASCII arrow in the chain under C"
LC_ALL=C grep -q '[^ -~]' "$WORK/c.txt" && fail "bytes beyond ASCII under LC_ALL=C"
assert_contains "$WORK/utf8.txt" "pid $target (sleep) — owner root" "UTF-8 dash under C.UTF-8"
assert_contains "$WORK/utf8.txt" "root → sh[" "UTF-8 arrow under C.UTF-8"
# Otherwise the same answer.
assert_eq "$(sed 's/—/-/g; s/→/->/g' "$WORK/utf8.txt")" "$(cat "$WORK/c.txt")" "the two answers but for the symbols"

LC_ALL=C "$CLI" --json "$target" >"$WORK/c.json" || fail "whokilled --json under C"
LC_ALL=C.UTF-8 "$CLI" --json "$target" >"$WORK/utf8.json" || fail "whokilled --json under C.UTF-8"
cmp -s "$WORK/c.json" "$WORK/utf8.json" || fail "the JSON answer depends on the locale"

# The CLI's messages.
LC_ALL=C "$CLI" --socket-dir "$WORK/nowhere" 1 2>"$WORK/c.err"; rc=$?
assert_eq "$rc" 2 "no daemon"
assert_contains "$WORK/c.err" "No such file or directory - is the daemon running?" "ASCII dash in a message under C"
LC_ALL=C.UTF-8 "$CLI" --socket-dir "$WORK/nowhere" 1 2>"$WORK/utf8.err"
assert_contains "$WORK/utf8.err" "No such file or directory — is the daemon running?" "UTF-8 dash in a message"
exit 0
