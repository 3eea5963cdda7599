#!/bin/bash
# A unit PartOf= a target is stopped because root stopped the target:
# requested_by says dependency, names the target whose stop pulled it in
# and the systemctl that stopped the target.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_unit group.target "[Unit]
Description=a group of units"
ct_unit member.service "[Unit]
PartOf=group.target
[Service]
ExecStart=/bin/sleep 1000"
ct_in systemctl start group.target member.service || fail "cannot start the units"
pid=$(ct_main_pid member)
ct_in systemctl stop group.target || fail "systemctl stop failed"
[ "$(ct_in systemctl is-active member)" = inactive ] || fail "the member was not stopped with its target"

ct_requested "$WORK/who.json" "$pid"
term="[e for e in d if e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(rb_fields "$WORK/who.json" "$term")" \
	"('systemctl', 'dependency', 'member.service', False, 'private socket')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$term['cause_unit'], $term['job_verb'], $term['caller']['argv']")" \
	"('group.target', 'stop', ['systemctl', 'stop', 'group.target'])" "the cause and who asked"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "stop member.service, pulled in by the stop of group.target" "the text"
echo "PASS systemd_partof"
