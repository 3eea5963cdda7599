# The log trail: with log_kills, every stored signal is a line in the
# daemon's log, naming the target, the person and the command line; a
# flood is cut to the rate and what was held back is said in one line.
# Without it (and with "auto" outside a service manager) nothing is logged.
. "$(dirname "$0")/../lib.sh"
need_root

printf 'log_kills = yes\n' >"$WORK/on.conf"
start_daemon -c "$WORK/on.conf"
start_target; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$target" || fail "kill -TERM"
wait "$target" 2>/dev/null
"$CLI" "$target" >/dev/null || fail "the kill is not stored"
cat "$WORK/daemon.log"
grep -q "every stored signal gets a line in this log" "$WORK/daemon.log" ||
	fail "the start log does not say kills are logged"
line=$(grep "SIGTERM to $target (sleep) by " "$WORK/daemon.log") ||
	fail "no log line for the kill"
case $line in
*": /bin/kill -TERM $target (pid "*")") ;;
*) fail "the line lacks the command line and pid: $line" ;;
esac
assert_eq "$(grep -c "SIGTERM to $target " "$WORK/daemon.log")" 1 "one line for one kill"

# A flood of 300 signals from one process: the burst and the rate, and one
# line for what was held back (said when the daemon stops, at the latest).
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" bash -c "for i in \$(seq 300); do kill -USR1 $target; done" ||
	fail "the flood"
"$CLI" --limit 1000 "$target" >"$WORK/flood.txt" || fail "the flood is not stored"
assert_eq "$(grep -c 'SIGUSR1 at ' "$WORK/flood.txt")" 300 "every signal stored"
stop_daemon
lines=$(grep -c "SIGUSR1 to $target " "$WORK/daemon.log")
echo "lines logged for 300 signals: $lines"
# The burst (50) less the lines the first kill took from it.
[ "$lines" -ge 45 ] || fail "fewer lines than the burst: $lines"
[ "$lines" -lt 300 ] || fail "the flood was not cut: $lines lines"
grep -Eq "[0-9]+ more signals stored in the last [0-9]+ s were not logged" "$WORK/daemon.log" ||
	fail "what was held back is not said"
held=$(grep -Eo "[0-9]+ more signals stored" "$WORK/daemon.log" | awk '{s += $1} END {print s}')
assert_eq "$((lines + held))" 300 "every signal is a line or counted"

# Off: "auto" outside a service manager logs nothing; with INVOCATION_ID
# (as systemd sets it) it logs.
: >"$WORK/daemon.log"
start_daemon
start_target; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$target" || fail "kill -TERM"
"$CLI" "$target" >/dev/null || fail "the kill is not stored"
stop_daemon
if grep -q "SIGTERM to $target " "$WORK/daemon.log"; then
	fail "auto outside a service manager logged a kill"
fi
: >"$WORK/daemon.log"
INVOCATION_ID=0123456789abcdef start_daemon
start_target; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$target" || fail "kill -TERM"
"$CLI" "$target" >/dev/null || fail "the kill is not stored"
stop_daemon
grep -q "SIGTERM to $target (sleep) by " "$WORK/daemon.log" ||
	fail "auto under a service manager did not log the kill"
exit 0
