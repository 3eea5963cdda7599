# A signal that did not end its target is shown as such, next to what
# did: a service handles SIGTERM and exits 0 later; a SIGKILL to another
# process is named as the one that ended it, with its sender.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
mkfifo "$WORK/ready"
"$HELPERS/term_late" 200 >"$WORK/ready" </dev/null &
svc=$!
track "$svc"
read -r line <"$WORK/ready"
assert_eq "$line" ready "term_late's handler is in place"
LD_PRELOAD="$SHIM" /bin/kill -TERM "$svc" || fail "kill -TERM"
wait "$svc"; rc=$?
assert_eq "$rc" 0 "the service exited 0 after SIGTERM"

"$CLI" "$svc" >"$WORK/svc.txt"; rc=$?
cat "$WORK/svc.txt"
assert_eq "$rc" 0 "whokilled's exit status"
first=$(head -n 1 "$WORK/svc.txt")
[[ "$first" == "pid $svc (term_late): exited with status 0 at "* ]] ||
	fail "the first line should say it exited with status 0, got: $first"
assert_contains "$WORK/svc.txt" "SIGTERM at " "the signal is listed"
assert_contains "$WORK/svc.txt" "delivered; handled, ignored or blocked: it ran on until " "the signal did not end it"
assert_contains "$WORK/svc.txt" "/bin/kill -TERM $svc" "who sent it"

"$CLI" --json "$svc" >"$WORK/svc.json" || fail "whokilled --json"
assert_eq "$(json_eval "$WORK/svc.json" 'len(d)')" 1 "one event"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["signal"]["name"]')" SIGTERM "the event"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["ended_it"]')" False "the SIGTERM did not end it"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["death"]["kind"]')" exited "how it ended"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["death"]["status"]')" 0 "its exit status"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["death"]["signalled"]')" True "a signal was recorded"
assert_eq "$(json_eval "$WORK/svc.json" 'd[0]["death"]["time"] >= d[0]["time"]')" True "it ended after the signal"

# SIGKILL ends a process: the answer names the killer first.
start_target; target=$TARGET
LD_PRELOAD="$SHIM" bash -c "/bin/kill -9 $target; exit 0" || fail "kill -9"
wait "$target" 2>/dev/null
"$CLI" "$target" >"$WORK/kill.txt"; rc=$?
cat "$WORK/kill.txt"
assert_eq "$rc" 0 "whokilled's exit status"
first=$(head -n 1 "$WORK/kill.txt")
[[ "$first" == "pid $target (sleep): killed by SIGKILL from "*"(pid "*" kill) at "* ]] ||
	fail "the first line should name the kill, got: $first"
assert_contains "$WORK/kill.txt" "delivered; it ended the process" "the event is the one that ended it"
"$CLI" --json "$target" >"$WORK/kill.json" || fail "whokilled --json"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["ended_it"]')" True "ended_it"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["death"]["sender"]["event"] == d[0]["id"]')" True "the sender is the event"
assert_eq "$(json_eval "$WORK/kill.json" 'd[0]["death"]["sender"]["pid"] == d[0]["killer"]["pid"]')" True "the sender is the killer"

# A process that runs on: the signal was handled, it is still running.
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$target" || fail "kill -USR1"
"$CLI" "$target" >"$WORK/alive.txt"; rc=$?
cat "$WORK/alive.txt"
assert_eq "$rc" 0 "whokilled's exit status with an event"
first=$(head -n 1 "$WORK/alive.txt")
[[ "$first" == "pid $target (sleep): still running (started "*")" ]] ||
	fail "the first line should say it runs, got: $first"
assert_contains "$WORK/alive.txt" "handled, ignored or blocked: it is still running" "the signal did not end it"
exit 0
