#!/bin/bash
# make bench: what whokilled costs on this machine and how it compares, in
# one run.  Prints the figures with the machine they were measured on and
# writes them to bench/RESULTS.md (this scale's block; the rest is kept).
#
#   BENCH_SCALE=small     a quick run (about 2 minutes): smaller loops, a
#                         store of 100,000 events
#   BENCH_SCALE=default   (make bench) stores of 1 million events
#   BENCH_SCALE=full      also 10 million events (generating them takes
#                         longer than the rest of the run together)
#   BENCH_TMPDIR=DIR      where the stores and audit logs go (default
#                         /var/tmp; the full scale needs about 15 GB)
#   BENCH_AUDIT_WAIT=S    how long to wait for audit to be free (300 s)
#
# Nothing here asserts a time: the figures are reported beside the targets,
# and the run fails only when a measurement could not be made.  The kernel
# audit variants run last, only when nobody else uses audit, and leave the
# audit state as they found it.
set -u
cd "$(dirname "$0")/.." || exit 2
TOP=$PWD
BIN=$TOP/build/bench
SHIM=$TOP/libwhokilled.so
SCALE=${BENCH_SCALE:-default}

. bench/bench_lib.sh
. bench/audit_lib.sh

case $SCALE in
small)
	KILL_N=20000 PACED_N=2000 PACE_US=500 PARTS_N=1000 EXEC_N=300 WORKLOAD_N=3 FIRST_N=300
	SYSCALL_N=20000
	STORE_ROWS=50000 FLOOD_S=1 SIZES="100000" CLI_RUNS=200 RTT_RUNS=500
	AUS_RUNS=3 AUSI_RUNS=1 HUB_EVENTS=5000 HUB_ROWS=100000
	PRUNE_ROWS=100000 PRUNE_S=3 ;;
default)
	KILL_N=100000 PACED_N=5000 PACE_US=500 PARTS_N=5000 EXEC_N=6000 WORKLOAD_N=7 FIRST_N=2000
	SYSCALL_N=100000
	STORE_ROWS=200000 FLOOD_S=2 SIZES="1000000" CLI_RUNS=500
	RTT_RUNS=2000 AUS_RUNS=5 AUSI_RUNS=2 HUB_EVENTS=20000 HUB_ROWS=1000000
	PRUNE_ROWS=1000000 PRUNE_S=10 ;;
full)
	KILL_N=100000 PACED_N=5000 PACE_US=500 PARTS_N=5000 EXEC_N=6000 WORKLOAD_N=7 FIRST_N=2000
	SYSCALL_N=100000
	STORE_ROWS=200000 FLOOD_S=2 SIZES="1000000 10000000" CLI_RUNS=500
	RTT_RUNS=2000 AUS_RUNS=3 AUSI_RUNS=1 HUB_EVENTS=20000 HUB_ROWS=10000000
	PRUNE_ROWS=10000000 PRUNE_S=20 ;;
*)
	echo "bench: BENCH_SCALE must be small, default or full" >&2
	exit 2 ;;
esac
FLOOD_RATES="1000 2000 5000 10000 20000 30000 40000 50000 60000 80000 100000 200000"
QUERY_PIDS=1000

for f in "$SHIM" "$TOP/whokilledd" "$TOP/whokilled" "$BIN/kill_latency" "$BIN/first_kill" \
    "$BIN/exec_cost" "$BIN/shim_parts" "$BIN/exec_event" "$BIN/report_flood" "$BIN/query_rtt" \
    "$BIN/time_cmd" "$BIN/gen_audit_log" "$BIN/store_bench" "$BIN/follow_latency" \
    "$BIN/empty_preload.so" "$BIN/prune_bench" "$BIN/syscall_cost" \
    "$BIN/hub_bench"; do
	[ -e "$f" ] || { echo "bench: $f is missing: run make bench" >&2; exit 2; }
done

WORK=$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/whokilled-bench.XXXXXX") || exit 2
chmod 0755 "$WORK"
REPORT=$WORK/report.md
: >"$REPORT"
STARTED=$(date +%s)
TARGET_PIDS=()

cleanup() {
	local p
	for p in "${TARGET_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	daemon_stop
	audit_stop
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "bench: $*" >&2
	exit 1
}

# ---------------------------------------------------------------- machine

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
virt=$(lscpu 2>/dev/null | awk -F': *' '/^Hypervisor vendor/ { print $2 }')
md "## Scale \`$SCALE\` — $(date -u '+%Y-%m-%d %H:%M UTC')"
md ""
md "| machine | |"
md "| --- | --- |"
md "| CPU | $cpu${virt:+ (virtual machine, $virt)} |"
md "| cores | $(nproc) online |"
md "| memory | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
md "| kernel | $(uname -r) |"
md "| system | $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}"), $(ldd --version 2>/dev/null | head -n 1 | sed 's/^ldd //'), SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), audit $(auditctl -v 2>/dev/null | awk '{ print $NF }') |"
md "| compiler | $(cc --version | head -n 1), CFLAGS as built by make |"
md "| source | commit $(git rev-parse --short HEAD 2>/dev/null || echo '?') (the working tree may hold uncommitted work) |"
md "| pid_max | $(cat /proc/sys/kernel/pid_max) |"
md ""
md "Times are medians and 99th percentiles of many calls, each timed alone"
md "with CLOCK_MONOTONIC (the clock pair itself costs the \"timer\" figure)."
md ""

# ---------------------------------------------------------------- 1. kill

echo "== 1. the wrapped call" >&2
run_kill() {	# label, then the command's environment and arguments
	local label=$1 out
	shift
	out=$(env "$@" "$BIN/kill_latency" -n "$KILL_N") || fail "kill_latency ($label) failed"
	KILL_OUT[$label]=$out
}
declare -A KILL_OUT
NODAEMON=$WORK/nodaemon
mkdir -p "$NODAEMON"

run_kill bare -u LD_PRELOAD
# A killer's first and only kill: FIRST_N fresh processes, one signal each.
declare -A FIRST
run_first() {	# label, then the environment
	local label=$1
	shift
	FIRST[$label]=$(env "$@" "$BIN/first_kill" -n "$FIRST_N") || fail "first_kill ($label) failed"
}
run_first bare -u LD_PRELOAD
# The floor under any report: the kill and one datagram of a report's size,
# sent as the shim sends it, from a process without the shim.
FIRST[datagram]=$(env -u LD_PRELOAD "$BIN/first_kill" -n "$FIRST_N" -d) || fail "first_kill -d failed"
daemon_start "$WORK/kd" "$WORK/kd/db/whokilled.db" || fail "cannot start whokilledd"
run_first shim_daemon LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$WORK/kd/run"
before=$(daemon_stats)
run_kill shim_daemon LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$WORK/kd/run"
after=$(daemon_stats)
shim_daemon_dropped=$(minus "$(kv "$after" sender_dropped)" "$(kv "$before" sender_dropped)")
shim_daemon_stored=$(minus "$(kv "$after" stored)" "$(kv "$before" stored)")
paced=$(env LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$WORK/kd/run" \
    "$BIN/kill_latency" -n "$PACED_N" -w 100 -i "$PACE_US") || fail "kill_latency (paced) failed"
KILL_OUT[shim_paced]=$paced
after2=$(daemon_stats)
paced_dropped=$(minus "$(kv "$after2" sender_dropped)" "$(kv "$after" sender_dropped)")
parts=$("$BIN/shim_parts" -n "$PARTS_N" "$WORK/kd/run") || fail "shim_parts failed"
parts_nod=$("$BIN/shim_parts" -n "$PARTS_N") || fail "shim_parts failed"
exec_ev=$("$BIN/exec_event" -n "$PARTS_N") || fail "exec_event failed"
daemon_stop
run_kill shim_nodaemon LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$NODAEMON"
run_first shim_nodaemon LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$NODAEMON"

# Signal 0 alone, bare and preloaded in turn, five processes each: the
# spread of the bare medians is the noise the shim's difference is judged by.
SIG0_BARE=()
SIG0_SHIM=()
for i in 1 2 3 4 5; do
	o=$(env -u LD_PRELOAD "$BIN/kill_latency" -0 -n "$KILL_N") || fail "kill_latency -0 failed"
	SIG0_BARE+=("$(kv "$(line_of "$o" kill_sig0)" median_ns)")
	o=$(env LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$NODAEMON" "$BIN/kill_latency" -0 -n "$KILL_N") ||
	    fail "kill_latency -0 failed"
	SIG0_SHIM+=("$(kv "$(line_of "$o" kill_sig0)" median_ns)")
done

# syscall() of numbers that send no signal (getppid, and a futex wake that
# nobody waits for), bare and preloaded in turn, five processes each, as
# for signal 0.  SC[variant.kind.stat] holds the five processes' figures.
SC_KINDS="syscall_getppid syscall_futex_wake block_getppid block_futex_wake"
declare -A SC
for i in 1 2 3 4 5; do
	for v in bare shim; do
		if [ "$v" = bare ]; then
			o=$(env -u LD_PRELOAD "$BIN/syscall_cost" -n "$SYSCALL_N") ||
			    fail "syscall_cost failed"
		else
			o=$(env LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$NODAEMON" \
			    "$BIN/syscall_cost" -n "$SYSCALL_N") || fail "syscall_cost failed"
		fi
		for k in $SC_KINDS; do
			SC[$v.$k.median]+="$(kv "$(line_of "$o" "$k ")" median_ns) "
			SC[$v.$k.p99]+="$(kv "$(line_of "$o" "$k ")" p99_ns) "
		done
	done
done
# The middle of five figures, and their spread (largest - smallest).
mid() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
spread() { printf '%s\n' "$@" | sort -n | sed -n '1p;$p' | paste -sd' ' | awk '{ print $2 - $1 }'; }
# The noise a shim figure is judged by: the spread of the five bare
# medians, at least 5% of their middle.
noise() { awk -v s="$(spread "$@")" -v b="$(mid "$@")" 'BEGIN { n = b * 0.05; if (s > n) n = s; printf "%.0f", n }'; }
# shellcheck disable=SC2086 # the five figures are words
sc() {	# variant kind stat -> the middle of the five
	mid ${SC[$1.$2.$3]}
}
# shellcheck disable=SC2086 # the five figures are words
sc_low() {	# variant kind -> the lowest of the five medians
	printf '%s\n' ${SC[$1.$2.median]} | sort -n | head -n 1
}

kill_row() {	# label, description
	local o=${KILL_OUT[$1]} u z
	u=$(line_of "$o" kill_usr1)
	z=$(line_of "$o" kill_sig0)
	md "| $2 | $(us "$(kv "$u" median_ns)") | $(us "$(kv "$u" p99_ns)") | $(us "$(kv "$z" median_ns)") | $(us "$(kv "$z" p99_ns)") |"
}
med() {	# label, kind -> median ns
	kv "$(line_of "${KILL_OUT[$1]}" "$2")" median_ns
}

# ---------------------------------------------------------------- 2. exec

echo "== 2. the cost to every other process" >&2
exec_out=$("$BIN/exec_cost" -n "$EXEC_N" "$SHIM" "$BIN/empty_preload.so") || fail "exec_cost failed"
exec_bare=$(line_of "$exec_out" "exec variant=bare")
exec_shim=$(line_of "$exec_out" "exec variant=$SHIM")
exec_empty=$(line_of "$exec_out" "exec variant=$BIN/empty_preload.so")

# Real work with many execs, every child preloaded as its parent is: a shell
# loop of 1,000 short commands, and make over a tree of 200 small files
# (each made by sed, then all joined by cat; -B: everything, every time).
mkdir -p "$WORK/tree"
for i in $(seq 1 200); do echo "line $i of the tree" >"$WORK/tree/src$i.in"; done
{
	printf 'all: joined.txt\n'
	printf 'OUT := $(patsubst %%.in,%%.out,$(wildcard src*.in))\n'
	printf 'joined.txt: $(OUT)\n\tcat $(OUT) >$@\n'
	printf '%%.out: %%.in\n\tsed s/line/LINE/ $< >$@\n'
} >"$WORK/tree/Makefile"
cat >"$WORK/loop1000.sh" <<LOOP
#!/bin/sh
for i in \$(seq 1 250); do
	/bin/true; /bin/echo \$i >/dev/null; /bin/cat "$WORK/tree/src1.in" >/dev/null; /usr/bin/expr \$i + 1 >/dev/null
done
LOOP
cat >"$WORK/make200.sh" <<MAKE
#!/bin/sh
exec make -s -B -C "$WORK/tree"
MAKE
chmod +x "$WORK/loop1000.sh" "$WORK/make200.sh"
workload_out=$("$BIN/exec_cost" -n "$WORKLOAD_N" -w 1 -p "$WORK/loop1000.sh" "$SHIM" "$BIN/empty_preload.so") || fail "exec_cost loop1000 failed"
make_out=$("$BIN/exec_cost" -n "$WORKLOAD_N" -w 1 -p "$WORK/make200.sh" "$SHIM" "$BIN/empty_preload.so") || fail "exec_cost make200 failed"

# Memory of a sleeping process, bare and preloaded: VmRSS, Pss, and what
# the shim's own mappings hold.
mem_of() {	# env args... ; prints "rss pss shim_rss"
	local pid i
	env "$@" sleep 1000 </dev/null >/dev/null 2>&1 &
	pid=$!
	TARGET_PIDS+=("$pid")
	for i in $(seq 1 100); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.02
	done
	sleep 0.1
	echo "$(status_kb "$pid" VmRSS) $(awk '$1 == "Pss:" { print $2 }' "/proc/$pid/smaps_rollup") $(awk '
	    /^[0-9a-f]+-[0-9a-f]+ / { mine = ($6 ~ /libwhokilled\.so$/) }
	    mine && $1 == "Rss:" { s += $2 } END { print s + 0 }' "/proc/$pid/smaps")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
read -r mem_bare_rss mem_bare_pss _ <<<"$(mem_of -u LD_PRELOAD)"
read -r mem_shim_rss mem_shim_pss mem_shim_own <<<"$(mem_of LD_PRELOAD="$SHIM")"

# ---------------------------------------------------------------- 3. ingest

echo "== 3. the daemon's ingest" >&2
store_out=$("$BIN/store_bench" "$WORK/store_bench.db" "$STORE_ROWS" 1024) || fail "store_bench failed"
rm -f "$WORK"/store_bench.db*
store_rate=$(awk '/^insert:/ { print $(NF - 1) }' <<<"$store_out")
# What each index of the lists (schema version 9) costs at insert: the
# same run without it, and without all four.
LIST_INDEXES="kills_by_comm kills_by_login kills_by_uid kills_by_euid"
declare -A INDEX_RATE
for ix in $LIST_INDEXES "${LIST_INDEXES// /,}"; do
	o=$(STORE_BENCH_DROP=$ix "$BIN/store_bench" "$WORK/store_drop.db" "$STORE_ROWS" 1024) ||
	    fail "store_bench without $ix failed"
	rm -f "$WORK"/store_drop.db*
	INDEX_RATE[$ix]=$(awk '/^insert:/ { print $(NF - 1) }' <<<"$o")
done

daemon_start "$WORK/fd" "$WORK/fd/db/whokilled.db" || fail "cannot start whokilledd"
declare -A FLOOD_BLOCK FLOOD_MAX FLOOD_FIRST_DROP FLOOD_CPU
for s in 1 2 4; do
	cpu0=$(awk '{ print $1 }' "/proc/$DAEMON_PID/schedstat")
	o=$("$BIN/report_flood" -s "$s" -t "$FLOOD_S" -b "$WORK/fd/run") || fail "report_flood failed"
	cpu1=$(awk '{ print $1 }' "/proc/$DAEMON_PID/schedstat")
	FLOOD_BLOCK[$s]=$o
	# CPU per stored report, the daemon's (its time on a CPU) and the
	# senders' (user and system): what the two cores must carry.
	FLOOD_CPU[$s]="daemon_us=$(awk -v t=$((cpu1 - cpu0)) -v n="$(kv "$o" stored)" 'BEGIN { printf "%.2f", t / 1000 / n }') sender_us=$(awk -v t="$(kv "$o" sender_cpu_s)" -v n="$(kv "$o" stored)" 'BEGIN { printf "%.2f", t * 1e6 / n }')"
	FLOOD_MAX[$s]=0
	FLOOD_FIRST_DROP[$s]=""
	for r in $FLOOD_RATES; do
		o=$("$BIN/report_flood" -s "$s" -t "$FLOOD_S" -r "$r" "$WORK/fd/run") || fail "report_flood failed"
		# Kept up: nothing dropped, and the backlog left when the
		# senders stopped took under 0.1 s to store (a deep queue
		# would otherwise hide a rate the daemon cannot sustain).
		if [ "$(kv "$o" eagain)" != 0 ] || [ "$(kv "$o" sender_dropped)" != 0 ] ||
		    ! le "$(kv "$o" drain_s)" 0.1; then
			FLOOD_FIRST_DROP[$s]=$o
			break
		fi
		FLOOD_MAX[$s]=$(kv "$o" sent_per_s)
	done
done
# Where the daemon's time goes while two senders keep it busy.
"$BIN/report_flood" -s 2 -t 3 -b "$WORK/fd/run" >/dev/null &
flood_pid=$!
sleep 0.3
ingest_profile=$(perf_by_dso "$DAEMON_PID" 2)
wait "$flood_pid"
"$BIN/report_flood" -s 1 -t 2 -b "$WORK/fd/run" >/dev/null &
flood_pid=$!
sleep 0.3
ingest_syscalls=$(syscalls_per "$DAEMON_PID" 1 recvmmsg)
wait "$flood_pid"
ingest_hwm=$(status_kb "$DAEMON_PID" VmHWM)
# Followers (whokilled -f): the daemon's capacity (two blocking senders)
# with none, with 100 whose filter matches nothing (a NAME), and with 100
# that get every event (their own CPU shares the machine).
follow_run() {	# followers [NAME: each follows its own NAME-i]
	local n=$1 i pids=() o
	shift
	# (one at a time: 16 queries at most are in flight at once)
	for i in $(seq 1 "$n"); do
		"$TOP/whokilled" --socket-dir "$WORK/fd/run" -f -n 0 --json ${1:+"$1-$i"} >/dev/null 2>&1 &
		pids+=($!)
		sleep 0.02
	done
	sleep 1
	for i in "${pids[@]}"; do
		kill -0 "$i" 2>/dev/null || fail "a follower did not start"
	done
	local t0 t1
	# The daemon's CPU time in ns (schedstat: its time on a CPU, not
	# rounded to 10 ms clock ticks as stat's utime + stime are).
	t0=$(awk '{ print $1 }' "/proc/$DAEMON_PID/schedstat")
	o=$("$BIN/report_flood" -s 2 -t "$FLOOD_S" -b "$WORK/fd/run") || fail "report_flood failed"
	t1=$(awk '{ print $1 }' "/proc/$DAEMON_PID/schedstat")
	[ ${#pids[@]} -eq 0 ] || kill -INT "${pids[@]}" 2>/dev/null
	[ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" 2>/dev/null
	# stored/s, and the daemon's CPU µs per stored report (less swayed
	# by others' load than the rate)
	echo "$(kv "$o" stored_per_s) $(awk -v t=$((t1 - t0)) -v n="$(kv "$o" stored)" 'BEGIN { printf "%.3f", t / 1000 / n }')"
}
# Rounds without followers and with 100 whose NAMEs (each its own) match nothing,
# interleaved (none, name, none, name...), so that the machine's other
# load sways both alike; each figure is the median of its rounds.
FOLLOW_ROUNDS=${FOLLOW_ROUNDS:-5}
follow_none=() follow_name=() follow_none_rate=() follow_name_rate=()
for _ in $(seq 1 "$FOLLOW_ROUNDS"); do
	read -r r c <<<"$(follow_run 0)"
	follow_none+=("$c"); follow_none_rate+=("$r")
	read -r r c <<<"$(follow_run 100 wk-bench-no-such-name)"
	follow_name+=("$c"); follow_name_rate+=("$r")
done
median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread_of() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "–" hi }'; }
FOLLOW_NONE=$(median_of "${follow_none_rate[@]}")
FOLLOW_NAME=$(median_of "${follow_name_rate[@]}")
FOLLOW_BASE_CPU=$(median_of "${follow_none[@]}")
FOLLOW_NAME_CPU=$(median_of "${follow_name[@]}")
FOLLOW_NONE_SPREAD=$(spread_of "${follow_none[@]}")
FOLLOW_NAME_SPREAD=$(spread_of "${follow_name[@]}")
read -r FOLLOW_ALL FOLLOW_ALL_CPU <<<"$(follow_run 100)"
# How soon a follower sees a stored event (commit interval: 200 ms).
FOLLOW_LAT=$("$BIN/follow_latency" -r 30 -p 100 "$WORK/fd/run") || fail "follow_latency failed"
daemon_stop
echo "   retention: pruning a store of $PRUNE_ROWS events under ingest..." >&2
prune_out=$("$BIN/prune_bench" "$WORK/prune_bench.db" "$PRUNE_ROWS" "$PRUNE_S" 2>/dev/null) ||
	fail "prune_bench failed"
prune_line=$(line_of "$prune_out" prune_bench)

# ---------------------------------------------------------------- 4. answer

echo "== 4. the answer" >&2
declare -A Q
# The whokilled audit-log reader, once it exists (whokilled --audit-log
# FILE PID, the offline mode): its rate over the same log as ausearch.
# Prints a time_cmd line, or nothing while the mode does not exist.
measure_whokilled_audit_reader() {	# log pidfile runs
	"$TOP/whokilled" --help 2>&1 | grep -q -- '--audit-log' || return 0
	"$BIN/time_cmd" -r "$3" -w 0 -f "$2" -l whokilled_audit -- \
	    "$TOP/whokilled" --audit-log "$1" '{}'
}

for n in $SIZES; do
	d=$WORK/q$n
	mkdir -p "$d"
	echo "   generating $n events..." >&2
	gen=$("$BIN/gen_audit_log" -n "$n" -l "$d/audit.log" -d "$d/store.db" \
	    -q "$d/pids.all" -k $((QUERY_PIDS * 2))) || fail "gen_audit_log failed"
	Q[$n.gen]=$gen
	# A pid alive now is answered for the live process (no events):
	# ask only about pids that are free on this machine.
	while read -r p; do
		[ -d "/proc/$p" ] || echo "$p"
	done <"$d/pids.all" >"$d/pids.free"
	head -n "$QUERY_PIDS" "$d/pids.free" >"$d/pids"
	tail -n +"$((QUERY_PIDS + 1))" "$d/pids.free" | head -n 50 >"$d/pids.warm"
	# Each pid is asked once by the CLI (first half) and once by the
	# round trip (second half): a first ask, as in real use; then the
	# round trip asks its pids again, answered from a warm cache.
	half=$(( $(wc -l <"$d/pids") / 2 ))
	head -n "$half" "$d/pids" >"$d/pids.cli"
	tail -n +"$((half + 1))" "$d/pids" >"$d/pids.rtt"
	Q[$n.bytes]=$(du -cb "$d"/store.db* | awk 'END { print $1 }')
	# How much of the store the page cache still holds: first asks
	# that miss it read the disk.
	Q[$n.cached]=$(fincore -b -n -o RES,SIZE "$d/store.db" 2>/dev/null |
	    awk '$2 > 0 { printf "%.0f%%", $1 * 100 / $2 }')
	Q[$n.log_bytes]=$(stat -c %s "$d/audit.log")

	# No retention while it answers: the generated history goes back
	# further than the default 90 days (10M events, 3 s apart: 347 days),
	# and a daemon would spend the questions deleting three quarters of
	# it.  A store in steady state prunes only what ages out.
	printf 'max_age_days = 0\nmax_store_mb = 0\n' >"$d/keep.conf"
	daemon_start "$d" "$d/store.db" -c "$d/keep.conf" || fail "cannot start whokilledd on $n events"
	# A daemon that has answered a few questions (on other pids) already.
	[ -s "$d/pids.warm" ] && { "$BIN/query_rtt" -r 50 -w 0 "$d/run" "$d/pids.warm" >/dev/null ||
	    fail "query_rtt failed"; }
	runs=$(( CLI_RUNS < half ? CLI_RUNS : half ))
	Q[$n.cli]=$("$BIN/time_cmd" -r "$runs" -w 0 -f "$d/pids.cli" -l cli -- \
	    "$TOP/whokilled" --socket-dir "$d/run" '{}') || fail "time_cmd whokilled failed"
	Q[$n.start]=$("$BIN/time_cmd" -r 200 -w 5 -l cli_start -- "$TOP/whokilled" --version) ||
	    fail "time_cmd whokilled --version failed"
	Q[$n.rtt]=$("$BIN/query_rtt" -r "$half" -w 0 "$d/run" "$d/pids.rtt") || fail "query_rtt failed"
	Q[$n.rtt_warm]=$("$BIN/query_rtt" -r "$RTT_RUNS" -w 0 "$d/run" "$d/pids.rtt") || fail "query_rtt failed"
	# The lists: the last day (100 lines), a NAME, --by a user.
	Q[$n.list]=$("$BIN/query_rtt" -L list -r "$RTT_RUNS" -w 20 "$d/run") || fail "query_rtt -L list failed"
	Q[$n.lname]=$("$BIN/query_rtt" -L name:postgres -r "$RTT_RUNS" -w 20 "$d/run") || fail "query_rtt -L name failed"
	Q[$n.lby]=$("$BIN/query_rtt" -L by:1001 -r "$RTT_RUNS" -w 20 "$d/run") || fail "query_rtt -L by failed"
	Q[$n.ixbytes]=$(sqlite3 "$d/store.db" "SELECT group_concat(name || '=' || bytes, ' ') FROM (SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('kills_by_comm', 'kills_by_login', 'kills_by_uid', 'kills_by_euid', 'kills_by_time', 'kills_by_target') GROUP BY name)" 2>/dev/null)
	Q[$n.hwm]=$(status_kb "$DAEMON_PID" VmHWM)
	Q[$n.anon]=$(status_kb "$DAEMON_PID" RssAnon)
	Q[$n.sqlite]=$(sqlite_memory)
	daemon_stop

	echo "   ausearch over $(num $((Q[$n.log_bytes] / 1000000))) MB..." >&2
	Q[$n.parse]=$("$BIN/time_cmd" -r 1 -w 0 -l ausearch_parse -- \
	    ausearch -if "$d/audit.log" -k whokilled --raw) || fail "ausearch failed"
	Q[$n.reader]=$(measure_whokilled_audit_reader "$d/audit.log" "$d/pids" "$AUS_RUNS")
	Q[$n.aus]=$("$BIN/time_cmd" -r "$AUS_RUNS" -w 0 -f "$d/pids" -l ausearch_raw -- \
	    sh -c "ausearch -if '$d/audit.log' -k whokilled --raw | grep -F 'opid={} '") ||
	    fail "ausearch failed"
	# Interpreting (-i) is about 8 times slower: not over 10M events.
	Q[$n.ausi]=""
	[ "$n" -lt 10000000 ] &&
	    { Q[$n.ausi]=$("$BIN/time_cmd" -r "$AUSI_RUNS" -w 0 -f "$d/pids" -l ausearch_i -- \
	    sh -c "ausearch -if '$d/audit.log' -k whokilled -i | awk -v RS='----' '/opid={} /'") ||
	    fail "ausearch failed"; }
	rm -rf "$d"
done

# ------------------------------------------------------------ 5. audit rule

echo "== 5. the kernel audit rule (last: it waits for audit to be free)" >&2
AUDIT_STATE="unavailable"
if audit_usable && audit_wait_idle "${BENCH_AUDIT_WAIT:-300}"; then
	if audit_start "$WORK/audit" && audit_add_rule; then
		run_kill audit -u LD_PRELOAD
		run_first audit -u LD_PRELOAD
		daemon_start "$WORK/ad" "$WORK/ad/db/whokilled.db" || fail "cannot start whokilledd"
		run_kill audit_shim LD_PRELOAD="$SHIM" WHOKILLED_SOCKET_DIR="$WORK/ad/run"
		daemon_stop
		sleep 1
		audit_records=$(grep -c "key=\"$AUDIT_KEY\"" "$AUDIT_LOG")
		audit_lost=$(audit_status lost)
		audit_stop
		AUDIT_STATE="measured"
		run_kill bare_after -u LD_PRELOAD
	else
		audit_stop
	fi
fi
[ "$AUDIT_STATE" = measured ] || AUDIT_STATE="unavailable: $AUDIT_WHY"

# ================================================================ report

bare_u=$(med bare kill_usr1)
bare_z=$(med bare kill_sig0)
shim_u=$(med shim_daemon kill_usr1)
shim_z=$(med shim_daemon kill_sig0)
added=$(minus "$shim_u" "$bare_u")

md "### 1. The wrapped call: kill()"
md ""
md "A target that ignores SIGUSR1; $(num "$KILL_N") calls of each kind, each kind"
md "after its own warm-up.  On this machine a system call"
md "costs $(us "$(med bare syscall)") µs (getppid) and a clock pair $(us "$(med bare timer)") µs."
md ""
md "| variant | SIGUSR1 median µs | p99 µs | signal 0 median µs | p99 µs |"
md "| --- | ---: | ---: | ---: | ---: |"
kill_row bare "bare"
kill_row shim_daemon "shim, daemon running"
kill_row shim_paced "shim, daemon running, one call per ${PACE_US} µs ($(num "$PACED_N") calls)"
kill_row shim_nodaemon "shim, no daemon"
if [ "$AUDIT_STATE" = measured ]; then
	kill_row audit "kernel audit rule (auditd running)"
	kill_row audit_shim "audit rule + shim + daemon"
	kill_row bare_after "bare again, after the audit variants"
else
	md "| kernel audit rule | $AUDIT_STATE | | | |"
	md "| audit rule + shim | $AUDIT_STATE | | | |"
fi
md ""
md "In the tight loop the shim sends faster than the daemon stores: of its"
md "reports the daemon stored $(num "$shim_daemon_stored") and $(num "$shim_daemon_dropped") were dropped (queue full,"
md "counted, the signal still delivered).  Paced, $(num "$paced_dropped") were dropped."
md ""
md "Signal 0 alone, five processes each, medians in ns: bare ${SIG0_BARE[*]};"
md "shim ${SIG0_SHIM[*]}."
md ""
md "\`syscall()\` of a number that sends no signal, which the shim's wrapper"
md "passes on after one comparison: \`syscall(SYS_getppid)\`, and"
md "\`syscall(SYS_futex, FUTEX_WAKE_PRIVATE)\` on a word nobody waits on (the"
md "cheapest futex call; programs with locks of their own make such calls in"
md "hot loops).  Five processes each, bare and preloaded in turn,"
md "$(num "$SYSCALL_N") calls of each kind in each, each call timed alone; and the"
md "same calls in blocks of 1,000, timed a block at a time (per call, without"
md "the clock pair).  Single calls: the middle of the five processes' figures;"
md "blocks: the lowest of the five processes' medians (what the call costs"
md "when nothing else on the machine gets in its way).  In ns:"
md ""
md "| call | bare median | bare p99 | shim median | shim p99 | blocks: bare per call | blocks: shim per call | shim − bare (blocks) |"
md "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for k in getppid futex_wake; do
	md "| $k | $(sc bare "syscall_$k" median) | $(sc bare "syscall_$k" p99) | $(sc shim "syscall_$k" median) | $(sc shim "syscall_$k" p99) | $(sc_low bare "block_$k") | $(sc_low shim "block_$k") | $(minus "$(sc_low shim "block_$k")" "$(sc_low bare "block_$k")") |"
done
md ""
md "Medians of the five processes, in ns: getppid single calls bare ${SC[bare.syscall_getppid.median]% },"
md "shim ${SC[shim.syscall_getppid.median]% }, blocks bare ${SC[bare.block_getppid.median]% }, shim ${SC[shim.block_getppid.median]% };"
md "futex wake single calls bare ${SC[bare.syscall_futex_wake.median]% }, shim ${SC[shim.syscall_futex_wake.median]% },"
md "blocks bare ${SC[bare.block_futex_wake.median]% }, shim ${SC[shim.block_futex_wake.median]% }."
md ""
md "Added cost of the shim for a real signal: **$(us "$added") µs** median,"
md "$(ratio "$shim_u" "$bare_u")× the bare call."
if [ "$AUDIT_STATE" = measured ]; then
	audit_added=$(minus "$(med audit kill_usr1)" "$bare_u")
	md "The kernel audit rule adds $(us "$audit_added") µs median"
	md "(p99 $(us "$(kv "$(line_of "${KILL_OUT[audit]}" kill_usr1)" p99_ns)") µs, mean $(us "$(kv "$(line_of "${KILL_OUT[audit]}" kill_usr1)" mean_ns)") µs: a full backlog makes the"
	md "caller wait for auditd), so the shim costs $(ratio "$added" "$audit_added")× the audit rule"
	md "(means: shim $(us "$(kv "$(line_of "${KILL_OUT[shim_daemon]}" kill_usr1)" mean_ns)") µs, audit rule $(us "$(kv "$(line_of "${KILL_OUT[audit]}" kill_usr1)" mean_ns)") µs, bare $(us "$(kv "$(line_of "${KILL_OUT[bare]}" kill_usr1)" mean_ns)") µs)."
	md "auditd wrote $(num "$audit_records") records for the rule; the kernel lost $audit_lost."
else
	md "The kernel audit rule could not be measured: $AUDIT_STATE."
fi
md ""
first_med() { kv "${FIRST[$1]}" median_ns; }
md "A killer's first and only kill (most killers are fresh processes: kill, pkill, a script): $(num "$FIRST_N") fresh processes (fork + execve) each time one kill(target, SIGUSR1) of a process that is not their child, 2 ms apart:"
md ""
md "| variant | median µs | p99 µs | added to bare, median µs |"
md "| --- | ---: | ---: | ---: |"
for v in "bare:bare" "datagram:no shim, the kill then one bare datagram of a report's size (the floor of any report)" "shim_daemon:shim, daemon running" "shim_nodaemon:shim, no daemon" "audit:kernel audit rule (auditd running)"; do
	k=${v%%:*}
	[ -n "${FIRST[$k]:-}" ] || { md "| ${v#*:} | $AUDIT_STATE | | |"; continue; }
	md "| ${v#*:} | $(us "$(first_med "$k")") | $(us "$(kv "${FIRST[$k]}" p99_ns)") | $(us "$(minus "$(first_med "$k")" "$(first_med bare)")") |"
done
first_added=$(minus "$(first_med shim_daemon)" "$(first_med bare)")
md ""
md "Where the shim's time goes (its own functions, timed one by one, $(num "$PARTS_N") times):"
md ""
md "| step | median µs | p99 µs |"
md "| --- | ---: | ---: |"
while read -r l; do
	[ -n "$l" ] || continue
	md "| $(kv "$l" step) | $(us "$(kv "$l" median_ns)") | $(us "$(kv "$l" p99_ns)") |"
done <<<"$parts
$(line_of "$parts_nod" "shim_part step=send_report_nodaemon")"
md ""

md "### 2. The cost to every other process"
md ""
md "fork + execve + exit + wait of /bin/true, $(num "$EXEC_N") runs of each variant, taking turns:"
md ""
md "| variant | median µs | p99 µs | mean µs | median vs bare |"
md "| --- | ---: | ---: | ---: | ---: |"
for v in "bare:$exec_bare" "LD_PRELOAD=libwhokilled.so:$exec_shim" "LD_PRELOAD=an empty library (control):$exec_empty"; do
	name=${v%%:*}
	l=${v#*:}
	md "| $name | $(us "$(kv "$l" median_ns)") | $(us "$(kv "$l" p99_ns)") | $(us "$(kv "$l" mean_ns)") | +$(awk -v a="$(kv "$l" median_ns)" -v b="$(kv "$exec_bare" median_ns)" 'BEGIN { printf "%.1f%%", (a / b - 1) * 100 }') |"
done
exec_over=$(awk -v a="$(kv "$exec_shim" median_ns)" -v b="$(kv "$exec_bare" median_ns)" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }')
# The shim's own share: what it adds beyond an empty preloaded library, in
# points of the bare run.
exec_share=$(awk -v a="$(kv "$exec_shim" median_ns)" -v e="$(kv "$exec_empty" median_ns)" -v b="$(kv "$exec_bare" median_ns)" 'BEGIN { printf "%.2f", (a - e) / b * 100 }')
md ""
md "Its own share, beyond the empty library: $(us "$(minus "$(kv "$exec_shim" median_ns)" "$(kv "$exec_empty" median_ns)")") µs, **$exec_share points** of the bare run."
md ""
md "Work with many execs, every child preloaded as its parent is ($(num "$WORKLOAD_N") runs of each variant, taking turns; whole runs in ms): a shell loop of 1,000 short commands (true, echo, cat, expr), and make -B over 200 small files (200 sed, one cat):"
md ""
md "| workload | bare median | shim median | empty library median | shim vs bare | shim beyond the empty library |"
md "| --- | ---: | ---: | ---: | ---: | ---: |"
for w in "shell loop, 1,000 commands:$workload_out:loop1000.sh" "make -B, 200 files:$make_out:make200.sh"; do
	name=${w%%:*}
	rest=${w#*:}
	out=${rest%:*}
	wb=$(kv "$(line_of "$out" "exec variant=bare")" median_ns)
	ws=$(kv "$(line_of "$out" "exec variant=$SHIM")" median_ns)
	we=$(kv "$(line_of "$out" "exec variant=$BIN/empty_preload.so")" median_ns)
	md "| $name | $(awk -v a="$wb" 'BEGIN { printf "%.1f", a / 1e6 }') | $(awk -v a="$ws" 'BEGIN { printf "%.1f", a / 1e6 }') | $(awk -v a="$we" 'BEGIN { printf "%.1f", a / 1e6 }') | +$(awk -v a="$ws" -v b="$wb" 'BEGIN { printf "%.1f%%", (a / b - 1) * 100 }') | $(awk -v a="$ws" -v e="$we" -v b="$wb" 'BEGIN { printf "%+.1f points", (a - e) / b * 100 }') |"
done
md ""
md "Memory of a sleeping process: VmRSS $mem_bare_rss kB bare, $mem_shim_rss kB preloaded;"
md "Pss $mem_bare_pss kB bare, $mem_shim_pss kB preloaded; the shim's own mappings hold $mem_shim_own kB resident."
md ""

md "### 3. The daemon's ingest"
md ""
md "Its process table's work for one exec event of the connector (exec_event, $(num "$PARTS_N") times, a live process):"
md "the reads it made before the unit was recorded $(us "$(kv "$(line_of "$exec_ev" "exec_event step=without_cgroup")" median_ns)") µs median;"
md "with /proc/PID/cgroup read, parsed and its path kept $(us "$(kv "$(line_of "$exec_ev" "exec_event step=with_cgroup")" median_ns)") µs;"
md "the whole exec event $(us "$(kv "$(line_of "$exec_ev" "exec_event step=apply_exec")" median_ns)") µs (p99 $(us "$(kv "$(line_of "$exec_ev" "exec_event step=apply_exec")" p99_ns)") µs)."
md ""
md "The store alone (store_bench: batched inserts of 1024 as the daemon commits, no socket, no /proc): $(num "$store_rate") rows/s."
md ""
md "Senders each send true reports as the shim does (a fresh datagram socket"
md "per report).  \"blocking\": the senders wait when the queue is full (the"
md "daemon's capacity); \"paced\": a fixed total rate, raised step by step"
md "($FLOOD_RATES/s, $FLOOD_S s each) until the daemon no longer keeps up:"
md "a report is dropped, or the backlog left when the senders stop takes over"
md "0.1 s to store (the queue of 4,096 would otherwise hide an unsustainable rate)."
md "Each report's sender has $(kv "${FLOOD_BLOCK[1]}" ancestors) ancestors, which the daemon takes from its process table"
md "(reading /proc again at most once a second per process)."
md ""
md "| senders | blocking: stored/s | paced: highest rate kept up with | first rate not kept up with | its drops | backlog left |"
md "| ---: | ---: | ---: | ---: | ---: | ---: |"
best_nodrop=0
for s in 1 2 4; do
	fd=${FLOOD_FIRST_DROP[$s]}
	if [ -n "$fd" ]; then
		first="$(num "$(kv "$fd" rate_asked)")/s (stored $(num "$(kv "$fd" stored_per_s)")/s)"
		drops="$(num "$(kv "$fd" eagain)") of $(num "$(($(kv "$fd" sent) + $(kv "$fd" eagain)))")"
		backlog="$(kv "$fd" drain_s) s to store"
	else
		first="none up to $(num "${FLOOD_RATES##* }")/s"
		drops=0
		backlog=-
	fi
	md "| $s | $(num "$(kv "${FLOOD_BLOCK[$s]}" stored_per_s)") | $(num "${FLOOD_MAX[$s]}")/s | $first | $drops | $backlog |"
	le "$best_nodrop" "${FLOOD_MAX[$s]}" && best_nodrop=${FLOOD_MAX[$s]}
done
md ""
flood_daemon_us=$(kv "${FLOOD_CPU[1]}" daemon_us)
flood_sender_us=$(kv "${FLOOD_CPU[1]}" sender_us)
flood_cores_max=$(awk -v d="$flood_daemon_us" -v s="$flood_sender_us" -v c="$(nproc)" 'BEGIN { printf "%.0f", c * 1e6 / (d + s) }')
flood_daemon_max=$(awk -v d="$flood_daemon_us" 'BEGIN { printf "%.0f", 1e6 / d }')
md "CPU per stored report, one blocking sender: the daemon $flood_daemon_us µs (its time on a CPU), the sender $flood_sender_us µs (user and system: a socket, one sendto, a close per report, as the shim sends).  The daemon, one thread, can store at most $(num "$flood_daemon_max")/s; the $(nproc) cores carry sender and daemon together at most $(num "$flood_cores_max")/s, however the work were spread."
md ""
md "Daemon profile while two blocking senders keep it busy (perf, by object): ${ingest_profile:-perf not available}"
md "System calls of the daemon (strace, which slows it: counts only; one recvmmsg takes up to 32 reports), ${ingest_syscalls:-strace not available}."
md "Daemon peak RSS after the floods: $ingest_hwm kB."
md ""
md "The indexes of the lists (schema version 11), what each costs at insert (store_bench without it; its rows: target \`sleep\`, uid 0, login uid 1000-1049, so every row is in kills_by_uid and none in kills_by_euid):"
md ""
md "| without | rows/s | the index costs |"
md "| --- | ---: | ---: |"
md "| (all indexes) | $(num "$store_rate") | - |"
for ix in $LIST_INDEXES "${LIST_INDEXES// /,}"; do
	md "| ${ix//,/, } | $(num "${INDEX_RATE[$ix]}") | $(awk -v a="$store_rate" -v b="${INDEX_RATE[$ix]}" 'BEGIN { printf "%.1f%%", (1 - a / b) * 100 }') |"
done
md ""
md "A follower sees a stored event $(ms "$(kv "$FOLLOW_LAT" median_ns)") ms (p99 $(ms "$(kv "$FOLLOW_LAT" p99_ns)") ms) after the report was sent, commit interval (200 ms) included (follow_latency, one report every 100 ms)."
md ""
md "Followers (\`whokilled -f -n 0 --json\`) while two blocking senders keep the daemon busy: stored/s and the daemon's CPU per stored report (its time on a CPU from /proc/PID/schedstat; the rate sways with the machine's other load, the CPU per report less), the median of $FOLLOW_ROUNDS interleaved rounds each: none $(num "$FOLLOW_NONE")/s, $FOLLOW_BASE_CPU µs (rounds $FOLLOW_NONE_SPREAD µs); 100 whose NAMEs (100 different ones) match nothing $(num "$FOLLOW_NAME")/s, $FOLLOW_NAME_CPU µs (rounds $FOLLOW_NAME_SPREAD µs; $(awk -v a="$FOLLOW_NAME_CPU" -v b="$FOLLOW_BASE_CPU" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }') CPU); 100 that get every event (one round) $(num "$FOLLOW_ALL")/s, $FOLLOW_ALL_CPU µs ($(awk -v a="$FOLLOW_ALL_CPU" -v b="$FOLLOW_BASE_CPU" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }') CPU; those 100 CLIs decode and print every event on the same two cores, and fall behind: the daemon drops them)."
md "Retention under ingest (prune_bench: the daemon's write path and retention"
md "part in one process, 64 new rows per round; a store of $(num "$PRUNE_ROWS") events"
md "100 to 200 days old, max_age_days = 90; $PRUNE_S s without, then $PRUNE_S s with pruning):"
md "ingest $(num "$(kv "$prune_line" baseline_per_s)") rows/s with nothing to prune,"
md "$(num "$(kv "$prune_line" pruning_per_s)") rows/s while $(num "$(kv "$prune_line" pruned_per_s)") rows/s were pruned;"
md "a pruning batch (256 rows and its commit) took $(ms "$(kv "$prune_line" batch_p99_ns)") ms at the 99th percentile"
md "and $(ms "$(kv "$prune_line" batch_max_ns)") ms at most (the largest pause between two rounds of reports),"
md "against $(ms "$(kv "$prune_line" commit_max_base_ns)") ms for ingest's own slowest commit without pruning."
md ""

md "### 4. The answer: who signalled pid P"
md ""
md "The generator writes the same kills to a store (through the daemon's"
md "store API) and to an audit log (SYSCALL + OBJ_PID + PROCTITLE records in"
md "auditd's ENRICHED format, with PAM and cron events between them): kills"
md "about 3 s apart, about 30 forks between two kills, pids wrapping at this"
md "machine's pid_max, 60% at short-lived jobs, 25% at long-lived services,"
md "15% at pids already gone.  Queries ask about pids drawn from the events"
md "(none alive now).  ausearch cannot select OBJ_PID's opid (-p matches the"
md "killer's pid), so its answer is \`ausearch -if LOG -k whokilled --raw |"
md "grep 'opid=P '\` (the fastest way), and, for what a person reads,"
md "\`ausearch -i\` piped to awk."
md ""
md "| events | store | bytes/event | audit log | \`whokilled PID\` p50 / p99 ms | round trip, first ask p50 / p99 ms | round trip, asked again p50 / p99 ms | events per answer | ausearch --raw \\| grep p50 ms | ausearch -i \\| awk p50 ms | whokilled faster by |"
md "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
largest=""
for n in $SIZES; do
	cli=${Q[$n.cli]}
	rtt=${Q[$n.rtt]}
	warm=${Q[$n.rtt_warm]}
	ausi=-
	[ -n "${Q[$n.ausi]}" ] && ausi=$(ms "$(kv "${Q[$n.ausi]}" median_ns)")
	md "| $(num "$n") | $(num $((Q[$n.bytes] / 1000000))) MB | $((Q[$n.bytes] / n)) | $(num $((Q[$n.log_bytes] / 1000000))) MB | $(ms "$(kv "$cli" median_ns)") / $(ms "$(kv "$cli" p99_ns)") | $(ms "$(kv "$rtt" median_ns)") / $(ms "$(kv "$rtt" p99_ns)") | $(ms "$(kv "$warm" median_ns)") / $(ms "$(kv "$warm" p99_ns)") | $(kv "$rtt" events_per_query) | $(ms "$(kv "${Q[$n.aus]}" median_ns)") | $ausi | $(ratio "$(kv "${Q[$n.aus]}" median_ns)" "$(kv "$cli" median_ns)")× |"
	largest=$n
done
md ""
md "\`whokilled PID\` is the whole CLI process; starting it alone (\`whokilled --version\`)"
md "takes $(ms "$(kv "${Q[$largest.start]}" median_ns)") ms median.  The round trip is one query on the socket,"
md "read to its end.  Each pid is asked for the first time by the CLI and by the"
md "first round trip (different halves of the sample, after 50 warm-up questions"
md "about other pids); \"asked again\" repeats the round trip's pids.  ausearch -i"
md "is not run over 10 million events (over 5 minutes a question).  Daemon memory after the queries:"
md ""
md "The lists, round trip on the socket (\`whokilled\`: the last 24 hours, 100 lines; \`whokilled postgres\`; \`whokilled --by 1001\`, a user whose kills go through su), and the sizes of the kills indexes (dbstat):"
md ""
md "| events | list p50 / p99 ms | NAME p50 / p99 ms | --by p50 / p99 ms | lines (list, NAME, --by) | index bytes per event |"
md "| ---: | ---: | ---: | ---: | ---: | --- |"
for n in $SIZES; do
	ixb=$(for kv_ in ${Q[$n.ixbytes]}; do printf '%s %.1f, ' "${kv_%%=*}" "$(awk -v b="${kv_#*=}" -v n="$n" 'BEGIN { print b / n }')"; done)
	md "| $(num "$n") | $(ms "$(kv "${Q[$n.list]}" median_ns)") / $(ms "$(kv "${Q[$n.list]}" p99_ns)") | $(ms "$(kv "${Q[$n.lname]}" median_ns)") / $(ms "$(kv "${Q[$n.lname]}" p99_ns)") | $(ms "$(kv "${Q[$n.lby]}" median_ns)") / $(ms "$(kv "${Q[$n.lby]}" p99_ns)") | $(kv "${Q[$n.list]}" events_per_query), $(kv "${Q[$n.lname]}" events_per_query), $(kv "${Q[$n.lby]}" events_per_query) | ${ixb%, } |"
done
md ""
md "| events | VmHWM | RssAnon | of which SQLite's page cache (store_cache_bytes) |"
md "| ---: | ---: | ---: | ---: |"
for n in $SIZES; do
	md "| $(num "$n") | $(num "${Q[$n.hwm]}") kB | $(num "${Q[$n.anon]}") kB | ${Q[$n.sqlite]:--} |"
done
md ""
for n in $SIZES; do
	g=${Q[$n.gen]}
	p=${Q[$n.parse]}
	secs=$(awk -v n="$(kv "$p" median_ns)" 'BEGIN { printf "%.2f", n / 1e9 }')
	md "- $(num "$n") events: generated in $(kv "$g" seconds) s (store inserts $(num "$(kv "$g" insert_per_s)")/s)."
	md "  \`whokilled PID\` found events for $(kv "${Q[$n.cli]}" exit0) of $(kv "${Q[$n.cli]}" n) asks; when the questions began, the page cache held ${Q[$n.cached]:-an unknown share} of the store."
	md "  Audit log parse: \`ausearch --raw\` read $(num "$(kv "$g" log_records)") records in $secs s = $(num "$(awk -v r="$(kv "$g" log_records)" -v s="$secs" 'BEGIN { printf "%.0f", r / s }')") records/s."
	if [ -n "${Q[$n.reader]}" ]; then
		r=${Q[$n.reader]}
		rsecs=$(awk -v n="$(kv "$r" median_ns)" 'BEGIN { printf "%.2f", n / 1e9 }')
		md "  \`whokilled --audit-log LOG PID\` (the offline reader, one pass per question): $rsecs s median,"
		md "  p99 $(ms "$(kv "$r" p99_ns)") ms = $(num "$(awk -v r="$(kv "$g" log_records)" -v s="$rsecs" 'BEGIN { printf "%.0f", r / s }')") records/s; it found events for $(kv "$r" exit0) of $(kv "$r" n) asks"
		md "  ($(kv "$r" exit1) none, $(kv "$r" exit_other) failed); ausearch --raw | grep takes $(ms "$(kv "${Q[$n.aus]}" median_ns)") ms for the same question."
	else
		md "  \`whokilled --audit-log\` (the offline reader): not in this build; bench/run.sh measures it here once it is."
	fi
done
[ "$SCALE" = full ] || md "- 10 million events are generated only with BENCH_SCALE=full (generation takes longer than 5 minutes here)."
md ""

# ---------------------------------------------------------------- targets

target "shim added cost, real signal ≤ 10 µs median" "$(us "$added") µs" \
    "$(le "$added" 10000 && echo 1 || echo 0)" "$(ratio "$added" 10000)× the target"
if [ "$AUDIT_STATE" = measured ]; then
	target "… and below the kernel audit rule's added cost" "$(us "$added") vs $(us "$audit_added") µs" \
	    "$(le "$added" "$audit_added" && echo 1 || echo 0)" "$(ratio "$added" "$audit_added")× the audit rule"
else
	target "… and below the kernel audit rule's added cost" "$AUDIT_STATE" - ""
fi
if [ -n "${FIRST[audit]:-}" ]; then
	first_audit_added=$(minus "$(first_med audit)" "$(first_med bare)")
	first_floor=$(minus "$(first_med datagram)" "$(first_med bare)")
	target "a fresh process's first kill: the shim adds less than the audit rule" \
	    "$(us "$first_added") vs $(us "$first_audit_added") µs" \
	    "$(le "$first_added" "$first_audit_added" && echo 1 || echo 0)" "$(ratio "$first_added" "$first_audit_added")× the audit rule; a bare datagram alone adds $(us "$first_floor") µs"
else
	target "a fresh process's first kill: the shim adds less than the audit rule" "$AUDIT_STATE" - ""
fi
# Signal 0: the median of five processes' medians each; the noise is the
# spread of the five bare medians (at least 5%).
z_bare=$(mid "${SIG0_BARE[@]}")
z_shim=$(mid "${SIG0_SHIM[@]}")
z_diff=$(minus "$z_shim" "$z_bare")
z_noise=$(noise "${SIG0_BARE[@]}")
target "signal 0 within noise of bare (noise: $z_noise ns)" "$(us "$z_shim") vs $(us "$z_bare") µs" \
    "$(le "$z_diff" "$z_noise" && echo 1 || echo 0)" "shim − bare: $z_diff ns"
# syscall() of other numbers: the same judgement, single calls.
for k in getppid futex_wake; do
	s_bare=$(sc bare "syscall_$k" median)
	s_shim=$(sc shim "syscall_$k" median)
	s_diff=$(minus "$s_shim" "$s_bare")
	# shellcheck disable=SC2086 # the five figures are words
	s_noise=$(noise ${SC[bare.syscall_$k.median]})
	target "syscall() of $k within noise of bare (noise: $s_noise ns)" "$s_shim vs $s_bare ns" \
	    "$(le "$s_diff" "$s_noise" && echo 1 || echo 0)" \
	    "shim − bare: $s_diff ns; in blocks: $(minus "$(sc_low shim "block_$k")" "$(sc_low bare "block_$k")") ns per call"
done
target "exec overhead ≤ 5%" "+$exec_over%" "$(le "$exec_over" 5 && echo 1 || echo 0)" \
    "an empty preloaded library alone: +$(awk -v a="$(kv "$exec_empty" median_ns)" -v b="$(kv "$exec_bare" median_ns)" 'BEGIN { printf "%.1f%%", (a / b - 1) * 100 }')"
target "the shim's exec share beyond an empty library ≤ 1 point" "$exec_share points" "$(le "$exec_share" 1 && echo 1 || echo 0)" \
    "whole: +$exec_over%; the empty library: +$(awk -v a="$(kv "$exec_empty" median_ns)" -v b="$(kv "$exec_bare" median_ns)" 'BEGIN { printf "%.1f%%", (a / b - 1) * 100 }')"
target "≥ 100,000 reports/s stored, no drop" "$(num "$best_nodrop")/s without a drop, $(num "$(kv "${FLOOD_BLOCK[1]}" stored_per_s)")/s at capacity" \
    "$(le 100000 "$best_nodrop" && echo 1 || echo 0)" "$(ratio "$best_nodrop" 100000)× the target; CPU per report: daemon $flood_daemon_us µs + sender $flood_sender_us µs, so $(nproc) cores carry at most $(num "$flood_cores_max")/s"
cli_p99=$(kv "${Q[$largest.cli]}" p99_ns)
target "whokilled PID p99 ≤ 5 ms at 10M events" "$(ms "$cli_p99") ms at $(num "$largest") events" \
    "$(if [ "$largest" -ge 10000000 ]; then le "$cli_p99" 5000000 && echo 1 || echo 0; else echo -; fi)" \
    "$( [ "$largest" -ge 10000000 ] || echo "10M: BENCH_SCALE=full; ")$(ratio "$cli_p99" 5000000)× the target"
fast=$(ratio "$(kv "${Q[$largest.aus]}" median_ns)" "$(kv "${Q[$largest.cli]}" median_ns)")
target "≥ 100× faster than ausearch at 10M events" "${fast}× at $(num "$largest") events" \
    "$(if [ "$largest" -ge 10000000 ]; then le 100 "$fast" && echo 1 || echo 0; else echo -; fi)" \
    "$( [ "$largest" -ge 10000000 ] || echo "10M: BENCH_SCALE=full; ")$(ratio "$fast" 100)× the target"
for kind in list:list lname:NAME lby:--by; do
	p=$(kv "${Q[$largest.${kind%%:*}]}" p99_ns)
	target "${kind#*:} list p99 ≤ 10 ms at 10M events" "$(ms "$p") ms at $(num "$largest") events" \
	    "$(if [ "$largest" -ge 10000000 ]; then le "$p" 10000000 && echo 1 || echo 0; else echo -; fi)" \
	    "$( [ "$largest" -ge 10000000 ] || echo "10M: BENCH_SCALE=full; ")$(ratio "$p" 10000000)× the target"
done
fslow=$(awk -v a="$FOLLOW_NAME_CPU" -v b="$FOLLOW_BASE_CPU" 'BEGIN { printf "%+.1f", (a / b - 1) * 100 }')
target "100 followers slow ingest ≤ 5%" "$fslow% daemon CPU per report (100 whose NAMEs, each different, match nothing; median of $FOLLOW_ROUNDS interleaved rounds)" \
    "$(le "$fslow" 5 && echo 1 || echo 0)" "100 getting every event: $(awk -v a="$FOLLOW_ALL_CPU" -v b="$FOLLOW_BASE_CPU" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')"
target "--follow shows a stored event within the commit interval + 50 ms" "p99 $(ms "$(kv "$FOLLOW_LAT" p99_ns)") ms" \
    "$(le "$(kv "$FOLLOW_LAT" p99_ns)" 250000000 && echo 1 || echo 0)" "from the report sent, commit interval 200 ms"
hwm=${Q[$largest.hwm]}
target "daemon RSS ≤ 32 MiB at 10M events" "VmHWM $(num "$hwm") kB at $(num "$largest") events" \
    "$(if [ "$largest" -ge 10000000 ]; then le "$hwm" 32768 && echo 1 || echo 0; else echo -; fi)" \
    "$( [ "$largest" -ge 10000000 ] || echo "10M: BENCH_SCALE=full; ")$(ratio "$hwm" 32768)× the target"

# ------------------------------------------------------------- the audit hub

echo "== the audit hub" >&2
mkdir -p "$WORK/hub"
md "### The audit hub"
md ""
md "hub_bench: the hub daemon's reader and ingest (records as the hub auditd hands them to its plugin: SYSCALL, OBJ_PID, PROCTITLE without EOE, and each node's whokilled record), batches of 1024; the plugin's socket not included."
md ""
md "| nodes | records/s stored | kills/s |"
md "| --- | --- | --- |"
for n in 1 4 16; do
	o=$("$BIN/hub_bench" ingest "$WORK/hub" "$HUB_EVENTS" "$n") || fail "hub_bench ingest failed"
	md "| $n | $(num "$(awk '{ print $4 }' <<<"$o")") | $(num "$(awk '{ print $6 }' <<<"$o")") |"
done
rm -f "$WORK"/hub/*
o=$("$BIN/hub_bench" query "$WORK/hub/q.db" "$HUB_ROWS" 100 2000) || fail "hub_bench query failed"
rm -f "$WORK"/hub/*
md ""
md "Questions \"pid P on node N\" (the store's query, as the daemon answers \`whokilled --node N P\`, no socket) with $(num "$HUB_ROWS") events over 100 nodes: p50 $(awk '/^query:/ { print $(NF - 4) }' <<<"$o") µs, p99 $(awk '/^query:/ { print $(NF - 1) }' <<<"$o") µs."
md ""

md "### Targets"
md ""
md "| target | measured | status | how far |"
md "| --- | --- | --- | --- |"
for t in "${TARGETS[@]}"; do
	md "$t"
done
md ""
md "Whole run: $(( $(date +%s) - STARTED )) s.  Audit state after the run: $(auditctl -s 2>/dev/null | awk '$1 == "enabled" || $1 == "pid" || $1 == "backlog_limit" { printf "%s %s, ", $1, $2 }')rules: $(auditctl -l 2>/dev/null | head -n 1)."

write_results "$TOP/bench/RESULTS.md" "$SCALE"
echo >&2
echo "bench: written to bench/RESULTS.md (block \"$SCALE\")" >&2
