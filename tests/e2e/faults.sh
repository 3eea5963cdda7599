# Faults the shim and the daemon must survive:
#  - a daemon stopped (SIGSTOP) with its socket queue full never makes a
#    preloaded kill wait, and the drop is reported once it runs again;
#  - kill -9 of the daemon in the middle of heavy ingest loses nothing that
#    was committed, and the store opens cleanly afterwards.
. "$(dirname "$0")/../lib.sh"

start_daemon --queue-len 16
start_target USR1 USR2; target=$TARGET

# Stop the daemon and fill its queue.
kill -STOP "$DAEMON_PID"
LD_PRELOAD="$SHIM" timeout 30 "$HELPERS/kill_threads" "$target" 4 25 USR1 ||
	fail "kills against a stopped daemon did not return"
# One more: its report finds the queue full.  The bound only catches a hang;
# the call's cost is the benchmark's business.
out=$(LD_PRELOAD="$SHIM" timeout 10 "$HELPERS/kill_errno" "$target" 10) ||
	fail "a preloaded kill waited for a stopped daemon"
assert_eq "$out" "ret=0 errno=0" "kill's result with the daemon stopped"
kill -CONT "$DAEMON_PID"
# A process whose earlier report was dropped says so in its next one.
LD_PRELOAD="$SHIM" "$HELPERS/kill_in_handler" "$target" >/dev/null || fail "kill_in_handler"
dropped=$(stat_value sender_dropped)
stored_now=$(stat_value events_total)
echo "dropped while stopped (reported by senders): $dropped; stored: $stored_now"
[ "$stored_now" -ge 16 ] || fail "the queued reports were not stored after SIGCONT"
kill -0 "$DAEMON_PID" || fail "the daemon died"
stop_daemon

# Heavy ingest, then kill -9.
start_daemon
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 4 50 USR1 || fail "kill_threads"
committed=$(stat_value events_total)	# a query commits first
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 8 500 USR1 &
flood=$!
track "$flood"
sleep 0.2
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=""
wait "$flood" || fail "the flood's kills failed when the daemon died"
assert_eq "$(sqlite3 "$WORK/db/whokilled.db" 'pragma integrity_check')" ok "store integrity after kill -9"
start_daemon
after=$(stat_value events_total)
echo "committed before kill -9: $committed; in the store after: $after"
[ "$after" -ge "$committed" ] || fail "committed reports were lost: $committed before, $after after"
exit 0
