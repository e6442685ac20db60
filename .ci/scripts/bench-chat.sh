#!/usr/bin/env bash
# Part of `make bench`: chat streaming. A fake OpenAI-compatible provider (`fake-llm`, 20
# tokens 5 ms apart) on 127.0.0.1; Mentor (release, production composition) configured with it.
# In one run, interleaved: time to first token and the gap between tokens read directly from
# the fake and through Mentor's SSE endpoint (a real turn: stored, budgeted, guarded,
# recorded; each in a fresh conversation, so no turn carries another's context), at 1 and
# 100 concurrent streams — and through a LiteLLM proxy (`litellm[proxy]` from PyPI in a venv
# under $CARGO_TARGET_DIR, 2 workers, master key) on the same fake, unless BENCH_LITELLM=0. Then idle streams: a second fake holds every first token back, and
# `BENCH_IDLE_STREAMS` (default 10000) turns are opened on one Mentor instance; reported are
# the time to each stream's first event while they open and the server's resident memory per
# open stream; then as many quiet chat WebSockets (a fresh server: handshake time, memory per
# connection). Writes chat.md and chat.json to $BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
PAIRS="${BENCH_PAIRS:-3}"
PG_ADMIN="${MENTOR_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${MENTOR_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
mkdir -p "$OUT"
WORK=$(mktemp -d)
IDLE_STREAMS="${BENCH_IDLE_STREAMS:-10000}"
# Every stream holds a client socket, a server socket and an upstream socket.
ulimit -n "$(( IDLE_STREAMS * 3 + 4096 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "bench-chat: building release binaries"
cargo build --release -p mentor-server --bin mentor
cargo build --release -p mentor-fake-llm --bins
BIN="$CARGO_TARGET_DIR/release"

DB=mentor_bench_chat
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
FAKE_PID= SERVER_PID= LITELLM_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$LITELLM_PID" ] && kill -- -"$LITELLM_PID" 2>/dev/null || true
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
start_server() { # config file
  "$BIN/mentor" --config "$1" serve > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "$BASE/health/live" >/dev/null && break; sleep 0.1; done
  curl -sf "$BASE/health/live" >/dev/null || { echo "bench-chat: the server did not start; its log:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  JAR="$WORK/cookies"
  rm -f "$JAR"
  CSRF=$(curl -sf -c "$JAR" "$BASE/api/v1/auth/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  curl -sf -b "$JAR" -c "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" >/dev/null
  CSRF=$(awk '$6 ~ /csrf/ {print $7}' "$JAR" | tail -n 1)
  COOKIE=$(awk '!/^#/ || /^#HttpOnly_/ {sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7}' "$JAR")
}
BASE="http://127.0.0.1:$APP_PORT"
start_server "$WORK/config.toml"

# The reference proxy: LiteLLM on the same fake upstream.
MODES="direct mentor"
if [ "${BENCH_LITELLM:-1}" != 0 ]; then
  VENV="$CARGO_TARGET_DIR/bench-litellm-venv"
  if [ ! -x "$VENV/bin/litellm" ]; then
    echo "bench-chat: installing litellm[proxy] into $VENV (once, a few minutes)"
    { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'litellm[proxy]'; } \
      || echo "bench-chat: LiteLLM could not be installed; it is left out" >&2
  fi
  if [ -x "$VENV/bin/litellm" ]; then
    LITELLM_PORT=$(free_port)
    LITELLM_KEY="sk-bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    cat > "$WORK/litellm.yaml" <<YAML
model_list:
  - model_name: bench
    litellm_params:
      model: openai/bench
      api_base: $UPSTREAM
      api_key: sk-fake
YAML
    LITELLM_MASTER_KEY="$LITELLM_KEY" LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_TELEMETRY=False \
      setsid "$VENV/bin/litellm" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$LITELLM_PORT" \
      --num_workers 2 > "$WORK/litellm.log" 2>&1 &
    LITELLM_PID=$!
    for _ in $(seq 120); do curl -sf "http://127.0.0.1:$LITELLM_PORT/health/liveliness" >/dev/null && break; sleep 0.5; done
    if curl -sf "http://127.0.0.1:$LITELLM_PORT/health/liveliness" >/dev/null; then
      MODES="direct mentor litellm"
      LITELLM_VERSION=$("$VENV/bin/pip" show litellm 2>/dev/null | awk '/^Version/ {print $2}')
    else
      echo "bench-chat: LiteLLM did not start; it is left out. Its log:" >&2; tail -n 20 "$WORK/litellm.log" >&2
    fi
  fi
fi

run() { # mode concurrency requests
  if [ "$1" = direct ]; then
    "$BIN/bench-stream" --mode direct --url "$UPSTREAM" --concurrency "$2" --requests "$3"
  elif [ "$1" = litellm ]; then
    "$BIN/bench-stream" --mode direct --url "http://127.0.0.1:$LITELLM_PORT" --bearer "$LITELLM_KEY" \
      --concurrency "$2" --requests "$3"
  else
    "$BIN/bench-stream" --mode mentor --url "$BASE" --concurrency "$2" --requests "$3" \
      --cookie "$COOKIE" --csrf "$CSRF"
  fi
}

: > "$WORK/runs.jsonl"
for concurrency in 1 100; do
  requests=$(( concurrency == 1 ? 40 : 3 ))
  for pair in $(seq "$PAIRS"); do
    for mode in $MODES; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      result=$(run "$mode" "$concurrency" "$requests")
      echo "{\"concurrency\":$concurrency,\"pair\":$pair,\"mode\":\"$mode\",\"load\":$load,\"result\":$result}" >> "$WORK/runs.jsonl"
      echo "bench-chat: c=$concurrency pair $pair $mode $result"
    done
  done
done

[ -n "$LITELLM_PID" ] && { kill -- -"$LITELLM_PID" 2>/dev/null || true; LITELLM_PID=; }
echo "bench-chat: idle streams ($IDLE_STREAMS)"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true
"$BIN/fake-llm" --chunks 1 --first-token-delay-ms 3600000 > "$WORK/fake-idle.out" &
FAKE_PID=$!
for _ in $(seq 50); do [ -s "$WORK/fake-idle.out" ] && break; sleep 0.1; done
IDLE_UPSTREAM=$(head -n 1 "$WORK/fake-idle.out")
sed -e "s#^base_url = .*#base_url = \"$IDLE_UPSTREAM\"#" \
    -e "s#^max_concurrent_streams = .*#max_concurrent_streams = $(( IDLE_STREAMS * 2 ))#" \
    "$WORK/config.toml" > "$WORK/config-idle.toml"
cat >> "$WORK/config-idle.toml" <<TOML

[llm.timeouts]
first_token_ms = 3600000
overall_secs = 3600
TOML
start_server "$WORK/config-idle.toml"
load=$(cut -d' ' -f1 /proc/loadavg)
"$BIN/bench-stream" --mode idle --url "$BASE" --cookie "$COOKIE" --csrf "$CSRF" \
  --streams "$IDLE_STREAMS" --open-concurrency 100 --hold-secs 3 --server-pid "$SERVER_PID" \
  > "$WORK/idle.json"
echo "bench-chat: idle turns (load $load) $(cat "$WORK/idle.json")"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server "$WORK/config-idle.toml"
load=$(cut -d' ' -f1 /proc/loadavg)
"$BIN/bench-stream" --mode ws-idle --url "$BASE" --cookie "$COOKIE" \
  --streams "$IDLE_STREAMS" --open-concurrency 100 --hold-secs 3 --server-pid "$SERVER_PID" \
  > "$WORK/ws-idle.json"
echo "bench-chat: idle WebSockets (load $load) $(cat "$WORK/ws-idle.json")"

python3 - "$WORK/runs.jsonl" "$OUT" "$WORK/idle.json" "${LITELLM_VERSION:-}" "$WORK/ws-idle.json" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
out = sys.argv[2]
idle = json.load(open(sys.argv[3]))
litellm_version = sys.argv[4]
ws_idle = json.load(open(sys.argv[5]))
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
    row = f"| {c} | {added50:.2f} | {added99:.2f} | {ratio50:.2f} | {gap:.3f} | {errors} |"
    if all("litellm" in p for p in pairs.values()):
        lite50 = statistics.median(p["litellm"]["first_token_ms"]["p50"] - p["direct"]["first_token_ms"]["p50"] for p in pairs.values())
        lite99 = statistics.median(p["litellm"]["first_token_ms"]["p99"] - p["direct"]["first_token_ms"]["p99"] for p in pairs.values())
        versus = statistics.median(
            (p["litellm"]["first_token_ms"]["p99"] - p["direct"]["first_token_ms"]["p99"])
            / max(p["mentor"]["first_token_ms"]["p99"] - p["direct"]["first_token_ms"]["p99"], 0.001)
            for p in pairs.values())
        report[c].update({"litellm_added_first_token_p50_ms": lite50,
                          "litellm_added_first_token_p99_ms": lite99,
                          "litellm_over_mentor_added_p99": versus})
        row += f" {lite50:.2f} | {lite99:.2f} | {versus:.1f}× |"
    else:
        row += " – | – | – |"
    rows.append(row)
report["idle"] = idle
report["ws_idle"] = ws_idle
json.dump(report, open(f"{out}/chat.json", "w"), indent=2)

def idle_row(what, r):
    if r["kib_per_stream"] is None:
        return f"| {what} | {r['open']} | {r['errors']} | – | – | – | – |"
    return (f"| {what} | {r['open']} | {r['errors']} | {r['first_event_ms']['p50']:.1f} | {r['first_event_ms']['p99']:.1f} | "
            f"{(r['rss_kib']['before'] or 0) / 1024:.1f} → {(r['rss_kib']['after'] or 0) / 1024:.1f} | {r['kib_per_stream']:.1f} |")
md = ["## Chat streaming (fake upstream: 20 tokens, 5 ms apart)", "",
      "Median over interleaved pairs of (through Mentor's SSE endpoint − directly from the fake).", "",
      f"LiteLLM proxy {litellm_version or '(not measured)'}, 2 workers, on the same fake.", "",
      "| concurrent streams | added first token p50 (ms) | added first token p99 (ms) | first token ratio p50 | added gap per chunk, p50 (ms) | errors | LiteLLM added p50 (ms) | LiteLLM added p99 (ms) | LiteLLM ÷ Mentor, added p99 |",
      "|---|---|---|---|---|---|---|---|---|", *rows, "",
      "### Idle open chat streams (opened 100 at a time on one instance)", "",
      "A turn waiting for its first token holds the learner's SSE response, its task and the upstream",
      "connection (the fake holds every first token back); a quiet WebSocket is a chat page left open.",
      "First event: the stored learner message (turns), the completed handshake (WebSockets).", "",
      "| kind | open | errors | first event p50 (ms) | first event p99 (ms) | server RSS before → after (MiB) | per open stream (KiB) |",
      "|---|---|---|---|---|---|---|",
      idle_row("turn waiting for its first token", idle), idle_row("quiet WebSocket", ws_idle), ""]
for what, r in (("idle turns", idle), ("idle WebSockets", ws_idle)):
    if r["errors"]:
        print(f"bench-chat: {what}: {r['errors']} errors ({r['last_error']})", file=sys.stderr)
open(f"{out}/chat.md", "w").write("\n".join(md))
print("\n".join(md))
PY
