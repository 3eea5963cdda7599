# The target's systemd unit and cgroup, on real cgroups: this test makes a
# slice with two units in the host's cgroup v2 hierarchy (removed at the
# end) and puts its victims there as systemd does.
#   1. A victim moved into victim.service between fork and exec (as
#      systemd starts a unit), killed with SIGKILL by its preloaded parent,
#      which reaps it at once (as PID 1 does): the signal and the end both
#      name victim.service, read by the daemon's process table at exec.
#   2. A victim moved into moved.scope after its exec (as systemd-run
#      --scope or an administrator's write to cgroup.procs does): the
#      report reads it again, and its end says the same.
#   Both are then listed by unit (whokilled --unit).
#   3. A daemon without the process-events connector (run as nobody: the
#      connector needs CAP_NET_ADMIN; a container's daemon has none either)
#      still names the unit of a target that runs when the report is read.
. "$(dirname "$0")/../lib.sh"

need_root
command -v setpriv >/dev/null || fail "setpriv (util-linux) is not installed"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
command -v python3 >/dev/null || fail "python3 is not installed"

# The cgroup v2 hierarchy: /sys/fs/cgroup on a unified host,
# /sys/fs/cgroup/unified on a hybrid one.
CG2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$CG2" ] || fail "no cgroup v2 hierarchy is mounted"
SLICE="whokilled-test-$$.slice"
CG="$CG2/$SLICE"
mkdir "$CG" || fail "cannot make a cgroup in $CG2"
mkdir "$CG/victim.service" "$CG/moved.scope" || fail "cannot make the units' cgroups"

# Whatever is still in the test's cgroups goes back to the root, then
# they are removed, then lib.sh's cleanup runs.
unit_cleanup() {
	local d p
	for p in "${CLEANUP_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
	done
	for d in "$CG/victim.service" "$CG/moved.scope" "$CG"; do
		[ -d "$d" ] || continue
		while read -r p; do
			echo "$p" >"$CG2/cgroup.procs" 2>/dev/null
		done <"$d/cgroup.procs"
	done
	for d in "$CG/victim.service" "$CG/moved.scope" "$CG"; do
		[ -d "$d" ] || continue
		for _ in $(seq 1 50); do
			rmdir "$d" 2>/dev/null && break
			sleep 0.02
		done
		[ -d "$d" ] && echo "FAIL: could not remove $d" >&2 && CLEANUP_FAILED=1
	done
	# (stopped by part 1 when it failed there)
	[ -z "$DAEMON_PID" ] || kill -CONT "$DAEMON_PID" 2>/dev/null
	cleanup
}
trap unit_cleanup EXIT

start_daemon
"$CLI" --stats >/dev/null || fail "the daemon does not answer"

# --- 1. moved before exec, killed and reaped at once by its parent ------
# The daemon is stopped from after the exec (read by then: a query drains
# the connector first) until the parent has reaped its child: when it
# reads the report the victim is long gone, and only what the process
# table read at the exec can name the unit.
cat >"$WORK/parent.py" <<'EOF'
import os, signal, sys, time
procs, ready, go = sys.argv[1:4]
r, w = os.pipe()
child = os.fork()
if child == 0:
    os.close(r)
    with open(procs, "w") as f:
        f.write(str(os.getpid()))
    os.close(w)
    os.execv("/bin/sleep", ["sleep", "1000"])
os.close(w)
os.read(r, 1)          # the move is done when the child closes its end
for _ in range(500):
    with open("/proc/%d/comm" % child) as f:
        if f.read().strip() == "sleep":
            break
    time.sleep(0.01)
with open(ready, "w") as f:
    f.write("%d\n" % child)
with open(go) as f:
    f.read()
os.kill(child, signal.SIGKILL)
os.waitpid(child, 0)   # reaped at once, as PID 1 reaps
EOF
mkfifo "$WORK/ready" "$WORK/go"
LD_PRELOAD="$SHIM" python3 "$WORK/parent.py" "$CG/victim.service/cgroup.procs" \
	"$WORK/ready" "$WORK/go" &
parent=$!
track "$parent"
read -r victim <"$WORK/ready"
[ -n "$victim" ] || fail "no victim pid"
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
kill -STOP "$DAEMON_PID"
echo go >"$WORK/go"
wait "$parent"; rc=$?
[ -e "/proc/$victim" ] && rc=99
kill -CONT "$DAEMON_PID"
assert_eq "$rc" 0 "the preloaded parent killed and reaped its child"

"$CLI" --json "$victim" >"$WORK/victim.json" || fail "whokilled --json $victim"
assert_eq "$(json_eval "$WORK/victim.json" 'len(d)')" 1 "one signal"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["signal"]["name"]')" SIGKILL "the signal"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["target"]["unit"]')" victim.service \
	"the signal's target.unit"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["target"]["cgroup"]')" "/$SLICE/victim.service" \
	"the signal's target.cgroup"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["death"]["kind"]')" signaled "its end"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["death"]["unit"]')" victim.service "its end's unit"
assert_eq "$(json_eval "$WORK/victim.json" 'd[0]["death"]["cgroup"]')" "/$SLICE/victim.service" \
	"its end's cgroup"
"$CLI" "$victim" >"$WORK/victim.txt" || fail "whokilled $victim"
cat "$WORK/victim.txt"
first=$(head -n 1 "$WORK/victim.txt")
[[ "$first" == "pid $victim (sleep) in unit victim.service: killed by SIGKILL from "* ]] ||
	fail "the first line should name the unit, got: $first"
grep -qE "^pid $victim \(sleep\) .* owner root .* unit victim\.service\$" "$WORK/victim.txt" ||
	fail "the target line should name the unit"
# The store has it, by unit.
assert_eq "$(sqlite3 "$WORK/db/whokilled.db" "SELECT count(*) FROM kills WHERE target_unit = 'victim.service' AND target_pid = $victim")" 1 \
	"the kills row's target_unit"
assert_eq "$(sqlite3 "$WORK/db/whokilled.db" "SELECT cgroup FROM deaths WHERE unit = 'victim.service' AND pid = $victim")" "/$SLICE/victim.service" \
	"the deaths row's unit and cgroup"

# Asked by unit: the signal and the end, newest first; by its full name too.
"$CLI" --json --unit victim >"$WORK/unit.json" || fail "whokilled --unit victim"
assert_eq "$(json_eval "$WORK/unit.json" '[(e["signal"]["name"] if e["signal"] else e["death"]["kind"]) for e in d]')" \
	"['signaled', 'SIGKILL']" "--unit victim: the end, then the signal"
assert_eq "$(json_eval "$WORK/unit.json" 'set((e["target"]["pid"] if e["signal"] else e["death"]["pid"]) for e in d)')" \
	"{$victim}" "--unit victim: only the victim"
"$CLI" --json --unit victim.service >"$WORK/unit2.json" || fail "whokilled --unit victim.service"
assert_eq "$(json_eval "$WORK/unit2.json" 'len(d)')" 2 "--unit victim.service: the same two"
"$CLI" --unit moved.scope >/dev/null; rc=$?
assert_eq "$rc" 1 "--unit moved.scope: nothing yet"

# --- 2. moved after its exec: read again when the report comes ------------
start_target TERM; moved=$TARGET
echo "$moved" >"$CG/moved.scope/cgroup.procs" || fail "cannot move $moved"
LD_PRELOAD="$SHIM" /bin/kill -TERM "$moved" || fail "kill -TERM"
LD_PRELOAD="$SHIM" bash -c "kill -9 $moved; exit 0" || fail "kill -9"
wait "$moved" 2>/dev/null
"$CLI" --json "$moved" >"$WORK/moved.json" || fail "whokilled --json $moved"
assert_eq "$(json_eval "$WORK/moved.json" 'len(d)')" 2 "two signals"
assert_eq "$(json_eval "$WORK/moved.json" '[e["target"]["unit"] for e in d]')" "['moved.scope', 'moved.scope']" \
	"both signals' target.unit"
assert_eq "$(json_eval "$WORK/moved.json" 'd[1]["target"]["cgroup"]')" "/$SLICE/moved.scope" \
	"the SIGTERM's target.cgroup"
assert_eq "$(json_eval "$WORK/moved.json" 'd[0]["death"]["unit"]')" moved.scope "its end's unit"
"$CLI" --json --unit moved.scope >"$WORK/moved-unit.json" || fail "whokilled --unit moved.scope"
assert_eq "$(json_eval "$WORK/moved-unit.json" '[(e["signal"]["name"] if e["signal"] else e["death"]["kind"]) for e in d]')" \
	"['signaled', 'SIGKILL', 'SIGTERM']" "--unit moved.scope: a scope by its full name"

# --- 3. a daemon without the connector (not root: it cannot open it) ----
stop_daemon
start_nobody_daemon
bash -c "echo \$\$ >$CG/victim.service/cgroup.procs; trap '' TERM; exec sleep 1000" </dev/null >/dev/null 2>&1 &
alive=$!
track "$alive"
for _ in $(seq 1 100); do
	[ "$(cat /proc/$alive/comm 2>/dev/null)" = sleep ] && break
	sleep 0.02
done
WHOKILLED_SOCKET_DIR="$NOBODY_DIR" LD_PRELOAD="$SHIM" /bin/kill -TERM "$alive" || fail "kill -TERM"
WHOKILLED_SOCKET_DIR="$NOBODY_DIR" "$CLI" --json "$alive" >"$WORK/nobody.json" ||
	fail "whokilled --json $alive (daemon as nobody)"
kill -TERM "$NOBODY_DAEMON"
wait "$NOBODY_DAEMON"; rc=$?
cat "$WORK/nobody.log"
sanitizer_check "$WORK/nobody.log"
assert_eq "$rc" 0 "the daemon as nobody exited 0"
assert_contains "$WORK/nobody.log" "process exits not watched" "that daemon has no connector"
assert_eq "$(json_eval "$WORK/nobody.json" 'd[0]["signal"]["name"]')" SIGTERM "the signal"
assert_eq "$(json_eval "$WORK/nobody.json" 'd[0]["target"]["unit"]')" victim.service \
	"target.unit without the connector"
assert_eq "$(json_eval "$WORK/nobody.json" 'd[0]["target"]["cgroup"]')" "/$SLICE/victim.service" \
	"target.cgroup without the connector"
exit 0
