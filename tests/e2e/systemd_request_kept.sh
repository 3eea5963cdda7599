#!/bin/bash
# Who asked systemd is kept with the signal: a unit stopped by root's
# systemctl, then the daemon restarted (its memory of the bus is gone):
# `whokilled PID` still names the systemctl process, the verb, the unit
# and the job, in JSON and text, for the SIGTERM and its SIGCONT.  And a
# daemon stopped right after the signals (before they settled) keeps what
# it knew then.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon

ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in systemctl stop victim || fail "systemctl stop failed"
ct_who "$WORK/before.json" --json "$pid"
rb="d[1]['requested_by']"
assert_eq "$(rb_fields "$WORK/before.json" "$rb")" \
	"('systemctl', 'stop', 'victim.service', False, 'private socket')" "requested_by before the restart"
# Settled (2 s) and committed.
sleep 3
ct_stop_daemon
ct_start_daemon
ct_who "$WORK/after.json" --json "$pid"
assert_eq "$(json_eval "$WORK/after.json" "[e['signal']['name'] for e in d]")" "['SIGCONT', 'SIGTERM']" "the signals after the restart"
assert_eq "$(rb_fields "$WORK/after.json" "$rb")" \
	"('systemctl', 'stop', 'victim.service', False, 'private socket')" "requested_by after the restart"
assert_eq "$(json_eval "$WORK/after.json" "$rb['job'] == $(json_eval "$WORK/before.json" "$rb['job']")")" True "the same job"
assert_eq "$(json_eval "$WORK/after.json" "$rb['caller']['argv'], $rb['caller']['comm']")" \
	"(['systemctl', 'stop', 'victim'], 'systemctl')" "the caller after the restart"
assert_eq "$(json_eval "$WORK/after.json" "d[0]['requested_by']['verb']")" "stop" "the SIGCONT's too"
ct_who "$WORK/after.txt" "$pid"
assert_contains "$WORK/after.txt" "requested  root via systemctl stop victim (private socket; inferred)" "the text after the restart"

# Stopped at once after the stop: what it knew then is kept.
ct_in systemd-run --quiet --unit=second sleep 1000 || fail "systemd-run failed"
pid2=$(ct_main_pid second)
ct_in systemctl restart second || fail "systemctl restart failed"
ct_who "$WORK/second-before.json" --json "$pid2"
ct_stop_daemon
ct_start_daemon
ct_who "$WORK/second.json" --json "$pid2"
assert_eq "$(json_eval "$WORK/second.json" "[e['requested_by']['verb'] for e in d]")" "['restart', 'restart']" \
	"kept at the daemon's stop, before settling"
echo "PASS systemd_request_kept"
