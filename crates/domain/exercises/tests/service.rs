//! The catalog use cases on in-memory adapters with a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use mentor_exercises::{
    CatalogQuery, Difficulty, ExerciseDraft, ExerciseService, Hint, HintError, Limits, SeedError,
    Slug, SourceFile, Topic,
};
use mentor_kernel::{Language, ManualClock, UserId};
use mentor_memory::{MemoryCatalogRepository, MemoryHintLedger};
use time::OffsetDateTime;

fn draft(slug: &str, language: Language, difficulty: u8, topics: &[Topic]) -> ExerciseDraft {
    ExerciseDraft {
        language,
        slug: Slug::parse(slug).unwrap(),
        version: 1,
        title: format!("Exercise {slug}"),
        difficulty: Difficulty::new(difficulty).unwrap(),
        topics: topics.to_vec(),
        statement: "# Task\n\n## Example\n".to_owned(),
        starter: "def f():\n    pass\n".to_owned(),
        visible_tests: vec![SourceFile {
            name: "test_visible.py".to_owned(),
            content: "visible".to_owned(),
        }],
        hidden_tests: vec![SourceFile {
            name: "test_hidden.py".to_owned(),
            content: "hidden".to_owned(),
        }],
        reference: "def f():\n    return 1\n".to_owned(),
        hints: ["nudge", "pointer", "near-solution"]
            .into_iter()
            .map(|t| Hint { text: t.to_owned() })
            .collect(),
        limits: Limits {
            cpu_ms: 2000,
            wall_ms: 5000,
            memory_mb: 128,
        },
        help_cap: None,
    }
}

fn service() -> (ExerciseService, MemoryCatalogRepository) {
    let catalog = MemoryCatalogRepository::new();
    let clock = ManualClock::at(OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap());
    let service = ExerciseService::new(
        Arc::new(catalog.clone()),
        Arc::new(MemoryHintLedger::new()),
        Arc::new(clock),
    );
    (service, catalog)
}

#[tokio::test]
async fn seeding_is_idempotent_and_a_changed_exercise_gets_a_new_version() {
    let (service, catalog) = service();
    let a = draft("alpha", Language::Python, 1, &[Topic::Strings]);
    let b = draft("beta", Language::JavaScript, 2, &[Topic::Lists]);
    let report = service.seed(vec![a.clone(), b.clone()]).await.unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (2, 0, 0)
    );
    let report = service.seed(vec![a.clone(), b.clone()]).await.unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 2)
    );

    let id = service
        .list(CatalogQuery {
            language: Some(Language::Python),
            limit: 10,
            ..CatalogQuery::default()
        })
        .await
        .unwrap()
        .exercises[0]
        .id;
    let mut changed = a.clone();
    changed.statement.push_str("More detail.\n");
    let refused = service.seed(vec![b.clone(), changed.clone()]).await;
    assert!(
        matches!(
            refused,
            Err(SeedError::ChangedWithoutNewVersion {
                version: 1,
                stored: 1,
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        service.get(id).await.unwrap().unwrap().current.draft,
        a,
        "nothing changed"
    );

    changed.version = 2;
    let report = service.seed(vec![changed.clone(), b]).await.unwrap();
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 1, 1)
    );
    let current = service.get(id).await.unwrap().unwrap();
    assert_eq!(current.id, id, "the id survives a new version");
    assert_eq!(current.current.draft, changed);
    let old = mentor_exercises::CatalogRepository::get_version(&catalog, id, 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.draft, a, "old submissions keep their version");
}

#[tokio::test]
async fn a_catalog_with_a_duplicate_is_refused_whole() {
    let (service, _) = service();
    let a = draft("alpha", Language::Python, 1, &[Topic::Strings]);
    let refused = service
        .seed(vec![
            draft("zeta", Language::Python, 1, &[Topic::Math]),
            a.clone(),
            a,
        ])
        .await;
    assert!(matches!(refused, Err(SeedError::Duplicate(..))));
    let page = service
        .list(CatalogQuery {
            limit: 10,
            ..CatalogQuery::default()
        })
        .await
        .unwrap();
    assert!(page.exercises.is_empty(), "nothing was written");
}

#[tokio::test]
async fn the_catalog_filters_and_pages() {
    let (service, _) = service();
    let drafts = vec![
        draft(
            "a-one",
            Language::Python,
            1,
            &[Topic::Strings, Topic::Loops],
        ),
        draft("a-two", Language::Python, 3, &[Topic::Recursion]),
        draft("a-three", Language::JavaScript, 3, &[Topic::Loops]),
    ];
    service.seed(drafts).await.unwrap();
    let query = |f: fn(&mut CatalogQuery)| {
        let mut q = CatalogQuery {
            limit: 10,
            ..CatalogQuery::default()
        };
        f(&mut q);
        q
    };
    let slugs = |page: mentor_exercises::CatalogPage| -> Vec<String> {
        page.exercises
            .iter()
            .map(|e| e.current.draft.slug.to_string())
            .collect()
    };
    let loops = service
        .list(query(|q| q.topic = Some(Topic::Loops)))
        .await
        .unwrap();
    assert_eq!(slugs(loops), vec!["a-one", "a-three"]);
    let hard = service
        .list(query(|q| q.difficulty = Difficulty::new(3)))
        .await
        .unwrap();
    assert_eq!(slugs(hard), vec!["a-two", "a-three"]);
    let first = service.list(query(|q| q.limit = 2)).await.unwrap();
    let next = first.next.unwrap();
    let rest = service
        .list(CatalogQuery {
            after: Some(next),
            limit: 2,
            ..CatalogQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(slugs(rest.clone()), vec!["a-three"]);
    assert!(rest.next.is_none());
}

#[tokio::test]
async fn hints_are_revealed_one_rung_at_a_time_per_learner() {
    let (service, _) = service();
    service
        .seed(vec![draft("alpha", Language::Python, 1, &[Topic::Strings])])
        .await
        .unwrap();
    let exercise = service
        .list(CatalogQuery {
            limit: 1,
            ..CatalogQuery::default()
        })
        .await
        .unwrap()
        .exercises
        .remove(0);
    let (ada, bob) = (UserId::generate(), UserId::generate());
    for (index, text) in [(1, "nudge"), (2, "pointer"), (3, "near-solution")] {
        let hint = service.reveal_hint(ada, exercise.id).await.unwrap();
        assert_eq!(
            (hint.index, hint.total, hint.hint.text.as_str()),
            (index, 3, text)
        );
    }
    assert!(matches!(
        service.reveal_hint(ada, exercise.id).await,
        Err(HintError::NoMoreHints { total: 3 })
    ));
    let (shown, total) = service.revealed_hints(bob, &exercise).await.unwrap();
    assert!(
        shown.is_empty() && total == 3,
        "Bob sees none of Ada's hints"
    );
    let (shown, _) = service.revealed_hints(ada, &exercise).await.unwrap();
    assert_eq!(shown.len(), 3);
    assert!(matches!(
        service
            .reveal_hint(ada, mentor_kernel::ExerciseId::generate())
            .await,
        Err(HintError::NotFound)
    ));
}

// --- grading --------------------------------------------------------------------------------

mod grading {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use async_trait::async_trait;
    use mentor_exercises::{
        CodeRunner, ExerciseService, GradeStep, GradingPorts, GradingService, GradingSettings,
        RunRequest, RunnerError, SubmissionQuery, SubmissionRepository, SubmissionStatus,
        SubmittedCode, TestOutcome, Verdict,
    };
    use mentor_kernel::{Clock, ExerciseId, Language, ManualClock, UserId};
    use mentor_memory::{
        MemoryCatalogRepository, MemoryHintLedger, MemoryRateLimiter, MemorySubmissionRepository,
        RecordingGradingEvents,
    };
    use time::OffsetDateTime;
    use uuid::Uuid;

    use super::draft;

    /// Passes code that contains `return 1`, with the code as the tests' message and output
    /// (as learner code that prints what it reads could); fails for good when `broken`; crashes
    /// on hidden tests when `crash_hidden`. Records requests.
    #[derive(Default)]
    struct ScriptedRunner {
        broken: Mutex<bool>,
        crash_hidden: Mutex<bool>,
        requests: Mutex<Vec<RunRequest>>,
    }

    #[async_trait]
    impl CodeRunner for ScriptedRunner {
        async fn self_check(&self) -> Result<(), RunnerError> {
            Ok(())
        }

        async fn run(&self, request: RunRequest) -> Result<Verdict, RunnerError> {
            self.requests.lock().unwrap().push(request.clone());
            if *self.broken.lock().unwrap() {
                return Err(RunnerError::Infrastructure(anyhow::anyhow!(
                    "sandbox broke"
                )));
            }
            let hidden = request.tests.iter().any(|t| t.name.contains("hidden"));
            if hidden && *self.crash_hidden.lock().unwrap() {
                return Ok(Verdict::RuntimeError {
                    message: "secret hidden test text".to_owned(),
                });
            }
            Ok(Verdict::from_tests(vec![TestOutcome {
                name: "returns one".to_owned(),
                passed: request.code.contains("return 1"),
                message: Some(format!("read: {}", request.tests[0].content)),
                output: Some("printed".to_owned()),
                hidden: false,
            }]))
        }
    }

    struct World {
        grading: GradingService,
        exercises: ExerciseService,
        submissions: MemorySubmissionRepository,
        events: RecordingGradingEvents,
        runner: Arc<ScriptedRunner>,
        clock: ManualClock,
        exercise: ExerciseId,
    }

    async fn world() -> World {
        let catalog = MemoryCatalogRepository::new();
        let hints = MemoryHintLedger::new();
        let submissions = MemorySubmissionRepository::new();
        let events = RecordingGradingEvents::new();
        let runner = Arc::new(ScriptedRunner::default());
        let clock = ManualClock::at(OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap());
        let exercises = ExerciseService::new(
            Arc::new(catalog.clone()),
            Arc::new(hints.clone()),
            Arc::new(clock.clone()),
        );
        exercises
            .seed(vec![draft("alpha", Language::Python, 1, &[])])
            .await
            .unwrap();
        let exercise = exercises
            .list(mentor_exercises::CatalogQuery {
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .exercises[0]
            .id;
        let grading = GradingService::new(
            GradingPorts {
                catalog: Arc::new(catalog),
                submissions: Arc::new(submissions.clone()),
                hints: Arc::new(hints),
                runner: runner.clone(),
                events: Arc::new(events.clone()),
                limiter: Arc::new(MemoryRateLimiter::new(Arc::new(clock.clone()))),
                clock: Arc::new(clock.clone()),
            },
            GradingSettings {
                lease: Duration::from_secs(30),
                max_attempts: 3,
                run_cpu_ms: 1000,
                run_wall_ms: 2000,
                ..GradingSettings::default()
            },
        );
        World {
            grading,
            exercises,
            submissions,
            events,
            runner,
            clock,
            exercise,
        }
    }

    fn code(text: &str) -> SubmittedCode {
        SubmittedCode::new(text.to_owned()).unwrap()
    }

    #[tokio::test]
    async fn a_submission_is_stored_first_then_graded_once_and_published() {
        let w = world().await;
        let learner = UserId::generate();
        w.exercises.reveal_hint(learner, w.exercise).await.unwrap();
        let first = w
            .grading
            .submit(learner, w.exercise, code("def f():\n    return 2\n"))
            .await
            .unwrap();
        assert_eq!(first.status, SubmissionStatus::Queued);
        assert_eq!(
            w.grading.grade_next().await.unwrap(),
            GradeStep::Graded(first.id)
        );
        w.clock.advance(time::Duration::minutes(5));
        let second = w
            .grading
            .submit(learner, w.exercise, code("def f():\n    return 1\n"))
            .await
            .unwrap();
        assert_eq!(
            w.grading.grade_next().await.unwrap(),
            GradeStep::Graded(second.id)
        );
        assert_eq!(w.grading.grade_next().await.unwrap(), GradeStep::Idle);

        let stored = w.grading.get(learner, second.id).await.unwrap().unwrap();
        assert_eq!(stored.status, SubmissionStatus::Graded);
        assert!(stored.verdict.unwrap().passed());
        // Graded in two runs: visible tests, then hidden ones.
        let requests = w.runner.requests.lock().unwrap().clone();
        assert_eq!(requests.len(), 4);
        assert_eq!(requests[2].tests[0].name, "test_visible.py");
        assert_eq!(requests[3].tests[0].name, "test_hidden.py");

        let events = w.events.events();
        assert_eq!(events.len(), 2);
        assert!(!events[0].verdict.passed());
        assert_eq!(events[1].attempts, 2);
        assert_eq!(events[1].hints_used, 1);
        assert_eq!(events[1].time_spent, Duration::from_secs(300));
        assert_eq!(events[1].version, 1);
    }

    #[tokio::test]
    async fn a_worker_that_dies_mid_job_loses_the_submission_to_another_after_its_lease() {
        let w = world().await;
        let learner = UserId::generate();
        let s = w
            .grading
            .submit(learner, w.exercise, code("return 1"))
            .await
            .unwrap();
        // A worker claims it and dies.
        let dead = Uuid::new_v4();
        let claimed = w
            .submissions
            .claim(dead, Clock::now(&w.clock), Duration::from_secs(30))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.id, s.id);
        // While its lease lasts nobody else takes it.
        assert_eq!(w.grading.grade_next().await.unwrap(), GradeStep::Idle);
        w.clock.advance(time::Duration::seconds(31));
        assert_eq!(
            w.grading.grade_next().await.unwrap(),
            GradeStep::Graded(s.id)
        );
        // The dead worker coming back cannot record a second verdict.
        let late = w
            .submissions
            .complete(s.id, dead, &Verdict::OutputLimit, Clock::now(&w.clock))
            .await
            .unwrap();
        assert!(!late);
        let stored = w.grading.get(learner, s.id).await.unwrap().unwrap();
        assert!(stored.verdict.unwrap().passed());
        assert_eq!(stored.attempts, 2);
        assert_eq!(w.events.events().len(), 1);
    }

    #[tokio::test]
    async fn an_event_that_could_not_be_delivered_is_published_again_once() {
        let w = world().await;
        w.events.fail_next(1);
        let learner = UserId::generate();
        let s = w
            .grading
            .submit(learner, w.exercise, code("return 1"))
            .await
            .unwrap();
        assert_eq!(
            w.grading.grade_next().await.unwrap(),
            GradeStep::Graded(s.id)
        );
        assert!(w.events.events().is_empty(), "the delivery failed");
        // Not before a lease has passed (the grading worker may still be delivering).
        assert_eq!(w.grading.republish(None, 10).await.unwrap(), (0, None));
        w.clock.advance(time::Duration::seconds(31));
        assert_eq!(w.grading.republish(None, 10).await.unwrap(), (1, None));
        assert_eq!(
            w.grading.republish(None, 10).await.unwrap(),
            (0, None),
            "delivered once"
        );
        let events = w.events.events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].submission, s.id);
        assert_eq!(events[0].submitted_at, s.created_at);
        assert!(events[0].verdict.passed());
    }

    #[tokio::test]
    async fn runner_failures_are_retried_then_failed_and_never_become_a_verdict() {
        let w = world().await;
        *w.runner.broken.lock().unwrap() = true;
        let learner = UserId::generate();
        let s = w
            .grading
            .submit(learner, w.exercise, code("return 1"))
            .await
            .unwrap();
        for _ in 0..3 {
            assert_eq!(
                w.grading.grade_next().await.unwrap(),
                GradeStep::Released(s.id)
            );
        }
        assert_eq!(w.grading.grade_next().await.unwrap(), GradeStep::Idle);
        let stored = w.grading.get(learner, s.id).await.unwrap().unwrap();
        assert_eq!(stored.status, SubmissionStatus::Failed);
        assert_eq!(stored.verdict, None);
        assert!(w.events.events().is_empty());
    }

    #[tokio::test]
    async fn learners_see_only_their_own_submissions_newest_first_by_cursor() {
        let w = world().await;
        let (a, b) = (UserId::generate(), UserId::generate());
        let mut mine = Vec::new();
        for i in 0..3 {
            mine.push(
                w.grading
                    .submit(a, w.exercise, code(&format!("# {i}")))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let theirs = w.grading.submit(b, w.exercise, code("x")).await.unwrap();
        assert!(w.grading.get(a, theirs.id).await.unwrap().is_none());
        let query = |before| SubmissionQuery {
            user: a,
            exercise: Some(w.exercise),
            before,
            limit: 2,
        };
        let (page, next) = w.grading.list(query(None)).await.unwrap();
        assert_eq!(
            page.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![mine[2], mine[1]]
        );
        let (page, next) = w.grading.list(query(next)).await.unwrap();
        assert_eq!(page.iter().map(|s| s.id).collect::<Vec<_>>(), vec![mine[0]]);
        assert_eq!(next, None);
    }

    #[tokio::test]
    async fn run_uses_only_the_visible_tests_with_the_run_limits_and_records_nothing() {
        let w = world().await;
        let verdict = w
            .grading
            .run_visible(UserId::generate(), w.exercise, code("return 1"))
            .await
            .unwrap();
        assert!(verdict.passed());
        let request = w.runner.requests.lock().unwrap()[0].clone();
        assert_eq!(request.tests.len(), 1);
        assert_eq!(request.tests[0].name, "test_visible.py");
        assert_eq!(
            (request.limits.cpu_ms, request.limits.wall_ms),
            (1000, 2000)
        );
        assert_eq!(w.grading.grade_next().await.unwrap(), GradeStep::Idle);
    }

    #[tokio::test]
    async fn nothing_learner_code_controls_comes_back_from_a_hidden_test() {
        let w = world().await;
        let learner = UserId::generate();
        let s = w
            .grading
            .submit(learner, w.exercise, code("return 1"))
            .await
            .unwrap();
        w.grading.grade_next().await.unwrap();
        let verdict = w.grading.get(learner, s.id).await.unwrap().unwrap().verdict;
        let Some(Verdict::Passed { tests }) = verdict else {
            panic!("expected a pass, got {verdict:?}");
        };
        assert_eq!(tests.len(), 2);
        let (visible, hidden) = (&tests[0], &tests[1]);
        assert!(!visible.hidden && visible.output.is_some());
        assert!(hidden.hidden && hidden.passed);
        assert_eq!((&hidden.message, &hidden.output), (&None, &None));

        // A crash while the hidden tests load is reported without its message.
        *w.runner.crash_hidden.lock().unwrap() = true;
        let s = w
            .grading
            .submit(learner, w.exercise, code("return 1"))
            .await
            .unwrap();
        w.grading.grade_next().await.unwrap();
        let verdict = w.grading.get(learner, s.id).await.unwrap().unwrap().verdict;
        let Some(Verdict::RuntimeError { message }) = verdict else {
            panic!("expected a runtime error, got {verdict:?}");
        };
        assert_eq!(message, mentor_exercises::HIDDEN_CRASH);
    }

    #[tokio::test]
    async fn runs_and_submissions_are_limited_per_learner() {
        let w = world().await;
        let (a, b) = (UserId::generate(), UserId::generate());
        let burst = GradingSettings::default().run_policy.burst;
        for _ in 0..burst {
            w.grading
                .run_visible(a, w.exercise, code("return 1"))
                .await
                .unwrap();
        }
        let refused = w.grading.run_visible(a, w.exercise, code("return 1")).await;
        assert!(matches!(
            refused,
            Err(mentor_exercises::SubmitError::Throttled(_))
        ));
        // Another learner is not affected, and a refused run ran nothing.
        let runs = w.runner.requests.lock().unwrap().len();
        assert_eq!(runs, usize::try_from(burst).unwrap());
        w.grading
            .run_visible(b, w.exercise, code("return 1"))
            .await
            .unwrap();

        let burst = GradingSettings::default().submit_policy.burst;
        for _ in 0..burst {
            w.grading
                .submit(a, w.exercise, code("return 1"))
                .await
                .unwrap();
        }
        let refused = w.grading.submit(a, w.exercise, code("return 1")).await;
        assert!(matches!(
            refused,
            Err(mentor_exercises::SubmitError::Throttled(_))
        ));
        let (stored, _) = w
            .grading
            .list(SubmissionQuery {
                user: a,
                exercise: None,
                before: None,
                limit: 100,
            })
            .await
            .unwrap();
        assert_eq!(stored.len(), usize::try_from(burst).unwrap());
    }

    #[test]
    fn code_is_checked_at_the_edge() {
        assert!(SubmittedCode::new("   \n".to_owned()).is_err());
        assert!(SubmittedCode::new("x".repeat(SubmittedCode::MAX_BYTES + 1)).is_err());
        assert!(SubmittedCode::new("a\0b".to_owned()).is_err());
    }
}

mod generation {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use async_trait::async_trait;
    use mentor_exercises::{
        CatalogRepository, CodeRunner, ExerciseVersion, ExerciseWriter, GenerateError,
        GeneratedQuery, GenerationPorts, GenerationRequest, GenerationService, GenerationSettings,
        ReviewError, ReviewStatus, RunRequest, RunnerError, TestOutcome, Topic, Verdict,
        WriteError, Written,
    };
    use mentor_kernel::{Difficulty, ExerciseId, Language, ManualClock, UserId};
    use mentor_memory::{MemoryCatalogRepository, MemoryGeneratedExercises};
    use time::OffsetDateTime;

    /// Passes code containing `2 * n`; crashes on code containing `raise`; fails everything
    /// else (or errors when `broken`).
    #[derive(Default)]
    struct DoublingRunner {
        broken: bool,
        runs: Mutex<Vec<RunRequest>>,
    }

    #[async_trait]
    impl CodeRunner for DoublingRunner {
        async fn self_check(&self) -> Result<(), RunnerError> {
            Ok(())
        }

        async fn run(&self, request: RunRequest) -> Result<Verdict, RunnerError> {
            self.runs.lock().unwrap().push(request.clone());
            if self.broken {
                return Err(RunnerError::Unavailable("no sandbox here".to_owned()));
            }
            if request.code.contains("raise") {
                return Ok(Verdict::RuntimeError {
                    message: "NotImplementedError".to_owned(),
                });
            }
            let passed = request.code.contains("2 * n");
            Ok(Verdict::from_tests(vec![TestOutcome {
                name: "doubles three".to_owned(),
                passed,
                message: (!passed).then(|| "6 != 0".to_owned()),
                output: None,
                hidden: false,
            }]))
        }
    }

    /// Answers from a script; remembers what it is told to and answers that from then on.
    #[derive(Default)]
    struct ScriptedWriter {
        answers: Mutex<VecDeque<Result<String, WriteError>>>,
        remembered: Mutex<Option<String>>,
        calls: Mutex<u32>,
    }

    #[async_trait]
    impl ExerciseWriter for ScriptedWriter {
        async fn write(
            &self,
            _by: UserId,
            _request: &GenerationRequest,
        ) -> Result<Written, WriteError> {
            if let Some(json) = self.remembered.lock().unwrap().clone() {
                return Ok(Written { json, cached: true });
            }
            *self.calls.lock().unwrap() += 1;
            let json = self
                .answers
                .lock()
                .unwrap()
                .pop_front()
                .expect("a scripted answer")?;
            Ok(Written {
                json,
                cached: false,
            })
        }

        async fn remember(&self, _request: &GenerationRequest, written: &Written) {
            *self.remembered.lock().unwrap() = Some(written.json.clone());
        }

        async fn forget(&self, _request: &GenerationRequest) {
            *self.remembered.lock().unwrap() = None;
        }
    }

    fn exercise_json(starter_body: &str, extra: &str) -> String {
        serde_json::json!({
            "slug": "double-it",
            "title": "Double it",
            "topics": ["math"],
            "statement": "# Double it\n\nWrite `double(n)` returning twice `n`, for any integer `n`.\n\n## Example\n\n`double(4)` is 8.\n",
            "starter": format!("def double(n):\n    {starter_body}\n"),
            "reference": "def double(n):\n    return 2 * n\n",
            "visible_test": "import unittest\nfrom main import double\n",
            "hidden_test": "import unittest\nfrom main import double\n",
            "hints": ["What is twice a number?", "Multiply.", "Multiply n by two."],
        })
        .to_string()
        .replacen('{', &format!("{{{extra}"), 1)
    }

    fn good() -> String {
        exercise_json("return 0", "")
    }

    struct World {
        service: GenerationService,
        writer: Arc<ScriptedWriter>,
        runner: Arc<DoublingRunner>,
        catalog: MemoryCatalogRepository,
        store: MemoryGeneratedExercises,
    }

    fn world_with(
        answers: Vec<Result<String, WriteError>>,
        runner: DoublingRunner,
        publish: bool,
    ) -> World {
        let writer = Arc::new(ScriptedWriter {
            answers: Mutex::new(answers.into()),
            ..ScriptedWriter::default()
        });
        let runner = Arc::new(runner);
        let catalog = MemoryCatalogRepository::new();
        let store = MemoryGeneratedExercises::new();
        let clock = ManualClock::at(OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap());
        let service = GenerationService::new(
            GenerationPorts {
                writer: writer.clone(),
                runner: runner.clone(),
                store: Arc::new(store.clone()),
                catalog: Arc::new(catalog.clone()),
                clock: Arc::new(clock),
            },
            GenerationSettings {
                publish_without_review: publish,
            },
        );
        World {
            service,
            writer,
            runner,
            catalog,
            store,
        }
    }

    fn world(answers: Vec<Result<String, WriteError>>) -> World {
        world_with(answers, DoublingRunner::default(), false)
    }

    fn request() -> GenerationRequest {
        GenerationRequest::new(
            Language::Python,
            Topic::Loops,
            Difficulty::new(2).unwrap(),
            Some("  about \u{202e}doubling\u{0007} "),
        )
        .unwrap()
    }

    async fn stored(world: &World) -> usize {
        use mentor_exercises::GeneratedExerciseRepository as _;
        world
            .store
            .list(&GeneratedQuery {
                status: None,
                after: None,
                limit: 100,
            })
            .await
            .unwrap()
            .len()
    }

    fn invalid(result: Result<mentor_exercises::GeneratedExercise, GenerateError>) -> String {
        match result {
            Err(GenerateError::Invalid(problems)) => problems.join("\n"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_proven_exercise_is_stored_pending_and_the_same_request_comes_from_the_cache() {
        let world = world(vec![Ok(good())]);
        let admin = UserId::generate();
        let generated = world.service.generate(admin, request()).await.unwrap();
        assert_eq!(generated.status, ReviewStatus::Pending);
        assert_eq!(
            generated.brief.as_deref(),
            Some("about doubling"),
            "brief cleaned"
        );
        let draft = &generated.draft;
        assert_eq!(draft.slug.as_str(), "double-it");
        assert_eq!(
            (draft.language, draft.difficulty.get(), draft.version),
            (Language::Python, 2, 1)
        );
        assert_eq!(
            draft.topics,
            vec![Topic::Loops, Topic::Math],
            "the requested topic is added"
        );
        assert_eq!(draft.limits.memory_mb, 128);
        // Reference and starter each ran once against visible and hidden tests.
        let runs = world.runner.runs.lock().unwrap().clone();
        assert_eq!(runs.len(), 2);
        assert!(runs.iter().all(|r| r.tests.len() == 2));
        assert_eq!(
            world.service.get(generated.id).await.unwrap(),
            Some(generated.clone())
        );
        assert!(
            world
                .catalog
                .find_by_slug(Language::Python, &draft.slug)
                .await
                .unwrap()
                .is_none(),
            "not in the catalog before review"
        );

        let again = world.service.generate(admin, request()).await.unwrap();
        assert_eq!(
            *world.writer.calls.lock().unwrap(),
            1,
            "the proven answer was cached"
        );
        assert_eq!(again.draft, generated.draft);
        assert_eq!(stored(&world).await, 2);
    }

    #[tokio::test]
    async fn exercises_that_fail_a_check_are_not_stored_or_cached() {
        let cases = [
            (
                exercise_json("return 2 * n  # done", ""),
                "starter code passes",
            ),
            (
                good().replace("return 2 * n", "return n + n"),
                "reference solution does not pass its tests: test \"doubles three\" failed: 6 != 0",
            ),
            (
                "I think the exercise should be…".to_owned(),
                "not an exercise in the requested shape",
            ),
            (
                exercise_json("return 0", "\"answer\": 42,"),
                "unknown field",
            ),
            (
                good().replace("\"math\"", "\"poetry\""),
                "topics: unknown topic \"poetry\"",
            ),
            (
                good().replace("[\"What is twice a number?\",", "["),
                "hints: 3–10 hints",
            ),
            (
                exercise_json("raise NotImplementedError", ""),
                "the starter code must run and fail a test, but: runtime_error: NotImplementedError",
            ),
            (
                good().replace("## Example", "Example"),
                "an `## Example` section",
            ),
            (
                good()[..good().len() / 2].to_owned(),
                "ends before the exercise is complete",
            ),
        ];
        for (answer, expected) in cases {
            let world = world(vec![Ok(answer)]);
            let problems = invalid(world.service.generate(UserId::generate(), request()).await);
            assert!(
                problems.contains(expected),
                "{expected:?} not in {problems:?}"
            );
            assert_eq!(stored(&world).await, 0);
            assert!(world.writer.remembered.lock().unwrap().is_none());
        }
    }

    #[tokio::test]
    async fn writer_and_sandbox_failures_store_nothing() {
        let world = world(vec![Err(WriteError::Limited {
            reason: "budget".to_owned(),
            retry_after: std::time::Duration::from_secs(9),
        })]);
        assert!(matches!(
            world.service.generate(UserId::generate(), request()).await,
            Err(GenerateError::Writer(WriteError::Limited { .. }))
        ));
        let broken = world_with(
            vec![Ok(good())],
            DoublingRunner {
                broken: true,
                ..DoublingRunner::default()
            },
            false,
        );
        assert!(matches!(
            broken.service.generate(UserId::generate(), request()).await,
            Err(GenerateError::Sandbox(RunnerError::Unavailable(_)))
        ));
        assert_eq!(stored(&world).await + stored(&broken).await, 0);
    }

    async fn seed(world: &World, slug: &str) {
        let mut draft = super::draft(slug, Language::Python, 1, &[Topic::Math]);
        draft.slug = mentor_exercises::Slug::parse(slug).unwrap();
        world
            .catalog
            .create(
                ExerciseId::generate(),
                &ExerciseVersion {
                    fingerprint: draft.fingerprint(),
                    draft,
                    created_at: OffsetDateTime::UNIX_EPOCH,
                },
            )
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn no_free_slug_is_a_failed_check() {
        let world = world(vec![Ok(good())]);
        seed(&world, "double-it").await;
        for n in 2..10 {
            seed(&world, &format!("double-it-{n}")).await;
        }
        let problems = invalid(world.service.generate(UserId::generate(), request()).await);
        assert!(problems.contains("are all taken"), "{problems}");
    }

    #[tokio::test]
    async fn a_rejected_exercise_is_not_served_from_the_cache_again() {
        let world = world(vec![Ok(good()), Ok(good().replace("Double it", "Twice"))]);
        let admin = UserId::generate();
        let first = world.service.generate(admin, request()).await.unwrap();
        world
            .service
            .reject(first.id, admin, "too easy")
            .await
            .unwrap();
        let second = world.service.generate(admin, request()).await.unwrap();
        assert_eq!(
            *world.writer.calls.lock().unwrap(),
            2,
            "asked the model again"
        );
        assert_eq!(second.draft.title, "Twice");
    }

    #[tokio::test]
    async fn approving_again_completes_a_cut_short_approval() {
        use mentor_exercises::GeneratedExerciseRepository as _;
        let world = world(vec![Ok(good())]);
        let generated = world
            .service
            .generate(UserId::generate(), request())
            .await
            .unwrap();
        // The process died after marking it published, before creating the catalog exercise.
        let exercise = ExerciseId::generate();
        let half = mentor_exercises::GeneratedExercise {
            status: ReviewStatus::Published,
            exercise: Some(exercise),
            ..generated.clone()
        };
        assert!(
            world
                .store
                .set_review(&half, ReviewStatus::Pending)
                .await
                .unwrap()
        );
        assert!(world.catalog.get(exercise).await.unwrap().is_none());
        let done = world
            .service
            .approve(generated.id, UserId::generate())
            .await
            .unwrap();
        assert_eq!(done.exercise, Some(exercise));
        assert_eq!(
            world
                .catalog
                .get(exercise)
                .await
                .unwrap()
                .unwrap()
                .current
                .draft,
            generated.draft
        );
        assert!(matches!(
            world
                .service
                .approve(generated.id, UserId::generate())
                .await,
            Err(ReviewError::NotPending(ReviewStatus::Published))
        ));
    }

    #[tokio::test]
    async fn a_taken_slug_gets_a_number() {
        let world = world(vec![Ok(good())]);
        seed(&world, "double-it").await;
        seed(&world, "double-it-2").await;
        let generated = world
            .service
            .generate(UserId::generate(), request())
            .await
            .unwrap();
        assert_eq!(generated.draft.slug.as_str(), "double-it-3");
    }

    #[tokio::test]
    async fn approval_publishes_once_and_rejection_needs_a_reason() {
        let world = world(vec![Ok(good()), Ok(good())]);
        let (admin, reviewer) = (UserId::generate(), UserId::generate());
        let first = world.service.generate(admin, request()).await.unwrap();
        let published = world.service.approve(first.id, reviewer).await.unwrap();
        assert_eq!(published.status, ReviewStatus::Published);
        assert_eq!(published.reviewer, Some(reviewer));
        let in_catalog = world
            .catalog
            .find_by_slug(Language::Python, &first.draft.slug)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(Some(in_catalog.id), published.exercise);
        assert_eq!(in_catalog.current.draft, first.draft);
        assert!(matches!(
            world.service.approve(first.id, reviewer).await,
            Err(ReviewError::NotPending(ReviewStatus::Published))
        ));
        assert!(matches!(
            world.service.reject(first.id, reviewer, "late").await,
            Err(ReviewError::NotPending(ReviewStatus::Published))
        ));

        // The cached answer again: its slug is in the catalog now, so it gets a number.
        let second = world.service.generate(admin, request()).await.unwrap();
        assert_eq!(second.draft.slug.as_str(), "double-it-2");
        for bad in ["", "   ", &"x".repeat(501)] {
            assert!(matches!(
                world.service.reject(second.id, reviewer, bad).await,
                Err(ReviewError::BadReason)
            ));
        }
        let rejected = world
            .service
            .reject(second.id, reviewer, " Too easy for 2. ")
            .await
            .unwrap();
        assert_eq!(
            (rejected.status, rejected.reason.as_deref()),
            (ReviewStatus::Rejected, Some("Too easy for 2."))
        );
        assert_eq!(world.service.get(second.id).await.unwrap(), Some(rejected));
        assert!(matches!(
            world
                .service
                .approve(mentor_kernel::GenerationId::generate(), reviewer)
                .await,
            Err(ReviewError::NotFound)
        ));
    }

    #[tokio::test]
    async fn approval_refuses_a_slug_taken_since_and_changes_nothing() {
        let world = world(vec![Ok(good())]);
        let generated = world
            .service
            .generate(UserId::generate(), request())
            .await
            .unwrap();
        seed(&world, "double-it").await;
        assert!(matches!(
            world
                .service
                .approve(generated.id, UserId::generate())
                .await,
            Err(ReviewError::SlugTaken(Language::Python, _))
        ));
        assert_eq!(
            world.service.get(generated.id).await.unwrap(),
            Some(generated)
        );
    }

    #[tokio::test]
    async fn without_review_a_proven_exercise_is_published_at_once() {
        let world = world_with(vec![Ok(good())], DoublingRunner::default(), true);
        let admin = UserId::generate();
        let generated = world.service.generate(admin, request()).await.unwrap();
        assert_eq!(generated.status, ReviewStatus::Published);
        assert_eq!(generated.reviewer, Some(admin));
        assert!(
            world
                .catalog
                .find_by_slug(Language::Python, &generated.draft.slug)
                .await
                .unwrap()
                .is_some()
        );
    }
}
