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
# The watchdog fires a second after the start: wait for the signal.
for _ in $(seq 1 100); do
	ct_in /wkshare/whokilled --json "$pid" >"$WORK/who.json" 2>/dev/null &&
		grep -q SIGABRT "$WORK/who.json" && break
	sleep 0.1
done
grep -q SIGABRT "$WORK/who.json" || { cat "$WORK/who.json" >&2; fail "no SIGABRT recorded for the unit's process"; }
abrt="[e for e in d if e['signal']['name'] == 'SIGABRT'][0]"
assert_eq "$(json_eval "$WORK/who.json" "$abrt['killer']['pid']")" 1 "systemd sent the SIGABRT"
assert_eq "$(rb_fields "$WORK/who.json" "$abrt['requested_by']")" "('systemd', 'watchdog', 'wd.service', False, None)" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$abrt['requested_by']['caller']")" "None" "nobody asked"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  nobody: systemd on its own — wd.service: its watchdog timed out (WatchdogSec=)" "the text"
echo "PASS systemd_watchdog"
