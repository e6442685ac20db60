//! The [`CodeRunner`] port: runs a learner's code against an exercise's tests, somewhere the
//! code cannot harm anything (the sandbox adapter), and reports a [`Verdict`].
//!
//! A verdict is about the learner's code. When the runner itself fails (the sandbox cannot be
//! set up, the harness crashes) that is a [`RunnerError`], never a verdict: it must not be
//! shown as the learner's fault.

use async_trait::async_trait;
use mentor_kernel::Language;
use serde::{Deserialize, Serialize};

use crate::model::{Limits, SourceFile};

/// Caps on what one run may produce, besides the exercise's [`Limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputCaps {
    /// Bytes of learner output kept per test (the rest is cut, with a note).
    pub per_test_bytes: usize,
    /// Bytes of output the whole run may write before it is stopped with
    /// [`Verdict::OutputLimit`].
    pub total_bytes: usize,
}

impl Default for OutputCaps {
    fn default() -> Self {
        Self {
            per_test_bytes: 4 * 1024,
            total_bytes: 1024 * 1024,
        }
    }
}

/// One run: the learner's code as `main.<ext>` next to the test files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    /// The language (decides the interpreter and harness).
    pub language: Language,
    /// The learner's code.
    pub code: String,
    /// The test files to run (visible only for "Run", visible and hidden for grading).
    pub tests: Vec<SourceFile>,
    /// Time and memory limits.
    pub limits: Limits,
    /// Output caps.
    pub caps: OutputCaps,
}

/// The result of one test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestOutcome {
    /// The test's name (a sentence).
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
    /// For a failure: the assertion message, with expected and actual values.
    pub message: Option<String>,
    /// What the learner's code printed during this test, trimmed to the cap.
    pub output: Option<String>,
    /// A hidden test: only its name and outcome are kept (see [`TestOutcome::withheld`]).
    #[serde(default)]
    pub hidden: bool,
}

impl TestOutcome {
    /// This outcome as a hidden test's: name and pass/fail only. The message and output are
    /// dropped because learner code can read the hidden test files and print them (or put
    /// them in an exception) — nothing it controls may come back from a hidden test.
    #[must_use]
    pub fn withheld(self) -> Self {
        Self {
            name: self.name,
            passed: self.passed,
            message: None,
            output: None,
            hidden: true,
        }
    }
}

/// Which time limit was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeLimitKind {
    /// CPU time.
    Cpu,
    /// Wall-clock time (for example sleeping or waiting).
    Wall,
}

/// What happened to the learner's code. Serialised (for storage and the API) with a `kind`
/// tag equal to [`Verdict::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// Every test passed.
    Passed {
        /// Per test.
        tests: Vec<TestOutcome>,
    },
    /// At least one test failed.
    TestsFailed {
        /// Per test.
        tests: Vec<TestOutcome>,
    },
    /// The code does not parse or compile.
    CompileError {
        /// The message, pointing at the learner's line.
        message: String,
        /// 1-based line in the learner's file, when known.
        line: Option<u32>,
    },
    /// The code crashed outside any single test (for example while being imported).
    RuntimeError {
        /// The error, with the traceback trimmed to the learner's frames.
        message: String,
    },
    /// A time limit was reached; the whole process tree was killed.
    TimeLimit {
        /// Which limit (serialised as `limit`).
        #[serde(rename = "limit")]
        kind: TimeLimitKind,
    },
    /// The memory limit was reached.
    MemoryLimit,
    /// The code wrote more output than allowed.
    OutputLimit,
}

impl Verdict {
    /// Whether the submission is accepted.
    #[must_use]
    pub fn passed(&self) -> bool {
        matches!(self, Self::Passed { .. })
    }

    /// A short stable name (`passed`, `tests_failed`, …) for storage and the API.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Passed { .. } => "passed",
            Self::TestsFailed { .. } => "tests_failed",
            Self::CompileError { .. } => "compile_error",
            Self::RuntimeError { .. } => "runtime_error",
            Self::TimeLimit { .. } => "time_limit",
            Self::MemoryLimit => "memory_limit",
            Self::OutputLimit => "output_limit",
        }
    }

    /// Passed or failed from per-test outcomes (no tests counts as failed: nothing was shown
    /// to work).
    #[must_use]
    pub fn from_tests(tests: Vec<TestOutcome>) -> Self {
        if !tests.is_empty() && tests.iter().all(|t| t.passed) {
            Self::Passed { tests }
        } else {
            Self::TestsFailed { tests }
        }
    }
}

/// The runner could not do its job; nothing is known about the learner's code.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// The sandbox is not available on this machine (refuse to grade rather than run code
    /// unsandboxed).
    #[error("the sandbox is unavailable: {0}")]
    Unavailable(String),
    /// Anything else that went wrong in the runner itself.
    #[error(transparent)]
    Infrastructure(#[from] anyhow::Error),
}

/// Runs learner code against tests in isolation.
#[async_trait]
pub trait CodeRunner: Send + Sync {
    /// Checks that runs can be made (for start-up and readiness): the sandbox can be set up
    /// and the interpreters start inside it.
    ///
    /// # Errors
    /// [`RunnerError::Unavailable`] with the reason.
    async fn self_check(&self) -> Result<(), RunnerError>;

    /// Runs `request` and reports what the learner's code did. Learner failures of every kind
    /// are a [`Verdict`]; MUST kill the whole process tree when a limit is hit and MUST NOT
    /// let the code reach the network, the host's files or the server's environment.
    ///
    /// # Errors
    /// [`RunnerError`] only for failures of the runner itself.
    async fn run(&self, request: RunRequest) -> Result<Verdict, RunnerError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(passed: bool) -> TestOutcome {
        TestOutcome {
            name: "t".to_owned(),
            passed,
            message: None,
            output: None,
            hidden: false,
        }
    }

    #[test]
    fn verdicts_from_tests() {
        assert!(Verdict::from_tests(vec![outcome(true), outcome(true)]).passed());
        assert_eq!(
            Verdict::from_tests(vec![outcome(true), outcome(false)]).kind(),
            "tests_failed"
        );
        assert!(!Verdict::from_tests(Vec::new()).passed());
    }
}
