#!/bin/bash
# Who asked systemd is joined to their login, as a killer is: a user with
# a PAM session opened by pam_whokilled (runuser -l, its session stack
# given the module in the container's overlay), allowed by polkit, stops
# a unit; requested_by.caller.session names that login (user, service),
# and the text's requested line names the user.
. "$(dirname "$0")/../container/lib.sh"

ct_start
cp "$TOP/pam_whokilled.so" "$CT_SHARE/" || fail "cannot copy the PAM module"
ct_start_daemon
ct_in useradd -M -s /bin/sh wklogin || fail "useradd failed"
printf '%s\n' 'polkit.addRule(function(action, subject) {' \
	'  if (action.id == "org.freedesktop.systemd1.manage-units" && subject.user == "wklogin")' \
	'    return polkit.Result.YES;' '});' |
	ct_in sh -c 'mkdir -p /etc/polkit-1/rules.d && cat > /etc/polkit-1/rules.d/50-wklogin.rules' ||
	fail "cannot write the polkit rule"
ct_in sh -c 'cp /etc/pam.d/runuser-l /etc/pam.d/runuser-l.new &&
	echo "session optional /wkshare/pam_whokilled.so" >> /etc/pam.d/runuser-l.new &&
	mv /etc/pam.d/runuser-l.new /etc/pam.d/runuser-l' || fail "cannot add the PAM module to runuser-l"

ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in runuser -l wklogin -c 'systemctl stop victim' || fail "the user's systemctl stop was refused"

ct_requested "$WORK/who.json" "$pid"
term="[e for e in d if e['signal']['name'] == 'SIGTERM'][0]['requested_by']"
assert_eq "$(json_eval "$WORK/who.json" "$term['via'], $term['verb'], $term['caller']['comm']")" \
	"('bus', 'stop', 'systemctl')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$term['caller']['session']['user'], $term['caller']['session']['service']")" \
	"('wklogin', 'runuser-l')" "the caller's login session"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  wklogin via systemctl stop victim (bus StopUnit; exact)" "the requested line"
echo "PASS systemd_caller_login"
