# Kills that include the killer, and kills of a whole process group: every
# victim is answered, the killer's own process too.
#   - a preloaded sh (its own process group) runs two sleeps and `kill
#     -TERM 0`: the shell and both sleeps each answer with the kill, the
#     shell's argv, "process group" and how many it reached;
#   - a preloaded script with `trap 'kill 0' EXIT`: its sleep and itself;
#   - python3 sending SIGTERM to itself: it is its own killer;
#   - python3 signalling itself and surviving, and a tgkill of its own
#     process that fails: the result comes from the second datagram.
. "$(dirname "$0")/../lib.sh"
need_root
PY=/usr/bin/python3
[ -x "$PY" ] || fail "$PY is needed"

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"

# ---- kill -TERM 0 in a shell that leads its own group
LD_PRELOAD="$SHIM" setsid --wait sh -c '
	sleep 600 & echo $! >"$1/sleep1"
	sleep 600 & echo $! >"$1/sleep2"
	echo $$ >"$1/shell"
	# Both children run sleep (not yet the forked sh) when the kill lands.
	for p in $(cat "$1/sleep1" "$1/sleep2"); do
		while [ "$(cat /proc/$p/comm 2>/dev/null)" != sleep ]; do :; done
	done
	kill -TERM 0
	echo survived >"$1/shell_survived"' sh "$WORK" </dev/null >/dev/null 2>&1 &
runner=$!
track "$runner"
wait "$runner"
[ ! -e "$WORK/shell_survived" ] || fail "the shell survived its own kill -TERM 0"
sh_pid=$(cat "$WORK/shell")
s1=$(cat "$WORK/sleep1")
s2=$(cat "$WORK/sleep2")
track "$s1"; track "$s2"
for p in "$s1" "$s2"; do
	for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.02; done
	kill -0 "$p" 2>/dev/null && fail "sleep $p survived kill -TERM 0"
done

for p in "$sh_pid" "$s1" "$s2"; do
	"$CLI" "$p" >"$WORK/g$p.txt"; rc=$?
	cat "$WORK/g$p.txt"
	assert_eq "$rc" 0 "whokilled $p: a recorded signal"
	assert_contains "$WORK/g$p.txt" "SIGTERM at " "the signal to $p"
	assert_contains "$WORK/g$p.txt" "process group $sh_pid (3 processes" "the group and its size, for $p"
	assert_contains "$WORK/g$p.txt" "killer   pid $sh_pid (sh)" "the shell is the killer of $p"
	assert_contains "$WORK/g$p.txt" "kill -TERM 0" "the shell's argv, for $p"
	assert_contains "$WORK/g$p.txt" "delivered — the sender was among its targets and did not return from the call" "the result, for $p"
	first=$(head -n 1 "$WORK/g$p.txt")
	[[ "$first" == "pid $p ("*"): killed by SIGTERM from "*"(pid $sh_pid sh) at "* ]] ||
		fail "the first line should name the shell as the sender, got: $first"
	"$CLI" --json "$p" >"$WORK/g$p.json" || fail "whokilled --json $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'len(d)')" 1 "one event for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["target"]["pid"]')" "$p" "the target is $p itself"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["target"]["reached"]')" 3 "the group's size, for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["target"]["group"]')" True "a group kill, for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["result"]["pending"]')" True "no result came, for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["result"]["state"]')" sender_among_targets "the state, for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["result"]["success"]')" True "delivered, for $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["killer"]["pid"]')" "$sh_pid" "the killer of $p"
	assert_eq "$(json_eval "$WORK/g$p.json" 'd[0]["ended_it"]')" True "it ended $p"
done
assert_contains "$WORK/g$s1.txt" "pid $s1 (sleep), one of process group $sh_pid (3 processes)" "a member's target line"
assert_eq "$(json_eval "$WORK/g$s1.json" 'd[0]["target"]["member"]')" True "a sleep is a member"
assert_eq "$(json_eval "$WORK/g$sh_pid.json" 'd[0]["target"]["member"]')" False "the shell's row is the call's own"
assert_contains "$WORK/g$sh_pid.txt" "process group $sh_pid (3 processes, leader sh)" "the call's own target line"

# ---- trap 'kill 0' EXIT in a preloaded script
# The sleep has exec'd when the trap runs: a child still running bash's
# code catches the SIGTERM (bash's handler, there for the EXIT trap) and
# sends it again to itself, a second kill the test is not about.
cat >"$WORK/trap.sh" <<'EOF'
trap 'kill 0' EXIT
sleep 600 &
echo $! >"$1/trap_sleep"
while [ "$(cat /proc/$!/comm 2>/dev/null)" != sleep ]; do :; done
echo $$ >"$1/trap_shell"
exit 0
EOF
LD_PRELOAD="$SHIM" setsid --wait bash "$WORK/trap.sh" "$WORK" </dev/null >/dev/null 2>&1 &
runner=$!
track "$runner"
wait "$runner"
tsh=$(cat "$WORK/trap_shell")
tsl=$(cat "$WORK/trap_sleep")
track "$tsl"
for i in $(seq 1 100); do kill -0 "$tsl" 2>/dev/null || break; sleep 0.02; done
for p in "$tsl" "$tsh"; do
	"$CLI" "$p" >"$WORK/t$p.txt"; rc=$?
	cat "$WORK/t$p.txt"
	assert_eq "$rc" 0 "whokilled $p after the trap"
	assert_contains "$WORK/t$p.txt" "process group $tsh (2 processes" "the trap's group, for $p"
	assert_contains "$WORK/t$p.txt" "$WORK/trap.sh" "the script's argv, for $p"
	assert_contains "$WORK/t$p.txt" "killer   pid $tsh (bash)" "the script is the killer of $p"
done

# ---- the same, while the daemon is stopped: every process of the group
# has ended (and been reaped) before the daemon reads its fork, so /proc
# cannot tell their start times; the fork events still say they existed
# at the call (as a loaded daemon finds them, now and then).
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
mkdir -p "$WORK/late"
# The runner reaps every process of the script (a child subreaper), so
# none is left a zombie whose /proc still tells.
cat >"$WORK/reaper.py" <<'EOF'
import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER
pid = os.fork()
if pid == 0:
    os.setsid()
    os.execvp(sys.argv[1], sys.argv[1:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
EOF
kill -STOP "$DAEMON_PID"
"$PY" "$WORK/reaper.py" env LD_PRELOAD="$SHIM" bash "$WORK/trap.sh" "$WORK/late" </dev/null >/dev/null 2>&1 &
runner=$!
track "$runner"
wait "$runner"
lsh=$(cat "$WORK/late/trap_shell")
lsl=$(cat "$WORK/late/trap_sleep")
for i in $(seq 1 100); do kill -0 "$lsl" 2>/dev/null || break; sleep 0.02; done
[ -e "/proc/$lsl" ] && { kill -CONT "$DAEMON_PID"; fail "the sleep $lsl survived the trap's kill 0, or was not reaped"; }
kill -CONT "$DAEMON_PID"
for p in "$lsl" "$lsh"; do
	"$CLI" "$p" >"$WORK/l$p.txt"; rc=$?
	cat "$WORK/l$p.txt"
	assert_eq "$rc" 0 "whokilled $p after the trap, read late"
	assert_contains "$WORK/l$p.txt" "process group $lsh (2 processes" "the trap's group read late, for $p"
	assert_contains "$WORK/l$p.txt" "killer   pid $lsh (bash)" "the script is the killer of $p (read late)"
done

# ---- python3 sends SIGTERM to itself
LD_PRELOAD="$SHIM" "$PY" -c 'import os, signal; os.kill(os.getpid(), signal.SIGTERM); print("survived")' \
	>"$WORK/py.out" 2>&1 &
py=$!
track "$py"
wait "$py"; rc=$?
assert_eq "$rc" 143 "python3 ended by its own SIGTERM"
"$CLI" "$py" >"$WORK/py.txt"; rc=$?
cat "$WORK/py.txt"
assert_eq "$rc" 0 "whokilled for python3's own kill"
first=$(head -n 1 "$WORK/py.txt")
[[ "$first" == "pid $py (python3): killed by SIGTERM from "*"(pid $py python3) at "* ]] ||
	fail "python3 should be its own killer, got: $first"
assert_contains "$WORK/py.txt" "pid $py (python3) — owner " "the target is python3"
assert_contains "$WORK/py.txt" "killer   pid $py (python3)" "the killer is python3"
assert_contains "$WORK/py.txt" "delivered — the sender was among its targets and did not return from the call; it ended the process" "the result"
"$CLI" --json "$py" >"$WORK/py.json" || fail "whokilled --json python3"
assert_eq "$(json_eval "$WORK/py.json" 'd[0]["killer"]["pid"] == d[0]["target"]["pid"]')" True "its own killer"
assert_eq "$(json_eval "$WORK/py.json" 'd[0]["result"]["state"]')" sender_among_targets "the state"

# ---- a signal to itself that it survives: the result follows the report
LD_PRELOAD="$SHIM" "$PY" -c '
import os, signal
signal.signal(signal.SIGUSR1, lambda s, f: None)
os.kill(os.getpid(), signal.SIGUSR1)' >"$WORK/py2.out" 2>&1 &
py2=$!
track "$py2"
wait "$py2"; rc=$?
assert_eq "$rc" 0 "python3 handled its own SIGUSR1"
"$CLI" "$py2" >"$WORK/py2.txt"; rc=$?
cat "$WORK/py2.txt"
assert_eq "$rc" 0 "whokilled for python3's own SIGUSR1"
assert_contains "$WORK/py2.txt" "SIGUSR1 at " "the signal"
assert_contains "$WORK/py2.txt" "delivered; handled, ignored or blocked" "the result the call returned"
"$CLI" --json "$py2" >"$WORK/py2.json" || fail "whokilled --json python3"
assert_eq "$(json_eval "$WORK/py2.json" 'd[0]["result"]["pending"]')" False "the result came"
assert_eq "$(json_eval "$WORK/py2.json" 'd[0]["result"]["state"]')" delivered "the state"

# ---- tgkill of its own process that fails: ESRCH, from the second datagram
LD_PRELOAD="$SHIM" "$PY" -c '
import ctypes, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
# pid 1 is no thread of ours: ESRCH.
ret = libc.tgkill(os.getpid(), 1, int(signal.SIGTERM))
sys.exit(0 if ret == -1 and ctypes.get_errno() == 3 else 1)' >"$WORK/py3.out" 2>&1 &
py3=$!
track "$py3"
wait "$py3"; rc=$?
assert_eq "$rc" 0 "tgkill failed with ESRCH, as the shim returned it"
"$CLI" "$py3" >"$WORK/py3.txt"; rc=$?
cat "$WORK/py3.txt"
assert_eq "$rc" 0 "whokilled for python3's failed tgkill"
assert_contains "$WORK/py3.txt" "SIGTERM via tgkill at " "the call"
assert_contains "$WORK/py3.txt" "failed: ESRCH" "the failure the call returned"
"$CLI" --json "$py3" >"$WORK/py3.json" || fail "whokilled --json python3"
assert_eq "$(json_eval "$WORK/py3.json" 'd[0]["result"]["pending"]')" False "the result came"
assert_eq "$(json_eval "$WORK/py3.json" 'd[0]["result"]["state"]')" failed "the state"
assert_eq "$(json_eval "$WORK/py3.json" 'd[0]["result"]["error"]')" ESRCH "the errno"
exit 0
