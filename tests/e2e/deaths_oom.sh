# A process in a memory cgroup with a small limit is killed by the OOM
# killer; whokilled names the OOM killer and the cgroup, in text and JSON.
# The cgroup is a child of this test's own memory cgroup (v1
# memory.limit_in_bytes or v2 memory.max, whichever the machine has) and
# is removed at the end.
. "$(dirname "$0")/../lib.sh"
need_root

if [ -d /sys/fs/cgroup/memory ]; then
	rel=$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)
	memcg=${rel%/}/whokilled-oom-$$
	CG=/sys/fs/cgroup/memory$memcg
	LIMIT=memory.limit_in_bytes
	SWAP=memory.memsw.limit_in_bytes
else
	rel=$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)
	memcg=${rel%/}/whokilled-oom-$$
	CG=/sys/fs/cgroup$memcg
	LIMIT=memory.max
	SWAP=memory.swap.max
fi
HOG=""

remove_cgroup() {
	local i
	[ -n "$HOG" ] && kill -9 "$HOG" 2>/dev/null
	[ -d "$CG" ] || return 0
	for i in $(seq 1 200); do
		rmdir "$CG" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "could not remove $CG" >&2
}
trap 'remove_cgroup; cleanup' EXIT

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
mkdir "$CG" || fail "cannot create the memory cgroup $CG"
echo $((32 * 1024 * 1024)) >"$CG/$LIMIT" || fail "cannot set $LIMIT"
# With swap the hog would be slowed, not killed; none may be used.
[ -e "$CG/$SWAP" ] && { echo $((32 * 1024 * 1024)) >"$CG/$SWAP" 2>/dev/null || echo 0 >"$CG/$SWAP" 2>/dev/null; }

bash -c "echo \$\$ >'$CG/cgroup.procs' && exec '$HELPERS/mem_hog'" </dev/null >/dev/null 2>&1 &
HOG=$!
wait "$HOG"; rc=$?
HOG_PID=$HOG
HOG=""
assert_eq "$rc" 137 "the hog's exit status (SIGKILL)"

"$CLI" "$HOG_PID" >"$WORK/out.txt"; rc=$?
cat "$WORK/out.txt"
assert_eq "$rc" 0 "whokilled's exit status for an OOM kill"
first=$(head -n 1 "$WORK/out.txt")
[[ "$first" == "pid $HOG_PID (mem_hog): killed by the kernel OOM killer in memory cgroup $memcg at "*" (rss "*" MiB)" ]] ||
	fail "the first line should name the OOM killer and $memcg, got: $first"

"$CLI" --json "$HOG_PID" >"$WORK/out.json" || fail "whokilled --json"
assert_eq "$(json_eval "$WORK/out.json" 'len(d)')" 1 "one element"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["signal"]')" None "no signal event"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["kind"]')" oom "death kind"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["oom"]["memcg"]')" "$memcg" "the cgroup whose limit was hit"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["oom"]["constraint"]')" CONSTRAINT_MEMCG "constraint"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["signal"]["name"]')" SIGKILL "the signal"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["oom"]["rss_kb"] > 16 * 1024')" True "its size when killed"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["comm"]')" mem_hog "comm"
assert_eq "$(stat_value oom_kills_read)" True "the kernel log is read"
[ "$(stat_value oom_kills)" -ge 1 ] || fail "the OOM kill is counted"

# A kill while the daemon is down is read from the kernel log at its
# restart: it goes on from where the last run stopped reading.
stop_daemon
bash -c "echo \$\$ >'$CG/cgroup.procs' && exec '$HELPERS/mem_hog'" </dev/null >/dev/null 2>&1 &
HOG=$!
wait "$HOG"; rc=$?
HOG_PID=$HOG
HOG=""
assert_eq "$rc" 137 "the second hog's exit status (SIGKILL)"
start_daemon
"$CLI" "$HOG_PID" >"$WORK/down.txt"; rc=$?
cat "$WORK/down.txt"
assert_eq "$rc" 0 "whokilled's exit status for an OOM kill while the daemon was down"
first=$(head -n 1 "$WORK/down.txt")
[[ "$first" == "pid $HOG_PID (mem_hog): killed by the kernel OOM killer in memory cgroup $memcg at "* ]] ||
	fail "the first line should name the OOM killer, got: $first"
# Read once: a second restart reads neither kill again.
stop_daemon
start_daemon
assert_eq "$(stat_value oom_kills)" 0 "no kill is read twice"
rows=$(sqlite3 "$WORK/db/whokilled.db" "select count(*) from deaths where pid = $HOG_PID")
assert_eq "$rows" 1 "the kill is stored once"
exit 0
