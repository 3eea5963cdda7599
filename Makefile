# whokilled — who killed my process?
#
#   make            build the shim, the daemon and the CLI
#   make demo       a private daemon, a preloaded kill chain, the answer
#   make check      unit tests (Check) and end-to-end tests on this machine
#   make deps       install the Debian packages the build and tests need
#                   (`make` checks the build's, `make tests` the tests')
#   make analyze    the Clang static analyzer over the whole build (mk/analyze.mk)
#   make install    PREFIX=/usr/local DESTDIR=   (the systemd units and the
#                   examples name PREFIX's paths: made from conf/*.in)
#   make deb        dist/whokilled_VERSION_ARCH.deb with debhelper (mk/deb.mk)

# The version, defined here only: the daemon and the CLI print it
# (--version), passed to them as -DWHOKILLED_VERSION.
WHOKILLED_VERSION = 0.1

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
SBINDIR	?= $(PREFIX)/sbin
LIBDIR	?= $(PREFIX)/lib
# Not a setting of its own: whokilled finds its helper at
# <its directory>/../libexec/whokilled (cli/audit_logs_exec.c).
LIBEXECDIR = $(dir $(BINDIR))libexec/whokilled
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/whokilled
# What whokilledctl(8) installs when asked: the audit rules.
DATADIR	?= $(PREFIX)/share/whokilled
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
DESTDIR	?=

CC	?= cc
WARN	= -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	  -Wstrict-prototypes -Wformat=2 -Wwrite-strings -Wcast-qual \
	  -Wmissing-declarations -Wpointer-arith
CFLAGS	?= -O2 -g
# Hardening of the code (HARDEN below is the link's).  _FORTIFY_SOURCE needs
# an optimising build (glibc warns without one, and -Werror stops), so it is
# only on when CFLAGS has an -O.  Sanitized builds turn it off (FORTIFY=):
# ASan does not intercept the *_chk functions it substitutes and would miss
# the errors in them.
FORTIFY	= $(if $(filter -O -O1 -O2 -O3 -Os -Og -Ofast,$(CFLAGS)),-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
CODE_HARDEN = -fstack-protector-strong $(FORTIFY)
VERSION_FLAG = -DWHOKILLED_VERSION='"$(WHOKILLED_VERSION)"'
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC $(WARN) $(CODE_HARDEN) -Iinclude -I. \
	     $(VERSION_FLAG) $(CFLAGS)
HARDEN	= -Wl,-z,relro -Wl,-z,now
LDFLAGS	?=

B	= build
# Where the daemon and the CLI are written: the top directory by default;
# `make check-asan` writes sanitized ones to build-asan/ (OUT=build-asan).
OUT	= .

COMMON_SRC	= $(wildcard common/*.c)
PRELOAD_CORE	= $(filter-out preload/shim.c,$(wildcard preload/*.c))
DAEMON_CORE	= $(filter-out daemon/main.c,$(wildcard daemon/*.c daemon/*/*.c))
# The CLI in two programs: whokilled asks the daemon and hands --audit-log
# on to whokilled-audit-log (cli/audit_logs.h), so that only the latter
# loads libauparse and libaudit.  CLI_OBJ, which the tests link, answers
# --audit-log in the process.
CLI_MAINS	= cli/main.c cli/audit_log_main.c
CLI_OFFLINE	= cli/offline.c cli/offline_print.c cli/audit_logs_here.c
CLI_BASE	= $(filter-out $(CLI_MAINS) $(CLI_OFFLINE) cli/audit_logs_exec.c,$(wildcard cli/*.c))
CLI_CORE	= $(CLI_BASE) $(CLI_OFFLINE)

obj	= $(patsubst %.c,$(B)/%.o,$(1))

COMMON_OBJ	= $(call obj,$(COMMON_SRC))
PRELOAD_OBJ	= $(call obj,$(PRELOAD_CORE))
DAEMON_OBJ	= $(call obj,$(DAEMON_CORE))
CLI_OBJ		= $(call obj,$(CLI_CORE))
CLI_BASE_OBJ	= $(call obj,$(CLI_BASE))

SQLITE_LIBS	= -lsqlite3
# sd-bus, for the systemd monitor (daemon/sysd/); a host without systemd
# as PID 1 runs the daemon all the same (the monitor stays off).
SYSTEMD_LIBS	= $(shell pkg-config --libs libsystemd 2>/dev/null || echo -lsystemd)
CHECK_CFLAGS	= $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS	= $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

PROGRAMS = libwhokilled.so whokilledd whokilled whokilled-audit-log
# The conf files made for this build's paths (see "conf" below).
CONF_OUT	= $(B)/conf
CONF_GEN	= $(patsubst conf/%.in,$(CONF_OUT)/%,$(wildcard conf/*.in conf/*/*.in))
# Test binaries beyond tests/unit/check_*.c that `make check` runs (mk/*.mk add to it).
EXTRA_CHECK_BIN =

# Parts with build rules of their own (the PAM module, the audit reader...);
# their rules come before `all:`, which stays the default.
.DEFAULT_GOAL := all
include $(wildcard mk/*.mk)

all: depcheck $(PROGRAMS) $(CONF_GEN)

# Says which Debian packages are missing and that `make deps` installs them:
# `make` needs only the build's (a compiler, headers, libraries), `make
# tests` and `make check` also the tests' (tests/install-deps.sh --list).
depcheck:
	@tests/install-deps.sh --check build

depcheck-test:
	@tests/install-deps.sh --check test

# The files that print the version are remade when it changes.
$(call obj,daemon/main.c cli/run.c): Makefile

# The shim is built with hidden visibility; only the wrapped symbols are
# marked default, and the version script keeps everything else local.
# Each function and object in a section of its own, and the linker drops
# those the shim never reaches (the daemon's half of common/): every
# process that loads it maps and relocates less (measured: 58 -> 4
# relative relocations, 28 -> 20 symbols bound, text 36 -> 19 KB; about
# 1.5 us of the 17 us the shim adds to an exec of /bin/true).
$(B)/preload/%.o $(B)/common/%.o: ALL_CFLAGS += -fvisibility=hidden \
	-ffunction-sections -fdata-sections

libwhokilled.so: $(call obj,preload/shim.c) $(PRELOAD_OBJ) $(COMMON_OBJ) preload/libwhokilled.map
	$(CC) -shared -o $@ $(filter %.o,$^) -Wl,--version-script=preload/libwhokilled.map \
	    -Wl,--gc-sections $(HARDEN) $(LDFLAGS)

$(OUT)/whokilledd: $(call obj,daemon/main.c) $(DAEMON_OBJ) $(COMMON_OBJ) $(AUDIT_OBJ)
	$(CC) -o $@ $^ $(HARDEN) $(LDFLAGS) $(SQLITE_LIBS) $(AUDIT_LIBS) $(SYSTEMD_LIBS)

$(OUT)/whokilled: $(call obj,cli/main.c cli/audit_logs_exec.c) $(CLI_BASE_OBJ) $(COMMON_OBJ)
	$(CC) -o $@ $^ $(HARDEN) $(LDFLAGS)

$(OUT)/whokilled-audit-log: $(call obj,cli/audit_log_main.c) $(CLI_OBJ) $(COMMON_OBJ) $(AUDIT_OBJ)
	$(CC) -o $@ $^ $(HARDEN) $(LDFLAGS) $(AUDIT_LIBS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(B)/*/*.d $(B)/*/*/*.d $(B)/*/*/*/*.d)

# ------------------------------------------------------------------ conf

# The files that name where whokilled is installed (the systemd units,
# the ld.so.preload line, the auditd plugin file) are made from
# conf/*.in for this build's paths into CONF_OUT; `make install` installs
# these (CONF_GEN, with PROGRAMS).  CONF_OUT/paths holds the paths they were made for and is
# rewritten only when one changes, so a new PREFIX remakes them.
CONF_SED	= -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		  -e 's|@DOCDIR@|$(DOCDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		  -e 's|@SYSTEMDUNITDIR@|$(SYSTEMDUNITDIR)|g' \
		  -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
		  -e 's|@PAMDIR@|$(PAMDIR)|g' -e 's|@VERSION@|$(WHOKILLED_VERSION)|g'

$(CONF_OUT)/paths: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' $(CONF_SED) >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

# An @NAME@ that CONF_SED does not replace fails the build.
$(CONF_OUT)/%: conf/%.in $(CONF_OUT)/paths
	@mkdir -p $(dir $@)
	sed $(CONF_SED) $< >$@.tmp
	@if grep -n '@[A-Z_][A-Z_]*@' $@.tmp; then \
	    echo "$<: @NAME@ not known to the Makefile" >&2; rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@

FORCE:

# ------------------------------------------------------------------ tests

UNIT_SRC	= $(wildcard tests/unit/check_*.c)
UNIT_BIN	= $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
HELPER_SRC	= $(wildcard tests/helpers/*.c)
HELPER_BIN	= $(patsubst tests/helpers/%.c,$(B)/tests/helpers/%,$(HELPER_SRC))

$(B)/tests/check_%: tests/unit/check_%.c $(PRELOAD_OBJ) $(DAEMON_OBJ) $(CLI_OBJ) $(COMMON_OBJ) $(AUDIT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $^ $(CHECK_LIBS) $(SQLITE_LIBS) $(AUDIT_LIBS) $(SYSTEMD_LIBS) -lpthread

# Linked statically on purpose: the shim cannot see it, the kernel can.
$(B)/tests/helpers/static_kill: tests/helpers/static_kill.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -static -o $@ $<

$(B)/tests/helpers/%: tests/helpers/%.c $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lpthread

# The layers (tests/layers/check_layers.py), checked on the built objects.
LAYERS_CHECK	= $(B)/tests/check_layers
EXTRA_CHECK_BIN	+= $(LAYERS_CHECK)

$(LAYERS_CHECK): tests/layers/check_layers.py $(PROGRAMS)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec python3 tests/layers/check_layers.py %s\n' '$(B)' >$@
	chmod 0755 $@

# bench-bin too: the bench programs build against the same structures, and
# a change that breaks them should fail here, not only in `make bench`.
tests: all depcheck-test $(UNIT_BIN) $(HELPER_BIN) $(EXTRA_CHECK_BIN) bench-bin

check: tests
	@tests/run-all.sh $(UNIT_BIN) $(EXTRA_CHECK_BIN)

# The unit tests and the end-to-end tests once more under ASan/UBSan.
# The unit tests, the daemon and the CLI are built sanitized in a tree of
# their own (build-asan/whokilledd, build-asan/whokilled); the end-to-end
# tests run those (WHOKILLED_TEST_BIN_DIR) with the normal shim, PAM module
# and helpers: a sanitized shim could not be preloaded into arbitrary
# programs.  Any sanitizer report, leaks included, fails the test it
# appears in (tests/lib.sh, tests/run-all.sh).
SAN_FLAGS	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined
SAN_DIR		= build-asan
SAN_UNIT_BIN	= $(patsubst $(B)/%,$(SAN_DIR)/%,$(UNIT_BIN))
SAN_PROGRAMS	= $(SAN_DIR)/whokilledd $(SAN_DIR)/whokilled $(SAN_DIR)/whokilled-audit-log
# verify_asan_link_order=0: a sanitized CLI started from a process with the
# (unsanitized) shim preloaded inherits LD_PRELOAD.
SAN_ENV		= ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:print_stacktrace=1:verify_asan_link_order=0 \
		  UBSAN_OPTIONS=abort_on_error=1:halt_on_error=1:print_stacktrace=1
# (The normal build first: the end-to-end tests use its shim, PAM module and helpers.)
check-asan: all depcheck-test $(HELPER_BIN)
	$(MAKE) B=$(SAN_DIR) OUT=$(SAN_DIR) CFLAGS="-O1 -g $(SAN_FLAGS)" FORTIFY= \
	    LDFLAGS="$(SAN_FLAGS)" $(SAN_UNIT_BIN) $(SAN_PROGRAMS)
	@echo "check-asan: unit tests, and end-to-end tests with $(SAN_PROGRAMS), under ASan/UBSan"
	@$(SAN_ENV) WHOKILLED_TEST_BIN_DIR=$(SAN_DIR) tests/run-all.sh --label check-asan \
	    $(SAN_UNIT_BIN)

demo: all
	@tests/demo.sh

deps:
	@tests/install-deps.sh

# The fuzzers (make fuzz, fuzz-wire, fuzz-seeds): mk/fuzz.mk.

# ------------------------------------------------------------------ install

# The kernel audit rules, installed beside the plugin file as examples.
AUDIT_RULES	= conf/audit/whokilled.rules conf/audit/whokilled-exec.rules
# An audit hub and its nodes (docs/audit-hub.md), installed as examples.
AUDIT_HUB	= $(wildcard conf/audit/hub/*.conf)
AUDIT_NODE	= $(wildcard conf/audit/node/*.conf)

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	install -m 0755 libwhokilled.so $(DESTDIR)$(LIBDIR)/libwhokilled.so
	install -m 0755 whokilledd $(DESTDIR)$(SBINDIR)/whokilledd
	install -m 0755 whokilled $(DESTDIR)$(BINDIR)/whokilled
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 0755 whokilled-audit-log $(DESTDIR)$(LIBEXECDIR)/whokilled-audit-log
	install -d $(DESTDIR)$(SYSCONFDIR)
	test -e $(DESTDIR)$(SYSCONFDIR)/whokilledd.conf || \
	    install -m 0644 conf/whokilledd.conf $(DESTDIR)$(SYSCONFDIR)/whokilledd.conf
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 docs/whokilled.1 $(DESTDIR)$(MANDIR)/man1/whokilled.1
	install -m 0644 docs/whokilledd.8 $(DESTDIR)$(MANDIR)/man8/whokilledd.8
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DOCDIR)/audit
	install -m 0644 $(CONF_OUT)/whokilledd.service $(CONF_OUT)/whokilledd.socket \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 0644 $(CONF_OUT)/ld.so.preload $(DESTDIR)$(DOCDIR)/ld.so.preload
	install -m 0644 $(CONF_OUT)/audit/whokilled.conf \
	    $(CONF_OUT)/audit/whokilled-hub.conf $(AUDIT_RULES) \
	    $(DESTDIR)$(DOCDIR)/audit/
	install -d $(DESTDIR)$(DOCDIR)/audit/hub $(DESTDIR)$(DOCDIR)/audit/node
	install -m 0644 $(AUDIT_HUB) $(DESTDIR)$(DOCDIR)/audit/hub/
	install -m 0644 $(AUDIT_NODE) $(DESTDIR)$(DOCDIR)/audit/node/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libwhokilled.so $(DESTDIR)$(SBINDIR)/whokilledd \
	    $(DESTDIR)$(BINDIR)/whokilled $(DESTDIR)$(LIBEXECDIR)/whokilled-audit-log \
	    $(DESTDIR)$(MANDIR)/man1/whokilled.1 \
	    $(DESTDIR)$(MANDIR)/man8/whokilledd.8 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/whokilledd.service \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/whokilledd.socket \
	    $(DESTDIR)$(DOCDIR)/ld.so.preload $(DESTDIR)$(DOCDIR)/audit/whokilled.conf \
	    $(DESTDIR)$(DOCDIR)/audit/whokilled-hub.conf \
	    $(addprefix $(DESTDIR)$(DOCDIR)/audit/,$(notdir $(AUDIT_RULES))) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/audit/hub/,$(notdir $(AUDIT_HUB))) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/audit/node/,$(notdir $(AUDIT_NODE)))
	-rmdir $(DESTDIR)$(DOCDIR)/audit/hub $(DESTDIR)$(DOCDIR)/audit/node 2>/dev/null
	-rmdir $(DESTDIR)$(DOCDIR)/audit 2>/dev/null
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null

clean:
	rm -rf $(B) $(SAN_DIR) $(PROGRAMS)

.PHONY: all depcheck depcheck-test FORCE tests check check-asan demo deps install uninstall clean
