//! Measures the progress queries at volume against a primary-key select, interleaved:
//! `progress_queries <postgres-url> <samples> <out.json>` (run by .ci/scripts/bench-progress.sh
//! on a database filled by `mentor admin generate-load`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

use std::time::Instant;

use mentor_kernel::{ExerciseId, UserId};
use mentor_progress::{AttemptQuery, DailyRepository as _, ProgressRepository as _};
use sea_orm::{ConnectionTrait as _, Statement};
use time::Date;
use uuid::Uuid;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (samples.len() as f64 - 1.0)).round() as usize;
    samples[rank.min(samples.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).expect("a database URL");
    let samples: usize = args.get(2).map_or(Ok(2000), |s| s.parse())?;
    let out = args.get(3).expect("an output path");
    let db = mentor_sql::connect(url, 4).await?;
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT user_id, max(exercise_id::text) AS exercise_id, max(day) AS day \
             FROM progress_attempts GROUP BY user_id",
        ))
        .await?;
    let learners: Vec<(UserId, ExerciseId, Date)> = rows
        .iter()
        .map(|r| {
            let exercise: String = r.try_get("", "exercise_id").unwrap();
            (
                UserId::from_uuid(r.try_get::<Uuid>("", "user_id").unwrap()),
                ExerciseId::from_uuid(exercise.parse().unwrap()),
                r.try_get::<Date>("", "day").unwrap(),
            )
        })
        .collect();
    anyhow::ensure!(
        !learners.is_empty(),
        "no progress data: run generate-load first"
    );
    let progress = mentor_sql::SqlProgressRepository::new(db.clone());
    let daily = mentor_sql::SqlDailyRepository::new(db.clone());
    let names = [
        ("history page", "GET /me/history"),
        ("recent attempts (7 days)", "GET /me/progress, /me/daily"),
        ("solves", "GET /me/progress, /me/daily"),
        ("topic ratings", "GET /me/progress, /me/daily"),
        ("activity (a year)", "GET /me/activity"),
        ("activity (all)", "GET /me/progress"),
        ("daily pick", "GET /me/daily"),
    ];
    let mut pk = Vec::with_capacity(samples);
    let mut timings: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); names.len()];
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    // Warm the pool and the caches a little, as a running server would be.
    for (user, _, _) in learners.iter().take(50) {
        progress.topic_ratings(*user).await?;
    }
    for _ in 0..samples {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let (user, _, day) = learners[(state % learners.len() as u64) as usize];
        let t = Instant::now();
        let found = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id, email, display_name, password_hash, email_verified_at, roles, created_at, disabled_at FROM users WHERE id = $1",
                [user.as_uuid().into()],
            ))
            .await?;
        pk.push(t.elapsed().as_secs_f64() * 1e6);
        assert!(found.is_some());
        let history = AttemptQuery {
            user,
            exercise: None,
            before: None,
            since: None,
            limit: 21,
        };
        let recent = AttemptQuery {
            since: Some(time::OffsetDateTime::now_utc() - time::Duration::days(7)),
            limit: 200,
            ..history.clone()
        };
        for (i, slot) in timings.iter_mut().enumerate() {
            let t = Instant::now();
            match i {
                0 => drop(progress.attempts(&history).await?),
                1 => drop(progress.attempts(&recent).await?),
                2 => drop(progress.solves(user).await?),
                3 => drop(progress.topic_ratings(user).await?),
                4 => drop(
                    progress
                        .activity(user, Some((day - time::Duration::days(364), day)))
                        .await?,
                ),
                5 => drop(progress.activity(user, None).await?),
                _ => drop(daily.get(user, day).await?),
            }
            slot.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let (user, exercise, day) = learners[0];
    let plans = progress.explain(user, exercise, day).await?;
    let pk_p50 = percentile(&mut pk, 50.0);
    let pk_p95 = percentile(&mut pk, 95.0);
    let queries: Vec<serde_json::Value> = names
        .iter()
        .zip(timings.iter_mut())
        .map(|((name, route), t)| {
            let p95 = percentile(t, 95.0);
            let plan_name = match *name {
                "recent attempts (7 days)" => "recent attempts",
                other => other,
            };
            let plan = plans.iter().find(|p| p.name == plan_name).map(|p| p.plan.join("\n"));
            serde_json::json!({
                "name": name,
                "route": route,
                "p50_us": percentile(t, 50.0),
                "p95_us": p95,
                "p95_over_pk": p95 / pk_p95,
                "uses_index": plan.as_ref().is_some_and(|p| p.contains("Index") && !p.contains("Seq Scan")),
                "plan": plan,
            })
        })
        .collect();
    let report = serde_json::json!({
        "samples": samples,
        "learners": learners.len(),
        "loadavg": loadavg.trim(),
        "pk": {"p50_us": pk_p50, "p95_us": pk_p95},
        "queries": queries,
    });
    std::fs::write(out, serde_json::to_string_pretty(&report)?)?;
    println!("{}", serde_json::to_string_pretty(&report["queries"])?);
    Ok(())
}
