# The kernel audit side of the benchmark: a private auditd, one rule of
# its own, and the machine's audit state put back exactly as it was.
# Sourced by bench/run.sh.  shellcheck shell=bash
#
#   audit_usable             0, or 1 with the reason in AUDIT_WHY
#   audit_wait_idle SECONDS  wait until no auditd runs and no rule is loaded
#                            (someone else may be using audit): 0, or 1
#   audit_start DIR          save the state, start auditd (log under DIR),
#                            raise the backlog as Debian's rules do: 0 or 1
#   audit_add_rule           load the benchmark's kill rule: 0 or 1
#   audit_stop               remove the rule, stop auditd, restore the state
#                            (safe to call twice; run.sh's EXIT trap does)
#
# Only the rule this file adds is ever removed (by its exact text); rules
# and daemons of anyone else are left alone.

AUDIT_KEY=whokilled-bench
AUDIT_RULE=(always,exit -F arch=b64 -S kill -F "a1!=0" -k "$AUDIT_KEY")
AUDIT_BACKLOG=8192		# what Debian's /etc/audit/rules.d/audit.rules sets
AUDIT_WHY=""
AUDIT_PID=""
AUDIT_RULE_ADDED=0
AUDIT_SAVED_ENABLED=""
AUDIT_SAVED_BACKLOG=""
AUDIT_LOG=""

# One field of `auditctl -s` ("enabled", "backlog_limit", "pid"...).
audit_status() {
	auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'
}

audit_usable() {
	local s
	if [ "$(id -u)" -ne 0 ]; then
		AUDIT_WHY="not root"
		return 1
	fi
	if ! command -v auditd >/dev/null || ! command -v auditctl >/dev/null; then
		AUDIT_WHY="auditd/auditctl not installed (Debian package auditd)"
		return 1
	fi
	if ! s=$(auditctl -s 2>&1); then
		AUDIT_WHY="auditctl -s failed: $(echo "$s" | head -n 1) (no audit support in this kernel or container?)"
		return 1
	fi
	if [ "$(audit_status enabled)" = 2 ]; then
		AUDIT_WHY="the audit configuration is locked (enabled 2) until reboot"
		return 1
	fi
	return 0
}

# True when nobody else is using audit: no auditd, no rule loaded.
audit_idle() {
	[ -z "$(pgrep -x auditd)" ] && [ "$(auditctl -l 2>/dev/null)" = "No rules" ]
}

audit_wait_idle() {
	local waited=0 limit=$1
	while ! audit_idle; do
		if [ "$waited" -ge "$limit" ]; then
			AUDIT_WHY="audit was in use by someone else for ${limit} s (auditd pid '$(pgrep -x auditd | tr '\n' ' ')', rules: $(auditctl -l 2>/dev/null | wc -l))"
			return 1
		fi
		[ "$waited" -eq 0 ] && echo "  audit is in use (an auditd runs or rules are loaded); waiting up to ${limit} s..." >&2
		sleep 10
		waited=$((waited + 10))
	done
	return 0
}

# auditd.conf as Debian ships it, but logging under $1 with no plugins.
audit_write_conf() {
	local dir=$1
	mkdir -p "$dir/etc/plugins.d" "$dir/log"
	cat >"$dir/etc/auditd.conf" <<EOF
local_events = yes
write_logs = yes
log_file = $dir/log/audit.log
log_group = root
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 4096
num_logs = 2
priority_boost = 4
name_format = NONE
max_log_file_action = IGNORE
space_left = 75
space_left_action = SYSLOG
verify_email = no
action_mail_acct = root
admin_space_left = 50
admin_space_left_action = SUSPEND
disk_full_action = SUSPEND
disk_error_action = SUSPEND
use_libwrap = no
tcp_listen_queue = 5
tcp_max_per_addr = 1
tcp_client_max_idle = 0
transport = TCP
distribute_network = no
q_depth = 2000
overflow_action = SYSLOG
max_restarts = 10
plugin_dir = $dir/etc/plugins.d
end_of_event_timeout = 2
EOF
	chmod 0750 "$dir/etc" "$dir/etc/plugins.d"
	chmod 0640 "$dir/etc/auditd.conf"
	AUDIT_LOG=$dir/log/audit.log
}

audit_start() {
	local dir=$1 i
	AUDIT_SAVED_ENABLED=$(audit_status enabled)
	AUDIT_SAVED_BACKLOG=$(audit_status backlog_limit)
	audit_write_conf "$dir"
	# -n: no fork, so $! is auditd itself; it enables audit and, on
	# SIGTERM, disables it again.
	auditd -n -c "$dir/etc" >"$dir/auditd.out" 2>&1 &
	AUDIT_PID=$!
	for i in $(seq 1 100); do
		if [ "$(audit_status pid)" = "$AUDIT_PID" ]; then
			break
		fi
		if ! kill -0 "$AUDIT_PID" 2>/dev/null; then
			AUDIT_WHY="auditd exited at start: $(tail -n 2 "$dir/auditd.out" | tr '\n' ' ')"
			AUDIT_PID=""
			audit_stop
			return 1
		fi
		sleep 0.05
	done
	if [ "$(audit_status pid)" != "$AUDIT_PID" ]; then
		AUDIT_WHY="auditd did not register with the kernel in 5 s"
		audit_stop
		return 1
	fi
	if [ "${AUDIT_SAVED_BACKLOG:-0}" -lt "$AUDIT_BACKLOG" ] &&
	    ! auditctl -b "$AUDIT_BACKLOG" >/dev/null; then
		AUDIT_WHY="auditctl -b $AUDIT_BACKLOG failed"
		audit_stop
		return 1
	fi
	return 0
}

audit_add_rule() {
	if ! auditctl -a "${AUDIT_RULE[@]}" >/dev/null 2>&1; then
		AUDIT_WHY="auditctl -a ${AUDIT_RULE[*]} failed"
		return 1
	fi
	AUDIT_RULE_ADDED=1
	return 0
}

audit_stop() {
	local now
	if [ "$AUDIT_RULE_ADDED" = 1 ]; then
		auditctl -d "${AUDIT_RULE[@]}" >/dev/null 2>&1 ||
		    echo "bench: could not remove the audit rule ${AUDIT_RULE[*]}" >&2
		AUDIT_RULE_ADDED=0
	fi
	if [ -n "$AUDIT_SAVED_BACKLOG" ] &&
	    [ "$(audit_status backlog_limit)" != "$AUDIT_SAVED_BACKLOG" ]; then
		auditctl -b "$AUDIT_SAVED_BACKLOG" >/dev/null ||
		    echo "bench: could not restore the audit backlog limit $AUDIT_SAVED_BACKLOG" >&2
	fi
	if [ -n "$AUDIT_PID" ]; then
		kill -TERM "$AUDIT_PID" 2>/dev/null
		wait "$AUDIT_PID" 2>/dev/null
		AUDIT_PID=""
	fi
	if [ -n "$AUDIT_SAVED_ENABLED" ]; then
		now=$(audit_status enabled)
		if [ "$now" != "$AUDIT_SAVED_ENABLED" ]; then
			auditctl -e "$AUDIT_SAVED_ENABLED" >/dev/null ||
			    echo "bench: could not restore the audit enabled flag $AUDIT_SAVED_ENABLED" >&2
		fi
	fi
	AUDIT_SAVED_ENABLED=""
	AUDIT_SAVED_BACKLOG=""
}
