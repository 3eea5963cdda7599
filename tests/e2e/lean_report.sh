# Reports that leave out what the daemon's process table knows:
#   - a daemon that follows process events makes lean.sock, a second name
#     of report.sock, and removes it at its exit;
#   - a fresh killer (a preloaded /bin/kill in a login of its own, on a
#     pty, in a session of its own) then opens nothing under /proc/self
#     and sends to lean.sock, and its answer still has the login uid,
#     audit session, tty, start time and comm the kernel gave it;
#   - a daemon without the connector (not root: it cannot open it) makes
#     no lean.sock: the same killer reads /proc/self and sends whole to
#     report.sock, and the answer is the same;
#   - with no daemon at all the killer reads nothing of /proc/self for a
#     report no one would take.
. "$(dirname "$0")/../lib.sh"
need_root
command -v strace >/dev/null || fail "strace is needed (tests/install-deps.sh installs it)"
command -v script >/dev/null || fail "script (util-linux) is needed"

# kill_in_login DIR TARGET LABEL [strace]: /bin/kill -TERM TARGET, preloaded,
# sending to DIR, from a login of its own (loginuid 4242, a new audit
# session) on a pty; the killer's tty, start time and audit session go to
# $WORK/LABEL.*.  With strace, the killer runs under it (its own pid then,
# no start time kept) and its openat and sendmsg go to $WORK/LABEL.trace.
cat >"$WORK/killer.sh" <<'EOS'
work=$1 dir=$2 target=$3 label=$4 trace=$5
tty >"$work/$label.tty"
cut -d' ' -f22 /proc/$$/stat >"$work/$label.start"
if [ -n "$trace" ]; then
	exec strace -qq -f -o "$work/$label.trace" -e trace=openat,sendmsg,connect \
	    -E LD_PRELOAD="$SHIM" -E WHOKILLED_SOCKET_DIR="$dir" /bin/kill -TERM "$target"
fi
export LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$dir"
exec /bin/kill -TERM "$target"
EOS
kill_in_login() {
	SHIM="$SHIM" bash -c 'echo 4242 >/proc/self/loginuid && cat /proc/self/sessionid >"$1/$4.ses" &&
		exec setsid script -qfec "sh $1/killer.sh $*" /dev/null' sh "$WORK" "$@" </dev/null >/dev/null 2>&1 ||
		fail "the killer ($3) failed"
}

# check_answer DIR TARGET LABEL [traced]: whokilled's answer names the
# killer's login (and, not traced, its start time).
check_answer() {
	local dir=$1 target=$2 label=$3 traced=${4:-}
	WHOKILLED_SOCKET_DIR="$dir" "$CLI" --json "$target" >"$WORK/$label.json" || fail "whokilled --json $target ($label)"
	WHOKILLED_SOCKET_DIR="$dir" "$CLI" "$target" >"$WORK/$label.txt"
	cat "$WORK/$label.txt"
	assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["signal"]["name"]')" SIGTERM "the signal ($label)"
	assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["killer"]["comm"]')" kill "the killer's comm ($label)"
	[ -n "$traced" ] ||
		assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["killer"]["start_time"]')" "$(cat "$WORK/$label.start")" \
			"the killer's start time ($label)"
	assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["killer"]["tty"]')" "$(sed 's|^/dev/||' "$WORK/$label.tty")" \
		"the killer's tty ($label)"
	assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["killer"]["auid"]')" 4242 "the killer's login uid ($label)"
	assert_eq "$(json_eval "$WORK/$label.json" 'd[0]["killer"]["session"]')" "$(cat "$WORK/$label.ses")" \
		"the killer's audit session ($label)"
	assert_contains "$WORK/$label.txt" "auid=4242 session $(cat "$WORK/$label.ses") tty $(sed 's|^/dev/||' "$WORK/$label.tty")" \
		"the killer's login, session and tty ($label)"
}

# --- 1. a daemon that follows process events --------------------------
start_daemon
RUN=$WHOKILLED_SOCKET_DIR
grep -q "process exits watched" "$WORK/daemon.log" || fail "the daemon should follow process events here"
[ -S "$RUN/lean.sock" ] || fail "no lean.sock beside report.sock"
assert_eq "$(stat -c %i "$RUN/lean.sock")" "$(stat -c %i "$RUN/report.sock")" "lean.sock is report.sock's second name"

start_target; t1=$TARGET
kill_in_login "$RUN" "$t1" lean
check_answer "$RUN" "$t1" lean

start_target; t2=$TARGET
kill_in_login "$RUN" "$t2" lean_traced strace
cat "$WORK/lean_traced.trace"
grep -q '/proc/self/' "$WORK/lean_traced.trace" && fail "a lean report read /proc/self"
grep -q "sun_path=\"$RUN/lean.sock\"" "$WORK/lean_traced.trace" || fail "the report did not go to lean.sock"
grep -q "sun_path=\"$RUN/report.sock\"" "$WORK/lean_traced.trace" && fail "the report went to report.sock too"
check_answer "$RUN" "$t2" lean_traced traced

stop_daemon
[ -e "$RUN/lean.sock" ] && fail "lean.sock left behind by the daemon's exit"

# --- 2. a daemon without the connector ----------------------------------
start_nobody_daemon
[ -e "$NOBODY_DIR/lean.sock" ] && fail "a daemon without the connector made lean.sock"
# (whokilled asks as root, to whom that daemon shows every kill.)
start_target; t3=$TARGET
kill_in_login "$NOBODY_DIR" "$t3" whole
check_answer "$NOBODY_DIR" "$t3" whole
start_target; t4=$TARGET
kill_in_login "$NOBODY_DIR" "$t4" whole_traced strace
cat "$WORK/whole_traced.trace"
grep -q '/proc/self/loginuid' "$WORK/whole_traced.trace" || fail "a whole report should read /proc/self/loginuid"
grep -q "sun_path=\"$NOBODY_DIR/lean.sock\"" "$WORK/whole_traced.trace" || fail "lean.sock was not tried first"
grep -q "sun_path=\"$NOBODY_DIR/report.sock\"" "$WORK/whole_traced.trace" || fail "the report did not go to report.sock"
check_answer "$NOBODY_DIR" "$t4" whole_traced traced
kill -TERM "$NOBODY_DAEMON"
wait "$NOBODY_DAEMON"; rc=$?
sanitizer_check "$WORK/nobody.log"
assert_eq "$rc" 0 "the daemon as nobody exited 0"
assert_contains "$WORK/nobody.log" "process exits not watched" "that daemon has no connector"

# --- 3. no daemon -------------------------------------------------------
start_target; t5=$TARGET
kill_in_login "$NOBODY_DIR" "$t5" none_traced strace
cat "$WORK/none_traced.trace"
grep -q '/proc/self/' "$WORK/none_traced.trace" && fail "without a daemon the report read /proc/self"
grep -q 'connect(.*report.sock.*ENOENT' "$WORK/none_traced.trace" || fail "report.sock was not looked for"
wait "$t5" 2>/dev/null
kill -0 "$t5" 2>/dev/null && fail "the signal was not delivered without a daemon"
exit 0
