# What cannot be seen is said: --stats tells whether the kernel's kill
# rules are loaded (none, then conf/audit/whokilled.rules loaded with
# auditctl, then auditing disabled) and whether /etc/ld.so.preload loads
# the shim; a process killed by a static binary (the shim cannot see it)
# with no kernel kill rule is answered with the blind spots that explain
# why no recorded process sent the signal.  The machine's audit rules and
# enabled flag are saved first and restored at the end; /etc/ld.so.preload
# is only read.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/audit_lib.sh"
need_root
trap 'audit_restore_state; cleanup' EXIT

audit_save_state
auditctl -D >/dev/null || fail "auditctl -D"

# What /etc/ld.so.preload says, read as the daemon reads it.
preload=False
if [ -r /etc/ld.so.preload ] &&
	sed 's/#.*//' /etc/ld.so.preload | tr ' \t:' '\n\n\n' | grep -q '\(^\|/\)libwhokilled\.so$'; then
	preload=True
fi

start_daemon
assert_contains "$WORK/daemon.log" "kernel kill rules NOT loaded (static binaries and raw syscalls are not seen)" \
	"the start log line"
"$CLI" --stats >"$WORK/stats.txt" || fail "whokilled --stats"
grep -Eq '^  kill rules +not loaded \(static binaries and raw syscalls are not seen' "$WORK/stats.txt" ||
	{ cat "$WORK/stats.txt" >&2; fail "--stats should say the kill rules are not loaded"; }
assert_eq "$(stat_value kill_rules)" not_loaded "kill_rules in JSON"
assert_eq "$(stat_value ld_so_preload)" "$preload" "ld_so_preload in JSON"
if [ "$preload" = False ]; then
	grep -Eq '^  ld.so.preload +does not load the shim' "$WORK/stats.txt" ||
		fail "--stats should say ld.so.preload does not load the shim"
fi

# A static killer, no kernel rule: no recorded process sent the SIGTERM.
start_target; target=$TARGET
"$HELPERS/static_kill" "$target" 15 >/dev/null || fail "static_kill"
wait "$target" 2>/dev/null
"$CLI" "$target" >"$WORK/static.txt"; rc=$?
cat "$WORK/static.txt"
assert_eq "$rc" 0 "exit status: its end is known"
first=$(head -n 1 "$WORK/static.txt")
[[ "$first" == "pid $target (sleep): killed by SIGTERM at "*"; no recorded process sent it" ]] ||
	fail "the first line should say no recorded process sent it, got: $first"
assert_contains "$WORK/static.txt" "  blind spots that could explain it:" "the blind spots"
assert_contains "$WORK/static.txt" "    no kernel kill rule loaded: static binaries and raw syscalls are not seen" \
	"the missing kernel rule is named"
assert_contains "$WORK/static.txt" "    the kernel itself" "the kernel itself"
if [ "$preload" = False ]; then
	assert_contains "$WORK/static.txt" "the shim is not in /etc/ld.so.preload: setuid programs (su, sudo) drop LD_PRELOAD" \
		"the shim only in LD_PRELOAD"
fi
"$CLI" --json "$target" >"$WORK/static.json" || fail "whokilled --json"
ids() { json_eval "$WORK/$1.json" '[b["id"] for b in d[0]["death"]["blind_spots"] or []]'; }
case $(ids static) in *"'no_kill_rules'"*"'kernel'"*) ;; *) fail "blind spot ids: $(ids static)" ;; esac

# A process killed by a preloaded kill names its killer, and no blind spot.
start_target; seen=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -TERM "$seen" || fail "preloaded kill"
wait "$seen" 2>/dev/null
"$CLI" --json "$seen" >"$WORK/seen.json" || fail "whokilled --json (seen)"
assert_eq "$(json_eval "$WORK/seen.json" 'd[0]["death"]["blind_spots"]')" None "no blind spot with a sender"

# The rules of conf/audit loaded: --stats says so at once, and the answer
# no longer blames a missing rule (what is named is what holds now).
audit_load_rules "$TOP/conf/audit/whokilled.rules"
"$CLI" --stats >"$WORK/stats2.txt" || fail "whokilled --stats (rules loaded)"
grep -Eq '^  kill rules +loaded$' "$WORK/stats2.txt" ||
	{ cat "$WORK/stats2.txt" >&2; fail "--stats should say the kill rules are loaded"; }
assert_eq "$(stat_value kill_rules)" loaded "kill_rules in JSON, loaded"
"$CLI" --json "$target" >"$WORK/static2.json" || fail "whokilled --json (rules loaded)"
assert_eq "$(ids static2)" "['kernel']" "with the kernel's rules only the kernel itself is left"
assert_contains "$WORK/daemon.log" "now: kernel kill rules loaded" "the change is logged"

# Loaded but auditing disabled: the rules record nothing.
auditctl -e 0 >/dev/null || fail "auditctl -e 0"
assert_eq "$(stat_value kill_rules)" audit_disabled "kill_rules with auditing disabled"
"$CLI" --stats >"$WORK/stats3.txt" || fail "whokilled --stats (disabled)"
grep -Eq '^  kill rules +loaded, but the kernel.s auditing is disabled' "$WORK/stats3.txt" ||
	{ cat "$WORK/stats3.txt" >&2; fail "--stats should say auditing is disabled"; }
exit 0
