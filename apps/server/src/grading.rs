//! Grading at run time: the sandbox's health (checked at start-up, re-checked by readiness),
//! the pool of workers that consume the grading queue, and the in-process signals between
//! them and the HTTP handlers (a submission wakes the workers; a finished job wakes the
//! handlers waiting on it). Several processes can share the queue: the signals only shorten
//! waits, every wait also polls the store.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mentor_exercises::{GradeStep, GradingService};
use mentor_kernel::SubmissionId;
use tokio::sync::{Notify, broadcast, watch};
use tokio::task::JoinHandle;

/// How long a readiness answer about the sandbox is reused before it is checked again.
const RECHECK_AFTER: Duration = Duration::from_secs(30);
/// How often the outbox sweeper publishes again "submission graded" events that were not
/// delivered (ADR 0010).
const REPUBLISH_EVERY: Duration = Duration::from_secs(30);
/// Events read per page of a sweep (a sweep goes through every page).
const REPUBLISH_PAGE: u64 = 200;

/// Whether learner code can be run here: the result of the sandbox's self-check, re-run at
/// most every [`RECHECK_AFTER`] by readiness probes. Grading and "Run" are refused while it
/// failed, never done unsandboxed.
#[derive(Debug)]
pub struct SandboxHealth {
    grading: Arc<GradingService>,
    first: tokio::sync::OnceCell<()>,
    last: Mutex<(Option<Instant>, Result<(), String>)>,
}

impl SandboxHealth {
    /// Not checked yet (and so not usable until [`Self::check_now`]).
    #[must_use]
    pub fn unchecked(grading: Arc<GradingService>) -> Arc<Self> {
        Arc::new(Self {
            grading,
            first: tokio::sync::OnceCell::new(),
            last: Mutex::new((None, Err("the sandbox has not been checked yet".to_owned()))),
        })
    }

    /// The state, after the first check (run now, once, if it has not been).
    ///
    /// # Errors
    /// The reason the sandbox cannot be used.
    pub async fn ready(&self) -> Result<(), String> {
        self.first
            .get_or_init(|| async {
                let _ = self.check_now().await;
            })
            .await;
        self.current()
    }

    /// Runs the self-check now and logs the outcome (start-up of `serve` and `worker`).
    ///
    /// # Errors
    /// The reason the sandbox cannot be used.
    pub async fn check_now(&self) -> Result<(), String> {
        let outcome = self.grading.self_check().await.map_err(|e| e.to_string());
        match &outcome {
            Ok(()) => tracing::info!("sandbox ready: Python and JavaScript run isolated"),
            Err(reason) => tracing::error!(
                reason = %reason,
                "the sandbox cannot be set up: grading and Run are refused until it is fixed \
                 (see docs/operations.md, section Sandbox); learner code is never run unsandboxed"
            ),
        }
        if let Ok(mut last) = self.last.lock() {
            *last = (Some(Instant::now()), outcome.clone());
        }
        outcome
    }

    /// The last known state (no new check): `Err(reason)` while the sandbox is unusable.
    ///
    /// # Errors
    /// The reason the sandbox cannot be used.
    pub fn current(&self) -> Result<(), String> {
        self.last
            .lock()
            .map_or_else(|p| p.into_inner().1.clone(), |last| last.1.clone())
    }

    /// The state, checked again when the last check is older than [`RECHECK_AFTER`].
    ///
    /// # Errors
    /// The reason the sandbox cannot be used.
    pub async fn probe(&self) -> Result<(), String> {
        let fresh = self
            .last
            .lock()
            .map(|last| last.0.is_some_and(|at| at.elapsed() < RECHECK_AFTER))
            .unwrap_or(false);
        if fresh {
            return self.current();
        }
        let outcome = self.grading.self_check().await.map_err(|e| e.to_string());
        if let Ok(mut last) = self.last.lock() {
            *last = (Some(Instant::now()), outcome.clone());
        }
        outcome
    }
}

/// Signals between request handlers and workers in this process.
#[derive(Debug, Clone)]
pub struct GradingSignals {
    /// Wakes idle workers (a submission was stored).
    pub work: Arc<Notify>,
    /// Says a submission's state changed (a worker finished with it).
    pub changed: broadcast::Sender<SubmissionId>,
}

impl Default for GradingSignals {
    fn default() -> Self {
        Self {
            work: Arc::new(Notify::new()),
            changed: broadcast::channel(256).0,
        }
    }
}

/// A running pool of grading workers.
#[derive(Debug)]
pub struct Workers {
    stop: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts `count` workers over `grading`. They begin once the sandbox's first check
    /// passed (and never if it failed). Each grades one submission at a time; an idle worker
    /// sleeps until woken by `signals.work` or `poll` passes.
    #[must_use]
    pub fn start(
        count: usize,
        grading: &Arc<GradingService>,
        sandbox: &Arc<SandboxHealth>,
        signals: &GradingSignals,
        poll: Duration,
    ) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut handles: Vec<JoinHandle<()>> = (0..count)
            .map(|n| {
                let (grading, sandbox, signals, stopped) = (
                    grading.clone(),
                    sandbox.clone(),
                    signals.clone(),
                    stopped.clone(),
                );
                tokio::spawn(async move {
                    if wait_for_sandbox(&sandbox, stopped.clone()).await {
                        work(n, grading, signals, poll, stopped).await;
                    }
                })
            })
            .collect();
        if count > 0 {
            handles.push(tokio::spawn(sweep_outbox(grading.clone(), stopped)));
            tracing::info!(workers = count, "grading workers started");
        }
        Self { stop, handles }
    }

    /// Asks every worker to stop after its current submission and waits up to `budget` for
    /// them. A worker still busy then is abandoned: its lease runs out and another worker
    /// grades the submission again, so nothing is lost.
    pub async fn stop(self, budget: Duration) {
        let _ = self.stop.send(true);
        let all = join_all(self.handles);
        if tokio::time::timeout(budget, all).await.is_err() {
            tracing::warn!(
                "grading workers still busy at shutdown; their submissions are graded again after the lease"
            );
        }
    }
}

/// Waits until the sandbox works (checking again every [`RECHECK_AFTER`]), so that workers
/// start grading once an operator fixes it without a restart; false when stopped first.
async fn wait_for_sandbox(sandbox: &SandboxHealth, mut stopped: watch::Receiver<bool>) -> bool {
    if sandbox.ready().await.is_ok() {
        return true;
    }
    loop {
        tokio::select! {
            () = tokio::time::sleep(RECHECK_AFTER) => {}
            _ = stopped.changed() => return false,
        }
        if *stopped.borrow() {
            return false;
        }
        if sandbox.probe().await.is_ok() {
            tracing::info!("the sandbox works now; grading workers start");
            return true;
        }
    }
}

/// One per process with workers: every [`REPUBLISH_EVERY`], publishes again every event that
/// was not delivered, page by page (a page that fails to deliver is skipped over, not
/// retried in a loop), stopping between pages when asked. Several processes may sweep the
/// same rows at once; progress ignores an event it has recorded.
async fn sweep_outbox(grading: Arc<GradingService>, mut stopped: watch::Receiver<bool>) {
    loop {
        let mut after = None;
        loop {
            if *stopped.borrow() {
                return;
            }
            match grading.republish(after, REPUBLISH_PAGE).await {
                Ok((_, Some(next))) => after = Some(next),
                Ok((_, None)) => break,
                Err(error) => {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        "publishing undelivered events failed; trying again later"
                    );
                    break;
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(REPUBLISH_EVERY) => {}
            _ = stopped.changed() => {}
        }
    }
}

async fn join_all(handles: Vec<JoinHandle<()>>) {
    for handle in handles {
        let _ = handle.await;
    }
}

async fn work(
    n: usize,
    grading: Arc<GradingService>,
    signals: GradingSignals,
    poll: Duration,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        if *stopped.borrow() {
            break;
        }
        let finished = match grading.grade_next().await {
            Ok(GradeStep::Idle) => None,
            Ok(GradeStep::Graded(id)) => Some((id, "graded")),
            Ok(GradeStep::Released(id)) => Some((id, "released")),
            Ok(GradeStep::LostLease(id)) => Some((id, "lost_lease")),
            Err(error) => {
                metrics::counter!("mentor_grading_jobs_total", "outcome" => "error").increment(1);
                tracing::warn!(
                    worker = n,
                    error = format!("{error:#}"),
                    "grading step failed; retrying after a pause"
                );
                None
            }
        };
        let idle = finished.is_none();
        if let Some((id, outcome)) = finished {
            metrics::counter!("mentor_grading_jobs_total", "outcome" => outcome).increment(1);
            let _ = signals.changed.send(id);
        }
        if idle {
            tokio::select! {
                () = signals.work.notified() => {}
                () = tokio::time::sleep(poll) => {}
                _ = stopped.changed() => {}
            }
        }
    }
    tracing::debug!(worker = n, "grading worker stopped");
}
