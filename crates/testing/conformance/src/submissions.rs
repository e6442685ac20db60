//! The [`SubmissionRepository`] contract: storage, listing, and the queue's claim / lease /
//! complete / release rules.

use std::{sync::Arc, time::Duration};

use mentor_auth::UserRepository;
use mentor_exercises::{
    CatalogRepository, Submission, SubmissionQuery, SubmissionRepository, SubmissionStatus,
    TestOutcome, TimeLimitKind, Verdict,
};
use mentor_kernel::{ExerciseId, Language, SubmissionId, UserId};
use uuid::Uuid;

use crate::catalog::{sample_draft, version};
use crate::sessions::new_user;
use crate::t0;

async fn new_exercise(catalog: &Arc<dyn CatalogRepository>, slug: &str) -> ExerciseId {
    let id = ExerciseId::generate();
    catalog
        .create(id, &version(sample_draft(slug, Language::Python, 1, &[])))
        .await
        .unwrap();
    id
}

fn queued(user: UserId, exercise: ExerciseId, offset_secs: i64) -> Submission {
    Submission {
        id: SubmissionId::generate(),
        user,
        exercise,
        version: 1,
        language: Language::Python,
        code: "def f():\n    return \"ünïcode\" # '\\n'\n".to_owned(),
        status: SubmissionStatus::Queued,
        verdict: None,
        attempts: 0,
        hints_used: 2,
        created_at: t0() + time::Duration::seconds(offset_secs),
        graded_at: None,
    }
}

const LEASE: Duration = Duration::from_secs(30);

/// Stored submissions read back equal; listing is per learner, newest first, by cursor.
pub async fn submissions_read_back_and_list_newest_first(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
) {
    let (a, b) = (new_user(&users).await, new_user(&users).await);
    let (e1, e2) = (
        new_exercise(&catalog, "one").await,
        new_exercise(&catalog, "two").await,
    );
    let mut mine = Vec::new();
    for (i, exercise) in [e1, e2, e1].into_iter().enumerate() {
        let s = queued(a, exercise, i64::try_from(i).unwrap());
        submissions.create(&s).await.unwrap();
        mine.push(s);
    }
    submissions.create(&queued(b, e1, 9)).await.unwrap();
    assert!(submissions.create(&mine[0]).await.is_err(), "duplicate id");
    assert_eq!(
        submissions.get(mine[1].id).await.unwrap().as_ref(),
        Some(&mine[1])
    );
    assert!(
        submissions
            .get(SubmissionId::generate())
            .await
            .unwrap()
            .is_none()
    );

    let ids = |list: Vec<Submission>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
    let all = SubmissionQuery {
        user: a,
        exercise: None,
        before: None,
        limit: 10,
    };
    assert_eq!(
        ids(submissions.list(&all).await.unwrap()),
        vec![mine[2].id, mine[1].id, mine[0].id]
    );
    let for_e1 = SubmissionQuery {
        exercise: Some(e1),
        ..all.clone()
    };
    assert_eq!(
        ids(submissions.list(&for_e1).await.unwrap()),
        vec![mine[2].id, mine[0].id]
    );
    let page = SubmissionQuery {
        before: Some(mine[2].id),
        limit: 1,
        ..all
    };
    assert_eq!(
        ids(submissions.list(&page).await.unwrap()),
        vec![mine[1].id]
    );
    let (count, first) = submissions.history(a, e1, mine[2].id).await.unwrap();
    assert_eq!((count, first), (2, Some(mine[0].created_at)));
}

/// Claims take the oldest waiting submission once; an expired lease lets another worker
/// claim it; only the current lease holder records a verdict or gives it back.
pub async fn the_queue_claims_once_and_honours_leases(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
) {
    let user = new_user(&users).await;
    let exercise = new_exercise(&catalog, "queue").await;
    let first = queued(user, exercise, 0);
    let second = queued(user, exercise, 1);
    submissions.create(&first).await.unwrap();
    submissions.create(&second).await.unwrap();

    let (w1, w2, w3) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let now = t0();
    let c1 = submissions.claim(w1, now, LEASE).await.unwrap().unwrap();
    assert_eq!(
        (c1.id, c1.status, c1.attempts),
        (first.id, SubmissionStatus::Running, 1)
    );
    let c2 = submissions.claim(w2, now, LEASE).await.unwrap().unwrap();
    assert_eq!(c2.id, second.id);
    assert!(submissions.claim(w3, now, LEASE).await.unwrap().is_none());

    // w1 dies; after its lease w3 takes the submission over.
    let later = now + time::Duration::seconds(31);
    let c3 = submissions.claim(w3, later, LEASE).await.unwrap().unwrap();
    assert_eq!((c3.id, c3.attempts), (first.id, 2));

    let verdict = Verdict::TestsFailed {
        tests: vec![TestOutcome {
            name: "counts «words»".to_owned(),
            passed: false,
            message: Some("2 != 3".to_owned()),
            output: Some("printed\n".to_owned()),
            hidden: false,
        }],
    };
    assert!(
        !submissions
            .complete(first.id, w1, &Verdict::OutputLimit, later)
            .await
            .unwrap()
    );
    assert!(
        submissions
            .complete(first.id, w3, &verdict, later)
            .await
            .unwrap()
    );
    assert!(
        !submissions
            .complete(first.id, w3, &verdict, later)
            .await
            .unwrap(),
        "once"
    );
    let stored = submissions.get(first.id).await.unwrap().unwrap();
    assert_eq!(stored.status, SubmissionStatus::Graded);
    assert_eq!(stored.verdict, Some(verdict));
    assert_eq!(stored.graded_at, Some(later));

    // w2 gives its submission back for another attempt, then fails it for good.
    assert!(!submissions.release(second.id, w1, false).await.unwrap());
    assert!(submissions.release(second.id, w2, false).await.unwrap());
    let again = submissions.claim(w1, later, LEASE).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (second.id, 2));
    assert!(submissions.release(second.id, w1, true).await.unwrap());
    let failed = submissions.get(second.id).await.unwrap().unwrap();
    assert_eq!(
        (failed.status, failed.verdict),
        (SubmissionStatus::Failed, None)
    );
    assert!(
        submissions
            .claim(w2, later + time::Duration::hours(1), LEASE)
            .await
            .unwrap()
            .is_none()
    );

    // Every verdict shape survives storage.
    for verdict in [
        Verdict::TimeLimit {
            kind: TimeLimitKind::Wall,
        },
        Verdict::CompileError {
            message: "SyntaxError (line 2)".to_owned(),
            line: Some(2),
        },
        Verdict::RuntimeError {
            message: "ZeroDivisionError".to_owned(),
        },
        Verdict::MemoryLimit,
    ] {
        let s = queued(user, exercise, 5);
        submissions.create(&s).await.unwrap();
        let token = Uuid::new_v4();
        let claimed = submissions
            .claim(token, later, LEASE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.id, s.id);
        assert!(
            submissions
                .complete(s.id, token, &verdict, later)
                .await
                .unwrap()
        );
        assert_eq!(
            submissions.get(s.id).await.unwrap().unwrap().verdict,
            Some(verdict)
        );
    }
}

/// `solved` lists each exercise with a passed submission once, for its learner only.
pub async fn solved_lists_exercises_with_a_passed_submission(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
) {
    let (a, b) = (new_user(&users).await, new_user(&users).await);
    let (e1, e2, e3) = (
        new_exercise(&catalog, "solved-one").await,
        new_exercise(&catalog, "solved-two").await,
        new_exercise(&catalog, "solved-three").await,
    );
    let passed = Verdict::Passed { tests: Vec::new() };
    let grades = [
        (a, e1, passed.clone()),
        (a, e1, passed.clone()),
        (a, e2, Verdict::MemoryLimit),
        (b, e3, passed),
    ];
    for (i, (user, exercise, verdict)) in grades.into_iter().enumerate() {
        let s = queued(user, exercise, i64::try_from(i).unwrap());
        submissions.create(&s).await.unwrap();
        let token = Uuid::new_v4();
        let claimed = submissions
            .claim(token, t0() + time::Duration::hours(1), LEASE)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.id, s.id);
        assert!(
            submissions
                .complete(s.id, token, &verdict, t0())
                .await
                .unwrap()
        );
    }
    // Queued but not graded yet: not solved.
    submissions.create(&queued(a, e3, 9)).await.unwrap();
    assert_eq!(submissions.solved(a).await.unwrap(), vec![e1]);
    assert_eq!(submissions.solved(b).await.unwrap(), vec![e3]);
    assert!(
        submissions
            .solved(UserId::generate())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Concurrent workers never claim the same submission.
pub async fn concurrent_claims_never_share_a_submission(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
) {
    let user = new_user(&users).await;
    let exercise = new_exercise(&catalog, "race").await;
    for i in 0..8 {
        submissions
            .create(&queued(user, exercise, i))
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let submissions = submissions.clone();
        tasks.push(tokio::spawn(async move {
            submissions
                .claim(Uuid::new_v4(), t0(), LEASE)
                .await
                .unwrap()
                .map(|s| s.id)
        }));
    }
    let mut claimed = Vec::new();
    for task in tasks {
        if let Some(id) = task.await.unwrap() {
            claimed.push(id);
        }
    }
    let unique: std::collections::HashSet<_> = claimed.iter().collect();
    assert_eq!(claimed.len(), 8);
    assert_eq!(unique.len(), 8);
}

/// Graded submissions stay in the outbox (`unpublished`) until their event is marked
/// delivered; queued ones and ones graded after the cut-off are not in it.
pub async fn graded_submissions_stay_unpublished_until_marked(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    submissions: Arc<dyn SubmissionRepository>,
) {
    let user = new_user(&users).await;
    let exercise = new_exercise(&catalog, "outbox").await;
    let mut graded = Vec::new();
    for i in 0..3 {
        let s = queued(user, exercise, i);
        submissions.create(&s).await.unwrap();
        let token = Uuid::new_v4();
        submissions
            .claim(token, t0() + time::Duration::hours(1), LEASE)
            .await
            .unwrap()
            .unwrap();
        let verdict = Verdict::Passed { tests: Vec::new() };
        let at = t0() + time::Duration::seconds(i);
        assert!(
            submissions
                .complete(s.id, token, &verdict, at)
                .await
                .unwrap()
        );
        graded.push(s.id);
    }
    submissions
        .create(&queued(user, exercise, 9))
        .await
        .unwrap();
    let ids = |found: Vec<Submission>| found.into_iter().map(|s| s.id).collect::<Vec<_>>();
    let cut_off = t0() + time::Duration::seconds(10);
    assert_eq!(
        ids(submissions.unpublished(cut_off, None, 10).await.unwrap()),
        graded
    );
    assert_eq!(
        ids(submissions
            .unpublished(t0() + time::Duration::seconds(1), None, 10)
            .await
            .unwrap()),
        graded[..1],
        "only graded before the cut-off"
    );
    assert_eq!(
        ids(submissions
            .unpublished(cut_off, Some(graded[1]), 10)
            .await
            .unwrap()),
        graded[2..],
        "after the cursor"
    );
    submissions.mark_published(graded[0], t0()).await.unwrap();
    submissions
        .mark_published(graded[0], cut_off)
        .await
        .unwrap();
    assert_eq!(
        ids(submissions.unpublished(cut_off, None, 1).await.unwrap()),
        graded[1..2]
    );
    assert_eq!(
        ids(submissions.unpublished(cut_off, None, 10).await.unwrap()),
        graded[1..]
    );
}
