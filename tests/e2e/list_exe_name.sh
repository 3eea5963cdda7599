# A NAME list matches the executable's base name as well as the comm (the
# kernel's name, cut at 15 bytes, or what a program renamed itself to):
#   - a program of a 24-byte name, killed by root: its signal and its end,
#     by the whole name, by a glob only the whole name matches, and by the
#     comm's 15 bytes;
#   - a python3 that renamed itself (prctl PR_SET_NAME), killed: by its
#     new comm, and by its executable's base name;
#   - JSON target.exe names the executable; a name it does not have lists
#     nothing (exit 1).
. "$(dirname "$0")/../lib.sh"
need_root
PY=/usr/bin/python3
[ -x "$PY" ] || fail "$PY is needed"
start_daemon

long=wklong-program-name-xyz	# 23 bytes: comm is "wklong-program-"
cp /bin/sleep "$WORK/$long"
"$WORK/$long" 1000 & victim=$!
track "$victim"
for _ in $(seq 1 100); do [ "$(cat /proc/$victim/comm)" = "${long:0:15}" ] && break; sleep 0.02; done
LD_PRELOAD="$SHIM" /bin/kill -TERM "$victim" || fail "kill -TERM"
wait "$victim" 2>/dev/null

"$PY" -c '
import ctypes, time
ctypes.CDLL(None).prctl(15, b"wkrenamed", 0, 0, 0)   # PR_SET_NAME
time.sleep(1000)' & renamed=$!
track "$renamed"
for _ in $(seq 1 100); do [ "$(cat /proc/$renamed/comm)" = wkrenamed ] && break; sleep 0.02; done
[ "$(cat /proc/$renamed/comm)" = wkrenamed ] || fail "python3 did not rename itself"
pyexe=$(basename "$(readlink -f "$PY")")
LD_PRELOAD="$SHIM" /bin/kill -USR1 "$renamed" || fail "kill -USR1"
wait "$renamed" 2>/dev/null
sleep 0.2

what='[(e["signal"]["name"] if e["signal"] else e["death"]["kind"]) for e in d]'
for asked in "$long" 'wklong-*-xyz' "${long:0:15}"; do
	"$CLI" --json "$asked" >"$WORK/long.json"; rc=$?
	assert_eq "$rc" 0 "whokilled '$asked' lists something"
	assert_eq "$(json_eval "$WORK/long.json" "$what")" "['signaled', 'SIGTERM']" \
		"'$asked': the end, then the signal"
done
assert_eq "$(json_eval "$WORK/long.json" 'd[1]["target"]["exe"]')" "$long" "target.exe"
assert_eq "$(json_eval "$WORK/long.json" 'd[1]["target"]["comm"]')" "${long:0:15}" "target.comm is cut"

"$CLI" --json wkrenamed >"$WORK/renamed.json" || fail "whokilled wkrenamed"
assert_eq "$(json_eval "$WORK/renamed.json" "$what")" "['signaled', 'SIGUSR1']" "by its new comm"
"$CLI" --json "$pyexe" >"$WORK/py.json" || fail "whokilled $pyexe"
assert_eq "$(json_eval "$WORK/py.json" "$what")" "['signaled', 'SIGUSR1']" "by its executable's name"
assert_eq "$(json_eval "$WORK/py.json" 'd[1]["target"]["pid"]')" "$renamed" "the renamed python3"
assert_eq "$(json_eval "$WORK/py.json" 'd[1]["target"]["exe"]')" "$pyexe" "its target.exe"

"$CLI" "$pyexe" >"$WORK/py.txt" || fail "whokilled $pyexe (text)"
cat "$WORK/py.txt"
assert_contains "$WORK/py.txt" "SIGUSR1  wkrenamed[$renamed]" "the text line names the comm"

# (its first 15 bytes are the comm's, but the executable says it is not)
"$CLI" wklong-program-name-xy >/dev/null; rc=$?
assert_eq "$rc" 1 "a name it does not have lists nothing"
echo "PASS list_exe_name"
