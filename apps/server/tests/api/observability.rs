//! Logs carry error ids and request ids but never secrets; readiness tells which dependency
//! is down.

use std::io::Write;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use crate::helpers::{PASSWORD, TestApp, assert_problem};

/// Collects everything the server logs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_carry_error_ids_and_never_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_env_filter("debug")
        .with_writer(move || writer.clone())
        .init();

    let app = TestApp::embedded().await;
    let email = "ada@example.org";
    let (browser, csrf) = app.signed_in_user(email, true).await;
    let code = app.verification_code(email);
    let session = app.raw_login(email).await;
    app.refresh_with(&session.csrf, &session.refresh).await;
    app.post(&browser, "/api/v1/auth/logout", &csrf, None).await;
    let refused = app
        .post(
            &browser,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": email, "password": "wrong password here"})),
        )
        .await;
    let problem = assert_problem(refused, StatusCode::UNAUTHORIZED, "invalid-credentials").await;

    // An OAuth callback's query (code, state) and a spoofed X-Forwarded-For stay out.
    TestApp::bare()
        .get(app.url("/api/v1/auth/oauth/google/callback?code=c0de-s3cret&state=st4te-s3cret"))
        .header("X-Forwarded-For", "203.0.113.66")
        .send()
        .await
        .unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("/api/v1/auth/oauth/google/callback"));
    for leaked in ["c0de-s3cret", "st4te-s3cret", "203.0.113.66"] {
        assert!(!logs.contains(leaked), "{leaked} reached the log");
    }
    let error_id = problem["error_id"].as_str().unwrap();
    assert!(logs.contains(error_id), "the error id is in the log");
    assert!(
        logs.contains("request_id"),
        "log lines carry the request id"
    );
    for (what, secret) in [
        ("password", PASSWORD),
        ("verification code", code.as_str()),
        ("access token", session.access.as_str()),
        ("refresh token", session.refresh.as_str()),
        ("csrf token", session.csrf.as_str()),
        ("wrong password", "wrong password here"),
    ] {
        assert!(!logs.contains(secret), "the {what} leaked into the log");
    }
    let signing_key = std::fs::read_to_string(app.data_dir().join("dev-jwt-secret")).unwrap();
    assert!(
        !logs.contains(signing_key.trim()),
        "the signing key leaked into the log"
    );
}

/// A TCP proxy to Redis that can be cut, to make the session store "go down".
struct CuttableProxy {
    port: u16,
    tasks: JoinSet<()>,
}

impl CuttableProxy {
    async fn to(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let upstream = upstream.to_owned();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { port, tasks }
    }

    fn cut(&mut self) {
        self.tasks.abort_all();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_names_the_dependency_that_is_down() {
    let Some(redis) = mentor_conformance::support::redis_url() else {
        eprintln!("skipped: MENTOR_TEST_REDIS_URL is not set");
        return;
    };
    let upstream = redis
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned();
    let mut proxy = CuttableProxy::to(&upstream).await;
    let port = proxy.port;
    let Some(app) =
        TestApp::production_with(move |raw| raw.redis.url = format!("redis://127.0.0.1:{port}"))
            .await
    else {
        return;
    };
    let ready = reqwest::get(app.url("/health/ready")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    proxy.cut();
    let res = reqwest::get(app.url("/health/ready")).await.unwrap();
    assert_eq!(res.headers().get("retry-after").unwrap(), "5");
    let body: Value = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "not-ready").await;
    assert_eq!(body["checks"]["database"], "ok");
    assert_ne!(body["checks"]["session_store"], "ok");
    // Liveness does not depend on anything.
    assert_eq!(
        reqwest::get(app.url("/health/live"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    app.finish().await;
}
