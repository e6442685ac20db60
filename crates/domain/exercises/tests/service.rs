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
