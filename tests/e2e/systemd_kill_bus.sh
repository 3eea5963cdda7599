#!/bin/bash
# `busctl call ... KillUnit` on the system bus: systemd sends the signal
# without a job; requested_by names the bus call exactly (method, unit),
# and the busctl process that made it when it was seen.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
# The shell's pid is busctl's after the exec.
busctl_pid=$(ct_in sh -c 'echo $$; exec busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
	org.freedesktop.systemd1.Manager KillUnit ssi victim.service all 15 >/dev/null') ||
	fail "busctl call KillUnit failed"

ct_requested "$WORK/who.json" "$pid"
assert_eq "$(json_eval "$WORK/who.json" "[e['signal']['name'] for e in d]")" "['SIGTERM']" "KillUnit's signal"
assert_eq "$(rb_fields "$WORK/who.json" "$RB")" "('bus', 'kill', 'victim.service', True, 'KillUnit')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$RB['job']")" "None" "KillUnit makes no job"
# Who called: the bus names its pid and uid, and the daemon reads its
# command line from /proc when it connects.  busctl is gone about 2 ms
# after its call, so on a loaded machine the daemon may miss it (caller
# null, or its pid and uid only); what it does name must be busctl.
# (systemd_polkit_user checks a bus caller's whole identity.)
caller="$RB['caller']"
assert_eq "$(json_eval "$WORK/who.json" "$caller is None or ($caller['pid'], $caller['uid']) == ($busctl_pid, 0)")" \
	True "the caller's pid and uid"
assert_eq "$(json_eval "$WORK/who.json" "$caller is None or $caller['comm'] is None or ($caller['comm'], $caller['argv'][5:]) == ('busctl', ['KillUnit', 'ssi', 'victim.service', 'all', '15'])")" \
	True "the caller's command line"
ct_who "$WORK/who.txt" "$pid"
if [ "$(json_eval "$WORK/who.json" "$caller is not None and $caller['comm'] is not None")" = True ]; then
	assert_contains "$WORK/who.txt" "requested  root via busctl call org.freedesktop.systemd1" "the requested line"
fi
assert_contains "$WORK/who.txt" "(bus KillUnit; exact)" "how it is known"
echo "PASS systemd_kill_bus"
