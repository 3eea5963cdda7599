# The store's disk fills: the daemon keeps running, says so in its log and
# in --stats, keeps what it had committed, and stores again by itself once
# there is room.  The store lives on a tiny tmpfs the test mounts.
. "$(dirname "$0")/../lib.sh"
need_root
mnt="$WORK/db"
mkdir -p "$mnt"
mount -t tmpfs -o size=3m,mode=0700 whokilled-test "$mnt" || fail "cannot mount a tmpfs here"
trap 'umount -l "$mnt" 2>/dev/null; cleanup' EXIT

start_daemon
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 2 10 USR1 || fail "kills"
before=$(stat_value events_total)
assert_eq "$before" 20 "stored before the disk filled"

# Fill the disk.
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 4 250 USR1 || fail "kills on a full disk"
errors=$(stat_value store_errors)
echo "store errors while full: $errors"
[ "$errors" -gt 0 ] || fail "a full disk was not noticed"
kill -0 "$DAEMON_PID" || fail "the daemon died on a full disk"
grep -qi "full\|store" "$WORK/daemon.log" || fail "the daemon's log does not mention the full disk"
"$CLI" --json --limit 1000 "$target" >"$WORK/during.json" || fail "committed events unreadable on a full disk"
[ "$(json_eval "$WORK/during.json" 'len(d)')" -ge "$before" ] || fail "committed events lost"

# Room again: new reports are stored without a restart.
rm -f "$mnt/filler"
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 1 5 USR1 || fail "kills after"
"$CLI" --json --limit 1000 --signal USR1 "$target" >"$WORK/after.json" || fail "query after"
after=$(json_eval "$WORK/after.json" 'len(d)')
echo "events before: $before, after room returned: $after"
[ "$after" -ge $((before + 5)) ] || fail "the daemon did not store again once there was room"
assert_eq "$(sqlite3 "$mnt/whokilled.db" 'pragma integrity_check')" ok "store integrity"
exit 0
