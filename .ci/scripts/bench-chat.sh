#!/usr/bin/env bash
# Part of `make bench`: chat streaming. A fake OpenAI-compatible provider (`fake-llm`, 20
# tokens 5 ms apart) on 127.0.0.1; Mentor (release, production composition) configured with it.
# In one run, interleaved: time to first token and the gap between tokens read directly from
# the fake and through Mentor's SSE endpoint (a real turn: stored, budgeted, guarded,
# recorded; each in a fresh conversation, so no turn carries another's context), at 1 and
# 100 concurrent streams. Writes chat.md and chat.json to $BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
PAIRS="${BENCH_PAIRS:-3}"
PG_ADMIN="${MENTOR_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${MENTOR_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
mkdir -p "$OUT"
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "bench-chat: building release binaries"
cargo build --release -p mentor-server --bin mentor
cargo build --release -p mentor-fake-llm --bins
BIN="$CARGO_TARGET_DIR/release"

DB=mentor_bench_chat
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
FAKE_PID= SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  command -v redis-cli >/dev/null 2>&1 && redis-cli -u "$REDIS_URL" --scan --pattern "mentor-bench-chat:$$:*" \
    | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/fake-llm" --chunks 20 --interval-ms 5 > "$WORK/fake.out" &
FAKE_PID=$!
for _ in $(seq 50); do [ -s "$WORK/fake.out" ] && break; sleep 0.1; done
UPSTREAM=$(head -n 1 "$WORK/fake.out")
[ -n "$UPSTREAM" ] || { echo "bench-chat: fake-llm did not start" >&2; exit 1; }

APP_PORT=$(free_port)
cat > "$WORK/config.toml" <<TOML
[[llm.providers]]
name = "fake"
kind = "openai"
base_url = "$UPSTREAM"
model = "bench"

[tutor]
max_concurrent_streams = 1000
daily_tokens = { learner = 1000000000000 }

[chat]
max_conversations = 100000

[rate_limits.policies.tutor_user]
requests = 1000000
per_secs = 1
burst = 1000000

[rate_limits.policies.login_ip]
requests = 1000
per_secs = 1
burst = 1000
TOML
export MENTOR__SERVER__LISTEN="127.0.0.1:$APP_PORT"
export MENTOR__SERVER__PUBLIC_URL="http://127.0.0.1:$APP_PORT"
export MENTOR__DATA__DIR="$WORK/data"
export MENTOR__DATABASE__URL="${PG_ADMIN%/*}/$DB"
export MENTOR__DATABASE__MAX_CONNECTIONS=16
export MENTOR__REDIS__URL="$REDIS_URL"
export MENTOR__REDIS__KEY_PREFIX="mentor-bench-chat:$$:"
export MENTOR__AUTH__JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export MENTOR__LOG__LEVEL=warn
export MENTOR__CONTENT__DIR="$PWD/content/exercises"
EMAIL="chat-bench@example.org"
PASSWORD="correct horse battery staple"
"$BIN/mentor" --config "$WORK/config.toml" migrate
MENTOR_NEW_USER_PASSWORD="$PASSWORD" "$BIN/mentor" --config "$WORK/config.toml" admin create-user --email "$EMAIL"
"$BIN/mentor" --config "$WORK/config.toml" serve > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$APP_PORT"
for _ in $(seq 100); do curl -sf "$BASE/health/live" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/health/live" >/dev/null || { echo "bench-chat: the server did not start; its log:" >&2; cat "$WORK/server.log" >&2; exit 1; }

JAR="$WORK/cookies"
CSRF=$(curl -sf -c "$JAR" "$BASE/api/v1/auth/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
curl -sf -b "$JAR" -c "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" >/dev/null
CSRF=$(awk '$6 ~ /csrf/ {print $7}' "$JAR" | tail -n 1)
COOKIE=$(awk '!/^#/ || /^#HttpOnly_/ {sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7}' "$JAR")

run() { # mode concurrency requests
  if [ "$1" = direct ]; then
    "$BIN/bench-stream" --mode direct --url "$UPSTREAM" --concurrency "$2" --requests "$3"
  else
    "$BIN/bench-stream" --mode mentor --url "$BASE" --concurrency "$2" --requests "$3" \
      --cookie "$COOKIE" --csrf "$CSRF"
  fi
}

: > "$WORK/runs.jsonl"
for concurrency in 1 100; do
  requests=$(( concurrency == 1 ? 40 : 3 ))
  for pair in $(seq "$PAIRS"); do
    for mode in direct mentor; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      result=$(run "$mode" "$concurrency" "$requests")
      echo "{\"concurrency\":$concurrency,\"pair\":$pair,\"mode\":\"$mode\",\"load\":$load,\"result\":$result}" >> "$WORK/runs.jsonl"
      echo "bench-chat: c=$concurrency pair $pair $mode $result"
    done
  done
done

python3 - "$WORK/runs.jsonl" "$OUT" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
out = sys.argv[2]
rows, report = [], {}
failed = [r for r in runs if r["result"]["errors"] or not r["result"]["answers"]]
for r in failed:
    print(f"bench-chat: {r['mode']} at {r['concurrency']} streams: {r['result']['errors']} errors "
          f"({r['result']['last_error']}), {r['result']['answers']} answers", file=sys.stderr)
if any(not r["result"]["answers"] for r in runs):
    sys.exit("bench-chat: a run got no answers; no report")
for c in sorted({r["concurrency"] for r in runs}):
    pairs = {}
    for r in runs:
        if r["concurrency"] == c:
            pairs.setdefault(r["pair"], {})[r["mode"]] = r["result"]
    added50 = statistics.median(p["mentor"]["first_token_ms"]["p50"] - p["direct"]["first_token_ms"]["p50"] for p in pairs.values())
    added99 = statistics.median(p["mentor"]["first_token_ms"]["p99"] - p["direct"]["first_token_ms"]["p99"] for p in pairs.values())
    ratio50 = statistics.median(p["mentor"]["first_token_ms"]["p50"] / p["direct"]["first_token_ms"]["p50"] for p in pairs.values())
    gap = statistics.median(p["mentor"]["gap_ms"]["p50"] - p["direct"]["gap_ms"]["p50"] for p in pairs.values())
    errors = sum(p[m]["errors"] for p in pairs.values() for m in p)
    report[c] = {"added_first_token_p50_ms": added50, "added_first_token_p99_ms": added99,
                 "first_token_ratio_p50": ratio50, "added_gap_per_chunk_ms": gap, "errors": errors,
                 "pairs": pairs}
    rows.append(f"| {c} | {added50:.2f} | {added99:.2f} | {ratio50:.2f} | {gap:.3f} | {errors} |")
json.dump(report, open(f"{out}/chat.json", "w"), indent=2)
md = ["## Chat streaming (fake upstream: 20 tokens, 5 ms apart)", "",
      "Median over interleaved pairs of (through Mentor's SSE endpoint − directly from the fake).", "",
      "| concurrent streams | added first token p50 (ms) | added first token p99 (ms) | first token ratio p50 | added gap per chunk, p50 (ms) | errors |",
      "|---|---|---|---|---|---|", *rows, ""]
open(f"{out}/chat.md", "w").write("\n".join(md))
print("\n".join(md))
PY
