#!/bin/sh
# Installs the Debian packages whokilled's build and tests need.  Idempotent:
# does nothing when they are all present.  Needs root (apt-get).
#   --check   only say what is missing (exit 1), install nothing
set -eu
check_only=0
[ "${1:-}" = --check ] && check_only=1

PACKAGES="gcc make pkg-config check libsubunit-dev libsqlite3-dev sqlite3
	python3 procps psmisc util-linux"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$check_only" -eq 1 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "run 'make deps' as root first (it installs them)" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "make deps: missing packages:$missing" >&2
	echo "make deps: run 'sudo make deps' (or apt-get install$missing) first" >&2
	exit 1
fi
echo "make deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
