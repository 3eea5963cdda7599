#!/bin/bash
# A user who is not root, allowed by a polkit rule to manage units, stops
# a unit: systemctl then asks systemd over the system bus, and
# requested_by names that call exactly (StopUnit), with the user's
# systemctl process, its uid and its chain.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
# The user and the rule exist only in the container's overlay.
ct_in useradd -M -s /bin/sh wkstopper || fail "useradd failed"
uid=$(ct_in id -u wkstopper)
printf '%s\n' 'polkit.addRule(function(action, subject) {' \
	'  if (action.id == "org.freedesktop.systemd1.manage-units" && subject.user == "wkstopper")' \
	'    return polkit.Result.YES;' '});' |
	ct_in sh -c 'mkdir -p /etc/polkit-1/rules.d && cat > /etc/polkit-1/rules.d/50-wkstopper.rules' ||
	fail "cannot write the polkit rule"
ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in runuser -u wkstopper -- systemctl stop victim || fail "the user's systemctl stop was refused"

ct_requested "$WORK/who.json" "$pid"
term="[e for e in d if e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(rb_fields "$WORK/who.json" "$term")" "('bus', 'stop', 'victim.service', True, 'StopUnit')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$term['caller']['comm'], $term['caller']['uid'], $term['caller']['user'], $term['caller']['argv']")" \
	"('systemctl', $uid, 'wkstopper', ['systemctl', 'stop', 'victim'])" "the caller"
assert_eq "$(json_eval "$WORK/who.json" "[c['comm'] for c in $term['caller']['chain']][-2:]")" "['runuser', 'systemctl']" "the caller's chain"
assert_eq "$(json_eval "$WORK/who.json" "type($term['job']).__name__")" "int" "the job id"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  wkstopper via runuser systemctl stop victim (bus StopUnit; exact)" "the requested line"
echo "PASS systemd_polkit_user"
