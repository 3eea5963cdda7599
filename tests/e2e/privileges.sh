# Started as root outside a service manager, the daemon drops what it
# does not need once its sources are open: /proc/PID/status of every one
# of its threads shows only CAP_AUDIT_CONTROL and CAP_SYS_PTRACE (the
# checkpoint thread: none), in the bounding set too, and no_new_privs.
# It still does its work with them: a kill is attributed, the connector
# still reports exits, the kernel's audit rules are still read, and the
# kernel log stays open (what each source needs was used at its opening).
. "$(dirname "$0")/../lib.sh"
need_root
[ "$(id -u)" = 0 ] || fail "needs root"
printf 'exit_min_runtime_ms = 0\n' >"$WORK/whokilledd.conf"
start_daemon -c "$WORK/whokilledd.conf"
keep=0000000040080000	# CAP_SYS_PTRACE (19) | CAP_AUDIT_CONTROL (30)
main=/proc/$DAEMON_PID/status
grep -E '^Cap|^NoNewPrivs' "$main"
for f in CapPrm CapEff CapBnd; do
	assert_eq "$(awk -v f="$f:" '$1 == f { print $2 }' "$main")" $keep "$f of the daemon"
done
assert_eq "$(awk '$1 == "CapInh:" { print $2 }' "$main")" 0000000000000000 "CapInh of the daemon"
assert_eq "$(awk '$1 == "CapAmb:" { print $2 }' "$main")" 0000000000000000 "CapAmb of the daemon"
assert_eq "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$main")" 1 "no_new_privs of the daemon"
threads=0
for t in /proc/"$DAEMON_PID"/task/*; do
	[ "${t##*/}" = "$DAEMON_PID" ] && continue
	threads=$((threads + 1))
	assert_eq "$(awk '$1 == "CapEff:" { print $2 }' "$t/status")" 0000000000000000 "CapEff of thread ${t##*/}"
	assert_eq "$(awk '$1 == "CapBnd:" { print $2 }' "$t/status")" 0000000000000000 "CapBnd of thread ${t##*/}"
done
[ "$threads" -ge 1 ] || fail "the checkpoint thread is not running"
grep -q 'capabilities: kept CAP_SYS_PTRACE CAP_AUDIT_CONTROL, dropped the rest (bounding set too)' "$WORK/daemon.log" ||
	fail "the log does not say what was kept"

# Its sources, opened before the drop, still work after it.
assert_eq "$(stat_value exits_watched)" True "the connector is read"
assert_eq "$(stat_value oom_kills_read)" True "the kernel log is read"
rules=$(stat_value kill_rules)
[ "$rules" != unknown ] || fail "the kernel's audit rules are no longer read (CAP_AUDIT_CONTROL)"
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 1 1 USR1 || fail "kill"
"$CLI" --json "$target" >"$WORK/t.json" || fail "query"
assert_eq "$(json_eval "$WORK/t.json" 'd[0]["signal"]["name"]')" SIGUSR1 "a kill after the drop"
bash -c 'exit 3' &
ended=$!
wait "$ended"
"$CLI" --json "$ended" >"$WORK/e.json"
assert_eq "$(json_eval "$WORK/e.json" 'd[0]["death"]["kind"]')" exited "an exit seen by the connector after the drop"
assert_eq "$(json_eval "$WORK/e.json" 'd[0]["death"]["status"]')" 3 "its status"
exit 0
