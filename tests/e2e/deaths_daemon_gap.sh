# What the daemon cannot know it says: a process that ended while the
# daemon was stopped has "no record", with when the daemon was not
# running.  The stats say what it watches and count what it saw.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
assert_eq "$(stat_value exits_watched)" True "process exits are watched"
assert_eq "$(stat_value oom_kills_read)" True "the kernel log is read"
[ "$(stat_value procs_tracked)" -gt 0 ] || fail "the process table is seeded"

# A process that runs past the daemon's stop and ends while it is down.
mkfifo "$WORK/go"
bash -c "read x <'$WORK/go'; exit 7" &
orphan=$!
track "$orphan"
"$CLI" "$orphan" >/dev/null; rc=$?
assert_eq "$rc" 1 "it runs, nobody signalled it"
before=$(date +%s)
stop_daemon
echo >"$WORK/go"
wait "$orphan"; rc=$?
assert_eq "$rc" 7 "it ended while the daemon was down"
start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
after=$(date +%s)

"$CLI" "$orphan" >"$WORK/out.txt"; rc=$?
cat "$WORK/out.txt"
assert_eq "$rc" 1 "nothing is known of its end"
first=$(head -n 1 "$WORK/out.txt")
[[ "$first" == "pid $orphan: no record: the daemon was not running between "*" and "*", and has kept no end of this pid since" ]] ||
	fail "the first line should say when the daemon was down, got: $first"
"$CLI" --json "$orphan" >"$WORK/out.json"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["kind"]')" no_record "no record"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["no_record"]["watching"]')" True "it watches now"
gap_from=$(json_eval "$WORK/out.json" 'int(__import__("datetime").datetime.fromisoformat(d[0]["death"]["no_record"]["gap_from"]).timestamp())')
gap_to=$(json_eval "$WORK/out.json" 'int(__import__("datetime").datetime.fromisoformat(d[0]["death"]["no_record"]["gap_to"]).timestamp())')
[ "$gap_from" -ge $((before - 1)) ] && [ "$gap_from" -le "$gap_to" ] && [ "$gap_to" -le "$after" ] ||
	fail "the gap $gap_from..$gap_to should lie within $before..$after"
rows=$(sqlite3 "$WORK/db/whokilled.db" "select count(*) from daemon_runs where stopped_sec is not null")
assert_eq "$rows" 1 "the first run stopped cleanly"

# What this run sees, it counts.
"$HELPERS/null_deref" </dev/null >/dev/null 2>&1 &
crash=$!
wait "$crash"
"$CLI" "$crash" >/dev/null || fail "the crash after the restart is known"
[ "$(stat_value exits_seen)" -gt 0 ] || fail "exits are counted"
[ "$(stat_value deaths_stored)" -gt 0 ] || fail "stored ends are counted"
[ "$(stat_value deaths_total)" -gt 0 ] || fail "the store's ends are counted"
"$CLI" --stats >"$WORK/stats.txt" || fail "whokilled --stats"
assert_contains "$WORK/stats.txt" "exits                watched" "the text stats say exits are watched"
exit 0
