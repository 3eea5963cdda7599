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
# The units' one process outlives the signals it is sent by a second (it
# catches them): the daemon in a container has no process-events
# connector, so it learns a target's unit when it reads the report, and a
# target already gone by then (PID 1 reaps at once) has none.
ct_in sh -c 'cat > /run/linger.py' <<'EOF' || fail "cannot write the units' program"
import os, signal, sys, time
def linger(signo, frame):
    if signo == signal.SIGTERM:
        time.sleep(1)
        sys.exit(0)
for s in (signal.SIGTERM, signal.SIGUSR1, signal.SIGUSR2):
    signal.signal(s, linger)
open("/run/ready-%d" % os.getpid(), "w").close()
while True:
    time.sleep(1000)
EOF
ct_start_daemon
for u in victim other third fourth; do
	ct_in systemd-run --quiet --unit=$u python3 /run/linger.py || fail "systemd-run $u failed"
	p=$(ct_main_pid $u)
	for _ in $(seq 1 200); do ct_in test -e /run/ready-$p && break; sleep 0.02; done
	ct_in test -e /run/ready-$p || fail "unit $u's program is not ready"
done
vpid=$(ct_main_pid victim)
opid=$(ct_main_pid other)
ct_in kill -USR1 "$opid" || fail "kill -USR1 other"
ct_in kill -TERM "$opid" || fail "kill -TERM other"
ct_in systemctl stop victim || fail "systemctl stop victim"

ct_who "$WORK/victim.json" --json --unit victim
# Each object: a signal (with target) or an end (death), all of victim's pid.
pids="sorted(set((e['target']['pid'] if e['signal'] else e['death']['pid']) for e in d))"
assert_eq "$(json_eval "$WORK/victim.json" "$pids")" "[$vpid]" "only victim's process"
assert_eq "$(json_eval "$WORK/victim.json" "sorted(e['signal']['name'] for e in d if e['signal'])")" \
	"['SIGCONT', 'SIGTERM']" "systemd's stop"
assert_eq "$(json_eval "$WORK/victim.json" "set(e['target']['unit'] for e in d if e['signal'])")" \
	"{'victim.service'}" "the signals name the unit"

# Who asked systemd: in the list too, as in the answer by pid.
term="[e for e in d if e['signal'] and e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(rb_fields "$WORK/victim.json" "$term")" \
	"('systemctl', 'stop', 'victim.service', False, 'private socket')" "the list's requested_by"

ct_who "$WORK/victim2.json" --json --unit victim.service
assert_eq "$(json_eval "$WORK/victim2.json" "len(d)")" "$(json_eval "$WORK/victim.json" "len(d)")" \
	"victim and victim.service list the same"
assert_eq "$(json_eval "$WORK/victim2.json" "$pids")" "[$vpid]" "victim.service: victim's process"

ct_who "$WORK/other.json" --json --unit other
assert_eq "$(json_eval "$WORK/other.json" "$pids")" "[$opid]" "only other's process"
assert_eq "$(json_eval "$WORK/other.json" "[(e['signal']['name'], e['killer']['comm']) for e in d if e['signal']]")" \
	"[('SIGTERM', 'kill'), ('SIGUSR1', 'kill')]" "the shell's kills of other, newest first"

ct_who "$WORK/term.json" --json --unit victim --signal TERM
assert_eq "$(json_eval "$WORK/term.json" "[e['signal']['name'] for e in d]")" \
	"['SIGTERM']" "--signal TERM: the SIGTERM only"

# The text list: one line each, naming the unit.
ct_who "$WORK/victim.txt" --unit victim
cat "$WORK/victim.txt"
assert_contains "$WORK/victim.txt" "victim.service" "the text lines name the unit"
grep -A1 "SIGTERM  python3\[$vpid\]" "$WORK/victim.txt" | tail -n 1 >"$WORK/second.txt"
assert_contains "$WORK/second.txt" "               requested  root via systemctl stop victim (private socket; inferred)" \
	"the SIGTERM's second line: who asked systemd"
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

# --follow: a new kill of the unit (systemctl kill: systemd sends it) is
# printed with who asked; one of another unit is not.
tpid=$(ct_main_pid third)
fpid=$(ct_main_pid fourth)
ct_in /wkshare/whokilled -f --json -n 0 --unit third >"$WORK/follow.jsonl" 2>"$WORK/follow.err" &
follower=$!
track "$follower"
sleep 0.3
ct_in kill -USR2 "$fpid" || fail "kill fourth"
ct_in systemctl kill -s USR2 third || fail "systemctl kill third"
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
usr2 = [o for o in objs if o["signal"] and o["signal"]["name"] == "SIGUSR2"]
assert usr2, "no SIGUSR2"
assert usr2[0]["killer"]["pid"] == 1, "not systemd's: %r" % usr2[0]["killer"]
rb = usr2[0]["requested_by"]
assert rb and (rb["via"], rb["verb"], rb["unit"]) == ("systemctl", "kill", "third.service"), \
    "requested_by %r" % rb
EOF
echo "PASS systemd_unit_list"
