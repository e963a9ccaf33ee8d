# newsclass — build, test, evaluate and benchmark.
#
#   make test    install what is missing, then run the whole test suite (what CI runs)
#   make eval    classifier quality on the labelled corpus in Tests/Corpus
#   make bench   classifier speed (release build, one thread)
#   make build   debug build; make release for the optimised binary

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE    := .build/release

.PHONY: all build release deps test eval bench clean

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

eval: deps
	$(SWIFT) build -c release --product newsclass-eval
	$(RELEASE)/newsclass-eval Tests/Corpus

bench: deps
	$(SWIFT) build -c release --product newsclass-bench
	$(RELEASE)/newsclass-bench

clean:
	rm -rf .build
