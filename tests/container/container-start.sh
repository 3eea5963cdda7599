#!/bin/bash
# container-start.sh DIR [init args...]: boot this host's / as a container
# whose PID 1 is a real systemd: read-only, with a tmpfs overlay (every
# write inside vanishes at stop), private network, no journal link.
#   DIR/share           bind-mounted at /wkshare inside (binaries, logs)
#   DIR/share/ld.so.preload  when present, the container's /etc/ld.so.preload
# Prints the host pid of the container's systemd once
# `systemctl is-system-running --wait` returns; DIR keeps what
# container-stop.sh needs.  Needs root and systemd-nspawn.
set -e
D=$1; shift
command -v systemd-nspawn >/dev/null ||
	{ echo "container-start.sh: systemd-nspawn missing (apt-get install systemd-container)" >&2; exit 1; }
mkdir -p "$D/root" "$D/share"
# A cgroup of its own in every hierarchy nspawn uses: on a host whose init
# is not systemd nobody else makes one, and nspawn needs to be in one it
# may delegate.  A pure cgroup v2 host has one hierarchy.
CG=wkct-$$
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	HIER=(/sys/fs/cgroup)
else
	HIER=(/sys/fs/cgroup/systemd /sys/fs/cgroup/unified)
fi
for h in "${HIER[@]}"; do mkdir "$h/$CG"; done
printf '%s\n' "${HIER[@]/%//$CG}" > "$D/cgroups"
extra=()
[ -f "$D/share/ld.so.preload" ] && extra+=(--bind-ro="$D/share/ld.so.preload:/etc/ld.so.preload")
# In a mount namespace of its own: nspawn's state in /run and the bind of
# / stay off the host's mount table.
setsid unshare --mount --propagation private bash -c '
  for c in $(cat "$0/cgroups"); do echo $$ > "$c/cgroup.procs"; done
  mount -t tmpfs -o mode=755 wkrun /run
  mount --bind / "$0/root"     # not recursive: no /proc /sys /dev /tmp of the host
  exec systemd-nspawn -q -D "$0/root" --volatile=overlay --register=no --keep-unit \
     --private-network --link-journal=no --machine=wkct-$$ --console=passive \
     --bind="$0/share:/wkshare" "$@"
' "$D" "${extra[@]}" -b "$@" > "$D/nspawn.log" 2>&1 < /dev/null &
NS=$!
echo $NS > "$D/nspawn.pid"
CT=""
for _ in $(seq 400); do
	CT=$(pgrep -P $NS -x systemd || true)
	[ -n "$CT" ] && break
	kill -0 $NS 2>/dev/null || break
	sleep 0.025
done
[ -n "$CT" ] || { echo "container-start.sh: no container init; nspawn said:" >&2; cat "$D/nspawn.log" >&2; exit 1; }
echo "$CT" > "$D/ct.pid"
for _ in $(seq 400); do [ -S /proc/$CT/root/run/systemd/private ] && break; sleep 0.025; done
timeout 30 nsenter -t "$CT" -a systemctl is-system-running --wait >/dev/null || true
echo "$CT"
