# With no daemon running (no socket at all, or a stale socket file), a
# preloaded kill still works and returns at once.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$WHOKILLED_SOCKET_DIR"
for state in "no socket" "stale socket"; do
	start_target; target=$TARGET
	# A hang would show here as the timeout; the bound is far above the cost.
	out=$(timeout 10 env LD_PRELOAD="$SHIM" "$HELPERS/kill_errno" "$target" 9) ||
		fail "$state: preloaded kill did not return"
	assert_eq "$out" "ret=0 errno=0" "$state: kill result"
	wait "$target" 2>/dev/null
	kill -0 "$target" 2>/dev/null && fail "$state: target still alive"
	timeout 10 env LD_PRELOAD="$SHIM" bash -c 'sleep 100 & kill -TERM $!; wait $!; [ $? -eq 143 ]' ||
		fail "$state: preloaded bash kill did not work"
	# Make a stale socket: a bound socket file with nobody behind it.
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])' \
		"$WHOKILLED_SOCKET_DIR/report.sock"
done

# The CLI says what to do, exit 2.
rm -f "$WHOKILLED_SOCKET_DIR"/*.sock
"$CLI" 1 >"$WORK/cli.out" 2>"$WORK/cli.err"; rc=$?
assert_eq "$rc" 2 "CLI exit status with no daemon"
assert_contains "$WORK/cli.err" "whokilledd" "CLI error names the daemon"
exit 0
