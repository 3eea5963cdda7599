# The shim finds the functions it wraps as dlsym(RTLD_NEXT) would, on the
# real loader, with its own lookup at the first wrapped call (nothing at
# exec): the next preloaded wrapper before libc when there is one, found
# in a GNU hash table or in a System V one.
. "$(dirname "$0")/../lib.sh"
need_root
command -v cc >/dev/null || fail "cc is needed to build the test's libraries"

# A second wrapper of kill(), preloaded after the shim: it leaves a mark,
# then passes the call on.  Built twice: with a GNU hash table, and with
# only the old System V one.
cat >"$WORK/wrap.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
int kill(pid_t pid, int sig)
{
	int (*next)(pid_t, int) = (int (*)(pid_t, int))dlsym(RTLD_NEXT, "kill");
	int fd = open(getenv("WRAP_MARK"), O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0) { (void)write(fd, "wrapped\n", 8); close(fd); }
	return next(pid, sig);
}
EOF
cc -shared -fPIC -Wl,--hash-style=gnu -o "$WORK/wrap.so" "$WORK/wrap.c" -ldl ||
	fail "cannot build the wrapper"
cc -shared -fPIC -Wl,--hash-style=sysv -o "$WORK/sysv.so" "$WORK/wrap.c" -ldl ||
	fail "cannot build the System V hash wrapper"
readelf -d "$WORK/sysv.so" | grep -q GNU_HASH && fail "sysv.so has a GNU hash table"
readelf -d "$WORK/wrap.so" | grep -q '(HASH)' && fail "wrap.so has a System V hash table"

start_daemon
# A program that never kills looks none of them up (the loader's debug
# output names every symbol it looks up, dlsym's too).
LD_DEBUG=symbols LD_PRELOAD="$SHIM" /bin/true 2>"$WORK/true.debug" || fail "true failed"
grep -qE 'symbol=(killpg|sigqueue|pidfd_send_signal);' "$WORK/true.debug" &&
	fail "the shim looked its functions up at exec"
grep -q 'symbol=_r_debug;' "$WORK/true.debug" || fail "no trace of the shim's loading"

# killpg's first call binds it (the program imports no kill), and delivers.
start_target
setsid bash -c 'exec sleep 1000' </dev/null >/dev/null 2>&1 &
group=$!
track "$group"
for _ in $(seq 1 100); do [ "$(cat /proc/$group/comm 2>/dev/null)" = sleep ] && break; sleep 0.02; done
LD_PRELOAD="$SHIM" python3 -c "import os, signal; os.killpg($group, signal.SIGTERM)" ||
	fail "killpg through the shim failed"
wait "$group" 2>/dev/null
kill -0 "$group" 2>/dev/null && fail "the group's sleep survived the killpg"
"$CLI" --json "$group" >"$WORK/group.json" || fail "no answer for the group"
assert_eq "$(json_eval "$WORK/group.json" 'd[0]["signal"]["name"]')" SIGTERM "the killpg was reported"

# The next wrapper comes before libc, as for dlsym(RTLD_NEXT), whichever
# hash table it has (the shim imports no dlsym: shim_imports.sh).
for lib in wrap sysv; do
	start_target
	rm -f "$WORK/mark"
	WRAP_MARK="$WORK/mark" LD_PRELOAD="$SHIM $WORK/$lib.so" \
	    "$HELPERS/kill_errno" "$TARGET" 15 >/dev/null
	assert_eq "$(cat "$WORK/mark" 2>/dev/null)" wrapped "the shim called the next wrapper ($lib.so)"
	wait "$TARGET" 2>/dev/null
	kill -0 "$TARGET" 2>/dev/null && fail "the target survived the wrapped kill ($lib.so)"
	"$CLI" --json "$TARGET" >"$WORK/$lib.json" || fail "no answer for the target ($lib.so)"
	assert_eq "$(json_eval "$WORK/$lib.json" 'd[0]["signal"]["name"]')" SIGTERM "the wrapped kill was reported ($lib.so)"
done
echo "PASS shim_next"
