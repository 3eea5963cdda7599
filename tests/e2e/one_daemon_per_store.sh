# One daemon per store: a second daemon on the same store, with a socket
# directory of its own, refuses to start, naming the store and the pid of
# the daemon that holds it, and leaves nothing behind; the first keeps
# working.  Once the first stops, a new daemon starts on the store, and one
# that went to the background holds the store as itself (its pid, not its
# starter's, is the one named).
. "$(dirname "$0")/../lib.sh"

# Should a daemon on run2 or run3 start after all, it is found (by the
# socket directory only this test uses) and stopped when the test ends.
stop_strays() {
	local f pid
	for f in /proc/[0-9]*/cmdline; do
		pid=${f#/proc/}; pid=${pid%/cmdline}
		tr '\0' ' ' <"$f" 2>/dev/null | grep -qE -- "--socket-dir $WORK/run[23] " &&
			kill -9 "$pid" 2>/dev/null
	done
}
trap 'stop_strays; cleanup' EXIT

start_daemon
first=$DAEMON_PID
db="$WORK/db/whokilled.db"

timeout 10 "$DAEMON" -f --socket-dir "$WORK/run2" --db "$db" --audit-log "" 2>"$WORK/second.err"; rc=$?
cat "$WORK/second.err"
assert_eq "$rc" 1 "second daemon's exit status"
assert_contains "$WORK/second.err" "store $db is in use by another whokilledd (pid $first)" \
	"second daemon's message"
[ -e "$WORK/run2" ] && fail "the second daemon made its socket directory"

# The same through a relative path to the store, and from a daemon that
# would go to the background: its starter says so and exits 1.
(cd "$WORK" && timeout 10 "$DAEMON" --socket-dir "$WORK/run2" --db db/whokilled.db --audit-log "") \
	2>"$WORK/third.err"; rc=$?
assert_eq "$rc" 1 "background daemon's exit status"
assert_contains "$WORK/third.err" "store $db is in use by another whokilledd (pid $first)" \
	"background daemon's message"
[ -e "$WORK/run2" ] && fail "the background daemon made its socket directory"

# The first keeps working.
kill -0 "$first" || fail "the first daemon died"
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$target" || fail "kill -USR1"
"$CLI" --json "$target" >"$WORK/first.json" || fail "the first daemon did not answer"
assert_eq "$(json_eval "$WORK/first.json" 'len(d)')" 1 "the kill stored by the first daemon"

# After the first stops, a new one starts on the store (in the background).
stop_daemon
"$DAEMON" --socket-dir "$WORK/run2" --db "$db" --audit-log "" 2>"$WORK/bg.err"; rc=$?
assert_eq "$rc" 0 "a new daemon on the store after the first stopped"
timeout 10 "$DAEMON" -f --socket-dir "$WORK/run3" --db "$db" --audit-log "" 2>"$WORK/fourth.err"; rc=$?
assert_eq "$rc" 1 "another daemon beside the new one"
bg=$(sed -n 's/.*(pid \([0-9][0-9]*\)).*/\1/p' "$WORK/fourth.err")
[ -n "$bg" ] || { cat "$WORK/fourth.err"; fail "no pid named for the background daemon"; }
track "$bg"
assert_eq "$(cat "/proc/$bg/comm" 2>/dev/null)" whokilledd "the process named holds the store"
WHOKILLED_SOCKET_DIR="$WORK/run2" "$CLI" --json "$target" >"$WORK/bg.json" ||
	fail "the new daemon did not answer"
assert_eq "$(json_eval "$WORK/bg.json" 'len(d)')" 1 "the new daemon answers from the store"

kill -TERM "$bg"
for _ in $(seq 1 200); do
	kill -0 "$bg" 2>/dev/null || break
	sleep 0.05
done
kill -0 "$bg" 2>/dev/null && fail "the background daemon did not stop on SIGTERM"
[ -e "$WORK/run2/query.sock" ] && fail "the background daemon left its query.sock"
exit 0
