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
#   make unit-check   newsclass@.service is in step with newsclass.service (no root)
#   make fleet-test   a collector and two hosts in containers: instances, journal upload
#                     over HTTPS, the fleet read back exactly once (root; sdbox)
#   make fleet-measure  records/s into the collector and drop-to-visible lag (root; sdbox)
#   make fuzz         each libFuzzer target for FUZZ_SECONDS (300); make fuzz-smoke: 60 s each
#   make deb          newsclass_<version>_amd64.deb (debhelper; version from
#                     debian/changelog), checked with lintian (DEB_OUT=folder)
#   make deb-test     the package in a clean container: install, upgrade, remove,
#                     purge (root; sdbox); piuparts when it can run
#   make man          regenerate man/newsclass.8 from the binary's help
#                     (make man-check: is it current?)

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release
BENCH_REPS ?= 1

.PHONY: all build release deps test run eval bench soak clean install install-build uninstall systemd-test unit-check fleet-test fleet-measure \
        fuzz fuzz-smoke fuzz-build man man-check deb deb-deps deb-test

all: build

# libsystemd-dev and libgcrypt20-dev provide the headers and pkg-config files of the
# CSystemd and CGcrypt modules.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libsystemd libgcrypt; then \
	    echo "installing pkg-config, libsystemd-dev and libgcrypt20-dev"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq pkg-config libsystemd-dev libgcrypt20-dev >/dev/null; \
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
	$(RELEASE)/newsclass run --config config/newsclass.toml --spool spool --log var/events.jsonl --cache var/cache

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
	rm -rf .build $(INSTALL_SCRATCH) $(FUZZ_SCRATCH) $(GENMAN_SCRATCH)

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
# The installed copy is stripped (about 18 MB instead of 36); the unstripped one stays in
# the scratch folder for debugging.
PREFIX         ?= /usr/local
DESTDIR        ?=
BINDIR         ?= $(PREFIX)/bin
DOCDIR         ?= $(PREFIX)/share/doc/newsclass
MANDIR         ?= $(PREFIX)/share/man
# where bash-completion, zsh and fish look (bash-completion sources its files: no #! line): for /usr the distribution's vendor folders,
# for /usr/local (or another PREFIX) the local ones
BASHCOMPDIR    ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR     ?= $(PREFIX)/share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR    ?= $(PREFIX)/share/fish/vendor_completions.d
SYSTEMD_LIBDIR ?= $(if $(filter /usr /usr/local,$(PREFIX)),$(PREFIX)/lib,/usr/local/lib)
UNITDIR        ?= $(SYSTEMD_LIBDIR)/systemd/system
SYSUSERSDIR    ?= $(SYSTEMD_LIBDIR)/sysusers.d
TMPFILESDIR    ?= $(SYSTEMD_LIBDIR)/tmpfiles.d
CATALOGDIR     ?= $(SYSTEMD_LIBDIR)/systemd/catalog
CONFDIR        ?= /etc/newsclass
# the fleet recipe (certificate script and drop-ins, see README "Many hosts")
FLEETDIR       ?= $(PREFIX)/share/newsclass/fleet
FLEET_FILES    := $(wildcard systemd/fleet/*)
INSTALL_SCRATCH ?= .build-install
STATIC_BIN     := $(INSTALL_SCRATCH)/release/newsclass
INSTALL_SOURCES := $(shell find Sources -type f 2>/dev/null) Package.swift $(wildcard Package.resolved) config/newsclass.toml \
                   $(wildcard config/topics/*.toml)
# what the installed files say instead of /usr/local/...
SUBST = sed -e 's|/usr/local/bin/newsclass|$(BINDIR)/newsclass|g' \
            -e 's|/usr/local/share/doc/newsclass|$(DOCDIR)|g'

install-build: $(STATIC_BIN)

$(STATIC_BIN): $(INSTALL_SOURCES) | deps
	$(SWIFT) build -c release --static-swift-stdlib --product newsclass --scratch-path $(INSTALL_SCRATCH)
	@if ldd $@ | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift'; then \
	    echo "$@ still needs the Swift runtime's shared libraries (above)" >&2; exit 1; fi
	@# Foundation (rather than FoundationEssentials) brings ICU and its 30 MB of data along.
	@if nm $@ | grep -m 3 -E ' (\$$s10Foundation|\$$s30FoundationInternationalization|icudt[0-9]+_dat)'; then \
	    echo "$@ links Foundation or ICU (above): use FoundationEssentials or the standard library" >&2; exit 1; fi
	@touch $@

NEWSCLASS_BIN  ?=
INSTALL_BIN    := $(or $(NEWSCLASS_BIN),$(STATIC_BIN))

install: $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(CATALOGDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(CONFDIR) \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(FLEETDIR) \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 -s $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/newsclass
	install -m 0644 man/newsclass.8 $(DESTDIR)$(MANDIR)/man8/newsclass.8
	install -m 0644 man/newsclass.toml.5 $(DESTDIR)$(MANDIR)/man5/newsclass.toml.5
	$(INSTALL_BIN) --generate-completion-script bash | sed '1{/^#!/d}' >$(DESTDIR)$(BASHCOMPDIR)/newsclass
	$(INSTALL_BIN) --generate-completion-script zsh >$(DESTDIR)$(ZSHCOMPDIR)/_newsclass
	$(INSTALL_BIN) --generate-completion-script fish >$(DESTDIR)$(FISHCOMPDIR)/newsclass.fish
	chmod 0644 $(DESTDIR)$(BASHCOMPDIR)/newsclass $(DESTDIR)$(ZSHCOMPDIR)/_newsclass \
	    $(DESTDIR)$(FISHCOMPDIR)/newsclass.fish
	$(SUBST) systemd/newsclass.service >$(DESTDIR)$(UNITDIR)/newsclass.service
	$(SUBST) systemd/newsclass@.service >$(DESTDIR)$(UNITDIR)/newsclass@.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/newsclass.service $(DESTDIR)$(UNITDIR)/newsclass@.service
	for f in $(FLEET_FILES); do \
	    if [ -x "$$f" ]; then m=0755; else m=0644; fi; install -m $$m "$$f" $(DESTDIR)$(FLEETDIR)/; done
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
	    for u in $$(systemctl list-units --all --plain --no-legend 'newsclass@*.service' | awk '{ print $$1 }'); do \
	        echo "systemctl disable --now $$u"; systemctl disable --now "$$u" || true; done; \
	fi
	rm -f $(DESTDIR)$(BINDIR)/newsclass $(DESTDIR)$(UNITDIR)/newsclass.service $(DESTDIR)$(UNITDIR)/newsclass@.service \
	    $(addprefix $(DESTDIR)$(FLEETDIR)/,$(notdir $(FLEET_FILES))) \
	    $(DESTDIR)$(SYSUSERSDIR)/newsclass.conf $(DESTDIR)$(TMPFILESDIR)/newsclass.conf \
	    $(DESTDIR)$(CATALOGDIR)/newsclass.catalog $(DESTDIR)$(DOCDIR)/README.md \
	    $(DESTDIR)$(CONFDIR)/newsclass.toml.default \
	    $(DESTDIR)$(MANDIR)/man8/newsclass.8 $(DESTDIR)$(MANDIR)/man5/newsclass.toml.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/newsclass $(DESTDIR)$(ZSHCOMPDIR)/_newsclass \
	    $(DESTDIR)$(FISHCOMPDIR)/newsclass.fish
	rmdir $(DESTDIR)$(DOCDIR) $(DESTDIR)$(FLEETDIR) 2>/dev/null || true
	rmdir $(DESTDIR)$(dir $(FLEETDIR)) 2>/dev/null || true
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

# newsclass@.service carries newsclass.service's settings, but for the per-instance ones.
unit-check:
	Tests/fleet/units-in-step.sh

# A fleet in three sdbox containers on one private loopback (netns newsclass-fleet): a
# collector (systemd-journal-remote, HTTPS, --split-mode=host) and two hosts, each with
# newsclass.service and newsclass@wire.service uploading with systemd-journal-upload and
# the certificates of systemd/fleet/newsclass-fleet-certs. Checks that `newsclass log
# --directory` on the collector reads every record exactly once, with no gap, also after
# a 30 s collector outage and an uploader restart. Root; skips (exit 0) otherwise. Its
# rootfs (with systemd-journal-remote) is cached apart, in /var/tmp/sdbox-fleet.
# NEWSCLASS_BIN=FILE tests that binary instead of building one.
fleet-test: unit-check
	SWIFT="$(SWIFT)" NEWSCLASS_BIN="$(NEWSCLASS_BIN)" Tests/fleet/run.sh

# The same fleet, measured: records per second arriving at the collector from two hosts
# and the lag from a drop to its record in `newsclass log --directory` (p50/p99). Not a
# test: prints figures. FLEET_FILES_PER_HOST (2000), FLEET_LAG_SAMPLES (50).
fleet-measure:
	SWIFT="$(SWIFT)" NEWSCLASS_BIN="$(NEWSCLASS_BIN)" Tests/fleet/run.sh --measure

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

# The smoke run uses a fixed seed, so that CI explores the same inputs each time: a
# finding there is one anybody can reproduce, not a roll of the dice.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_OPTIONS="$(FUZZ_OPTIONS) -seed=1"
# ---- man pages -----------------------------------------------------------------------
# newsclass(8) is generated from the command line's own help by swift-argument-parser's
# generate-manual (the tool behind `swift package plugin generate-manual`, run here on the
# binary we install rather than through the plugin, which first builds every product in
# debug mode), with the hand-written SERVICE, ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES
# and SEE ALSO of man/newsclass.8.tail in place of the generator's EXIT STATUS. The page
# is committed, so packaging needs no generator; its date is the debian/changelog entry's.
# newsclass.toml(5) is written by hand.
GENMAN_SCRATCH ?= .build-man
MAN_DATE = $(shell date -u -d @$$(dpkg-parsechangelog -l debian/changelog -S Timestamp) +%F)

# genman OUTPUT: generate newsclass(8) into OUTPUT
define genman
	$(SWIFT) build --scratch-path $(GENMAN_SCRATCH) --product generate-manual -q
	"$$($(SWIFT) build --scratch-path $(GENMAN_SCRATCH) --show-bin-path)/generate-manual" \
	    $(INSTALL_BIN) --section 8 --date $(MAN_DATE) --output-directory - | \
	sed -e 's/^$$/.Pp/' | \
	awk -v tail=man/newsclass.8.tail '$$0 == ".Sh \"EXIT STATUS\"" { while ((getline l < tail) > 0) print l; exit } { print }' >$(1)
	@grep -q '^.Sh SEE ALSO' $(1) || { echo "$(1): the generator's EXIT STATUS section was not found" >&2; exit 1; }
endef

man: $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	$(call genman,man/newsclass.8)

man-check: $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	@want="newsclass $$(sed -n '1s/^newsclass (\([^-)]*\).*/\1/p' debian/changelog)"; \
	got="$$($(INSTALL_BIN) --version)"; \
	if [ "$$want" != "$$got" ]; then echo "--version says '$$got', debian/changelog '$$want'" >&2; exit 1; fi
	$(call genman,$(INSTALL_SCRATCH)/newsclass.8.check)
	@if cmp -s man/newsclass.8 $(INSTALL_SCRATCH)/newsclass.8.check; then echo "man/newsclass.8 is current"; \
	else diff -u man/newsclass.8 $(INSTALL_SCRATCH)/newsclass.8.check | head -n 40; \
	    echo "man/newsclass.8 is out of date: run make man and commit it" >&2; exit 1; fi
	@for p in man/newsclass.8 man/newsclass.toml.5; do \
	    out=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l $$p 2>&1 >/dev/null); \
	    if [ -n "$$out" ]; then printf '%s\n' "$$out"; echo "$$p: groff warnings (above)" >&2; exit 1; fi; \
	done; echo "man pages render without warnings"

# ---- Debian package --------------------------------------------------------------------
# make deb [DEB_OUT=folder] [NEWSCLASS_BIN=FILE]: newsclass_<version>_amd64.deb from the
# static release binary, with debhelper (compat 13, dh_installsystemd/-sysusers/-tmpfiles,
# see debian/rules); the version is debian/changelog's. lintian must report no error or
# warning. The package builds as a normal user (Rules-Requires-Root: no); only installing
# missing build tools needs root.
DEB_OUT     ?= .
DEB_VERSION  = $(shell dpkg-parsechangelog -l debian/changelog -S Version)
DEB_ARCH     = $(shell dpkg --print-architecture)
DEB_FILE     = $(DEB_OUT)/newsclass_$(DEB_VERSION)_$(DEB_ARCH).deb

deb-deps:
	@missing=""; for t in dh:debhelper lintian:lintian dpkg-shlibdeps:dpkg-dev; do \
	    command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	    echo "installing$$missing"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

deb: deb-deps $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	dpkg-checkbuilddeps
	mkdir -p $(DEB_OUT)
	debian/rules NEWSCLASS_BIN=$(abspath $(INSTALL_BIN)) DEB_OUT=$(abspath $(DEB_OUT)) clean binary >$(DEB_OUT)/newsclass-deb.log 2>&1 || \
	    { tail -n 40 $(DEB_OUT)/newsclass-deb.log; exit 1; }
	debian/rules NEWSCLASS_BIN=$(abspath $(INSTALL_BIN)) clean >/dev/null
	@echo "built $(DEB_FILE) ($$(du -k $(DEB_FILE) | cut -f1) KiB; log: $(DEB_OUT)/newsclass-deb.log)"
	@echo "binary: $$(stat -c %s $(INSTALL_BIN)) bytes unstripped, $$(dpkg-deb --fsys-tarfile $(DEB_FILE) | tar -xO ./usr/bin/newsclass | wc -c) bytes stripped in the package"
	@echo "Depends: $$(dpkg-deb -f $(DEB_FILE) Depends)"
	lintian --fail-on error,warning --info --display-info $(DEB_FILE)
	@echo "lintian: no errors or warnings"

# The package in a clean Debian 12 container with systemd 252 as PID 1 (sdbox): install,
# upgrade to a rebuilt 1.0.0-2 keeping an edited config, remove, purge; then piuparts
# when it can run. Needs root; skips (exit 0) otherwise. NEWSCLASS_BIN=FILE as above.
deb-test: $(if $(NEWSCLASS_BIN),,$(STATIC_BIN))
	SWIFT="$(SWIFT)" NEWSCLASS_BIN="$(NEWSCLASS_BIN)" Tests/deb/run.sh
