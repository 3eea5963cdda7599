# A pid reused by a new process is never shown with the old process's kill.
# Runs in a private pid namespace, where ns_last_pid makes the reuse certain.
. "$(dirname "$0")/../lib.sh"
need_root

if [ "${1:-}" != inner ]; then
	trap - EXIT
	rm -rf "$WORK"
	exec unshare --pid --fork --mount-proc bash "$0" inner
fi

start_daemon
sleep 1000 & first=$!
track "$first"
LD_PRELOAD="$SHIM" bash -c "kill -KILL $first" || fail "first kill"
wait "$first" 2>/dev/null

# Start times are in clock ticks (10 ms): the reuse must land in a later
# tick to be told apart -- in real life a pid comes back only after pid_max
# others, far later than that.
sleep 0.1
# The next process created gets the same pid.
echo $((first - 1)) >/proc/sys/kernel/ns_last_pid
sleep 1000 & second=$!
track "$second"
assert_eq "$second" "$first" "pid reused"

"$CLI" "$second" >"$WORK/alive.txt"; rc=$?
cat "$WORK/alive.txt"
assert_eq "$rc" 1 "the new process has received nothing"
grep -q SIGKILL "$WORK/alive.txt" && fail "the old process's kill shown for the new process"

LD_PRELOAD="$SHIM" bash -c "kill -TERM $second" || fail "second kill"
wait "$second" 2>/dev/null
"$CLI" --json "$second" >"$WORK/second.json" || fail "second kill not found"
assert_eq "$(json_eval "$WORK/second.json" '[e["signal"]["name"] for e in d]')" "['SIGTERM']" "only the new process's signal"
"$CLI" --json --all "$second" >"$WORK/all.json" || fail "--all found nothing"
assert_eq "$(json_eval "$WORK/all.json" 'sorted(e["signal"]["name"] for e in d)')" "['SIGKILL', 'SIGTERM']" "--all shows both processes"
assert_eq "$(json_eval "$WORK/all.json" 'len(set(e["target"]["start_time"] for e in d))')" 2 "two distinct processes"
exit 0
