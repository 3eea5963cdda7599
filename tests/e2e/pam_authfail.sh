# A failed authentication through a PAM service that has pam_whokilled.so in
# authfail mode is listed by `whokilled --failed-logins` with the failing
# program's argv; a successful one is not.
. "$(dirname "$0")/../lib.sh"
need_root
command -v pamtester >/dev/null || fail "pamtester is not installed (make deps installs it)"

PAM_MOD="$TOP/pam_whokilled.so"
[ -f "$PAM_MOD" ] || fail "$PAM_MOD is not built"
SERVICE="whokilled-test-authfail-$$"
PAM_FILE="/etc/pam.d/$SERVICE"
USER_NAME="wkf$$"
trap 'rm -f "$PAM_FILE"; userdel "$USER_NAME" >/dev/null 2>&1; cleanup' EXIT

useradd -M -s /usr/sbin/nologin "$USER_NAME" || fail "useradd"
echo "$USER_NAME:right-password" | chpasswd || fail "chpasswd"
cat >"$PAM_FILE" <<PAM
# written by a whokilled test; removed when it ends
auth [success=2 default=ignore] pam_unix.so
auth optional $PAM_MOD authfail socket_dir=$WHOKILLED_SOCKET_DIR
auth requisite pam_deny.so
auth required pam_permit.so
account required pam_permit.so
PAM
start_daemon

echo wrong-password | pamtester "$SERVICE" "$USER_NAME" authenticate && fail "a wrong password was accepted"
echo wrong-again | pamtester "$SERVICE" "$USER_NAME" authenticate && fail "a wrong password was accepted"
echo right-password | pamtester "$SERVICE" "$USER_NAME" authenticate || fail "the right password was refused"

"$CLI" --json --failed-logins "$USER_NAME" >"$WORK/fail.json" || fail "no failed login listed"
"$CLI" --failed-logins "$USER_NAME" >"$WORK/fail.txt"
cat "$WORK/fail.txt"
j() { json_eval "$WORK/fail.json" "$1"; }
assert_eq "$(j 'len(d)')" 1 "one group of alike failures"
assert_eq "$(j 'd[0]["count"]')" 2 "two failures, the success not counted"
assert_eq "$(j 'd[0]["user"]')" "$USER_NAME" "the account tried"
assert_eq "$(j 'd[0]["service"]')" "$SERVICE" "the service"
assert_eq "$(j 'd[0]["program"]["argv"]')" "['pamtester', '$SERVICE', '$USER_NAME', 'authenticate']" "the failing program's argv"
assert_contains "$WORK/fail.txt" "pamtester $SERVICE $USER_NAME authenticate" "argv in the text listing"

# A program with a command line longer than 32 KiB: its beginning and its
# end, where the service, the account and the operation are.
mapfile -t items < <(yes -- $'-I\ntty=pts/9' | head -n 12000)
echo wrong-password | pamtester "${items[@]}" "$SERVICE" "$USER_NAME" authenticate >/dev/null 2>&1 &&
	fail "a wrong password was accepted"
"$CLI" --json --failed-logins "$USER_NAME" >"$WORK/long.json" || fail "no failed login listed"
assert_eq "$(json_eval "$WORK/long.json" 'len(d)')" 2 "the long command line is a group of its own"
assert_eq "$(json_eval "$WORK/long.json" 'd[0]["program"]["argc"]')" 12004 "argc of the long command line"
assert_eq "$(json_eval "$WORK/long.json" 'd[0]["program"]["argv"][-3:]')" "['$SERVICE', '$USER_NAME', 'authenticate']" \
	"the end of the long command line"
assert_eq "$(json_eval "$WORK/long.json" 'd[0]["program"]["argv"][0]')" pamtester "its beginning"
assert_eq "$(json_eval "$WORK/long.json" 'len(d[0]["program"]["argv"]) + d[0]["program"]["argv_cut"]["args_omitted"]')" 12004 \
	"kept and left-out arguments add up"

"$CLI" --failed-logins nosuchuser$$ >/dev/null; rc=$?
assert_eq "$rc" 1 "nothing for another account"
exit 0
