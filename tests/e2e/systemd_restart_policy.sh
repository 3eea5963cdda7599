#!/bin/bash
# A unit with Restart=on-failure whose main process crashes: systemd
# ends what is left of the unit (SIGTERM to the other process) and
# restarts it on its own.  requested_by: via systemd, restart-policy, the
# unit, nobody asked.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_unit crashy.service '[Service]
ExecStart=/bin/sh -c "sleep 1000 & echo $$! > /run/crashy.child; sleep 0.5; kill -SEGV $$$$"
Restart=on-failure
RestartSec=30'
ct_in systemctl start crashy || fail "cannot start the unit"
child=""
for _ in $(seq 1 100); do
	child=$(ct_in cat /run/crashy.child 2>/dev/null) && [ -n "$child" ] && break
	sleep 0.02
done
[ -n "$child" ] || fail "the unit's child did not start"
for _ in $(seq 1 200); do
	[ "$(ct_in systemctl show -P SubState crashy)" = auto-restart ] && break
	sleep 0.02
done
[ "$(ct_in systemctl show -P SubState crashy)" = auto-restart ] || fail "the unit is not waiting to restart"

ct_requested "$WORK/who.json" "$child"
term="[e for e in d if e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(json_eval "$WORK/who.json" "[e['killer']['pid'] for e in d if e['signal']['name'] == 'SIGTERM']")" "[1]" "systemd sent the SIGTERM"
assert_eq "$(rb_fields "$WORK/who.json" "$term")" "('systemd', 'restart-policy', 'crashy.service', False, None)" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$term['caller'], $term['job']")" "(None, None)" "nobody asked, no job"
ct_who "$WORK/who.txt" "$child"
assert_contains "$WORK/who.txt" "requested  nobody: systemd on its own" "the text"
assert_contains "$WORK/who.txt" "crashy.service restarting on its own (Restart=)" "the text's reason"
echo "PASS systemd_restart_policy"
