#!/bin/bash
# whokilled --unit UNIT under a real systemd (PID 1 of a container): the
# signals to that unit's processes, newest first, whoever sent them --
# systemd's stop, a shell's kill -- and nothing of another unit.  (The
# daemon in a container has no process-events connector, so no ends of
# processes here: tests/e2e/target_unit.sh lists a unit's end on the host.)
# "victim" and "victim.service" ask the same; --signal narrows it; --follow prints a new kill of the unit
# and not one of another unit; an unknown unit lists nothing (exit 1).
. "$(dirname "$0")/../container/lib.sh"

ct_start
# The units run before the daemon starts, so its first scan of /proc reads
# their cgroups: a daemon without the connector does not see a process
# start, and a target gone when its report is read (PID 1 reaps at once)
# is known only by what was read before.
for u in victim other third fourth; do
	ct_in systemd-run --quiet --unit=$u sleep 1000 || fail "systemd-run $u failed"
done
ct_start_daemon
vpid=$(ct_main_pid victim)
opid=$(ct_main_pid other)
ct_in kill -USR1 "$opid" || fail "kill -USR1 other"
ct_in systemctl stop victim || fail "systemctl stop victim"

ct_who "$WORK/victim.json" --json --unit victim
# Each object: a signal (with target) or an end (death), all of victim's pid.
pids="sorted(set((e['target']['pid'] if e['signal'] else e['death']['pid']) for e in d))"
assert_eq "$(json_eval "$WORK/victim.json" "$pids")" "[$vpid]" "only victim's process"
# The SIGCONT after the SIGTERM may find the process gone already: then
# the shim cannot read who it was, and it has no unit (only its pid).
assert_eq "$(json_eval "$WORK/victim.json" "'SIGTERM' in [e['signal']['name'] for e in d if e['signal']] and set(e['signal']['name'] for e in d if e['signal']) <= {'SIGTERM', 'SIGCONT'}")" \
	"True" "systemd's stop"
assert_eq "$(json_eval "$WORK/victim.json" "set(e['target']['unit'] for e in d if e['signal'])")" \
	"{'victim.service'}" "the signals name the unit"

ct_who "$WORK/victim2.json" --json --unit victim.service
assert_eq "$(json_eval "$WORK/victim2.json" "len(d)")" "$(json_eval "$WORK/victim.json" "len(d)")" \
	"victim and victim.service list the same"
assert_eq "$(json_eval "$WORK/victim2.json" "$pids")" "[$vpid]" "victim.service: victim's process"

ct_who "$WORK/other.json" --json --unit other
assert_eq "$(json_eval "$WORK/other.json" "$pids")" "[$opid]" "only other's process"
assert_eq "$(json_eval "$WORK/other.json" "[(e['signal']['name'], e['killer']['comm']) for e in d if e['signal']]")" \
	"[('SIGUSR1', 'kill')]" "the shell's kill of other"

ct_who "$WORK/term.json" --json --unit victim --signal TERM
assert_eq "$(json_eval "$WORK/term.json" "[e['signal']['name'] for e in d]")" \
	"['SIGTERM']" "--signal TERM: the SIGTERM only"

# The text list: one line each, naming the unit.
ct_who "$WORK/victim.txt" --unit victim
cat "$WORK/victim.txt"
assert_contains "$WORK/victim.txt" "victim.service" "the text lines name the unit"
if grep -q "other.service\|\[$opid\]" "$WORK/victim.txt"; then fail "another unit's events in the list"; fi

# Nothing of an unknown unit: exit 1.
ct_in /wkshare/whokilled --unit nosuch >"$WORK/none.txt" 2>&1; rc=$?
assert_eq "$rc" 1 "an unknown unit lists nothing"
# Bad input.
ct_in /wkshare/whokilled --unit 'a/b' >"$WORK/bad.txt" 2>&1; rc=$?
assert_eq "$rc" 2 "a unit name with a slash is a usage error"
assert_contains "$WORK/bad.txt" "--unit" "the error names the option"
ct_in /wkshare/whokilled --unit victim 1 >"$WORK/bad2.txt" 2>&1; rc=$?
assert_eq "$rc" 2 "--unit with a PID is a usage error"

# --follow: a new kill of the unit is printed, one of another unit is not.
tpid=$(ct_main_pid third)
fpid=$(ct_main_pid fourth)
ct_in /wkshare/whokilled -f --json -n 0 --unit third >"$WORK/follow.jsonl" 2>"$WORK/follow.err" &
follower=$!
track "$follower"
sleep 0.3
ct_in kill -USR2 "$fpid" || fail "kill fourth"
ct_in kill -USR2 "$tpid" || fail "kill third"
for _ in $(seq 1 200); do
	grep -q '"SIGUSR2"' "$WORK/follow.jsonl" && break
	sleep 0.05
done
kill -INT "$follower" 2>/dev/null
fpid_in=$(ct_in pgrep -f -- '-f --json -n 0 --unit third')
[ -n "$fpid_in" ] && ct_in kill -INT $fpid_in
wait "$follower" 2>/dev/null
cat "$WORK/follow.jsonl"
python3 - "$WORK/follow.jsonl" "$tpid" "$fpid" <<'EOF' || fail "the follower's lines"
import json, sys
path, tpid, fpid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
objs = [json.loads(l) for l in open(path) if l.strip()]
pids = {(o["target"]["pid"] if o["signal"] else o["death"]["pid"]) for o in objs}
assert pids == {tpid}, "pids %r, want only %d" % (pids, tpid)
assert any(o["signal"] and o["signal"]["name"] == "SIGUSR2" for o in objs), "no SIGUSR2"
EOF
echo "PASS systemd_unit_list"
