# whokilledctl(8), the switch of each part (ctl/whokilledctl.in, a POSIX sh
# script made for the build's paths like the conf files), the audit rules
# and the pam-auth-update profile it enables, and their install.  (The init
# script, build/conf/whokilledd.init, is the Debian package's: debian/rules.)
#
#   make install-ctl   DESTDIR=   (also run by `make install`)
#
# pam-auth-update reads its profiles from /usr/share/pam-configs only,
# whatever PREFIX is; the profile names the module without a path, as PAM
# finds it in its own directory (PAMDIR, mk/pam.mk).

# This file's rules come before `all:`; keep `make` meaning `make all`.
.DEFAULT_GOAL := all

PAMCONFIGDIR	?= /usr/share/pam-configs
CTL		= $(B)/ctl/whokilledctl
PROGRAMS	+= $(CTL)

$(CTL): ctl/whokilledctl.in $(CONF_OUT)/paths
	@mkdir -p $(dir $@)
	sed $(CONF_SED) $< >$@.tmp
	@if grep -n '@[A-Z_][A-Z_]*@' $@.tmp; then \
	    echo "$<: @NAME@ not known to the Makefile" >&2; rm -f $@.tmp; exit 1; fi
	chmod 0755 $@.tmp
	mv $@.tmp $@

install: install-ctl
uninstall: uninstall-ctl

install-ctl: $(CTL)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(DATADIR)/audit $(DESTDIR)$(PAMCONFIGDIR)
	install -m 0755 $(CTL) $(DESTDIR)$(SBINDIR)/whokilledctl
	install -m 0644 docs/whokilledctl.8 $(DESTDIR)$(MANDIR)/man8/whokilledctl.8
	install -m 0644 conf/audit/whokilled.rules $(DESTDIR)$(DATADIR)/audit/whokilled.rules
	install -m 0644 conf/pam-configs/whokilled $(DESTDIR)$(PAMCONFIGDIR)/whokilled

uninstall-ctl:
	rm -f $(DESTDIR)$(SBINDIR)/whokilledctl $(DESTDIR)$(MANDIR)/man8/whokilledctl.8 \
	    $(DESTDIR)$(DATADIR)/audit/whokilled.rules \
	    $(DESTDIR)$(PAMCONFIGDIR)/whokilled
	-rmdir $(DESTDIR)$(DATADIR)/audit $(DESTDIR)$(DATADIR) 2>/dev/null

.PHONY: install-ctl uninstall-ctl
