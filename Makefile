# Mentor — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(HOME)/.cache/mentor-target
export CARGO_TARGET_DIR

.PHONY: run test fmt lint check-boundaries content unit deny bench

## Build and serve the embedded default (SQLite, sessions in SQLite, mail to ./data/outbox).
run:
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
## (--quick: the catalog-wide minimums of 40 per language are not enforced yet.)
content:
	python3 content/tools/check.py

## All tests; Postgres/Redis suites run when reachable (.ci/scripts/test.sh finds them).
unit:
	.ci/scripts/test.sh

## Supply chain: bans, licenses, sources, advisories (offline snapshot).
deny:
	.ci/scripts/deny.sh

## Release build, production composition, wrk: writes bench/out/report.md.
bench:
	.ci/scripts/bench.sh
