#!/usr/bin/env bash
# The sandbox part of `make bench` (also runnable alone): release build of
# crates/adapters/sandbox/examples/sandbox_bench.rs, then in one run and interleaved: a Python
# submission with 5 tests sandboxed (BwrapRunner) against the same run with no sandbox (same
# interpreter, same harness), and sandboxed throughput with nproc concurrent runs against
# cores ÷ one sandboxed run. Writes sandbox.json and sandbox.md to $BENCH_OUT (default
# $CARGO_TARGET_DIR/bench). Needs bubblewrap, cgroups and root, like the sandbox tests.
# Knobs: BENCH_SECONDS (per side and pair, default 10), BENCH_PAIRS (3), BENCH_MAX_RUNS (2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
mkdir -p "$OUT"

if ! command -v bwrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq bubblewrap
fi

echo "bench-sandbox: building the sandbox benchmark (release)"
cargo build --release -p mentor-sandbox --example sandbox_bench

echo "bench-sandbox: running (${BENCH_PAIRS:-3} pairs of ${BENCH_SECONDS:-10}s per side, then throughput)"
"$CARGO_TARGET_DIR/release/examples/sandbox_bench" > "$OUT/sandbox.json.tmp"
mv "$OUT/sandbox.json.tmp" "$OUT/sandbox.json"

python3 - "$OUT" <<'PY'
import json, os, subprocess, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "sandbox.json")))
t = r["throughput"]
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
ok = lambda good: "meets" if good else "**misses**"
lines = [
    "## Sandbox: a Python submission with 5 tests", "",
    f"Machine: {r['machine']['nproc']} cores, kernel {r['machine']['kernel']}; {rustc}; "
    f"{r['versions']['python']} ({r['python']}); {r['versions']['bwrap']}.",
    f"Exercise: {r['exercise']['tests']} unittest tests, limits {r['exercise']['limits']['cpu_ms']} ms CPU, "
    f"{r['exercise']['limits']['wall_ms']} ms wall, {r['exercise']['limits']['memory_mb']} MiB.",
    f"Method: {r['method']}.",
    "Command: `.ci/scripts/bench-sandbox.sh` (`cargo build --release -p mentor-sandbox --example sandbox_bench`, "
    "then `$CARGO_TARGET_DIR/release/examples/sandbox_bench`).", "",
    "| pair | load avg before (sandboxed) | sandboxed runs | mean | median | p95 | load avg before (unsandboxed) | unsandboxed runs | mean | median | p95 | ratio of means |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
]
for p in r["pairs"]:
    a, b = p["sandboxed"], p["unsandboxed"]
    lines.append(
        f"| {p['pair']} | {a['loadavg']} | {a['runs']} | {a['mean_ms']:.1f} ms | {a['median_ms']:.1f} ms | {a['p95_ms']:.1f} ms "
        f"| {b['loadavg']} | {b['runs']} | {b['mean_ms']:.1f} ms | {b['median_ms']:.1f} ms | {b['p95_ms']:.1f} ms | {p['ratio']:.3f} |")
lines += ["",
    f"**Sandboxed ÷ unsandboxed (median of {len(r['pairs'])}): {r['median_ratio']:.3f}** "
    f"(target ≤ {r['target_ratio_max']}: {ok(r['median_ratio'] <= r['target_ratio_max'])}).", "",
    f"Throughput: {t['concurrency']} concurrent sandboxed runs for {t['seconds']:.1f} s (load avg before {t['loadavg']}): "
    f"{t['runs']} runs = {t['runs_per_s']:.2f} runs/s; cores ÷ single sandboxed run ({r['single_run_ms']:.1f} ms) = "
    f"{t['cores_over_single_run_per_s']:.2f} runs/s → **{t['ratio']:.3f} ×** "
    f"(target ≥ {t['target_ratio_min']}: {ok(t['ratio'] >= t['target_ratio_min'])}).", ""]
open(os.path.join(out, "sandbox.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "bench-sandbox: written $OUT/sandbox.json and $OUT/sandbox.md"
