#!/bin/bash
# A unit whose main process never tells systemd it is alive (WatchdogSec=
# without sd_notify): systemd kills it with SIGABRT when the watchdog
# fires.  requested_by: via systemd, watchdog, the unit, nobody asked.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_in systemd-run --quiet --unit=wd -p WatchdogSec=1 -p Restart=no sleep 1000 ||
	fail "systemd-run failed"
pid=$(ct_main_pid wd)
# The watchdog fires a second after the start: wait for the signal, and
# for the bus to have relayed the state change that explains it (systemd
# signals first and tells the bus a few milliseconds later, so an answer
# in between says systemd sent it for a reason not known yet).
abrt="[e for e in d if e['signal']['name'] == 'SIGABRT'][0]"
for _ in $(seq 1 100); do
	ct_in /wkshare/whokilled --json "$pid" >"$WORK/who.json" 2>/dev/null &&
		grep -q SIGABRT "$WORK/who.json" &&
		[ "$(json_eval "$WORK/who.json" "($abrt.get('requested_by') or {}).get('verb') != 'unknown'")" = True ] && break
	sleep 0.1
done
grep -q SIGABRT "$WORK/who.json" || { cat "$WORK/who.json" >&2; fail "no SIGABRT recorded for the unit's process"; }
assert_eq "$(json_eval "$WORK/who.json" "$abrt['killer']['pid']")" 1 "systemd sent the SIGABRT"
assert_eq "$(rb_fields "$WORK/who.json" "$abrt['requested_by']")" "('systemd', 'watchdog', 'wd.service', False, None)" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$abrt['requested_by']['caller']")" "None" "nobody asked"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  nobody: systemd on its own — wd.service: its watchdog timed out (WatchdogSec=)" "the text"

# The daemon busy while the watchdog fires (stopped here): it reads the
# bus long after the signal, and still explains it, by the time systemd
# gave the state change rather than the time it was read.
daemon=$(pgrep -P "$CT_DAEMON_NSENTER" -x whokilledd)
[ -n "$daemon" ] || fail "no whokilledd under nsenter"
ct_in systemd-run --quiet --unit=late -p WatchdogSec=1 -p Restart=no sleep 1000 ||
	fail "systemd-run failed"
late=$(ct_main_pid late)
kill -STOP "$daemon"
for _ in $(seq 1 100); do
	[ "$(ct_in systemctl show -P SubState late)" = failed ] && break
	sleep 0.1
done
sleep 0.5
# nsenter stops itself when its child stops, and resumes it when resumed.
kill -CONT "$CT_DAEMON_NSENTER"
ct_in /wkshare/whokilled --json "$late" >"$WORK/late.json" ||
	fail "no answer for the unit's process"
assert_eq "$(rb_fields "$WORK/late.json" "$abrt['requested_by']")" "('systemd', 'watchdog', 'late.service', False, None)" "requested_by, read late"
echo "PASS systemd_watchdog"
