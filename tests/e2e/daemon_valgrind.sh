# The daemon under valgrind for a short scenario — reports, a forged one,
# queries, stats, SIGTERM — with no memory error and no leak.
. "$(dirname "$0")/../lib.sh"
command -v valgrind >/dev/null || fail "valgrind is not installed (make deps installs it)"
# Valgrind cannot run an ASan binary: the daemon here is always the normal build.
DAEMON=$NORMAL_DAEMON

DAEMON_WRAPPER=(valgrind --quiet --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
	"--log-file=$WORK/valgrind.log")
start_daemon
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 4 5 USR1 || fail "kill_threads"
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" pid 1 || fail "forge"
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" garbage || fail "garbage"
"$CLI" --json --limit 100 "$target" >"$WORK/q.json" || fail "query"
assert_eq "$(json_eval "$WORK/q.json" 'len(d)')" 20 "events"
"$CLI" --all 1 >/dev/null
"$CLI" --stats >/dev/null || fail "stats"
"$CLI" --failed-logins >/dev/null
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=""
cat "$WORK/valgrind.log"
assert_eq "$rc" 0 "exit status under valgrind (99: memory errors or leaks)"
[ -s "$WORK/valgrind.log" ] && fail "valgrind reported something"
exit 0
