# The Debian package on this machine, from build to purge:
#  - `make deb` builds dist/whokilled_VERSION_ARCH.deb (lintian: no error);
#  - `dpkg -i` installs it: the daemon runs and answers, and no PAM stack,
#    no /etc/ld.so.preload, no audit rule has changed;
#  - `whokilledctl enable all` (twice: the second changes nothing): a
#    program started afterwards, with no LD_PRELOAD in its environment, is
#    attributed by the installed daemon through the shim, a static one
#    through the kernel's audit rules; `status` says so, and says what is
#    wrong while the kernel's auditing is off;
#  - `whokilledctl disable all` (twice): /etc/pam.d/*, /etc/ld.so.preload,
#    /etc/audit/rules.d and the loaded audit rules are as before, byte for
#    byte;
#  - `enable all` again, then `dpkg --purge` at once: no ld.so.preload
#    line, no file of the package, no store, no daemon left.
# It changes the whole machine (the shim in /etc/ld.so.preload reaches
# every process): run it under the end-to-end lock, as make check is.
# Whatever happens, the machine is put back as it was (restore_machine).
. "$(dirname "$0")/../lib.sh"
need_root
# The installed shim and CLI use the system's socket directory.
unset WHOKILLED_SOCKET_DIR

PKG=whokilled
CTL=/usr/sbin/whokilledctl
INSTALLED_CLI=/usr/bin/whokilled
INSTALLED_DAEMON=/usr/sbin/whokilledd
SHIM_PATH=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/whokilled/libwhokilled.so
POLICY=/usr/sbin/policy-rc.d
SAVED="$WORK/saved"
mkdir -p "$SAVED"

mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" --no-print-directory "$@"; }

package_installed() {
	dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok'
}

# The pids running the installed daemon's executable (even once deleted).
installed_daemon_pids() {
	local p exe
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case $exe in "$INSTALLED_DAEMON" | "$INSTALLED_DAEMON (deleted)") echo "${p#/proc/}" ;; esac
	done
}

# What the test must find unchanged: the PAM stacks, /etc/ld.so.preload,
# the audit rules on disk and in the kernel, the kernel's audit settings.
snapshot() {
	local f
	for f in /etc/pam.d/*; do sha256sum "$f"; done
	if [ -e /etc/ld.so.preload ]; then
		echo "ld.so.preload: $(stat -c '%a %U' /etc/ld.so.preload)"
		sha256sum /etc/ld.so.preload
	else
		echo "ld.so.preload: none"
	fi
	find /etc/audit/rules.d /etc/audit/audit.rules /etc/audit/audit.rules.prev \
		-type f -exec sha256sum {} + 2>/dev/null | sort
	auditctl -l
	auditctl -s | grep -E '^(enabled|failure|backlog_limit|backlog_wait_time) '
}

# Everything the test may have changed goes back, step by step, each
# whatever the others did.
MACHINE_SAVED=""
POLICY_SET=""
restore_machine() {
	[ -n "$MACHINE_SAVED" ] || return 0
	# The line first: it reaches every program started meanwhile.
	if [ -e "$SAVED/ld.so.preload" ]; then
		cmp -s "$SAVED/ld.so.preload" /etc/ld.so.preload ||
			cp -p "$SAVED/ld.so.preload" /etc/ld.so.preload
	else
		rm -f /etc/ld.so.preload
	fi
	if package_installed || dpkg-query -W "$PKG" >/dev/null 2>&1; then
		dpkg --purge "$PKG" >>"$WORK/restore.log" 2>&1 ||
			echo "restore: dpkg --purge $PKG failed (see $WORK/restore.log)" >&2
	fi
	local p
	for p in $(installed_daemon_pids); do kill -9 "$p" 2>/dev/null; done
	# The PAM stacks, file by file, and no file more.
	for p in /etc/pam.d/*; do
		[ -e "$SAVED/pam.d/${p##*/}" ] || rm -f "$p"
	done
	for p in "$SAVED"/pam.d/*; do
		cmp -s "$p" "/etc/pam.d/${p##*/}" || cp -p "$p" "/etc/pam.d/${p##*/}"
	done
	[ -e "$SAVED/50-whokilled.rules" ] || rm -f /etc/audit/rules.d/50-whokilled.rules
	auditctl -D -k whokilled >/dev/null 2>&1
	auditctl -e "$(cat "$SAVED/audit.enabled")" >/dev/null
	if [ -n "$POLICY_SET" ]; then
		if [ -e "$SAVED/policy-rc.d" ]; then cp -p "$SAVED/policy-rc.d" "$POLICY"; else rm -f "$POLICY"; fi
		if [ -e "$SAVED/policy-rc.d" ]; then cmp -s "$SAVED/policy-rc.d" "$POLICY"; else [ ! -e "$POLICY" ]; fi ||
			{ echo "restore: $POLICY differs from before the test" >&2; CLEANUP_FAILED=1; }
	fi
	[ -e "$SAVED/var-lib-whokilled" ] || rm -rf /var/lib/whokilled
	snapshot >"$WORK/restored.state" 2>&1
	cmp -s "$WORK/before.state" "$WORK/restored.state" || {
		diff "$WORK/before.state" "$WORK/restored.state" >&2
		echo "restore: the machine differs from before the test" >&2
		CLEANUP_FAILED=1
	}
	MACHINE_SAVED=""
}
trap 'restore_machine; cleanup' EXIT
trap 'exit 1' HUP INT TERM

# ---------------------------------------------------------------- before

command -v dpkg-buildpackage >/dev/null && command -v lintian >/dev/null &&
	command -v dh >/dev/null || fail "the Debian build tools are missing (make deps installs them)"
command -v auditctl >/dev/null || fail "auditctl is missing (make deps installs auditd)"
command -v pam-auth-update >/dev/null || fail "pam-auth-update is missing (libpam-runtime)"
dpkg-query -W "$PKG" >/dev/null 2>&1 &&
	fail "the $PKG package is on this machine already: the test would remove it"
[ -z "$(installed_daemon_pids)" ] || fail "a $INSTALLED_DAEMON runs already"
grep -qs whokilled /etc/ld.so.preload && fail "/etc/ld.so.preload names whokilled already"
[ "$(auditctl -s | awk '$1 == "pid" { print $2 }')" = 0 ] ||
	fail "an audit daemon runs: the test would change the rules it serves"

snapshot >"$WORK/before.state" || fail "cannot read the machine's state"
[ -e /etc/ld.so.preload ] && cp -p /etc/ld.so.preload "$SAVED/ld.so.preload"
mkdir -p "$SAVED/pam.d" && cp -p /etc/pam.d/* "$SAVED/pam.d/"
[ -e /etc/audit/rules.d/50-whokilled.rules ] && cp -p /etc/audit/rules.d/50-whokilled.rules "$SAVED/"
auditctl -s | awk '$1 == "enabled" { print $2 }' >"$SAVED/audit.enabled"
[ -e /var/lib/whokilled ] && : >"$SAVED/var-lib-whokilled"
MACHINE_SAVED=1

# ---------------------------------------------------------------- build

mk deb >"$WORK/deb.out" 2>&1 || { tail -n 40 "$WORK/deb.out"; fail "make deb"; }
deb="$TOP/dist/${PKG}_$(sed -n 's/^WHOKILLED_VERSION = //p' "$TOP/Makefile")_$(dpkg-architecture -qDEB_HOST_ARCH).deb"
[ -f "$deb" ] || fail "make deb made no $deb"
lintian "$deb" >"$WORK/lintian.out" 2>&1
grep '^E:' "$WORK/lintian.out" && fail "lintian reports errors"
dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }' | grep -v '/$' >"$WORK/files"
for f in /usr/bin/whokilled /usr/sbin/whokilledd /usr/sbin/whokilledctl "$SHIM_PATH" \
	"/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/security/pam_whokilled.so" \
	/usr/share/pam-configs/whokilled /lib/systemd/system/whokilledd.service \
	/lib/systemd/system/whokilledd.socket /etc/init.d/whokilledd /etc/whokilledd.conf \
	/etc/audit/plugins.d/whokilled.conf /usr/share/whokilled/audit/whokilled.rules \
	/usr/share/man/man8/whokilledctl.8.gz /usr/share/man/man8/whokilledd.8.gz \
	/usr/share/man/man8/pam_whokilled.8.gz /usr/share/man/man1/whokilled.1.gz \
	/usr/libexec/whokilled/whokilled-audit-log; do
	grep -qxF "$f" "$WORK/files" || fail "the package lacks $f"
done
dpkg-deb -I "$deb" conffiles >"$WORK/conffiles"
assert_contains "$WORK/conffiles" /etc/whokilledd.conf "the configuration is a conffile"

# ---------------------------------------------------------------- install

# Package scripts start services through invoke-rc.d, which asks
# policy-rc.d and, without one, starts nothing where it finds no runlevel
# (this machine's PID 1 is neither systemd nor sysvinit; some set
# policy-rc.d to forbid every start).  While the package is here, a
# policy-rc.d that allows is put in place of the machine's
# (restore_machine puts that back): installing must start the daemon.
[ -e "$POLICY" ] && cp -p "$POLICY" "$SAVED/policy-rc.d"
POLICY_SET=1
printf '#!/bin/sh\nexit 0\n' >"$POLICY.whokilled-test" && chmod 0755 "$POLICY.whokilled-test" &&
	mv -f "$POLICY.whokilled-test" "$POLICY" || fail "cannot set $POLICY"
dpkg -i "$deb" >"$WORK/dpkg-i.out" 2>&1 || { cat "$WORK/dpkg-i.out"; fail "dpkg -i"; }
"$INSTALLED_CLI" --stats >/dev/null 2>&1 || { cat "$WORK/dpkg-i.out"; fail "the installed daemon does not answer after dpkg -i"; }
# --audit-log is answered by the helper in /usr/libexec: an empty log has
# nothing for pid 1 (exit 1); a missing helper would be exit 2.
: >"$WORK/empty.log"
"$INSTALLED_CLI" --audit-log "$WORK/empty.log" 1 >"$WORK/offline.out" 2>&1
assert_eq "$?" 1 "the installed whokilled --audit-log (its helper: $(cat "$WORK/offline.out"))"
[ -n "$(installed_daemon_pids)" ] || fail "no $INSTALLED_DAEMON runs"
snapshot >"$WORK/installed.state"
diff "$WORK/before.state" "$WORK/installed.state" >&2 ||
	fail "installing changed a PAM stack, /etc/ld.so.preload or the audit rules"
assert_contains /etc/audit/plugins.d/whokilled.conf "active = no" "the auditd plugin is shipped inactive"
"$CTL" status >"$WORK/status0" 2>&1 || { cat "$WORK/status0"; fail "status after install"; }
assert_eq "$(cat "$WORK/status0")" "daemon: on
preload: off
pam: off
audit: off" "status after install"

# ---------------------------------------------------------------- enable

# With the kernel's auditing off the rules record nothing: status says so.
auditctl -e 0 >/dev/null
"$CTL" enable all >"$WORK/enable1" 2>&1 || { cat "$WORK/enable1"; fail "whokilledctl enable all"; }
snapshot >"$WORK/enabled.state"
"$CTL" status >"$WORK/status1" 2>&1 && { cat "$WORK/status1"; fail "status exits 0 with the kernel's auditing off"; }
assert_contains "$WORK/status1" "audit: on, but the kernel's auditing is off" "status names the audit trouble"
auditctl -e 1 >/dev/null
"$CTL" status >"$WORK/status2" 2>&1 || { cat "$WORK/status2"; fail "status after enable all"; }
assert_eq "$(cat "$WORK/status2")" "daemon: on
preload: on
pam: on
audit: on" "status after enable all"
# The second enable changes nothing.
"$CTL" enable all >"$WORK/enable2" 2>&1 || { cat "$WORK/enable2"; fail "whokilledctl enable all, twice"; }
snapshot >"$WORK/enabled2.state"
auditctl -e 0 >/dev/null
snapshot >"$WORK/enabled.state.e0"
auditctl -e 1 >/dev/null
diff "$WORK/enabled.state" "$WORK/enabled.state.e0" >&2 || fail "enable all twice changed something"

# What enable did: one line, the profile's lines, the rules by key.
assert_eq "$(grep -cxF "$SHIM_PATH" /etc/ld.so.preload)" 1 "the shim's line in /etc/ld.so.preload"
grep -q '^session.*pam_whokilled\.so nostamp' /etc/pam.d/common-session || fail "no session line in common-session"
grep -q '^auth.*pam_whokilled\.so authfail' /etc/pam.d/common-auth || fail "no authfail line in common-auth"
[ "$(auditctl -l | grep -c -- '-k whokilled$\|key=whokilled$')" -eq 4 ] || { auditctl -l; fail "whokilled's 4 audit rules are not loaded"; }
[ -f /etc/audit/rules.d/50-whokilled.rules ] || fail "no rules in /etc/audit/rules.d"

# A kill by a program started now, no LD_PRELOAD anywhere in its
# environment: the loader preloads the shim from /etc/ld.so.preload.
start_target; t1=$TARGET
env -u LD_PRELOAD /bin/kill -TERM "$t1" || fail "kill"
wait "$t1" 2>/dev/null
attributed() {
	local i
	for i in $(seq 1 100); do
		if "$INSTALLED_CLI" --json --all "$1" >"$WORK/$1.json" 2>/dev/null &&
			[ "$(json_eval "$WORK/$1.json" "any('$2' in e['sources'] for e in d)")" = True ]; then
			return 0
		fi
		sleep 0.1
	done
	cat "$WORK/$1.json" >&2
	fail "the installed daemon has no $2 record of the signal to $1"
}
attributed "$t1" shim
assert_eq "$(json_eval "$WORK/$t1.json" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-TERM', '$t1']" "the killer's argv"
assert_eq "$(json_eval "$WORK/$t1.json" 'd[0]["signal"]["name"]')" SIGTERM "the signal"
assert_eq "$(json_eval "$WORK/$t1.json" 'd[0]["target"]["comm"]')" sleep "the target"
# A static program, which no preload reaches: the kernel's audit rules.
start_target; t2=$TARGET
"$HELPERS/static_kill" "$t2" 9 || fail "static kill"
wait "$t2" 2>/dev/null
attributed "$t2" kernel
assert_eq "$(json_eval "$WORK/$t2.json" 'd[0]["killer"]["comm"]')" static_kill "the static killer"

# ---------------------------------------------------------------- disable

"$CTL" disable all >"$WORK/disable1" 2>&1 || { cat "$WORK/disable1"; fail "whokilledctl disable all"; }
"$CTL" disable all >"$WORK/disable2" 2>&1 || { cat "$WORK/disable2"; fail "whokilledctl disable all, twice"; }
auditctl -e "$(cat "$SAVED/audit.enabled")" >/dev/null
snapshot >"$WORK/disabled.state"
diff "$WORK/before.state" "$WORK/disabled.state" >&2 ||
	fail "disable all did not leave the files and rules as they were"
"$INSTALLED_CLI" --stats >/dev/null 2>&1 && fail "the daemon answers after disable all"
[ -z "$(installed_daemon_pids)" ] || fail "the daemon runs after disable all"
"$CTL" status >"$WORK/status3" 2>&1 || { cat "$WORK/status3"; fail "status after disable all"; }
assert_eq "$(cat "$WORK/status3")" "daemon: off
preload: off
pam: off
audit: off" "status after disable all"

# ---------------------------------------------------------------- purge

"$CTL" enable all >"$WORK/enable3" 2>&1 || { cat "$WORK/enable3"; fail "whokilledctl enable all, again"; }
grep -qxF "$SHIM_PATH" /etc/ld.so.preload || fail "enable all again: no line in /etc/ld.so.preload"
dpkg --purge "$PKG" >"$WORK/purge.out" 2>&1 || { cat "$WORK/purge.out"; fail "dpkg --purge"; }
# A line naming the removed library would make every program warn.
[ -e /etc/ld.so.preload ] && grep -n whokilled /etc/ld.so.preload && fail "/etc/ld.so.preload names whokilled after the purge"
out=$(/bin/true 2>&1)
[ -z "$out" ] || fail "a program started after the purge says: $out"
while read -r f; do
	[ -e "$f" ] && fail "$f is left after the purge"
done <"$WORK/files"
for f in /var/lib/whokilled /run/whokilled /etc/audit/rules.d/50-whokilled.rules; do
	[ -e "$f" ] && fail "$f is left after the purge"
done
ls /etc/rc?.d/*whokilledd /etc/systemd/system/*/whokilledd.* 2>/dev/null && fail "service links left after the purge"
[ -z "$(installed_daemon_pids)" ] || fail "the daemon runs after the purge"
dpkg-query -W "$PKG" >/dev/null 2>&1 && fail "dpkg still knows $PKG after the purge"
auditctl -e "$(cat "$SAVED/audit.enabled")" >/dev/null
snapshot >"$WORK/purged.state"
diff "$WORK/before.state" "$WORK/purged.state" >&2 || fail "the purge left the machine changed"
exit 0
