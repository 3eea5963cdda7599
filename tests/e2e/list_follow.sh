# whokilled --follow on real kills: what was recorded (-n), then each new
# matching event as soon as it is stored; JSON Lines that parse line by
# line; an unprivileged follower sees only what the visibility rules let
# it (its own processes, its own signals, never root's command lines); a
# follower that keeps reading survives a flood, one that stops reading is
# dropped with a clear message and ingest goes on; SIGINT ends a follow
# with status 0; a daemon that stops ends it with status 2 and says so.
. "$(dirname "$0")/../lib.sh"
need_root
U="wkf$$"; F="wkg$$"
trap 'pkill -KILL -u "$U" 2>/dev/null; pkill -KILL -u "$F" 2>/dev/null; userdel "$U" >/dev/null 2>&1; userdel "$F" >/dev/null 2>&1; cleanup' EXIT
useradd -M -s /bin/sh "$U" || fail "useradd"
useradd -M -s /bin/sh "$F" || fail "useradd"
uid=$(id -u "$U")
as() { local who=$1; shift; setpriv --reuid="$(id -u "$who")" --regid="$(id -g "$who")" --init-groups "$@"; }

# wait_lines FILE N: until FILE has N lines (5 s at most).
wait_lines() {
	local i
	for i in $(seq 1 250); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.02
	done
	echo "--- $1:" >&2; cat "$1" >&2
	fail "$1 did not reach $2 lines"
}

# A process named wkfollowme: root's, or (start_named USER) the user's.
start_named() {
	cp -f /bin/sleep "$WORK/wkfollowme"; chmod 755 "$WORK/wkfollowme"
	if [ $# -gt 0 ]; then
		setpriv --reuid="$(id -u "$1")" --regid="$(id -g "$1")" --init-groups \
			"$WORK/wkfollowme" 1000 2>/dev/null & NAMED=$!
	else
		"$WORK/wkfollowme" 1000 & NAMED=$!
	fi
	track "$NAMED"
	for _ in $(seq 1 100); do [ "$(cat /proc/$NAMED/comm 2>/dev/null)" = wkfollowme ] && break; sleep 0.02; done
}

# No rate limit: the flood below reaches the store whole.
echo "rate_limit = 0" >"$WORK/whokilledd.conf"
start_daemon -c "$WORK/whokilledd.conf"

# One kill recorded before anyone follows.
start_named; old=$NAMED
LD_PRELOAD="$SHIM" bash -c "kill -TERM $old # before"
wait "$old" 2>/dev/null

# Followers: root, with what was recorded (-n 5), text; root, JSON Lines,
# only new; the user, JSON Lines, only new.
"$CLI" -f -n 5 wkfollowme >"$WORK/root.txt" 2>"$WORK/root.err" & rtext=$!
track "$rtext"
"$CLI" -f --json -n 0 wkfollowme >"$WORK/root.jsonl" 2>"$WORK/rootj.err" & rjson=$!
track "$rjson"
as "$U" "$CLI" -f --json -n 0 >"$WORK/user.jsonl" 2>"$WORK/user.err" & ujson=$!
track "$ujson"
wait_lines "$WORK/root.txt" 2
assert_contains "$WORK/root.txt" "SIGTERM  wkfollowme[$old]" "the recorded kill first"
sleep 0.3

# Root kills a root process, then a process of the user's, naming a secret.
start_named; rootproc=$NAMED
start_named "$U"; userproc=$NAMED
LD_PRELOAD="$SHIM" bash -c "kill -TERM $rootproc # root-secret"
LD_PRELOAD="$SHIM" bash -c "kill -USR1 $userproc # root-secret"
wait "$rootproc" "$userproc" 2>/dev/null

wait_lines "$WORK/root.jsonl" 4
wait_lines "$WORK/user.jsonl" 2
python3 - "$WORK/root.jsonl" "$rootproc" "$userproc" <<'PY' || fail "root's JSON Lines"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]          # each line is one object
kills = [(o["signal"]["name"], o["target"]["pid"]) for o in objs if o["signal"]]
ends = [o["target"]["pid"] for o in objs if not o["signal"]]
assert ("SIGTERM", int(sys.argv[2])) in kills, kills
assert ("SIGUSR1", int(sys.argv[3])) in kills, kills
assert int(sys.argv[2]) in ends and int(sys.argv[3]) in ends, ends
assert all("root-secret" in json.dumps(o) for o in objs if o["signal"]), "root sees argv"
PY
python3 - "$WORK/user.jsonl" "$rootproc" "$userproc" <<'PY' || fail "the user's JSON Lines"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
pids = {o["target"]["pid"] for o in objs}
assert int(sys.argv[2]) not in pids, "the user sees root's process"
assert int(sys.argv[3]) in pids, pids
assert "root-secret" not in open(sys.argv[1]).read(), "root's argv shown to the user"
PY
wait_lines "$WORK/root.txt" 6
assert_contains "$WORK/root.txt" "SIGTERM  wkfollowme[$rootproc]" "the text follower"

# A flood by another user: a follower that reads survives it; one that
# stopped reading (SIGSTOP) is dropped with a message, ingest goes on.
"$CLI" -f --json -n 0 --by "$F" >"$WORK/flood.jsonl" 2>"$WORK/flood.err" & reader=$!
track "$reader"
"$CLI" -f --json -n 0 --by "$F" >"$WORK/stalled.jsonl" 2>"$WORK/stalled.err" & stalled=$!
track "$stalled"
sleep 0.3
kill -STOP "$stalled"
before=$(stat_value events_total)
# (the helper skips what the full socket refuses: rounds until 8000 are in)
for _ in $(seq 1 200); do
	as "$F" "$HELPERS/flood_reports" "$WHOKILLED_SOCKET_DIR" 4000 >>"$WORK/flood.out" || fail "the flood"
	[ $(( $(stat_value events_total) - before )) -ge 8000 ] && break
done
sleep 0.5
flooded=$(( $(stat_value events_total) - before ))
echo "flood: stored $flooded"
[ "$flooded" -ge 8000 ] || fail "the flood stored only $flooded (not a flood for the follower)"
wait_lines "$WORK/flood.jsonl" "$flooded"
kill -0 "$reader" || fail "the reading follower died in the flood"
kill -CONT "$stalled"
wait "$stalled"; rc=$?
assert_eq "$rc" 2 "a dropped follower exits 2"
assert_contains "$WORK/stalled.err" "fell more than 4 MiB of events behind and was dropped" "it says why"
# The survivor still gets new events.
start_named "$F"; fproc=$NAMED
as "$F" env LD_PRELOAD="$SHIM" bash -c "kill -HUP $fproc"
wait_lines "$WORK/flood.jsonl" $((flooded + 1))
tail -n 1 "$WORK/flood.jsonl" | python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); assert o["signal"]["name"] == "SIGHUP", o' ||
	fail "the survivor got the kill after the flood"

# SIGINT ends a follow normally.
kill -INT "$rjson"
wait "$rjson"; rc=$?
assert_eq "$rc" 0 "SIGINT ends a follow with status 0"

# The daemon stops: the followers say so and exit 2; a new daemon serves.
stop_daemon
wait "$rtext"; rc=$?
assert_eq "$rc" 2 "a follow ends with status 2 when the daemon stops"
assert_contains "$WORK/root.err" "stopped (the connection ended); no longer following" "it says the daemon stopped"
wait "$ujson"; rc=$?
assert_eq "$rc" 2 "the user's follow too"
start_daemon
"$CLI" -n 1 wkfollowme >/dev/null || fail "the restarted daemon lists"
exit 0
