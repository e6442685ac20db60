//! Every failure leaves as problem+json, including the framework's own.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_and_routes_get_problem_details() {
    let app = TestApp::embedded().await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let post = |path: &str| browser.post(app.url(path)).header("X-CSRF-Token", &csrf);

    let res = post("/api/v1/auth/register")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed-body").await;
    let res = post("/api/v1/auth/register")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    )
    .await;
    let huge = json!({"email": "a@example.org", "password": "x".repeat(300_000)});
    let res = post("/api/v1/auth/register")
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large").await;
    let extra = json!({"email": "a@example.org", "password": PASSWORD, "roles": ["admin"]});
    let body = assert_problem(
        post("/api/v1/auth/register")
            .json(&extra)
            .send()
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "malformed-body",
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("unknown field"),
        "{body}"
    );

    let res = TestApp::bare()
        .get(app.url("/nowhere"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = TestApp::bare()
        .get(app.url("/api/v1/auth/login"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").await;
    let res = browser
        .put(app.url("/api/v1/me"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_fields_are_listed_each_with_its_reason() {
    let app = TestApp::embedded().await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/register",
            &csrf,
            Some(json!({"email": "not-an-email", "password": "short", "display_name": ""})),
        )
        .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(body["errors"]["email"][0].is_string(), "{body}");
    assert!(body["errors"]["display_name"][0].is_string(), "{body}");

    let res = app
        .post(
            &browser,
            "/api/v1/auth/register",
            &csrf,
            Some(json!({"email": "ada@example.org", "password": "password123456"})),
        )
        .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(
        body["errors"]["password"][0]
            .as_str()
            .unwrap()
            .contains("common"),
        "{body}"
    );
    let res = app
        .post(
            &browser,
            "/api/v1/auth/register",
            &csrf,
            Some(json!({"email": "ada@example.org", "password": "x".repeat(129)})),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(
        app.messages_to("ada@example.org").is_empty(),
        "nothing happened"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_codes_and_paths_are_clear_problems() {
    let app = TestApp::embedded().await;
    let (browser, csrf) = app.signed_in_user("ada@example.org", true).await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": "ada@example.org", "password": "wrong password here"})),
        )
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid-credentials").await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/verify-email",
            &csrf,
            Some(json!({"token": "not-a-real-code"})),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid-token").await;
    let res = browser
        .delete(app.url("/api/v1/me/sessions/not-a-uuid"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = browser
        .delete(app.url(&format!("/api/v1/me/sessions/{}", uuid::Uuid::new_v4())))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_versions_and_metrics_answer() {
    let app = TestApp::embedded().await;
    let client = TestApp::bare();
    assert_eq!(
        client
            .get(app.url("/health/live"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let ready: Value = client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["checks"]["database"], "ok");
    let versions: Value = client
        .get(app.url("/api"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions["versions"][0]["path"], "/api/v1");
    let metrics = client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"http_requests_total{method="GET",route="/health/live",status="200"}"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("http_request_duration_seconds_bucket"),
        "{metrics}"
    );
}
