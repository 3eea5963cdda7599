#!/bin/bash
# A real systemd (PID 1 of a container) stops a unit for root's
# `systemctl stop`, which talks to it on its private socket, never on the
# bus: whokilled names systemd as the killer with SIGTERM, the SIGCONT
# after it is part of the same entry in the text answer, and requested_by
# names the systemctl process (inferred), the verb, the unit and the job.
# The daemon runs inside, without the process-events connector and
# /dev/kmsg, and says once what it does without.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
log=$CT_SHARE/daemon.log
assert_contains "$log" "process exits not watched" "the daemon says it runs without the connector"
assert_contains "$log" "OOM kills not read" "the daemon says it runs without /dev/kmsg"
assert_contains "$log" "following who asks systemd" "the daemon follows the container's bus"
[ "$(grep -c 'process exits not watched' "$log")" -eq 1 ] || fail "said more than once"

ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in systemctl stop victim || fail "systemctl stop failed"

ct_who "$WORK/who.json" --json "$pid"
assert_eq "$(json_eval "$WORK/who.json" "[e['signal']['name'] for e in d]")" "['SIGCONT', 'SIGTERM']" "systemd's signals"
assert_eq "$(json_eval "$WORK/who.json" "sorted(set((e['killer']['pid'], e['killer']['comm']) for e in d))")" "[(1, 'systemd')]" "the killer"
# sleep ends at the SIGTERM and systemd reaps it at once; without the
# connector the daemon learns its unit from what systemd's shim read
# before each signal (it is sleep's parent).
assert_eq "$(json_eval "$WORK/who.json" "[e['target']['unit'] for e in d]")" "['victim.service', 'victim.service']" "the target's unit, read by its parent before delivery"
rb="d[1]['requested_by']"
assert_eq "$(json_eval "$WORK/who.json" "$rb['via'], $rb['verb'], $rb['unit'], $rb['exact'], $rb['method']")" \
	"('systemctl', 'stop', 'victim.service', False, 'private socket')" "requested_by of the SIGTERM"
assert_eq "$(json_eval "$WORK/who.json" "type($rb['job']).__name__")" "int" "the job id"
assert_eq "$(json_eval "$WORK/who.json" "$rb['caller']['comm'], $rb['caller']['argv'], $rb['caller']['uid']")" \
	"('systemctl', ['systemctl', 'stop', 'victim'], 0)" "the caller"
assert_eq "$(json_eval "$WORK/who.json" "$rb['caller']['chain'][-1]['comm']")" "systemctl" "the caller's chain ends with it"
assert_eq "$(json_eval "$WORK/who.json" "d[0]['requested_by']['job'] == d[1]['requested_by']['job']")" "True" "the SIGCONT: the same job"

ct_who "$WORK/who.txt" "$pid"
assert_eq "$(grep -c 'SIGTERM then SIGCONT' "$WORK/who.txt")" 1 "one entry for SIGTERM and SIGCONT"
if grep -q '^  SIGCONT' "$WORK/who.txt"; then cat "$WORK/who.txt" >&2; fail "the SIGCONT has an entry of its own"; fi
assert_contains "$WORK/who.txt" "requested  root via systemctl stop victim (private socket; inferred)" "the requested line"
assert_contains "$WORK/who.txt" "stop victim.service" "the job in the requested line"
echo "PASS systemd_stop"
