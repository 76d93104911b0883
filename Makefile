# refusald — developer entry points. `make run` and `make test` are the README's quick start.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libpcre2-dev libvectorscan-dev libmimalloc-dev libsqlite3-dev pkg-config curl
APT_TEST_PACKAGES := chromium chromium-driver systemd sqlite3
BIN := .build/debug/refusald
SHARED ?= ../shared

.PHONY: deps deps-test build test swift-tests policy-check systemd-check browser-test bench-scripts-test load-test soak \
        format-check run bench eval clean-demo fuzz fuzz-ci sanitize sanitize-address sanitize-thread

# Install only the Debian packages that are missing (CI runs as root; elsewhere sudo is used).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

deps-test: deps
	$(call apt_install,$(APT_TEST_PACKAGES))
	@python3 -c "import selenium, pytest, yaml" 2>/dev/null || python3 -m pip install -q selenium pytest pyyaml

build: deps
	$(SWIFT) build --product refusald

## Everything CI runs.
test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	$(MAKE) policy-check systemd-check browser-test bench-scripts-test load-test format-check

swift-tests: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

policy-check:
	$(BIN) policy lint Policies
	$(BIN) policy test Policies

systemd-check:
	bash scripts/verify-systemd-unit.sh

browser-test:
	REFUSALD_BIN=$(abspath $(BIN)) python3 -m pytest -q Tests/browser

bench-scripts-test:
	python3 -m pytest -q Benchmarks/test_py_screener.py

## Load under review: 4 writers drop files while a reviewer uses the review page (Tests/soak/).
## `load-test` is the bounded run in `make test`; `make soak SOAK_FILES=20000 SOAK_ARGS=--keep` for more.
LOAD_TEST_FILES ?= 1000
SOAK_FILES ?= 10000
load-test:
	REFUSALD_BIN=$(abspath $(BIN)) python3 Tests/soak/load_test.py --files $(LOAD_TEST_FILES) --timeout 120

soak: build
	REFUSALD_BIN=$(abspath $(BIN)) python3 Tests/soak/load_test.py --files $(SOAK_FILES) $(SOAK_ARGS)

## libFuzzer harnesses (Fuzz/): decoder, normaliser, policy loader, built with -sanitize=fuzzer,address
## in .build-fuzz. `make fuzz` runs each for FUZZ_SECONDS; both fail and name the input on a crash.
FUZZ_SECONDS ?= 300
fuzz: deps
	bash Fuzz/run.sh $(FUZZ_SECONDS)

fuzz-ci: deps
	bash Fuzz/run.sh 60

## The Swift tests under AddressSanitizer and ThreadSanitizer, each a full build in its own scratch path;
## the end-to-end tests run the sanitized refusald (REFUSALD_BIN). Suppressions: Tests/Sanitizers/.
## ASan keeps freed memory in a 256 MB quarantine by default, which the end-to-end RSS bound (a 100 MB
## line must not be held) would count against the daemon; 16 MB keeps use-after-free checks on recent frees.
SANITIZE_NICE ?= nice -n 10
sanitize: sanitize-address sanitize-thread

sanitize-address: deps-test
	$(SANITIZE_NICE) $(SWIFT) build --build-tests --scratch-path .build-asan --sanitize=address
	ASAN_OPTIONS=quarantine_size_mb=16 LSAN_OPTIONS=suppressions=$(abspath Tests/Sanitizers/lsan.supp) REFUSALD_BIN=$(abspath .build-asan/debug/refusald) \
	  $(SANITIZE_NICE) $(SWIFT) test --skip-build --scratch-path .build-asan --sanitize=address --no-parallel

sanitize-thread: deps-test
	$(SANITIZE_NICE) $(SWIFT) build --build-tests --scratch-path .build-tsan --sanitize=thread
	TSAN_OPTIONS=suppressions=$(abspath Tests/Sanitizers/tsan.supp) REFUSALD_BIN=$(abspath .build-tsan/debug/refusald) \
	  $(SANITIZE_NICE) $(SWIFT) test --skip-build --scratch-path .build-tsan --sanitize=thread --no-parallel

format-check:
	$(SWIFT) format lint --strict -r Sources Tests

## Start the daemon on the bundled demo inbox (state in demo/, git-ignored).
run: build
	bash scripts/demo.sh

bench: deps
	bash Benchmarks/run.sh

eval: build
	bash scripts/eval.sh --check

clean-demo:
	rm -rf demo
