# The daemon as administrators expect: --version and -V print the version
# the Makefile defines (the CLI's too); -t checks the configuration, file
# and options, opening nothing, and says "configuration OK" or the error;
# SIGHUP re-reads the file and applies what can change at runtime (here
# debug, commit_interval_ms, rate_limit), logs a changed setting that needs
# a restart as such, and keeps every setting when the file no longer reads.
. "$(dirname "$0")/../lib.sh"
need_root

# --version, -V: the version defined once, in the Makefile.
version=$(sed -n 's/^WHOKILLED_VERSION[[:space:]]*=[[:space:]]*//p' "$TOP/Makefile")
[ -n "$version" ] || fail "no WHOKILLED_VERSION in the Makefile"
for opt in --version -V; do
	out=$("$DAEMON" $opt); rc=$?
	assert_eq "$rc" 0 "whokilledd $opt exit status"
	case $out in "whokilledd $version "*) ;; *) fail "whokilledd $opt printed '$out'" ;; esac
done
out=$("$CLI" --version) || fail "whokilled --version"
case $out in "whokilled $version "*) ;; *) fail "whokilled --version printed '$out'" ;; esac
for page in whokilled.1 whokilledd.8 pam_whokilled.8; do
	grep -q "^\.TH .*\"whokilled $version\"" "$TOP/docs/$page" ||
		fail "docs/$page does not say version $version"
done

# -t: a good file with options; nothing is made, no daemon starts.
conf="$WORK/whokilledd.conf"
printf 'commit_interval_ms = 500\ndebug = yes\n' >"$conf"
"$DAEMON" -t -c "$conf" --socket-dir "$WORK/t-run" --db "$WORK/t-db/x.db" \
	>"$WORK/t.out" 2>"$WORK/t.err"; rc=$?
assert_eq "$rc" 0 "whokilledd -t on a good configuration"
assert_contains "$WORK/t.out" "$conf: configuration OK" "-t on a good configuration"
[ -e "$WORK/t-run" ] || [ -e "$WORK/t-db" ] && fail "whokilledd -t made a socket directory or a store"
# The shipped file, as it is and with every key's line uncommented.
"$DAEMON" -t -c "$TOP/conf/whokilledd.conf" >"$WORK/t.out" || fail "-t on conf/whokilledd.conf"
sed 's/^#\([a-z_]* =\)/\1/' "$TOP/conf/whokilledd.conf" >"$WORK/every.conf"
[ "$(grep -c '^[a-z_]* =' "$WORK/every.conf")" -ge 10 ] || fail "conf/whokilledd.conf lacks keys"
"$DAEMON" -t -c "$WORK/every.conf" >"$WORK/t.out" || fail "-t on every key of conf/whokilledd.conf"
assert_contains "$WORK/t.out" "configuration OK" "every documented key"
# A bad line, a bad option, a missing -c file: non-zero, with the error.
printf 'commit_interval_ms = 500\nrate_limit = lots\n' >"$WORK/bad.conf"
"$DAEMON" -t -c "$WORK/bad.conf" >"$WORK/t.out" 2>"$WORK/t.err"; rc=$?
assert_eq "$rc" 2 "whokilledd -t on a bad file"
assert_contains "$WORK/t.err" "$WORK/bad.conf:2: rate_limit: 'lots'" "-t names the bad line"
grep -q "configuration OK" "$WORK/t.out" && fail "-t said OK for a bad file"
"$DAEMON" -t -c "$conf" --queue-len 0 >"$WORK/t.out" 2>"$WORK/t.err"; rc=$?
assert_eq "$rc" 2 "whokilledd -t with a bad option"
assert_contains "$WORK/t.err" "queue_len: '0'" "-t names the bad option"
"$DAEMON" -t -c "$WORK/missing.conf" >"$WORK/t.out" 2>"$WORK/t.err"; rc=$?
assert_eq "$rc" 2 "whokilledd -t with a missing -c file"
assert_contains "$WORK/t.err" "$WORK/missing.conf: No such file" "-t names the missing file"
[ -e "$WORK/t-run" ] || [ -e "$WORK/t-db" ] && fail "whokilledd -t made something"

# SIGHUP.  At start: no debug, a commit interval of a minute, no rate limit.
U="wkh$$"
# (Its processes, the floods, are waited for: none outlives the test.  The
# user database may be locked for a moment by another user's change.)
drop_user() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		id "$U" >/dev/null 2>&1 || return 0
		userdel "$U" >/dev/null 2>&1 || sleep 0.3
	done
	echo "FAIL: could not remove the test user $U" >&2
	CLEANUP_FAILED=1
}
trap 'drop_user; cleanup' EXIT
useradd -M -s /bin/sh "$U" || fail "useradd"
as() { setpriv --reuid="$(id -u "$U")" --regid="$(id -g "$U")" --init-groups "$@"; }
db="$WORK/db/whokilled.db"
rows() { sqlite3 "$db" "select count(*) from kills where target_pid = $1"; }

printf 'debug = no\ncommit_interval_ms = 60000\nrate_limit = 0\n' >"$conf"
start_daemon -c "$conf"
as "$HELPERS/flood_reports" "$WHOKILLED_SOCKET_DIR" 3000 >/dev/null || fail "flood_reports"
assert_eq "$(stat_value rate_limited)" 0 "reports over a rate limit with rate_limit = 0"
# (No query from here until the kill is seen committed: a query commits.)
start_target USR1; target=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$target" || fail "kill -USR1"
sleep 1
assert_eq "$(rows "$target")" 0 "a kill committed before the minute's interval"
grep -q "sent signal" "$WORK/daemon.log" && fail "debug messages before debug = yes"

# The new file: debug on, commits within 50 ms, 10 reports a second; and a
# setting that needs a restart (queue_len), and one the command line
# overrides (db), which stays as it is, unremarked.
printf 'debug = yes\ncommit_interval_ms = 50\nrate_limit = 10\nqueue_len = 64\ndb = /nonexistent/x.db\n' >"$conf"
kill -HUP "$DAEMON_PID"
for _ in $(seq 1 100); do
	grep -q "SIGHUP: $conf re-read" "$WORK/daemon.log" && break
	sleep 0.05
done
assert_contains "$WORK/daemon.log" "SIGHUP: $conf re-read; applied debug no -> yes, commit_interval_ms 60000 -> 50, rate_limit 0 -> 10" \
	"the settings applied"
assert_contains "$WORK/daemon.log" "queue_len changed from 4096 to 64: needs a restart" \
	"the setting that needs a restart"
grep -q "SIGHUP: db" "$WORK/daemon.log" && fail "the db given on the command line was taken as changed"
# The kill waiting for its minute is committed now, with no query to force it.
for _ in $(seq 1 40); do
	[ "$(rows "$target")" = 1 ] && break
	sleep 0.05
done
assert_eq "$(rows "$target")" 1 "the kill committed within the new interval"
# Debug messages appear.
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$target" || fail "kill -USR1"
"$CLI" "$target" >/dev/null || fail "no answer after SIGHUP"
assert_contains "$WORK/daemon.log" "sent signal 10 to $target" "a debug message after debug = yes"
# The rate limit holds.
as "$HELPERS/flood_reports" "$WHOKILLED_SOCKET_DIR" 3000 >/dev/null || fail "flood_reports"
limited=$(stat_value rate_limited)
[ "$limited" -gt 0 ] || fail "no report over the new rate limit of 10 a second"

# A file that no longer reads: every setting in force stays.
printf 'commit_interval_ms = soon\n' >"$conf"
kill -HUP "$DAEMON_PID"
for _ in $(seq 1 100); do
	grep -q "the settings in force are kept" "$WORK/daemon.log" && break
	sleep 0.05
done
assert_contains "$WORK/daemon.log" "SIGHUP: $conf:1: commit_interval_ms: 'soon' is not a number" \
	"the bad file named"
assert_contains "$WORK/daemon.log" "the settings in force are kept" "a bad file changes nothing"
"$CLI" --stats >/dev/null || fail "the daemon does not answer after a bad SIGHUP"
kill -0 "$DAEMON_PID" || fail "the daemon died"
exit 0
