# A killer with a long command line whose last argument is the target pid
# (xargs kill, a script called with many arguments): the answer keeps that
# argument.  5 KB fits whole; 100 KB keeps its beginning and its end, says
# where it was cut and how much was left out there, and argc stays right.
. "$(dirname "$0")/../lib.sh"
need_root

start_daemon

# kill_with_filler N: a preloaded bash, run with N filler arguments of
# 9 bytes each and then the target's pid, signals that last argument.
kill_with_filler() {
	local n=$1
	start_target; target=$TARGET
	mapfile -t filler < <(seq -f 'arg%05g' 1 "$n")
	LD_PRELOAD="$SHIM" bash -c 'kill -TERM "${!#}"' bash "${filler[@]}" "$target" ||
		fail "the preloaded bash could not kill $target"
	wait "$target" 2>/dev/null
	# bash, -c, the script, $0 (bash), the filler, the pid.
	argc=$((4 + n + 1))
	"$CLI" --json "$target" >"$WORK/$n.json" || fail "whokilled --json $target ($n arguments)"
}

# --- about 5 KB: whole.
kill_with_filler 500
f="$WORK/500.json"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argc"]')" "$argc" "argc of a 5 KB command line"
assert_eq "$(json_eval "$f" 'len(d[0]["killer"]["argv"])')" "$argc" "every argument of a 5 KB command line"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv"][-1]')" "$target" "the last argument: the target pid"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv_cut"]')" None "a 5 KB command line is not cut"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv_truncated"]')" False "nor flagged so"

# --- about 100 KB: its beginning and its end, and the cut.
kill_with_filler 10000
f="$WORK/10000.json"
kept=$(json_eval "$f" 'len(d[0]["killer"]["argv"])')
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argc"]')" "$argc" "argc of a 100 KB command line"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv"][-1]')" "$target" "the last argument of 100 KB: the target pid"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv"][:4]')" "['bash', '-c', 'kill -TERM \"\${!#}\"', 'bash']" "its beginning"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv_truncated"]')" True "a 100 KB command line is flagged cut"
cut=$(json_eval "$f" 'd[0]["killer"]["argv_cut"]["after_arg"]')
omitted=$(json_eval "$f" 'd[0]["killer"]["argv_cut"]["args_omitted"]')
# Whole arguments only here: what was kept and what was left out are argc.
assert_eq "$((kept + omitted))" "$argc" "kept and left-out arguments add up to argc"
assert_eq "$(json_eval "$f" 'd[0]["killer"]["argv_cut"]["bytes_omitted"]')" "$((omitted * 8))" "bytes left out (8 a filler argument)"
assert_eq "$(json_eval "$f" '[d[0]["killer"]["argv_cut"][k] for k in ("head_partial", "tail_partial", "one_argument")]')" \
	"[False, False, False]" "no argument cut inside"
# The arguments either side of the cut are the filler's, in order.
before=$(json_eval "$f" 'd[0]["killer"]["argv"]['"$cut"' - 1]')
after=$(json_eval "$f" 'd[0]["killer"]["argv"]['"$cut"']')
assert_eq "$before" "$(printf 'arg%05d' $((cut - 4)))" "the last argument before the cut"
assert_eq "$after" "$(printf 'arg%05d' $((cut - 4 + omitted + 1)))" "the first argument after the cut"
# The head has half of the 32 KiB at most, the rest goes to the end.
[ "$cut" -gt 1000 ] && [ "$((kept - cut))" -gt 1000 ] ||
	fail "the beginning ($cut arguments) and the end ($((kept - cut))) are not both kept"

# The text answer shows the cut where it is, and says what was left out.
LC_ALL=C.UTF-8 "$CLI" "$target" >"$WORK/long.txt" || fail "whokilled $target"
assert_contains "$WORK/long.txt" "$before … $after" "the cut in the text answer"
assert_contains "$WORK/long.txt" "$target (…: $omitted arguments, $((omitted * 8)) bytes left out)" "what the cut left out"
LC_ALL=C "$CLI" "$target" >"$WORK/long-c.txt" || fail "whokilled $target under LC_ALL=C"
assert_contains "$WORK/long-c.txt" "$before ... $after" "the cut in ASCII"

# --- A program that rewrote its command line (setproctitle; perl's $0)
# before it killed is named as ps names it then: by its title.
start_target; target=$TARGET
LD_PRELOAD="$SHIM" perl -e '$0 = "worker: reaper"; kill "TERM", $ARGV[0] or exit 1' "$target" ||
	fail "the preloaded perl could not kill $target"
wait "$target" 2>/dev/null
"$CLI" --json "$target" >"$WORK/title.json" || fail "whokilled --json $target (title)"
assert_eq "$(json_eval "$WORK/title.json" 'd[0]["killer"]["argv"][0]')" "worker: reaper" "a rewritten command line: its title"
assert_eq "$(json_eval "$WORK/title.json" 'd[0]["killer"]["argc"]')" \
	"$(json_eval "$WORK/title.json" 'len(d[0]["killer"]["argv"])')" "argc counts the strings sent"
exit 0
