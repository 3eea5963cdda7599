# A chain whose middle ancestor exited before the kill is still named:
# bash -> sh (exits) -> sh -> kill.  When the kill is reported, /proc shows
# the killer's parent reparented; the daemon's process table remembers the
# sh it was forked by, and that sh's own parent.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
# Answered once the daemon has read /proc: what starts now is seen from its fork.
"$CLI" --stats >/dev/null || fail "the daemon does not answer"
start_target; target=$TARGET
mkfifo "$WORK/hold_bash" "$WORK/middle" "$WORK/killed"
# sh asks the daemon something first, so the daemon has read the process
# events of this chain while sh still runs; then it leaves a child behind
# and exits.  The child waits until sh is gone, then kills, and says so
# once kill (and its report) is done.
LD_PRELOAD="$SHIM" bash -c "
	sh -c '
		\"$CLI\" --stats >/dev/null
		echo \$\$ >$WORK/middle
		( while kill -0 \$\$ 2>/dev/null; do sleep 0.01; done
		  /bin/kill -9 $target
		  echo done >$WORK/killed ) &
		exit 0
	'
	read x <$WORK/hold_bash" &
outer=$!
track "$outer"
read -r middle <"$WORK/middle"
read -r _ <"$WORK/killed"
wait "$target" 2>/dev/null
kill -0 "$middle" 2>/dev/null && fail "sh ($middle) should have exited before the kill"

"$CLI" --json "$target" >"$WORK/out.json" || fail "whokilled --json"
"$CLI" "$target" >"$WORK/out.txt"
cat "$WORK/out.txt"
chain=$(json_eval "$WORK/out.json" '" ".join("%s[%d]" % (e["comm"], e["pid"]) for e in d[0]["chain"])')
case "$chain" in
*"bash[$outer] sh[$middle] sh["*"] kill["*) ;;
*) fail "the chain should run bash[$outer] -> sh[$middle] -> sh -> kill, got '$chain'" ;;
esac
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["chain"][-2]["ppid"]')" "$middle" "the killer's parent's parent is the sh it was forked by"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["death"]["kind"]')" signaled "the target was killed"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["ended_it"]')" True "by this kill"

echo >"$WORK/hold_bash"
wait "$outer" || fail "the outer shell failed"
exit 0
