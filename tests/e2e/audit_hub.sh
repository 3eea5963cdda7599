#!/bin/bash
# An audit hub on one machine, carried by auditd's own remote logging:
#  - a hub auditd (local_events = no, listening on loopback TCP) in a mount
#    namespace of its own, with whokilledd as its plugin feeding a hub
#    daemon (hub = yes);
#  - this machine's kernel audit as node web7: a private auditd with the
#    kill rules, name_format = user, au-remote (audisp-remote) sending to
#    the hub, and the node's daemon writing a whokilled record per signal
#    (audit_records = yes);
#  - a real preloaded kill in a login session on web7, answered on the hub
#    by `whokilled --node web7 PID` with the killer's argv and login user,
#    and how the process ended as web7 told it; a crash on web7 no process
#    signalled, answered with its end alone;
#  - node db3: web7's records of that kill sent again by hand through
#    audisp-remote as node db3: the same pid and the same audit serial,
#    kept apart;
#  - the hub auditd stopped and started while web7 kills, then the hub's
#    daemon (which reads the hub's log again at start): every kill is on
#    the hub once, none lost, none doubled;
#  - offline: `whokilled --audit-log` over the hub's log split in two
#    files (a fragment at one's start), per node, the record joined;
#  - garbage and over-long lines on the hub plugin's input: counted and
#    refused, the plugin goes on and stores what follows;
#  - lists over every node, of one node (--node), and followers of one.
# The machine's audit rules, enabled flag and /etc/audit/audisp-remote.conf
# are put back as they were.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/audit_lib.sh"
need_root
REMOTE_CONF=/etc/audit/audisp-remote.conf
REMOTE=/sbin/audisp-remote
PORT=60671
HUB="$WORK/hub"
HUB_RUN="$WORK/hubrun"
HUB_AUDITD_PID=""

[ -x "$REMOTE" ] || fail "$REMOTE is not installed (make deps installs audispd-plugins)"
[ -f "$REMOTE_CONF" ] || fail "$REMOTE_CONF is missing (audispd-plugins)"

restore_remote_conf() {
	[ -f "$WORK/audisp-remote.conf.saved" ] || return 0
	cp -p "$WORK/audisp-remote.conf.saved" "$REMOTE_CONF"
	rm -f "$WORK/audisp-remote.conf.saved"
}
hub_auditd_stop() {
	[ -n "$HUB_AUDITD_PID" ] || return 0
	kill -TERM "$HUB_AUDITD_PID" 2>/dev/null
	wait "$HUB_AUDITD_PID" 2>/dev/null
	HUB_AUDITD_PID=""
}
hub_daemon_stop() {
	[ -n "${HUB_DAEMON_PID:-}" ] || return 0
	kill -TERM "$HUB_DAEMON_PID" 2>/dev/null
	wait "$HUB_DAEMON_PID" 2>/dev/null
	HUB_DAEMON_PID=""
}
trap 'hub_auditd_stop; audit_restore_state; hub_daemon_stop; restore_remote_conf; cleanup' EXIT

audit_save_state
cp -p "$REMOTE_CONF" "$WORK/audisp-remote.conf.saved"
# The sender reconnects with the next record after an outage; "stop" (the
# default) would end it and lose its queue.
cat >"$REMOTE_CONF" <<CONF
remote_server = 127.0.0.1
port = $PORT
transport = tcp
mode = immediate
queue_depth = 10240
format = managed
network_retry_time = 1
max_tries_per_record = 3
max_time_per_record = 5
heartbeat_timeout = 0
network_failure_action = syslog
disk_low_action = ignore
disk_full_action = ignore
disk_error_action = syslog
remote_ending_action = reconnect
generic_error_action = syslog
generic_warning_action = syslog
queue_error_action = stop
overflow_action = syslog
CONF

# --- the hub: its daemon, then its auditd in a mount namespace of its own
mkdir -p "$HUB/log" "$HUB/plugins.d" "$HUB_RUN" "$WORK/hubdb"
chmod 0750 "$HUB"
cat >"$WORK/hub.conf" <<CONF
hub = yes
socket_dir = $HUB_RUN
db = $WORK/hubdb/hub.db
audit_log = $HUB/log/audit.log
audit_netlink = no
log_kills = no
CONF
hub_daemon_start() {
	"$DAEMON" -f -d -c "$WORK/hub.conf" >>"$WORK/hubd.log" 2>&1 &
	HUB_DAEMON_PID=$!
	for i in $(seq 1 200); do
		"$CLI" --socket-dir "$HUB_RUN" --stats >/dev/null 2>&1 && return 0
		kill -0 "$HUB_DAEMON_PID" 2>/dev/null || { cat "$WORK/hubd.log" >&2; fail "the hub daemon exited"; }
		sleep 0.05
	done
	fail "the hub daemon does not answer"
}
hub_daemon_start

cat >"$WORK/hubplugin.sh" <<SCRIPT
#!/bin/sh
export ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}"
exec "$DAEMON" "\$@" 2>>"$WORK/hubplugin.log"
SCRIPT
chmod 0755 "$WORK/hubplugin.sh"
cat >"$HUB/auditd.conf" <<CONF
local_events = no
write_logs = yes
log_file = $HUB/log/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 1
max_log_file = 100
num_logs = 2
max_log_file_action = IGNORE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
name_format = user
name = hub0
q_depth = 2000
overflow_action = IGNORE
tcp_listen_port = $PORT
tcp_listen_queue = 5
tcp_max_per_addr = 4
use_libwrap = no
transport = TCP
distribute_network = yes
plugin_dir = $HUB/plugins.d
end_of_event_timeout = 2
CONF
chmod 0640 "$HUB/auditd.conf"
cat >"$HUB/plugins.d/whokilled.conf" <<CONF
active = yes
direction = out
path = $WORK/hubplugin.sh
type = always
args = --audit-plugin --socket-dir=$HUB_RUN
format = string
CONF
chmod 0640 "$HUB/plugins.d/whokilled.conf"

# Both auditds write and delete /run/auditd.pid: the hub gets a /run of its own.
hub_auditd_start() {
	unshare -m sh -c "mount -t tmpfs tmpfs /run && exec auditd -n -c '$HUB' -s nochange" \
		>>"$WORK/hubauditd.log" 2>&1 &
	HUB_AUDITD_PID=$!
	for i in $(seq 1 100); do
		ss -ltn "sport = :$PORT" | grep -q LISTEN && return 0
		kill -0 "$HUB_AUDITD_PID" 2>/dev/null || { cat "$WORK/hubauditd.log" >&2; fail "the hub auditd exited"; }
		sleep 0.05
	done
	fail "the hub auditd does not listen on port $PORT"
}
hub_auditd_start

# --- node web7: this machine's audit, with au-remote and the node's daemon
cat >"$WORK/node.conf" <<CONF
audit_records = yes
CONF
start_daemon -d -c "$WORK/node.conf" --audit-netlink no
grep -q "written into the audit trail" "$WORK/daemon.log" || fail "the node's daemon does not write records"

mkdir -p "$AUDIT_DIR/plugins.d"
cat >"$WORK/plugin.sh" <<SCRIPT
#!/bin/sh
export ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}"
exec "$DAEMON" "\$@" 2>>"$WORK/plugin.log"
SCRIPT
chmod 0755 "$WORK/plugin.sh"
cat >"$AUDIT_DIR/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $AUDIT_LOG
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 1
max_log_file = 100
num_logs = 2
max_log_file_action = IGNORE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
name_format = user
name = web7
q_depth = 2000
overflow_action = IGNORE
plugin_dir = $AUDIT_DIR/plugins.d
end_of_event_timeout = 2
CONF
cat >"$AUDIT_DIR/plugins.d/whokilled.conf" <<CONF
active = yes
direction = out
path = $WORK/plugin.sh
type = always
args = --audit-plugin --socket-dir=$WHOKILLED_SOCKET_DIR
format = string
CONF
cat >"$AUDIT_DIR/plugins.d/au-remote.conf" <<CONF
active = yes
direction = out
path = $REMOTE
type = always
format = string
CONF
auditd -n -c "$AUDIT_DIR" >>"$WORK/auditd.log" 2>&1 &
AUDITD_PID=$!
for i in $(seq 1 100); do
	[ "$(auditctl -s | awk '$1 == "pid" { print $2 }')" = "$AUDITD_PID" ] && break
	kill -0 "$AUDITD_PID" 2>/dev/null || { cat "$WORK/auditd.log" >&2; fail "the node's auditd exited"; }
	sleep 0.05
done
audit_load_rules "$TOP/conf/audit/whokilled.rules" "$TOP/conf/audit/whokilled-exec.rules"

hub_ask() { "$CLI" --socket-dir "$HUB_RUN" "$@"; }
# hub_wait NODE PID EXPR: until the hub's JSON about PID on NODE makes EXPR
# true; the JSON is left in $WORK/NODE-PID.json.
hub_wait() {
	local f="$WORK/$1-$2.json"
	for i in $(seq 1 150); do
		# (exit 1: no signal, which an end alone may be)
		if { hub_ask --json --all --node "$1" "$2" >"$f" 2>/dev/null; [ $? -le 1 ]; } &&
			[ "$(json_eval "$f" "$3")" = True ]; then
			return 0
		fi
		sleep 0.1
	done
	cat "$f" >&2
	tail -n 20 "$WORK/hubd.log" "$WORK/hubplugin.log" >&2
	echo "whokilled records in the node's and the hub's logs:" >&2
	grep -ac "TRUSTED_APP" "$AUDIT_LOG" "$HUB/log/audit.log" >&2
	grep -a "TRUSTED_APP" "$HUB/log/audit.log" | tail -n 2 >&2
	fail "the hub never showed pid $2 of node $1 with: $3"
}
j() { json_eval "$WORK/$1-$2.json" "$3"; }

# 1. A preloaded kill in alice's login session on web7.
start_target; t1=$TARGET
bash -c "echo 4242 >/proc/self/loginuid && exec $HELPERS/send_pam_report $WHOKILLED_SOCKET_DIR session user=alice service=sshd tty=pts/7 rhost=10.1.2.3 -- env LD_PRELOAD=$SHIM /bin/kill -9 $t1" ||
	fail "the kill in alice's session"
hub_wait web7 "$t1" 'len(d) == 1 and "kernel" in d[0]["sources"] and "node_record" in d[0]["sources"]'
assert_eq "$(j web7 "$t1" 'd[0]["node"]')" web7 "the event names its node"
assert_contains "$WORK/hubd.log" "an audit hub: this host's systemd is not followed" "the hub does not follow its own host's systemd"
assert_eq "$(j web7 "$t1" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-9', '$t1']" "the killer's argv, from the node's record"
assert_eq "$(j web7 "$t1" 'd[0]["session"]["user"]')" alice "the login user, from the node's record"
assert_eq "$(j web7 "$t1" 'd[0]["session"]["rhost"]')" 10.1.2.3 "the login's remote host"
assert_eq "$(j web7 "$t1" 'd[0]["killer"]["auid"]')" 4242 "the killer's login uid"
assert_eq "$(j web7 "$t1" 'd[0]["signal"]["name"]')" SIGKILL "the signal"
assert_eq "$(j web7 "$t1" 'd[0]["target"]["comm"]')" sleep "the target's comm"
# How it ended, as web7's daemon told the hub (its record of the end).
hub_wait web7 "$t1" 'd[0]["death"] is not None and d[0]["death"]["kind"] == "signaled"'
assert_eq "$(j web7 "$t1" 'd[0]["death"]["signal"]["name"]')" SIGKILL "the end web7 told: by SIGKILL"
assert_eq "$(j web7 "$t1" 'd[0]["ended_it"]')" True "the hub says this kill ended it"
assert_eq "$(j web7 "$t1" 'd[0]["death"]["sender"]["pid"] == d[0]["killer"]["pid"]')" True "the end names web7's killer"
hub_ask --node web7 "$t1" >"$WORK/t1.txt" || fail "the text answer on the hub"
assert_contains "$WORK/t1.txt" "killed by SIGKILL" "the text says how it ended"
assert_contains "$WORK/t1.txt" "node web7" "the text names the node"
assert_contains "$WORK/t1.txt" "kill -9 $t1" "the text shows the argv"
assert_contains "$WORK/t1.txt" alice "the text shows the login user"
# The node's own answer has no node; the hub has nothing of this host.
"$CLI" --json "$t1" >"$WORK/local.json" || fail "the node's own answer"
assert_eq "$(json_eval "$WORK/local.json" 'd[0]["node"]')" None "JSON node is null on a single host"
hub_ask --json "$t1" >"$WORK/hublocal.json" 2>/dev/null
assert_eq "$(json_eval "$WORK/hublocal.json" 'sum(1 for e in d if e.get("signal") is not None)')" 0 "without --node the hub shows none of its nodes' events"

# A crash on web7 that no process signalled: the node tells its end too.
crash=$(bash -c 'ulimit -c 0; exec python3 -c "import ctypes, os; print(os.getpid(), flush=True); ctypes.string_at(0)"' 2>/dev/null)
[ -n "$crash" ] || fail "the crashing program printed no pid"
hub_wait web7 "$crash" 'len(d) == 1 and d[0]["signal"] is None and d[0]["death"]["kind"] == "signaled"'
assert_eq "$(j web7 "$crash" 'd[0]["death"]["signal"]["name"]')" SIGSEGV "web7's crash: SIGSEGV"
assert_eq "$(j web7 "$crash" 'd[0]["death"]["sender"]')" None "web7's crash: no process sent it"
hub_ask --node web7 "$crash" >"$WORK/crash.txt" || fail "the text answer about the crash (an end is an answer: exit 0)"
assert_contains "$WORK/crash.txt" "SIGSEGV" "the text says it died of SIGSEGV"

# 2. Node db3: web7's very records of that kill, sent again as db3's: the
# same pid, the same audit serial, the same time.
serial=$(grep -a "type=OBJ_PID" "$AUDIT_LOG" | grep -a "opid=$t1 " | tail -1 | sed 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/')
[ -n "$serial" ] || fail "no OBJ_PID record of the kill in the node's log"
grep -a "msg=audit([0-9.]*:$serial)" "$AUDIT_LOG" | grep -av "type=EOE" | cut -d$'\x1d' -f1 |
	sed 's/^node=web7 /node=db3 /' >"$WORK/db3.records"
[ -s "$WORK/db3.records" ] || fail "no records of event $serial"
(trap '' PIPE; cat "$WORK/db3.records" | "$REMOTE") >>"$WORK/remote.log" 2>&1 ||
	fail "audisp-remote did not send db3's records"
hub_wait db3 "$t1" 'len(d) == 1 and "kernel" in d[0]["sources"]'
assert_eq "$(j db3 "$t1" 'd[0]["node"]')" db3 "db3's event names db3"
assert_eq "$(j db3 "$t1" 'd[0]["target"]["pid"]')" "$t1" "db3's event names its target"
assert_eq "$(j db3 "$t1" '"node_record" in d[0]["sources"]')" False "db3 sent no whokilled record: web7's is not mixed in"
assert_eq "$(j db3 "$t1" 'd[0]["session"] is None or d[0]["session"].get("user") != "alice"')" True "db3 has no login session of web7's"
assert_eq "$(j db3 "$t1" 'd[0]["death"]')" None "db3 told no end: web7's is not mixed in"
hub_ask --json --all --node web7 "$t1" >"$WORK/web7-again.json"
assert_eq "$(json_eval "$WORK/web7-again.json" 'len(d)')" 1 "web7 still has exactly its one event"

# 3. The hub's auditd stopped and started while web7 kills.
kill_one() {
	start_target; local t=$TARGET
	LD_PRELOAD="$SHIM" /bin/kill -9 "$t" || fail "kill $t"
	echo "$t"
}
before=(); during=(); after=()
for n in 1 2 3; do before+=("$(kill_one)"); done
sleep 1
hub_auditd_stop
for n in 1 2 3 4 5; do during+=("$(kill_one)"); done
sleep 3	# the node holds its records 2.5 s, then writes them into the trail
hub_auditd_start
# audisp-remote reconnects with its next record: give it one.
for n in 1 2; do after+=("$(kill_one)"); done
# Then the hub's daemon stopped and started: its plugin queues, and at
# start the daemon reads the hub's log again -- each kill arrives twice.
sleep 3
hub_daemon_stop
down=()
for n in 1 2 3; do down+=("$(kill_one)"); done
sleep 3
hub_daemon_start
for t in "${before[@]}" "${during[@]}" "${after[@]}" "${down[@]}"; do
	hub_wait web7 "$t" 'len(d) >= 1 and "kernel" in d[0]["sources"] and "node_record" in d[0]["sources"]'
	assert_eq "$(j web7 "$t" 'len(d)')" 1 "pid $t: on the hub once"
	assert_eq "$(j web7 "$t" 'd[0]["killer"]["argv"][0]')" /bin/kill "pid $t: the argv came through"
done

# 4. Offline, from the hub's log alone, split as a rotation would (the
# newer file given first), the older one starting with a line's fragment.
hub_log="$HUB/log/audit.log"
half=$(( $(wc -l <"$hub_log") / 2 ))
{ printf 'ode=web7 type=SYSCALL msg=audit(17'; echo; head -n "$half" "$hub_log"; } >"$WORK/hub.log.1"
tail -n +"$((half + 1))" "$hub_log" >"$WORK/hub.log"
for n in web7 db3; do
	"$CLI" --json --audit-log "$WORK/hub.log" --audit-log "$WORK/hub.log.1" --node "$n" "$t1" \
		>"$WORK/offline-$n.json" 2>"$WORK/offline-$n.err" || fail "offline answer for $n"
	assert_eq "$(json_eval "$WORK/offline-$n.json" 'len(d)')" 1 "offline: one kill of $t1 on $n"
	assert_eq "$(json_eval "$WORK/offline-$n.json" 'd[0]["node"]')" "$n" "offline: the node"
done
assert_eq "$(json_eval "$WORK/offline-web7.json" 'd[0]["session"]["user"]')" alice "offline: web7's login user from its record"
assert_eq "$(json_eval "$WORK/offline-web7.json" 'd[0]["killer"]["argv"]')" "['/bin/kill', '-9', '$t1']" "offline: web7's argv"
assert_eq "$(json_eval "$WORK/offline-db3.json" '"node_record" in d[0]["sources"]')" False "offline: db3 has no record of web7's"
assert_eq "$(json_eval "$WORK/offline-web7.json" 'd[0]["death"]["kind"], d[0]["ended_it"]')" "('signaled', True)" "offline: web7's end of $t1, ended by the kill"
assert_eq "$(json_eval "$WORK/offline-db3.json" '"death" in d[0]')" False "offline: db3 told no end"

web7_pids="$t1 ${before[*]} ${during[*]} ${after[*]} ${down[*]}"
# 5. Lists over the nodes: every node's kills, each naming its node; one
# node's with --node; a node's uids are no user's of this host.
hub_ask --json >"$WORK/list.json" || fail "the hub's list"
kills_of() { echo "[e['target']['pid'] for e in d if e.get('signal') is not None and e['node'] == '$1']"; }
# (web7 is this machine: the test's own other kills are there too)
assert_eq "$(json_eval "$WORK/list.json" "(lambda k: [p for p in [$(echo $web7_pids | tr ' ' ',')] if k.count(p) != 1])($(kills_of web7))")" \
	"[]" "the list: each of web7's kills, once"
[ "$(json_eval "$WORK/list.json" "$(kills_of db3)")" = "[$t1]" ] ||
	{ grep -a '"node":"db3"' "$WORK/list.json" >&2; fail "the list: db3's kill, apart from web7's of the same pid"; }
hub_ask --json --node db3 >"$WORK/list-db3.json" || fail "the list of db3"
assert_eq "$(json_eval "$WORK/list-db3.json" "[(e['node'], e['target']['pid']) for e in d]")" "[('db3', $t1)]" "--node db3 lists db3's kill alone"
hub_ask --node web7 >"$WORK/list-web7.txt" || fail "the text list of web7"
for p in $t1 ${down[0]}; do
	grep -q "^web7: .*\[$p\]" "$WORK/list-web7.txt" || { cat "$WORK/list-web7.txt" >&2; fail "web7's list: no line of pid $p beginning with the node"; }
done
assert_eq "$(grep -vc '^web7: ' "$WORK/list-web7.txt")" 0 "--node web7 lists nothing else"
rc=0; hub_ask --node nosuch >/dev/null 2>&1 || rc=$?
assert_eq "$rc" 1 "a node with nothing recorded: exit 1"
rc=0; setpriv --reuid=65534 --regid=65534 --clear-groups "$CLI" --socket-dir "$HUB_RUN" --node web7 \
	>"$WORK/list-nobody.txt" 2>&1 || rc=$?
assert_eq "$rc" 1 "an unprivileged asker sees none of a node's kills (its uids are not this host's)"
# Followers of one node each: web7's gets web7's next kill, db3's nothing.
# (The CLI itself in the background, not a function's subshell: SIGTERM
# reaches it, where a background job of this shell ignores SIGINT.)
"$CLI" --socket-dir "$HUB_RUN" --node web7 -f -n 0 --json >"$WORK/follow-web7.jsonl" 2>&1 & fw7=$!
"$CLI" --socket-dir "$HUB_RUN" --node db3 -f -n 0 --json >"$WORK/follow-db3.jsonl" 2>&1 & fdb3=$!
sleep 0.5
t5=$(kill_one)
hub_wait web7 "$t5" 'len(d) == 1 and "node_record" in d[0]["sources"]'
for i in $(seq 1 50); do
	grep -q "\"pid\":$t5," "$WORK/follow-web7.jsonl" && break
	sleep 0.1
done
kill -TERM "$fw7" "$fdb3"; wait "$fw7" "$fdb3" 2>/dev/null || true
python3 - "$WORK/follow-web7.jsonl" "$t5" <<'PYEOF2' || fail "web7's follower"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
# (web7 is this machine: the test's own other kills may come too)
assert all(e["node"] == "web7" for e in lines), lines
assert [e["target"]["pid"] for e in lines].count(int(sys.argv[2])) == 1, lines
PYEOF2
assert_eq "$(wc -c <"$WORK/follow-db3.jsonl")" 0 "db3's follower got nothing of web7's"

# 6. Garbage and an over-long line on the hub plugin's input: refused and
# counted; the record that follows is still stored.
start_target; t4=$TARGET
LD_PRELOAD="$SHIM" /bin/kill -9 "$t4" || fail "kill $t4"
hub_wait web7 "$t4" 'len(d) == 1 and "node_record" in d[0]["sources"]'
s4=$(grep -a "type=OBJ_PID" "$AUDIT_LOG" | grep -a "opid=$t4 " | tail -1 | sed 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/')
{
	printf 'this is no audit record\n'
	printf '\x00\x01\x02 binary junk\n'
	printf 'node=x type=SYSCALL msg=audit(1.1:1): %s\n' "$(head -c 70000 /dev/zero | tr '\0' a)"
	printf 'type=SYSCALL but no msg\n'
	grep -a "msg=audit([0-9.]*:$s4)" "$AUDIT_LOG" | grep -av "type=EOE" | cut -d$'\x1d' -f1 |
		sed 's/^node=web7 /node=mail2 /'
} >"$WORK/junk.input"
hub_auditd_stop	# its plugin's own counts would mix in
"$DAEMON" --audit-plugin --socket-dir="$HUB_RUN" <"$WORK/junk.input" ||
	fail "the plugin failed on garbage"
hub_wait mail2 "$t4" 'len(d) == 1 and "kernel" in d[0]["sources"]'
kill -0 "$HUB_DAEMON_PID" || fail "the hub daemon died"
# Nothing came twice later either.
for t in "$t1" "${before[@]}" "${during[@]}" "${after[@]}" "${down[@]}"; do
	hub_ask --json --all --node web7 "$t" >"$WORK/again.json" || fail "ask again for $t"
	assert_eq "$(json_eval "$WORK/again.json" 'len(d)')" 1 "pid $t: still on the hub once"
done

# The counters: the hub's of its plugin's input and its nodes' records
# (since its restart: the log read again gave records seen before), the
# node's of the records it wrote.
hub_ask --stats --json >"$WORK/hubstats.json" || fail "the hub's --stats"
assert_eq "$(json_eval "$WORK/hubstats.json" "d['audit_refused']")" 3 "--stats: the lines the plugin refused"
assert_eq "$(json_eval "$WORK/hubstats.json" "d['node_records'] > 0 and d['node_duplicates'] > 0")" True "--stats: nodes' records read, some twice"
hub_ask --stats >"$WORK/hubstats.txt" || fail "the hub's --stats text"
assert_contains "$WORK/hubstats.txt" "audit hub" "--stats text: the hub's part"
"$CLI" --stats --json >"$WORK/nodestats.json" || fail "the node's --stats"
assert_eq "$(json_eval "$WORK/nodestats.json" "d['trail_written'] >= $(echo $web7_pids $t4 | wc -w) and d['trail_failed'] == 0")" True "--stats: the node's records written"


hub_daemon_stop
# The plugin tells the hub daemon what it refused and dropped: counted there.
grep -q "the plugin refused 3 lines that were no audit records and dropped 1$" "$WORK/hubd.log" ||
	{ grep hub: "$WORK/hubd.log" >&2; fail "garbage and the over-long line not counted on the hub"; }
echo "PASS audit_hub"
