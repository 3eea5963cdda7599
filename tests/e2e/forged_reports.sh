# A forged report (claiming another pid or uid) sent from another process is
# rejected and counted, never stored; malformed datagrams likewise.
. "$(dirname "$0")/../lib.sh"

start_daemon
start_target; victim=$TARGET
before=$(stat_value events_total)

"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" pid "$victim" || fail "could not send"
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" uid 4242 || fail "could not send"
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" garbage || fail "could not send"
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" short || fail "could not send"

assert_eq "$(stat_value rejected_forged)" 2 "forged reports counted"
assert_eq "$(stat_value rejected_malformed)" 2 "malformed reports counted"
assert_eq "$(stat_value events_total)" "$before" "nothing stored"

# The control: an honest report from the same helper is stored.
"$HELPERS/forge_report" "$WHOKILLED_SOCKET_DIR" honest || fail "could not send"
assert_eq "$(stat_value events_total)" $((before + 1)) "honest report stored"
kill -0 "$DAEMON_PID" || fail "daemon died"
exit 0
