//! `mentor-sandbox`: the [`CodeRunner`] adapter. Learner code runs under bubblewrap (every
//! namespace unshared: no network, its own PIDs, mounts and users; a read-only system; a
//! fresh `/tmp`; a cleared environment; uid 65534; every capability dropped; a seccomp
//! filter) and a supervisor here that puts the run in its own cgroups (memory with swap,
//! process count, CPU accounting), sets resource limits, enforces the CPU and wall limits over
//! the whole process tree, caps output, and kills the tree on any limit.
//!
//! The test harness (`src/harness`) opens the result channel — descriptor 3, a pipe to the
//! supervisor — before the learner's code is imported and reports one JSON line per event, so
//! nothing the learner prints can be taken for a result. (Code in the same process could
//! still write to the channel; a learner can only mislead their own grading that way, and the
//! limits hold regardless.)

#![warn(missing_docs)]

mod cgroup;
mod seccomp;
mod sys;

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, anyhow};
use async_trait::async_trait;
use mentor_exercises::{CodeRunner, RunRequest, RunnerError, TestOutcome, TimeLimitKind, Verdict};
use mentor_kernel::Language;
use serde::Deserialize;
use tokio::{io::AsyncReadExt, sync::Semaphore};

pub use cgroup::Cgroups;

const PYTHON_HARNESS: &str = include_str!("harness/python.py");
const NODE_HARNESS: &str = include_str!("harness/node.js");

/// Where the tools are and how much the sandbox may use.
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    /// The bubblewrap binary.
    pub bwrap: PathBuf,
    /// The Python 3 interpreter (must live under `/usr`, which is all the sandbox sees).
    pub python: PathBuf,
    /// The Node.js binary (under `/usr` as well).
    pub node: PathBuf,
    /// Where run directories are created (each run gets a fresh one, removed afterwards).
    pub scratch_dir: PathBuf,
    /// Runs at the same time (more wait for a slot).
    pub max_concurrent: usize,
    /// Processes and threads per run.
    pub max_processes: u32,
    /// Largest file a run may write, bytes.
    pub max_file_bytes: u64,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        Self {
            bwrap: PathBuf::from("/usr/bin/bwrap"),
            python: PathBuf::from("/usr/bin/python3"),
            node: PathBuf::from("/usr/bin/node"),
            scratch_dir: std::env::temp_dir(),
            max_concurrent: std::thread::available_parallelism().map_or(2, usize::from),
            max_processes: 64,
            max_file_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Runs learner code under bubblewrap with a Rust supervisor.
#[derive(Debug, Clone)]
pub struct BwrapRunner {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    settings: SandboxSettings,
    cgroups: Cgroups,
    slots: Semaphore,
    seccomp: Vec<u8>,
}

/// One JSON line from the harness.
#[derive(Debug, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Event {
    Start,
    Test {
        name: String,
        passed: bool,
        message: Option<String>,
        output: Option<String>,
    },
    CompileError {
        message: String,
        line: Option<u32>,
    },
    RuntimeError {
        message: String,
    },
    HarnessError {
        message: String,
    },
    Done,
}

/// Why the supervisor stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stopped {
    Cpu,
    Wall,
    Output,
}

/// What the supervisor saw while the run was going.
#[derive(Debug)]
struct Watched {
    stopped: Option<Stopped>,
    channel: Vec<u8>,
    stderr_tail: String,
}

/// Everything known once the run is over.
#[derive(Debug)]
struct Observed {
    watched: Watched,
    oom: bool,
    status: Option<std::process::ExitStatus>,
    elapsed: Duration,
}

const CHANNEL_FD: i32 = 3;
const SECCOMP_FD: i32 = 4;
/// The channel may carry more than the output cap (messages, names), but not without bound.
const CHANNEL_CAP: usize = 8 * 1024 * 1024;
const STDERR_TAIL: usize = 4 * 1024;

impl BwrapRunner {
    /// Prepares the sandbox: finds the cgroup hierarchy and creates the sandbox's cgroups,
    /// checks that bubblewrap and the interpreters exist.
    ///
    /// # Errors
    /// [`RunnerError::Unavailable`] with the reason when the sandbox cannot be set up here.
    pub fn new(settings: SandboxSettings) -> Result<Self, RunnerError> {
        for (what, path) in [
            ("bubblewrap", &settings.bwrap),
            ("python", &settings.python),
            ("node", &settings.node),
        ] {
            if !path.is_file() {
                return Err(RunnerError::Unavailable(format!(
                    "{what} not found at {} (install it, or set sandbox.{} in the configuration)",
                    path.display(),
                    if what == "bubblewrap" { "bwrap" } else { what }
                )));
            }
        }
        for path in [&settings.python, &settings.node] {
            if !path.starts_with("/usr") {
                return Err(RunnerError::Unavailable(format!(
                    "{} is outside /usr, which is all the sandbox can see",
                    path.display()
                )));
            }
        }
        let cgroups =
            Cgroups::new().map_err(|e| RunnerError::Unavailable(format!("cgroups: {e:#}")))?;
        tracing::info!(layout = cgroups.describe(), "sandbox cgroups ready");
        let slots = Semaphore::new(settings.max_concurrent.max(1));
        Ok(Self {
            inner: Arc::new(Inner {
                settings,
                cgroups,
                slots,
                seccomp: seccomp::filter_bytes(),
            }),
        })
    }

    fn command(
        &self,
        language: Language,
        work: &Path,
        tests: &[String],
        per_test_output: usize,
    ) -> tokio::process::Command {
        let s = &self.inner.settings;
        let mut c = tokio::process::Command::new(&s.bwrap);
        // Nothing of the server's environment reaches bubblewrap, let alone the run.
        c.env_clear();
        c.args([
            "--unshare-all",
            "--unshare-user",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
        ]);
        c.args(["--ro-bind", "/usr", "/usr"]);
        for (link, target) in [
            ("/lib", "usr/lib"),
            ("/lib64", "usr/lib64"),
            ("/bin", "usr/bin"),
        ] {
            if Path::new(link).is_symlink() {
                c.args(["--symlink", target, link]);
            } else if Path::new(link).is_dir() {
                c.args(["--ro-bind", link, link]);
            }
        }
        if Path::new("/etc/ld.so.cache").exists() {
            c.args(["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        }
        c.args(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
        c.arg("--ro-bind").arg(work).arg("/work");
        c.args([
            "--chdir",
            "/work",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--hostname",
            "sandbox",
        ]);
        c.args(["--cap-drop", "ALL", "--disable-userns", "--remount-ro", "/"]);
        c.args(["--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp"]);
        c.args(["--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"]);
        c.args([
            "--setenv",
            "MENTOR_OUTPUT_CAP",
            &per_test_output.to_string(),
        ]);
        c.args(["--seccomp", &SECCOMP_FD.to_string()]);
        c.arg("--");
        match language {
            Language::Python => {
                c.arg(&s.python).args(["-I", "-S", "-B", "harness.py"]);
                c.args(tests.iter().map(|t| t.trim_end_matches(".py")));
            }
            Language::JavaScript => {
                c.arg(&s.node)
                    .args(["--disable-proto=throw", "harness.js"])
                    .args(tests);
            }
        }
        c.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.kill_on_drop(true);
        c
    }

    async fn supervise(&self, request: &RunRequest) -> anyhow::Result<Observed> {
        let s = &self.inner.settings;
        let work = tempfile::Builder::new()
            .prefix("mentor-run-")
            .tempdir_in(&s.scratch_dir)
            .context("creating the run directory")?;
        let (main, harness_name, harness) = match request.language {
            Language::Python => ("main.py", "harness.py", PYTHON_HARNESS),
            Language::JavaScript => ("main.js", "harness.js", NODE_HARNESS),
        };
        tokio::fs::write(work.path().join(main), &request.code).await?;
        tokio::fs::write(work.path().join(harness_name), harness).await?;
        let mut tests = Vec::new();
        for file in &request.tests {
            let name = Path::new(&file.name)
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| *n != main && *n != harness_name)
                .ok_or_else(|| anyhow!("bad test file name {:?}", file.name))?;
            tokio::fs::write(work.path().join(name), &file.content).await?;
            tests.push(name.to_owned());
        }
        // The run directory is bound read-only; the sandbox user must still read it.
        set_readable(work.path())?;

        let limits = request.limits;
        let (channel_read, channel_write) =
            std::io::pipe().context("creating the result channel")?;
        let seccomp = seccomp_pipe(&self.inner.seccomp)?;
        let mut command = self.command(
            request.language,
            work.path(),
            &tests,
            request.caps.per_test_bytes,
        );
        let cpu = Duration::from_millis(u64::from(limits.cpu_ms));
        let wall = Duration::from_millis(u64::from(limits.wall_ms));
        // Created last, so that nothing that can fail before the spawn leaves a leaf behind.
        let group = self.inner.cgroups.run_group(cgroup::RunLimits {
            memory_bytes: u64::from(limits.memory_mb) * 1024 * 1024,
            pids: s.max_processes,
        })?;
        sys::ChildSetup {
            cgroup_procs: group.procs_files.clone(),
            rlimits: sys::Rlimits {
                cpu_seconds: cpu.as_secs() + 2,
                file_bytes: s.max_file_bytes,
                open_files: 256,
            },
            fds: vec![
                (channel_write.into(), CHANNEL_FD),
                (seccomp.into(), SECCOMP_FD),
            ],
        }
        .install(&mut command);

        let started = Instant::now();
        let spawned = command.spawn();
        // The command (and with it the child's copies of the channel's write end and the
        // filter) must be dropped so the channel reaches end-of-file when the run ends.
        drop(command);
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                group.remove().await;
                return Err(anyhow!(e).context("starting bubblewrap"));
            }
        };
        let watched = watch(&mut child, &group, channel_read, request, cpu, wall).await;
        // Whatever happened, nothing of the run may outlive it.
        let _ = child.start_kill();
        group.kill_all().await;
        let status = child.wait().await.ok();
        let oom = group.oom_killed();
        group.remove().await;
        Ok(Observed {
            watched: watched?,
            oom,
            status,
            elapsed: started.elapsed(),
        })
    }
}

fn set_readable(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

/// The filter in a pipe for bubblewrap to read (a few hundred bytes: fits the pipe buffer, so
/// the write never blocks).
fn seccomp_pipe(filter: &[u8]) -> anyhow::Result<std::io::PipeReader> {
    use std::io::Write as _;
    let (reader, mut writer) = std::io::pipe().context("creating the seccomp pipe")?;
    writer
        .write_all(filter)
        .context("writing the seccomp filter")?;
    Ok(reader)
}

/// Reads stdout, stderr and the channel, enforcing the output cap and the CPU and wall limits,
/// until the run ends or is stopped.
async fn watch(
    child: &mut tokio::process::Child,
    group: &cgroup::RunGroup,
    channel: std::io::PipeReader,
    request: &RunRequest,
    cpu: Duration,
    wall: Duration,
) -> anyhow::Result<Watched> {
    let mut stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
    let mut stderr = child.stderr.take().ok_or_else(|| anyhow!("no stderr"))?;
    let mut channel = tokio::net::unix::pipe::Receiver::from_owned_fd(channel.into())
        .context("watching the result channel")?;
    let total_cap = request.caps.total_bytes;
    let mut output_total = 0usize;
    let mut stderr_tail: Vec<u8> = Vec::new();
    let mut channel_bytes = Vec::new();
    let (mut out_open, mut err_open, mut chan_open) = (true, true, true);
    let mut buf_out = vec![0u8; 64 * 1024];
    let mut buf_err = vec![0u8; 16 * 1024];
    let mut buf_chan = vec![0u8; 64 * 1024];
    let deadline = tokio::time::Instant::now() + wall;
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut stopped = None;
    while out_open || err_open || chan_open {
        tokio::select! {
            n = stdout.read(&mut buf_out), if out_open => {
                let n = n.unwrap_or(0);
                if n == 0 { out_open = false; }
                output_total += n;
            }
            n = stderr.read(&mut buf_err), if err_open => {
                let n = n.unwrap_or(0);
                if n == 0 { err_open = false; }
                output_total += n;
                stderr_tail.extend_from_slice(&buf_err[..n]);
                if stderr_tail.len() > 2 * STDERR_TAIL {
                    stderr_tail.drain(..stderr_tail.len() - STDERR_TAIL);
                }
            }
            n = channel.read(&mut buf_chan), if chan_open => {
                let n = n.unwrap_or(0);
                if n == 0 { chan_open = false; }
                channel_bytes.extend_from_slice(&buf_chan[..n]);
                if channel_bytes.len() > CHANNEL_CAP {
                    stopped = Some(Stopped::Output);
                }
            }
            () = tokio::time::sleep_until(deadline) => {
                stopped = Some(Stopped::Wall);
            }
            _ = tick.tick() => {
                if group.cpu_used() > cpu {
                    stopped = Some(Stopped::Cpu);
                }
            }
        }
        if output_total > total_cap {
            stopped = Some(Stopped::Output);
        }
        if stopped.is_some() {
            break;
        }
    }
    if stopped.is_none() && group.cpu_used() > cpu {
        stopped = Some(Stopped::Cpu);
    }
    if stderr_tail.len() > STDERR_TAIL {
        stderr_tail.drain(..stderr_tail.len() - STDERR_TAIL);
    }
    Ok(Watched {
        stopped,
        channel: channel_bytes,
        stderr_tail: String::from_utf8_lossy(&stderr_tail).into_owned(),
    })
}

/// Turns what the supervisor saw into a verdict, or an infrastructure error when the harness
/// never started.
fn judge(observed: &Observed, language: Language) -> Result<Verdict, RunnerError> {
    let Watched {
        stopped,
        channel,
        stderr_tail,
    } = &observed.watched;
    match stopped {
        Some(Stopped::Output) => return Ok(Verdict::OutputLimit),
        Some(Stopped::Cpu) => {
            return Ok(Verdict::TimeLimit {
                kind: TimeLimitKind::Cpu,
            });
        }
        Some(Stopped::Wall) => {
            return Ok(Verdict::TimeLimit {
                kind: TimeLimitKind::Wall,
            });
        }
        None => {}
    }
    let node_heap = language == Language::JavaScript
        && (stderr_tail.contains("heap out of memory")
            || stderr_tail.contains("Allocation failed"));
    if observed.oom || node_heap {
        return Ok(Verdict::MemoryLimit);
    }
    let text = String::from_utf8_lossy(channel);
    let mut started = false;
    let mut done = false;
    let mut tests = Vec::new();
    for line in text.lines() {
        let Ok(event) = serde_json::from_str::<Event>(line) else {
            continue;
        };
        match event {
            Event::Start => started = true,
            Event::Test {
                name,
                passed,
                message,
                output,
            } => tests.push(TestOutcome {
                name,
                passed,
                message,
                output,
                hidden: false,
            }),
            Event::CompileError { message, line } => {
                return Ok(Verdict::CompileError { message, line });
            }
            Event::RuntimeError { message } => return Ok(Verdict::RuntimeError { message }),
            Event::HarnessError { message } => {
                return Err(RunnerError::Infrastructure(anyhow!(
                    "harness failed: {message}"
                )));
            }
            Event::Done => done = true,
        }
    }
    if !started {
        return Err(RunnerError::Infrastructure(anyhow!(
            "the sandbox did not start (status {:?}): {}",
            observed.status,
            stderr_tail.trim()
        )));
    }
    if done {
        return Ok(Verdict::from_tests(tests));
    }
    // The learner's code ended the process in the middle of the tests.
    // bubblewrap reports a child killed by signal n as exit code 128 + n.
    let signal = observed.status.and_then(|s| {
        std::os::unix::process::ExitStatusExt::signal(&s)
            .or_else(|| s.code().filter(|c| *c > 128).map(|c| c - 128))
    });
    if let Some(signal) = signal {
        if signal == libc::SIGXCPU {
            return Ok(Verdict::TimeLimit {
                kind: TimeLimitKind::Cpu,
            });
        }
        if signal == libc::SIGXFSZ {
            return Ok(Verdict::OutputLimit);
        }
    }
    let during = tests.len() + 1;
    let status = observed
        .status
        .map_or_else(|| "an unknown status".to_owned(), |s| s.to_string());
    let mut message = format!("The program stopped during test {during} ({status}).");
    let tail = stderr_tail.trim();
    if !tail.is_empty() {
        message.push('\n');
        message.push_str(tail);
    }
    Ok(Verdict::RuntimeError { message })
}

/// The runner used where the sandbox cannot be set up: every check and run answers
/// [`RunnerError::Unavailable`] with the reason, so code is refused instead of run
/// unsandboxed.
#[derive(Debug, Clone)]
pub struct UnavailableRunner {
    reason: String,
}

impl UnavailableRunner {
    /// A runner that refuses with `reason`.
    #[must_use]
    pub fn new(reason: String) -> Self {
        Self { reason }
    }
}

#[async_trait]
impl CodeRunner for UnavailableRunner {
    async fn self_check(&self) -> Result<(), RunnerError> {
        Err(RunnerError::Unavailable(self.reason.clone()))
    }

    async fn run(&self, _request: RunRequest) -> Result<Verdict, RunnerError> {
        Err(RunnerError::Unavailable(self.reason.clone()))
    }
}

#[async_trait]
impl CodeRunner for BwrapRunner {
    async fn self_check(&self) -> Result<(), RunnerError> {
        for (language, code, test) in [
            (
                Language::Python,
                "def answer():\n    return 42\n",
                mentor_exercises::SourceFile {
                    name: "test_check.py".to_owned(),
                    content: "import unittest\nfrom main import answer\n\nclass T(unittest.TestCase):\n    def test_answer(self):\n        self.assertEqual(answer(), 42)\n".to_owned(),
                },
            ),
            (
                Language::JavaScript,
                "module.exports = { answer: () => 42 };\n",
                mentor_exercises::SourceFile {
                    name: "check.test.js".to_owned(),
                    content: "const test = require(\"node:test\");\nconst assert = require(\"node:assert/strict\");\nconst { answer } = require(\"./main.js\");\ntest(\"answer\", () => assert.equal(answer(), 42));\n".to_owned(),
                },
            ),
        ] {
            let verdict = self
                .run(RunRequest {
                    language,
                    code: code.to_owned(),
                    tests: vec![test],
                    limits: mentor_exercises::Limits {
                        cpu_ms: 5_000,
                        wall_ms: 15_000,
                        memory_mb: 256,
                    },
                    caps: mentor_exercises::OutputCaps::default(),
                })
                .await
                .map_err(|e| RunnerError::Unavailable(format!("{language:?} self-check: {e:#}")))?;
            if !verdict.passed() {
                return Err(RunnerError::Unavailable(format!(
                    "{language:?} self-check gave {verdict:?}"
                )));
            }
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(language = ?request.language))]
    async fn run(&self, request: RunRequest) -> Result<Verdict, RunnerError> {
        let _slot = self
            .inner
            .slots
            .acquire()
            .await
            .map_err(|e| RunnerError::Infrastructure(anyhow!(e)))?;
        let observed = self.supervise(&request).await?;
        let verdict = judge(&observed, request.language);
        tracing::debug!(
            elapsed_ms = observed.elapsed.as_millis(),
            verdict = verdict.as_ref().map_or("error", Verdict::kind),
            "sandboxed run"
        );
        verdict
    }
}
