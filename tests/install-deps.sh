#!/bin/sh
# Installs the Debian packages whokilled's build and tests need.  Idempotent:
# does nothing when they are all present.  Needs root (apt-get).
#   tests/install-deps.sh [--check] [--list] [build|test|analyze]
#   --check   only say what is missing (exit 1), install nothing
#   --list    print the package names
#   build     the packages `make` needs: compiler, headers, libraries (the
#             ones plain `make` checks)
#   test      the packages `make check` and `make tests` need beyond those:
#             Check, pam_wrapper, auditd, sshd, sudo, clang, valgrind, and
#             Debian's packaging tools for `make deb` (debhelper, dpkg-dev,
#             fakeroot, lintian; checked by `make tests` and `make deb`), and
#             systemd-nspawn (systemd-container), dbus and polkitd for the
#             tests that boot a real systemd as PID 1 of a container
#   analyze   the packages `make analyze` needs (not in `make deps`, which
#             CI runs, nor checked by `make`)
#   (none)    build and test: what `make deps` installs
set -eu

BUILD_PACKAGES="gcc make pkg-config libsqlite3-dev libpam0g-dev
	libaudit-dev libauparse-dev libsystemd-dev"
TEST_PACKAGES="check libsubunit-dev sqlite3
	python3 procps psmisc util-linux passwd strace
	libpam-wrapper libpamtest0-dev pamtester auditd audispd-plugins
	openssh-server openssh-client sudo
	clang-14 libclang-rt-14-dev valgrind
	debhelper dpkg-dev fakeroot lintian systemd-container dbus polkitd"
ANALYZE_PACKAGES="clang-tools-14"

PACKAGES="$BUILD_PACKAGES $TEST_PACKAGES"
check_only=0
list_only=0
target=deps
for arg in "$@"; do
	case "$arg" in
	--list) list_only=1 ;;
	--check) check_only=1 ;;
	build) PACKAGES=$BUILD_PACKAGES; target=deps ;;
	test) PACKAGES=$TEST_PACKAGES; target=deps ;;
	analyze) PACKAGES=$ANALYZE_PACKAGES; target=deps-analyze ;;
	*) echo "usage: $0 [--check] [--list] [build|test|analyze]" >&2; exit 2 ;;
	esac
done
if [ "$list_only" -eq 1 ]; then
	# shellcheck disable=SC2086
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
