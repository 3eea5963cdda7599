# A private auditd for the end-to-end tests: its config, log and plugin
# directory live in $WORK; the machine's audit rules and enabled flag are
# saved first and put back exactly when the test ends.
# shellcheck shell=bash

AUDITD_PID=""
AUDIT_SAVED=""
AUDIT_DIR="$WORK/audit"
AUDIT_LOG="$AUDIT_DIR/audit.log"

# Saves the kernel's audit rules and enabled flag; refuses to go on when a
# system auditd runs (there can be only one audit daemon).
audit_save_state() {
	need_root
	command -v auditctl >/dev/null || fail "auditctl is not installed (make deps installs auditd)"
	local st
	st=$(auditctl -s 2>&1) || fail "the kernel's audit is not available here: $st"
	local pid
	pid=$(awk '$1 == "pid" { print $2 }' <<<"$st")
	[ "${pid:-0}" = 0 ] || fail "an audit daemon (pid $pid) already runs; this test needs to start its own"
	mkdir -p "$AUDIT_DIR"
	awk '$1 == "enabled" { print $2 }' <<<"$st" >"$AUDIT_DIR/saved.enabled"
	auditctl -l >"$AUDIT_DIR/saved.rules" || fail "auditctl -l"
	AUDIT_SAVED=1
}

audit_restore_state() {
	[ -n "$AUDIT_SAVED" ] || return 0
	auditd_stop
	auditctl -D >/dev/null
	if ! grep -q "^No rules" "$AUDIT_DIR/saved.rules"; then
		auditctl -R "$AUDIT_DIR/saved.rules" >/dev/null
	fi
	auditctl -e "$(cat "$AUDIT_DIR/saved.enabled")" >/dev/null
	AUDIT_SAVED=""
}

# auditd_start [PLUGIN_ARGS]: a private auditd writing $AUDIT_LOG; with
# arguments, whokilledd runs as its plugin with them.
auditd_start() {
	mkdir -p "$AUDIT_DIR/plugins.d"
	cat >"$AUDIT_DIR/auditd.conf" <<-CONF
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
	name_format = NONE
	q_depth = 2000
	overflow_action = IGNORE
	plugin_dir = $AUDIT_DIR/plugins.d
	end_of_event_timeout = 2
	CONF
	rm -f "$AUDIT_DIR/plugins.d/"*
	if [ $# -gt 0 ]; then
		cat >"$AUDIT_DIR/plugins.d/whokilled.conf" <<-CONF
		active = yes
		direction = out
		path = $DAEMON
		type = always
		args = $*
		format = string
		CONF
	fi
	auditd -n -c "$AUDIT_DIR" >>"$WORK/auditd.log" 2>&1 &
	AUDITD_PID=$!
	local i
	for i in $(seq 1 100); do
		[ "$(auditctl -s | awk '$1 == "pid" { print $2 }')" = "$AUDITD_PID" ] && return 0
		kill -0 "$AUDITD_PID" 2>/dev/null || { cat "$WORK/auditd.log" >&2; fail "auditd exited"; }
		sleep 0.05
	done
	fail "auditd did not register with the kernel"
}

auditd_stop() {
	[ -n "$AUDITD_PID" ] || return 0
	kill -TERM "$AUDITD_PID" 2>/dev/null
	wait "$AUDITD_PID" 2>/dev/null
	AUDITD_PID=""
}

audit_load_rules() {
	local f
	for f in "$@"; do
		auditctl -R "$f" >/dev/null || fail "auditctl -R $f"
	done
	auditctl -e 1 >/dev/null || fail "auditctl -e 1"
}

# Waits until the audit log holds an event about PID (auditd writes
# asynchronously).
audit_log_wait() {
	local i
	for i in $(seq 1 100); do
		grep -q "opid=$1 \|a0=$(printf %x "$1") " "$AUDIT_LOG" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "the audit log never showed a signal to $1"
}
