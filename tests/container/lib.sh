# Shared by the end-to-end tests that need a real systemd as PID 1: a
# container booted from this host's / (read-only, tmpfs overlay; see
# container-start.sh), with the shim in its /etc/ld.so.preload, the
# repository's daemon and CLI under /wkshare, and whokilledd running inside
# it.  The container is always stopped at exit, then tests/lib.sh's cleanup
# runs.  Nothing written inside outlives the test.
# shellcheck shell=bash

# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
CT_DIR="$WORK/ct"
CT_SHARE="$CT_DIR/share"
CT=""
CT_DAEMON_NSENTER=""	# host pid of the nsenter that runs the daemon

# Units the default target would start that cannot work in a container
# (auditd) or are not needed and slow the boot.
CT_MASKS=(systemd.mask=ssh.service systemd.mask=auditd.service
	systemd.mask=console-getty.service systemd.mask=postgresql.service)

ct_cleanup() {
	IN_CLEANUP=1
	ct_stop_daemon
	"$TOP/tests/container/container-stop.sh" "$CT_DIR"
	IN_CLEANUP=""
	cleanup
}
trap ct_cleanup EXIT

# ct_in CMD...: run CMD inside the container (all its namespaces), on
# the default socket directory (the one the shim in PID 1 sends to).
ct_in() {
	nsenter -t "$CT" -a env -u WHOKILLED_SOCKET_DIR "$@"
}

# ct_start: boot the container with the shim preloaded in every process,
# PID 1 included; $CT is its systemd's host pid.
ct_start() {
	need_root
	command -v systemd-nspawn >/dev/null ||
		fail "systemd-nspawn is missing: apt-get install systemd-container (tests/install-deps.sh test)"
	mkdir -p "$CT_SHARE"
	cp "$DAEMON" "$CLI" "$SHIM" "$CT_SHARE/" || fail "cannot copy the binaries into $CT_SHARE"
	echo /wkshare/libwhokilled.so > "$CT_SHARE/ld.so.preload"
	CT=$("$TOP/tests/container/container-start.sh" "$CT_DIR" \
		systemd.unit=multi-user.target "${CT_MASKS[@]}") ||
		fail "the container did not boot"
	local state
	state=$(ct_in systemctl is-system-running)
	[ "$state" = running ] || fail "the container's systemd is '$state', not running: $(ct_in systemctl --failed --no-legend)"
	grep -q libwhokilled "/proc/$CT/maps" || fail "the shim is not loaded in the container's PID 1"
}

# ct_start_daemon [OPTIONS]: whokilledd inside, on the default socket
# directory (the one the shim in PID 1 sends to), its log in the share.
ct_start_daemon() {
	nsenter -t "$CT" -a env -u WHOKILLED_SOCKET_DIR /wkshare/whokilledd -f --db /var/lib/whokilled/test.db \
		--audit-log "" "$@" >>"$CT_SHARE/daemon.log" 2>&1 &
	CT_DAEMON_NSENTER=$!
	local i
	for i in $(seq 1 400); do
		ct_in /wkshare/whokilled --stats >/dev/null 2>&1 && return 0
		kill -0 "$CT_DAEMON_NSENTER" 2>/dev/null || { cat "$CT_SHARE/daemon.log" >&2; fail "whokilledd exited at start in the container"; }
		sleep 0.05
	done
	fail "whokilledd did not answer in the container"
}

# SIGTERM to the daemon inside (nsenter's child): it must exit 0 with no
# sanitizer report in its log.
ct_stop_daemon() {
	[ -n "$CT_DAEMON_NSENTER" ] || return 0
	local ns=$CT_DAEMON_NSENTER pid rc
	CT_DAEMON_NSENTER=""
	pid=$(pgrep -P "$ns" -x whokilledd)
	[ -n "$pid" ] && kill -TERM "$pid"
	wait "$ns"; rc=$?
	sanitizer_check "$CT_SHARE/daemon.log" || return 1
	[ "$rc" -eq 0 ] || { cat "$CT_SHARE/daemon.log" >&2; fail "whokilledd in the container exited with status $rc after SIGTERM"; return 1; }
}

# ct_who OUT ARGS...: whokilled ARGS inside, its output into OUT.
ct_who() {
	local out=$1; shift
	ct_in /wkshare/whokilled "$@" >"$out" 2>"$out.err" || { cat "$out" "$out.err" >&2; fail "whokilled $* failed in the container"; }
}

# ct_main_pid UNIT: the unit's main pid, which must be running.
ct_main_pid() {
	local p
	p=$(ct_in systemctl show -P MainPID "$1")
	[ -n "$p" ] && [ "$p" != 0 ] || fail "unit $1 has no main process"
	echo "$p"
}

# ct_unit NAME TEXT: a unit file written into the container's /run (the
# overlay: gone at stop), and systemd told.
ct_unit() {
	printf '%s\n' "$2" | ct_in sh -c "mkdir -p /run/systemd/system && cat > /run/systemd/system/$1" ||
		fail "cannot write unit $1"
	ct_in systemctl daemon-reload || fail "daemon-reload failed"
}

# ct_requested OUT PID: whokilled --json PID inside into OUT; RB is then
# the Python expression of the newest event's requested_by, SIGNALS the
# list of the signals' names, newest first.
ct_requested() {
	ct_who "$1" --json "$2"
	RB="d[0]['requested_by']"
}

# rb_fields FILE EXPR: requested_by fields of the event EXPR picks, as a
# tuple of via, verb, unit, exact, method.
rb_fields() {
	json_eval "$1" "(lambda r: (r['via'], r['verb'], r['unit'], r['exact'], r['method']))($2)"
}
