# A filter that matches nothing does not claim there is no record: asked
# with --signal KILL about a process a SIGTERM ended, or with --since after
# the kill, whokilled says how the process really ended, that it got a
# SIGTERM, and that the filter left it out; the exit status is 1 (nothing
# matched), in text and in JSON.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
start_target; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$target" || fail "kill -TERM"
wait "$target" 2>/dev/null
# The kill is stored; its end too once the connector has told it.
"$CLI" "$target" >"$WORK/all.txt" || fail "whokilled without a filter"
assert_contains "$WORK/all.txt" "killed by SIGTERM from " "unfiltered: the kill that ended it"

# --signal KILL: nothing matches.
"$CLI" --signal KILL "$target" >"$WORK/kill.txt"; rc=$?
cat "$WORK/kill.txt"
assert_eq "$rc" 1 "exit status when the filter matched nothing"
grep -q "no record" "$WORK/kill.txt" && fail "claims no record though the SIGTERM is stored"
first=$(head -n 1 "$WORK/kill.txt")
[[ "$first" == "pid $target (sleep): killed by SIGTERM from "*"(pid "*" kill) at "* ]] ||
	fail "the first line should be the process's real end, got: $first"
assert_contains "$WORK/kill.txt" "no SIGKILL to pid $target was recorded; recorded for it: SIGTERM at " \
	"what was recorded"
assert_contains "$WORK/kill.txt" "(delivered; it ended the process) — not shown by --signal KILL" \
	"what the filter left out"

"$CLI" --json --signal KILL "$target" >"$WORK/kill.json"; rc=$?
cat "$WORK/kill.json"
assert_eq "$rc" 1 "exit status with --json"
j() { json_eval "$WORK/$1.json" "$2"; }
assert_eq "$(j kill 'len(d)')" 1 "one element"
assert_eq "$(j kill 'd[0]["signal"]')" None "no event matched"
assert_eq "$(j kill 'd[0]["death"]["kind"]')" signaled "the death is the real end"
assert_eq "$(j kill 'd[0]["death"]["signal"]["name"]')" SIGTERM "ended by SIGTERM"
assert_eq "$(j kill 'd[0]["filtered_out"]["count"]')" 1 "one signal left out"
assert_eq "$(j kill 'd[0]["filtered_out"]["newest"]["signal"]["name"]')" SIGTERM "the one left out"
assert_eq "$(j kill 'd[0]["filtered_out"]["newest"]["ended_it"]')" True "it ended the process"
assert_eq "$(j kill 'd[0]["filtered_out"]["newest"]["id"] == d[0]["death"]["sender"]["event"]')" True \
	"the one left out is the death's sender"
assert_eq "$(j kill '"not shown by --signal KILL" in d[0]["filtered_out"]["message"]')" True "the message"

# --since after the kill: likewise.
sleep 1.1
since=$(($(date +%s) + 0))
sleep 0.1
"$CLI" --since "@$since" "$target" >"$WORK/since.txt"; rc=$?
cat "$WORK/since.txt"
assert_eq "$rc" 1 "exit status with --since after the kill"
grep -q "no record" "$WORK/since.txt" && fail "--since: claims no record"
assert_contains "$WORK/since.txt" "no signal to pid $target since " "--since: what was asked"
assert_contains "$WORK/since.txt" "; recorded for it: SIGTERM at " "--since: what was recorded"
assert_contains "$WORK/since.txt" "(delivered; it ended the process) — not shown by --since " "--since: left out"
"$CLI" --json --since "@$since" "$target" >"$WORK/since.json"; rc=$?
assert_eq "$rc" 1 "exit status with --json --since"
assert_eq "$(j since 'd[0]["death"]["kind"]')" signaled "--since: the real end"
assert_eq "$(j since 'd[0]["filtered_out"]["count"]')" 1 "--since: one left out"

# A filter that matches: the event, exit 0, nothing left out.
"$CLI" --json --signal TERM "$target" >"$WORK/term.json" || fail "--signal TERM found nothing"
assert_eq "$(j term 'len(d)')" 1 "the SIGTERM"
assert_eq "$(j term 'd[0]["signal"]["name"]')" SIGTERM "the SIGTERM event"

# A running process that handled a signal: the same sentence, exit 1.
start_target USR1; alive=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$alive" || fail "kill -USR1"
"$CLI" --signal KILL "$alive" >"$WORK/alive.txt"; rc=$?
cat "$WORK/alive.txt"
assert_eq "$rc" 1 "exit status for a running process"
assert_contains "$WORK/alive.txt" "pid $alive (sleep): still running" "it runs"
assert_contains "$WORK/alive.txt" \
	"recorded for it: SIGUSR1 at " "the SIGUSR1"
assert_contains "$WORK/alive.txt" \
	"(delivered; handled, ignored or blocked: it is still running) — not shown by --signal KILL" "left out"

# No signal at all: still "no record"-free, plain "nothing".
start_target; quiet=$TARGET
"$CLI" --signal KILL "$quiet" >"$WORK/quiet.txt"; rc=$?
assert_eq "$rc" 1 "exit status with no signal at all"
grep -q "recorded for it" "$WORK/quiet.txt" && fail "nothing was recorded for $quiet"
exit 0
