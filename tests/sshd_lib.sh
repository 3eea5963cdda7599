# A real sshd on 127.0.0.1 for the end-to-end tests: a throwaway user with a
# key, a PAM service of the test's own, a sudo rule for that user.  Every
# file it puts outside $WORK is named after the test and removed, by name,
# when the test ends.
# shellcheck shell=bash

SSH_USER="wk$$"
SSH_PORT=""
SSHD_PID=""
SSH_SERVICE="whokilled-test-$$"
SSH_PAM_FILE="/etc/pam.d/$SSH_SERVICE"
SSH_SUDOERS="/etc/sudoers.d/whokilled-test-$$"
SSH_MADE_RUNDIR=""

sshd_cleanup() {
	if [ -n "$SSHD_PID" ]; then
		kill -TERM "$SSHD_PID" 2>/dev/null
		wait "$SSHD_PID" 2>/dev/null
		SSHD_PID=""
	fi
	# Sessions of the test user that outlived the client.
	pkill -KILL -u "$SSH_USER" 2>/dev/null
	rm -f "$SSH_PAM_FILE" "$SSH_SUDOERS"
	if getent passwd "$SSH_USER" >/dev/null; then
		userdel -r "$SSH_USER" >/dev/null 2>&1 || userdel "$SSH_USER" >/dev/null 2>&1
	fi
	[ -n "$SSH_MADE_RUNDIR" ] && rmdir /run/sshd 2>/dev/null
	SSH_MADE_RUNDIR=""
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# sshd_start PAM_SESSION_LINES...: each argument is one line of the session
# stack of the test's PAM service (auth: key only; account: the system's).
sshd_start() {
	need_root
	command -v /usr/sbin/sshd >/dev/null || fail "sshd is not installed (make deps installs openssh-server)"
	command -v sudo >/dev/null || fail "sudo is not installed (make deps installs it)"

	useradd -m -s /bin/bash "$SSH_USER" || fail "useradd $SSH_USER"
	usermod -p '*' "$SSH_USER"	# no password, but not locked
	mkdir -p "$WORK/ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host_key" || fail "host key"
	ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/user_key" || fail "user key"
	cp "$WORK/ssh/user_key.pub" "$WORK/ssh/authorized_keys"
	chmod 0644 "$WORK/ssh/authorized_keys"
	echo "$SSH_USER ALL=(root) NOPASSWD: ALL" >"$SSH_SUDOERS"
	chmod 0440 "$SSH_SUDOERS"

	{
		echo "# written by a whokilled test; removed when it ends"
		echo "auth required pam_deny.so"
		echo "account include common-account"
		local line
		for line in "$@"; do echo "$line"; done
		echo "session include common-session"
	} >"$SSH_PAM_FILE"

	SSH_PORT=$(free_port)
	cat >"$WORK/ssh/sshd_config" <<-CONF
	ListenAddress 127.0.0.1
	Port $SSH_PORT
	HostKey $WORK/ssh/host_key
	AuthorizedKeysFile $WORK/ssh/authorized_keys
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM yes
	StrictModes no
	PidFile none
	AllowUsers $SSH_USER
	CONF
	if [ ! -d /run/sshd ]; then
		mkdir -m 0755 /run/sshd && SSH_MADE_RUNDIR=1
	fi
	# sshd names its PAM service after its own program name.
	ln -s /usr/sbin/sshd "$WORK/ssh/$SSH_SERVICE"
	"$WORK/ssh/$SSH_SERVICE" -D -e -f "$WORK/ssh/sshd_config" 2>>"$WORK/sshd.log" &
	SSHD_PID=$!
	local i
	for i in $(seq 1 100); do
		python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
			"$SSH_PORT" 2>/dev/null && return 0
		kill -0 "$SSHD_PID" 2>/dev/null || { cat "$WORK/sshd.log" >&2; fail "sshd exited"; }
		sleep 0.05
	done
	fail "sshd did not listen on 127.0.0.1:$SSH_PORT"
}

# ssh_run COMMAND: runs COMMAND in a login session of the test user, with a
# terminal.
ssh_run() {
	ssh -tt -i "$WORK/ssh/user_key" -p "$SSH_PORT" -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o LogLevel=ERROR "$SSH_USER@127.0.0.1" "$1" </dev/null
}
