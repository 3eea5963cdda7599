# The Debian package under a real systemd (PID 1 of a container booting
# this host's / read-only with a tmpfs overlay: tests/container_lib.sh):
#  - `dpkg -i` enables and starts whokilledd.socket and whokilledd.service
#    (the daemon answers, systemd's socket is the one it serves);
#  - `whokilledctl status` says the daemon is on but cannot follow process
#    ends (a container has no process-events connector) and exits 1;
#  - `whokilledctl enable preload`: a kill by a program started afterwards
#    is attributed by the unit's daemon; after `systemctl daemon-reexec`
#    systemd itself has the shim, and `systemctl stop` of a unit is
#    attributed to systemd;
#  - `systemctl reload` and `restart` keep it answering;
#  - `whokilledctl disable daemon` stops and disables both units,
#    `enable daemon` brings them back;
#  - `dpkg --purge`: no unit, no daemon, no ld.so.preload line left.
# Nothing of it reaches the host: the test checks that too.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/container_lib.sh"
need_root
unset WHOKILLED_SOCKET_DIR
trap 'container_stop; cleanup' EXIT
trap 'exit 1' HUP INT TERM

mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" --no-print-directory "$@"; }

host_state() {
	ls -la /etc/ld.so.preload /var/lib/whokilled /lib/systemd/system/whokilledd.service 2>&1
	dpkg-query -W whokilled 2>&1
	auditctl -l
}
host_state >"$WORK/host.before"

mk deb >"$WORK/deb.out" 2>&1 || { tail -n 40 "$WORK/deb.out"; fail "make deb"; }
deb=$(ls "$TOP"/dist/whokilled_*.deb) || fail "make deb made no package"
mkdir -p "$CT_DIR/share"
cp "$deb" "$CT_DIR/share/whokilled.deb"

# The masked units cannot start in a container (auditd) or are not needed.
container_start systemd.unit=multi-user.target systemd.mask=ssh.service \
	systemd.mask=auditd.service systemd.mask=console-getty.service
# The host's policy-rc.d (this is its /) may forbid package scripts to start
# services: not in the container's overlay.
in_ct rm -f /usr/sbin/policy-rc.d
in_ct dpkg -i /wkshare/whokilled.deb >"$WORK/dpkg-i.out" 2>&1 ||
	{ cat "$WORK/dpkg-i.out"; fail "dpkg -i in the container"; }

for u in whokilledd.socket whokilledd.service; do
	in_ct systemctl -q is-enabled "$u" || fail "$u is not enabled after dpkg -i"
	in_ct systemctl -q is-active "$u" || {
		in_ct systemctl status --no-pager "$u" >&2
		fail "$u is not active after dpkg -i"
	}
done
in_ct whokilled --stats >"$WORK/stats" 2>&1 || { cat "$WORK/stats"; fail "the unit's daemon does not answer"; }
# The daemon serves systemd's sockets (socket activation), not its own.
main=$(in_ct systemctl show -p MainPID --value whokilledd.service)
[ "$main" -gt 0 ] || fail "whokilledd.service has no main pid"
# Both systemd (PID 1) and the daemon hold report.sock: systemd made it.
ino=$(in_ct cat /proc/net/unix | awk '$8 == "/run/whokilled/report.sock" { print $7; exit }')
[ -n "$ino" ] || fail "no report.sock in the container"
for p in 1 "$main"; do
	in_ct sh -c "ls -l /proc/$p/fd" | grep -qF "socket:[$ino]" ||
		fail "pid $p (in the container) does not hold report.sock"
done

# The container has no process-events connector: status says so, exit 1.
in_ct whokilledctl status >"$WORK/status1" 2>&1 && { cat "$WORK/status1"; fail "status exits 0 without the connector"; }
assert_contains "$WORK/status1" "daemon: on, but without the process-events connector" "status names the connector"
assert_eq "$(wc -l <"$WORK/status1")" 4 "status: one line per part"
assert_contains "$WORK/status1" "preload: off" "preload is off after dpkg -i"
assert_contains "$WORK/status1" "pam: off" "pam is off after dpkg -i"
assert_contains "$WORK/status1" "audit: off" "audit is off after dpkg -i"

# The shim, for every program started from now on.
in_ct whokilledctl enable preload >"$WORK/enable" 2>&1 || { cat "$WORK/enable"; fail "enable preload"; }
in_ct systemd-run -q --unit=victim1 sleep 1000 || fail "systemd-run victim1"
v1=$(in_ct systemctl show -p MainPID --value victim1.service)
[ "$v1" -gt 0 ] || fail "victim1 has no pid"
in_ct env -u LD_PRELOAD /bin/kill -TERM "$v1" || fail "kill victim1"
attributed() {
	local i
	for i in $(seq 1 100); do
		in_ct whokilled --json --all "$1" >"$WORK/$1.json" 2>/dev/null &&
			[ "$(json_eval "$WORK/$1.json" 'any("shim" in e["sources"] for e in d)')" = True ] && return 0
		sleep 0.1
	done
	cat "$WORK/$1.json" >&2
	fail "the unit's daemon has no record of the signal to $1"
}
attributed "$v1"
assert_eq "$(json_eval "$WORK/$v1.json" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-TERM', '$v1']" "the killer of victim1"

# systemd itself, once re-executed with the shim in ld.so.preload.
in_ct systemctl daemon-reexec || fail "daemon-reexec"
in_ct systemd-run -q --unit=victim2 sleep 1000 || fail "systemd-run victim2"
v2=$(in_ct systemctl show -p MainPID --value victim2.service)
in_ct systemctl stop victim2 || fail "systemctl stop victim2"
attributed "$v2"
# (systemd sends SIGTERM, then SIGCONT.)
assert_eq "$(json_eval "$WORK/$v2.json" 'any(e["killer"]["comm"] == "systemd" and e["killer"]["pid"] == 1 and e["signal"]["name"] == "SIGTERM" for e in d)')" True "systemd (pid 1) sent victim2 SIGTERM"

# Reload (SIGHUP) and restart keep it answering; the socket stays.
in_ct systemctl reload whokilledd.service || fail "systemctl reload"
in_ct whokilled --stats >/dev/null 2>&1 || fail "no answer after reload"
in_ct systemctl restart whokilledd.service || fail "systemctl restart"
in_ct whokilled --stats >/dev/null 2>&1 || fail "no answer after restart"
[ "$(in_ct systemctl show -p MainPID --value whokilledd.service)" != "$main" ] || fail "restart kept the old daemon"
attributed "$v1"

# disable daemon: both units stopped and disabled; enable brings them back.
in_ct whokilledctl disable daemon >"$WORK/disable" 2>&1 || { cat "$WORK/disable"; fail "disable daemon"; }
for u in whokilledd.socket whokilledd.service; do
	in_ct systemctl -q is-active "$u" && fail "$u active after disable daemon"
	in_ct systemctl -q is-enabled "$u" && fail "$u enabled after disable daemon"
done
in_ct whokilled --stats >/dev/null 2>&1 && fail "the daemon answers after disable daemon"
in_ct whokilledctl enable daemon >"$WORK/enable2" 2>&1 || { cat "$WORK/enable2"; fail "enable daemon"; }
in_ct systemctl -q is-active whokilledd.service || fail "whokilledd.service not active after enable daemon"
in_ct whokilled --stats >/dev/null 2>&1 || fail "no answer after enable daemon"

# Purge: nothing left, not even the line.
in_ct dpkg --purge whokilled >"$WORK/purge.out" 2>&1 || { cat "$WORK/purge.out"; fail "dpkg --purge"; }
in_ct sh -c 'grep -s whokilled /etc/ld.so.preload' && fail "/etc/ld.so.preload names whokilled after the purge"
in_ct sh -c 'ls /lib/systemd/system/whokilledd.* /etc/systemd/system/*/whokilledd.* /var/lib/whokilled 2>/dev/null' &&
	fail "files left after the purge"
in_ct systemctl -q is-active whokilledd.service && fail "whokilledd.service active after the purge"
in_ct pgrep -x whokilledd && fail "a whokilledd runs after the purge"

container_stop
host_state >"$WORK/host.after"
diff "$WORK/host.before" "$WORK/host.after" >&2 || fail "the container changed the host"
exit 0
