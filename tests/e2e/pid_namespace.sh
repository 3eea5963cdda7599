# A killer in another pid namespace (a container: unshare --pid --fork
# --mount-proc) reports its own pids; the daemon, in the host's, believes
# the report when the kernel's view of the sender (NSpid) gives it that pid
# there, stores the host's pids and shows the namespace's beside them.
# Twice: with the killer and its target still running when the daemon reads
# the report (a preloaded bash's kill -TERM to a sleep that ignores it), and
# with both gone (the daemon stopped while /bin/kill -9 kills a sleep and
# both are reaped).  A forged report from inside is still refused, and the
# log says what it is.
. "$(dirname "$0")/../lib.sh"

need_root
command -v unshare >/dev/null || fail "unshare (util-linux) is not installed"

start_daemon -d

for f in go_term go_kill go_forge go_forge_gone hold_sender hold_forge hold_ns; do
	mkfifo "$WORK/$f"
done
# The namespace's first process: it starts the targets, runs each kill
# when told, and stays (with the sender of the first) until the end, so
# the processes the daemon proves things by are there.
cat >"$WORK/inner.sh" <<'EOF'
W=$1 SHIM=$2 HELPERS=$3 DIR=$4
bash -c "trap '' TERM; exec sleep 1000" </dev/null >/dev/null 2>&1 &
a=$!
sleep 1000 </dev/null >/dev/null 2>&1 &
b=$!
until [ "$(cat /proc/$a/comm)" = sleep ]; do sleep 0.02; done
echo "$$ $a $b" >"$W/ns_pids.tmp" && mv "$W/ns_pids.tmp" "$W/ns_pids"

read -r x <"$W/go_term"
LD_PRELOAD=$SHIM bash -c "kill -TERM $a; echo sent >$W/term_sent; read -r x <$W/hold_sender" &
echo $! >"$W/term_sender"

read -r x <"$W/go_kill"
LD_PRELOAD=$SHIM /bin/kill -9 "$b" &
k=$!
wait "$k"
wait "$b" 2>/dev/null
echo "$k" >"$W/kill_sender"

read -r x <"$W/go_forge"
# (its standard input ends when hold_forge is written)
(read -r x <"$W/hold_forge") | "$HELPERS/forge_report" "$DIR" pid 1 hold &
echo $! >"$W/forge_live"

read -r x <"$W/go_forge_gone"
"$HELPERS/forge_report" "$DIR" pid 1 &
f=$!
wait "$f"
echo "$f" >"$W/forge_gone"

read -r x <"$W/hold_ns"
kill -9 "$a"
wait
EOF

unshare --pid --fork --mount-proc bash "$WORK/inner.sh" "$WORK" "$SHIM" "$HELPERS" "$WHOKILLED_SOCKET_DIR" &
unshare_pid=$!
track "$unshare_pid"

# wait_file NAME: until the namespace has written $WORK/NAME.
wait_file() {
	local i
	for i in $(seq 1 250); do
		[ -s "$WORK/$1" ] && return 0
		sleep 0.02
	done
	fail "the namespace did not write $1"
}

wait_file ns_pids
read -r init_ns a b <"$WORK/ns_pids"
assert_eq "$init_ns" 1 "the script is the first process of a new pid namespace"
init=$(tr -d " " <"/proc/$unshare_pid/task/$unshare_pid/children")
track "$init"
ns_link=$(readlink "/proc/$init/ns/pid")
ns=$(stat -L -c %i "/proc/$init/ns/pid")
[ "$ns_link" != "$(readlink /proc/self/ns/pid)" ] || fail "unshare made no new pid namespace"

# host_pid NSPID: the host's pid of the process with that pid in the
# namespace (the last pid of its NSpid line), from every /proc/*/status.
host_pid() {
	local f
	for f in /proc/[0-9]*; do
		[ "$(readlink "$f/ns/pid" 2>/dev/null)" = "$ns_link" ] || continue
		if [ "$(awk '/^NSpid:/ { print $NF }' "$f/status" 2>/dev/null)" = "$1" ]; then
			echo "${f#/proc/}"
			return 0
		fi
	done
	return 1
}
# wait_stat NAME VALUE: until the daemon's counter NAME is VALUE.
wait_stat() {
	local i
	for i in $(seq 1 100); do
		[ "$(stat_value "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	assert_eq "$(stat_value "$1")" "$2" "$1"
}

host_a=$(host_pid "$a") || fail "no host pid for pid $a of the namespace"
host_b=$(host_pid "$b") || fail "no host pid for pid $b of the namespace"
[ "$host_a" != "$a" ] || fail "the namespace's pids are the host's"

# 1. Killer and target run: /proc proves both.
echo >"$WORK/go_term"
wait_file term_sent
s=$(cat "$WORK/term_sender")
host_s=$(host_pid "$s") || fail "no host pid for the sender, pid $s of the namespace"
"$CLI" "$host_a" >"$WORK/term.txt"; rc=$?
cat "$WORK/term.txt"
assert_eq "$rc" 0 "whokilled exit status for the kill from the namespace"
assert_contains "$WORK/term.txt" "pid $host_a (sleep) [pid $a in pid namespace $ns]" "target line"
assert_contains "$WORK/term.txt" "SIGTERM" "signal"
assert_contains "$WORK/term.txt" "killer   pid $host_s (bash) [pid $s in pid namespace $ns]" "killer line"
"$CLI" --json "$host_a" >"$WORK/term.json" || fail "whokilled --json failed"
assert_eq "$(json_eval "$WORK/term.json" 'len(d)')" 1 "one event"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["target"]["pid"]')" "$host_a" "target pid (host)"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["target"]["ns_pid"]')" "$a" "target pid in the namespace"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["target"]["pid_ns"]')" "$ns" "target's pid namespace"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["target"]["ppid"]')" "$init" "target's parent (host)"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["killer"]["pid"]')" "$host_s" "killer pid (host)"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["killer"]["ns_pid"]')" "$s" "killer pid in the namespace"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["killer"]["pid_ns"]')" "$ns" "killer's pid namespace"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["killer"]["ppid"]')" "$init" "killer's parent (host)"
assert_eq "$(json_eval "$WORK/term.json" 'd[0]["target"]["arg_pid"]')" "$a" "arg_pid as the killer passed it"
assert_eq "$(json_eval "$WORK/term.json" '[e["pid"] for e in d[0]["chain"][-2:]]')" "[$init, $host_s]" "chain ends with the namespace's first process and the killer"

# 2. Both gone before the daemon reads the report: their parent proves them.
kill -STOP "$DAEMON_PID"
echo >"$WORK/go_kill"
wait_file kill_sender
k=$(cat "$WORK/kill_sender")
kill -CONT "$DAEMON_PID"
[ ! -e "/proc/$host_b" ] || fail "the target $host_b is still there"
"$CLI" "$host_b" >"$WORK/kill.txt"; rc=$?
cat "$WORK/kill.txt"
assert_eq "$rc" 0 "whokilled exit status for the kill by a process that is gone"
assert_contains "$WORK/kill.txt" "pid $host_b (sleep) [pid $b in pid namespace $ns]" "target line"
assert_contains "$WORK/kill.txt" "SIGKILL" "signal"
assert_contains "$WORK/kill.txt" "(kill) [pid $k in pid namespace $ns]" "killer line"
assert_contains "$WORK/kill.txt" "/bin/kill -9 $b" "killer argv, as it was given"
"$CLI" --json "$host_b" >"$WORK/kill.json" || fail "whokilled --json failed"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["target"]["ns_pid"]')" "$b" "target pid in the namespace"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["killer"]["ns_pid"]')" "$k" "killer pid in the namespace"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["killer"]["ppid"]')" "$init" "killer's parent (host)"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["chain"][-1]["pid"] == d[0]["killer"]["pid"] != '"$k")" True "the killer, last in the chain, by its host pid"

assert_eq "$(stat_value rejected_forged)" 0 "nothing from the namespace was called forged"
assert_eq "$(stat_value events_total)" 2 "both kills stored"
if grep -q forged "$WORK/daemon.log"; then
	grep forged "$WORK/daemon.log" >&2
	fail "the daemon called a report from the namespace forged"
fi

# 3. A forged report from inside (it claims pid 1, the namespace's first
# process), its sender running: refused, and the log says so.
echo >"$WORK/go_forge"
wait_file forge_live
f=$(cat "$WORK/forge_live")
host_f=$(host_pid "$f") || fail "no host pid for the forger, pid $f of the namespace"
# (it may not have sent it yet)
wait_stat rejected_forged 1
assert_contains "$WORK/daemon.log" "rejected report from pid $host_f uid 0 in pid namespace $ns: its pid there is $f, the report says 1" "log of the forged report"
echo >"$WORK/hold_forge"

# 4. The same, its sender gone before the daemon reads it.
kill -STOP "$DAEMON_PID"
echo >"$WORK/go_forge_gone"
wait_file forge_gone
kill -CONT "$DAEMON_PID"
assert_eq "$(stat_value rejected_forged)" 2 "the forged report of a sender that ended is refused"
assert_contains "$WORK/daemon.log" "in pid namespace $ns: it ended; the report says its pid there is 1, its parent's" "log of the forged report of a sender that ended"
assert_eq "$(stat_value events_total)" 2 "nothing forged stored"

echo >"$WORK/hold_sender"
echo >"$WORK/hold_ns"
wait "$unshare_pid" || fail "the namespace's script failed"
kill -0 "$DAEMON_PID" || fail "daemon died"
exit 0
