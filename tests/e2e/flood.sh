# One user floods the report socket with a million true reports as fast as
# it can.  The daemon keeps answering, stays small, counts what it dropped
# under the per-uid rate limit, and another user's reports that reached the
# socket are all stored.
. "$(dirname "$0")/../lib.sh"
need_root
U="wkf$$"; V="wkv$$"
trap 'pkill -KILL -u "$U" 2>/dev/null; userdel "$U" >/dev/null 2>&1; userdel "$V" >/dev/null 2>&1; cleanup' EXIT
useradd -M -s /bin/sh "$U" || fail "useradd"
useradd -M -s /bin/sh "$V" || fail "useradd"
as() { local who=$1; shift; setpriv --reuid="$(id -u "$who")" --regid="$(id -g "$who")" --init-groups "$@"; }

# A low limit, so a flood of any speed on this machine goes over it.
echo "rate_limit = 100" >"$WORK/whokilledd.conf"
start_daemon -c "$WORK/whokilledd.conf"
as "$U" "$HELPERS/flood_reports" "$WHOKILLED_SOCKET_DIR" 1000000 >"$WORK/flood.out" &
flood=$!
track "$flood"

# While it floods: the daemon answers, and the other user reports.
v_sent=0
for _ in $(seq 1 20); do
	as "$V" "$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" honest 2>/dev/null && v_sent=$((v_sent + 1))
done
"$CLI" --stats >/dev/null || fail "the daemon did not answer during the flood"
wait "$flood" || fail "the flood failed"
cat "$WORK/flood.out"

rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$DAEMON_PID/status")
echo "daemon peak RSS: $rss kB; the other user's reports sent: $v_sent"
[ "$rss" -lt 262144 ] || fail "the daemon grew to $rss kB under a flood"
limited=$(stat_value rate_limited)
echo "dropped by the rate limit: $limited"
[ "$limited" -gt 0 ] || fail "the flood was not rate limited"
[ "$v_sent" -gt 0 ] || fail "the other user could not send a single report"
"$CLI" --json --all --limit 1000 999999 >"$WORK/v.json" || fail "no report of the other user stored"
assert_eq "$(json_eval "$WORK/v.json" "sum(1 for e in d if e['killer']['uid'] == $(id -u "$V"))")" "$v_sent" \
	"the other user's reports that reached the socket are all stored"
kill -0 "$DAEMON_PID" || fail "the daemon died"
exit 0
