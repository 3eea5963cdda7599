# whokilled --audit-log FILE PID answers from audit logs alone: no daemon
# runs, yet the kill in a canned auditd log is found by its target pid with
# the signal's name, the killer's decoded command line and login user.
. "$(dirname "$0")/../lib.sh"

cases="$TOP/tests/audit/cases"
# whokilled hands --audit-log on to whokilled-audit-log beside it: only that
# program loads the audit libraries, so asking the daemon does not.
ldd "$CLI" >"$WORK/ldd.cli" || fail "ldd $CLI"
grep -E 'libauparse|libaudit' "$WORK/ldd.cli" && fail "whokilled links the audit libraries"
ldd "$(dirname "$CLI")/whokilled-audit-log" | grep -q libauparse ||
	fail "whokilled-audit-log does not link libauparse"
"$CLI" --audit-log "$cases/kill_bash.log" --json 2089 >"$WORK/k.json"; rc=$?
assert_eq "$rc" 0 "found in the log"
j() { json_eval "$WORK/k.json" "$1"; }
assert_eq "$(j 'len(d)')" 1 "one event"
assert_eq "$(j 'd[0]["signal"]["name"]')" SIGKILL "signal"
assert_eq "$(j 'd[0]["sources"]')" "['kernel']" "sources"
assert_eq "$(j 'd[0]["node"]')" web1 "node"
assert_eq "$(j 'd[0]["killer"]["auid"]')" 1000 "login uid"
# Rotated logs, given in any order, and stdin.
"$CLI" --audit-log - --audit-log "$cases/interleaved.log" 2089 <"$cases/kill_bash.log" >"$WORK/k.txt"; rc=$?
assert_eq "$rc" 0 "found through stdin"
assert_contains "$WORK/k.txt" "SIGKILL" "text output"
"$CLI" --audit-log "$cases/kill_bash.log" 4242 >/dev/null; rc=$?
assert_eq "$rc" 1 "nothing for another pid"
"$CLI" --audit-log "$WORK/missing.log" 2089 2>"$WORK/err"; rc=$?
assert_eq "$rc" 2 "an unreadable log"
assert_contains "$WORK/err" "missing.log" "the error names the file"

# Without its helper, whokilled says what is missing (exit 2).
mkdir -p "$WORK/alone"
cp "$CLI" "$WORK/alone/whokilled"
"$WORK/alone/whokilled" --audit-log "$cases/kill_bash.log" 2089 >/dev/null 2>"$WORK/alone.err"; rc=$?
assert_eq "$rc" 2 "--audit-log without the helper"
assert_contains "$WORK/alone.err" "needs whokilled-audit-log" "the error names the helper"
exit 0
