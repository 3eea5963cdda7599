#!/bin/sh
# Installs the Debian packages whokilled's build and tests need.  Idempotent:
# does nothing when they are all present.  Needs root (apt-get).
set -eu

PACKAGES="gcc make pkg-config check libsubunit-dev libsqlite3-dev sqlite3
	python3 procps psmisc util-linux"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

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
