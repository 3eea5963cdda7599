# Shared by the end-to-end tests: a private daemon in a temporary directory,
# cleaned up by pid on exit, and assertions that say what went wrong.
# shellcheck shell=bash

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHIM="$TOP/libwhokilled.so"
DAEMON="$TOP/whokilledd"
CLI="$TOP/whokilled"
HELPERS="$TOP/build/tests/helpers"

WORK=$(mktemp -d /tmp/whokilled-test.XXXXXX)
chmod 0755 "$WORK"
export WHOKILLED_SOCKET_DIR="$WORK/run"
DAEMON_PID=""
DAEMON_WRAPPER=()	# e.g. (valgrind ...): what start_daemon runs the daemon under
CLEANUP_PIDS=()

fail() {
	echo "FAIL: $*" >&2
	if [ -s "$WORK/daemon.log" ]; then
		echo "--- daemon log" >&2
		tail -n 20 "$WORK/daemon.log" >&2
	fi
	exit 1
}

need_root() {
	[ "$(id -u)" -eq 0 ] || fail "this test needs root (it cannot run here as uid $(id -u))"
}

cleanup() {
	local p
	for p in "${CLEANUP_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
	done
	stop_daemon
	rm -rf "$WORK"
}
trap cleanup EXIT

# Remember a pid to kill when the test ends.
track() { CLEANUP_PIDS+=("$1"); }

# start_daemon [OPTIONS]: a private daemon; it backfills no audit log unless
# the test names one (--audit-log FILE).
start_daemon() {
	local backfill=(--audit-log "")
	case " $* " in *" --audit-log "*) backfill=() ;; esac
	"${DAEMON_WRAPPER[@]}" "$DAEMON" -f --socket-dir "$WHOKILLED_SOCKET_DIR" --db "$WORK/db/whokilled.db" \
		"${backfill[@]}" "$@" >>"$WORK/daemon.log" 2>&1 &
	DAEMON_PID=$!
	local i
	# Ready when it answers: socket files alone may be a dead daemon's.
	for i in $(seq 1 400); do
		if [ -S "$WHOKILLED_SOCKET_DIR/report.sock" ] &&
			"$CLI" --stats >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$DAEMON_PID" 2>/dev/null || fail "whokilledd exited at start"
		sleep 0.05
	done
	fail "whokilledd did not answer on its sockets"
}

stop_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
}

# Start a sleeping process that ignores the given signals (none: all
# default); its pid goes to $TARGET.  Not run in $(...): the background
# process would hold the substitution's pipe open.
start_target() {
	local ignore=""
	[ $# -gt 0 ] && ignore="trap '' $*;"
	bash -c "$ignore exec sleep 1000" </dev/null >/dev/null 2>&1 &
	TARGET=$!
	track "$TARGET"
	# Wait for the exec so /proc shows sleep, not bash.
	local i
	for i in $(seq 1 100); do
		[ "$(cat /proc/$TARGET/comm 2>/dev/null)" = sleep ] && return 0
		sleep 0.02
	done
	fail "target did not start"
}

# JSON field check with python3: json_eval FILE EXPR (EXPR sees `d`, the parsed document).
json_eval() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

assert_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

assert_contains() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$3: '$2' not found"; }
}

stat_value() {
	"$CLI" --stats --json >"$WORK/stats.json" || fail "whokilled --stats failed"
	json_eval "$WORK/stats.json" "d['$1']"
}
