# The systemd units, started by a real systemd: this host's / booted
# read-only with a tmpfs overlay as an nspawn container
# (tests/container-start.sh), the daemon, the CLI and the units of this
# build installed in the overlay where the units say.  whokilledd.socket
# and whokilledd.service start; the daemon runs with what the unit leaves
# it (the capability bounding set, no_new_privs, a read-only system) and
# without what a container lacks (the process-events connector, /dev/kmsg,
# the audit netlink group), saying once what it does without; it
# attributes a kill; `systemctl reload` applies a retention key; and
# `systemd-analyze security` rates the unit (printed, and held to "OK").
. "$(dirname "$0")/../lib.sh"
need_root
command -v systemd-nspawn >/dev/null || fail "systemd-nspawn missing: apt-get install systemd-container (make deps)"
unit="$TOP/build/conf/whokilledd.service"
sock="$TOP/build/conf/whokilledd.socket"
[ -f "$unit" ] && [ -f "$sock" ] || fail "the units are not built"
sbin=$(sed -n 's|^ExecStart=\(.*\)/whokilledd -f$|\1|p' "$unit")
[ -n "$sbin" ] || fail "no ExecStart in $unit"
D="$WORK/ct"
mkdir -p "$D/share"
# The normal build, also under make check-asan: LeakSanitizer stops the
# process's threads with ptrace at exit, which the unit's system call
# filter denies (the sanitized daemon runs in every other test).
cp "$NORMAL_DAEMON" "$NORMAL_CLI" "$SHIM" "$unit" "$sock" "$D/share/"
CT=$("$TOP/tests/container-start.sh" "$D" systemd.unit=multi-user.target \
	systemd.mask=ssh.service systemd.mask=auditd.service \
	systemd.mask=console-getty.service systemd.mask=postgresql.service) ||
	fail "the container did not boot: $(cat "$D/nspawn.log")"
trap '"$TOP/tests/container-stop.sh" "$D"; cleanup' EXIT
# (not this test's private socket directory: the container's daemon's)
ct() { nsenter -t "$CT" -a env -u WHOKILLED_SOCKET_DIR "$@"; }
assert_eq "$(ct systemctl is-system-running)" running "the container's systemd"

ct install -D -m 0755 /wkshare/whokilledd "$sbin/whokilledd" || fail "install the daemon"
ct install -D -m 0755 /wkshare/whokilled /usr/local/bin/whokilled || fail "install the CLI"
ct cp /wkshare/whokilledd.service /wkshare/whokilledd.socket /etc/systemd/system/ || fail "install the units"
ct systemctl daemon-reload
ct systemctl start whokilledd.socket whokilledd.service || fail "the units did not start"
for i in $(seq 1 100); do
	ct /usr/local/bin/whokilled --stats >/dev/null 2>&1 && break
	sleep 0.05
done
assert_eq "$(ct systemctl is-active whokilledd.service)" active "whokilledd.service"
assert_eq "$(ct systemctl is-active whokilledd.socket)" active "whokilledd.socket"
ct journalctl -u whokilledd --no-pager -o cat >"$WORK/journal.txt"
cat "$WORK/journal.txt"
assert_eq "$(grep -c 'socket activation: report.sock query.sock passed' "$WORK/journal.txt")" 1 "the sockets came from systemd"
# Without the container's missing sources it runs, and says so once each.
assert_eq "$(grep -c 'process exits not watched' "$WORK/journal.txt")" 1 "said once: no connector"
assert_eq "$(grep -c 'OOM kills not read' "$WORK/journal.txt")" 1 "said once: no kernel log"
grep -q 'capabilities: kept CAP_SYS_PTRACE CAP_AUDIT_CONTROL, dropped the rest' "$WORK/journal.txt" ||
	fail "the daemon did not drop its capabilities"

# What the unit leaves it.
main=$(ct systemctl show -p MainPID --value whokilledd.service)
ct cat "/proc/$main/status" >"$WORK/status"
grep -E '^Cap|^NoNewPrivs|^Seccomp:' "$WORK/status"
assert_eq "$(awk '$1 == "CapEff:" { print $2 }' "$WORK/status")" 0000000040080000 "CapEff under systemd"
bnd=$(awk '$1 == "CapBnd:" { print $2 }' "$WORK/status")
# CAP_AUDIT_READ 37, CAP_SYSLOG 34, CAP_AUDIT_CONTROL 30, CAP_AUDIT_WRITE 29
# (audit_records only), CAP_SYS_PTRACE 19, CAP_NET_ADMIN 12
allowed=$(( (1 << 37) | (1 << 34) | (1 << 30) | (1 << 29) | (1 << 19) | (1 << 12) ))
[ $(( 16#$bnd & ~allowed )) -eq 0 ] || fail "the bounding set holds more than the unit's: $bnd"
assert_eq "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$WORK/status")" 1 "NoNewPrivileges"
assert_eq "$(awk '$1 == "Seccomp:" { print $2 }' "$WORK/status")" 2 "the system call filter"
ct nsenter -t "$main" -m sh -c 'touch /usr/whokilled-probe' 2>/dev/null &&
	fail "the service's /usr is writable (ProtectSystem=strict)"

# It attributes a kill.
ct sh -c 'sleep 1000 & t=$!; LD_PRELOAD=/wkshare/libwhokilled.so /bin/kill -USR1 $t; echo $t' >"$WORK/victim" ||
	fail "the kill in the container"
victim=$(cat "$WORK/victim")
ct /usr/local/bin/whokilled --json "$victim" >"$WORK/v.json" || fail "the query in the container"
assert_eq "$(json_eval "$WORK/v.json" 'd[0]["signal"]["name"]')" SIGUSR1 "the kill, attributed"
assert_eq "$(json_eval "$WORK/v.json" 'd[0]["killer"]["comm"]')" kill "the killer"

# systemctl reload: the retention keys change at once (the store is writable).
ct sh -c 'printf "max_age_days = 30\n" >/etc/whokilledd.conf'
ct systemctl reload whokilledd.service || fail "reload"
for i in $(seq 1 100); do
	ct journalctl -u whokilledd --no-pager -o cat | grep -q 'applied max_age_days 90 -> 30' && break
	sleep 0.05
done
ct journalctl -u whokilledd --no-pager -o cat | grep -q 'applied max_age_days 90 -> 30' ||
	fail "systemctl reload did not apply max_age_days"
assert_eq "$(ct systemctl is-active whokilledd.service)" active "after the reload"

ct systemd-analyze security whokilledd.service --no-pager >"$WORK/security.txt" 2>&1
grep -E '✗|Overall' "$WORK/security.txt"
score=$(sed -n 's/.*Overall exposure level for whokilledd.service: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p' "$WORK/security.txt")
echo "systemd-analyze security: $score"
case $score in
*" OK") ;;
*) fail "systemd-analyze security rates the unit '$score', not OK" ;;
esac
ct systemctl stop whokilledd.service whokilledd.socket || fail "stop"
assert_eq "$(ct systemctl is-active whokilledd.service)" inactive "stopped"
assert_eq "$(ct systemctl show -p ExecMainStatus --value whokilledd.service)" 0 "its exit status on SIGTERM"
exit 0
