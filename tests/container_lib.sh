# A real systemd as PID 1 for the end-to-end tests, on a machine whose own
# PID 1 is not systemd: systemd-nspawn boots this host's own / read-only
# with a tmpfs overlay, so every write inside (dpkg -i, /etc/ld.so.preload)
# goes to the overlay and is gone at stop.  Nothing is left on the host:
# the container's /run is a private tmpfs, its cgroups are removed at stop.
#   container_start [INIT ARGS...]   boots it; $CT is the host pid of its
#                                    systemd (PID 1 inside)
#   in_ct CMD...                     runs CMD inside (every namespace)
#   container_stop                   clean poweroff, then its cgroups go
# $WORK/ct/share is bind-mounted at /wkshare inside: put files for it there.
# Needs systemd-container (systemd-nspawn); the caller sources lib.sh first.
# shellcheck shell=bash

CT=""
CT_DIR="$WORK/ct"
CT_NSPAWN=""
CT_CGROUP=""

container_start() {
	command -v systemd-nspawn >/dev/null || fail "systemd-nspawn is missing (make deps installs systemd-container)"
	mkdir -p "$CT_DIR/root" "$CT_DIR/share"
	CT_CGROUP=whokilled-ct-$$
	local h i
	for h in systemd unified; do
		mkdir "/sys/fs/cgroup/$h/$CT_CGROUP" || fail "cannot make cgroup $h/$CT_CGROUP"
	done
	# A mount namespace of its own: nspawn's state (/run/systemd/nspawn)
	# and the bind of / stay off the host.  The bind is not recursive:
	# the plain root file system, without /proc, /sys, /dev or /tmp.
	setsid unshare --mount --propagation private bash -c '
		for h in systemd unified; do echo $$ >/sys/fs/cgroup/$h/'"$CT_CGROUP"'/cgroup.procs; done
		mount -t tmpfs -o mode=755 wkrun /run
		mount --bind / '"$CT_DIR"'/root
		exec systemd-nspawn -q -D '"$CT_DIR"'/root --volatile=overlay --register=no \
			--keep-unit --private-network --link-journal=no --machine=whokilled-ct \
			--console=passive --bind='"$CT_DIR"'/share:/wkshare -b "$@"
	' bash "$@" >"$CT_DIR/nspawn.log" 2>&1 </dev/null &
	CT_NSPAWN=$!
	for i in $(seq 1 400); do
		CT=$(pgrep -P "$CT_NSPAWN" -x systemd) && break
		kill -0 "$CT_NSPAWN" 2>/dev/null || { cat "$CT_DIR/nspawn.log" >&2; fail "systemd-nspawn exited"; }
		sleep 0.025
	done
	[ -n "$CT" ] || { cat "$CT_DIR/nspawn.log" >&2; fail "no systemd in the container"; }
	for i in $(seq 1 400); do
		[ -S "/proc/$CT/root/run/systemd/private" ] && break
		sleep 0.025
	done
	local state
	state=$(timeout 60 nsenter -t "$CT" -a systemctl is-system-running --wait 2>&1)
	[ "$state" = running ] || {
		nsenter -t "$CT" -a systemctl --failed --no-pager >&2
		fail "the container's systemd is '$state', not running"
	}
}

in_ct() { nsenter -t "$CT" -a "$@"; }

container_stop() {
	[ -n "$CT_NSPAWN" ] || return 0
	local i h
	kill -TERM "$CT_NSPAWN" 2>/dev/null
	for i in $(seq 1 300); do
		kill -0 "$CT_NSPAWN" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$CT_NSPAWN" 2>/dev/null; then
		echo "systemd-nspawn still up after 15 s: SIGKILL" >&2
		kill -KILL "$CT_NSPAWN"
		sleep 0.5
	fi
	wait "$CT_NSPAWN" 2>/dev/null
	for h in systemd unified; do
		[ -d "/sys/fs/cgroup/$h/$CT_CGROUP" ] &&
			find "/sys/fs/cgroup/$h/$CT_CGROUP" -depth -type d -exec rmdir {} \;
	done
	CT_NSPAWN=""
	CT=""
}
