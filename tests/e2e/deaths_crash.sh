# A process that dereferences NULL dies of SIGSEGV, and no process sent
# it: whokilled says so although no signal was recorded, and exits 0.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
# No core file: this test is about the signal, not the dump.
(ulimit -c 0; exec "$HELPERS/null_deref") </dev/null >/dev/null 2>&1 &
crash=$!
wait "$crash"; rc=$?
assert_eq "$rc" $((128 + 11)) "the crash's exit status (SIGSEGV)"

"$CLI" "$crash" >"$WORK/out.txt"; rc=$?
cat "$WORK/out.txt"
assert_eq "$rc" 0 "whokilled's exit status for a crash"
first=$(head -n 1 "$WORK/out.txt")
# (its name is the one before exec when the exec came and went too fast to read)
[[ "$first" == "pid $crash "*": died of SIGSEGV at "*", no process sent it" ]] ||
	fail "the first line should say it died of SIGSEGV and nobody sent it, got: $first"
assert_contains "$WORK/out.txt" "no recorded signal was sent to it" "no signal event"

"$CLI" --json "$crash" >"$WORK/out.json" || fail "whokilled --json"
assert_eq "$(json_eval "$WORK/out.json" 'len(d)')" 1 "one element"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["kind"]')" signaled "death kind"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["signal"]["name"]')" SIGSEGV "the signal"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["core"]')" False "no core dumped"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["sender"]')" None "no sender"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["signalled"]')" False "nobody signalled it"

# It is in the store, not only in the daemon's memory.
rows=$(sqlite3 "$WORK/db/whokilled.db" "select count(*) from deaths where pid = $crash and kind = 2 and status = 11")
assert_eq "$rows" 1 "the crash is stored"
[ "$(stat_value deaths_stored)" -ge 1 ] || fail "stored ends are counted"
exit 0
