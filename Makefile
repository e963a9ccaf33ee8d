# newsclass — build, test, evaluate and benchmark.
#
#   make test    install what is missing, then run the whole test suite (what CI runs)
#   make run     the daemon in the foreground on ./spool, logging to var/events.jsonl
#   make eval    classifier quality on the labelled corpus in Tests/Corpus
#   make bench   classifier speed (one thread), then the daemon end to end under the
#                shared load driver beside the C floor (root; BENCH_REPS=1 repetitions)
#   make soak    one daemon (the static binary) under mixed load and faults for
#                SOAK_MINUTES (default 20), judged: one record per file, memory, fds,
#                stderr (root; skips otherwise). NEWSCLASS_BIN=FILE soaks that binary
#   make build   debug build; make release for the optimised binary
#   make install      static release binary, systemd unit, sysusers/tmpfiles, journal
#                     catalog and default config (PREFIX=/usr/local, DESTDIR=); as root
#                     without DESTDIR also creates the user, spool and log folders
#   make uninstall    removes what install put (not an edited config, not spool/log data)
#   make systemd-test the unit under a real systemd 252 in a container (root; sdbox)

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release
BENCH_REPS ?= 1

.PHONY: all build release deps test run eval bench soak clean install install-build uninstall systemd-test

all: build

# libsystemd-dev provides the pkg-config file the CSystemd module needs.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libsystemd; then \
	    echo "installing pkg-config and libsystemd-dev"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq pkg-config libsystemd-dev >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) test

# The daemon in the foreground on the repo's spool/ (drop files into spool/incoming/),
# with the default configuration (config/newsclass.toml, the text built into the binary;
# named explicitly so that an /etc/newsclass/newsclass.toml does not change it) and the
# event log in var/ (read it with: .build/release/newsclass log --log var/events.jsonl).
# Ctrl-C finishes what is in flight and stops.
run: deps
	$(SWIFT) build -c release --product newsclass
	$(RELEASE)/newsclass run --config config/newsclass.toml --spool spool --log var/events.jsonl

eval: deps
	$(SWIFT) build -c release --product newsclass-eval
	$(RELEASE)/newsclass-eval Tests/Corpus

# Classifier speed first (one thread, no I/O), then the whole daemon as installed (the
# static binary) under the shared load driver, beside the C floor in the same run.
bench: deps install-build
	$(SWIFT) build -c release --product newsclass-bench
	$(RELEASE)/newsclass-bench
	Tests/bench/daemon-bench.sh $(STATIC_BIN) $(BENCH_REPS)

# One daemon, as installed (the static binary), for SOAK_MINUTES under bursts and trickles
# of drops, bad input of every kind, SIGHUP with good and broken configurations, log
# rotation, SIGKILL and restart, and a full log disk; then judged (Tests/soak/judge.py).
# Needs root; skips (exit 0) otherwise. Results in var/soak/last/.
SOAK_MINUTES ?= 20
soak:
	@if [ "$$(id -u)" != 0 ]; then \
	    echo "soak skipped: needs root (a private mount namespace, a tmpfs, the daemon run as nobody)"; exit 0; fi; \
	if [ -z "$(NEWSCLASS_BIN)" ]; then $(MAKE) --no-print-directory install-build || exit $$?; fi; \
	SOAK_MINUTES=$(SOAK_MINUTES) Tests/soak/soak.sh $(or $(NEWSCLASS_BIN),$(STATIC_BIN))

clean:
	rm -rf .build $(INSTALL_SCRATCH)

# ---- install -----------------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=staging]
#
# The binary goes to $(PREFIX)/bin. systemd reads units, sysusers.d, tmpfiles.d and
# catalogs only below /etc, /run, /usr/local/lib and /usr/lib (systemd-analyze
# unit-paths), so the systemd files go below $(PREFIX)/lib when PREFIX is /usr or
# /usr/local and below /usr/local/lib otherwise (override with SYSTEMD_LIBDIR= or the
# single *DIR variables). The unit's ExecStart= and the catalog's file: links are
# rewritten from /usr/local to the chosen paths. The config is /etc/newsclass/newsclass.toml
# whatever PREFIX is (the daemon looks there); an existing, edited one is never
# overwritten: the new default is installed beside it as newsclass.toml.default.
#
# The binary is linked with --static-swift-stdlib (no Swift toolchain needed at run time)
# in its own scratch folder, so it never mixes with `make release`; it is rebuilt only
# when a source is newer, so `make install-build` as yourself and then `sudo make
# install` need no Swift for root. NEWSCLASS_BIN=FILE installs that prebuilt binary instead.
PREFIX         ?= /usr/local
DESTDIR        ?=
BINDIR         ?= $(PREFIX)/bin
DOCDIR         ?= $(PREFIX)/share/doc/newsclass
SYSTEMD_LIBDIR ?= $(if $(filter /usr /usr/local,$(PREFIX)),$(PREFIX)/lib,/usr/local/lib)
UNITDIR        ?= $(SYSTEMD_LIBDIR)/systemd/system
SYSUSERSDIR    ?= $(SYSTEMD_LIBDIR)/sysusers.d
TMPFILESDIR    ?= $(SYSTEMD_LIBDIR)/tmpfiles.d
CATALOGDIR     ?= $(SYSTEMD_LIBDIR)/systemd/catalog
CONFDIR        ?= /etc/newsclass
INSTALL_SCRATCH ?= .build-install
STATIC_BIN     := $(INSTALL_SCRATCH)/release/newsclass
INSTALL_SOURCES := $(shell find Sources -type f 2>/dev/null) Package.swift $(wildcard Package.resolved) config/newsclass.toml
# what the installed files say instead of /usr/local/...
SUBST = sed -e 's|/usr/local/bin/newsclass|$(BINDIR)/newsclass|g' \
            -e 's|/usr/local/share/doc/newsclass|$(DOCDIR)|g'

install-build: $(STATIC_BIN)

$(STATIC_BIN): $(INSTALL_SOURCES) | deps
	$(SWIFT) build -c release --static-swift-stdlib --product newsclass --scratch-path $(INSTALL_SCRATCH)
	@if ldd $@ | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift'; then \
	    echo "$@ still needs the Swift runtime's shared libraries (above)" >&2; exit 1; fi
	@touch $@

NEWSCLASS_BIN  ?=
INSTALL_BIN    := $(or $(NEWSCLASS_BIN),$(STATIC_BIN))

install: $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(CATALOGDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(CONFDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/newsclass
	$(SUBST) systemd/newsclass.service >$(DESTDIR)$(UNITDIR)/newsclass.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/newsclass.service
	install -m 0644 systemd/newsclass.sysusers $(DESTDIR)$(SYSUSERSDIR)/newsclass.conf
	install -m 0644 systemd/newsclass.tmpfiles $(DESTDIR)$(TMPFILESDIR)/newsclass.conf
	$(SUBST) systemd/newsclass.catalog >$(DESTDIR)$(CATALOGDIR)/newsclass.catalog
	chmod 0644 $(DESTDIR)$(CATALOGDIR)/newsclass.catalog
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	@conf=$(DESTDIR)$(CONFDIR)/newsclass.toml; \
	if [ ! -e "$$conf" ]; then \
	    echo "install -m 0644 config/newsclass.toml $$conf"; install -m 0644 config/newsclass.toml "$$conf"; \
	elif cmp -s config/newsclass.toml "$$conf"; then \
	    echo "$$conf: unchanged"; rm -f "$$conf.default"; \
	else \
	    install -m 0644 config/newsclass.toml "$$conf.default"; \
	    echo "$$conf differs from the shipped default and was kept; the new default is $$conf.default"; \
	fi
	@if [ -n "$(DESTDIR)" ]; then \
	    echo "staged in $(DESTDIR); on the target run: systemd-sysusers newsclass.conf;" \
	         "systemd-tmpfiles --create newsclass.conf; journalctl --update-catalog; systemctl daemon-reload"; \
	elif [ "$$(id -u)" != 0 ]; then \
	    echo "not root: skipped systemd-sysusers, systemd-tmpfiles, journalctl --update-catalog, daemon-reload"; \
	else \
	    set -e; \
	    echo "systemd-sysusers newsclass.conf"; systemd-sysusers newsclass.conf; \
	    echo "systemd-tmpfiles --create newsclass.conf"; systemd-tmpfiles --create newsclass.conf; \
	    echo "journalctl --update-catalog"; journalctl --update-catalog; \
	    if [ -d /run/systemd/system ]; then echo "systemctl daemon-reload"; systemctl daemon-reload; \
	    else echo "systemd is not running here: skipped systemctl daemon-reload"; fi; \
	    echo "installed; start it with: systemctl enable --now newsclass"; \
	fi

# Leaves the user and group, the spool, the event log and an edited config in place.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && [ -d /run/systemd/system ] && \
	    systemctl cat newsclass.service >/dev/null 2>&1; then \
	    echo "systemctl disable --now newsclass"; systemctl disable --now newsclass.service || true; \
	fi
	rm -f $(DESTDIR)$(BINDIR)/newsclass $(DESTDIR)$(UNITDIR)/newsclass.service \
	    $(DESTDIR)$(SYSUSERSDIR)/newsclass.conf $(DESTDIR)$(TMPFILESDIR)/newsclass.conf \
	    $(DESTDIR)$(CATALOGDIR)/newsclass.catalog $(DESTDIR)$(DOCDIR)/README.md \
	    $(DESTDIR)$(CONFDIR)/newsclass.toml.default
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	@conf=$(DESTDIR)$(CONFDIR)/newsclass.toml; \
	if [ -e "$$conf" ] && cmp -s config/newsclass.toml "$$conf"; then \
	    echo "rm -f $$conf"; rm -f "$$conf"; rmdir $(DESTDIR)$(CONFDIR) 2>/dev/null || true; \
	elif [ -e "$$conf" ]; then echo "$$conf was edited: kept"; fi
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	    journalctl --update-catalog || true; \
	    if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	fi
	@echo "kept: user and group newsclass, /var/spool/newsclass, /var/log/newsclass (remove by hand if unwanted)"

# The unit under a real systemd 252 (PID 1 in a container, ../shared/tools/sdbox): start
# waits for READY=1, status, journal fields, reload, bad-config reload, watchdog restart,
# clean stop, systemd-analyze verify/security. Needs root; skips (exit 0) otherwise.
# NEWSCLASS_BIN=FILE tests that binary instead of building one.
systemd-test:
	SWIFT="$(SWIFT)" NEWSCLASS_BIN="$(NEWSCLASS_BIN)" Tests/systemd/run.sh
