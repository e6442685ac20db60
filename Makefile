# Mentor — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(HOME)/.cache/mentor-target
export CARGO_TARGET_DIR

.PHONY: run test fmt lint check-boundaries content unit deny bench

## Build and serve the embedded default (SQLite, sessions in SQLite, mail to ./data/outbox,
## code graded in-process in the bubblewrap sandbox).
run:
	@command -v bwrap >/dev/null 2>&1 || { echo "installing bubblewrap (the sandbox for learner code)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; } \
	  || echo "make run: bubblewrap is missing and could not be installed; code will not be graded (docs/operations.md, Sandbox)" >&2
	cargo build -p mentor-server --bin mentor
	$(CARGO_TARGET_DIR)/debug/mentor serve

## Everything CI checks: format, lints, dependency boundaries, all tests.
test: fmt lint check-boundaries content unit

fmt:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings

## Domain crates must not depend on frameworks or I/O crates.
check-boundaries:
	.ci/scripts/check-boundaries.sh

## The exercise catalog: format, reference passes, starter fails (docs/content.md).
content:
	python3 content/tools/check.py

## All tests; Postgres/Redis suites run when reachable (.ci/scripts/test.sh finds them).
unit:
	.ci/scripts/test.sh

## Supply chain: bans, licenses, sources, advisories (offline snapshot).
deny:
	.ci/scripts/deny.sh

## Release build, production composition, wrk, the sandbox and the grading queue: writes
## $(CARGO_TARGET_DIR)/bench/report.md.
bench:
	.ci/scripts/bench.sh
