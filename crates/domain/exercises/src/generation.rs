//! Model-written exercises: an admin asks for one (language, topic, difficulty, an optional
//! brief); a model writes it as structured output ([`ExerciseWriter`]); it must pass the
//! content schema ([`DraftParts::check`]) and the sandbox must prove that the reference
//! solution passes every test and the starter fails — only then is it stored, pending review
//! (or published at once when so configured). Reviewers approve (the draft enters the
//! catalog as a new exercise) or reject with a reason.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mentor_kernel::{Clock, ExerciseId, GenerationId, Language, LearnerText, Topic, UserId};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::draft::DraftParts;
use crate::model::{Difficulty, ExerciseDraft, ExerciseVersion, Limits, Slug};
use crate::ports::CatalogRepository;
use crate::runner::{CodeRunner, OutputCaps, RunRequest, RunnerError, Verdict};

/// Longest brief an admin can add to a generation request, in characters.
pub const MAX_BRIEF_CHARS: usize = 500;
/// Longest rejection reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerationRequest {
    /// The language.
    pub language: Language,
    /// The main topic.
    pub topic: Topic,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// What the exercise should be about, in the admin's words (sent to the model as data).
    pub brief: Option<String>,
}

impl GenerationRequest {
    /// A request; the brief is cleaned like learner text and capped at [`MAX_BRIEF_CHARS`].
    ///
    /// # Errors
    /// The brief's problem (an empty brief is no brief).
    pub fn new(
        language: Language,
        topic: Topic,
        difficulty: Difficulty,
        brief: Option<&str>,
    ) -> Result<Self, mentor_kernel::TextError> {
        let brief = match brief.map(|b| LearnerText::new(b, MAX_BRIEF_CHARS)) {
            None | Some(Err(mentor_kernel::TextError::Empty)) => None,
            Some(Ok(text)) => Some(text.into_string()),
            Some(Err(e)) => return Err(e),
        };
        Ok(Self {
            language,
            topic,
            difficulty,
            brief,
        })
    }
}

/// An exercise as a model writes it: the fields of the structured-output schema
/// ([`written_exercise_schema`]). Language, difficulty, version and limits are not the
/// model's to choose.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrittenExercise {
    /// Proposed slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Topics from the fixed list.
    pub topics: Vec<String>,
    /// Statement (Markdown).
    pub statement: String,
    /// Starter code.
    pub starter: String,
    /// Reference solution.
    pub reference: String,
    /// Visible test file.
    pub visible_test: String,
    /// Hidden test file.
    pub hidden_test: String,
    /// Hints, nudge first.
    pub hints: Vec<String>,
}

/// The JSON schema a model's answer must match (strict structured output: every property
/// required, no others).
#[must_use]
pub fn written_exercise_schema() -> serde_json::Value {
    let text =
        |description: &str| serde_json::json!({ "type": "string", "description": description });
    let topics: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
    serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["slug", "title", "topics", "statement", "starter", "reference",
                     "visible_test", "hidden_test", "hints"],
        "properties": {
            "slug": text("lower-case words joined by single dashes, 2–64 characters"),
            "title": text("a short title, at most 200 characters"),
            "topics": {
                "type": "array",
                "items": { "type": "string", "enum": topics },
                "description": "one to three topics"
            },
            "statement": text("the task in Markdown: what to write, the rules, examples"),
            "starter": text("the code the learner starts from: the signature and a body that does not solve the task"),
            "reference": text("a correct, idiomatic solution"),
            "visible_test": text("the test file shown to the learner"),
            "hidden_test": text("the test file used only for grading: edge cases"),
            "hints": {
                "type": "array",
                "items": { "type": "string" },
                "description": "three to five hints, from a nudge to a near-solution"
            }
        }
    })
}

/// What a model answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The answer (JSON text).
    pub json: String,
    /// Whether it came from the cache (nothing spent).
    pub cached: bool,
}

/// Why no exercise was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// No model is configured; the text says which settings to add.
    #[error("no language model is configured")]
    Unavailable,
    /// A budget or rate limit refused the call.
    #[error("{reason}")]
    Limited {
        /// Why, for the admin.
        reason: String,
        /// When to try again.
        retry_after: Duration,
    },
    /// No provider answered (or the answer was cut off).
    #[error("the model did not answer: {0}")]
    Failed(String),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(anyhow::Error),
}

/// Asks a language model for an exercise (the tutoring domain, wired by the composition
/// root).
#[async_trait]
pub trait ExerciseWriter: Send + Sync {
    /// Writes an exercise for `request` as JSON matching [`written_exercise_schema`], spent
    /// on `by`'s budget. MAY answer from a cache of earlier answers that were proven good
    /// ([`Self::remember`]).
    ///
    /// # Errors
    /// [`WriteError`].
    async fn write(&self, by: UserId, request: &GenerationRequest) -> Result<Written, WriteError>;

    /// Keeps `written` as the answer for `request` (it passed every check). Best effort.
    async fn remember(&self, request: &GenerationRequest, written: &Written);

    /// Forgets the kept answer for `request` (a reviewer rejected it). Best effort.
    async fn forget(&self, request: &GenerationRequest);
}

/// Where a generated exercise is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewStatus {
    /// Waiting for a reviewer.
    Pending,
    /// Approved: in the catalog.
    Published,
    /// Rejected, with a reason.
    Rejected,
}

impl ReviewStatus {
    /// Every status.
    pub const ALL: [Self; 3] = [Self::Pending, Self::Published, Self::Rejected];

    /// The stored and serialised name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending_review",
            Self::Published => "published",
            Self::Rejected => "rejected",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A model-written exercise that passed every check, with its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedExercise {
    /// Identifier (time-ordered).
    pub id: GenerationId,
    /// Who asked for it.
    pub requested_by: UserId,
    /// The main topic asked for.
    pub topic: Topic,
    /// The brief given, if any.
    pub brief: Option<String>,
    /// The exercise (slug free in the catalog when it was generated).
    pub draft: ExerciseDraft,
    /// Where it is in its review.
    pub status: ReviewStatus,
    /// Who approved or rejected it.
    pub reviewer: Option<UserId>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The catalog exercise it became.
    pub exercise: Option<ExerciseId>,
    /// When it was generated.
    pub created_at: OffsetDateTime,
    /// When it was approved or rejected.
    pub reviewed_at: Option<OffsetDateTime>,
}

/// Which generated exercises to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GeneratedQuery {
    /// Only this status.
    pub status: Option<ReviewStatus>,
    /// Only after this one (the cursor).
    pub after: Option<GenerationId>,
    /// At most this many.
    pub limit: u64,
}

/// Stores generated exercises and their reviews.
#[async_trait]
pub trait GeneratedExerciseRepository: Send + Sync {
    /// Stores a new one. MUST fail (changing nothing) when the id exists.
    ///
    /// # Errors
    /// Storage failure or a duplicate id.
    async fn create(&self, generated: &GeneratedExercise) -> anyhow::Result<()>;

    /// One by id.
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn get(&self, id: GenerationId) -> anyhow::Result<Option<GeneratedExercise>>;

    /// Those matching `query`, oldest first (id order).
    ///
    /// # Errors
    /// Storage failure, or a stored row that is not a valid exercise.
    async fn list(&self, query: &GeneratedQuery) -> anyhow::Result<Vec<GeneratedExercise>>;

    /// Stores `generated`'s status, reviewer, reason, exercise and review time, only if the
    /// stored status is `from` (compare and set: of two concurrent reviews one wins).
    /// Returns whether it did; the draft is never changed.
    ///
    /// # Errors
    /// Storage failure.
    async fn set_review(
        &self,
        generated: &GeneratedExercise,
        from: ReviewStatus,
    ) -> anyhow::Result<bool>;
}

/// Why an exercise could not be generated. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The model could not be asked or did not answer.
    #[error(transparent)]
    Writer(#[from] WriteError),
    /// What the model wrote failed a check; each problem in a sentence.
    #[error("the generated exercise failed its checks")]
    Invalid(Vec<String>),
    /// The sandbox could not run the proof.
    #[error(transparent)]
    Sandbox(#[from] RunnerError),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a review could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No such generated exercise.
    #[error("no such generated exercise")]
    NotFound,
    /// It is not pending review any more.
    #[error("it was {} already", .0.as_str())]
    NotPending(ReviewStatus),
    /// Its slug is in the catalog now (an exercise with that name was added since).
    #[error("the catalog has a {0} exercise named {1} now")]
    SlugTaken(Language, Slug),
    /// The reason is empty or too long.
    #[error("a reason of 1–{MAX_REASON_CHARS} characters is required")]
    BadReason,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// How generation behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerationSettings {
    /// Publish a proven exercise at once instead of queueing it for review.
    pub publish_without_review: bool,
}

/// The ports generation needs.
pub struct GenerationPorts {
    /// The model side.
    pub writer: Arc<dyn ExerciseWriter>,
    /// The sandbox.
    pub runner: Arc<dyn CodeRunner>,
    /// Generated exercises.
    pub store: Arc<dyn GeneratedExerciseRepository>,
    /// The catalog (slugs in use; publishing).
    pub catalog: Arc<dyn CatalogRepository>,
    /// Time.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for GenerationPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenerationPorts").finish_non_exhaustive()
    }
}

/// The generation and review use cases.
pub struct GenerationService {
    ports: GenerationPorts,
    settings: GenerationSettings,
}

impl std::fmt::Debug for GenerationService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenerationService")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The limits a generated exercise gets (those of the curated catalog).
#[must_use]
pub const fn default_limits(language: Language) -> Limits {
    Limits {
        cpu_ms: 2000,
        wall_ms: 5000,
        memory_mb: match language {
            Language::Python => 128,
            Language::JavaScript => 256,
        },
    }
}

/// The first failing test of a verdict, or what went wrong instead, in a sentence.
fn what_failed(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Passed { .. } => "every test passed".to_owned(),
        Verdict::TestsFailed { tests } => match tests.iter().find(|t| !t.passed) {
            Some(t) => format!(
                "test {:?} failed{}",
                t.name,
                t.message
                    .as_deref()
                    .map(|m| format!(": {}", m.chars().take(300).collect::<String>()))
                    .unwrap_or_default()
            ),
            None => "no test ran".to_owned(),
        },
        Verdict::CompileError { message, .. } | Verdict::RuntimeError { message } => format!(
            "{}: {}",
            verdict.kind(),
            message.chars().take(300).collect::<String>()
        ),
        other => other.kind().replace('_', " "),
    }
}

impl GenerationService {
    /// The service over its ports.
    #[must_use]
    pub fn new(ports: GenerationPorts, settings: GenerationSettings) -> Self {
        Self { ports, settings }
    }

    /// Generates an exercise for `request`, proves it in the sandbox and stores it pending
    /// review (published at once with `publish_without_review`, approved by `by`).
    ///
    /// # Errors
    /// [`GenerateError`]; nothing is stored then.
    #[tracing::instrument(skip_all, fields(language = %request.language, topic = request.topic.as_str(), difficulty = request.difficulty.get()))]
    pub async fn generate(
        &self,
        by: UserId,
        request: GenerationRequest,
    ) -> Result<GeneratedExercise, GenerateError> {
        let written = self.ports.writer.write(by, &request).await?;
        let exercise: WrittenExercise = serde_json::from_str(written.json.trim()).map_err(|e| {
            GenerateError::Invalid(vec![if e.is_eof() {
                "the model's answer ends before the exercise is complete (it may have reached \
                 tutor.generation_max_output_tokens)"
                    .to_owned()
            } else {
                format!("the model's answer is not an exercise in the requested shape: {e}")
            }])
        })?;
        let draft = self.check(&request, exercise).await?;
        let problems = self.prove(&draft).await?;
        if !problems.is_empty() {
            metrics::counter!("mentor_generated_exercises_total", "outcome" => "disproved")
                .increment(1);
            return Err(GenerateError::Invalid(problems));
        }
        if !written.cached {
            self.ports.writer.remember(&request, &written).await;
        }
        let generated = GeneratedExercise {
            id: GenerationId::generate(),
            requested_by: by,
            topic: request.topic,
            brief: request.brief,
            draft,
            status: ReviewStatus::Pending,
            reviewer: None,
            reason: None,
            exercise: None,
            created_at: self.ports.clock.now(),
            reviewed_at: None,
        };
        self.ports.store.create(&generated).await?;
        metrics::counter!("mentor_generated_exercises_total", "outcome" => "stored").increment(1);
        tracing::info!(generation = %generated.id, slug = %generated.draft.slug, cached = written.cached, "exercise generated and proven");
        if self.settings.publish_without_review {
            return match self.approve(generated.id, by).await {
                Ok(published) => Ok(published),
                // Stored and proven: it waits for review instead (for example its slug was
                // taken in the meantime).
                Err(ReviewError::Unexpected(e)) => Err(GenerateError::Unexpected(e)),
                Err(e) => {
                    tracing::warn!(generation = %generated.id, reason = %e, "a generated exercise could not be published at once; it waits for review");
                    Ok(generated)
                }
            };
        }
        Ok(generated)
    }

    /// The content-schema check, with the request's language and difficulty, version 1, the
    /// catalog's limits, the requested topic included, and a slug free in the catalog.
    async fn check(
        &self,
        request: &GenerationRequest,
        written: WrittenExercise,
    ) -> Result<ExerciseDraft, GenerateError> {
        let mut topics = written.topics;
        if !topics.iter().any(|t| t == request.topic.as_str()) {
            topics.insert(0, request.topic.as_str().to_owned());
        }
        let limits = default_limits(request.language);
        let Some(slug) = self.free_slug(request.language, &written.slug).await? else {
            return Err(GenerateError::Invalid(vec![format!(
                "slug: {:?} and its numbered variants up to -9 are all taken in the catalog",
                written.slug
            )]));
        };
        DraftParts {
            language: request.language.as_str().to_owned(),
            slug,
            version: 1,
            title: written.title,
            difficulty: request.difficulty.get(),
            topics,
            statement: written.statement,
            starter: written.starter,
            reference: written.reference,
            visible_test: written.visible_test,
            hidden_test: written.hidden_test,
            hints: written.hints,
            cpu_ms: limits.cpu_ms,
            wall_ms: limits.wall_ms,
            memory_mb: limits.memory_mb,
            max_help: None,
        }
        .check()
        .map_err(|problems| {
            metrics::counter!("mentor_generated_exercises_total", "outcome" => "invalid")
                .increment(1);
            GenerateError::Invalid(problems.iter().map(ToString::to_string).collect())
        })
    }

    /// `proposed`, or `proposed-2` … `proposed-9` when the catalog has it (an invalid slug is
    /// returned as it is, for the schema check to report); `None` when all are taken.
    async fn free_slug(
        &self,
        language: Language,
        proposed: &str,
    ) -> anyhow::Result<Option<String>> {
        let Ok(slug) = Slug::parse(proposed) else {
            return Ok(Some(proposed.to_owned()));
        };
        for n in 1..10 {
            let candidate = if n == 1 {
                slug.clone()
            } else {
                match Slug::parse(&format!("{}-{n}", slug.as_str())) {
                    Ok(s) => s,
                    Err(_) => break,
                }
            };
            if self
                .ports
                .catalog
                .find_by_slug(language, &candidate)
                .await?
                .is_none()
            {
                return Ok(Some(candidate.as_str().to_owned()));
            }
        }
        Ok(None)
    }

    /// Runs the reference and the starter against every test: the reference must pass, the
    /// starter must run and fail a test (not crash, loop or fail to compile: a learner starts
    /// from it). Returns the problems (none when proven).
    async fn prove(&self, draft: &ExerciseDraft) -> Result<Vec<String>, RunnerError> {
        let run = |code: &str| RunRequest {
            language: draft.language,
            code: code.to_owned(),
            tests: draft
                .visible_tests
                .iter()
                .chain(&draft.hidden_tests)
                .cloned()
                .collect(),
            limits: draft.limits,
            caps: OutputCaps::default(),
        };
        let reference = self.ports.runner.run(run(&draft.reference)).await?;
        let starter = self.ports.runner.run(run(&draft.starter)).await?;
        let mut problems = Vec::new();
        if !reference.passed() {
            problems.push(format!(
                "the reference solution does not pass its tests: {}",
                what_failed(&reference)
            ));
        }
        match &starter {
            Verdict::TestsFailed { .. } => {}
            Verdict::Passed { .. } => problems.push(
                "the starter code passes every test, so the tests do not check the task".to_owned(),
            ),
            other => problems.push(format!(
                "the starter code must run and fail a test, but: {}",
                what_failed(other)
            )),
        }
        Ok(problems)
    }

    /// One generated exercise.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn get(&self, id: GenerationId) -> anyhow::Result<Option<GeneratedExercise>> {
        self.ports.store.get(id).await
    }

    /// A page of generated exercises, oldest first, and the cursor of the next page.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn list(
        &self,
        mut query: GeneratedQuery,
    ) -> anyhow::Result<(Vec<GeneratedExercise>, Option<GenerationId>)> {
        query.limit = query.limit.clamp(1, 100);
        let page = self.ports.store.list(&query).await?;
        let full = u64::try_from(page.len()).unwrap_or(u64::MAX) == query.limit;
        let next = full.then(|| page.last().map(|g| g.id)).flatten();
        Ok((page, next))
    }

    /// Approves a pending exercise: it enters the catalog as a new exercise (version 1).
    /// Approving again an exercise whose approval was cut short (marked published, but its
    /// catalog exercise not created: the process died in between) completes it.
    ///
    /// # Errors
    /// [`ReviewError::NotFound`], [`ReviewError::NotPending`], [`ReviewError::SlugTaken`]
    /// (nothing changed then), [`ReviewError::Unexpected`].
    pub async fn approve(
        &self,
        id: GenerationId,
        reviewer: UserId,
    ) -> Result<GeneratedExercise, ReviewError> {
        let stored = self
            .ports
            .store
            .get(id)
            .await?
            .ok_or(ReviewError::NotFound)?;
        if let (ReviewStatus::Published, Some(exercise)) = (stored.status, stored.exercise)
            && self.ports.catalog.get(exercise).await?.is_none()
        {
            self.publish(exercise, &stored.draft).await?;
            tracing::warn!(generation = %id, %exercise, "a cut-short approval was completed");
            return Ok(stored);
        }
        if stored.status != ReviewStatus::Pending {
            return Err(ReviewError::NotPending(stored.status));
        }
        let pending = stored;
        let draft = &pending.draft;
        let taken = || ReviewError::SlugTaken(draft.language, draft.slug.clone());
        if self
            .ports
            .catalog
            .find_by_slug(draft.language, &draft.slug)
            .await?
            .is_some()
        {
            return Err(taken());
        }
        let now = self.ports.clock.now();
        let exercise = ExerciseId::generate();
        let published = GeneratedExercise {
            status: ReviewStatus::Published,
            reviewer: Some(reviewer),
            exercise: Some(exercise),
            reviewed_at: Some(now),
            ..pending.clone()
        };
        if !self
            .ports
            .store
            .set_review(&published, ReviewStatus::Pending)
            .await?
        {
            return Err(self.not_pending(id).await);
        }
        if let Err(e) = self.publish(exercise, draft).await {
            // Put the review back, so nothing is half done.
            self.ports
                .store
                .set_review(&pending, ReviewStatus::Published)
                .await?;
            return match self
                .ports
                .catalog
                .find_by_slug(draft.language, &draft.slug)
                .await?
            {
                Some(_) => Err(taken()),
                None => Err(e.into()),
            };
        }
        metrics::counter!("mentor_generated_exercises_total", "outcome" => "published")
            .increment(1);
        tracing::info!(generation = %id, %exercise, %reviewer, "generated exercise published");
        Ok(published)
    }

    /// Rejects a pending exercise with a reason (1–[`MAX_REASON_CHARS`] characters).
    ///
    /// # Errors
    /// [`ReviewError::BadReason`], [`ReviewError::NotFound`], [`ReviewError::NotPending`],
    /// [`ReviewError::Unexpected`].
    pub async fn reject(
        &self,
        id: GenerationId,
        reviewer: UserId,
        reason: &str,
    ) -> Result<GeneratedExercise, ReviewError> {
        let reason = LearnerText::new(reason, MAX_REASON_CHARS)
            .map_err(|_| ReviewError::BadReason)?
            .into_string();
        let pending = self.pending(id).await?;
        let rejected = GeneratedExercise {
            status: ReviewStatus::Rejected,
            reviewer: Some(reviewer),
            reason: Some(reason),
            reviewed_at: Some(self.ports.clock.now()),
            ..pending
        };
        if !self
            .ports
            .store
            .set_review(&rejected, ReviewStatus::Pending)
            .await?
        {
            return Err(self.not_pending(id).await);
        }
        metrics::counter!("mentor_generated_exercises_total", "outcome" => "rejected").increment(1);
        // The same request must not be answered with it again.
        self.ports
            .writer
            .forget(&GenerationRequest {
                language: rejected.draft.language,
                topic: rejected.topic,
                difficulty: rejected.draft.difficulty,
                brief: rejected.brief.clone(),
            })
            .await;
        Ok(rejected)
    }

    /// Creates the catalog exercise `exercise` from `draft` (version 1).
    async fn publish(&self, exercise: ExerciseId, draft: &ExerciseDraft) -> anyhow::Result<()> {
        let version = ExerciseVersion {
            fingerprint: draft.fingerprint(),
            draft: draft.clone(),
            created_at: self.ports.clock.now(),
        };
        self.ports.catalog.create(exercise, &version).await
    }

    async fn pending(&self, id: GenerationId) -> Result<GeneratedExercise, ReviewError> {
        let generated = self
            .ports
            .store
            .get(id)
            .await?
            .ok_or(ReviewError::NotFound)?;
        if generated.status != ReviewStatus::Pending {
            return Err(ReviewError::NotPending(generated.status));
        }
        Ok(generated)
    }

    async fn not_pending(&self, id: GenerationId) -> ReviewError {
        match self.pending(id).await {
            Err(e) => e,
            Ok(_) => ReviewError::Unexpected(anyhow::anyhow!("the review of {id} did not stick")),
        }
    }
}
