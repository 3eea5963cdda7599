#!/bin/bash
# Each wrapped function other than kill() -- killpg, sigqueue, tgkill and
# pidfd_send_signal, called by a program under the shim (the helper
# kill_family) -- is attributed as kill() is: one event per call, named by
# its call, with the killer's pid, comm and argv, and delivered.  The
# helper's exit status says every call returned 0 under the shim.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# The target leads its own process group (killpg(pid) reaches it) and
# ignores SIGUSR1.
setsid bash -c "trap '' USR1; exec sleep 1000" </dev/null >/dev/null 2>&1 &
t=$!
track "$t"
for _ in $(seq 1 100); do
	[ "$(cat /proc/$t/comm 2>/dev/null)" = sleep ] && break
	sleep 0.02
done
[ "$(cat /proc/$t/comm 2>/dev/null)" = sleep ] || fail "target did not start"

LD_PRELOAD="$SHIM" "$HELPERS/kill_family" "$t" >"$WORK/family.out" ||
	{ cat "$WORK/family.out" >&2; fail "a wrapped call failed under the shim"; }
for _ in $(seq 1 100); do
	"$CLI" --json "$t" >"$WORK/who.json" 2>/dev/null &&
		[ "$(json_eval "$WORK/who.json" 'len(d)')" -ge 4 ] && break
	sleep 0.05
done
assert_eq "$(json_eval "$WORK/who.json" "sorted(e['call'] for e in d)")" \
	"['killpg', 'pidfd_send_signal', 'sigqueue', 'tgkill']" "one event per wrapped call"
assert_eq "$(json_eval "$WORK/who.json" "sorted(set((e['signal']['name'], e['killer']['comm'], e['result']['success']) for e in d))")" \
	"[('SIGUSR1', 'kill_family', True)]" "each: the signal, the killer and delivered"
assert_eq "$(json_eval "$WORK/who.json" "sorted(set(e['killer']['argv'][1] for e in d))")" "['$t']" "the killer's argv"
kill -0 "$t" || fail "the target should have ignored SIGUSR1"
echo "PASS kill_family"
