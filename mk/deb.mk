# make deb: dist/whokilled_VERSION_ARCH.deb, built by Debian's tools
# (dpkg-buildpackage, debhelper; debian/ holds the packaging) in a copy of
# the tree under build-deb/, so that neither the tree nor its parent
# directory gets the build's files.  The package's version is
# debian/changelog's, which must be WHOKILLED_VERSION.  lintian runs on the
# result: errors fail the target, warnings are shown.
#
# The Debian tools are test packages (tests/install-deps.sh test): plain
# `make` does not need them.

# This file's rules come before `all:`; keep `make` meaning `make all`.
.DEFAULT_GOAL := all

# Not under build/: the Makefile reads build/*/*/*/*.d.
DEB_DIR	= build-deb
DEB_TREE	= $(DEB_DIR)/whokilled-$(WHOKILLED_VERSION)
DEB_ARCH	= $(shell dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null)
DEB_VERSION	= $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB_FILE	= dist/whokilled_$(WHOKILLED_VERSION)_$(DEB_ARCH).deb

deb: depcheck-test
	@[ "$(DEB_VERSION)" = "$(WHOKILLED_VERSION)" ] || { \
	    echo "debian/changelog says version '$(DEB_VERSION)', the Makefile $(WHOKILLED_VERSION)" >&2; \
	    exit 1; }
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_TREE) dist
	tar -c --exclude=./.git --exclude=./$(B) --exclude=./build-asan \
	    --exclude=./build-analyze --exclude=./$(DEB_DIR) --exclude=./dist --exclude='./*.so' \
	    --exclude=./whokilledd --exclude=./whokilled . | tar -x -C $(DEB_TREE)
	cd $(DEB_TREE) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    dpkg-buildpackage -b -us -uc
	mv $(DEB_DIR)/whokilled_$(WHOKILLED_VERSION)_$(DEB_ARCH).deb $(DEB_FILE)
	lintian --fail-on error $(DEB_FILE)
	@echo "make deb: $(DEB_FILE)"

clean: clean-deb

clean-deb:
	rm -rf $(DEB_DIR) dist

.PHONY: deb clean-deb
