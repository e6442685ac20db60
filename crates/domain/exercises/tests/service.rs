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
