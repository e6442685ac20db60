#!/usr/bin/env bash
# Runs every test. The Postgres and Redis suites need MENTOR_TEST_DATABASE_URL and
# MENTOR_TEST_REDIS_URL; when unset, this script sets them if the local services answer
# (CI sets them itself and fails when they are unreachable). The SMTP capture server used
# by the production-composition HTTP tests is aiosmtpd (PyPI), installed here if missing;
# the OAuth tests' identity provider is installed with npm; bubblewrap (the sandbox) with apt.
set -euo pipefail
cd "$(dirname "$0")/../.."

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

if [ -z "${MENTOR_TEST_DATABASE_URL:-}" ] && port_open 127.0.0.1 5432; then
  export MENTOR_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
fi
if [ -z "${MENTOR_TEST_REDIS_URL:-}" ] && port_open 127.0.0.1 6379; then
  export MENTOR_TEST_REDIS_URL=redis://127.0.0.1:6379
fi
echo "test: MENTOR_TEST_DATABASE_URL=${MENTOR_TEST_DATABASE_URL:-<unset: Postgres suites skipped>}"
echo "test: MENTOR_TEST_REDIS_URL=${MENTOR_TEST_REDIS_URL:-<unset: Redis suites skipped>}"

if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
fi

# The OpenID provider standing in for Google and GitHub in the OAuth tests (npm oidc-provider,
# pinned by package-lock.json).
oidc=apps/server/tests/oidc
if [ ! -f "$oidc/node_modules/.package-lock.json" ] || [ "$oidc/package-lock.json" -nt "$oidc/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$oidc" --no-audit --no-fund --loglevel=error
fi

# The sandbox tests run learner code under bubblewrap (Debian package `bubblewrap`).
if ! command -v bwrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq bubblewrap
fi

if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast --failure-output final
else
  cargo test --workspace --no-fail-fast
fi
# Doc tests (nextest does not run them).
cargo test --workspace --doc --quiet
