# whokilled without a PID, with a NAME, with --by, on real kills: one line
# an event, newest first, signals and ends of processes (a kill, a crash,
# a non-zero exit; plain exits only with --exits); JSON arrays of the same
# objects as a PID answer; NAME exact and as a glob; root and another user
# (--by USER by name and number); the visibility rules for an unprivileged
# asker; bad input; `whokilled PID` unchanged.
. "$(dirname "$0")/../lib.sh"
need_root
U="wkl$$"
trap 'pkill -KILL -u "$U" 2>/dev/null; userdel "$U" >/dev/null 2>&1; cleanup' EXIT
useradd -M -s /bin/sh "$U" || fail "useradd"
uid=$(id -u "$U")
as_user() { setpriv --reuid="$uid" --regid="$(id -g "$U")" --init-groups "$@"; }

# Plain exits of short processes are kept too, so that --exits shows one.
echo "exit_min_runtime_ms = 0" >"$WORK/whokilledd.conf"
start_daemon -c "$WORK/whokilledd.conf"

# A process of a name of its own, killed by root.
cp /bin/sleep "$WORK/wklistvictim"
"$WORK/wklistvictim" 1000 & victim=$!
track "$victim"
for _ in $(seq 1 100); do [ "$(cat /proc/$victim/comm)" = wklistvictim ] && break; sleep 0.02; done
LD_PRELOAD="$SHIM" bash -c "kill -TERM $victim # root-secret"
wait "$victim" 2>/dev/null

# A crash (SIGSEGV), a non-zero exit and a plain exit.
# (by pid: a process that dies right after its exec may still be known
# by its parent's name)
{ bash -c 'ulimit -c 0; exec "$1"' - "$HELPERS/null_deref" </dev/null >/dev/null 2>&1 & } 2>/dev/null
crash=$!
wait "$crash" 2>/dev/null
cp /bin/bash "$WORK/wkexit3"; "$WORK/wkexit3" -c 'sleep 0.2; exit 3' & exit3=$!
wait "$exit3"
# (alive a moment, so that the daemon reads its name after its exec even
# when it is slow: a slow daemon knows a process gone at once by its
# parent's name)
cp /bin/bash "$WORK/wkplainexit"; "$WORK/wkplainexit" -c 'sleep 0.2; exit 0'

# A process whose name holds a terminal escape.
evil="$WORK/wkesc$(printf '\033')[2J"
cp /bin/sleep "$evil"
"$evil" 1000 & escproc=$!
track "$escproc"
sleep 0.2
LD_PRELOAD="$SHIM" bash -c "kill -KILL $escproc"
wait "$escproc" 2>/dev/null

# The user kills their own process; root kills another of the user's.
setpriv --reuid="$uid" --regid="$(id -g "$U")" --init-groups \
	bash -c "trap '' USR1 USR2; exec sleep 1000" & userproc=$!
track "$userproc"
for _ in $(seq 1 100); do [ "$(cat /proc/$userproc/comm)" = sleep ] && break; sleep 0.02; done
as_user env LD_PRELOAD="$SHIM" bash -c "kill -USR2 $userproc # user-words" || fail "the user's kill"
LD_PRELOAD="$SHIM" bash -c "kill -USR1 $userproc # root-words" || fail "root's kill"
sleep 0.3

# The default list: one line each, newest first.  (Other processes of
# the machine end meanwhile: the list is long enough for them.)
"$CLI" -n 1000 >"$WORK/all.txt"; rc=$?
assert_eq "$rc" 0 "a list with events exits 0"
assert_contains "$WORK/all.txt" "SIGTERM  wklistvictim[$victim]" "the kill of the victim, on a line"
grep -q "end      wklistvictim\[$victim\] *SIGTERM by bash\[" "$WORK/all.txt" ||
	fail "the end of the victim, with its sender"
"$CLI" --signal SEGV -n 1000 >"$WORK/crash.txt" || fail "the crash is listed"
grep -q "end      [^ ]*\[$crash\] *SIGSEGV, no recorded sender" "$WORK/crash.txt" ||
	fail "the crash is listed as such"
"$CLI" wkexit3 >"$WORK/exit3.txt" || fail "the non-zero exit is listed"
grep -q "end      wkexit3\[$exit3\] *exit status 3" "$WORK/exit3.txt" || fail "the non-zero exit, as such"
grep -q "wkplainexit" "$WORK/all.txt" && fail "a plain exit is listed without --exits"
first=$(grep -n "SIGUSR1" "$WORK/all.txt" | cut -d: -f1)
later=$(grep -n "SIGTERM  wklistvictim" "$WORK/all.txt" | cut -d: -f1)
[ "$first" -lt "$later" ] || fail "newest first"
grep wklistvictim "$WORK/all.txt" >"$WORK/victim-lines.txt"
awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$WORK/victim-lines.txt" ||
	{ cat "$WORK/victim-lines.txt" >&2; fail "a line is too long for 80 columns"; }
grep -q $'\033' "$WORK/all.txt" && fail "a raw escape byte (or colour when not on a terminal)"
"$CLI" 'wkesc*' >"$WORK/esc.txt" || fail "the escaped name by a glob"
grep -q $'\033' "$WORK/esc.txt" && fail "a raw escape byte in a name"
grep -qF 'wkesc\x1b[2J' "$WORK/esc.txt" || fail "the escape in a name is shown escaped"

"$CLI" --exits 'wkplain*' >"$WORK/exits.txt" || fail "--exits"
assert_contains "$WORK/exits.txt" "wkplainexit" "a plain exit with --exits"

# NAME: exact, and a glob; nothing for an unknown name (status 1).
"$CLI" wklistvictim >"$WORK/name.txt" || fail "a NAME list"
assert_eq "$(wc -l <"$WORK/name.txt")" 2 "the kill and the end of the named process"
"$CLI" 'wklist*' >"$WORK/glob.txt" || fail "a glob list"
assert_eq "$(wc -l <"$WORK/glob.txt")" 2 "the glob matches the same"
"$CLI" --signal TERM 'wklistvic[t]im' >"$WORK/sig.txt" || fail "a glob with --signal"
assert_eq "$(wc -l <"$WORK/sig.txt")" 2 "--signal TERM: the kill and the end by it"
"$CLI" nosuchprocessname >"$WORK/none.txt"; rc=$?
assert_eq "$rc" 1 "nothing listed exits 1"
assert_contains "$WORK/none.txt" "nothing recorded since" "says nothing matched"

# JSON: an array of the objects of a PID answer.
"$CLI" --json wklistvictim >"$WORK/name.json" || fail "--json list"
assert_eq "$(json_eval "$WORK/name.json" 'len(d)')" 2 "two objects"
assert_eq "$(json_eval "$WORK/name.json" 'd[0]["signal"] is None and d[0]["death"]["kind"]')" "signaled" "the end first"
assert_eq "$(json_eval "$WORK/name.json" 'd[1]["signal"]["name"]')" SIGTERM "then the kill"
"$CLI" --json "$victim" >"$WORK/pid.json" || fail "--json PID"
python3 - "$WORK/name.json" "$WORK/pid.json" <<'PY' || fail "list objects have the keys of a PID answer's"
import json, sys
listed = json.load(open(sys.argv[1]))[1]
pid = json.load(open(sys.argv[2]))[0]
assert set(listed) == set(pid), (set(listed) ^ set(pid))
assert listed["id"] == pid["id"]
PY

# --by USER, by name and by number.
"$CLI" --by "$U" >"$WORK/by.txt" || fail "--by $U"
assert_eq "$(wc -l <"$WORK/by.txt")" 1 "one signal by the user"
assert_contains "$WORK/by.txt" "SIGUSR2" "the user's signal"
"$CLI" --by "$uid" >"$WORK/by-uid.txt" || fail "--by UID"
assert_eq "$(cat "$WORK/by-uid.txt")" "$(cat "$WORK/by.txt")" "--by a uid is --by its name"
"$CLI" --by root --json >"$WORK/by-root.json" || fail "--by root"
assert_eq "$(json_eval "$WORK/by-root.json" 'sorted(set(e["signal"]["name"] for e in d))')" "['SIGKILL', 'SIGTERM', 'SIGUSR1']" "root's signals"

# An unprivileged asker: their process's signals and their own, never
# root's signals between root's processes, never another's argv.
as_user "$CLI" --json >"$WORK/user.json" || fail "the user's list"
assert_eq "$(json_eval "$WORK/user.json" 'sorted(e["signal"]["name"] for e in d if e["signal"])')" "['SIGUSR1', 'SIGUSR2']" "the user sees the signals to their process"
grep -q "root-secret\|root-words" "$WORK/user.json" && fail "root's argv shown to the user"
assert_contains "$WORK/user.json" "user-words" "the user's own argv"
as_user "$CLI" wklistvictim >/dev/null; rc=$?
assert_eq "$rc" 1 "the user does not see root's process end"

# Bad input: clear errors, status 2.
for args in "--by nosuchuser$$" "--since garbage" "$(printf 'bad\nname')" "--follow 1" "--all" "-n 0"; do
	# shellcheck disable=SC2086
	if [ "$args" = "$(printf 'bad\nname')" ]; then "$CLI" "$args" 2>"$WORK/err.txt"; rc=$?
	else "$CLI" $args 2>"$WORK/err.txt"; rc=$?; fi
	assert_eq "$rc" 2 "'$args' is a usage error"
	grep -q "^whokilled: " "$WORK/err.txt" || fail "'$args': no message"
done
"$CLI" --by "nosuchuser$$" 2>&1 | grep -q "no such user 'nosuchuser$$'" || fail "--by names the unknown user"
"$CLI" "$(printf 'bad\nname')" 2>&1 | grep -q "cannot contain a newline" || fail "a NAME with a newline"
"$CLI" --since garbage 2>&1 | grep -q "cannot read time 'garbage'" || fail "--since garbage"

# whokilled PID is unchanged: the block of its answer.
"$CLI" "$victim" >"$WORK/pid.txt" || fail "PID answer"
assert_contains "$WORK/pid.txt" "killed by SIGTERM" "the PID answer's first line"
grep -q "^ *killer *pid [0-9]" "$WORK/pid.txt" || fail "the PID answer's block"
exit 0
