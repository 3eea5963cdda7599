# 16 threads calling kill concurrently, and kill called from inside a signal
# handler: every call is reported, nothing deadlocks.
. "$(dirname "$0")/../lib.sh"

start_daemon
start_target USR1 USR2; target=$TARGET
threads=16
per_thread=8
timeout 60 env LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" $threads $per_thread USR1 ||
	fail "kill_threads failed or hung"
timeout 60 env LD_PRELOAD="$SHIM" "$HELPERS/kill_in_handler" "$target" ||
	fail "kill_in_handler failed or hung"
kill -0 "$target" || fail "the target should have ignored the signals"

"$CLI" --json --limit 100000 --signal USR1 "$target" >"$WORK/usr1.json" || fail "no SIGUSR1 recorded"
assert_eq "$(json_eval "$WORK/usr1.json" 'len(d)')" $((threads * per_thread)) "SIGUSR1 reports from the threads"
assert_eq "$(json_eval "$WORK/usr1.json" 'len(set(e["killer"]["pid"] for e in d))')" 1 "one killer process"
"$CLI" --json --limit 100000 --signal USR2 "$target" >"$WORK/usr2.json" || fail "no SIGUSR2 recorded"
handler_kills=$(json_eval "$WORK/usr2.json" 'len(d)')
[ "$handler_kills" -ge 1 ] || fail "no kill from the signal handler was reported"
echo "thread kills: $((threads * per_thread)), handler kills: $handler_kills"
assert_eq "$(stat_value sender_dropped)" 0 "reports the shim could not send"
exit 0
