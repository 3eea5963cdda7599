#!/bin/sh
# Installs the Debian packages whokilled's build and tests need.  Idempotent:
# does nothing when they are all present.  Needs root (apt-get).
#   --check   only say what is missing (exit 1), install nothing
#   --list    print the package names
#   analyze   the packages `make analyze` needs instead (not in `make deps`,
#             which CI runs, nor checked by `make`)
set -eu

PACKAGES="gcc make pkg-config check libsubunit-dev libsqlite3-dev sqlite3
	python3 procps psmisc util-linux passwd
	libpam0g-dev libpam-wrapper libpamtest0-dev pamtester
	libaudit-dev libauparse-dev auditd
	openssh-server openssh-client sudo
	clang-14 libclang-rt-14-dev valgrind"
ANALYZE_PACKAGES="clang-tools-14"

check_only=0
list_only=0
target=deps
for arg in "$@"; do
	case "$arg" in
	--list) list_only=1 ;;
	--check) check_only=1 ;;
	analyze) PACKAGES=$ANALYZE_PACKAGES; target=deps-analyze ;;
	esac
done
if [ "$list_only" -eq 1 ]; then
	echo $PACKAGES
	exit 0
fi

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$check_only" -eq 1 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "run 'make $target' as root first (it installs them)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "make $target: missing packages:$missing" >&2
	echo "make $target: run 'sudo make $target' (or apt-get install$missing) first" >&2
	exit 1
fi
echo "make $target: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The packages' services (sshd, auditd) are not started by the install: the
# tests start private instances on loopback and stop them again.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && made_policy=1
fi
trap '[ "$made_policy" -eq 1 ] && rm -f "$policy"' EXIT
[ "${WHOKILLED_NO_APT_UPDATE:-}" = 1 ] || apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
