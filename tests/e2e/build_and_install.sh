# The build as packagers and administrators meet it.
#  - Plain `make` needs only the build's Debian packages: with every
#    package missing (a dpkg-query that knows none), `make` names the
#    build's and none of the tests'; `make tests` names the tests'.
#    tests/install-deps.sh --list build and --list test split the list
#    `make deps` installs.
#  - `make install PREFIX=/opt/x DESTDIR=...` installs the systemd units,
#    the ld.so.preload line and the auditd plugin file naming /opt/x, and
#    no file it installs names /usr/local; `make uninstall` removes them.
# The make runs here use this tree's build (up to date after `make check`)
# and write the made conf files to the test's directory (CONF_OUT), not to
# build/.
. "$(dirname "$0")/../lib.sh"

# A make of its own, not a part of the `make check` that runs this test.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" --no-print-directory "$@"; }

# The lists.
build=$("$TOP/tests/install-deps.sh" --list build) || fail "--list build"
tests=$("$TOP/tests/install-deps.sh" --list test) || fail "--list test"
all=$("$TOP/tests/install-deps.sh" --list) || fail "--list"
assert_eq "$all" "$build $tests" "make deps installs the build's and the tests' packages"
for p in gcc make pkg-config libsqlite3-dev libpam0g-dev libaudit-dev libauparse-dev; do
	case " $build " in *" $p "*) ;; *) fail "build packages lack $p: $build" ;; esac
done
for p in check valgrind openssh-server clang-14 libpam-wrapper auditd sudo python3; do
	case " $build " in *" $p "*) fail "the build packages name $p, a test package" ;; esac
	case " $tests " in *" $p "*) ;; *) fail "test packages lack $p: $tests" ;; esac
done
for p in $build; do
	case " $tests " in *" $p "*) fail "$p is in both lists" ;; esac
done

# What `make` and `make tests` check, with no package installed.
mkdir -p "$WORK/nodpkg"
printf '#!/bin/sh\nexit 1\n' >"$WORK/nodpkg/dpkg-query"
chmod 0755 "$WORK/nodpkg/dpkg-query"
PATH="$WORK/nodpkg:$PATH" mk CONF_OUT="$WORK/conf" all >"$WORK/make.out" 2>&1; rc=$?
cat "$WORK/make.out"
[ "$rc" -ne 0 ] || fail "make went on with no package installed"
assert_contains "$WORK/make.out" "missing Debian packages: $build" "make names the build packages"
for p in $tests; do
	grep -qw -- "$p" "$WORK/make.out" && fail "make names $p, a test package"
done
PATH="$WORK/nodpkg:$PATH" mk depcheck-test >"$WORK/make-tests.out" 2>&1; rc=$?
[ "$rc" -ne 0 ] || fail "make depcheck-test went on with no package installed"
assert_contains "$WORK/make-tests.out" "missing Debian packages: $tests" \
	"make tests names the test packages"
grep -q 'tests: all depcheck-test' "$TOP/Makefile" || fail "make tests does not check the test packages"

# make install with another PREFIX.
dest="$WORK/dest"
mk PREFIX=/opt/x DESTDIR="$dest" CONF_OUT="$WORK/conf" install >"$WORK/install.out" 2>&1 ||
	{ cat "$WORK/install.out"; fail "make install PREFIX=/opt/x"; }
units="$dest/opt/x/lib/systemd/system"
doc="$dest/opt/x/share/doc/whokilled"
for f in "$dest/opt/x/sbin/whokilledd" "$dest/opt/x/bin/whokilled" "$dest/opt/x/lib/libwhokilled.so" \
	"$dest/opt/x/libexec/whokilled/whokilled-audit-log" \
	"$units/whokilledd.service" "$units/whokilledd.socket" "$doc/ld.so.preload" \
	"$doc/audit/whokilled.conf" "$dest/etc/whokilledd.conf" "$dest/opt/x/sbin/whokilledctl" \
	"$dest/opt/x/share/whokilled/audit/whokilled.rules" "$dest/usr/share/pam-configs/whokilled"; do
	[ -f "$f" ] || fail "make install did not install ${f#"$dest"}"
done
assert_contains "$units/whokilledd.service" "ExecStart=/opt/x/sbin/whokilledd -f" "the service's ExecStart"
assert_contains "$units/whokilledd.service" "ExecReload=/bin/kill -HUP \$MAINPID" "the service's ExecReload"
assert_eq "$(grep -v '^#' "$doc/ld.so.preload")" /opt/x/lib/libwhokilled.so "the ld.so.preload line"
assert_contains "$doc/audit/whokilled.conf" "path = /opt/x/sbin/whokilledd" "the auditd plugin's path"
assert_contains "$dest/opt/x/sbin/whokilledctl" "SHIM=/opt/x/lib/libwhokilled.so" "whokilledctl's shim"
assert_contains "$dest/opt/x/sbin/whokilledctl" "DATADIR=/opt/x/share/whokilled" "whokilledctl's rules"
"$dest/opt/x/sbin/whokilledctl" --version >/dev/null || fail "the installed whokilledctl does not run"
grep -rlI '/usr/local\|@[A-Z_][A-Z_]*@' "$dest" >"$WORK/stale" && { cat "$WORK/stale"; fail "installed files name /usr/local or @NAME@"; }
# What is installed runs.
"$dest/opt/x/sbin/whokilledd" -t -c "$dest/etc/whokilledd.conf" >/dev/null ||
	fail "the installed daemon refuses the installed configuration"

mk PREFIX=/opt/x DESTDIR="$dest" uninstall >"$WORK/uninstall.out" 2>&1 ||
	{ cat "$WORK/uninstall.out"; fail "make uninstall"; }
left=$(cd "$dest" && find . -type f | sort)
assert_eq "$left" "./etc/whokilledd.conf" "what make uninstall leaves (the configuration only)"
exit 0
