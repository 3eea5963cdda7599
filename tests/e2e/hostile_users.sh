# An unprivileged user (created by the test) tries to lie to the daemon and
# to read what is not theirs:
#  - a kill report claiming another pid, or another uid; a session report
#    for another user; an oversized and a malformed datagram: each is
#    rejected, counted, and leaves the store unchanged;
#  - queries: root sees everything; the user sees signals to their own
#    processes and sent by themselves, and never another user's argv.
. "$(dirname "$0")/../lib.sh"
need_root
U="wkh$$"
# The user goes once its processes have: userdel refuses a user that
# still runs one, and a process killed a moment ago may not be gone yet.
drop_user() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		id "$U" >/dev/null 2>&1 || return 0
		pkill -KILL -u "$U" 2>/dev/null
		userdel "$U" >/dev/null 2>&1 || sleep 0.3
	done
	echo "FAIL: could not remove the test user $U" >&2
	CLEANUP_FAILED=1
}
trap 'drop_user; cleanup' EXIT
useradd -M -s /bin/sh "$U" || fail "useradd"
uid=$(id -u "$U")
as_user() { setpriv --reuid="$uid" --regid="$(id -g "$U")" --init-groups "$@"; }

start_daemon
# The sockets and the store carry the permissions the daemon gives them.
assert_eq "$(stat -c %a "$WHOKILLED_SOCKET_DIR/report.sock")" 666 "report.sock mode"
assert_eq "$(stat -c %a "$WHOKILLED_SOCKET_DIR/query.sock")" 666 "query.sock mode"
assert_eq "$(stat -c %a "$WORK/db/whokilled.db")" 600 "store mode"
assert_eq "$(stat -c %a "$WORK/db")" 700 "store directory mode"

start_target; victim=$TARGET
before=$(stat_value events_total)
forged=$(stat_value rejected_forged)
malformed=$(stat_value rejected_malformed)

as_user "$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" pid "$victim" || fail "send as $U"
as_user "$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" uid 0 || fail "send as $U"
as_user "$HELPERS/send_pam_report" --no-sync "$WHOKILLED_SOCKET_DIR" open user=root uid=0 ||
	fail "send as $U"
as_user "$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" garbage || fail "send as $U"
as_user /usr/bin/python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"W"*60000, sys.argv[1])' \
	"$WHOKILLED_SOCKET_DIR/report.sock" || fail "oversized send as $U"

assert_eq "$(stat_value rejected_forged)" $((forged + 3)) "forged reports rejected and counted"
assert_eq "$(stat_value rejected_malformed)" $((malformed + 2)) "malformed and oversized reports counted"
assert_eq "$(stat_value events_total)" "$before" "the store is unchanged"
kill -0 "$DAEMON_PID" || fail "the daemon died"

# Who sees what.
start_target; rootproc=$TARGET
LD_PRELOAD="$SHIM" bash -c "kill -TERM $rootproc # root-secret"
# (setpriv itself, not the as_user function: $! must be the sleep's pid)
setpriv --reuid="$uid" --regid="$(id -g "$U")" --init-groups \
	bash -c "trap '' USR1 USR2; exec sleep 1000" & userproc=$!
track "$userproc"
for _ in $(seq 1 100); do [ "$(cat /proc/$userproc/comm)" = sleep ] && break; sleep 0.02; done
LD_PRELOAD="$SHIM" bash -c "kill -USR1 $userproc # root-secret" || fail "root's kill"
as_user env LD_PRELOAD="$SHIM" bash -c "kill -USR2 $userproc # user-words" || fail "the user's kill"

"$CLI" --json "$rootproc" >"$WORK/root.json" || fail "root sees root's event"
assert_contains "$WORK/root.json" "root-secret" "root sees the killer's argv"
as_user "$CLI" --json "$rootproc" >"$WORK/u-root.json"; rc=$?
assert_eq "$rc" 1 "the user does not see signals between root's processes"

as_user "$CLI" --json --limit 10 "$userproc" >"$WORK/u-own.json" || fail "the user sees signals to their process"
assert_eq "$(json_eval "$WORK/u-own.json" 'sorted(e["signal"]["name"] for e in d)')" "['SIGUSR1', 'SIGUSR2']" "both signals to the user's process"
grep -q "root-secret" "$WORK/u-own.json" && fail "root's argv shown to the user"
assert_contains "$WORK/u-own.json" "user-words" "the user's own argv"
exit 0
