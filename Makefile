# refusald — developer entry points. `make run` and `make test` are the README's quick start.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libpcre2-dev libvectorscan-dev libsqlite3-dev pkg-config
BIN := .build/debug/refusald
DEMO := demo

.PHONY: deps build test test-unit test-e2e policy-check format-check run demo-scan bench eval clean-demo

## Install the Debian packages the build needs (only what is missing).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product refusald

## Everything CI runs: formatting, unit and end-to-end tests, and the shipped policies' own tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	$(MAKE) policy-check

policy-check:
	$(BIN) policy lint Policies
	$(BIN) policy test Policies

format-check:
	$(SWIFT) format lint --strict -r Sources Tests

## Screen the bundled demo inbox and show the verdicts.
run: build
	@mkdir -p $(DEMO)
	$(BIN) scan --policies Policies --summary --output $(DEMO)/verdicts.jsonl Examples/inbox || true
	@echo; echo "verdicts written to $(DEMO)/verdicts.jsonl:"; head -c 4000 $(DEMO)/verdicts.jsonl

bench: deps
	bash Benchmarks/run.sh

clean-demo:
	rm -rf $(DEMO)
