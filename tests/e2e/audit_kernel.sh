# Kernel audit records merged into whokilled, with a real auditd and the
# rules of conf/audit loaded:
#  - a statically linked killer (the shim cannot see it) is attributed from
#    the kernel alone, with the right login uid and audit session;
#  - a preloaded killer gives ONE attribution seen by kernel and shim;
#  - with auditd stopped, the daemon still records through netlink;
#  - kills made while the daemon was down are backfilled from the log,
#    exactly once however often it restarts.
# The machine's audit rules and enabled flag are restored at the end.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/audit_lib.sh"
need_root
trap 'audit_restore_state; cleanup' EXIT

audit_save_state
# auditd runs its plugin (the daemon under test) with no environment and its
# stderr on /dev/null: this wrapper hands it the run's sanitizer options and
# a log, searched for sanitizer reports once the plugin has ended.
cat >"$WORK/plugin.sh" <<SCRIPT
#!/bin/sh
echo \$\$ >"$WORK/plugin.pid"
export ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}"
exec "$DAEMON" "\$@" 2>>"$WORK/plugin.log"
SCRIPT
chmod 0755 "$WORK/plugin.sh"
DAEMON="$WORK/plugin.sh" auditd_start --audit-plugin --socket-dir="$WHOKILLED_SOCKET_DIR"
audit_load_rules "$TOP/conf/audit/whokilled.rules" "$TOP/conf/audit/whokilled-exec.rules"
start_daemon --audit-log "$AUDIT_LOG"

# Asks until the event about PID carries the kernel's word (the records
# travel through auditd or netlink on their own time), then leaves its JSON
# in $WORK/PID.json.
kernel_event() {
	local i
	for i in $(seq 1 100); do
		if "$CLI" --json --all "$1" >"$WORK/$1.json" 2>/dev/null &&
			[ "$(json_eval "$WORK/$1.json" 'any("kernel" in e["sources"] for e in d)')" = True ]; then
			return 0
		fi
		sleep 0.1
	done
	cat "$WORK/$1.json" >&2
	fail "no kernel record of the signal to $1 reached whokilled"
}
j() { json_eval "$WORK/$1.json" "$2"; }

# 1. A static killer in a login of its own (loginuid 4242, a new audit session).
start_target; t1=$TARGET
bash -c "echo 4242 >/proc/self/loginuid && cat /proc/self/sessionid >$WORK/ses && exec $HELPERS/static_kill $t1 9" ||
	fail "static killer"
ses=$(cat "$WORK/ses")
kernel_event "$t1"
assert_eq "$(j "$t1" 'len(d)')" 1 "one attribution of the static kill"
assert_eq "$(j "$t1" 'd[0]["sources"]')" "['kernel']" "only the kernel saw the static killer"
assert_eq "$(j "$t1" 'd[0]["killer"]["auid"]')" 4242 "the static killer's login uid"
assert_eq "$(j "$t1" 'd[0]["killer"]["session"]')" "$ses" "the static killer's audit session"
assert_eq "$(j "$t1" 'd[0]["signal"]["name"]')" SIGKILL "signal"
assert_eq "$(j "$t1" 'd[0]["target"]["comm"]')" sleep "target comm"
assert_eq "$(j "$t1" 'd[0]["killer"]["comm"]')" static_kill "killer comm"

# 2. A preloaded killer: one attribution, both sources.
start_target; t2=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -9 "$t2" || fail "preloaded kill"
kernel_event "$t2"
assert_eq "$(j "$t2" 'len(d)')" 1 "kernel and shim merged into one attribution"
assert_eq "$(j "$t2" 'sorted(d[0]["sources"])')" "['kernel', 'shim']" "sources of the merged attribution"
assert_eq "$(j "$t2" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-9', '$t2']" "argv"

# 3. A failed kill is an attempt.
start_target; t3=$TARGET
setpriv --reuid=65534 --regid=65534 --clear-groups "$HELPERS/static_kill" "$t3" 15 >/dev/null &&
	fail "nobody could signal root's process"
kernel_event "$t3"
assert_eq "$(j "$t3" 'd[0]["result"]["success"]')" False "recorded as a failed attempt"
assert_eq "$(j "$t3" 'd[0]["result"]["errno"]')" 1 "EPERM"
kill -0 "$t3" || fail "the target of the failed kill died"

# 4. auditd stopped: netlink still brings the kernel's records.
auditd_stop
# Its plugin ends with it, with nothing for a sanitizer to report.
plugin=$(cat "$WORK/plugin.pid") || fail "auditd never started its plugin"
for _ in $(seq 1 100); do kill -0 "$plugin" 2>/dev/null || break; sleep 0.05; done
kill -0 "$plugin" 2>/dev/null && fail "auditd's plugin (pid $plugin) outlived auditd"
sanitizer_check "$WORK/plugin.log"
start_target; t4=$TARGET
"$HELPERS/static_kill" "$t4" 9 >/dev/null || fail "static kill without auditd"
kernel_event "$t4"
assert_eq "$(j "$t4" 'd[0]["sources"]')" "['kernel']" "recorded through netlink"

# 5. Kills while the daemon is down are backfilled from the log, once.
auditd_start
stop_daemon
start_target; t5=$TARGET
"$HELPERS/static_kill" "$t5" 9 >/dev/null || fail "static kill while the daemon is down"
audit_log_wait "$t5"
start_daemon --audit-log "$AUDIT_LOG"
kernel_event "$t5"
assert_eq "$(j "$t5" 'len(d)')" 1 "backfilled once"
stop_daemon
start_daemon --audit-log "$AUDIT_LOG"
kernel_event "$t5"
assert_eq "$(j "$t5" 'len(d)')" 1 "still once after another restart"
kernel_event "$t1"
assert_eq "$(j "$t1" 'len(d)')" 1 "the first kill was not stored twice either"
exit 0
