//! The tutoring and chat wiring (the composition root's side): language-model providers from
//! `[llm]` behind a [`Router`], each wrapped in [`MeteredModel`] for per-provider metrics; the
//! tutor's view of learners and exercises ([`AppTutorContext`], which reads the catalog and
//! the learner's latest submission but hands the tutor neither the reference solution for a
//! prompt nor anything about hidden tests); and the tutor as chat's [`mentor_chat::Tutor`].

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use futures_util::StreamExt as _;
use mentor_auth::{ProfileRepository, Role, UserRepository};
use mentor_exercises::{CatalogRepository, GradingService, SubmissionQuery};
use mentor_kernel::{ExerciseId, SubmissionId, UserId};
use mentor_tutoring::{
    AnswerEvent, Attempt, ExerciseBrief, ExerciseView, GradedAttempt, LanguageModel, LearnerBrief,
    ModelError, ModelRequest, ModelStream, PriorTurn, Question, Refusal, Router, StreamEvent,
    TutorContext, TutorService,
};

use crate::config::{LlmSettings, ProviderKind};

/// A provider with metrics: requests, errors by kind, time to the first event and tokens,
/// labelled with the provider's name.
pub struct MeteredModel {
    inner: Arc<dyn LanguageModel>,
}

impl std::fmt::Debug for MeteredModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeteredModel")
            .field("provider", &self.inner.provider())
            .finish_non_exhaustive()
    }
}

fn error_kind(e: &ModelError) -> &'static str {
    match e {
        ModelError::RateLimited { .. } => "rate_limited",
        ModelError::Unavailable(_) => "unavailable",
        ModelError::Timeout(_) => "timeout",
        ModelError::Refused { .. } => "refused",
        ModelError::Protocol(_) => "protocol",
        ModelError::Interrupted => "interrupted",
    }
}

#[async_trait]
impl LanguageModel for MeteredModel {
    fn provider(&self) -> &str {
        self.inner.provider()
    }

    fn model(&self) -> &str {
        self.inner.model()
    }

    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let provider = self.inner.provider().to_owned();
        metrics::counter!("mentor_llm_requests_total", "provider" => provider.clone()).increment(1);
        let started = Instant::now();
        let answer = match self.inner.stream(request).await {
            Ok(answer) => answer,
            Err(e) => {
                metrics::counter!("mentor_llm_errors_total", "provider" => provider, "kind" => error_kind(&e)).increment(1);
                return Err(e);
            }
        };
        let mut first = true;
        Ok(Box::pin(answer.inspect(move |event| {
            if first {
                first = false;
                metrics::histogram!("mentor_llm_first_token_seconds", "provider" => provider.clone())
                    .record(started.elapsed().as_secs_f64());
            }
            match event {
                Ok(StreamEvent::Usage(usage)) => {
                    metrics::counter!("mentor_llm_tokens_total", "provider" => provider.clone(), "kind" => "prompt")
                        .increment(u64::from(usage.prompt_tokens));
                    metrics::counter!("mentor_llm_tokens_total", "provider" => provider.clone(), "kind" => "completion")
                        .increment(u64::from(usage.completion_tokens));
                }
                Err(e) => {
                    metrics::counter!("mentor_llm_errors_total", "provider" => provider.clone(), "kind" => error_kind(e)).increment(1);
                }
                Ok(_) => {}
            }
        })))
    }
}

/// The router over the configured providers, or `None` when there are none.
///
/// # Errors
/// When an HTTP client cannot be built.
pub fn router(settings: &LlmSettings) -> anyhow::Result<Option<Arc<Router>>> {
    if settings.providers.is_empty() {
        return Ok(None);
    }
    let mut providers: Vec<Arc<dyn LanguageModel>> = Vec::new();
    for p in &settings.providers {
        let inner: Arc<dyn LanguageModel> = match p.kind {
            ProviderKind::Openai => Arc::new(mentor_llm::OpenAiCompatibleModel::new(
                mentor_llm::OpenAiCompatibleSettings {
                    name: p.name.clone(),
                    model: p.model.clone(),
                    base_url: p.base_url.clone(),
                    api_key: p.api_key.clone(),
                    timeouts: settings.timeouts,
                },
            )?),
            ProviderKind::Anthropic => Arc::new(mentor_llm::AnthropicModel::new(
                mentor_llm::AnthropicSettings {
                    name: p.name.clone(),
                    model: p.model.clone(),
                    base_url: p.base_url.clone(),
                    api_key: p.api_key.clone().unwrap_or_else(|| String::new().into()),
                    timeouts: settings.timeouts,
                },
            )?),
        };
        providers.push(Arc::new(MeteredModel { inner }));
    }
    Ok(Some(Arc::new(Router::new(providers, settings.routing))))
}

/// The tutor's view of learners (profile level, role as budget tier) and exercises (statement,
/// visible tests, the learner's latest graded attempt as they saw it).
pub struct AppTutorContext {
    users: Arc<dyn UserRepository>,
    profiles: Arc<dyn ProfileRepository>,
    catalog: Arc<dyn CatalogRepository>,
    grading: Arc<GradingService>,
}

impl std::fmt::Debug for AppTutorContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppTutorContext").finish_non_exhaustive()
    }
}

impl AppTutorContext {
    /// Over these stores.
    #[must_use]
    pub fn new(
        users: Arc<dyn UserRepository>,
        profiles: Arc<dyn ProfileRepository>,
        catalog: Arc<dyn CatalogRepository>,
        grading: Arc<GradingService>,
    ) -> Self {
        Self {
            users,
            profiles,
            catalog,
            grading,
        }
    }
}

/// A verdict as words for the tutor: the learner's summary and the visible tests' results;
/// hidden tests only as a count.
fn verdict_text(verdict: &mentor_exercises::Verdict) -> String {
    let view = crate::http::submissions::VerdictView::from(verdict);
    let mut text = view.summary.clone();
    if let Some(message) = &view.message {
        text.push_str(&format!("\n{message}"));
    }
    let mut hidden_failed = 0;
    for test in &view.tests {
        if test.hidden {
            hidden_failed += usize::from(!test.passed);
            continue;
        }
        let outcome = if test.passed { "passed" } else { "failed" };
        text.push_str(&format!("\n- {}: {outcome}", test.name));
        if let Some(message) = &test.message {
            text.push_str(&format!(" — {message}"));
        }
    }
    if hidden_failed > 0 {
        text.push_str(&format!("\n{hidden_failed} hidden test(s) failed."));
    }
    text
}

/// The budget tier of an account: its highest role.
#[must_use]
pub fn tier(roles: &[Role]) -> Role {
    [Role::Admin, Role::Mentor, Role::Learner]
        .into_iter()
        .find(|r| roles.contains(r))
        .unwrap_or(Role::Learner)
}

#[async_trait]
impl TutorContext for AppTutorContext {
    async fn learner(&self, user: UserId) -> anyhow::Result<LearnerBrief> {
        let (account, profile) = tokio::join!(self.users.find_by_id(user), self.profiles.get(user));
        let roles = account?.map(|u| u.roles).unwrap_or_default();
        let profile = profile?;
        let level = profile
            .as_ref()
            .and_then(|p| p.level)
            .map_or("beginner", |l| l.as_str());
        Ok(LearnerBrief {
            level: level.to_owned(),
            tier: tier(&roles).as_str().to_owned(),
            help: profile.and_then(|p| p.help).unwrap_or_default(),
        })
    }

    async fn exercise(
        &self,
        user: UserId,
        exercise: ExerciseId,
    ) -> anyhow::Result<Option<ExerciseView>> {
        let Some(found) = self.catalog.get(exercise).await? else {
            return Ok(None);
        };
        let (latest, _) = self
            .grading
            .list(SubmissionQuery {
                user,
                exercise: Some(exercise),
                before: None,
                limit: 10,
            })
            .await?;
        let latest = latest.into_iter().find_map(|s| {
            s.verdict.as_ref().map(|v| Attempt {
                code: s.code.clone(),
                verdict: verdict_text(v),
            })
        });
        let draft = found.current.draft;
        Ok(Some(ExerciseView {
            brief: ExerciseBrief {
                title: draft.title,
                language: draft.language.as_str().to_owned(),
                statement: draft.statement,
                visible_tests: draft
                    .visible_tests
                    .into_iter()
                    .map(|f| (f.name, f.content))
                    .collect(),
                latest,
                help_cap: draft.help_cap,
            },
            reference: draft.reference,
        }))
    }

    async fn graded_attempt(
        &self,
        user: UserId,
        submission: SubmissionId,
    ) -> anyhow::Result<Option<GradedAttempt>> {
        let Some(found) = self.grading.get(user, submission).await? else {
            return Ok(None);
        };
        Ok(found.verdict.as_ref().map(|v| GradedAttempt {
            exercise: found.exercise,
            attempt: Attempt {
                code: found.code.clone(),
                verdict: verdict_text(v),
            },
            passed: v.passed(),
        }))
    }
}

/// The tutor as chat's port.
#[derive(Debug, Clone)]
pub struct ChatTutor(pub Arc<TutorService>);

fn prior(turns: Vec<mentor_chat::Turn>) -> Vec<PriorTurn> {
    turns
        .into_iter()
        .map(|t| match t.author {
            mentor_chat::Author::Learner => PriorTurn::Learner(t.text),
            mentor_chat::Author::Tutor => PriorTurn::Tutor(t.text),
        })
        .collect()
}

/// What the learner is told when the tutor's answer fails.
fn failure(e: &ModelError) -> mentor_chat::TutorFailure {
    mentor_chat::TutorFailure(match e {
        ModelError::Interrupted => "the answer was cut off".to_owned(),
        ModelError::Timeout(_) => "the tutor took too long to answer".to_owned(),
        _ => "the tutor is unavailable right now".to_owned(),
    })
}

#[async_trait]
impl mentor_chat::Tutor for ChatTutor {
    async fn answer(
        &self,
        request: mentor_chat::TutorRequest,
    ) -> Result<mentor_chat::TutorStream, mentor_chat::TutorRefusal> {
        let question = Question {
            learner: request.learner,
            exercise: request.exercise,
            summary: request.summary,
            history: prior(request.history),
            text: request.question,
        };
        let answer = self.0.answer(question).await.map_err(|e| match e {
            Refusal::Unavailable => mentor_chat::TutorRefusal::Unavailable,
            Refusal::Limited {
                reason,
                retry_after,
            } => mentor_chat::TutorRefusal::Limited {
                reason: reason.to_owned(),
                retry_after,
            },
            Refusal::UnknownExercise => mentor_chat::TutorRefusal::UnknownExercise,
            Refusal::Unexpected(e) => mentor_chat::TutorRefusal::Unexpected(e),
        })?;
        Ok(Box::pin(answer.map(|event| match event {
            Ok(AnswerEvent::Delta(text)) => Ok(mentor_chat::TutorEvent::Delta(text)),
            Ok(AnswerEvent::Usage(u)) => Ok(mentor_chat::TutorEvent::Usage {
                prompt_tokens: u.prompt_tokens,
                completion_tokens: u.completion_tokens,
            }),
            Err(e) => Err(failure(&e)),
        })))
    }

    async fn summarize(
        &self,
        learner: UserId,
        previous: Option<String>,
        turns: Vec<mentor_chat::Turn>,
    ) -> Result<String, mentor_chat::TutorFailure> {
        self.0
            .summarize(learner, previous.as_deref(), &prior(turns))
            .await
            .map_err(|e| failure(&e))
    }
}

/// The tutor as the exercises domain's [`mentor_exercises::ExerciseWriter`]: the generation
/// prompt, structured output with the written-exercise schema, the admin's budget and rate.
#[derive(Debug, Clone)]
pub struct TutorExerciseWriter(pub Arc<TutorService>);

fn spec(request: &mentor_exercises::GenerationRequest) -> mentor_tutoring::ExerciseSpec {
    mentor_tutoring::ExerciseSpec {
        language: request.language,
        topic: request.topic,
        difficulty: request.difficulty,
        brief: request.brief.clone(),
    }
}

#[async_trait]
impl mentor_exercises::ExerciseWriter for TutorExerciseWriter {
    async fn write(
        &self,
        by: UserId,
        request: &mentor_exercises::GenerationRequest,
    ) -> Result<mentor_exercises::Written, mentor_exercises::WriteError> {
        use mentor_exercises::WriteError;
        let schema = mentor_tutoring::JsonSchema {
            name: "exercise".to_owned(),
            schema: mentor_exercises::written_exercise_schema(),
        };
        let text = self
            .0
            .write_exercise(by, &spec(request), schema)
            .await
            .map_err(|e| match e {
                mentor_tutoring::AssistError::Refused(Refusal::Unavailable) => {
                    WriteError::Unavailable
                }
                mentor_tutoring::AssistError::Refused(Refusal::Limited {
                    reason,
                    retry_after,
                }) => WriteError::Limited {
                    reason: reason.to_owned(),
                    retry_after,
                },
                mentor_tutoring::AssistError::Refused(Refusal::Unexpected(e)) => {
                    WriteError::Unexpected(e)
                }
                mentor_tutoring::AssistError::Failed(e) => WriteError::Failed(failure(&e).0),
                other => WriteError::Unexpected(anyhow::anyhow!(other)),
            })?;
        Ok(mentor_exercises::Written {
            json: text.text,
            cached: text.cached,
        })
    }

    async fn remember(
        &self,
        request: &mentor_exercises::GenerationRequest,
        written: &mentor_exercises::Written,
    ) {
        self.0
            .remember_exercise(&spec(request), &written.json)
            .await;
    }

    async fn forget(&self, request: &mentor_exercises::GenerationRequest) {
        self.0.forget_exercise(&spec(request)).await;
    }
}
