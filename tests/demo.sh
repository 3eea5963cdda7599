#!/bin/bash
# make demo: a private whokilled in a temporary directory.  A login-like
# shell chain, preloaded with the shim, kills a sleeping process; whokilled
# then says who did it.  Nothing is installed; everything is removed after.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/whokilled-demo.XXXXXX)
export WHOKILLED_SOCKET_DIR="$WORK/run"
daemon=""
victim=""

cleanup() {
	[ -n "$victim" ] && kill -9 "$victim" 2>/dev/null
	if [ -n "$daemon" ]; then
		kill -TERM "$daemon" 2>/dev/null
		wait "$daemon" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "start a private daemon (sockets in $WHOKILLED_SOCKET_DIR)"
"$TOP/whokilledd" -f --socket-dir "$WHOKILLED_SOCKET_DIR" --db "$WORK/whokilled.db" \
	2>"$WORK/daemon.log" &
daemon=$!
# Ready when it answers: query.sock is bound before the daemon follows
# process ends, and a kill made before then would have no recorded end.
ready=0
for _ in $(seq 1 200); do
	"$TOP/whokilled" --stats >/dev/null 2>&1 && { ready=1; break; }
	sleep 0.05
done
[ "$ready" -eq 1 ] || { cat "$WORK/daemon.log"; exit 1; }

step "start a victim: sleep 600"
sleep 600 &
victim=$!
echo "victim pid $victim"

step "a preloaded shell chain kills it: bash -> sh -> kill -9 $victim"
echo "LD_PRELOAD=libwhokilled.so bash -c \"sh -c '/bin/kill -9 $victim; true'\""
LD_PRELOAD="$TOP/libwhokilled.so" bash -c "sh -c '/bin/kill -9 $victim; true'; true"
wait "$victim" 2>/dev/null || true

step "whokilled $victim"
"$TOP/whokilled" "$victim"

step "whokilled --json $victim"
"$TOP/whokilled" --json "$victim"
victim=""

step "stop the daemon"
kill -TERM "$daemon"
wait "$daemon"
daemon=""
echo "done."
