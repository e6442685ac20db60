//! Sandbox benchmark (`make bench`, see `shared/performance.md`): a Python submission with 5
//! tests, run
//!
//! - A: sandboxed, through [`BwrapRunner::run`] (bubblewrap, cgroups, seccomp, supervisor);
//! - B: unsandboxed, the same interpreter with the same flags, the same harness and the same
//!   files in a fresh temporary directory per run, the result channel (fd 3) read to the end;
//!
//! interleaved A/B for `BENCH_PAIRS` pairs (default 3), each side for `BENCH_SECONDS` (default
//! 10) or `BENCH_MAX_RUNS` runs (default 2000), whichever comes first, one run at a time. Then
//! throughput: as many concurrent sandboxed runs as there are cores, for the same time, against
//! the bound cores ÷ single sandboxed run time.
//!
//! Prints one JSON object on stdout and human-readable lines on stderr. Needs bubblewrap,
//! cgroups and root, like the sandbox tests.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use mentor_exercises::{CodeRunner, Limits, OutputCaps, RunRequest, SourceFile, Verdict};
use mentor_kernel::Language;
use mentor_sandbox::{BwrapRunner, SandboxSettings};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

const HARNESS: &str = include_str!("../src/harness/python.py");

const SOLUTION: &str = r#"VOWELS = "aeiouAEIOU"


def count_vowels(text):
    """Return how many of the letters a, e, i, o, u (in either case) appear in `text`."""
    count = 0
    for char in text:
        if char in VOWELS:
            count += 1
    return count
"#;

const TEST_FILE: &str = "test_bench.py";
const TEST_MODULE: &str = "test_bench";
const TESTS: &str = r#"import unittest

from main import count_vowels


class CountVowels(unittest.TestCase):
    def test_counts_the_vowels_in_a_short_sentence(self):
        self.assertEqual(count_vowels("Hello, World!"), 3)

    def test_y_is_not_a_vowel(self):
        self.assertEqual(count_vowels("rhythm"), 0)

    def test_an_empty_text_has_no_vowels(self):
        self.assertEqual(count_vowels(""), 0)

    def test_mixed_case_vowels_all_count(self):
        self.assertEqual(count_vowels("UmbrEllA"), 3)

    def test_a_long_text(self):
        self.assertEqual(count_vowels("education " * 1000), 5000)
"#;
const TEST_COUNT: usize = 5;

/// The catalog's usual limits for a difficulty-1 Python exercise.
const LIMITS: Limits = Limits {
    cpu_ms: 2_000,
    wall_ms: 5_000,
    memory_mb: 128,
};

const TARGET_RATIO_MAX: f64 = 1.5;
const TARGET_THROUGHPUT_MIN: f64 = 0.8;

struct Config {
    seconds: f64,
    pairs: usize,
    max_runs: usize,
    cores: usize,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a valid value")),
        _ => Ok(default),
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

fn request() -> RunRequest {
    RunRequest {
        language: Language::Python,
        code: SOLUTION.to_owned(),
        tests: vec![SourceFile {
            name: TEST_FILE.to_owned(),
            content: TESTS.to_owned(),
        }],
        limits: LIMITS,
        caps: OutputCaps::default(),
    }
}

/// A: one sandboxed run; anything but a pass of all 5 tests is an error.
async fn sandboxed(runner: &BwrapRunner) -> anyhow::Result<()> {
    let verdict = runner.run(request()).await.context("sandboxed run")?;
    match &verdict {
        Verdict::Passed { tests } if tests.len() == TEST_COUNT => Ok(()),
        other => bail!("sandboxed run did not pass {TEST_COUNT} tests: {other:?}"),
    }
}

/// B: one unsandboxed run — same interpreter and flags, same harness, same files in a fresh
/// directory. `sh` only sets up the descriptors (`exec` replaces it with the interpreter): the
/// harness's result channel, fd 3, becomes our stdout pipe and the learner's stdout goes to
/// /dev/null.
async fn unsandboxed(python: &Path, scratch: &Path) -> anyhow::Result<()> {
    let work = tempfile::Builder::new()
        .prefix("mentor-bench-ref-")
        .tempdir_in(scratch)
        .context("creating the run directory")?;
    tokio::fs::write(work.path().join("main.py"), SOLUTION).await?;
    tokio::fs::write(work.path().join("harness.py"), HARNESS).await?;
    tokio::fs::write(work.path().join(TEST_FILE), TESTS).await?;
    let mut child = tokio::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(r#"exec "$0" -I -S -B harness.py "$1" 3>&1 1>/dev/null"#)
        .arg(python)
        .arg(TEST_MODULE)
        .current_dir(work.path())
        .env_clear()
        .env("PATH", "/usr/bin")
        .env("HOME", "/tmp")
        .env("LANG", "C.UTF-8")
        .env("TMPDIR", "/tmp")
        .env(
            "MENTOR_OUTPUT_CAP",
            OutputCaps::default().per_test_bytes.to_string(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("starting the interpreter")?;
    let mut channel = Vec::new();
    let mut stderr = Vec::new();
    let (mut out, mut err) = (
        child.stdout.take().context("no stdout")?,
        child.stderr.take().context("no stderr")?,
    );
    let (read_out, read_err) =
        tokio::join!(out.read_to_end(&mut channel), err.read_to_end(&mut stderr));
    read_out?;
    read_err?;
    let status = child.wait().await?;
    let (mut started, mut done, mut passed, mut failed) = (false, false, 0usize, 0usize);
    for line in String::from_utf8_lossy(&channel).lines() {
        let Ok(event) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match event["event"].as_str() {
            Some("start") => started = true,
            Some("done") => done = true,
            Some("test") if event["passed"] == Value::Bool(true) => passed += 1,
            Some("test") => failed += 1,
            _ => bail!("unsandboxed run: unexpected event {line}"),
        }
    }
    if !(started && done && passed == TEST_COUNT && failed == 0) {
        bail!(
            "unsandboxed run ({status}): start {started}, done {done}, {passed} passed, {failed} failed; stderr: {}",
            String::from_utf8_lossy(&stderr).trim()
        );
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Sandboxed,
    Unsandboxed,
}

/// Runs one side sequentially for the configured time or count; per-run times in ms.
async fn measure(
    side: Side,
    runner: &BwrapRunner,
    python: &Path,
    scratch: &Path,
    config: &Config,
) -> anyhow::Result<Value> {
    let load = loadavg();
    let budget = Duration::from_secs_f64(config.seconds);
    let started = Instant::now();
    let mut times = Vec::new();
    while started.elapsed() < budget && times.len() < config.max_runs {
        let t = Instant::now();
        match side {
            Side::Sandboxed => sandboxed(runner).await?,
            Side::Unsandboxed => unsandboxed(python, scratch).await?,
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(summary(&times, &load))
}

fn summary(times: &[f64], load: &str) -> Value {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mean = sorted.iter().sum::<f64>() / n.max(1) as f64;
    let pct = |p: f64| {
        sorted
            .get(((n as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    json!({
        "loadavg": load,
        "runs": n,
        "mean_ms": mean,
        "median_ms": median(&sorted),
        "p95_ms": pct(0.95),
        "min_ms": sorted.first().copied().unwrap_or(f64::NAN),
        "max_ms": sorted.last().copied().unwrap_or(f64::NAN),
    })
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => f64::midpoint(v[n / 2 - 1], v[n / 2]),
    }
}

fn mean_ms(side: &Value) -> f64 {
    side["mean_ms"].as_f64().unwrap_or(f64::NAN)
}

/// `cores` workers running sandboxed runs back to back until the time is up.
async fn throughput(runner: &BwrapRunner, config: &Config) -> anyhow::Result<(usize, f64)> {
    let budget = Duration::from_secs_f64(config.seconds);
    let max_per_worker = config.max_runs.div_ceil(config.cores).max(1);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..config.cores {
        let runner = runner.clone();
        workers.push(tokio::spawn(async move {
            let mut done = 0usize;
            while started.elapsed() < budget && done < max_per_worker {
                sandboxed(&runner).await?;
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let mut runs = 0;
    for worker in workers {
        runs += worker.await.context("throughput worker")??;
    }
    Ok((runs, started.elapsed().as_secs_f64()))
}

fn version(program: &Path, arg: &str) -> String {
    std::process::Command::new(program)
        .arg(arg)
        .output()
        .map(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text).trim().to_owned()
        })
        .unwrap_or_else(|e| format!("unknown ({e})"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let config = Config {
        seconds: env_or("BENCH_SECONDS", 10.0)?,
        pairs: env_or("BENCH_PAIRS", 3)?,
        max_runs: env_or("BENCH_MAX_RUNS", 2000)?,
        cores: env_or("BENCH_CONCURRENCY", cores)?,
    };
    if config.pairs == 0 || config.max_runs == 0 || config.cores == 0 || config.seconds <= 0.0 {
        bail!("BENCH_PAIRS, BENCH_MAX_RUNS, BENCH_CONCURRENCY and BENCH_SECONDS must be positive");
    }
    let settings = SandboxSettings {
        max_concurrent: config.cores,
        ..SandboxSettings::default()
    };
    let python: PathBuf = settings.python.clone();
    let scratch: PathBuf = settings.scratch_dir.clone();
    let bwrap = settings.bwrap.clone();
    let runner = BwrapRunner::new(settings).context("setting up the sandbox")?;

    // Warm-up and correctness: both sides must pass all 5 tests before anything is timed.
    sandboxed(&runner).await?;
    unsandboxed(&python, &scratch).await?;
    eprintln!(
        "sandbox bench: {} pairs × {}s per side (≤ {} runs), {} tests, python {}",
        config.pairs,
        config.seconds,
        config.max_runs,
        TEST_COUNT,
        python.display()
    );

    let mut pairs = Vec::new();
    let mut ratios = Vec::new();
    let mut sandboxed_means = Vec::new();
    for pair in 1..=config.pairs {
        let a = measure(Side::Sandboxed, &runner, &python, &scratch, &config).await?;
        let b = measure(Side::Unsandboxed, &runner, &python, &scratch, &config).await?;
        let ratio = mean_ms(&a) / mean_ms(&b);
        eprintln!(
            "pair {pair}: sandboxed {:.2} ms/run ({} runs, load {}), unsandboxed {:.2} ms/run ({} runs, load {}), ratio {ratio:.3}",
            mean_ms(&a),
            a["runs"],
            a["loadavg"].as_str().unwrap_or_default(),
            mean_ms(&b),
            b["runs"],
            b["loadavg"].as_str().unwrap_or_default(),
        );
        ratios.push(ratio);
        sandboxed_means.push(mean_ms(&a));
        pairs.push(json!({"pair": pair, "sandboxed": a, "unsandboxed": b, "ratio": ratio}));
    }
    let median_ratio = median(&ratios);
    let single_ms = median(&sandboxed_means);
    eprintln!(
        "median ratio sandboxed ÷ unsandboxed: {median_ratio:.3} (target ≤ {TARGET_RATIO_MAX})"
    );

    let load = loadavg();
    let (runs, elapsed) = throughput(&runner, &config).await?;
    let rps = runs as f64 / elapsed;
    let ideal = config.cores as f64 / (single_ms / 1000.0);
    let throughput_ratio = rps / ideal;
    eprintln!(
        "throughput: {runs} runs in {elapsed:.1}s with {} concurrent = {rps:.2} runs/s (load {load}); cores ÷ single run ({single_ms:.2} ms) = {ideal:.2}/s; ratio {throughput_ratio:.3} (target ≥ {TARGET_THROUGHPUT_MIN})",
        config.cores
    );

    let report = json!({
        "machine": {
            "nproc": cores,
            "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
        },
        "versions": {
            "python": version(&python, "--version"),
            "bwrap": version(&bwrap, "--version"),
        },
        "python": python,
        "exercise": {
            "tests": TEST_COUNT,
            "limits": {"cpu_ms": LIMITS.cpu_ms, "wall_ms": LIMITS.wall_ms, "memory_mb": LIMITS.memory_mb},
        },
        "method": format!(
            "{} interleaved pairs (sandboxed first), each side sequential for {}s or {} runs; \
             sandboxed = BwrapRunner::run; unsandboxed = same interpreter with -I -S -B, same harness \
             and files in a fresh temp dir, fd 3 read to the end; ratio of mean run times; median ratio",
            config.pairs, config.seconds, config.max_runs
        ),
        "seconds_per_run": config.seconds,
        "max_runs": config.max_runs,
        "pairs": pairs,
        "ratios": ratios,
        "median_ratio": median_ratio,
        "target_ratio_max": TARGET_RATIO_MAX,
        "single_run_ms": single_ms,
        "throughput": {
            "loadavg": load,
            "concurrency": config.cores,
            "seconds": elapsed,
            "runs": runs,
            "runs_per_s": rps,
            "cores_over_single_run_per_s": ideal,
            "bound_runs_per_s": TARGET_THROUGHPUT_MIN * ideal,
            "ratio": throughput_ratio,
            "target_ratio_min": TARGET_THROUGHPUT_MIN,
        },
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
