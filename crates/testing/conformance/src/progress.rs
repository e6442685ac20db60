//! The progress ports' contracts: [`ProgressRepository`] (idempotent records, additive
//! bounded ratings, history queries, activity), [`AchievementRepository`] (each award once,
//! with a notification) and [`DailyRepository`] (one pick per day, skipped once).

use std::sync::Arc;
use std::time::Duration;

use mentor_auth::UserRepository;
use mentor_exercises::CatalogRepository;
use mentor_kernel::{Difficulty, ExerciseId, Language, Topic, UserId};
use mentor_progress::{
    AchievementRepository, AttemptKind, AttemptQuery, AttemptRecord, Award, DailyPick,
    DailyRepository, Initial, ProgressRepository, rating::MAX_RATING,
};
use time::{Date, macros::date};
use uuid::Uuid;

use crate::catalog::{sample_draft, version};
use crate::sessions::new_user;
use crate::t0;

async fn new_exercise(catalog: &Arc<dyn CatalogRepository>, slug: &str) -> ExerciseId {
    let id = ExerciseId::generate();
    catalog
        .create(id, &version(sample_draft(slug, Language::Python, 2, &[])))
        .await
        .unwrap();
    id
}

/// An entry `minutes` after `t0()` on `day`, moving the learner by `delta`.
fn entry(
    user: UserId,
    exercise: ExerciseId,
    minutes: i64,
    day: Date,
    passed: bool,
    delta: f64,
) -> AttemptRecord {
    AttemptRecord {
        id: Uuid::now_v7(),
        kind: AttemptKind::Graded,
        user,
        exercise,
        language: Language::Python,
        difficulty: Difficulty::new(2).unwrap(),
        topics: vec![Topic::Loops, Topic::Strings],
        passed,
        first_solve: passed,
        attempts: 2,
        hints_used: 1,
        time_spent: Duration::from_millis(61_500),
        day,
        at: t0() + time::Duration::minutes(minutes),
        learner_delta: delta,
        exercise_delta: -delta / 2.0,
        counted: true,
    }
}

const START: Initial = Initial {
    learner: 1000.0,
    exercise: 1000.0,
};

/// Records read back; a second record with the same id changes nothing; ratings start from
/// the initial values and move by the deltas; the history queries filter and order.
pub async fn records_apply_once_and_read_back(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    progress: Arc<dyn ProgressRepository>,
) {
    let user = new_user(&users).await;
    let other = new_user(&users).await;
    let a = new_exercise(&catalog, "progress-a").await;
    let b = new_exercise(&catalog, "progress-b").await;
    let d1 = date!(2026 - 04 - 01);
    let d2 = date!(2026 - 04 - 03);
    let first = entry(user, a, 0, d1, false, -10.0);
    assert!(progress.record(&first, START).await.unwrap());
    let mut replay = first.clone();
    replay.learner_delta = 500.0;
    assert!(
        !progress.record(&replay, START).await.unwrap(),
        "a record with a known id changes nothing"
    );
    let second = entry(user, a, 1, d1, true, 20.0);
    let third = entry(user, b, 2, d2, true, 30.0);
    let mut gave_up = entry(user, b, 3, d2, false, -5.0);
    gave_up.kind = AttemptKind::GaveUp;
    gave_up.first_solve = false;
    for r in [&second, &third, &gave_up] {
        assert!(progress.record(r, START).await.unwrap());
    }
    progress
        .record(&entry(other, a, 4, d2, true, 99.0), START)
        .await
        .unwrap();

    let mut ratings = progress.topic_ratings(user).await.unwrap();
    ratings.sort_by_key(|r| r.topic);
    assert_eq!(ratings.len(), 2);
    for r in &ratings {
        assert!(
            (r.rating.rating - (1000.0 - 10.0 + 20.0 + 30.0 - 5.0)).abs() < 1e-6,
            "{r:?}"
        );
        assert_eq!(r.rating.games, 4);
    }
    let exercises = progress.exercise_ratings().await.unwrap();
    assert!((exercises[&a].rating - (1000.0 + 5.0 - 10.0 - 49.5)).abs() < 1e-6);
    assert_eq!(exercises[&a].games, 3);

    let all = progress
        .attempts(&AttemptQuery {
            user,
            exercise: None,
            before: None,
            since: None,
            limit: 10,
        })
        .await
        .unwrap();
    let expected: Vec<_> = [&gave_up, &third, &second, &first]
        .iter()
        .map(|r| (*r).clone())
        .collect();
    assert_eq!(all, expected, "newest first, read back equal");
    let page = progress
        .attempts(&AttemptQuery {
            user,
            exercise: Some(a),
            before: Some(second.id),
            since: None,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [first.id]);
    let recent = progress
        .attempts(&AttemptQuery {
            user,
            exercise: None,
            before: None,
            since: Some(third.at),
            limit: 1,
        })
        .await
        .unwrap();
    assert_eq!(
        recent.iter().map(|r| r.id).collect::<Vec<_>>(),
        [gave_up.id]
    );

    let solves = progress.solves(user).await.unwrap();
    let mut solved: Vec<_> = solves.iter().map(|r| r.submission).collect();
    solved.sort_unstable();
    assert_eq!(solved, [second.id, third.id]);
    assert!(progress.has_solved(user, a, None).await.unwrap());
    assert!(progress.has_solved(user, a, Some(third.id)).await.unwrap());
    assert!(
        !progress.has_solved(user, a, Some(second.id)).await.unwrap(),
        "not before its first pass"
    );
    assert!(!progress.has_solved(other, b, None).await.unwrap());

    let days = progress.activity(user, None).await.unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(
        (days[0].day, days[0].submissions, days[0].passed),
        (d1, 2, 1)
    );
    assert_eq!(
        (days[1].day, days[1].submissions, days[1].passed),
        (d2, 1, 1),
        "giving up is not a submission"
    );
    let ranged = progress.activity(user, Some((d2, d2))).await.unwrap();
    assert_eq!(ranged.iter().map(|d| d.day).collect::<Vec<_>>(), [d2]);

    // Recorded out of order (a later pass first): the earliest pass is the solve.
    let c = new_exercise(&catalog, "progress-c").await;
    let early = entry(user, c, 10, d2, true, 1.0);
    let mut late = entry(user, c, 11, d2, true, 1.0);
    late.first_solve = true;
    progress.record(&late, START).await.unwrap();
    let mut early_recorded = early.clone();
    early_recorded.first_solve = true;
    progress.record(&early_recorded, START).await.unwrap();
    let solves = progress.solves(user).await.unwrap();
    let of_c: Vec<_> = solves
        .iter()
        .filter(|r| r.exercise == c)
        .map(|r| r.submission)
        .collect();
    assert_eq!(of_c, [early.id]);
}

/// Concurrent records for one learner and exercise all count (no lost update), and ratings
/// stay within bounds.
pub async fn concurrent_records_all_count_within_bounds(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    progress: Arc<dyn ProgressRepository>,
) {
    let user = new_user(&users).await;
    let a = new_exercise(&catalog, "progress-concurrent").await;
    let day = date!(2026 - 04 - 01);
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let progress = progress.clone();
            let r = entry(user, a, i, day, false, 1.0);
            tokio::spawn(async move { progress.record(&r, START).await })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().unwrap());
    }
    let ratings = progress.topic_ratings(user).await.unwrap();
    assert!(
        ratings
            .iter()
            .all(|r| (r.rating.rating - 1012.0).abs() < 1e-6 && r.rating.games == 12),
        "{ratings:?}"
    );
    progress
        .record(&entry(user, a, 20, day, true, 1e6), START)
        .await
        .unwrap();
    let ratings = progress.topic_ratings(user).await.unwrap();
    assert!(
        ratings
            .iter()
            .all(|r| (r.rating.rating - MAX_RATING).abs() < 1e-9),
        "{ratings:?}"
    );
    let exercise = progress.exercise_ratings().await.unwrap()[&a];
    assert!(exercise.rating >= mentor_progress::rating::MIN_RATING);
}

/// Each award is stored once per learner, with one notification; notifications list newest
/// first, filter unread, and are marked read only by their owner, keeping the first time.
pub async fn achievements_award_once_with_a_notification(
    users: Arc<dyn UserRepository>,
    achievements: Arc<dyn AchievementRepository>,
) {
    let user = new_user(&users).await;
    let other = new_user(&users).await;
    let award = |code: &str, minutes: i64| Award {
        code: code.to_owned(),
        earned_at: t0() + time::Duration::minutes(minutes),
    };
    let new = achievements
        .award(user, &[award("first-solve", 0), award("no-hints", 0)])
        .await
        .unwrap();
    assert_eq!(new.len(), 2);
    let again = achievements
        .award(user, &[award("first-solve", 5), award("streak-3", 5)])
        .await
        .unwrap();
    assert_eq!(
        again,
        [award("streak-3", 5)],
        "first-solve is kept once, with its first time"
    );
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let achievements = achievements.clone();
            tokio::spawn(async move { achievements.award(user, &[award("streak-7", 9)]).await })
        })
        .collect();
    let mut reported = 0;
    for t in tasks {
        reported += t.await.unwrap().unwrap().len();
    }
    assert_eq!(
        reported, 1,
        "a concurrent award is reported new by exactly one call"
    );
    let mut codes: Vec<_> = achievements
        .awards(user)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    assert_eq!(codes.first().map(String::as_str), Some("first-solve"));
    codes.sort_unstable();
    assert_eq!(codes, ["first-solve", "no-hints", "streak-3", "streak-7"]);
    assert!(achievements.awards(other).await.unwrap().is_empty());

    let notes = achievements.notifications(user, false, 10).await.unwrap();
    assert_eq!(notes.len(), 4);
    assert_eq!(notes[0].subject, "streak-7", "newest first");
    assert!(
        notes
            .iter()
            .all(|n| n.kind == "achievement" && n.user == user && n.read_at.is_none())
    );
    assert!(
        !achievements
            .mark_read(other, notes[0].id, t0())
            .await
            .unwrap(),
        "only the owner"
    );
    assert!(
        achievements
            .mark_read(user, notes[0].id, t0())
            .await
            .unwrap()
    );
    assert!(
        achievements
            .mark_read(user, notes[0].id, t0() + time::Duration::hours(1))
            .await
            .unwrap()
    );
    let unread = achievements.notifications(user, true, 10).await.unwrap();
    assert_eq!(unread.len(), 3);
    let read = achievements.notifications(user, false, 1).await.unwrap();
    assert_eq!(read[0].read_at, Some(t0()), "the first read time is kept");
    assert!(
        !achievements
            .mark_read(user, Uuid::now_v7(), t0())
            .await
            .unwrap()
    );
}

/// One pick per learner and day (the first one stays, also under concurrent first requests);
/// a skip replaces it once, only if it is still the skipped exercise.
pub async fn daily_picks_stay_fixed_and_are_skipped_once(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    daily: Arc<dyn DailyRepository>,
) {
    let user = new_user(&users).await;
    let a = new_exercise(&catalog, "daily-a").await;
    let b = new_exercise(&catalog, "daily-b").await;
    let c = new_exercise(&catalog, "daily-c").await;
    let day = date!(2026 - 04 - 02);
    let pick = |exercise: ExerciseId, day: Date| DailyPick {
        user,
        day,
        exercise,
        reason: "at your level: 70 % predicted success in loops".to_owned(),
        skipped: None,
        chosen_at: t0(),
    };
    assert!(daily.get(user, day).await.unwrap().is_none());
    let tasks: Vec<_> = [a, b, c, a, b, c]
        .into_iter()
        .map(|e| {
            let daily = daily.clone();
            let p = pick(e, day);
            tokio::spawn(async move { daily.put_if_absent(&p).await })
        })
        .collect();
    let mut stored = Vec::new();
    for t in tasks {
        stored.push(t.await.unwrap().unwrap());
    }
    assert!(
        stored.windows(2).all(|w| w[0] == w[1]),
        "every caller gets the one stored pick"
    );
    let first = stored[0].clone();
    assert_eq!(daily.get(user, day).await.unwrap(), Some(first.clone()));
    let other = if first.exercise == a { b } else { a };
    assert!(
        !daily.skip(user, day, other, c, "x").await.unwrap(),
        "not the current exercise"
    );
    assert!(
        daily
            .skip(
                user,
                day,
                first.exercise,
                other,
                "review: loops, last solved 9 days ago"
            )
            .await
            .unwrap()
    );
    assert!(
        !daily.skip(user, day, other, c, "x").await.unwrap(),
        "once a day"
    );
    let now = daily.get(user, day).await.unwrap().unwrap();
    assert_eq!((now.exercise, now.skipped), (other, Some(first.exercise)));
    assert_eq!(now.reason, "review: loops, last solved 9 days ago");
    daily
        .put_if_absent(&pick(c, date!(2026 - 04 - 01)))
        .await
        .unwrap();
    daily
        .put_if_absent(&pick(c, date!(2026 - 04 - 05)))
        .await
        .unwrap();
    let since: Vec<_> = daily
        .since(user, day)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.day)
        .collect();
    assert_eq!(since, [day, date!(2026 - 04 - 05)]);
}

/// At volume (hundreds of learners, tens of thousands of submissions, statistics fresh), the
/// queries behind the daily exercise, progress, activity and history routes use indexes: no
/// plan reads a progress table sequentially.
pub async fn queries_use_indexes_at_volume(db: sea_orm::DatabaseConnection) {
    use sea_orm::{ConnectionTrait as _, Statement};

    let catalog: Arc<dyn CatalogRepository> =
        Arc::new(mentor_sql::SqlCatalogRepository::new(db.clone()));
    for (i, topic) in Topic::ALL.iter().enumerate() {
        for language in Language::ALL {
            let difficulty = u8::try_from(i % 5).unwrap() + 1;
            let slug = format!("load-{}-{}", language.as_str(), topic.as_str());
            catalog
                .create(
                    ExerciseId::generate(),
                    &version(sample_draft(&slug, language, difficulty, &[*topic])),
                )
                .await
                .unwrap();
        }
    }
    let report = mentor_sql::load::generate(
        &db,
        mentor_sql::load::LoadSpec {
            users: 400,
            submissions: 40_000,
            days: 200,
            seed: 7,
        },
    )
    .await
    .unwrap();
    assert_eq!(report.users, 400);
    assert!(report.submissions >= 39_000, "{report:?}");
    let busiest = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT user_id, exercise_id, day FROM progress_attempts \
             WHERE user_id = (SELECT user_id FROM progress_attempts GROUP BY user_id ORDER BY count(*) DESC LIMIT 1) \
             ORDER BY id DESC LIMIT 1",
        ))
        .await
        .unwrap()
        .unwrap();
    let user = UserId::from_uuid(busiest.try_get::<Uuid>("", "user_id").unwrap());
    let exercise = ExerciseId::from_uuid(busiest.try_get::<Uuid>("", "exercise_id").unwrap());
    let day = busiest.try_get::<Date>("", "day").unwrap();
    let plans = mentor_sql::SqlProgressRepository::new(db)
        .explain(user, exercise, day)
        .await
        .unwrap();
    assert!(plans.len() >= 8);
    for plan in &plans {
        let text = plan.plan.join("\n");
        assert!(
            !text.contains("Seq Scan")
                && !text.contains("SCAN progress_")
                && text.contains("Index"),
            "{} does not use an index:\n{text}",
            plan.name
        );
    }
}
