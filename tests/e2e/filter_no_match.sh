# A filter that matches nothing does not claim there is no record: a
# process ended by a recorded SIGTERM, asked about with --signal KILL or
# with --since after the kill, is told as it ended, with what the filter
# left out; the exit status says nothing matched.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
start_target; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$target" || fail "kill -TERM"
wait "$target" 2>/dev/null

"$CLI" "$target" >"$WORK/all.txt" || fail "whokilled without a filter"
assert_contains "$WORK/all.txt" "SIGTERM at " "the kill is recorded"

"$CLI" --signal KILL "$target" >"$WORK/kill.txt"; rc=$?
cat "$WORK/kill.txt"
assert_eq "$rc" 1 "exit status: nothing matched the filter"
if grep -q "kept no end of this pid" "$WORK/kill.txt"; then
	fail "the answer claims there is no record"
fi
first=$(head -n 1 "$WORK/kill.txt")
[[ "$first" == "pid $target (sleep): killed by SIGTERM from "* ]] ||
	fail "the first line should say how it ended, got: $first"
assert_contains "$WORK/kill.txt" "no recorded signal matching the query was sent to it" "the filter matched nothing"
assert_contains "$WORK/kill.txt" "the filters left out 1 recorded signal to it, the newest SIGTERM at " "what the filter left out"

"$CLI" --json --signal KILL "$target" >"$WORK/kill.json"; rc=$?
cat "$WORK/kill.json"
assert_eq "$rc" 1 "exit status with --json"
assert_eq "$(json_eval "$WORK/kill.json" 'len(d)')" 1 "one element"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["signal"]')" None "no event matched"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["death"]["kind"]')" signaled "its real end"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["death"]["signal"]["name"]')" SIGTERM "the signal that ended it"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["filtered_out"]')" 1 "filtered_out"
assert_eq "$(json_eval "$WORK/kill.json" '"left out" in d[0]["message"]')" True "the message"

# --since after the kill: the same, for a time filter.
sleep 1.1
"$CLI" --since "@$(date +%s)" "$target" >"$WORK/since.txt"; rc=$?
cat "$WORK/since.txt"
assert_eq "$rc" 1 "exit status: nothing since"
if grep -q "kept no end of this pid" "$WORK/since.txt"; then
	fail "the answer with --since claims there is no record"
fi
assert_contains "$WORK/since.txt" "the filters left out 1 recorded signal to it" "what --since left out"
exit 0
