# The store's disk fills: the daemon keeps running, keeps what it had
# committed, and keeps the reports that arrive meanwhile (fewer than its
# cap of 4096) in memory -- the batch in flight when the commit failed
# included.  It says so once in its log, shows them waiting in --stats,
# and stores every one of them by itself once there is room, without a
# restart and without losing any.  The store lives on a tiny tmpfs the
# test mounts.
. "$(dirname "$0")/../lib.sh"
need_root
mnt="$WORK/db"
mkdir -p "$mnt"
mount -t tmpfs -o size=3m,mode=0700 whokilled-test "$mnt" || fail "cannot mount a tmpfs here"
trap 'umount -l "$mnt" 2>/dev/null; cleanup' EXIT

# Kernel audit events are not kept in memory (the audit log has them): the
# netlink group stays unread so that audit rules loaded on this machine
# cannot add losses of their own.
# The free-space floor (retention) is off: it would prune the rows this
# test counts, and tests/e2e/retention.sh covers it.
printf 'min_free_percent = 0\n' >"$WORK/whokilledd.conf"
start_daemon -c "$WORK/whokilledd.conf" --audit-netlink no
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 2 10 USR1 || fail "kills"
before=$(stat_value events_total)
assert_eq "$before" 20 "stored before the disk filled"

# wait_stat FIELD VALUE: until --stats shows it (at most 10 s).
wait_stat() {
	local i
	for i in $(seq 1 100); do
		[ "$(stat_value "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1 did not reach $2 (it is $(stat_value "$1"))"
}

# Fill the disk.
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 4 250 USR1 || fail "kills on a full disk"
# A query drains and commits first: the commit fails, all 1000 wait (with
# the ends of processes the daemon stores meanwhile: kept too).
backlog=$(stat_value store_backlog)
echo "rows waiting while the disk is full: $backlog"
[ "$backlog" -ge 1000 ] || fail "reports kept in memory while the disk is full: $backlog, not 1000"
assert_eq "$(stat_value store_errors)" 0 "reports lost while the disk is full"
assert_eq "$(stat_value events_total)" "$before" "rows in the store while full"
kill -0 "$DAEMON_PID" || fail "the daemon died on a full disk"
"$CLI" --json --limit 1000 "$target" >"$WORK/during.json" || fail "committed events unreadable on a full disk"
assert_eq "$(json_eval "$WORK/during.json" 'len(d)')" "$before" "committed events on a full disk"

# Retries (one a second) fail quietly: one log line for the whole outage.
sleep 2.5
backlog=$(stat_value store_backlog)
[ "$backlog" -ge 1000 ] || fail "rows waiting after failed retries: $backlog, not 1000"
assert_eq "$(stat_value store_errors)" 0 "reports lost after failed retries"
grep -i "store" "$WORK/daemon.log"
assert_eq "$(grep -c 'rows are kept in memory until it works again' "$WORK/daemon.log")" 1 \
	"log lines saying the store fails"
assert_eq "$(grep -c 'store:' "$WORK/daemon.log")" 1 "store log lines while full"

# Room again: the daemon stores what it kept by itself, within a retry.
rm -f "$mnt/filler"
wait_stat store_backlog 0
assert_eq "$(stat_value store_errors)" 0 "reports lost once there was room"
assert_eq "$(stat_value events_total)" $((before + 1000)) "rows in the store once there was room"
assert_eq "$(sqlite3 "$mnt/whokilled.db" "select count(*) from kills where target_pid = $target and signo = 10")" \
	$((before + 1000)) "SIGUSR1s to the target in the store once there was room"
"$CLI" --json --limit 1000 --signal USR1 "$target" >"$WORK/after.json" || fail "query after"
assert_eq "$(json_eval "$WORK/after.json" 'len(d)')" 1000 "the query answers from the rows stored"
kept=$(sed -n 's/.*store: works again; stored \([0-9]*\) rows kept in memory.*/\1/p' "$WORK/daemon.log")
echo "the log says it stored $kept rows kept in memory"
[ -n "$kept" ] && [ "$kept" -ge 1000 ] || fail "the log does not say the kept rows were stored"

# And it goes on storing.
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 1 5 USR1 || fail "kills after"
assert_eq "$(stat_value events_total)" $((before + 1005)) "rows stored after room returned"
assert_eq "$(stat_value store_errors)" 0 "reports lost in all"
assert_eq "$(sqlite3 "$mnt/whokilled.db" 'pragma integrity_check')" ok "store integrity"
exit 0
