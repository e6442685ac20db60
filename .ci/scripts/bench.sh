#!/usr/bin/env bash
# `make bench`: release build, the production composition (Postgres + Redis + SMTP capture)
# on 127.0.0.1, then in one run and interleaved: GET /api/v1/me (authenticated) against
# GET /health/live on the same server, login throughput against cores ÷ one argon2 verify.
# Writes report.md and report.json to $BENCH_OUT (default $CARGO_TARGET_DIR/bench). See shared/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
PAIRS="${BENCH_PAIRS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
PG_ADMIN="${MENTOR_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${MENTOR_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
mkdir -p "$OUT"
WORK=$(mktemp -d)

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
port_open 127.0.0.1 5432 || { echo "bench: Postgres is not reachable on 127.0.0.1:5432" >&2; exit 1; }
port_open 127.0.0.1 6379 || { echo "bench: Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }

echo "bench: building release binaries"
cargo build --release -p mentor-server --bin mentor
cargo build --release -p mentor-auth --example argon2_verify

DB=mentor_bench
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB"
DB_URL="${PG_ADMIN%/*}/$DB"
SMTP_PORT=$(free_port)
APP_PORT=$(free_port)
python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/maildir" &
SMTP_PID=$!
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  kill "$SMTP_PID" 2>/dev/null || true
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  command -v redis-cli >/dev/null 2>&1 && redis-cli -u "$REDIS_URL" --scan --pattern "mentor-bench:$$:*" \
    | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export MENTOR__SERVER__LISTEN="127.0.0.1:$APP_PORT"
export MENTOR__SERVER__PUBLIC_URL="http://127.0.0.1:$APP_PORT"
export MENTOR__DATA__DIR="$WORK/data"
export MENTOR__DATABASE__URL="$DB_URL"
export MENTOR__DATABASE__MAX_CONNECTIONS=16
export MENTOR__REDIS__URL="$REDIS_URL"
export MENTOR__REDIS__KEY_PREFIX="mentor-bench:$$:"
export MENTOR__MAIL__SMTP_HOST=127.0.0.1
export MENTOR__MAIL__SMTP_PORT="$SMTP_PORT"
export MENTOR__MAIL__SMTP_TLS=none
export MENTOR__AUTH__JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export MENTOR__LOG__LEVEL=warn
BIN="$CARGO_TARGET_DIR/release/mentor"
"$BIN" migrate
"$BIN" serve &
SERVER_PID=$!
BASE="http://127.0.0.1:$APP_PORT"
for _ in $(seq 1 100); do curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

EMAIL="bench@example.org"
PASSWORD="correct horse battery staple"
JAR="$WORK/jar"
CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/api/v1/auth/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/register"
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login"
ACCESS=$(awk '$6=="mentor-access"{print $7}' "$JAR")
CSRF=$(awk '$6=="mentor-csrf"{print $7}' "$JAR")
[ -n "$ACCESS" ] || { echo "bench: sign-in failed" >&2; exit 1; }

cat > "$WORK/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email":"$EMAIL","password":"$PASSWORD"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$CSRF"
wrk.headers["Cookie"] = "mentor-csrf=$CSRF"
LUA

run_wrk() { # name connections args...
  local name=$1 conns=$2; shift 2
  cat /proc/loadavg > "$WORK/$name.load"
  wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" > "$WORK/$name.txt"
  echo "load $(cat "$WORK/$name.load")" >> "$WORK/$name.txt"
}

echo "bench: $PAIRS interleaved pairs of ${SECONDS_PER_RUN}s runs"
for i in $(seq 1 "$PAIRS"); do
  run_wrk "live-$i" "$CONNECTIONS" "$BASE/health/live"
  run_wrk "me-$i" "$CONNECTIONS" -H "Cookie: mentor-access=$ACCESS" "$BASE/api/v1/me"
done
run_wrk "login" 8 -s "$WORK/login.lua" "$BASE/api/v1/auth/login"
# /me while a login flood keeps every hashing permit busy: hashing must stay off the
# request executor, so /me latency should barely move.
wrk -t1 -c8 -d"$((SECONDS_PER_RUN + 2))s" -s "$WORK/login.lua" "$BASE/api/v1/auth/login" > "$WORK/flood.txt" &
FLOOD_PID=$!
sleep 1
run_wrk "me-flood" "$CONNECTIONS" -H "Cookie: mentor-access=$ACCESS" "$BASE/api/v1/me"
wait "$FLOOD_PID" || true
VERIFY_MS=$("$CARGO_TARGET_DIR/release/examples/argon2_verify" | awk '{print $2}')

python3 - "$WORK" "$OUT" "$PAIRS" "$VERIFY_MS" "$SECONDS_PER_RUN" "$CONNECTIONS" <<'PY'
import json, os, re, statistics, subprocess, sys
work, out, pairs, verify_ms, secs, conns = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]

def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

def parse(name):
    text = open(os.path.join(work, name + ".txt")).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {p: ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    load = re.search(r"^load (.*)$", text, re.M).group(1)
    return {"rps": rps, "p50_ms": lat.get("50"), "p99_ms": lat.get("99"), "non_2xx": int(non2xx.group(1)) if non2xx else 0, "loadavg": load}

live = [parse(f"live-{i}") for i in range(1, pairs + 1)]
me = [parse(f"me-{i}") for i in range(1, pairs + 1)]
login = parse("login")
me_flood = parse("me-flood")
me_p99 = statistics.median([m["p99_ms"] for m in me])
ratios = [m["rps"] / l["rps"] for m, l in zip(me, live)]
cores = os.cpu_count()
login_bound = cores / (verify_ms / 1000)
report = {
    "machine": {"nproc": cores, "uname": os.uname().release},
    "versions": {"rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
                 "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if True else ""},
    "method": f"wrk -t2 -c{conns} -d{secs}s --latency, {pairs} interleaved pairs, median ratio",
    "health_live": live, "me": me,
    "me_over_live_ratios": ratios, "me_over_live_median": statistics.median(ratios),
    "login": login, "argon2_verify_ms": verify_ms, "login_bound_rps": login_bound,
    "login_over_bound": login["rps"] / login_bound,
    "me_during_login_flood": me_flood, "me_p99_flood_over_quiet": me_flood["p99_ms"] / me_p99,
}
json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=2)
lines = [
    "# Benchmark report", "",
    f"Machine: {cores} cores, kernel {report['machine']['uname']}; {report['versions']['rustc']}; {report['versions']['wrk']}.",
    f"Method: {report['method']}; server: release build, production composition (Postgres + Redis + SMTP capture) on 127.0.0.1.", "",
    "| run | load avg before | /health/live req/s | p50 | p99 | /api/v1/me req/s | p50 | p99 | ratio me/live |",
    "|---|---|---|---|---|---|---|---|---|",
]
for i, (l, m, r) in enumerate(zip(live, me, ratios), 1):
    lines.append(f"| {i} | {m['loadavg']} | {l['rps']:.0f} | {l['p50_ms']:.2f} ms | {l['p99_ms']:.2f} ms | {m['rps']:.0f} | {m['p50_ms']:.2f} ms | {m['p99_ms']:.2f} ms | {r:.3f} |")
lines += ["",
    f"**GET /api/v1/me ÷ GET /health/live (median of {pairs}): {report['me_over_live_median']:.3f}** (target ≥ 0.25).", "",
    f"argon2id verify (m=19456 KiB, t=2, p=1): {verify_ms:.2f} ms → bound cores ÷ verify = {login_bound:.1f} logins/s.",
    f"Login: {login['rps']:.1f} req/s with 8 connections (p50 {login['p50_ms']:.1f} ms, p99 {login['p99_ms']:.1f} ms, non-2xx {login['non_2xx']}) → "
    f"**{report['login_over_bound']:.2f} × bound** (target ≥ 0.9).", "",
    f"GET /api/v1/me during a login flood: {me_flood['rps']:.0f} req/s, p99 {me_flood['p99_ms']:.2f} ms vs {me_p99:.2f} ms "
    f"without → **{report['me_p99_flood_over_quiet']:.2f} ×** (target ≤ 2).", ""]
bad = [r for r in live + me if r["non_2xx"]]
if bad:
    lines.append(f"Warning: {len(bad)} run(s) had non-2xx answers.")
open(os.path.join(out, "report.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "bench: report written to $OUT/report.md"
