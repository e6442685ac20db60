#!/usr/bin/env bash
# `make bench`: release build, the production composition (Postgres + Redis + SMTP capture)
# on 127.0.0.1, then in one run and interleaved: GET /api/v1/me (authenticated) against
# GET /health/live on the same server, login throughput against cores ÷ one argon2 verify,
# graded submissions per second through the queue (BENCH_SUBMISSIONS, default 40, with
# BENCH_GRADING_WORKERS, default 2; exercise slug BENCH_EXERCISE, default vowel-counter, else the
# first listed); then the sandbox benchmark (.ci/scripts/bench-sandbox.sh), the progress
# queries at volume (.ci/scripts/bench-progress.sh) and chat streaming through Mentor against a
# fake provider (.ci/scripts/bench-chat.sh).
# Writes report.md and report.json to $BENCH_OUT (default $CARGO_TARGET_DIR/bench). See shared/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mentor-target}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
PAIRS="${BENCH_PAIRS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
SUBMISSIONS="${BENCH_SUBMISSIONS:-40}"
GRADING_WORKERS="${BENCH_GRADING_WORKERS:-2}"
PG_ADMIN="${MENTOR_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${MENTOR_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
OUT="${BENCH_OUT:-$CARGO_TARGET_DIR/bench}"
mkdir -p "$OUT"
WORK=$(mktemp -d)

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v bwrap >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; }
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
export MENTOR__CONTENT__DIR="$PWD/content/exercises"
BIN="$CARGO_TARGET_DIR/release/mentor"
EMAIL="bench@example.org"
PASSWORD="correct horse battery staple"
"$BIN" migrate
"$BIN" seed
# A verified account (submitting needs a verified address; registering over HTTP is not).
MENTOR_NEW_USER_PASSWORD="$PASSWORD" "$BIN" admin create-user --email "$EMAIL"
# The per-learner submit policy (burst 10) would throttle the queue benchmark's one learner,
# and the per-IP sign-in policy the login flood (every request comes from 127.0.0.1): both are
# lifted, so the figures measure hashing and grading, not the limiter.
MENTOR__GRADING__WORKERS="$GRADING_WORKERS" \
  MENTOR__RATE_LIMITS__POLICIES__LOGIN_IP__REQUESTS=100000 \
  MENTOR__RATE_LIMITS__POLICIES__LOGIN_IP__PER_SECS=1 \
  MENTOR__RATE_LIMITS__POLICIES__LOGIN_IP__BURST=100000 \
  MENTOR__RATE_LIMITS__POLICIES__SUBMIT_USER__REQUESTS=100000 \
  MENTOR__RATE_LIMITS__POLICIES__SUBMIT_USER__PER_SECS=1 \
  MENTOR__RATE_LIMITS__POLICIES__SUBMIT_USER__BURST=100000 \
  "$BIN" serve &
SERVER_PID=$!
BASE="http://127.0.0.1:$APP_PORT"
for _ in $(seq 1 100); do curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

JAR="$WORK/jar"
CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/api/v1/auth/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
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

# Graded submissions per second end to end: submit BENCH_SUBMISSIONS correct solutions as fast
# as possible, long-poll each until it is final; rate = N ÷ (first submit → last graded).
# A fresh access token first (the runs above may have taken a good part of its lifetime).
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" -H "X-CSRF-Token: $CSRF" -X POST "$BASE/api/v1/auth/refresh" \
  || echo "bench: token refresh failed; going on with the current access token" >&2
ACCESS=$(awk '$6=="mentor-access"{print $7}' "$JAR")
CSRF=$(awk '$6=="mentor-csrf"{print $7}' "$JAR")
echo "bench: $SUBMISSIONS submissions through the grading queue ($GRADING_WORKERS workers)"
python3 - "$BASE" "$ACCESS" "$CSRF" "$SUBMISSIONS" "$PWD/content/exercises" "$WORK/queue.json" \
  "$GRADING_WORKERS" "${BENCH_EXERCISE:-vowel-counter}" "${BENCH_QUEUE_TIMEOUT:-300}" <<'PY'
import concurrent.futures, glob, json, os, statistics, sys, time, urllib.error, urllib.request
base, access, csrf, n, content, out, workers, want, timeout = sys.argv[1:10]
n, workers, timeout = int(n), int(workers), float(timeout)
headers = {"Cookie": f"mentor-access={access}; mentor-csrf={csrf}", "X-CSRF-Token": csrf,
           "Content-Type": "application/json", "Accept": "application/json"}

def call(method, path, body=None, wait=0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=wait + 30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")[:300]
    except (OSError, ValueError) as e:
        return None, repr(e)

status, listing = call("GET", "/api/v1/exercises?language=python&limit=100")
if status != 200 or not listing.get("exercises"):
    sys.exit(f"bench: GET /api/v1/exercises answered {status}: {listing}")
exercises = listing["exercises"]
exercise = next((e for e in exercises if e.get("slug") == want), exercises[0])
slug, exercise_id = exercise["slug"], exercise["id"]
folder = os.path.join(content, "python", slug)
code = open(os.path.join(folder, "reference.py"), encoding="utf-8").read()
tests = sum(open(f, encoding="utf-8").read().count("    def test_") for f in glob.glob(os.path.join(folder, "test_*.py")))
print(f"bench: exercise {slug} ({exercise_id}), {tests} tests", file=sys.stderr)

FINAL = ("graded", "failed")
start = time.monotonic()
deadline = start + timeout

def one(i):
    t0 = time.monotonic()
    status, body = call("POST", f"/api/v1/exercises/{exercise_id}/submissions", {"code": code})
    if status != 202 or not isinstance(body, dict) or "id" not in body:
        return {"i": i, "error": f"submit answered {status}: {body}"}
    sid, accepted = body["id"], time.monotonic()
    last = body
    polls = 0
    while time.monotonic() < deadline and polls < 1000:
        polls += 1
        wait = max(1, min(30, int(deadline - time.monotonic())))
        status, last = call("GET", f"/api/v1/submissions/{sid}?wait={wait}", wait=wait)
        if status != 200 or not isinstance(last, dict):
            return {"i": i, "id": sid, "error": f"poll answered {status}: {last}"}
        if last.get("status") in FINAL:
            break
    done = time.monotonic()
    verdict = last.get("verdict") or {}
    return {"i": i, "id": sid, "status": last.get("status"), "verdict": verdict.get("kind"),
            "detail": None if verdict.get("kind") == "passed" else json.dumps(verdict)[:300],
            "submitted_s": t0 - start, "accepted_s": accepted - start, "final_s": done - start,
            "latency_ms": (done - t0) * 1000}

load = open("/proc/loadavg").read().strip()
with concurrent.futures.ThreadPoolExecutor(max_workers=min(n, 64)) as pool:
    results = list(pool.map(one, range(n)))
errors = [r for r in results if "error" in r]
final = [r for r in results if r.get("status") in FINAL]
graded = [r for r in final if r["status"] == "graded"]
not_final = [r for r in results if "error" not in r and r.get("status") not in FINAL]
not_passed = [r for r in final if r["verdict"] != "passed"]
span = max((r["final_s"] for r in final), default=0.0)
latencies = sorted(r["latency_ms"] for r in final)
report = {
    "loadavg": load, "workers": workers, "submissions": n,
    "exercise": {"slug": slug, "id": exercise_id, "tests": tests},
    "accepted": n - len(errors), "final": len(final), "graded": len(graded),
    "passed": len(final) - len(not_passed),
    "seconds": span, "graded_per_s": len(graded) / span if span else 0.0,
    "submit_seconds": max((r["accepted_s"] for r in results if "accepted_s" in r), default=0.0),
    "latency_ms": {"p50": statistics.median(latencies) if latencies else None,
                   "max": latencies[-1] if latencies else None},
    "errors": [r["error"] for r in errors][:10],
    "not_final": [{"id": r["id"], "status": r["status"]} for r in not_final][:10],
    "not_passed": [{"id": r["id"], "status": r["status"], "verdict": r["verdict"], "detail": r["detail"]} for r in not_passed][:10],
}
json.dump(report, open(out, "w"), indent=2)
print(f"bench: {len(graded)}/{n} graded in {span:.2f}s = {report['graded_per_s']:.2f} graded/s; "
      f"{report['passed']} passed, {len(errors)} errors, {len(not_final)} not final", file=sys.stderr)
PY
# The server is done: stop it so that the sandbox benchmark has the machine to itself.
kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
BENCH_OUT="$OUT" .ci/scripts/bench-sandbox.sh
BENCH_OUT="$OUT" MENTOR_BENCH_DATABASE_URL="$PG_ADMIN" .ci/scripts/bench-progress.sh
BENCH_OUT="$OUT" BENCH_PAIRS="$PAIRS" MENTOR_BENCH_DATABASE_URL="$PG_ADMIN" MENTOR_BENCH_REDIS_URL="$REDIS_URL" .ci/scripts/bench-chat.sh

python3 - "$WORK" "$OUT" "$PAIRS" "$VERIFY_MS" "$SECONDS_PER_RUN" "$CONNECTIONS" <<'PY'
import json, os, re, statistics, subprocess, sys
work, out, pairs, verify_ms, secs, conns = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
queue = json.load(open(os.path.join(work, "queue.json")))
sandbox = json.load(open(os.path.join(out, "sandbox.json")))

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
    "grading_queue": queue,
    "sandbox": sandbox,
}
# Each submission is two sandboxed runs (visible tests, then hidden tests: ADR 0010).
queue_bound = queue["workers"] / (2 * sandbox["single_run_ms"] / 1000)
report["grading_queue_bound_per_s"] = queue_bound
report["grading_queue_over_bound"] = queue["graded_per_s"] / queue_bound
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
q = queue
lines += [
    f"Grading queue end to end ({q['workers']} workers in the server, load avg before {q['loadavg']}): {q['submissions']} submissions of the "
    f"reference solution of `{q['exercise']['slug']}` ({q['exercise']['tests']} tests, visible and hidden) over HTTP, each long-polled "
    f"until final: {q['graded']} graded in {q['seconds']:.2f} s (all accepted after {q['submit_seconds']:.2f} s) → "
    f"**{q['graded_per_s']:.2f} graded/s**; submit → final p50 {q['latency_ms']['p50'] or 0:.0f} ms, max {q['latency_ms']['max'] or 0:.0f} ms. "
    f"Bound workers ÷ two sandboxed runs per submission (visible, then hidden tests; one 5-test run takes {sandbox['single_run_ms']:.1f} ms, below) = {queue_bound:.2f}/s → "
    f"**{report['grading_queue_over_bound']:.2f} × bound**.", ""]
if q["passed"] != q["submissions"]:
    lines.append(f"Warning: {q['submissions'] - q['passed']} of {q['submissions']} submissions did not pass: "
                 f"errors {q['errors']}, not final {q['not_final']}, verdicts {q['not_passed']}.")
    lines.append("")
bad = [r for r in live + me if r["non_2xx"]]
if bad:
    lines.append(f"Warning: {len(bad)} run(s) had non-2xx answers.")
if lines[-1]:
    lines.append("")
lines.append(open(os.path.join(out, "sandbox.md")).read().rstrip())
lines.append("")
lines.append(open(os.path.join(out, "progress.md")).read().rstrip())
report["progress_queries"] = json.load(open(os.path.join(out, "progress.json")))
lines.append("")
lines.append(open(os.path.join(out, "chat.md")).read().rstrip())
report["chat_streaming"] = json.load(open(os.path.join(out, "chat.json")))
json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=2)
open(os.path.join(out, "report.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "bench: report written to $OUT/report.md"
