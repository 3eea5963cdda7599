# The store kept bounded: rows older than max_age_days, the oldest rows
# when the store's pages in use pass max_store_mb, and the oldest rows
# when its filesystem has less than min_free_percent free, go -- of every
# kind (signals, sessions, failed logins, ends of processes), oldest
# first.  The clock the test controls is the rows' own times: it seeds the
# store (made by the daemon) with rows as old as it wants, then starts the
# daemon or sends SIGHUP, whose first check comes at once.  Nothing waits
# for a clock.  --stats shows the store's size, its oldest event and the
# rows pruned; each pruning run is one line of the log.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/store_seed.sh"
need_root
db="$WORK/db/whokilled.db"
conf="$WORK/whokilledd.conf"
now=$(date +%s)
day=86400

# wait_stat_le FIELD MAX: until --stats shows FIELD <= MAX (at most 60 s).
wait_stat_le() {
	local i v
	for i in $(seq 1 600); do
		v=$(stat_value "$1")
		[ "$v" -le "$2" ] && return 0
		sleep 0.1
	done
	fail "$1 did not come down to $2 (it is $v)"
}
wait_stat() {
	local i
	for i in $(seq 1 600); do
		[ "$(stat_value "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1 did not reach $2 (it is $(stat_value "$1"))"
}
count() { sqlite3 "$db" "select count(*) from $1"; }
pruned_lines() { grep -c 'retention: pruned' "$WORK/daemon.log"; }

# --- age: nothing older than max_age_days, applied by SIGHUP -----------
printf 'max_age_days = 0\n' >"$conf"
start_daemon -c "$conf" --audit-netlink no
stop_daemon
for k in kills sessions authfails deaths; do
	# 500 from 200 days ago to 130 days ago, 20 from the last day.
	seed_rows "$db" $k 500 $((now - 200 * day)) 12096 || fail "seed $k"
	seed_rows "$db" $k 20 $((now - day)) 60 || fail "seed young $k"
done
start_daemon -c "$conf" --audit-netlink no
assert_eq "$(stat_value rows_pruned)" 0 "rows pruned with max_age_days = 0"
assert_eq "$(stat_value oldest_event_epoch)" $((now - 200 * day)) "the oldest event before"
printf 'max_age_days = 90\n' >"$conf"
kill -HUP "$DAEMON_PID"
wait_stat rows_pruned 2000
for k in kills sessions authfails; do
	assert_eq "$(count $k)" 20 "$k left after pruning by age"
done
# (deaths: also the ends the daemon stored of its own)
assert_eq "$(sqlite3 "$db" "select count(*) from deaths where comm = 'seeddied'")" 20 "ends left"
assert_eq "$(sqlite3 "$db" "select count(*) from kills where time_sec < $now - 90 * $day")" 0 "old signals"
assert_eq "$(stat_value oldest_event_epoch)" $((now - day)) "the oldest event after"
"$CLI" --stats >"$WORK/stats.txt" || fail "--stats"
sed -n '/^store/,/^kernel/p' "$WORK/stats.txt"
grep -q '^  rows pruned          2000$' "$WORK/stats.txt" || fail "--stats does not show the rows pruned"
grep -q "^  oldest event         $(date -d @$((now - day)) '+%Y-%m-%d %H:%M:%S')" "$WORK/stats.txt" ||
	fail "--stats does not show the oldest event"
grep -Eq '^  size                 [0-9.]+ (KiB|MiB) \([0-9.]+ (KiB|MiB) in use' "$WORK/stats.txt" ||
	fail "--stats does not show the store's size"
# The page cache holds the pages the daemon read, at most its 8 MiB.
grep -Eq '^  page cache           [0-9.]+ (KiB|MiB) in memory$' "$WORK/stats.txt" ||
	fail "--stats does not show the store's page cache"
cache=$(stat_value store_cache_bytes)
[ "$cache" -gt 0 ] && [ "$cache" -le $((8 * 1024 * 1024 + 512 * 1024)) ] ||
	fail "store_cache_bytes $cache is not the page cache in use"
grep 'retention:\|SIGHUP' "$WORK/daemon.log"
assert_eq "$(pruned_lines)" 1 "log lines for one pruning run"
grep -q 'retention: pruned 2000 rows (500 signals, 500 sessions, 500 failed logins, 500 ends of processes): older than 90 days' \
	"$WORK/daemon.log" || fail "the log line does not say what went and why"
# It goes on storing, and a kill stored now is answered.
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 1 1 USR1 || fail "kill"
"$CLI" --json "$target" >"$WORK/t.json" || fail "query after pruning"
assert_eq "$(json_eval "$WORK/t.json" 'd[0]["signal"]["name"]')" SIGUSR1 "a kill stored after pruning"
stop_daemon

# --- size: the oldest go until the pages in use are under the cap ------
printf 'max_age_days = 0\nmax_store_mb = 0\n' >"$conf"
seed_rows "$db" kills 40000 $((now - 30 * day)) 60 || fail "seed many"
seed_rows "$db" sessions 100 $((now - 40 * day)) 60 || fail "seed sessions"
start_daemon -c "$conf" --audit-netlink no
used=$(stat_value store_used_bytes)
echo "store in use before the cap: $used bytes"
[ "$used" -gt $((4 * 1024 * 1024)) ] || fail "the seeded store should pass 4 MiB, it has $used bytes"
printf 'max_age_days = 0\nmax_store_mb = 2\n' >"$conf"
kill -HUP "$DAEMON_PID"
wait_stat_le store_used_bytes $((2 * 1024 * 1024 - 2 * 1024 * 1024 / 16))
file=$(stat_value store_bytes)
echo "in use $(stat_value store_used_bytes) of $file bytes"
# The oldest went first: the sessions (40 days old) before any signal, the newest signal stayed.
assert_eq "$(sqlite3 "$db" "select count(*) from sessions where opened_sec < $now - 35 * $day")" 0 "the oldest kind went first"
assert_eq "$(sqlite3 "$db" "select max(time_sec) from kills where killer_comm = 'seedkill'")" \
	$((now - day + 19 * 60)) "the newest signal stayed"
# The file stops growing: new rows fill the pages pruning freed.
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 2 200 USR1 || fail "kills after the cap"
assert_eq "$(stat_value store_errors)" 0 "rows lost"
assert_eq "$(sqlite3 "$db" "select count(*) from kills where target_pid = $target")" 401 "kills stored at the cap"
[ "$(stat_value store_bytes)" -le "$file" ] || fail "the store file grew at its cap: $(stat_value store_bytes) > $file"
# One line for the size run at least: the kills just stored at the cap may
# already have had their own run (one more line), or not yet.
[ "$(pruned_lines)" -ge 2 ] || fail "no log line for the size run ($(pruned_lines) in all)"
grep -q 'retention: pruned [0-9]* rows .*: the store over 2 MiB' "$WORK/daemon.log" || fail "the size run's log line"
stop_daemon

# --- the free-space floor: a filesystem short of room --------------------
mnt="$WORK/small"
mkdir -p "$mnt"
mount -t tmpfs -o size=16m,mode=0700 whokilled-retention "$mnt" || fail "cannot mount a tmpfs here"
trap 'umount -l "$mnt" 2>/dev/null; cleanup' EXIT
sdb="$mnt/whokilled.db"
printf 'max_age_days = 0\nmax_store_mb = 0\nmin_free_percent = 5\ndb = %s\n' "$sdb" >"$conf"
"$DAEMON" -f -c "$conf" --socket-dir "$WORK/run2" --audit-log "" --audit-netlink no -t >/dev/null ||
	fail "the config does not check"
# A store of its own there, seeded: about 3 MiB.
printf 'max_age_days = 0\nmax_store_mb = 0\nmin_free_percent = 0\n' >"$WORK/off.conf"
db="$sdb"
WK_DB="$sdb"
"$DAEMON" -f -c "$WORK/off.conf" --db "$sdb" --socket-dir "$WORK/run2" --audit-log "" --audit-netlink no \
	>>"$WORK/daemon.log" 2>&1 &
p=$!
track "$p"
for i in $(seq 1 100); do [ -S "$WORK/run2/query.sock" ] && break; sleep 0.05; done
kill -TERM "$p"; wait "$p"
seed_rows "$sdb" kills 20000 $((now - 10 * day)) 30 || fail "seed the small store"
sqlite3 "$sdb" 'pragma wal_checkpoint(truncate)' >/dev/null
file_before=$(stat -c %s "$sdb")
# Fill the filesystem to 3% free (the WAL needs a little room).
avail=$(df -B1 --output=avail "$mnt" | tail -1)
size=$(df -B1 --output=size "$mnt" | tail -1)
dd if=/dev/zero of="$mnt/filler" bs=4096 count=$(( (avail - size * 3 / 100) / 4096 )) 2>/dev/null
df -h "$mnt" | tail -1
start_daemon -c "$conf" --db "$sdb" --audit-netlink no
grep 'retention:' "$WORK/daemon.log" | tail -1
wait_stat_le store_used_bytes $(( $(stat_value store_bytes) * 15 / 16 ))
pruned=$(stat_value rows_pruned)
echo "pruned for the floor: $pruned rows; in use $(stat_value store_used_bytes) of $(stat_value store_bytes) bytes"
[ "$pruned" -gt 0 ] || fail "nothing pruned under the floor"
assert_eq "$(sqlite3 "$sdb" "select count(*) from kills where time_sec < $((now - 10 * day + pruned * 30))")" 0 \
	"the oldest went first"
# New rows fill the room inside the file: it does not grow.
LD_PRELOAD="$SHIM" "$HELPERS/kill_threads" "$target" 2 100 USR1 || fail "kills on a short disk"
assert_eq "$(stat_value store_errors)" 0 "rows lost on a short disk"
assert_eq "$(sqlite3 "$sdb" "select count(*) from kills where target_pid = $target")" 200 "kills stored on a short disk"
[ "$(stat -c %s "$sdb")" -le "$file_before" ] || fail "the store file grew on a short disk: $(stat -c %s "$sdb") > $file_before"
grep -q 'retention: pruned [0-9]* rows .*: its filesystem under 5% free' "$WORK/daemon.log" || fail "the floor run's log line"
assert_eq "$(sqlite3 "$sdb" 'pragma integrity_check')" ok "store integrity"
stop_daemon
exit 0
