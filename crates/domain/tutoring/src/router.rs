//! Provider routing: an ordered list of providers, each behind a circuit breaker. A request
//! goes to the first provider whose circuit admits it; a transient failure *before the first
//! event* is retried on the same provider with jittered exponential back-off, then the next
//! provider is tried. Once the first event has arrived the answer belongs to that provider:
//! a failure later in the stream is passed on, never retried (the learner has seen text).
//!
//! A circuit opens after `failure_threshold` consecutive failed requests and stays open for
//! `open_for`; then one request is let through as a probe (half-open): success closes the
//! circuit, failure opens it again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{StreamExt as _, stream};
use tokio::time::Instant;

use crate::model::{LanguageModel, ModelError, ModelRequest, ModelStream};

/// How the router retries and when circuits open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterSettings {
    /// Attempts per provider for transient failures before the first event (at least 1).
    pub attempts_per_provider: u32,
    /// The first back-off; each further one doubles (each jittered to 50–150 %).
    pub backoff: Duration,
    /// The longest wait for a provider's `Retry-After`; a longer one moves on at once.
    pub max_retry_after: Duration,
    /// Consecutive failed requests that open a provider's circuit.
    pub failure_threshold: u32,
    /// How long an open circuit refuses requests before a probe.
    pub open_for: Duration,
}

impl Default for RouterSettings {
    fn default() -> Self {
        Self {
            attempts_per_provider: 2,
            backoff: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(2),
            failure_threshold: 3,
            open_for: Duration::from_secs(30),
        }
    }
}

/// A circuit's state, for health reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CircuitState {
    /// Requests go through.
    Closed,
    /// Requests are refused until the probe time.
    Open,
    /// One probe request is in flight or may go.
    HalfOpen,
}

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
    probing: bool,
}

impl Breaker {
    fn state(&self, now: Instant) -> CircuitState {
        match self.open_until {
            None => CircuitState::Closed,
            Some(until) if now < until => CircuitState::Open,
            Some(_) => CircuitState::HalfOpen,
        }
    }

    /// Whether a request may go now (taking the probe slot when half-open).
    fn admit(&mut self, now: Instant) -> bool {
        match self.state(now) {
            CircuitState::Closed => true,
            CircuitState::Open => false,
            CircuitState::HalfOpen if self.probing => false,
            CircuitState::HalfOpen => {
                self.probing = true;
                true
            }
        }
    }

    fn succeeded(&mut self) {
        *self = Self::default();
    }

    fn failed(&mut self, now: Instant, settings: &RouterSettings) {
        self.failures = self.failures.saturating_add(1);
        if self.probing || self.failures >= settings.failure_threshold {
            self.open_until = Some(now + settings.open_for);
        }
        self.probing = false;
    }
}

struct Provider {
    model: Arc<dyn LanguageModel>,
    breaker: Mutex<Breaker>,
}

impl Provider {
    fn breaker(&self) -> std::sync::MutexGuard<'_, Breaker> {
        self.breaker.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Routes requests over several providers (itself a [`LanguageModel`]).
pub struct Router {
    providers: Vec<Provider>,
    settings: RouterSettings,
    jitter: AtomicU64,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.providers.iter().map(|p| p.model.provider()).collect();
        f.debug_struct("Router")
            .field("providers", &names)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Router {
    /// A router over `providers`, in order of preference.
    #[must_use]
    pub fn new(providers: Vec<Arc<dyn LanguageModel>>, settings: RouterSettings) -> Self {
        Self {
            providers: providers
                .into_iter()
                .map(|model| Provider {
                    model,
                    breaker: Mutex::new(Breaker::default()),
                })
                .collect(),
            settings: RouterSettings {
                attempts_per_provider: settings.attempts_per_provider.max(1),
                failure_threshold: settings.failure_threshold.max(1),
                ..settings
            },
            jitter: AtomicU64::new(0x9e37_79b9_7f4a_7c15),
        }
    }

    /// Each provider's name and circuit state.
    #[must_use]
    pub fn circuits(&self) -> Vec<(String, CircuitState)> {
        let now = Instant::now();
        self.providers
            .iter()
            .map(|p| {
                let state = p.breaker().state(now);
                (p.model.provider().to_owned(), state)
            })
            .collect()
    }

    /// A factor in 0.5–1.5 (splitmix64 over a counter; no cryptographic quality needed).
    fn jittered(&self, wait: Duration) -> Duration {
        let mut z = self
            .jitter
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        #[allow(clippy::cast_precision_loss)]
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        wait.mul_f64(0.5 + unit)
    }

    /// The wait before attempt `attempt` (1-based retries) after `error`, or `None` to move on
    /// to the next provider.
    fn wait_before_retry(&self, attempt: u32, error: &ModelError) -> Option<Duration> {
        if !error.is_transient() {
            return None;
        }
        if let ModelError::RateLimited {
            retry_after: Some(wait),
        } = error
        {
            return (*wait <= self.settings.max_retry_after).then_some(*wait);
        }
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        Some(self.jittered(self.settings.backoff.saturating_mul(factor)))
    }
}

/// Sends `request` and waits for the first event: an error before it is the provider's
/// failure; after it the stream is the answer.
async fn first_event(
    model: &dyn LanguageModel,
    request: ModelRequest,
) -> Result<ModelStream, ModelError> {
    let mut answer = model.stream(request).await?;
    match answer.next().await {
        Some(Ok(first)) => Ok(Box::pin(
            stream::once(async move { Ok(first) }).chain(answer),
        )),
        Some(Err(error)) => Err(error),
        None => Err(ModelError::Interrupted),
    }
}

/// An answer and the provider giving it.
pub struct Routed {
    /// The provider's name.
    pub provider: String,
    /// Its model.
    pub model: String,
    /// The answer, from its first event on.
    pub events: ModelStream,
}

impl std::fmt::Debug for Routed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Routed")
            .field("provider", &self.provider)
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

/// Frees a half-open circuit's probe slot when the request holding it is dropped before its
/// outcome was recorded (the learner went away): otherwise the circuit would refuse every
/// request for good. After `succeeded` or `failed` the slot is already free.
struct ProbeRelease<'a>(&'a Provider);

impl Drop for ProbeRelease<'_> {
    fn drop(&mut self) {
        self.0.breaker().probing = false;
    }
}

impl Router {
    /// Whether no provider is configured.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }

    /// Sends `request` to the first provider that gives a first event (see the module
    /// documentation) and says which one it was.
    ///
    /// # Errors
    /// The last provider's error when none answered; [`ModelError::Unavailable`] when every
    /// circuit is open or no provider is configured.
    pub async fn route(&self, request: ModelRequest) -> Result<Routed, ModelError> {
        let mut last =
            ModelError::Unavailable("no language-model provider is configured".to_owned());
        for provider in &self.providers {
            let name = provider.model.provider();
            let admitted = provider.breaker().admit(Instant::now());
            if !admitted {
                last = ModelError::Unavailable(format!("the circuit of {name} is open"));
                continue;
            }
            let _probe = ProbeRelease(provider);
            for attempt in 1..=self.settings.attempts_per_provider {
                match first_event(provider.model.as_ref(), request.clone()).await {
                    Ok(events) => {
                        provider.breaker().succeeded();
                        return Ok(Routed {
                            provider: name.to_owned(),
                            model: provider.model.model().to_owned(),
                            events,
                        });
                    }
                    Err(error) => {
                        tracing::warn!(provider = name, attempt, error = %error, "language-model request failed before its first event");
                        let wait = if attempt < self.settings.attempts_per_provider {
                            self.wait_before_retry(attempt, &error)
                        } else {
                            None
                        };
                        last = error;
                        match wait {
                            Some(wait) => tokio::time::sleep(wait).await,
                            None => break,
                        }
                    }
                }
            }
            provider.breaker().failed(Instant::now(), &self.settings);
        }
        Err(last)
    }
}

#[async_trait]
impl LanguageModel for Router {
    fn provider(&self) -> &str {
        "router"
    }

    fn model(&self) -> &str {
        "routed"
    }

    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        Ok(self.route(request).await?.events)
    }
}
