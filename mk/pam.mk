# pam_whokilled.so, the PAM module: its build, its tests and its install.
# Included by the top-level Makefile before its `all:` rule.
#
#   make install-pam   PAMDIR= DESTDIR=   (also run by `make install`)
#
# PAM only loads modules named without a path from its own directory, which
# is not under PREFIX: on Debian 12 it is /lib/x86_64-linux-gnu/security
# (pkg-config's libdir of pam + /security).  Install elsewhere and the
# stanzas in conf/pam.d/ must name the module by its absolute path.

# This file's rules come before `all:`; keep `make` meaning `make all`.
.DEFAULT_GOAL := all

PAMDIR		?= $(shell pkg-config --variable=libdir pam 2>/dev/null || echo /lib)/security
PAM_EXAMPLEDIR	?= $(DOCDIR)/pam.d
PAM_STANZAS	= conf/pam.d/README conf/pam.d/whokilled-session conf/pam.d/whokilled-su \
		  conf/pam.d/whokilled-authfail

PAM_SRC		= $(wildcard pam_module/*.c)
PAM_OBJ		= $(call obj,$(PAM_SRC))
PAM_WIRE_OBJ	= $(B)/common/wire.o
# What the module uses of common/: the wire format, the stat and number
# parsers, the caller's ids.
PAM_COMMON_OBJ	= $(PAM_WIRE_OBJ) $(call obj,common/procstat.c common/decimal.c \
		  common/caller_ids.c common/argv_pack.c)
PAM_LIBS	= -lpam

PAMTEST_LIBS	= $(shell pkg-config --libs libpamtest 2>/dev/null || echo -lpamtest)
PAM_WRAPPER_LIB	= $(strip $(shell pkg-config --libs pam_wrapper 2>/dev/null || echo libpam_wrapper.so))
PAM_WRAPPER_MODULES = $(strip $(shell pkg-config --variable=modules pam_wrapper 2>/dev/null))

PAM_TEST_DIR	= $(B)/tests/pam
PAM_TEST_LIB_SRC = tests/pam/pam_testlib.c
PAM_TEST_BIN	= $(PAM_TEST_DIR)/check_pam_core $(PAM_TEST_DIR)/check_pam_confdir \
		  $(PAM_TEST_DIR)/check_pam_wrapper

PROGRAMS	+= pam_whokilled.so
EXTRA_CHECK_BIN	+= $(PAM_TEST_BIN)

# Hidden by default; pam_whokilled.c marks the four pam_sm_* default and
# the version script keeps everything else local.
$(B)/pam_module/%.o: ALL_CFLAGS += -fvisibility=hidden

pam_whokilled.so: $(PAM_OBJ) $(PAM_COMMON_OBJ) pam_module/pam_whokilled.map
	$(CC) -shared -o $@ $(filter %.o,$^) \
	    -Wl,--version-script=pam_module/pam_whokilled.map -Wl,-z,defs \
	    $(HARDEN) $(LDFLAGS) $(PAM_LIBS)

# Unit tests of the module's core, linked with its objects (the entry
# points too: the options are parsed there).
$(PAM_TEST_DIR)/check_pam_core: tests/pam/check_pam_core.c $(PAM_TEST_LIB_SRC) \
    $(PAM_OBJ) $(PAM_COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $(filter %.c %.o,$^) \
	    $(CHECK_LIBS) $(PAM_LIBS)

# The built module through libpam's pam_start_confdir (no wrapper).
$(PAM_TEST_DIR)/check_pam_confdir: tests/pam/check_pam_confdir.c \
    $(PAM_TEST_LIB_SRC) $(PAM_WIRE_OBJ) | pam_whokilled.so
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -o $@ $(filter %.c %.o,$^) \
	    $(CHECK_LIBS) $(PAM_LIBS)

# The built module under pam_wrapper + libpamtest; the binary re-executes
# itself with libpam_wrapper.so preloaded.
$(PAM_TEST_DIR)/check_pam_wrapper: tests/pam/check_pam_wrapper.c \
    $(PAM_TEST_LIB_SRC) $(PAM_WIRE_OBJ) | pam_whokilled.so
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) \
	    -DPAMWK_WRAPPER_LIB='"$(PAM_WRAPPER_LIB)"' \
	    -DPAMWK_WRAPPER_MODULES='"$(PAM_WRAPPER_MODULES)"' \
	    -o $@ $(filter %.c %.o,$^) $(CHECK_LIBS) $(PAMTEST_LIBS) $(PAM_LIBS)

install: install-pam
uninstall: uninstall-pam

install-pam: pam_whokilled.so
	install -d $(DESTDIR)$(PAMDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(PAM_EXAMPLEDIR)
	install -m 0644 pam_whokilled.so $(DESTDIR)$(PAMDIR)/pam_whokilled.so
	install -m 0644 docs/pam_whokilled.8 $(DESTDIR)$(MANDIR)/man8/pam_whokilled.8
	install -m 0644 $(PAM_STANZAS) $(DESTDIR)$(PAM_EXAMPLEDIR)

uninstall-pam:
	rm -f $(DESTDIR)$(PAMDIR)/pam_whokilled.so $(DESTDIR)$(MANDIR)/man8/pam_whokilled.8 \
	    $(addprefix $(DESTDIR)$(PAM_EXAMPLEDIR)/,$(notdir $(PAM_STANZAS)))
	-rmdir $(DESTDIR)$(PAM_EXAMPLEDIR) 2>/dev/null

.PHONY: install-pam uninstall-pam
