# A preloaded bash -> sh -> kill -9 chain kills a sleep; whokilled names the
# killer's argv, uid, the chain and the target's comm.
. "$(dirname "$0")/../lib.sh"

start_daemon
start_target; target=$TARGET
# The shells stay until the test has asked (they wait on a fifo), as a login
# shell would: the daemon reads the chain from /proc when the report arrives,
# and an ancestor that has already exited by then is missing from it.
mkfifo "$WORK/hold_sh" "$WORK/hold_bash"
LD_PRELOAD="$SHIM" bash -c "sh -c '/bin/kill -9 $target; read x < $WORK/hold_sh'; read x < $WORK/hold_bash" &
chain_pid=$!
track "$chain_pid"
wait "$target" 2>/dev/null

"$CLI" "$target" >"$WORK/out.txt"; rc=$?
assert_eq "$rc" 0 "whokilled exit status for a recorded kill"
cat "$WORK/out.txt"
assert_contains "$WORK/out.txt" "pid $target (sleep)" "target line"
assert_contains "$WORK/out.txt" "SIGKILL" "signal name"
assert_contains "$WORK/out.txt" "/bin/kill -9 $target" "killer argv"
assert_contains "$WORK/out.txt" "delivered" "result"

"$CLI" --json "$target" >"$WORK/out.json" || fail "whokilled --json failed"
assert_eq "$(json_eval "$WORK/out.json" 'len(d)')" 1 "one event"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["signal"]["number"]')" 9 "signal number"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["signal"]["name"]')" SIGKILL "signal name"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["result"]["success"]')" True "result"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["target"]["comm"]')" sleep "target comm"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["target"]["pid"]')" "$target" "target pid"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-9', '$target']" "killer argv"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["killer"]["uid"]')" "$(id -u)" "killer uid"
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["killer"]["comm"]')" kill "killer comm"
assert_eq "$(json_eval "$WORK/out.json" '"shim" in d[0]["sources"]')" True "the shim is among the sources"
# The chain: ... bash -> sh -> kill, outermost first, killer last.
chain=$(json_eval "$WORK/out.json" '" ".join(e["comm"] for e in d[0]["chain"])')
case "$chain" in
*"bash sh kill") ;;
*) fail "chain should end with 'bash sh kill', got '$chain'" ;;
esac
assert_eq "$(json_eval "$WORK/out.json" 'd[0]["chain"][-1]["pid"] == d[0]["killer"]["pid"]')" True "killer is last in the chain"
assert_contains "$WORK/out.txt" "bash[" "chain in the text report"

# Let the shells go.
echo >"$WORK/hold_sh"; echo >"$WORK/hold_bash"
wait "$chain_pid" || fail "the kill chain failed"

# Asking about a pid nobody signalled: exit 1.
"$CLI" "$$" >"$WORK/none.txt"; rc=$?
assert_eq "$rc" 1 "whokilled exit status when nothing was recorded"
exit 0
