# newsclass — build, test, evaluate and benchmark.
#
#   make test    install what is missing, then run the whole test suite (what CI runs)
#   make run     the daemon in the foreground on ./spool, logging to var/events.jsonl
#   make eval    classifier quality on the labelled corpus in Tests/Corpus
#   make bench   classifier speed (release build, one thread)
#   make build   debug build; make release for the optimised binary

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release

.PHONY: all build release deps test run eval bench clean

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

bench: deps
	$(SWIFT) build -c release --product newsclass-bench
	$(RELEASE)/newsclass-bench

clean:
	rm -rf .build
