#!/usr/bin/env bash
# Fails when a domain crate (crates/domain/*) depends, directly or transitively, on a web
# framework, ORM, database driver, HTTP client or mailer: those belong in adapters.
set -euo pipefail
cd "$(dirname "$0")/../.."
forbidden='^(actix-web|actix-http|sea-orm|sqlx|sqlx-core|redis|deadpool-redis|reqwest|lettre|hyper)$'
status=0
for manifest in crates/domain/*/Cargo.toml; do
  crate=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)
  found=$(cargo tree -p "$crate" -e normal --prefix none --format '{p}' 2>/dev/null \
    | awk '{print $1}' | sort -u | grep -E "$forbidden" || true)
  if [ -n "$found" ]; then
    echo "check-boundaries: $crate depends on: $(echo "$found" | tr '\n' ' ')" >&2
    status=1
  else
    echo "check-boundaries: $crate is free of framework and I/O crates"
  fi
done
exit $status
