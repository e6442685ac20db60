//! The [`GeneratedExerciseRepository`] contract.

use std::sync::Arc;

use mentor_auth::UserRepository;
use mentor_exercises::{
    GeneratedExercise, GeneratedExerciseRepository, GeneratedQuery, ReviewStatus,
};
use mentor_kernel::{ExerciseId, GenerationId, Language, Topic};

use crate::catalog::sample_draft;
use crate::sessions::new_user;
use crate::t0;

fn sample(by: mentor_kernel::UserId, slug: &str) -> GeneratedExercise {
    GeneratedExercise {
        id: GenerationId::generate(),
        requested_by: by,
        topic: Topic::Strings,
        brief: Some("about \"quotes\" — ünïcode".to_owned()),
        draft: sample_draft(slug, Language::Python, 2, &[Topic::Strings, Topic::Math]),
        status: ReviewStatus::Pending,
        reviewer: None,
        reason: None,
        exercise: None,
        created_at: t0(),
        reviewed_at: None,
    }
}

/// What was stored reads back equal; listing filters by status, oldest first, in pages.
pub async fn generated_exercises_read_back_and_list_by_status(
    users: Arc<dyn UserRepository>,
    generated: Arc<dyn GeneratedExerciseRepository>,
) {
    let admin = new_user(&users).await;
    let first = sample(admin, "first-one");
    let second = sample(admin, "second-one");
    let third = sample(admin, "third-one");
    for g in [&first, &second, &third] {
        generated.create(g).await.unwrap();
    }
    assert!(generated.create(&first).await.is_err(), "a duplicate id");
    assert_eq!(generated.get(first.id).await.unwrap(), Some(first.clone()));
    assert_eq!(generated.get(GenerationId::generate()).await.unwrap(), None);

    let rejected = GeneratedExercise {
        status: ReviewStatus::Rejected,
        reviewer: Some(admin),
        reason: Some("too easy".to_owned()),
        reviewed_at: Some(t0()),
        ..second.clone()
    };
    assert!(
        generated
            .set_review(&rejected, ReviewStatus::Pending)
            .await
            .unwrap()
    );

    let pending = |after, limit| GeneratedQuery {
        status: Some(ReviewStatus::Pending),
        after,
        limit,
    };
    let ids = |page: Vec<GeneratedExercise>| page.iter().map(|g| g.id).collect::<Vec<_>>();
    assert_eq!(
        ids(generated.list(&pending(None, 10)).await.unwrap()),
        vec![first.id, third.id]
    );
    assert_eq!(
        ids(generated.list(&pending(None, 1)).await.unwrap()),
        vec![first.id]
    );
    assert_eq!(
        ids(generated.list(&pending(Some(first.id), 10)).await.unwrap()),
        vec![third.id]
    );
    let all = generated
        .list(&GeneratedQuery {
            status: None,
            after: None,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(all, vec![first, rejected, third]);
}

/// A review is stored only from the expected status; the draft never changes.
pub async fn reviews_are_compare_and_set(
    users: Arc<dyn UserRepository>,
    generated: Arc<dyn GeneratedExerciseRepository>,
) {
    let admin = new_user(&users).await;
    let pending = sample(admin, "reviewed-once");
    generated.create(&pending).await.unwrap();
    let published = GeneratedExercise {
        status: ReviewStatus::Published,
        reviewer: Some(admin),
        exercise: Some(ExerciseId::generate()),
        reviewed_at: Some(t0()),
        draft: sample_draft("another-slug", Language::Python, 5, &[Topic::Sets]),
        ..pending.clone()
    };
    let rejected = GeneratedExercise {
        status: ReviewStatus::Rejected,
        reason: Some("no".to_owned()),
        ..pending.clone()
    };
    let (a, b) = tokio::join!(
        generated.set_review(&published, ReviewStatus::Pending),
        generated.set_review(&rejected, ReviewStatus::Pending),
    );
    assert!(a.unwrap() ^ b.unwrap(), "exactly one review wins");
    let stored = generated.get(pending.id).await.unwrap().unwrap();
    assert_eq!(stored.draft, pending.draft, "the draft is never changed");
    assert_ne!(stored.status, ReviewStatus::Pending);
    // Back to pending (an approval that could not be completed is undone).
    assert!(generated.set_review(&pending, stored.status).await.unwrap());
    assert_eq!(
        generated.get(pending.id).await.unwrap(),
        Some(pending.clone())
    );
    assert!(
        !generated
            .set_review(&published, ReviewStatus::Rejected)
            .await
            .unwrap(),
        "not from a status it is not in"
    );
    let unknown = sample(admin, "never-stored");
    assert!(
        !generated
            .set_review(&unknown, ReviewStatus::Pending)
            .await
            .unwrap()
    );
}
