//! The [`CatalogRepository`] and [`HintLedger`] contracts.

use std::sync::Arc;

use mentor_auth::UserRepository;
use mentor_exercises::{
    CatalogQuery, CatalogRepository, Difficulty, ExerciseDraft, ExerciseVersion, Hint, HintLedger,
    Limits, Slug, SourceFile, Topic,
};
use mentor_kernel::{ExerciseId, Language};

use crate::sessions::new_user;
use crate::t0;

/// A complete draft.
#[must_use]
pub fn sample_draft(
    slug: &str,
    language: Language,
    difficulty: u8,
    topics: &[Topic],
) -> ExerciseDraft {
    ExerciseDraft {
        language,
        slug: Slug::parse(slug).unwrap(),
        version: 1,
        title: format!("Exercise «{slug}»"),
        difficulty: Difficulty::new(difficulty).unwrap(),
        topics: topics.to_vec(),
        statement: "# Task\n\nWrite `f`, which returns one whatever it is given, and nothing else at all.\n\n## Example\n\n```\n\"quoted\" — ünïcode\n```\n"
            .to_owned(),
        starter: "def f():\n    pass\n".to_owned(),
        visible_tests: vec![SourceFile {
            name: "test_visible.py".to_owned(),
            content: "import unittest\n\"\\n\"\n".to_owned(),
        }],
        hidden_tests: vec![SourceFile {
            name: "test_hidden.py".to_owned(),
            content: "hidden {\"json\": [1]}".to_owned(),
        }],
        reference: "def f():\n    return 1\n".to_owned(),
        hints: ["a \"nudge\"", "a pointer", "near"]
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

/// `draft` as a stored version.
#[must_use]
pub fn version(draft: ExerciseDraft) -> ExerciseVersion {
    ExerciseVersion {
        fingerprint: draft.fingerprint(),
        draft,
        created_at: t0(),
    }
}

/// Exercises read back equal, by id and by slug; versions stack and stay readable; a second
/// exercise with the same language and slug is refused.
pub async fn exercises_and_versions_read_back(catalog: Arc<dyn CatalogRepository>) {
    let id = ExerciseId::generate();
    let v1 = version(sample_draft(
        "word-count",
        Language::Python,
        2,
        &[Topic::Strings, Topic::Dictionaries],
    ));
    catalog.create(id, &v1).await.unwrap();
    assert!(catalog.create(ExerciseId::generate(), &v1).await.is_err());
    let read = catalog.get(id).await.unwrap().unwrap();
    assert_eq!((read.id, &read.current), (id, &v1));
    let slug = Slug::parse("word-count").unwrap();
    assert_eq!(
        catalog
            .find_by_slug(Language::Python, &slug)
            .await
            .unwrap()
            .map(|e| e.id),
        Some(id)
    );
    assert!(
        catalog
            .find_by_slug(Language::JavaScript, &slug)
            .await
            .unwrap()
            .is_none()
    );

    let mut d2 = v1.draft.clone();
    d2.version = 2;
    d2.difficulty = Difficulty::new(3).unwrap();
    d2.topics = vec![Topic::Strings];
    let v2 = version(d2);
    catalog.add_version(id, &v2).await.unwrap();
    assert!(
        catalog.add_version(id, &v2).await.is_err(),
        "a version exists once"
    );
    assert_eq!(catalog.get(id).await.unwrap().unwrap().current, v2);
    assert_eq!(catalog.get_version(id, 1).await.unwrap(), Some(v1));
    assert_eq!(catalog.get_version(id, 3).await.unwrap(), None);
    assert!(catalog.get(ExerciseId::generate()).await.unwrap().is_none());
    // Filters apply to the current version.
    let by_topic = |topic| CatalogQuery {
        topic: Some(topic),
        limit: 10,
        ..CatalogQuery::default()
    };
    assert_eq!(
        catalog.list(&by_topic(Topic::Strings)).await.unwrap().len(),
        1
    );
    assert!(
        catalog
            .list(&by_topic(Topic::Dictionaries))
            .await
            .unwrap()
            .is_empty()
    );
}

/// Listing filters by language, topic and difficulty and pages in id order.
pub async fn the_catalog_lists_filtered_in_pages(catalog: Arc<dyn CatalogRepository>) {
    let mut ids = Vec::new();
    for (slug, language, difficulty, topics) in [
        ("one", Language::Python, 1, vec![Topic::Loops]),
        ("two", Language::Python, 2, vec![Topic::Loops, Topic::Sets]),
        ("three", Language::JavaScript, 2, vec![Topic::Sets]),
    ] {
        let id = ExerciseId::generate();
        catalog
            .create(
                id,
                &version(sample_draft(slug, language, difficulty, &topics)),
            )
            .await
            .unwrap();
        ids.push(id);
    }
    let list = |q: CatalogQuery| {
        let catalog = catalog.clone();
        async move {
            catalog
                .list(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.current.draft.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    let all = CatalogQuery {
        limit: 10,
        ..CatalogQuery::default()
    };
    assert_eq!(list(all.clone()).await, ["one", "two", "three"]);
    assert_eq!(
        list(CatalogQuery {
            language: Some(Language::Python),
            ..all.clone()
        })
        .await,
        ["one", "two"]
    );
    assert_eq!(
        list(CatalogQuery {
            topic: Some(Topic::Sets),
            ..all.clone()
        })
        .await,
        ["two", "three"]
    );
    assert_eq!(
        list(CatalogQuery {
            difficulty: Difficulty::new(2),
            ..all.clone()
        })
        .await,
        ["two", "three"]
    );
    assert_eq!(
        list(CatalogQuery {
            limit: 2,
            ..all.clone()
        })
        .await,
        ["one", "two"]
    );
    assert_eq!(
        list(CatalogQuery {
            only: Some(vec![ids[0], ids[2]]),
            ..all.clone()
        })
        .await,
        ["one", "three"]
    );
    assert!(
        list(CatalogQuery {
            only: Some(Vec::new()),
            ..all.clone()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        list(CatalogQuery {
            except: vec![ids[0], ids[2]],
            ..all.clone()
        })
        .await,
        ["two"]
    );
    assert_eq!(
        list(CatalogQuery {
            after: Some(ids[1]),
            ..all
        })
        .await,
        ["three"]
    );
}

/// Concurrent reveals are each counted once and never exceed the ladder; learners are
/// counted apart.
pub async fn hint_reveals_count_once_and_stop_at_the_top(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    ledger: Arc<dyn HintLedger>,
) {
    let (ada, bob) = (new_user(&users).await, new_user(&users).await);
    let exercise = ExerciseId::generate();
    catalog
        .create(
            exercise,
            &version(sample_draft("hinted", Language::Python, 1, &[Topic::Math])),
        )
        .await
        .unwrap();
    assert_eq!(ledger.revealed(ada, exercise).await.unwrap(), 0);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let ledger = ledger.clone();
            tokio::spawn(async move { ledger.reveal_next(ada, exercise, 4, t0()).await.unwrap() })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results.sort_unstable();
    assert_eq!(results, vec![1, 2, 3, 4, 4, 4]);
    assert_eq!(ledger.revealed(ada, exercise).await.unwrap(), 4);
    assert_eq!(ledger.revealed(bob, exercise).await.unwrap(), 0);
    assert_eq!(ledger.reveal_next(bob, exercise, 4, t0()).await.unwrap(), 1);
}
