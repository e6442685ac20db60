//! Progress over HTTP, on both compositions with the real sandbox: a learner in a far-off time
//! zone gets a daily exercise for their own day, solves it, and sees rating, streak,
//! achievements, notifications, activity, history and export change; skips once; bad input
//! and other learners' data are refused.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::grading::{get_json, graded, submit};
use crate::helpers::{TestApp, assert_problem};

/// The reference solution of a catalog exercise (read from `content/`).
fn reference(language: &str, slug: &str) -> String {
    let ext = if language == "python" { "py" } else { "js" };
    let path = format!(
        "{}/../../content/exercises/{language}/{slug}/reference.{ext}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn set_profile(app: &TestApp, client: &Client, csrf: &str, zone: &str) {
    let res = client
        .put(app.url("/api/v1/me/profile"))
        .header("X-CSRF-Token", csrf)
        .json(&json!({
            "display_name": "Ada",
            "languages": ["python"],
            "level": "beginner",
            "goals": "",
            "weekly_minutes": 60,
            "time_zone": zone,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

/// Progress is recorded just after the verdict; waits until it shows `solved` exercises.
async fn progress_with_solved(app: &TestApp, client: &Client, solved: u64) -> Value {
    for _ in 0..100 {
        let p = get_json(client, &app.url("/api/v1/me/progress")).await;
        if p["solved"]["total"] == solved {
            return p;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("progress never showed {solved} solved");
}

fn today_in(zone: &str) -> String {
    mentor_progress::Zone::named(zone)
        .unwrap()
        .day_of(time::OffsetDateTime::now_utc())
        .to_string()
}

/// The whole learner story on one composition.
async fn a_learner_story(app: &TestApp) {
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    // Kiritimati is UTC+14: its calendar day is ahead of UTC's most of the time.
    let zone = "Pacific/Kiritimati";
    set_profile(app, &ada, &csrf, zone).await;

    let daily = get_json(&ada, &app.url("/api/v1/me/daily")).await;
    assert_eq!(daily["day"], today_in(zone));
    assert_eq!(daily["time_zone"], zone);
    assert_eq!(daily["exercise"]["language"], "python");
    assert_eq!(daily["can_skip"], true);
    assert_eq!(daily["solved"], false);
    assert!(!daily["reason"].as_str().unwrap().is_empty());
    let p = daily["predicted_success"].as_f64().unwrap();
    assert!((0.3..=0.95).contains(&p), "{p}");
    let again = get_json(&ada, &app.url("/api/v1/me/daily")).await;
    assert_eq!(
        again["exercise"]["id"], daily["exercise"]["id"],
        "fixed for the day"
    );

    // Solve it.
    let id = daily["exercise"]["id"].as_str().unwrap();
    let slug = daily["exercise"]["slug"].as_str().unwrap();
    let sid = submit(app, &ada, &csrf, id, &reference("python", slug)).await;
    assert_eq!(graded(app, &ada, &sid).await["verdict"]["kind"], "passed");
    let progress = progress_with_solved(app, &ada, 1).await;
    assert_eq!(progress["time_zone"], zone);
    assert_eq!(progress["today"], today_in(zone));
    assert_eq!(progress["submissions"], 1);
    assert_eq!(progress["streak"]["current"], 1);
    assert_eq!(progress["streak"]["today_done"], true);
    let difficulty = daily["exercise"]["difficulty"]
        .as_u64()
        .unwrap()
        .to_string();
    assert_eq!(progress["solved"]["by_difficulty"][&difficulty], 1);
    assert_eq!(progress["solved"]["by_language"]["python"], 1);
    let ratings = progress["ratings"].as_array().unwrap();
    assert!(!ratings.is_empty());
    assert!(
        ratings.iter().all(|r| r["rating"].as_f64().unwrap() > 800.0 && r["trend_7d"].as_f64().unwrap() > 0.0),
        "a clean first-try solve raises a beginner's ratings: {ratings:?}"
    );
    let codes: Vec<&str> = progress["achievements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    for code in ["first-solve", "first-try", "no-hints"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
    assert!(progress["achievements_available"].as_u64().unwrap() >= 15);
    let solved_daily = get_json(&ada, &app.url("/api/v1/me/daily")).await;
    assert_eq!(solved_daily["solved"], true);

    // Notifications: one per achievement, marked read by their owner only.
    let notes = get_json(&ada, &app.url("/api/v1/me/notifications?unread=true")).await;
    let notes = notes["notifications"].as_array().unwrap().clone();
    assert_eq!(notes.len(), codes.len());
    assert!(
        notes[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Achievement earned: ")
    );
    let note = notes[0]["id"].as_str().unwrap();
    let (bob, bob_csrf) = app.signed_in_user("bob@example.org", true).await;
    let res = app
        .post(
            &bob,
            &format!("/api/v1/me/notifications/{note}/read"),
            &bob_csrf,
            None,
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = app
        .post(
            &ada,
            &format!("/api/v1/me/notifications/{note}/read"),
            &csrf,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let unread = get_json(&ada, &app.url("/api/v1/me/notifications?unread=true")).await;
    assert_eq!(
        unread["notifications"].as_array().unwrap().len(),
        notes.len() - 1
    );
    let bobs = get_json(&bob, &app.url("/api/v1/me/progress")).await;
    assert_eq!(
        bobs["solved"]["total"], 0,
        "another learner's progress is their own"
    );
    assert_eq!(bobs["achievements"], json!([]));

    // Activity and history on the learner's own day.
    let activity = get_json(&ada, &app.url("/api/v1/me/activity")).await;
    assert_eq!(
        activity["days"],
        json!([{ "day": today_in(zone), "submissions": 1, "passed": 1 }])
    );
    let history = get_json(&ada, &app.url("/api/v1/me/history?limit=10")).await;
    let entries = history["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], sid.as_str());
    assert_eq!(entries[0]["first_solve"], true);
    assert!(entries[0]["rating_change"].as_f64().unwrap() > 0.0);
    assert!(history["next"].is_null());

    // Recommendations leave out today's exercise and say why.
    let recs = get_json(&ada, &app.url("/api/v1/me/recommendations?limit=5")).await;
    let recs = recs["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 5);
    assert!(
        recs.iter()
            .all(|r| r["exercise"]["id"] != daily["exercise"]["id"]
                && r["exercise"]["language"] == "python"
                && !r["reason"].as_str().unwrap().is_empty())
    );

    // One skip a day.
    let res = app.post(&ada, "/api/v1/me/daily/skip", &csrf, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let swapped: Value = res.json().await.unwrap();
    assert_ne!(swapped["exercise"]["id"], daily["exercise"]["id"]);
    assert_eq!(swapped["skipped_exercise_id"], daily["exercise"]["id"]);
    assert_eq!(swapped["can_skip"], false);
    let res = app.post(&ada, "/api/v1/me/daily/skip", &csrf, None).await;
    assert_problem(res, StatusCode::CONFLICT, "daily-skip-used").await;

    // Export: JSON with everything, CSV with the history.
    let res = ada
        .get(app.url("/api/v1/me/progress/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"mentor-progress-"),
        "{disposition}"
    );
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["history"].as_array().unwrap().len(), 1);
    assert_eq!(export["daily"].as_array().unwrap().len(), 1);
    assert_eq!(export["progress"]["solved"]["total"], 1);
    let res = ada
        .get(app.url("/api/v1/me/progress/export?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("id,kind,exercise,"));
    assert!(lines[1].starts_with(&sid));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_sees_daily_rating_streak_and_achievements_in_their_zone_embedded() {
    let app = TestApp::embedded_with(
        |raw| {
            raw.content.seed_on_start = Some(true);
            raw.grading.workers = Some(1);
            raw.grading.poll_ms = 100;
        },
        |_| {},
    )
    .await;
    a_learner_story(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_sees_daily_rating_streak_and_achievements_in_their_zone_production() {
    let Some(app) = TestApp::production_with(|raw| {
        raw.content.seed_on_start = Some(true);
        raw.grading.workers = Some(1);
        raw.grading.poll_ms = 100;
    })
    .await
    else {
        return;
    };
    a_learner_story(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_routes_refuse_bad_input_strangers_and_unverified_learners() {
    let app = TestApp::embedded_with(|raw| raw.content.seed_on_start = Some(true), |_| {}).await;
    let res = TestApp::browser()
        .get(app.url("/api/v1/me/daily"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let (unverified, _) = app.signed_in_user("new@example.org", false).await;
    for path in [
        "/api/v1/me/daily",
        "/api/v1/me/progress",
        "/api/v1/me/history",
    ] {
        let res = unverified.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    for (path, field) in [
        ("/api/v1/me/activity?from=2026-13-01", "from"),
        ("/api/v1/me/activity?from=2026-03-02&to=2026-03-01", "from"),
        ("/api/v1/me/activity?from=2024-01-01&to=2026-03-01", "from"),
        ("/api/v1/me/progress/export?format=xml", "format"),
        ("/api/v1/me/history?limit=0", "limit"),
        ("/api/v1/me/recommendations?limit=21", "limit"),
        ("/api/v1/me/notifications?limit=101", "limit"),
    ] {
        let res = ada.get(app.url(path)).send().await.unwrap();
        let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert!(body["errors"][field].is_array(), "{path}: {body}");
    }
    let res = ada
        .get(app.url("/api/v1/me/history?before=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .post(&ada, "/api/v1/me/notifications/not-an-id/read", &csrf, None)
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    // No CSRF token: refused before anything changes.
    let res = ada
        .post(app.url("/api/v1/me/daily/skip"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let daily = get_json(&ada, &app.url("/api/v1/me/daily")).await;
    assert_eq!(daily["can_skip"], true);
}
