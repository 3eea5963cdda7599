# Socket activation: the sockets are made by a service manager (here two
# nested systemd-socket-activate, one per socket type), the daemon starts on
# the first question, and a report sent before it ran waited in the socket.
# The daemon leaves sockets it did not make in place when it stops.
. "$(dirname "$0")/../lib.sh"
command -v systemd-socket-activate >/dev/null ||
	fail "systemd-socket-activate is not installed (Debian's systemd package)"

dir=$WHOKILLED_SOCKET_DIR
mkdir -p "$dir"
systemd-socket-activate -d -l "$dir/report.sock" \
	systemd-socket-activate -l "$dir/query.sock" \
	"$DAEMON" -f --socket-dir "$dir" --db "$WORK/db/whokilled.db" --audit-log "" \
	>>"$WORK/daemon.log" 2>&1 &
activator=$!
track "$activator"
for _ in $(seq 1 200); do [ -S "$dir/report.sock" ] && break; sleep 0.05; done
[ -S "$dir/report.sock" ] || fail "the activator did not make report.sock"

# No daemon runs yet: the report waits in the socket.
start_target; target=$TARGET
out=$(LD_PRELOAD="$SHIM" "$HELPERS/kill_errno" "$target" 9)
assert_eq "$out" "ret=0 errno=0" "kill before the daemon ran"
for _ in $(seq 1 200); do [ -S "$dir/query.sock" ] && break; sleep 0.05; done
[ -S "$dir/query.sock" ] || fail "the activator did not make query.sock"

# The first question starts the daemon, which finds the waiting report.
"$CLI" --json "$target" >"$WORK/out.json" || fail "the report sent before the daemon ran was lost"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["signal"]["name"]')" SIGKILL "signal"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["target"]["pid"]')" "$target" "target"
grep -q "socket activation" "$WORK/daemon.log" || fail "the daemon did not say it was socket-activated"

# The activator exec'd the daemon: same pid.  It stops cleanly and leaves
# the manager's sockets where they are.
kill -TERM "$activator"
wait "$activator"; rc=$?
assert_eq "$rc" 0 "exit status after SIGTERM"
[ -S "$dir/report.sock" ] || fail "the daemon removed the manager's report.sock"
[ -S "$dir/query.sock" ] || fail "the daemon removed the manager's query.sock"
exit 0
