#!/bin/bash
# The system shutting down (`systemctl poweroff` in the container): the
# SIGTERM systemd sends a unit's process as part of the shutdown is
# explained as `shutdown`, nobody asking but systemd.  The daemon runs
# inside as a unit ordered to stop after the victim (as a packaged daemon
# would), its store on the share; after the poweroff a daemon on the host
# opens that store and answers.
. "$(dirname "$0")/../container/lib.sh"

ct_start
ct_unit wk-test-daemon.service "[Unit]
DefaultDependencies=no
Conflicts=shutdown.target
Before=shutdown.target victim.service

[Service]
ExecStart=/wkshare/whokilledd -f --db /wkshare/shutdown.db --audit-log \"\"
Environment=\"ASAN_OPTIONS=${ASAN_OPTIONS:-}\" \"UBSAN_OPTIONS=${UBSAN_OPTIONS:-}\"
StandardError=append:/wkshare/daemon.log"
ct_unit victim.service "[Service]
ExecStart=/bin/sleep 1000"
ct_in systemctl start wk-test-daemon.service || fail "the daemon's unit did not start"
for _ in $(seq 1 200); do
	ct_in /wkshare/whokilled --stats >/dev/null 2>&1 && break
	sleep 0.05
done
ct_in /wkshare/whokilled --stats >/dev/null 2>&1 || { cat "$CT_SHARE/daemon.log" >&2; fail "the daemon did not answer in the container"; }
ct_in systemctl start victim.service || fail "victim did not start"
pid=$(ct_main_pid victim)

# Power off, and wait for the container to be gone.
ct_in systemctl poweroff || fail "systemctl poweroff failed"
ns=$(cat "$CT_DIR/nspawn.pid")
for _ in $(seq 1 300); do
	kill -0 "$ns" 2>/dev/null || break
	sleep 0.05
done
kill -0 "$ns" 2>/dev/null && fail "the container did not power off within 15 s"
grep -q "exiting on signal" "$CT_SHARE/daemon.log" ||
	{ cat "$CT_SHARE/daemon.log" >&2; fail "the daemon did not stop cleanly at the shutdown"; }
# (make check-asan: a sanitized daemon, which must have found nothing)
sanitizer_check "$CT_SHARE/daemon.log" || fail "a sanitizer report in the daemon's log"

# The store, asked from the host (the pid is the container's: --all).
start_daemon --db "$CT_SHARE/shutdown.db" --audit-netlink no
"$CLI" --json --all "$pid" >"$WORK/who.json" || { cat "$WORK/who.json" >&2; fail "no answer from the store after the poweroff"; }
term="[e for e in d if e.get('signal') and e['signal']['name'] == 'SIGTERM' and e['killer']['pid'] == 1][0]"
assert_eq "$(rb_fields "$WORK/who.json" "$term['requested_by']")" "('systemd', 'shutdown', 'victim.service', False, None)" "requested_by of the shutdown's SIGTERM"
assert_eq "$(json_eval "$WORK/who.json" "$term['requested_by']['caller']")" "None" "nobody asked but systemd"
assert_eq "$(json_eval "$WORK/who.json" "$term['target']['unit']")" "victim.service" "the target's unit"
"$CLI" --all "$pid" >"$WORK/who.txt" || fail "the text answer"
assert_contains "$WORK/who.txt" "requested  nobody: systemd on its own" "the text"
echo "PASS systemd_shutdown"
