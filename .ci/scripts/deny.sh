#!/usr/bin/env bash
# `make deny`: bans, licenses, sources and advisories with cargo-deny, fully offline. The
# advisory database comes from the snapshot in ../shared/rustsec-advisory-db (or
# $MENTOR_ADVISORY_DB), copied once into ~/.cache/mentor-advisory-db as the git repository
# cargo-deny expects.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! cargo deny --version >/dev/null 2>&1; then
  CARGO_TARGET_DIR="$HOME/.cache/cargo-deny-build" cargo install --locked cargo-deny
fi

snapshot="${MENTOR_ADVISORY_DB:-}"
if [ -z "$snapshot" ]; then
  for candidate in ../shared/rustsec-advisory-db /work/shared/rustsec-advisory-db; do
    [ -d "$candidate" ] && { snapshot=$candidate; break; }
  done
fi
db_root="$HOME/.cache/mentor-advisory-db"
db="$db_root/advisory-db-3157b0e258782691"
if [ ! -d "$db/.git" ]; then
  [ -n "$snapshot" ] && [ -d "$snapshot" ] || { echo "deny: no advisory snapshot found (set MENTOR_ADVISORY_DB)" >&2; exit 1; }
  rm -rf "$db"
  mkdir -p "$db_root"
  cp -r "$snapshot" "$db"
  git -C "$db" init -q
  git -C "$db" add -A
  git -C "$db" -c user.name=mentor -c user.email=mentor@localhost commit -qm snapshot
fi

# cargo-deny reads the whole lock file (all platforms) through `cargo metadata`.
cargo fetch --locked --quiet
cargo deny --offline check bans licenses sources advisories
