#!/usr/bin/env bash
# The queries behind the daily exercise, progress, activity and history at volume: fills a
# Postgres database of its own with `mentor admin generate-load` (BENCH_LOAD_USERS learners,
# default 10000; BENCH_LOAD_SUBMISSIONS graded submissions, default 1000000), then measures
# each query's p95 over BENCH_QUERY_SAMPLES random learners (default 2000), interleaved with a
# primary-key select of a user row, and reports p95 ÷ the PK select's p95 (target ≤ 3,
# shared/performance.md) with each query's plan. Writes progress.json and progress.md to
# $BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
PG_ADMIN="${MENTOR_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
USERS="${BENCH_LOAD_USERS:-10000}"
SUBMISSIONS="${BENCH_LOAD_SUBMISSIONS:-1000000}"
SAMPLES="${BENCH_QUERY_SAMPLES:-2000}"
mkdir -p "$OUT"

cargo build --release -p mentor-server --bin mentor
cargo build --release -p mentor-sql --example progress_queries

DB=mentor_bench_progress
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
trap 'psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
DB_URL="${PG_ADMIN%/*}/$DB"
DATA=$(mktemp -d)
echo "bench: generating $USERS learners and $SUBMISSIONS graded submissions"
MENTOR__DATABASE__URL="$DB_URL" MENTOR__DATA__DIR="$DATA" MENTOR__LOG__LEVEL=warn \
  MENTOR__CONTENT__DIR="$PWD/content/exercises" \
  "$CARGO_TARGET_DIR/release/mentor" admin generate-load --users "$USERS" --submissions "$SUBMISSIONS" \
  | tee "$OUT/progress-load.txt"
rm -rf "$DATA"
echo "bench: progress queries, $SAMPLES samples each"
"$CARGO_TARGET_DIR/release/examples/progress_queries" "$DB_URL" "$SAMPLES" "$OUT/progress.json"

python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "progress.json")))
load = open(os.path.join(out, "progress-load.txt")).read().strip()
lines = [
    "## Progress queries at volume", "",
    f"Data: {load} (`mentor admin generate-load`); Postgres, statistics fresh. {r['samples']} samples per query, "
    f"random learners, interleaved with the reference; load avg before {r['loadavg']}.", "",
    f"Reference: primary-key select of a user row: p50 {r['pk']['p50_us']:.0f} µs, p95 {r['pk']['p95_us']:.0f} µs.", "",
    "| query | route | p50 µs | p95 µs | p95 ÷ PK p95 (target ≤ 3) | index |",
    "|---|---|---|---|---|---|",
]
for q in r["queries"]:
    lines.append(f"| {q['name']} | {q['route']} | {q['p50_us']:.0f} | {q['p95_us']:.0f} | **{q['p95_over_pk']:.2f}** | {'yes' if q['uses_index'] else 'NO'} |")
open(os.path.join(out, "progress.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
