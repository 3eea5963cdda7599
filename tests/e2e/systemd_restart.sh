#!/bin/bash
# Root's `systemctl restart` (on systemd's private socket): the SIGTERM
# the unit's old process got names the restart, the unit, the job and the
# systemctl that asked (inferred from its argv while it ran).
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_start_daemon
ct_in systemd-run --quiet --unit=victim sleep 1000 || fail "systemd-run failed"
pid=$(ct_main_pid victim)
ct_in systemctl restart victim || fail "systemctl restart failed"
[ "$(ct_main_pid victim)" != "$pid" ] || fail "the unit was not restarted"

ct_requested "$WORK/who.json" "$pid"
assert_eq "$(json_eval "$WORK/who.json" "[e['signal']['name'] for e in d]")" "['SIGCONT', 'SIGTERM']" "systemd's signals"
sigterm="d[1]['requested_by']"
assert_eq "$(rb_fields "$WORK/who.json" "$sigterm")" \
	"('systemctl', 'restart', 'victim.service', False, 'private socket')" "requested_by"
assert_eq "$(json_eval "$WORK/who.json" "$sigterm['caller']['argv'], $sigterm['caller']['pid'] > 1")" \
	"(['systemctl', 'restart', 'victim'], True)" "the caller"
assert_eq "$(json_eval "$WORK/who.json" "type($sigterm['job']).__name__")" "int" "the job id"
ct_who "$WORK/who.txt" "$pid"
assert_contains "$WORK/who.txt" "requested  root via systemctl restart victim (private socket; inferred)" "the requested line"
assert_contains "$WORK/who.txt" "restart victim.service" "the job's verb and unit"
echo "PASS systemd_restart"
