# Ends are kept by pid AND start time: a pid reused by a new process
# shows the new process's end, and the old process's end stays with the
# old process's signal.  The reuse is asked of the kernel with
# ns_last_pid (root), retried when another process takes the pid first.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
start_target; first=$TARGET
first_start=$(awk '{ print $22 }' "/proc/$first/stat")
LD_PRELOAD="$SHIM" /bin/kill -TERM "$first" || fail "kill -TERM"
wait "$first" 2>/dev/null

# Start times count clock ticks (10 ms): the new process must start in a
# later tick to be told apart, as it always does when pids wrap around.
sleep 0.1
mkfifo "$WORK/go"
second=""
for attempt in $(seq 1 100); do
	echo $((first - 1)) >/proc/sys/kernel/ns_last_pid
	bash -c "read x <'$WORK/go'; exit 4" &
	pid=$!
	if [ "$pid" = "$first" ]; then
		second=$pid
		break
	fi
	echo >"$WORK/go"
	wait "$pid"
done
[ -n "$second" ] || fail "pid $first was not handed out again in 100 attempts"
track "$second"

# While it runs the answer is about it, and it is not the killed one.
"$CLI" --json "$second" >"$WORK/alive.json"; rc=$?
assert_eq "$rc" 1 "a running process with no signal"
assert_eq "$(json_eval "$WORK/alive.json" 'd[0]["death"]["kind"]')" running "the new process runs"
[ "$(json_eval "$WORK/alive.json" 'd[0]["death"]["start_time"]')" != "$first_start" ] ||
	fail "the new process has the old one's start time"

echo >"$WORK/go"
wait "$second"; rc=$?
assert_eq "$rc" 4 "the new process's exit status"

"$CLI" "$second" >"$WORK/out.txt"; rc=$?
cat "$WORK/out.txt"
assert_eq "$rc" 0 "whokilled's exit status"
first_line=$(head -n 1 "$WORK/out.txt")
[[ "$first_line" == "pid $second (bash): exited with status 4 at "* ]] ||
	fail "the first line should be the new process's exit, got: $first_line"
grep -q SIGTERM "$WORK/out.txt" && fail "the old process's signal shown for the new one"
assert_contains "$WORK/out.txt" "1 earlier process with this pid received some" "the old process is noted"

"$CLI" --json --all "$second" >"$WORK/all.json" || fail "whokilled --all"
assert_eq "$(json_eval "$WORK/all.json" 'len(d)')" 1 "one signal event in all"
assert_eq "$(json_eval "$WORK/all.json" 'd[0]["target"]["start_time"]')" "$first_start" "the event is the old process's"
assert_eq "$(json_eval "$WORK/all.json" 'd[0]["death"]["start_time"]')" "$first_start" "with the old process's end"
assert_eq "$(json_eval "$WORK/all.json" 'd[0]["death"]["signal"]["name"]')" SIGTERM "which was the SIGTERM"
assert_eq "$(json_eval "$WORK/all.json" 'd[0]["ended_it"]')" True "that ended it"
"$CLI" --all "$second" >"$WORK/all.txt"
cat "$WORK/all.txt"
assert_eq "$(head -n 1 "$WORK/all.txt")" "$first_line" "the new process first"
assert_eq "$(sed -n 2p "$WORK/all.txt" | grep -c "pid $first (sleep): killed by SIGTERM from root")" 1 "then the old one"
exit 0
