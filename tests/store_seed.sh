# seed_rows DB KIND N FIRST STEP: N rows of KIND (kills, sessions,
# authfails, deaths) into the store DB (made by the daemon: its schema),
# the first at FIRST (seconds since the epoch), each STEP seconds after
# the one before.  The rows' times are what retention goes by: a test
# gives them the age it wants, so no test waits for a clock.  Kills are
# of target pids 100000+i by pid 2000 (comm "seedkill"), sessions of user
# "seeduser", failed logins for "seeduser", ends of pids 200000+i (start time: their time).
seed_rows() {
	local db=$1 kind=$2 n=$3 first=$4 step=$5 sel
	local gen="WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $n - 1)"
	local t="($first + i * $step)"
	case $kind in
	kills) sel="INSERT INTO kills (boot_id, time_sec, time_nsec, call, signo,
		result, error, sources, flags, dropped, target_pid,
		target_start_time, target_uid, target_comm, target_ppid, arg_pid,
		arg_tid, killer_pid, killer_ppid, killer_tid, killer_start_time,
		killer_uid, killer_euid, killer_suid, killer_gid, killer_egid,
		killer_sgid, killer_loginuid, killer_sessionid, killer_sid,
		killer_pgid, killer_tty_nr, killer_tty, killer_comm, killer_exe,
		killer_argc, killer_argv, chain)
		SELECT 'seed', $t, 0, 1, 15, 0, 0, 1, 1, 0, 100000 + i, 1, 0,
		'victim', 1, 100000 + i, 0, 2000, 1, 2000, 1, 0, 0, 0, 0, 0, 0,
		4294967295, 4294967295, 2000, 2000, 0, '', 'seedkill',
		'/usr/bin/kill', 2, x'6b696c6c00313500', zeroblob(0) FROM n" ;;
	sessions) sel="INSERT INTO sessions (boot_id, pid, start_time, uid,
		loginuid, sessionid, own_id, flags, user, service, tty, rhost,
		ruser, opened_sec, opened_nsec, closed_sec, closed_nsec)
		SELECT 'seed', 3000 + i, 1, 1000, 1000, 10 + i, 0, 1,
		'seeduser', 'sshd', 'pts/0', '10.0.0.1', '', $t, 0, $t + 1, 0
		FROM n" ;;
	authfails) sel="INSERT INTO authfails (boot_id, time_sec, time_nsec,
		flags, dropped, user, service, tty, rhost, ruser, caller_pid,
		caller_ppid, caller_tid, caller_start_time, caller_uid,
		caller_euid, caller_suid, caller_gid, caller_egid, caller_sgid,
		caller_loginuid, caller_sessionid, caller_sid, caller_pgid,
		caller_tty_nr, caller_comm, caller_exe, caller_argc, caller_argv,
		chain)
		SELECT 'seed', $t, 0, 0, 0, 'seeduser', 'su', 'pts/1', '', '',
		4000 + i, 1, 4000 + i, 1, 1000, 0, 0, 1000, 1000, 1000, 1000, 5,
		4000, 4000, 0, 'su', '/usr/bin/su', 1, x'737500', zeroblob(0)
		FROM n" ;;
	deaths) sel="INSERT INTO deaths (boot_id, pid, start_time, ppid, uid,
		comm, args, kind, exit_sec, exit_nsec, status, signalled,
		parent_pid, parent_comm)
		SELECT 'seed', 200000 + i, $t, 1, 0, 'seeddied', 'seeddied', 2,
		$t, 0, 15, 1, 0, '' FROM n" ;;
	*) echo "seed_rows: unknown kind $kind" >&2; return 1 ;;
	esac
	sqlite3 "$db" "$gen $sel;" || { echo "seed_rows: $kind into $db failed" >&2; return 1; }
}
