//! The whole account flow, as a learner does it, on both compositions.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

async fn whole_account_flow(app: &TestApp) {
    let email = format!("learner-{}@example.org", uuid::Uuid::new_v4().simple());
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;

    assert_eq!(
        app.register(&browser, &csrf, &email).await.status(),
        StatusCode::ACCEPTED
    );
    let code = app.verification_code(&email);
    let res = app
        .post(
            &browser,
            "/api/v1/auth/verify-email",
            &csrf,
            Some(json!({ "token": code })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let csrf = app.login(&browser, &csrf, &email).await;
    let me: Value = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], email);
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["roles"], json!(["learner"]));

    let res = app
        .post(&browser, "/api/v1/auth/refresh", &csrf, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // A second device.
    let phone = TestApp::browser();
    let phone_csrf = app.csrf(&phone).await;
    app.login(&phone, &phone_csrf, &email).await;

    let sessions: Vec<Value> = browser
        .get(app.url("/api/v1/me/sessions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = browser
        .delete(app.url(&format!("/api/v1/me/sessions/{other}")))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(
        phone.get(app.url("/api/v1/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    let res = app.post(&browser, "/api/v1/auth/logout", &csrf, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(
        browser.get(app.url("/api/v1/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_account_flow_works_on_the_embedded_composition() {
    let app = TestApp::embedded().await;
    whole_account_flow(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_account_flow_works_on_the_production_composition() {
    let Some(app) = TestApp::production().await else {
        return;
    };
    whole_account_flow(&app).await;
    let ready: Value = reqwest::get(app.url("/health/ready"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        ready["checks"],
        json!({"database": "ok", "session_store": "ok", "sandbox": "ok", "llm": "not_configured"})
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_all_other_sessions_keeps_the_current_one() {
    let app = TestApp::embedded().await;
    let (laptop, csrf) = app.signed_in_user("ada@example.org", true).await;
    let phone = TestApp::browser();
    let phone_csrf = app.csrf(&phone).await;
    app.login(&phone, &phone_csrf, "ada@example.org").await;
    let res = laptop
        .delete(app.url("/api/v1/me/sessions"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 1);
    assert_eq!(
        laptop
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        phone
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resending_verification_delivers_a_new_working_code() {
    let app = TestApp::embedded_with(|raw| raw.auth.resend_cooldown_secs = 0, |_| {}).await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    app.register(&browser, &csrf, "ada@example.org").await;
    let first = app.verification_code("ada@example.org");
    let res = app
        .post(
            &browser,
            "/api/v1/auth/resend-verification",
            &csrf,
            Some(json!({"email": "ada@example.org"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // The mail is sent after the answer; wait for it.
    let mut messages = 0;
    for _ in 0..100 {
        messages = app.messages_to("ada@example.org").len();
        if messages == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(messages, 2);
    let second = app.verification_code("ada@example.org");
    assert_ne!(first, second);
    let res = app
        .post(
            &browser,
            "/api/v1/auth/verify-email",
            &csrf,
            Some(json!({ "token": second })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

async fn password_reset_flow(app: &TestApp) {
    let email = format!("reset-{}@example.org", uuid::Uuid::new_v4().simple());
    let (laptop, _) = app.signed_in_user(&email, true).await;
    let old_session = app.raw_login(&email).await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/password-reset",
            &csrf,
            Some(json!({"email": email})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let unknown = app
        .post(
            &browser,
            "/api/v1/auth/password-reset",
            &csrf,
            Some(json!({"email": "nobody@example.org"})),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    let code = app
        .wait_for_code(&email, "Your password reset code: ")
        .await;

    let weak = app
        .post(
            &browser,
            "/api/v1/auth/password-reset/confirm",
            &csrf,
            Some(json!({"token": code, "password": "password1234"})),
        )
        .await;
    let body = assert_problem(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(body["errors"]["password"].is_array(), "{body}");
    assert_eq!(
        laptop
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let new_password = "a brand new passphrase for this account";
    let res = app
        .post(
            &browser,
            "/api/v1/auth/password-reset/confirm",
            &csrf,
            Some(json!({"token": code, "password": new_password})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Every session ended at once: the laptop's cookies and an access token issued before.
    assert_problem(
        laptop.get(app.url("/api/v1/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_problem(
        app.me_with_access(&old_session.access).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert!(
        app.messages_to(&email)
            .last()
            .unwrap()
            .contains("Your Mentor password was changed")
    );
    let replay = app
        .post(
            &browser,
            "/api/v1/auth/password-reset/confirm",
            &csrf,
            Some(json!({"token": code, "password": "another new passphrase 42"})),
        )
        .await;
    assert_problem(replay, StatusCode::BAD_REQUEST, "invalid-token").await;

    let res = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": email, "password": crate::helpers::PASSWORD})),
        )
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid-credentials").await;
    let res = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": email, "password": new_password})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_ends_every_session_on_the_embedded_composition() {
    let app = TestApp::embedded().await;
    password_reset_flow(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_ends_every_session_on_the_production_composition() {
    let Some(app) = TestApp::production().await else {
        return;
    };
    password_reset_flow(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_needs_the_current_one_and_signs_everyone_out() {
    let app = TestApp::embedded().await;
    let (browser, csrf) = app.signed_in_user("ada@example.org", true).await;
    let phone = app.raw_login("ada@example.org").await;
    let change = |current: &str, new: &str| {
        app.post(
            &browser,
            "/api/v1/me/password",
            &csrf,
            Some(json!({"current_password": current, "new_password": new})),
        )
    };
    let wrong = change("not my password", "a brand new passphrase of hers").await;
    let body = assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(body["errors"]["current_password"].is_array(), "{body}");
    assert_eq!(
        app.me_with_access(&phone.access).await.status(),
        StatusCode::OK
    );

    let res = change(crate::helpers::PASSWORD, "a brand new passphrase of hers").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(
        app.me_with_access(&phone.access).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_problem(
        browser.get(app.url("/api/v1/me")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert!(
        app.messages_to("ada@example.org")
            .last()
            .unwrap()
            .contains("Your Mentor password was changed")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_see_their_own_security_events_in_pages() {
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
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (eve, _) = app.signed_in_user("eve@example.org", true).await;

    let page: Value = browser
        .get(app.url("/api/v1/me/security-events?limit=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["login_failed", "login_succeeded"]);
    assert_eq!(page["events"][0]["ip"], "127.0.0.1");
    let next = page["next"].as_str().unwrap();
    let rest: Value = browser
        .get(app.url(&format!("/api/v1/me/security-events?limit=2&before={next}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = rest["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["email_verified", "registered"]);

    // Another user sees only their own.
    let theirs: Value = eve
        .get(app.url("/api/v1/me/security-events"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        theirs["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "login_failed")
    );

    let bad = browser
        .get(app.url("/api/v1/me/security-events?before=not-a-uuid"))
        .send()
        .await
        .unwrap();
    crate::helpers::assert_problem(bad, StatusCode::BAD_REQUEST, "bad-query").await;
}
