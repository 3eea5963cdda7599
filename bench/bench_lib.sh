# Helpers of bench/run.sh: reading the programs' "label key=value" lines,
# formatting figures, a private daemon, the report being written.
# shellcheck shell=bash

# The value of key in a "label key=value ..." line.
kv() {
	local line=$1 key=$2
	awk -v k="$key" '{ for (i = 1; i <= NF; i++) { n = index($i, "=");
	    if (n > 0 && substr($i, 1, n - 1) == k) { print substr($i, n + 1); exit } } }' <<<"$line"
}

# The line of a program's output that starts with label (and has key=value
# pairs after it).
line_of() {
	grep -m 1 -- "^$2" <<<"$1"
}

# Nanoseconds as microseconds ("12.34"), or "-" for nothing.
us() {
	[ -n "${1:-}" ] || { echo "-"; return; }
	awk -v n="$1" 'BEGIN { printf "%.2f", n / 1000 }'
}

# Nanoseconds as milliseconds.
ms() {
	[ -n "${1:-}" ] || { echo "-"; return; }
	awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e6 }'
}

# a / b with two decimals ("-" when b is 0 or missing).
ratio() {
	awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'
}

# a - b.
minus() {
	awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { printf "%.0f", a - b }'
}

# Integer with thousands separators.
num() {
	awk -v n="${1:-0}" 'BEGIN { s = sprintf("%.0f", n); o = "";
	    while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
	    print s o }'
}

# Evaluate an awk condition on numbers a and b: le a b -> a <= b.
le() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'
}

# Append a line to the report and show it.
md() {
	printf '%s\n' "$*" | tee -a "$REPORT"
}

# A target's status line: target text, measured text, met (0/1), how far.
TARGETS=()
target() {
	local what=$1 measured=$2 met=$3 far=$4
	if [ "$met" = 1 ]; then
		TARGETS+=("| $what | $measured | met | $far |")
	elif [ "$met" = 0 ]; then
		TARGETS+=("| $what | $measured | **missed** | $far |")
	else
		TARGETS+=("| $what | $measured | not measured | $far |")
	fi
}

# ------------------------------------------------------------- the daemon

DAEMON_PID=""
DAEMON_DIR=""

# Start a private whokilledd on socket dir $1/run and store $2, with any
# further arguments ($3...) given to it.
daemon_start() {
	local i
	DAEMON_DIR=$1
	mkdir -p "$DAEMON_DIR"
	"$TOP/whokilledd" -f --socket-dir "$DAEMON_DIR/run" --db "$2" "${@:3}" \
	    >>"$DAEMON_DIR/daemon.log" 2>&1 &
	DAEMON_PID=$!
	for i in $(seq 1 200); do
		[ -S "$DAEMON_DIR/run/query.sock" ] && [ -S "$DAEMON_DIR/run/report.sock" ] && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "bench: whokilledd did not start:" >&2
	tail -n 5 "$DAEMON_DIR/daemon.log" >&2
	DAEMON_PID=""
	return 1
}

daemon_stop() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
}

# The daemon's counters as one "stats key=value ..." line.
daemon_stats() {
	"$TOP/whokilled" --socket-dir "$DAEMON_DIR/run" --stats --json 2>/dev/null |
	    tr -d '{}"' | tr ',' '\n' | sed 's/:/=/' | tr '\n' ' ' | sed 's/^/stats /'
}

# A field of /proc/PID/status in kB ("VmHWM", "VmRSS").
status_kb() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# SQLite's page cache in the running daemon (its stats' store_cache_bytes;
# SQLite's own memory statistics are off, see daemon/store/store.c):
# "12,345 kB", or nothing.
sqlite_memory() {
	local bytes
	bytes=$(kv "$(daemon_stats)" store_cache_bytes)
	[ -n "$bytes" ] && echo "$(num $((bytes / 1024))) kB"
}

# The system calls a process makes per call of one of them, counted with
# strace over $2 seconds: "per recvmsg: 31 openat, 47 read, ...".
syscalls_per() {
	local pid=$1 secs=$2 per=$3 sp
	command -v strace >/dev/null || return 0
	strace -c -p "$pid" -o "$WORK/strace.$pid" >/dev/null 2>&1 &
	sp=$!
	sleep "$secs"
	kill -INT "$sp" 2>/dev/null
	wait "$sp" 2>/dev/null
	awk -v per="$per" '$1 ~ /^[0-9.]+$/ && NF >= 5 { calls[$NF] = $4 }
	    END { if (!calls[per]) exit; printf "per %s (%d of them): ", per, calls[per]
	        n = split("openat read close pread64 pwrite64 fdatasync", k, " ")
	        for (i = 1; i <= n; i++) if (calls[k[i]]) printf "%s %.1f, ", k[i], calls[k[i]] / calls[per] }' \
	    "$WORK/strace.$pid" 2>/dev/null | sed 's/, $//'
	rm -f "$WORK/strace.$pid"
}

# Where a process spends its time while something else runs: perf samples
# of pid $1 for $2 seconds, by shared object.  Prints "dso share%" lines.
perf_by_dso() {
	local pid=$1 secs=$2 data
	command -v perf >/dev/null || return 0
	data=$WORK/perf.$pid.data
	perf record -q -p "$pid" -o "$data" -- sleep "$secs" >/dev/null 2>&1 || return 0
	perf report -q -i "$data" --sort dso 2>/dev/null |
	    awk 'NF >= 2 && $1 ~ /%$/ { printf "%s %s; ", $2, $1 }' | head -c 300
	rm -f "$data"
}

# Replace this scale's block of bench/RESULTS.md with the report (other
# scales' blocks and the hand-written analysis are kept).
write_results() {
	local file=$1 scale=$2 begin end tmp
	begin="<!-- bench:$scale:begin -->"
	end="<!-- bench:$scale:end -->"
	tmp=$file.tmp.$$
	if [ ! -f "$file" ]; then
		printf '# whokilled benchmark results\n\n' >"$file"
	fi
	if grep -qF -- "$begin" "$file"; then
		awk -v b="$begin" -v e="$end" -v r="$REPORT" '
		    $0 == b { print; while ((getline l < r) > 0) print l; skip = 1; next }
		    $0 == e { skip = 0 }
		    !skip { print }' "$file" >"$tmp"
	elif grep -q '^## Analysis' "$file"; then
		awk -v b="$begin" -v e="$end" -v r="$REPORT" '
		    /^## Analysis/ && !done { print b; while ((getline l < r) > 0) print l;
		        print e; print ""; done = 1 }
		    { print }' "$file" >"$tmp"
	else
		{ cat "$file"; echo "$begin"; cat "$REPORT"; echo "$end"; } >"$tmp"
	fi
	mv "$tmp" "$file"
}
