#!/bin/bash
# container-stop.sh DIR: a clean poweroff of the container that
# container-start.sh DIR booted (SIGTERM to nspawn; SIGKILL after 15 s),
# then its cgroups are removed.  Safe to run twice, or after a failed start.
D=$1
[ -f "$D/nspawn.pid" ] || exit 0
NS=$(cat "$D/nspawn.pid")
kill -TERM "$NS" 2>/dev/null
for _ in $(seq 300); do kill -0 "$NS" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$NS" 2>/dev/null; then
	echo "container-stop.sh: nspawn still up after 15 s: SIGKILL" >&2
	kill -KILL "$NS"; sleep 0.5
fi
rm -f "$D/nspawn.pid"
if [ -f "$D/cgroups" ]; then
	while read -r c; do
		[ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \;
	done < "$D/cgroups"
	rm -f "$D/cgroups"
fi
exit 0
