//! The tutor: admits a request (a model configured, the learner's request rate, daily token
//! budget and open streams), builds the prompt from the exercise and the learner's latest
//! attempt, streams the routed model's answer through the [`OutputGuard`], and records what
//! each call cost.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{Stream, StreamExt as _, stream};
use mentor_kernel::{Clock, ExerciseId, RateLimiter, RatePolicy, SubmissionId, UserId};

use crate::cache::{AnswerCache, cache_key};
use crate::guard::{OutputGuard, injection_signals};
use crate::model::{JsonSchema, ModelError, ModelRequest, ModelStream, StreamEvent, Usage};
use crate::prompt::{
    ChatPrompt, ExerciseBrief, ExerciseSpec, FEEDBACK_PROMPT_VERSION, GENERATE_PROMPT_VERSION,
    GradedAttempt, HINT_PROMPT_VERSION, LearnerBrief, PriorTurn, TUTOR_PROMPT_VERSION,
    chat_messages, feedback_messages, generation_messages, hint_messages, summary_messages,
};
use crate::router::Router;
use crate::usage::{Purpose, UsageLedger, UsageRecord};

/// Where the tutor learns about learners and exercises.
#[async_trait]
pub trait TutorContext: Send + Sync {
    /// The learner's level, budget tier and help level.
    ///
    /// # Errors
    /// Storage failure.
    async fn learner(&self, user: UserId) -> anyhow::Result<LearnerBrief>;

    /// What the tutor may know about `exercise` for `user` (their latest attempt included),
    /// or `None` when it does not exist.
    ///
    /// # Errors
    /// Storage failure.
    async fn exercise(
        &self,
        user: UserId,
        exercise: ExerciseId,
    ) -> anyhow::Result<Option<ExerciseView>>;

    /// `user`'s submission `submission`, if it is theirs and graded: its exercise, the code
    /// and the verdict as they saw it, and whether it passed.
    ///
    /// # Errors
    /// Storage failure.
    async fn graded_attempt(
        &self,
        user: UserId,
        submission: SubmissionId,
    ) -> anyhow::Result<Option<GradedAttempt>>;
}

/// An exercise as the tutor gets it, read once: what a prompt may carry, and apart from it
/// the reference solution, for the output check only (never for a prompt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseView {
    /// Prompt material.
    pub brief: ExerciseBrief,
    /// The reference solution.
    pub reference: String,
}

/// Price of one model, per million tokens, in the price table's currency.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Price {
    /// Per million prompt tokens.
    pub prompt_per_mtok: f64,
    /// Per million completion tokens.
    pub completion_per_mtok: f64,
}

/// The tutor's limits.
#[derive(Debug, Clone, PartialEq)]
pub struct TutorSettings {
    /// The longest answer, in tokens.
    pub max_output_tokens: u32,
    /// Sampling temperature.
    pub temperature: f32,
    /// Requests per learner (policy `tutor_user`).
    pub request_policy: RatePolicy,
    /// Daily token budget per tier (the account's role); tiers not listed get `default_daily_tokens`.
    pub daily_tokens: BTreeMap<String, u64>,
    /// Daily token budget of unlisted tiers.
    pub default_daily_tokens: u64,
    /// Answers streaming at once per learner (per instance).
    pub max_concurrent_streams: u32,
    /// Code blocks at least this similar to the reference are withheld (0–1).
    pub similarity_threshold: f64,
    /// Code blocks shorter than this many tokens are never withheld.
    pub min_guard_tokens: usize,
    /// Prices by `(provider, model)`.
    pub prices: BTreeMap<(String, String), Price>,
    /// Offer AI feedback on failed submissions.
    pub ai_feedback: bool,
    /// The longest generated exercise, in tokens.
    pub generation_max_output_tokens: u32,
}

impl Default for TutorSettings {
    fn default() -> Self {
        Self {
            max_output_tokens: 700,
            temperature: 0.3,
            request_policy: RatePolicy {
                requests: 10,
                per: Duration::from_secs(60),
                burst: 5,
            },
            daily_tokens: BTreeMap::from([
                ("learner".to_owned(), 200_000),
                ("mentor".to_owned(), 1_000_000),
                ("admin".to_owned(), 2_000_000),
            ]),
            default_daily_tokens: 200_000,
            max_concurrent_streams: 2,
            similarity_threshold: 0.8,
            min_guard_tokens: 12,
            prices: BTreeMap::new(),
            ai_feedback: true,
            generation_max_output_tokens: 6000,
        }
    }
}

/// Text shown in place of a withheld code block.
pub const WITHHELD: &str = "_(I started to write out a full solution — that would spoil the \
exercise. Try the next step yourself; ask me about the part that is unclear.)_";

/// The tutor will not answer now; nothing was spent.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// No provider is configured.
    #[error("no language-model provider is configured")]
    Unavailable,
    /// A limit: try again after this long.
    #[error("{reason}")]
    Limited {
        /// Which limit, for the learner.
        reason: &'static str,
        /// When to try again.
        retry_after: Duration,
    },
    /// The exercise does not exist.
    #[error("the exercise does not exist")]
    UnknownExercise,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why no AI hint or feedback was given.
#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    /// Not admitted (no provider, a limit, no such exercise).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The model did not answer.
    #[error(transparent)]
    Failed(#[from] ModelError),
    /// No such graded submission of this learner.
    #[error("no such graded submission")]
    NoSuchSubmission,
    /// Feedback is only for a graded submission that did not pass (or it is turned off).
    #[error("{0}")]
    NoFeedback(&'static str),
}

/// An AI hint or feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistText {
    /// The hint (checked by the output guard).
    pub text: String,
    /// Whether it came from the cache (nothing was spent).
    pub cached: bool,
}

/// How one whole (not streamed to anyone) answer is asked for.
struct Shot<'a> {
    purpose: Purpose,
    key: &'a str,
    /// The reference solution the answer is checked against.
    reference: Option<String>,
    max_output_tokens: u32,
    temperature: f32,
    json_schema: Option<JsonSchema>,
    /// Cache the answer at once.
    keep: bool,
}

impl<'a> Shot<'a> {
    /// A short hint-like answer about an exercise, checked against its reference and cached.
    fn guarded(purpose: Purpose, key: &'a str, reference: String, max_output_tokens: u32) -> Self {
        Self {
            purpose,
            key,
            reference: Some(reference),
            max_output_tokens: max_output_tokens.min(300),
            temperature: 0.2,
            json_schema: None,
            keep: true,
        }
    }
}

/// The cache key of a generation request.
fn generation_key(spec: &ExerciseSpec) -> String {
    cache_key(
        "generation",
        &[
            GENERATE_PROMPT_VERSION,
            spec.language.as_str(),
            spec.topic.as_str(),
            &spec.difficulty.get().to_string(),
            spec.brief.as_deref().unwrap_or(""),
        ],
    )
}

/// The visible tests as one text (part of cache keys).
fn tests_text(brief: &ExerciseBrief) -> String {
    brief
        .visible_tests
        .iter()
        .map(|(name, content)| format!("{name}\n{content}\n"))
        .collect()
}

/// How long an AI hint or feedback stays cached.
const HINT_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// An event of an answer on its way to the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerEvent {
    /// More text (checked by the output guard).
    Delta(String),
    /// Tokens the answer cost.
    Usage(Usage),
}

/// An answer as it arrives; an error ends it.
pub type AnswerStream =
    std::pin::Pin<Box<dyn Stream<Item = Result<AnswerEvent, ModelError>> + Send>>;

/// A chat question with its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Who asks.
    pub learner: UserId,
    /// The exercise it is about.
    pub exercise: Option<ExerciseId>,
    /// The summary of older turns.
    pub summary: Option<String>,
    /// The latest earlier turns, oldest first.
    pub history: Vec<PriorTurn>,
    /// The question (already cleaned and capped).
    pub text: String,
}

/// Counts of answers streaming per learner in this process.
#[derive(Debug, Default)]
struct OpenStreams(Mutex<HashMap<UserId, u32>>);

/// One admitted stream; dropping it frees the slot.
#[derive(Debug)]
struct Slot {
    streams: Arc<OpenStreams>,
    user: UserId,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .streams
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.user);
            }
        }
    }
}

impl OpenStreams {
    fn take(self: &Arc<Self>, user: UserId, max: u32) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let n = open.entry(user).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            streams: self.clone(),
            user,
        })
    }
}

/// The tutor's use cases.
#[derive(Clone)]
pub struct TutorService {
    router: Option<Arc<Router>>,
    context: Arc<dyn TutorContext>,
    usage: Arc<dyn UsageLedger>,
    limiter: Arc<dyn RateLimiter>,
    clock: Arc<dyn Clock>,
    cache: Arc<dyn AnswerCache>,
    settings: Arc<TutorSettings>,
    streams: Arc<OpenStreams>,
}

impl std::fmt::Debug for TutorService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TutorService")
            .field("router", &self.router)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The tutor's ports.
#[derive(Clone)]
pub struct TutorPorts {
    /// The providers; `None` when none is configured.
    pub router: Option<Arc<Router>>,
    /// Learners and exercises.
    pub context: Arc<dyn TutorContext>,
    /// Where calls are recorded.
    pub usage: Arc<dyn UsageLedger>,
    /// Request rates.
    pub limiter: Arc<dyn RateLimiter>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Answers of deterministic requests (AI hints).
    pub cache: Arc<dyn AnswerCache>,
}

impl std::fmt::Debug for TutorPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TutorPorts").finish_non_exhaustive()
    }
}

impl TutorService {
    /// A tutor over `ports`.
    #[must_use]
    pub fn new(ports: TutorPorts, settings: TutorSettings) -> Self {
        Self {
            router: ports.router.filter(|r| !r.is_empty()),
            context: ports.context,
            usage: ports.usage,
            limiter: ports.limiter,
            clock: ports.clock,
            cache: ports.cache,
            settings: Arc::new(settings),
            streams: Arc::new(OpenStreams::default()),
        }
    }

    /// The router, when a provider is configured.
    #[must_use]
    pub fn router(&self) -> Option<&Arc<Router>> {
        self.router.as_ref()
    }

    /// The daily token budget of a tier (an account role).
    #[must_use]
    pub fn daily_budget(&self, tier: &str) -> u64 {
        self.settings
            .daily_tokens
            .get(tier)
            .copied()
            .unwrap_or(self.settings.default_daily_tokens)
    }

    fn until_tomorrow(&self) -> Duration {
        let now = self.clock.now().to_offset(time::UtcOffset::UTC);
        let tomorrow = now.date().next_day().map(|d| d.midnight().assume_utc());
        tomorrow
            .map(|t| t - now)
            .and_then(|d| Duration::try_from(d).ok())
            .unwrap_or(Duration::from_secs(3600))
            .max(Duration::from_secs(1))
    }

    /// Admits a learner's model call: a provider configured, an open-stream slot and today's
    /// budget (the request rate is taken last, by the caller, once nothing else can refuse).
    async fn admit(&self, user: UserId) -> Result<(Arc<Router>, LearnerBrief, Slot), Refusal> {
        let Some(router) = self.router.clone() else {
            return Err(Refusal::Unavailable);
        };
        let Some(slot) = self
            .streams
            .take(user, self.settings.max_concurrent_streams.max(1))
        else {
            metrics::counter!("mentor_tutor_refused_total", "limit" => "streams").increment(1);
            return Err(Refusal::Limited {
                reason: "The tutor is already answering you; wait for that answer first.",
                retry_after: Duration::from_secs(5),
            });
        };
        // Read at once: a turn's first token waits for every read before the model is asked.
        let (learner, spent) = futures_util::future::join(
            self.context.learner(user),
            self.usage.on_day(user, self.today()),
        )
        .await;
        let (learner, spent) = (learner?, spent?.tokens());
        if spent >= self.daily_budget(&learner.tier) {
            metrics::counter!("mentor_tutor_refused_total", "limit" => "budget").increment(1);
            return Err(Refusal::Limited {
                reason: "You have used today's tutor budget; it renews at midnight UTC.",
                retry_after: self.until_tomorrow(),
            });
        }
        Ok((router, learner, slot))
    }

    /// Counts one request against the learner's `tutor_user` rate.
    async fn take_rate(&self, user: UserId) -> Result<(), Refusal> {
        let decision = self
            .limiter
            .check(&format!("tutor:{user}"), &self.settings.request_policy)
            .await?;
        decision.into_result().map_err(|retry_after| {
            metrics::counter!("mentor_tutor_refused_total", "limit" => "rate").increment(1);
            Refusal::Limited {
                reason: "You are asking the tutor faster than it allows; wait a moment.",
                retry_after,
            }
        })
    }

    /// The UTC day budgets count on.
    #[must_use]
    pub fn today(&self) -> time::Date {
        self.clock.now().to_offset(time::UtcOffset::UTC).date()
    }

    /// Answers a chat question. The model is called when the stream is first polled;
    /// dropping the stream cancels the call (the tokens used so far are recorded as an
    /// estimate).
    ///
    /// # Errors
    /// [`Refusal`] when not admitted.
    #[tracing::instrument(skip_all, fields(user = %question.learner, prompt = TUTOR_PROMPT_VERSION))]
    pub async fn answer(&self, question: Question) -> Result<AnswerStream, Refusal> {
        let (router, learner, slot) = self.admit(question.learner).await?;
        let (exercise, reference) = match question.exercise {
            Some(id) => {
                let view = self
                    .context
                    .exercise(question.learner, id)
                    .await?
                    .ok_or(Refusal::UnknownExercise)?;
                (Some(view.brief), Some(view.reference))
            }
            None => (None, None),
        };
        self.take_rate(question.learner).await?;
        let signals = injection_signals(&question.text);
        for signal in &signals {
            tracing::warn!(user = %question.learner, signal, "possible prompt injection in a tutor question");
            metrics::counter!("mentor_tutor_injection_signals_total", "signal" => *signal)
                .increment(1);
        }
        let messages = chat_messages(&ChatPrompt {
            learner: &learner,
            exercise: exercise.as_ref(),
            summary: question.summary.as_deref(),
            history: &question.history,
            question: &question.text,
            injection_signals: &signals,
        });
        let request = ModelRequest {
            messages,
            max_output_tokens: self.settings.max_output_tokens,
            temperature: self.settings.temperature,
            json_schema: None,
        };
        let guard = self.guard(reference);
        let call = self.call(question.learner, Purpose::Chat, &request, Some(slot));
        Ok(answer_stream(router, request, guard, call))
    }

    /// AI hint number `rung` (1 = the first beyond the authored ones) for `learner` on
    /// `exercise`, grounded in their latest graded code and its verdict. Hints for the same
    /// exercise content, code, verdict and rung come from the cache and cost nothing;
    /// otherwise the call is admitted and spent like a chat answer (purpose `hint`).
    ///
    /// # Errors
    /// [`AssistError::Refused`] when not admitted, [`AssistError::Failed`] when no provider
    /// answered.
    #[tracing::instrument(skip_all, fields(user = %learner, %exercise, rung, prompt = HINT_PROMPT_VERSION))]
    pub async fn hint(
        &self,
        learner: UserId,
        exercise: ExerciseId,
        rung: u32,
    ) -> Result<AssistText, AssistError> {
        if self.router.is_none() {
            return Err(Refusal::Unavailable.into());
        }
        let ExerciseView { brief, reference } = self
            .context
            .exercise(learner, exercise)
            .await
            .map_err(Refusal::from)?
            .ok_or(Refusal::UnknownExercise)?;
        let rung_text = rung.to_string();
        let tests = tests_text(&brief);
        let (code, verdict) = brief
            .latest
            .as_ref()
            .map_or(("", ""), |a| (a.code.as_str(), a.verdict.as_str()));
        let key = cache_key(
            "hint",
            &[
                HINT_PROMPT_VERSION,
                &exercise.to_string(),
                &brief.statement,
                &tests,
                code,
                verdict,
                &rung_text,
            ],
        );
        self.one_shot(
            learner,
            Shot::guarded(
                Purpose::Hint,
                &key,
                reference,
                self.settings.max_output_tokens,
            ),
            |learner_brief| hint_messages(learner_brief, &brief, rung),
        )
        .await
    }

    /// AI feedback on `learner`'s graded, failed `submission`: what the first failing test
    /// expected and why their code does otherwise, without the fix. Cached and admitted like
    /// a hint (purpose `feedback`).
    ///
    /// # Errors
    /// [`AssistError::NoSuchSubmission`], [`AssistError::NoFeedback`] (it passed, or feedback
    /// is turned off), otherwise as [`Self::hint`].
    #[tracing::instrument(skip_all, fields(user = %learner, %submission, prompt = FEEDBACK_PROMPT_VERSION))]
    pub async fn feedback(
        &self,
        learner: UserId,
        submission: SubmissionId,
    ) -> Result<AssistText, AssistError> {
        if !self.settings.ai_feedback {
            return Err(AssistError::NoFeedback(
                "AI feedback is turned off on this server.",
            ));
        }
        if self.router.is_none() {
            return Err(Refusal::Unavailable.into());
        }
        let graded = self
            .context
            .graded_attempt(learner, submission)
            .await
            .map_err(Refusal::from)?
            .ok_or(AssistError::NoSuchSubmission)?;
        if graded.passed {
            return Err(AssistError::NoFeedback(
                "This submission passed; feedback explains failed ones.",
            ));
        }
        let ExerciseView {
            mut brief,
            reference,
        } = self
            .context
            .exercise(learner, graded.exercise)
            .await
            .map_err(Refusal::from)?
            .ok_or(Refusal::UnknownExercise)?;
        let tests = tests_text(&brief);
        let key = cache_key(
            "feedback",
            &[
                FEEDBACK_PROMPT_VERSION,
                &graded.exercise.to_string(),
                &brief.statement,
                &tests,
                &graded.attempt.code,
                &graded.attempt.verdict,
            ],
        );
        brief.latest = Some(graded.attempt);
        self.one_shot(
            learner,
            Shot::guarded(
                Purpose::Feedback,
                &key,
                reference,
                self.settings.max_output_tokens,
            ),
            |learner_brief| feedback_messages(learner_brief, &brief),
        )
        .await
    }

    /// A whole exercise for `spec` as JSON matching `schema`, spent on `by`'s budget
    /// (purpose `generation`). Answers kept with [`Self::remember_exercise`] for the same
    /// spec come from the cache and cost nothing; a fresh answer is not kept (the caller
    /// keeps it once it is proven).
    ///
    /// # Errors
    /// [`AssistError::Refused`] when not admitted, [`AssistError::Failed`] when no provider
    /// answered.
    #[tracing::instrument(skip_all, fields(user = %by, prompt = GENERATE_PROMPT_VERSION))]
    pub async fn write_exercise(
        &self,
        by: UserId,
        spec: &ExerciseSpec,
        schema: JsonSchema,
    ) -> Result<AssistText, AssistError> {
        if self.router.is_none() {
            return Err(Refusal::Unavailable.into());
        }
        let key = generation_key(spec);
        let shot = Shot {
            purpose: Purpose::Generation,
            key: &key,
            reference: None,
            max_output_tokens: self.settings.generation_max_output_tokens,
            temperature: 0.4,
            json_schema: Some(schema),
            keep: false,
        };
        self.one_shot(by, shot, |_| generation_messages(spec)).await
    }

    /// Keeps `text` as the answer for `spec` (it was proven), so the same request costs
    /// nothing next time. Best effort.
    pub async fn remember_exercise(&self, spec: &ExerciseSpec, text: &str) {
        if let Err(e) = self.cache.put(&generation_key(spec), text, HINT_TTL).await {
            tracing::warn!(error = %e, "a generated exercise could not be cached");
        }
    }

    /// Forgets the kept answer for `spec` (a reviewer rejected it), so the same request asks
    /// the model again. Best effort.
    pub async fn forget_exercise(&self, spec: &ExerciseSpec) {
        if let Err(e) = self.cache.remove(&generation_key(spec)).await {
            tracing::warn!(error = %e, "a rejected generated exercise could not be removed from the cache");
        }
    }

    /// One cached whole answer: from the cache when `shot.key` is there (nothing spent);
    /// otherwise admitted, asked, checked against the reference, recorded and (when
    /// `shot.keep`) cached.
    async fn one_shot(
        &self,
        learner: UserId,
        shot: Shot<'_>,
        messages: impl FnOnce(&LearnerBrief) -> Vec<crate::model::ChatMessage>,
    ) -> Result<AssistText, AssistError> {
        match self.cache.get(shot.key).await {
            Ok(Some(text)) => {
                metrics::counter!("mentor_tutor_cache_total", "result" => "hit").increment(1);
                return Ok(AssistText { text, cached: true });
            }
            Ok(None) => {
                metrics::counter!("mentor_tutor_cache_total", "result" => "miss").increment(1);
            }
            Err(e) => tracing::warn!(error = %e, "the answer cache could not be read"),
        }
        let (router, learner_brief, slot) = self.admit(learner).await?;
        self.take_rate(learner).await?;
        let request = ModelRequest {
            messages: messages(&learner_brief),
            max_output_tokens: shot.max_output_tokens,
            temperature: shot.temperature,
            json_schema: shot.json_schema,
        };
        let guard = self.guard(shot.reference);
        let call = self.call(learner, shot.purpose, &request, Some(slot));
        let mut answer = answer_stream(router, request, guard, call);
        let mut text = String::new();
        while let Some(event) = answer.next().await {
            if let AnswerEvent::Delta(delta) = event? {
                text.push_str(&delta);
            }
        }
        let text = text.trim().to_owned();
        if text.is_empty() {
            return Err(ModelError::Protocol("the model answered nothing".to_owned()).into());
        }
        // An answer the guard had to cut is not kept: the next request asks again.
        if shot.keep
            && !text.contains(WITHHELD)
            && let Err(e) = self.cache.put(shot.key, &text, HINT_TTL).await
        {
            tracing::warn!(error = %e, "an answer could not be cached");
        }
        Ok(AssistText {
            text,
            cached: false,
        })
    }

    /// A short summary of older turns, continuing `previous`.
    ///
    /// # Errors
    /// [`ModelError`] when no provider answers ([`ModelError::Unavailable`] when none is
    /// configured).
    pub async fn summarize(
        &self,
        user: UserId,
        previous: Option<&str>,
        turns: &[PriorTurn],
    ) -> Result<String, ModelError> {
        let Some(router) = self.router.clone() else {
            return Err(ModelError::Unavailable(
                "no provider is configured".to_owned(),
            ));
        };
        let request = ModelRequest {
            messages: summary_messages(previous, turns),
            max_output_tokens: 300,
            temperature: 0.0,
            json_schema: None,
        };
        let call = self.call(user, Purpose::Summary, &request, None);
        let guard = self.guard(None);
        let mut answer = answer_stream(router, request, guard, call);
        let mut text = String::new();
        while let Some(event) = answer.next().await {
            if let AnswerEvent::Delta(delta) = event? {
                text.push_str(&delta);
            }
        }
        Ok(text.trim().to_owned())
    }

    /// The output check of an answer about an exercise with this reference solution.
    fn guard(&self, reference: Option<String>) -> OutputGuard {
        OutputGuard::new(
            reference,
            self.settings.similarity_threshold,
            self.settings.min_guard_tokens,
            WITHHELD,
        )
    }

    /// A model call of `user` to be recorded when it ends.
    fn call(
        &self,
        user: UserId,
        purpose: Purpose,
        request: &ModelRequest,
        slot: Option<Slot>,
    ) -> Call {
        Call {
            tutor: self.clone(),
            user,
            purpose,
            prompt_chars: request.messages.iter().map(|m| m.content.len()).sum(),
            emitted_chars: 0,
            routed: None,
            usage: None,
            recorded: false,
            _slot: slot,
        }
    }

    fn cost_micros(&self, provider: &str, model: &str, usage: Usage) -> u64 {
        let Some(price) = self
            .settings
            .prices
            .get(&(provider.to_owned(), model.to_owned()))
        else {
            return 0;
        };
        let cost = f64::from(usage.prompt_tokens) * price.prompt_per_mtok
            + f64::from(usage.completion_tokens) * price.completion_per_mtok;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let micros = cost.round().max(0.0) as u64;
        micros
    }

    async fn record(
        &self,
        user: UserId,
        purpose: Purpose,
        provider: &str,
        model: &str,
        usage: Usage,
    ) {
        let record = UsageRecord {
            user,
            at: self.clock.now(),
            provider: provider.to_owned(),
            model: model.to_owned(),
            purpose,
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
            cost_micros: self.cost_micros(provider, model, usage),
        };
        let labels = [
            ("provider", provider.to_owned()),
            ("model", model.to_owned()),
            ("purpose", purpose.as_str().to_owned()),
        ];
        metrics::counter!("mentor_llm_cost_micros_total", &labels).increment(record.cost_micros);
        metrics::counter!("mentor_llm_calls_total", &labels).increment(1);
        if let Err(e) = self.usage.record(&record).await {
            tracing::error!(error = %e, "a model call's usage could not be recorded");
        }
    }
}

/// One model call on its way: what to record when it ends, however it ends.
struct Call {
    tutor: TutorService,
    user: UserId,
    purpose: Purpose,
    prompt_chars: usize,
    emitted_chars: usize,
    routed: Option<(String, String)>,
    usage: Option<Usage>,
    recorded: bool,
    _slot: Option<Slot>,
}

impl Call {
    /// Roughly four characters per token, for calls that ended without the provider's count.
    fn estimate(&self) -> Usage {
        let tokens = |chars: usize| u32::try_from(chars.div_ceil(4)).unwrap_or(u32::MAX);
        Usage {
            prompt_tokens: tokens(self.prompt_chars),
            completion_tokens: tokens(self.emitted_chars),
        }
    }

    /// Records the call once: the provider's last usage report, or an estimate when it sent
    /// none. The insert runs on a task of its own, so dropping the answer cannot lose it or
    /// make it twice.
    fn record(&mut self) {
        if self.recorded {
            return;
        }
        let Some((provider, model)) = self.routed.clone() else {
            return;
        };
        self.recorded = true;
        let usage = self.usage.unwrap_or_else(|| self.estimate());
        let (tutor, user, purpose) = (self.tutor.clone(), self.user, self.purpose);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                tutor.record(user, purpose, &provider, &model, usage).await;
            });
        }
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.record();
    }
}

enum Phase {
    Start(Box<ModelRequest>),
    Streaming(ModelStream),
    Done,
}

struct State {
    router: Arc<Router>,
    phase: Phase,
    guard: OutputGuard,
    call: Call,
    finished: bool,
}

fn answer_stream(
    router: Arc<Router>,
    request: ModelRequest,
    guard: OutputGuard,
    call: Call,
) -> AnswerStream {
    let state = State {
        router,
        phase: Phase::Start(Box::new(request)),
        guard,
        call,
        finished: false,
    };
    Box::pin(stream::unfold(state, |mut s| async move {
        loop {
            match std::mem::replace(&mut s.phase, Phase::Done) {
                Phase::Start(request) => match s.router.route(*request).await {
                    Ok(routed) => {
                        s.call.routed = Some((routed.provider, routed.model));
                        s.phase = Phase::Streaming(routed.events);
                    }
                    Err(e) => return Some((Err(e), s)),
                },
                Phase::Streaming(mut events) => match events.next().await {
                    Some(Ok(StreamEvent::Delta(delta))) => {
                        s.phase = Phase::Streaming(events);
                        let before = s.guard.withheld();
                        let out = s.guard.push(&delta);
                        s.call.emitted_chars += delta.len();
                        count_withheld(&s.guard, before);
                        if !out.is_empty() {
                            return Some((Ok(AnswerEvent::Delta(out)), s));
                        }
                    }
                    Some(Ok(StreamEvent::Usage(usage))) => {
                        s.phase = Phase::Streaming(events);
                        s.call.usage = Some(usage);
                        return Some((Ok(AnswerEvent::Usage(usage)), s));
                    }
                    Some(Ok(StreamEvent::Finish(_))) => {
                        s.phase = Phase::Streaming(events);
                        s.finished = true;
                        let before = s.guard.withheld();
                        let out = s.guard.finish();
                        count_withheld(&s.guard, before);
                        if !out.is_empty() {
                            return Some((Ok(AnswerEvent::Delta(out)), s));
                        }
                    }
                    Some(Err(e)) => return Some((Err(e), s)),
                    None if !s.finished => return Some((Err(ModelError::Interrupted), s)),
                    None => {
                        s.call.record();
                        return None;
                    }
                },
                Phase::Done => return None,
            }
        }
    }))
}

fn count_withheld(guard: &OutputGuard, before: u32) {
    let now = guard.withheld();
    if now > before {
        tracing::info!(
            "the tutor's answer contained a near-copy of the reference solution; withheld"
        );
        metrics::counter!("mentor_tutor_withheld_total").increment(u64::from(now - before));
    }
}
