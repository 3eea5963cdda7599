# Shared by the end-to-end tests: a private daemon in a temporary directory,
# cleaned up by pid on exit, and assertions that say what went wrong.
# shellcheck shell=bash

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHIM="$TOP/libwhokilled.so"
HELPERS="$TOP/build/tests/helpers"
# The daemon and the CLI under test come from $WHOKILLED_TEST_BIN_DIR
# (absolute, or relative to the top directory), default the top directory:
# `make check-asan` points it at build-asan/, where they are built with
# ASan/UBSan.  The shim, the PAM module and the helpers are always the
# normal build.  NORMAL_DAEMON and NORMAL_CLI are the normal build too, for
# what a sanitized binary cannot do (run under valgrind).
BIN_DIR=${WHOKILLED_TEST_BIN_DIR:-$TOP}
case $BIN_DIR in /*) ;; *) BIN_DIR="$TOP/$BIN_DIR" ;; esac
DAEMON="$BIN_DIR/whokilledd"
CLI="$BIN_DIR/whokilled"
NORMAL_DAEMON="$TOP/whokilledd"
NORMAL_CLI="$TOP/whokilled"
# What ASan, UBSan and LeakSanitizer print; found in the daemon's log, in any
# file of the test, or (tests/run-all.sh) in the test's output, it fails the test.
SANITIZER_REPORT='ERROR: AddressSanitizer|runtime error:|LeakSanitizer'

WORK=$(mktemp -d /tmp/whokilled-test.XXXXXX)
chmod 0755 "$WORK"
export WHOKILLED_SOCKET_DIR="$WORK/run"
DAEMON_PID=""
DAEMON_WRAPPER=()	# e.g. (valgrind ...): what start_daemon runs the daemon under
CLEANUP_PIDS=()

IN_CLEANUP=""
CLEANUP_FAILED=""
SANITIZER_SHOWN=" "	# files whose sanitizer report has been shown (once is enough)

# show_sanitizer_report FILE: prints the sanitizer report FILE holds, from
# its first line on, unless shown already; returns 1 when it holds none.
show_sanitizer_report() {
	grep -qE "$SANITIZER_REPORT" "$1" 2>/dev/null || return 1
	case $SANITIZER_SHOWN in *" $1 "*) return 0 ;; esac
	SANITIZER_SHOWN+="$1 "
	echo "--- sanitizer report in $1:" >&2
	awk -v re="$SANITIZER_REPORT" 'found || $0 ~ re { found = 1; print }' "$1" | head -n 200 >&2
}

# Says what went wrong (with the daemon's sanitizer report, or the end of its
# log) and ends the test; within cleanup, cleanup goes on and the test fails
# at its end.
fail() {
	echo "FAIL: $*" >&2
	if ! show_sanitizer_report "$WORK/daemon.log" && [ -s "$WORK/daemon.log" ]; then
		echo "--- daemon log" >&2
		tail -n 20 "$WORK/daemon.log" >&2
	fi
	if [ -n "$IN_CLEANUP" ]; then
		CLEANUP_FAILED=1
		return 1
	fi
	exit 1
}

# sanitizer_check FILE...: fails, with the report, when a file holds one
# (a file whose report was shown already has failed the test before).
sanitizer_check() {
	local f
	for f in "$@"; do
		case $SANITIZER_SHOWN in *" $f "*) continue ;; esac
		if show_sanitizer_report "$f"; then
			fail "sanitizer report in $f"
			return 1
		fi
	done
	return 0
}

need_root() {
	[ "$(id -u)" -eq 0 ] || fail "this test needs root (it cannot run here as uid $(id -u))"
}

# Run at exit: kills what the test started, stops the daemon (which must
# exit 0 with no sanitizer report), fails the test if any file it wrote
# (the CLI's redirected stderr, auditd's log with its plugin's...) holds a
# sanitizer report, and removes $WORK.
cleanup() {
	local p files
	IN_CLEANUP=1
	for p in "${CLEANUP_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
	done
	stop_daemon
	# (not the store's directory: a tmpfs in disk_full.sh, binary anyway)
	mapfile -t files < <(find "$WORK" -path "$WORK/db" -prune -o -type f -print 2>/dev/null)
	sanitizer_check "${files[@]}"
	rm -rf "$WORK"
	IN_CLEANUP=""
	[ -z "$CLEANUP_FAILED" ] || exit 1
}
trap cleanup EXIT
[ -x "$DAEMON" ] && [ -x "$CLI" ] || fail "$DAEMON and $CLI are not built"

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

# start_nobody_daemon: a second daemon, run as nobody (it cannot open the
# process connector), in $WORK/nobody; its socket directory in NOBODY_DIR,
# its pid in NOBODY_DAEMON, its log $WORK/nobody.log.  Returns once it
# answers.
start_nobody_daemon() {
	mkdir -p "$WORK/nobody"
	chown 65534:65534 "$WORK/nobody"
	NOBODY_DIR="$WORK/nobody/run"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$DAEMON" -f --socket-dir "$NOBODY_DIR" \
		--db "$WORK/nobody/db" --audit-log "" >>"$WORK/nobody.log" 2>&1 &
	NOBODY_DAEMON=$!
	track "$NOBODY_DAEMON"
	local i
	for i in $(seq 1 200); do
		WHOKILLED_SOCKET_DIR="$NOBODY_DIR" "$CLI" --stats >/dev/null 2>&1 && return 0
		kill -0 "$NOBODY_DAEMON" 2>/dev/null || { cat "$WORK/nobody.log"; fail "the daemon as nobody exited"; }
		sleep 0.05
	done
	fail "the daemon as nobody did not answer"
}

# SIGTERM to the daemon: it must exit 0, with no sanitizer report in its log
# (LeakSanitizer reports at that exit).  Under a DAEMON_WRAPPER the test
# judges the end itself.
stop_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	local pid=$DAEMON_PID rc
	DAEMON_PID=""
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null; rc=$?
	[ ${#DAEMON_WRAPPER[@]} -eq 0 ] || return 0
	sanitizer_check "$WORK/daemon.log" || return 1
	[ "$rc" -eq 0 ] || { fail "whokilledd (pid $pid) exited with status $rc after SIGTERM"; return 1; }
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
