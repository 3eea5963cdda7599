# kill() to a pid that does not exist, and to a process the caller may not
# signal, returns the same value and errno with and without the shim.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon
compare() {
	local what=$1; shift
	local bare shim
	bare=$("$@") || true
	shim=$(LD_PRELOAD="$SHIM" "$@") || true
	[ -n "$bare" ] || fail "$what: no output from the helper"
	assert_eq "$shim" "$bare" "$what: result with the shim"
	echo "$what: $bare"
}

# A pid that is not running: find one.
gone=$(( $(cat /proc/sys/kernel/pid_max) - 7 ))
while kill -0 "$gone" 2>/dev/null; do gone=$((gone - 1)); done
compare "no such process" "$HELPERS/kill_errno" "$gone" 15
assert_eq "$("$HELPERS/kill_errno" "$gone" 15)" "ret=-1 errno=3" "ESRCH without the shim"

# An unprivileged caller signalling init: EPERM.
compare "not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups "$HELPERS/kill_errno" 1 15
assert_eq "$(setpriv --reuid=65534 --regid=65534 --clear-groups "$HELPERS/kill_errno" 1 15)" "ret=-1 errno=1" "EPERM without the shim"

# Signal 0 to a live and a dead process.
compare "probe live" "$HELPERS/kill_errno" $$ 0
compare "probe dead" "$HELPERS/kill_errno" "$gone" 0
compare "probe not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups "$HELPERS/kill_errno" 1 0

# An invalid signal number.
compare "invalid signal" "$HELPERS/kill_errno" $$ 99

# The failed attempts were recorded as attempts (not as deliveries).
"$CLI" --json --all "$gone" >"$WORK/gone.json"; rc=$?
assert_eq "$rc" 0 "the failed kill was recorded"
assert_eq "$(json_eval "$WORK/gone.json" 'd[0]["result"]["success"]')" False "recorded as failed"
assert_eq "$(json_eval "$WORK/gone.json" 'd[0]["result"]["errno"]')" 3 "recorded errno"
exit 0
