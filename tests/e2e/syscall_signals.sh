# Signals sent through the C library's syscall() are attributed like kill():
# psmisc's killall (pidfd_send_signal through an open /proc/PID directory),
# Python's signal.pidfd_send_signal, and each of the six numbers that send a
# signal.  Return value and errno are the same with and without the shim,
# signal 0 is not reported, and every other number passes through unseen.
. "$(dirname "$0")/../lib.sh"
need_root
[ -x /usr/bin/killall ] || fail "/usr/bin/killall (psmisc) is not installed: run make deps"
[ -x /usr/bin/python3 ] || fail "/usr/bin/python3 is not installed: run make deps"

start_daemon

# The event of $1's JSON answer with signal $2 (exactly one).
one_event() {
	json_eval "$1" "[e for e in d if e['signal'] and e['signal']['name'] == '$2']" >/dev/null ||
		fail "cannot read $1"
	assert_eq "$(json_eval "$1" "len([e for e in d if e['signal'] and e['signal']['name'] == '$2'])")" 1 \
		"one $2 event in $1"
}
# A field of that event: ev FILE SIGNAL EXPR (EXPR sees `e`).
ev() {
	json_eval "$1" "[$3 for e in d if e['signal'] and e['signal']['name'] == '$2'][0]"
}

# --- killall -s USR1 NAME: the target dies of it (SIGUSR1's default).
name="wksc$$"
name=${name:0:15}
cp /bin/sleep "$WORK/$name"
"$WORK/$name" 1000 </dev/null >/dev/null 2>&1 &
victim=$!
track "$victim"
for i in $(seq 1 100); do
	[ "$(cat "/proc/$victim/comm" 2>/dev/null)" = "$name" ] && break
	sleep 0.02
done
LD_PRELOAD="$SHIM" /usr/bin/killall -s USR1 "$name" || fail "killall failed"
wait "$victim"; rc=$?
assert_eq "$rc" $((128 + 10)) "the target died of SIGUSR1"

"$CLI" "$victim" >"$WORK/killall.txt" || fail "whokilled found nothing for the killall victim"
cat "$WORK/killall.txt"
assert_contains "$WORK/killall.txt" "killed by SIGUSR1 from root (pid" "the death names its killer"
assert_contains "$WORK/killall.txt" "killall -s USR1 $name" "killer argv in the text"
"$CLI" --json "$victim" >"$WORK/killall.json" || fail "whokilled --json failed"
one_event "$WORK/killall.json" SIGUSR1
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["call"]')" pidfd_send_signal "killall's call"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["killer"]["comm"]')" killall "killer comm"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["killer"]["argv"]')" \
	"['/usr/bin/killall', '-s', 'USR1', '$name']" "killer argv"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["target"]["pid"]')" "$victim" "target pid read through the /proc directory"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["target"]["comm"]')" "$name" "target comm"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 'e["result"]["success"]')" True "delivered"
assert_eq "$(ev "$WORK/killall.json" SIGUSR1 '"shim" in e["sources"]')" True "seen by the shim"

# --- Python's signal.pidfd_send_signal (a pidfd from os.pidfd_open).
start_target; target=$TARGET
code='import os, signal, sys; fd = os.pidfd_open(int(sys.argv[1])); signal.pidfd_send_signal(fd, signal.SIGTERM)'
LD_PRELOAD="$SHIM" /usr/bin/python3 -c "$code" "$target" || fail "python3 failed"
wait "$target"; rc=$?
assert_eq "$rc" $((128 + 15)) "the target died of SIGTERM"
"$CLI" --json "$target" >"$WORK/python.json" || fail "whokilled found nothing for python's target"
one_event "$WORK/python.json" SIGTERM
assert_eq "$(ev "$WORK/python.json" SIGTERM 'e["call"]')" pidfd_send_signal "python's call"
assert_eq "$(ev "$WORK/python.json" SIGTERM 'e["killer"]["comm"]')" python3 "killer comm"
assert_eq "$(ev "$WORK/python.json" SIGTERM 'e["killer"]["argv"]')" \
	"['/usr/bin/python3', '-c', '$code', '$target']" "killer argv"
assert_eq "$(ev "$WORK/python.json" SIGTERM 'e["target"]["pid"]')" "$target" "target pid from the pidfd"
assert_eq "$(ev "$WORK/python.json" SIGTERM 'e["result"]["success"]')" True "delivered"

# --- Each of the six numbers, to a target that ignores SIGUSR1; signal 0
# through each first, which must not be reported.
start_target USR1; target=$TARGET
calls="kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo pidfd_send_signal"
for c in $calls; do
	out=$(LD_PRELOAD="$SHIM" "$HELPERS/syscall_signal" "$c" "$target" 0) || fail "$c: helper failed"
	assert_eq "$out" "ret=0 errno=4242" "$c with signal 0"
	out=$(LD_PRELOAD="$SHIM" "$HELPERS/syscall_signal" "$c" "$target" USR1) || fail "$c: helper failed"
	assert_eq "$out" "ret=0 errno=4242" "$c with SIGUSR1 (errno untouched)"
done
kill -0 "$target" || fail "the target should have ignored SIGUSR1"
"$CLI" --json --limit 100 "$target" >"$WORK/six.json" || fail "nothing recorded for the six calls"
assert_eq "$(json_eval "$WORK/six.json" 'len(d)')" 6 "six reports, none for signal 0"
assert_eq "$(json_eval "$WORK/six.json" 'sorted(e["call"] for e in d)')" \
	"['kill', 'pidfd_send_signal', 'sigqueue', 'sigqueue', 'tgkill', 'tgkill']" \
	"each number named as the call that makes it"
assert_eq "$(json_eval "$WORK/six.json" 'set(e["signal"]["name"] for e in d)')" "{'SIGUSR1'}" "the signal"
assert_eq "$(json_eval "$WORK/six.json" 'set(e["killer"]["comm"] for e in d)')" "{'syscall_signal'}" "the killer"
assert_eq "$(json_eval "$WORK/six.json" 'set(e["target"]["pid"] for e in d)')" "{$target}" "the target, read before delivery"
assert_eq "$(json_eval "$WORK/six.json" 'all(e["result"]["success"] for e in d)')" True "all delivered"
# tkill, tgkill and rt_tgsigqueueinfo name the main thread; the others none.
assert_eq "$(json_eval "$WORK/six.json" 'sorted(e["target"]["arg_tid"] for e in d)')" \
	"[0, 0, 0, $target, $target, $target]" "the thread each call named"
assert_eq "$(json_eval "$WORK/six.json" 'sorted(e["killer"]["argv"][1] for e in d)')" \
	"['kill', 'pidfd_send_signal', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'tgkill', 'tkill']" "the killers' argv"
"$CLI" "$target" >"$WORK/six.txt" || fail "whokilled (text) failed"
assert_contains "$WORK/six.txt" "thread $target" "the thread in the text answer"

# --- Failures: the same return value and errno with and without the shim.
compare() {
	local what=$1; shift
	local bare shim
	bare=$("$@") || true
	shim=$(LD_PRELOAD="$SHIM" "$@") || true
	[ -n "$bare" ] || fail "$what: no output from the helper"
	assert_eq "$shim" "$bare" "$what: result with the shim"
	echo "$what: $bare"
}
for c in $calls; do
	compare "$c, no such process" "$HELPERS/syscall_signal" "$c" reaped TERM
	assert_eq "$("$HELPERS/syscall_signal" "$c" reaped TERM)" "ret=-1 errno=3" "$c: ESRCH without the shim"
	compare "$c, not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$HELPERS/syscall_signal" "$c" 1 TERM
	assert_eq "$(setpriv --reuid=65534 --regid=65534 --clear-groups "$HELPERS/syscall_signal" "$c" 1 TERM)" \
		"ret=-1 errno=1" "$c: EPERM without the shim"
	compare "$c, invalid signal" "$HELPERS/syscall_signal" "$c" "$target" 99
	assert_eq "$("$HELPERS/syscall_signal" "$c" "$target" 99)" "ret=-1 errno=22" "$c: EINVAL without the shim"
done
# The refused attempts on init were recorded as failures (EPERM).
"$CLI" --json --limit 100 --signal TERM 1 >"$WORK/init.json" || fail "the refused attempts were not recorded"
assert_eq "$(json_eval "$WORK/init.json" 'len(d)')" 6 "one refused attempt per number"
assert_eq "$(json_eval "$WORK/init.json" 'set((e["result"]["success"], e["result"]["errno"]) for e in d)')" \
	"{(False, 1)}" "recorded as refused with EPERM"
assert_eq "$(json_eval "$WORK/init.json" 'set(e["killer"]["uid"] for e in d)')" "{65534}" "by the unprivileged caller"

# --- Every other number passes through, unreported.
before=$(stat_value received)
"$HELPERS/syscall_passthrough" || fail "syscall_passthrough fails without the shim"
LD_PRELOAD="$SHIM" "$HELPERS/syscall_passthrough" || fail "syscall() of other numbers changed under the shim"
assert_eq "$(stat_value received)" "$before" "no report for numbers that send no signal"
exit 0
