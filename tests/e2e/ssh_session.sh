# A real login: sshd on 127.0.0.1 with pam_whokilled.so in its session
# stack.  The test user logs in with a key, becomes root with sudo and
# kills a sleep with signal 9.  whokilled must name that user (not root),
# the session, the remote host and the chain sshd -> shell -> sudo -> kill.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/sshd_lib.sh"
need_root
trap 'sshd_cleanup; cleanup' EXIT

PAM_MOD="$TOP/pam_whokilled.so"
[ -f "$PAM_MOD" ] || fail "$PAM_MOD is not built"

start_daemon
start_target; target=$TARGET
sshd_start "session optional $PAM_MOD socket_dir=$WHOKILLED_SOCKET_DIR"
uid=$(id -u "$SSH_USER")

# What the user runs in the session: the shim preloaded at every step
# (sudo resets the environment, so it is passed on explicitly).  The root
# shell then waits on a fifo until the test has asked, as an interactive
# session would still be there: the daemon reads the chain from /proc when
# the report arrives.
mkfifo -m 0666 "$WORK/hold"
cat >"$WORK/session.sh" <<SCRIPT
export LD_PRELOAD=$SHIM WHOKILLED_SOCKET_DIR=$WHOKILLED_SOCKET_DIR
sudo env LD_PRELOAD=$SHIM WHOKILLED_SOCKET_DIR=$WHOKILLED_SOCKET_DIR \
	bash -c '/bin/kill -9 \$1; read x < $WORK/hold' sh "\$1"
SCRIPT
chmod 0755 "$WORK/session.sh"
ssh_run "bash $WORK/session.sh $target" >"$WORK/ssh.out" 2>&1 &
ssh_pid=$!
track "$ssh_pid"
wait "$target" 2>/dev/null
for _ in $(seq 1 200); do kill -0 "$target" 2>/dev/null || break; sleep 0.05; done
kill -0 "$target" 2>/dev/null && fail "the target survived"

"$CLI" --json "$target" >"$WORK/out.json" || fail "whokilled found nothing"
"$CLI" "$target" >"$WORK/out.txt"
cat "$WORK/out.txt"
j() { json_eval "$WORK/out.json" "$1"; }
assert_eq "$(j 'len(d)')" 1 "one event"
assert_eq "$(j 'd[0]["signal"]["name"]')" SIGKILL "signal"
assert_eq "$(j 'd[0]["killer"]["uid"]')" 0 "the killer ran as root"
assert_eq "$(j 'd[0]["killer"]["auid"]')" "$uid" "the killer's login uid is the user's"
assert_eq "$(j 'd[0]["session"]["user"]')" "$SSH_USER" "session user"
assert_eq "$(j 'd[0]["session"]["rhost"]')" 127.0.0.1 "remote host"
assert_eq "$(j 'd[0]["session"]["service"]')" "$SSH_SERVICE" "PAM service"
assert_eq "$(j 'd[0]["session"]["sessionid"] == d[0]["killer"]["session"]')" True "the kill's audit session is the login's"
assert_eq "$(j '"pam" in d[0]["sources"] and "shim" in d[0]["sources"]')" True "sources"
# The chain, outermost first: sshd ... the user's shell ... sudo ... kill.
# (This sshd runs under the test's own name, cut to 15 bytes as comm is.)
sshd_comm=${SSH_SERVICE:0:15}
chain=$(j '" ".join(e["comm"] for e in d[0]["chain"])')
echo "chain: $chain"
[[ "$chain" =~ $sshd_comm.*bash.*sudo.*bash.*kill$ ]] ||
	fail "chain '$chain' is not sshd -> bash -> sudo -> bash -> kill"
assert_eq "$(j '[e["pid"] for e in d[0]["chain"]].count(d[0]["session"]["pid"])')" 1 "the login process is in the chain"
# The uid changes from the user to root along it, and every step keeps the login uid.
assert_eq "$(j 'any(e["uid"] == '"$uid"' for e in d[0]["chain"])')" True "a chain step runs as the user"
login_at='[e["pid"] for e in d[0]["chain"]].index(d[0]["session"]["pid"])'
assert_eq "$(j 'all(e["auid"] == '"$uid"' for e in d[0]["chain"]['"$login_at"' + 1:])')" True "login uid along the chain after the login"
assert_contains "$WORK/out.txt" "$SSH_USER" "the person in the text report"
assert_contains "$WORK/out.txt" "127.0.0.1" "the remote host in the text report"

echo >"$WORK/hold"
wait "$ssh_pid" || { cat "$WORK/ssh.out"; fail "the ssh session failed"; }
exit 0
