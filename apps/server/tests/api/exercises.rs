//! The catalog over HTTP: seeded from the repository's content at start, listed with
//! filters and a cursor, read without hidden tests or reference, hints revealed per learner.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, assert_problem};

async fn catalog_app() -> TestApp {
    TestApp::embedded_with(|raw| raw.content.seed_on_start = Some(true), |_| {}).await
}

async fn get(client: &reqwest::Client, url: &str) -> Value {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learners_browse_the_catalog_without_seeing_hidden_tests_or_references() {
    let app = catalog_app().await;
    let (ada, _) = app.signed_in_user("ada@example.org", true).await;

    let python = get(
        &ada,
        &app.url("/api/v1/exercises?language=python&limit=100"),
    )
    .await;
    let list = python["exercises"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|e| e["language"] == "python"));
    let word_count = list.iter().find(|e| e["slug"] == "word-count").unwrap();
    assert_eq!(word_count["difficulty"], 2);
    assert_eq!(
        word_count["topics"],
        serde_json::json!(["strings", "dictionaries"])
    );

    let strings = get(
        &ada,
        &app.url("/api/v1/exercises?topic=strings&difficulty=2&limit=100"),
    )
    .await;
    assert!(strings["exercises"].as_array().unwrap().iter().all(
        |e| e["difficulty"] == 2 && e["topics"].as_array().unwrap().contains(&"strings".into())
    ));
    let first = get(&ada, &app.url("/api/v1/exercises?limit=1")).await;
    let next = first["next"].as_str().unwrap();
    let second = get(
        &ada,
        &app.url(&format!("/api/v1/exercises?limit=1&after={next}")),
    )
    .await;
    assert_ne!(second["exercises"][0]["id"], first["exercises"][0]["id"]);

    let res = ada
        .get(app.url("/api/v1/exercises?topic=poetry"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;

    let id = word_count["id"].as_str().unwrap();
    let res = ada
        .get(app.url(&format!("/api/v1/exercises/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let one: Value = serde_json::from_str(&text).unwrap();
    assert!(one["statement"].as_str().unwrap().contains("## Example"));
    assert_eq!(one["visible_tests"][0]["name"], "test_visible.py");
    assert_eq!(one["hints"]["total"], 3);
    assert_eq!(one["hints"]["revealed"], serde_json::json!([]));
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/exercises/python/word-count"
    );
    let hidden = std::fs::read_to_string(format!("{root}/test_hidden.py")).unwrap();
    let reference = std::fs::read_to_string(format!("{root}/reference.py")).unwrap();
    assert!(!text.contains("test_hidden") && !text.contains(hidden.trim()));
    assert!(
        !text.contains(reference.trim()),
        "the reference solution never leaves the server"
    );

    let res = ada
        .get(app.url(&format!("/api/v1/exercises/{}", uuid::Uuid::new_v4())))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hints_are_revealed_in_order_recorded_per_learner_and_end() {
    let app = catalog_app().await;
    let (ada, ada_csrf) = app.signed_in_user("ada@example.org", true).await;
    let (bob, _) = app.signed_in_user("bob@example.org", true).await;
    let list = get(
        &ada,
        &app.url("/api/v1/exercises?language=javascript&limit=100"),
    )
    .await;
    let id = list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "word-count")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hints_url = app.url(&format!("/api/v1/exercises/{id}/hints"));
    for index in 1..=3 {
        let res = app
            .post(
                &ada,
                &format!("/api/v1/exercises/{id}/hints"),
                &ada_csrf,
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let hint: Value = res.json().await.unwrap();
        assert_eq!(
            (hint["index"].as_u64(), hint["total"].as_u64()),
            (Some(index), Some(3))
        );
        assert!(!hint["text"].as_str().unwrap().is_empty());
    }
    let res = app
        .post(
            &ada,
            &format!("/api/v1/exercises/{id}/hints"),
            &ada_csrf,
            None,
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "no-more-hints").await;
    let ada_view = get(&ada, &app.url(&format!("/api/v1/exercises/{id}"))).await;
    assert_eq!(ada_view["hints"]["revealed"].as_array().unwrap().len(), 3);
    let bob_view = get(&bob, &app.url(&format!("/api/v1/exercises/{id}"))).await;
    assert!(bob_view["hints"]["revealed"].as_array().unwrap().is_empty());
    // CSRF applies to the reveal.
    let res = ada.post(&hints_url).send().await.unwrap();
    assert_problem(res, StatusCode::FORBIDDEN, "csrf").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_needs_a_verified_address() {
    let app = catalog_app().await;
    let (unverified, _) = app.signed_in_user("eve@example.org", false).await;
    let res = unverified
        .get(app.url("/api/v1/exercises"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::FORBIDDEN, "email-not-verified").await;
    let res = TestApp::bare()
        .get(app.url("/api/v1/exercises"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
