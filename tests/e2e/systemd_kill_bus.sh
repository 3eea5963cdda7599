#!/bin/bash
# `busctl call ... KillUnit` on the system bus: systemd sends the signal
# without a job; requested_by names the bus call exactly (method, the
# busctl process, its argv and uid).
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
	org.freedesktop.systemd1.Manager KillUnit ssi victim.service all 15 ||
	fail "busctl call KillUnit failed"

ct_requested "$WORK/who.json" "$pid"
assert_eq "$(json_eval "$WORK/who.json" "[e['signal']['name'] for e in d]")" "['SIGTERM']" "KillUnit's signal"
assert_eq "$(rb_fields "$WORK/who.json" "$RB")" "('bus', 'kill', 'victim.service', True, 'KillUnit')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$RB['job']")" "None" "KillUnit makes no job"
assert_eq "$(json_eval "$WORK/who.json" "$RB['caller']['comm'], $RB['caller']['uid'], $RB['caller']['argv'][5:]")" \
	"('busctl', 0, ['KillUnit', 'ssi', 'victim.service', 'all', '15'])" "the caller"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  root via busctl call org.freedesktop.systemd1" "the requested line"
assert_contains "$WORK/who.txt" "(bus KillUnit; exact)" "how it is known"
echo "PASS systemd_kill_bus"
