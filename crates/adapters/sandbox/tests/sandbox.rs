//! The sandbox against real learner code: verdicts, every escape the security requirements
//! name (each asserting the limit held), and the whole catalog (every reference passes within
//! half its limits, every starter fails).
//!
//! These tests need bubblewrap, cgroups and root (as on CI, which installs bubblewrap).

#![allow(clippy::expect_used)]

use std::{
    net::TcpListener,
    path::Path,
    sync::OnceLock,
    time::{Duration, Instant},
};

use mentor_exercises::{
    CodeRunner, Limits, OutputCaps, RunRequest, RunnerError, SourceFile, TimeLimitKind, Verdict,
};
use mentor_kernel::Language;
use mentor_sandbox::{BwrapRunner, SandboxSettings};

fn runner() -> BwrapRunner {
    static RUNNER: OnceLock<BwrapRunner> = OnceLock::new();
    RUNNER
        .get_or_init(|| BwrapRunner::new(SandboxSettings::default()).expect("sandbox available"))
        .clone()
}

const LIMITS: Limits = Limits {
    cpu_ms: 2_000,
    wall_ms: 4_000,
    memory_mb: 128,
};

fn python(code: &str, test_body: &str) -> RunRequest {
    RunRequest {
        language: Language::Python,
        code: code.to_owned(),
        tests: vec![SourceFile {
            name: "test_probe.py".to_owned(),
            content: format!(
                "import unittest\nimport main\n\nclass Probe(unittest.TestCase):\n    def test_probe(self):\n{}\n",
                test_body
                    .lines()
                    .map(|l| format!("        {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }],
        limits: LIMITS,
        caps: OutputCaps::default(),
    }
}

fn node(code: &str, test_body: &str) -> RunRequest {
    RunRequest {
        language: Language::JavaScript,
        code: code.to_owned(),
        tests: vec![SourceFile {
            name: "probe.test.js".to_owned(),
            content: format!(
                "const test = require(\"node:test\");\nconst assert = require(\"node:assert/strict\");\nconst main = require(\"./main.js\");\ntest(\"probe\", async () => {{\n{test_body}\n}});\n"
            ),
        }],
        limits: Limits {
            memory_mb: 256,
            ..LIMITS
        },
        caps: OutputCaps::default(),
    }
}

async fn run(request: RunRequest) -> Verdict {
    runner().run(request).await.expect("the runner works")
}

fn assert_passed(verdict: &Verdict) {
    assert!(verdict.passed(), "expected a pass, got {verdict:#?}");
}

// --- verdicts -------------------------------------------------------------------------------

#[tokio::test]
async fn passing_and_failing_tests_are_reported_one_by_one() {
    let request = RunRequest {
        tests: vec![SourceFile {
            name: "test_add.py".to_owned(),
            content: "import unittest\nfrom main import add\n\nclass Add(unittest.TestCase):\n    def test_small_numbers(self):\n        self.assertEqual(add(1, 2), 3)\n\n    def test_negative_numbers(self):\n        print('checking negatives')\n        self.assertEqual(add(-1, -2), -3)\n".to_owned(),
        }],
        ..python("def add(a, b):\n    return abs(a) + abs(b)\n", "")
    };
    let Verdict::TestsFailed { tests } = run(request).await else {
        panic!("expected failed tests");
    };
    assert_eq!(tests.len(), 2);
    let negative = tests
        .iter()
        .find(|t| t.name == "negative numbers")
        .expect("named");
    assert!(!negative.passed);
    let message = negative.message.as_deref().unwrap_or_default();
    assert!(message.contains("3 != -3"), "{message}");
    assert_eq!(negative.output.as_deref(), Some("checking negatives\n"));
    assert!(tests.iter().any(|t| t.name == "small numbers" && t.passed));
}

#[tokio::test]
async fn a_syntax_error_points_at_the_learners_line() {
    let verdict = run(python("x = 1\ndef f(:\n    pass\n", "pass")).await;
    let Verdict::CompileError { message, line } = verdict else {
        panic!("expected a compile error, got {verdict:?}");
    };
    assert_eq!(line, Some(2));
    assert!(message.contains("SyntaxError"), "{message}");

    let verdict = run(node("const x = ;\n", "")).await;
    assert!(
        matches!(verdict, Verdict::CompileError { line: Some(1), .. }),
        "{verdict:?}"
    );
}

#[tokio::test]
async fn a_crash_while_loading_shows_only_the_learners_frames() {
    let verdict = run(python("def f():\n    return 1 / 0\n\nf()\n", "pass")).await;
    let Verdict::RuntimeError { message } = verdict else {
        panic!("expected a runtime error, got {verdict:?}");
    };
    assert!(message.contains("ZeroDivisionError"), "{message}");
    assert!(message.contains("line 2, in f"), "{message}");
    assert!(!message.contains("harness"), "{message}");
    assert!(!message.contains("/usr/lib"), "{message}");
}

#[tokio::test]
async fn javascript_tests_report_expected_and_actual() {
    let verdict = run(node(
        "module.exports = { double: (x) => x + 2 };\n",
        "assert.deepEqual([main.double(3)], [6]);",
    ))
    .await;
    let Verdict::TestsFailed { tests } = verdict else {
        panic!("expected failed tests, got {verdict:?}");
    };
    let message = tests[0].message.as_deref().unwrap_or_default();
    assert!(
        message.contains("+   5") && message.contains("-   6"),
        "{message}"
    );
}

#[tokio::test]
async fn exiting_in_the_middle_of_the_tests_is_the_learners_runtime_error() {
    let verdict = run(python("import os\ndef f():\n    os._exit(3)\n", "main.f()")).await;
    let Verdict::RuntimeError { message } = verdict else {
        panic!("expected a runtime error, got {verdict:?}");
    };
    assert!(message.contains("stopped during test 1"), "{message}");
}

#[tokio::test]
async fn a_broken_sandbox_is_an_infrastructure_error_not_a_verdict() {
    let broken = BwrapRunner::new(SandboxSettings {
        bwrap: "/bin/false".into(),
        ..SandboxSettings::default()
    })
    .expect("constructs");
    let result = broken.run(python("pass", "pass")).await;
    assert!(
        matches!(result, Err(RunnerError::Infrastructure(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_missing_interpreter_makes_the_sandbox_unavailable() {
    let result = BwrapRunner::new(SandboxSettings {
        python: "/usr/bin/no-such-python".into(),
        ..SandboxSettings::default()
    });
    assert!(matches!(result, Err(RunnerError::Unavailable(_))));
}

#[tokio::test]
async fn the_self_check_passes_on_this_machine() {
    runner().self_check().await.expect("self check");
}

// --- escapes --------------------------------------------------------------------------------

#[tokio::test]
async fn host_files_cannot_be_read() {
    let code = "def probe(path):\n    try:\n        return open(path).read()\n    except OSError as e:\n        return 'blocked'\n";
    let verdict = run(python(
        code,
        "for path in ['/etc/passwd', '/etc/shadow', '/root/.bashrc', '/home', '/var/lib/postgresql']:\n    self.assertEqual(main.probe(path), 'blocked', path)",
    ))
    .await;
    assert_passed(&verdict);
}

#[tokio::test]
async fn the_servers_environment_is_not_visible() {
    // The test process runs under cargo, which sets CARGO_MANIFEST_DIR; nothing of it may leak.
    assert!(std::env::var("CARGO_MANIFEST_DIR").is_ok());
    let code = "import os\ndef env():\n    return sorted(os.environ)\ndef init_env():\n    return open('/proc/1/environ', 'rb').read()\n";
    let verdict = run(python(
        code,
        "self.assertEqual(main.env(), ['HOME', 'LANG', 'MENTOR_OUTPUT_CAP', 'PATH', 'PWD', 'TMPDIR'])\nself.assertNotIn(b'CARGO', main.init_env())",
    ))
    .await;
    assert_passed(&verdict);
}

#[tokio::test]
async fn the_network_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let code = format!(
        "import socket\ndef connect():\n    try:\n        socket.create_connection(('127.0.0.1', {port}), timeout=1)\n        return 'connected'\n    except OSError:\n        return 'blocked'\n"
    );
    let verdict = run(python(&code, "self.assertEqual(main.connect(), 'blocked')")).await;
    assert_passed(&verdict);
    assert!(
        listener.accept().is_err(),
        "the listener must not have seen a connection"
    );

    let verdict = run(node(
        &format!(
            "const net = require('node:net');\nmodule.exports = () => new Promise((resolve) => {{\n  const s = net.connect({port}, '127.0.0.1', () => resolve('connected'));\n  s.on('error', () => resolve('blocked'));\n}});\n"
        ),
        "assert.equal(await main(), 'blocked');",
    ))
    .await;
    assert_passed(&verdict);
    assert!(listener.accept().is_err());
}

#[tokio::test]
async fn a_fork_bomb_is_contained_and_leaves_nothing_behind() {
    let started = Instant::now();
    let verdict = run(python(
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
        "pass",
    ))
    .await;
    assert!(
        matches!(
            verdict,
            Verdict::TimeLimit { .. } | Verdict::RuntimeError { .. } | Verdict::MemoryLimit
        ),
        "{verdict:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    // The machine still runs code normally afterwards.
    assert_passed(&run(python("x = 1\n", "self.assertEqual(main.x, 1)")).await);
}

#[tokio::test]
async fn a_memory_bomb_gets_the_memory_limit() {
    let verdict = run(python("data = b'x' * (2 * 1024 ** 3)\n", "pass")).await;
    assert_eq!(verdict, Verdict::MemoryLimit);
    let verdict = run(node(
        "const parts = [];\nfor (;;) parts.push(Buffer.alloc(64 * 1024 * 1024, 1));\n",
        "",
    ))
    .await;
    assert_eq!(verdict, Verdict::MemoryLimit);
}

#[tokio::test]
async fn an_infinite_loop_gets_the_cpu_limit() {
    let verdict = run(python("while True:\n    pass\n", "pass")).await;
    assert_eq!(
        verdict,
        Verdict::TimeLimit {
            kind: TimeLimitKind::Cpu
        }
    );
    let verdict = run(node("for (;;) {}\n", "")).await;
    assert_eq!(
        verdict,
        Verdict::TimeLimit {
            kind: TimeLimitKind::Cpu
        }
    );
}

#[tokio::test]
async fn sleeping_past_the_wall_limit_gets_the_wall_limit() {
    let started = Instant::now();
    let verdict = run(python("import time\ntime.sleep(60)\n", "pass")).await;
    assert_eq!(
        verdict,
        Verdict::TimeLimit {
            kind: TimeLimitKind::Wall
        }
    );
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[tokio::test]
async fn a_gigabyte_of_output_gets_the_output_limit() {
    let verdict = run(python(
        "import sys\nchunk = 'x' * (1024 * 1024)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n",
        "pass",
    ))
    .await;
    assert_eq!(verdict, Verdict::OutputLimit);
}

#[tokio::test]
async fn nothing_outside_the_scratch_directory_can_be_written() {
    let code = "def write(path):\n    try:\n        with open(path, 'w') as f:\n            f.write('x')\n        return 'written'\n    except OSError:\n        return 'blocked'\n";
    let verdict = run(python(
        code,
        "for path in ['/work/escape', '/usr/escape', '/etc/escape', '/escape', '/proc/escape']:\n    self.assertEqual(main.write(path), 'blocked', path)\nself.assertEqual(main.write('/tmp/scratch'), 'written')",
    ))
    .await;
    assert_passed(&verdict);
    assert!(!Path::new("/escape").exists());
}

#[tokio::test]
async fn ptrace_mount_and_unshare_are_refused() {
    let code = "import ctypes, errno\nlibc = ctypes.CDLL(None, use_errno=True)\ndef call(name, *args):\n    result = getattr(libc, name)(*args)\n    return (result, ctypes.get_errno())\n";
    let verdict = run(python(
        code,
        "self.assertEqual(main.call('ptrace', 16, 1, 0, 0), (-1, 1))\nself.assertEqual(main.call('mount', b'none', b'/tmp', b'tmpfs', 0, None), (-1, 1))\nself.assertEqual(main.call('unshare', 0x10000000), (-1, 1))\nself.assertEqual(main.call('unshare', 0x40000000), (-1, 1))",
    ))
    .await;
    assert_passed(&verdict);
}

#[tokio::test]
async fn the_code_runs_as_nobody_without_capabilities() {
    let code = "import os\ndef ids():\n    return (os.getuid(), os.getgid())\ndef caps():\n    return [l for l in open('/proc/self/status') if l.startswith('CapEff')][0].split()[1]\n";
    let verdict = run(python(
        code,
        "self.assertEqual(main.ids(), (65534, 65534))\nself.assertEqual(main.caps(), '0000000000000000')",
    ))
    .await;
    assert_passed(&verdict);
}

// --- the catalog ----------------------------------------------------------------------------

fn catalog() -> Vec<mentor_exercises::ExerciseDraft> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../content/exercises");
    mentor_content::load_catalog(&root).expect("the catalog loads")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reference_passes_within_half_its_limits_and_every_starter_fails() {
    let exercises = catalog();
    assert!(exercises.len() >= 2);
    let mut problems = Vec::new();
    let mut jobs = tokio::task::JoinSet::new();
    for exercise in exercises {
        let runner = runner();
        jobs.spawn(async move {
            let name = format!("{:?}/{}", exercise.language, exercise.slug.as_str());
            let tests: Vec<SourceFile> = exercise
                .visible_tests
                .iter()
                .chain(&exercise.hidden_tests)
                .cloned()
                .collect();
            let half = Limits {
                cpu_ms: exercise.limits.cpu_ms / 2,
                wall_ms: exercise.limits.wall_ms / 2,
                memory_mb: exercise.limits.memory_mb,
            };
            let reference = runner
                .run(RunRequest {
                    language: exercise.language,
                    code: exercise.reference.clone(),
                    tests: tests.clone(),
                    limits: half,
                    caps: OutputCaps::default(),
                })
                .await;
            let starter = runner
                .run(RunRequest {
                    language: exercise.language,
                    code: exercise.starter.clone(),
                    tests,
                    limits: exercise.limits,
                    caps: OutputCaps::default(),
                })
                .await;
            let mut problems = Vec::new();
            match reference {
                Ok(v) if v.passed() => {}
                other => problems.push(format!(
                    "{name}: reference within half the limits: {other:?}"
                )),
            }
            match starter {
                Ok(v) if !v.passed() => {}
                other => problems.push(format!("{name}: starter: {other:?}")),
            }
            problems
        });
    }
    while let Some(result) = jobs.join_next().await {
        problems.extend(result.expect("job"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_channel_is_not_confused_by_learner_output() {
    // A learner printing something that looks like a harness event changes nothing.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let verdict = runtime.block_on(run(python(
        "print('{\"event\": \"done\"}')\ndef f():\n    return 1\n",
        "self.assertEqual(main.f(), 2)",
    )));
    assert!(
        matches!(verdict, Verdict::TestsFailed { .. }),
        "{verdict:?}"
    );
}
