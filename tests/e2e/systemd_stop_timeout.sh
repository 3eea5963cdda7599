#!/bin/bash
# A unit that ignores SIGTERM, stopped by root's systemctl: systemd sends
# SIGKILL when TimeoutStopSec= runs out.  That SIGKILL's requested_by says
# stop-timeout (the job was a stop) and still names who asked for the stop.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_unit stubborn.service "[Service]
ExecStart=/bin/bash -c \"trap '' TERM; while :; do sleep 0.1; done\"
TimeoutStopSec=1"
ct_in systemctl start stubborn || fail "cannot start the unit"
pid=$(ct_main_pid stubborn)
ct_in systemctl stop stubborn || fail "systemctl stop failed"

ct_requested "$WORK/who.json" "$pid"
kill="[e for e in d if e['signal']['name'] == 'SIGKILL'][0]['requested_by']"
term="[e for e in d if e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(rb_fields "$WORK/who.json" "$kill")" \
	"('systemctl', 'stop-timeout', 'stubborn.service', False, 'private socket')" "the SIGKILL's requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$kill['job_verb'], $kill['job'] == $term['job']")" "('stop', True)" "the stop job"
assert_eq "$(rb_fields "$WORK/who.json" "$term")" \
	"('systemctl', 'stop', 'stubborn.service', False, 'private socket')" "the SIGTERM's requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$kill['caller']['argv']")" "['systemctl', 'stop', 'stubborn']" "the caller"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "SIGKILL when its stop timed out (TimeoutStopSec=)" "the text says why"
echo "PASS systemd_stop_timeout"
