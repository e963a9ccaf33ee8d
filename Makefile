# newsclass — build, test, evaluate and benchmark.
#
#   make test    install what is missing, then run the whole test suite (what CI runs)
#   make run     the daemon in the foreground on ./spool, logging to var/events.jsonl
#   make eval    classifier quality on the labelled corpus in Tests/Corpus
#   make bench   classifier speed (one thread), then the daemon end to end under the
#                shared load driver beside the C floor (root; BENCH_REPS=1 repetitions)
#   make build   debug build; make release for the optimised binary
#   make install      static release binary, systemd unit, sysusers/tmpfiles, journal
#                     catalog and default config (PREFIX=/usr/local, DESTDIR=); as root
#                     without DESTDIR also creates the user, spool and log folders
#   make uninstall    removes what install put (not an edited config, not spool/log data)
#   make systemd-test the unit under a real systemd 252 in a container (root; sdbox)
#   make fuzz         each libFuzzer target for FUZZ_SECONDS (300); make fuzz-smoke: 60 s each

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release
BENCH_REPS ?= 1

.PHONY: all build release deps test run eval bench clean install install-build uninstall systemd-test \
        fuzz fuzz-smoke fuzz-build

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

clean:
	rm -rf .build $(INSTALL_SCRATCH) $(FUZZ_SCRATCH)

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

# ---- fuzzing -----------------------------------------------------------------------
# Each target NAME is the executable Sources/fuzz-NAME (a libFuzzer LLVMFuzzerTestOneInput),
# built with -sanitize=fuzzer,address -D FUZZING in its own scratch folder. Its inputs:
# the seeds in Tests/Fuzz/NAME/seeds (plus the folders in FUZZ_SEEDS_NAME), the dictionary
# Tests/Fuzz/NAME/*.dict if there is one, and the corpus it grew before, kept in
# $(FUZZ_OUT)/NAME/corpus. Findings go to $(FUZZ_OUT)/NAME/ (crash-*, timeout-*, leak-*,
# oom-*), outside git; one stops the run and fails make. Replay a finding with the
# ordinary build's tool, .build/debug/fuzz-NAME FILE, or the fuzz binary with FILE.
#
#   config    the configuration loader (TOML, settings, topics; printed back and reloaded)
#   extract   article extraction, every format and charset (the first byte picks the name)
#   email     e-mail: headers, encoded-words, MIME parts, transfer encodings
#   html      HTML pages
#   json      JSON articles
#   eventlog  the event-log reader: line chunking, in-place fields, the query filter
#   time      --since/--until times (TimeSpec, RFC 3339)
#
# make fuzz FUZZ_TARGETS="html json" runs some; replay a finding with the ordinary build's
# tool, e.g. `swift build --product fuzz-html && .build/debug/fuzz-html var/fuzz/html/crash-*`.
FUZZ_TARGETS       ?= config extract email html json eventlog time
FUZZ_SECONDS       ?= 300
FUZZ_SMOKE_SECONDS ?= 60
FUZZ_SCRATCH       ?= .build-fuzz
FUZZ_OUT           ?= var/fuzz
FUZZ_SEEDS_config  := config
FUZZ_SEEDS_extract := Tests/Corpus examples
FUZZ_SEEDS_email   := examples Tests/Corpus/tune/en
FUZZ_SEEDS_html    := Tests/Corpus/tune/web-A Tests/Corpus/tune/web-B Tests/Corpus/tune/web-C
FUZZ_SEEDS_json    := Tests/Corpus/holdout Tests/Corpus/tune/en
# -timeout: an input taking longer is a hang; -rss_limit_mb: the box is small and shared.
# (SWIFT_BACKTRACE=enable=no: Swift's crash handler would fight AddressSanitizer's.)
FUZZ_OPTIONS       ?= -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1

fuzz-build: deps
	$(foreach t,$(FUZZ_TARGETS),$(SWIFT) build -c release --product fuzz-$(t) \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --scratch-path $(FUZZ_SCRATCH) &&) true

define fuzz_run
	@mkdir -p $(FUZZ_OUT)/$(1)/corpus
	SWIFT_BACKTRACE=enable=no $(FUZZ_SCRATCH)/release/fuzz-$(1) $(FUZZ_OPTIONS) -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(FUZZ_OUT)/$(1)/ $(addprefix -dict=,$(firstword $(wildcard Tests/Fuzz/$(1)/*.dict))) \
	    $(FUZZ_OUT)/$(1)/corpus Tests/Fuzz/$(1)/seeds $(FUZZ_SEEDS_$(1))

endef

fuzz: fuzz-build
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t)))

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
