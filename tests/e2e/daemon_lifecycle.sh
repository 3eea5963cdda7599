# The daemon's life: a second daemon refuses to start; SIGTERM commits
# everything and removes the sockets; a restart keeps what was stored;
# a stale socket left by a killed daemon is replaced.
. "$(dirname "$0")/../lib.sh"

start_daemon
first=$DAEMON_PID

# A second daemon on the same directory refuses, and the first keeps running.
"$DAEMON" -f --socket-dir "$WHOKILLED_SOCKET_DIR" --db "$WORK/other.db" 2>"$WORK/second.err"; rc=$?
assert_eq "$rc" 1 "second daemon's exit status"
assert_contains "$WORK/second.err" "another whokilledd is running" "second daemon's message"
kill -0 "$first" || fail "the first daemon died"

# Reports in flight when SIGTERM arrives are committed, not lost.
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 4 25 USR1 || fail "kill_threads"
kill -TERM "$first"
wait "$first"; rc=$?
DAEMON_PID=""
assert_eq "$rc" 0 "exit status after SIGTERM"
[ -e "$WHOKILLED_SOCKET_DIR/report.sock" ] && fail "report.sock left behind"
[ -e "$WHOKILLED_SOCKET_DIR/query.sock" ] && fail "query.sock left behind"
rows=$(sqlite3 "$WORK/db/whokilled.db" "select count(*) from kills where target_pid = $target")
assert_eq "$rows" 100 "rows committed at shutdown"

# A restart answers from the same store.
start_daemon
"$CLI" --json --limit 1000 "$target" >"$WORK/after.json" || fail "nothing after restart"
assert_eq "$(json_eval "$WORK/after.json" 'len(d)')" 100 "events after restart"

# Filters: by signal and by time.
"$CLI" --signal TERM "$target" >/dev/null; rc=$?
assert_eq "$rc" 1 "no SIGTERM was sent"
"$CLI" --until @1000 "$target" >/dev/null; rc=$?
assert_eq "$rc" 1 "nothing before 1970-01-01T00:16:40Z"
"$CLI" --json --since -1h --signal SIGUSR1 --limit 5 "$target" >"$WORK/f.json" || fail "--since -1h"
assert_eq "$(json_eval "$WORK/f.json" 'len(d)')" 5 "--limit 5"

# kill -9 of the daemon leaves stale sockets; the next daemon replaces them.
kill -KILL "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=""
[ -S "$WHOKILLED_SOCKET_DIR/query.sock" ] || fail "expected a stale query.sock after kill -9"
start_daemon
"$CLI" --json --limit 1000 "$target" >"$WORK/again.json" || fail "nothing after kill -9 and restart"
assert_eq "$(json_eval "$WORK/again.json" 'len(d)')" 100 "events after kill -9"
exit 0
