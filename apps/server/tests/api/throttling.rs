//! Throttling over HTTP: 429 problem+json with `Retry-After` on sign-in, registration and
//! mail requests; the client IP is the TCP peer unless a trusted proxy forwards it; the
//! production composition keeps the state in Redis.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_problem, set_policy};

async fn wrong_login(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    forwarded: Option<&str>,
) -> reqwest::Response {
    let mut req = client
        .post(app.url("/api/v1/auth/login"))
        .header("X-CSRF-Token", csrf)
        .json(&json!({"email": "ada@example.org", "password": "not the right password"}));
    if let Some(ip) = forwarded {
        req = req.header("X-Forwarded-For", ip);
    }
    req.send().await.unwrap()
}

async fn assert_429_with_retry_after(res: reqwest::Response) {
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1, "{retry_after}");
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
}

async fn failed_sign_ins_back_off_with_429(app: TestApp) {
    let (browser, _) = app.signed_in_user("ada@example.org", true).await;
    let csrf = app.csrf(&browser).await;
    // Three free failures, a fourth starts a block.
    for _ in 0..4 {
        let res = wrong_login(&app, &browser, &csrf, None).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": "ada@example.org", "password": PASSWORD})),
        )
        .await;
    assert_429_with_retry_after(res).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_back_off_with_429_embedded() {
    failed_sign_ins_back_off_with_429(TestApp::embedded().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_back_off_with_429_in_redis() {
    if let Some(app) = TestApp::production().await {
        failed_sign_ins_back_off_with_429(app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let app = TestApp::embedded_with(|raw| set_policy(raw, "login_ip", 2, 60, 2), |_| {}).await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    for i in 0..2 {
        let res = wrong_login(&app, &browser, &csrf, Some(&format!("203.0.113.{i}"))).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = wrong_login(&app, &browser, &csrf, Some("203.0.113.99")).await;
    assert_429_with_retry_after(res).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trusted_proxy_forwards_the_client_ip() {
    let app = TestApp::embedded_with(
        |raw| {
            set_policy(raw, "login_ip", 2, 60, 2);
            raw.server.trusted_proxies = vec!["127.0.0.0/8".to_owned()];
        },
        |_| {},
    )
    .await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    for _ in 0..2 {
        let res = wrong_login(&app, &browser, &csrf, Some("198.51.100.1, 127.0.0.1")).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_429_with_retry_after(wrong_login(&app, &browser, &csrf, Some("198.51.100.1")).await)
        .await;
    // Another client behind the same proxy has its own budget.
    let res = wrong_login(&app, &browser, &csrf, Some("198.51.100.2")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_and_mail_requests_are_rate_limited_per_ip() {
    let app = TestApp::embedded_with(
        |raw| {
            set_policy(raw, "register_ip", 1, 3600, 1);
            set_policy(raw, "mail_ip", 1, 3600, 1);
        },
        |_| {},
    )
    .await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    assert_eq!(
        app.register(&browser, &csrf, "one@example.org")
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    assert_429_with_retry_after(app.register(&browser, &csrf, "two@example.org").await).await;
    for (i, path) in [
        "/api/v1/auth/resend-verification",
        "/api/v1/auth/password-reset",
    ]
    .into_iter()
    .enumerate()
    {
        let res = app
            .post(
                &browser,
                path,
                &csrf,
                Some(json!({"email": "one@example.org"})),
            )
            .await;
        if i == 0 {
            assert_eq!(res.status(), StatusCode::ACCEPTED);
        } else {
            // Resend and reset share one budget: they both send mail.
            assert_429_with_retry_after(res).await;
        }
    }
}
