//! Sign-in with Google and GitHub through the real redirects, against a real OpenID provider
//! (`tests/oidc/provider.mjs`, npm `oidc-provider`) started here on 127.0.0.1, and against a
//! small hostile issuer for forged ID tokens. A refused sign-in never creates a session.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, ChildStdin, Command};

use crate::helpers::{TestApp, set_cookie};

/// A running `provider.mjs`.
struct IdentityProvider {
    issuer: String,
    _child: Child,
    _stdin: ChildStdin,
}

impl IdentityProvider {
    async fn start(mode: &str, app_origin: &str) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test identity provider is not installed: run `npm ci` in {} (make test does)",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("APP_ORIGIN", app_origin)
            .env("MODE", mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs");
        let stdin = child.stdin.take().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the identity provider starts within 30 s")
            .unwrap()
            .expect("a ready line");
        let ready: Value = serde_json::from_str(&line).unwrap();
        Self {
            issuer: ready["issuer"].as_str().unwrap().to_owned(),
            _child: child,
            _stdin: stdin,
        }
    }

    async fn control(&self, path: &str, body: Value) {
        let res = Client::new()
            .post(format!("{}{path}", self.issuer))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
    }

    /// The account the next sign-in at this provider logs in as.
    async fn next_login(&self, sub: &str, email: &str, verified: bool) {
        self.control(
            "/__test/next-login",
            json!({"sub": sub, "email": email, "email_verified": verified, "name": "Ada Lovelace", "login": "ada"}),
        )
        .await;
    }
}

/// Points the settings at the providers, on a port chosen before the provider started (the
/// provider registers the app's callback URLs).
fn configure(raw: &mut mentor_server::config::RawSettings, port: u16, google: &str, github: &str) {
    raw.server.listen = format!("127.0.0.1:{port}");
    raw.server.public_url = format!("http://127.0.0.1:{port}");
    let g = &mut raw.oauth.google;
    g.client_id = "google-client".to_owned();
    g.client_secret = "google-secret".to_owned();
    g.issuer = google.to_owned();
    g.authorize_url = format!("{google}/auth");
    g.token_url = format!("{google}/token");
    g.jwks_url = format!("{google}/jwks");
    let h = &mut raw.oauth.github;
    h.client_id = "github-client".to_owned();
    h.client_secret = "github-secret".to_owned();
    h.authorize_url = format!("{github}/auth");
    h.token_url = format!("{github}/token");
    h.api_url = format!("{github}/github");
}

/// The embedded app, configured for both providers.
async fn app_with(port: u16, google_issuer: &str, github_issuer: &str) -> TestApp {
    let (google, github) = (google_issuer.to_owned(), github_issuer.to_owned());
    TestApp::embedded_with(move |raw| configure(raw, port, &google, &github), |_| {}).await
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A provider in `mode` and the app wired to it for both providers.
async fn setup(mode: &str) -> (IdentityProvider, TestApp) {
    let port = free_port();
    let idp = IdentityProvider::start(mode, &format!("http://127.0.0.1:{port}")).await;
    let app = app_with(port, &idp.issuer, &idp.issuer).await;
    (idp, app)
}

/// A browser that keeps cookies and lets the test follow redirects itself.
fn browser() -> Client {
    TestApp::browser();
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn location(res: &Response) -> String {
    let raw = res
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("{} has no Location", res.url()))
        .to_str()
        .unwrap();
    res.url().join(raw).unwrap().to_string()
}

/// Starts at the app and follows the provider's redirects up to (not into) the callback.
/// Returns the start response's flow cookie and the callback URL.
async fn until_callback(app: &TestApp, browser: &Client, provider: &str) -> (String, String) {
    let start = browser
        .get(app.url(&format!("/api/v1/auth/oauth/{provider}/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let flow = set_cookie(&start, "mentor-oauth").expect("a flow cookie");
    let mut next = location(&start);
    for _ in 0..10 {
        if next.starts_with(&app.url("/api/v1/auth/oauth/")) {
            return (flow, next);
        }
        let res = browser.get(&next).send().await.unwrap();
        assert!(res.status().is_redirection(), "{next}: {}", res.status());
        next = location(&res);
    }
    panic!("no callback after 10 redirects");
}

/// The whole flow; returns the callback's response.
async fn sign_in(app: &TestApp, browser: &Client, provider: &str) -> Response {
    let (_, callback) = until_callback(app, browser, provider).await;
    browser.get(&callback).send().await.unwrap()
}

fn assert_refused(res: &Response, code: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/sign-in?error={code}")
    );
    assert!(
        set_cookie(res, "mentor-access").is_none(),
        "a refused sign-in must not create a session"
    );
}

fn assert_signed_in(res: &Response) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap();
    assert_eq!(to, "/", "the landing URL carries nothing");
    assert!(set_cookie(res, "mentor-access").is_some());
    assert!(set_cookie(res, "mentor-refresh").is_some());
}

async fn me(app: &TestApp, browser: &Client) -> Response {
    browser.get(app.url("/api/v1/me")).send().await.unwrap()
}

async fn identities(app: &TestApp, browser: &Client) -> Vec<String> {
    let body: Value = browser
        .get(app.url("/api/v1/me/identities"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["identities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["provider"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_sign_in_creates_a_verified_account_through_the_real_redirects() {
    let (idp, app) = setup("provider").await;
    idp.next_login("110169484474386276334", "ada@example.org", true)
        .await;
    let browser = browser();
    let (_, callback) = until_callback(&app, &browser, "google").await;
    let query: Vec<(String, String)> = url::Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert!(query.iter().any(|(k, v)| k == "iss" && *v == idp.issuer));
    let res = browser.get(&callback).send().await.unwrap();
    assert_signed_in(&res);
    let removed = set_cookie(&res, "mentor-oauth").unwrap();
    assert!(removed.is_empty(), "the flow cookie is cleared");
    let me = me(&app, &browser).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["email"], "ada@example.org");
    assert_eq!(me["email_verified"], true);
    assert_eq!(identities(&app, &browser).await, vec!["google"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_sign_in_uses_the_verified_primary_email() {
    let (idp, app) = setup("provider").await;
    idp.next_login("583231", "octo@example.org", true).await;
    let browser = browser();
    assert_signed_in(&sign_in(&app, &browser, "github").await);
    let first: Value = me(&app, &browser).await.json().await.unwrap();
    assert_eq!(first["email"], "octo@example.org");
    assert_eq!(identities(&app, &browser).await, vec!["github"]);
    // Signing in again finds the same account through the identity.
    let again = self::browser();
    assert_signed_in(&sign_in(&app, &again, "github").await);
    let second: Value = me(&app, &again).await.json().await.unwrap();
    assert_eq!(second["id"], first["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_state_a_replayed_state_and_the_other_providers_path_are_refused() {
    let (idp, app) = setup("provider").await;
    idp.next_login("g-2", "eve@example.org", true).await;

    // Wrong state.
    let browser = browser();
    let (_, callback) = until_callback(&app, &browser, "google").await;
    let mut forged = url::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = forged.query_pairs().into_owned().collect();
    forged.query_pairs_mut().clear().extend_pairs(
        pairs
            .iter()
            .map(|(k, v)| (k.as_str(), if k == "state" { "forged" } else { v.as_str() })),
    );
    assert_refused(
        &browser.get(forged.as_str()).send().await.unwrap(),
        "invalid_state",
    );
    assert_eq!(me(&app, &browser).await.status(), StatusCode::UNAUTHORIZED);

    // The other provider's callback path (mix-up).
    let browser = self::browser();
    let (_, callback) = until_callback(&app, &browser, "google").await;
    let other = callback.replace("/oauth/google/callback", "/oauth/github/callback");
    assert_refused(
        &browser.get(&other).send().await.unwrap(),
        "provider_mismatch",
    );
    assert_eq!(me(&app, &browser).await.status(), StatusCode::UNAUTHORIZED);

    // A replay of a completed flow, with its cookie put back.
    let browser = self::browser();
    let (flow, callback) = until_callback(&app, &browser, "google").await;
    assert_signed_in(&browser.get(&callback).send().await.unwrap());
    let replay = self::browser()
        .get(&callback)
        .header("Cookie", format!("mentor-oauth={flow}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&replay, "mentor-access").is_none());
    assert_eq!(
        replay.headers()["location"].to_str().unwrap(),
        "/sign-in?error=invalid_state"
    );

    // No flow cookie at all.
    let res = self::browser().get(&callback).send().await.unwrap();
    assert_refused(&res, "expired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn id_tokens_with_a_bad_nonce_audience_signature_issuer_or_expiry_are_refused() {
    let (idp, app) = setup("hostile").await;
    for tamper in ["nonce", "aud", "signature", "iss", "expired"] {
        idp.control("/__test/tamper", json!({"tamper": tamper}))
            .await;
        let browser = browser();
        let res = sign_in(&app, &browser, "google").await;
        assert_refused(&res, "rejected");
        assert_eq!(
            me(&app, &browser).await.status(),
            StatusCode::UNAUTHORIZED,
            "{tamper}"
        );
    }
    // The same issuer with an honest token signs in: the refusals above were the tampering.
    idp.control("/__test/tamper", json!({"tamper": "none"}))
        .await;
    assert_signed_in(&sign_in(&app, &browser(), "google").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_account_is_linked_only_by_a_verified_email_and_keeps_a_way_to_sign_in() {
    let (idp, app) = setup("provider").await;
    let (local, local_csrf) = app.signed_in_user("ada@example.org", true).await;
    let local_me: Value = me(&app, &local).await.json().await.unwrap();

    idp.next_login("g-ada", "ada@example.org", false).await;
    let browser = browser();
    assert_refused(&sign_in(&app, &browser, "google").await, "email_unverified");
    assert!(identities(&app, &local).await.is_empty());

    idp.next_login("g-ada", "ada@example.org", true).await;
    let browser = self::browser();
    assert_signed_in(&sign_in(&app, &browser, "google").await);
    let linked: Value = me(&app, &browser).await.json().await.unwrap();
    assert_eq!(
        linked["id"], local_me["id"],
        "linked to the existing account"
    );
    assert!(
        app.messages_to("ada@example.org")
            .last()
            .unwrap()
            .contains("Google sign-in was linked to your Mentor account"),
        "the owner is told about the new way into the account"
    );
    assert_eq!(identities(&app, &local).await, vec!["google"]);

    // The account has a password, so the identity can go.
    let res = local
        .delete(app.url("/api/v1/me/identities/google"))
        .header("X-CSRF-Token", &local_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(identities(&app, &local).await.is_empty());

    // An account made by a provider has no password: its only identity stays.
    idp.next_login("g-bob", "bob@example.org", true).await;
    let bob = self::browser();
    assert_signed_in(&sign_in(&app, &bob, "google").await);
    let csrf = app.csrf(&bob).await;
    let res = bob
        .delete(app.url("/api/v1/me/identities/google"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    crate::helpers::assert_problem(res, StatusCode::CONFLICT, "last-sign-in-method").await;
    assert_eq!(identities(&app, &bob).await, vec!["google"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_unverified_disabled_and_unreachable_sign_ins_are_refused() {
    let (idp, app) = setup("provider").await;

    // The user declines at the provider: the callback carries `error`.
    let browser = browser();
    let (_, callback) = until_callback(&app, &browser, "google").await;
    let mut declined = url::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = declined
        .query_pairs()
        .into_owned()
        .filter(|(k, _)| k != "code")
        .collect();
    declined
        .query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("error", "access_denied");
    assert_refused(
        &browser.get(declined.as_str()).send().await.unwrap(),
        "denied",
    );

    // A local account whose owner never verified the address is not taken over.
    let local = TestApp::browser();
    let csrf = app.csrf(&local).await;
    app.register(&local, &csrf, "unverified@example.org").await;
    idp.next_login("g-unv", "unverified@example.org", true)
        .await;
    assert_refused(
        &sign_in(&app, &self::browser(), "google").await,
        "account_unverified",
    );

    // A disabled account cannot come in through a provider either.
    let (admin, admin_csrf) = app.admin("root@example.org").await;
    idp.next_login("g-dis", "dis@example.org", true).await;
    let first = self::browser();
    assert_signed_in(&sign_in(&app, &first, "google").await);
    let id = me(&app, &first).await.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = admin
        .post(app.url(&format!("/api/v1/admin/users/{id}/disable")))
        .header("X-CSRF-Token", &admin_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_refused(
        &sign_in(&app, &self::browser(), "google").await,
        "account_disabled",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_token_endpoint_is_an_outage_not_a_sign_in() {
    let port = free_port();
    let idp = IdentityProvider::start("provider", &format!("http://127.0.0.1:{port}")).await;
    let closed = format!("http://127.0.0.1:{}", free_port());
    let issuer = idp.issuer.clone();
    let app = TestApp::embedded_with(
        move |raw| {
            raw.server.listen = format!("127.0.0.1:{port}");
            raw.server.public_url = format!("http://127.0.0.1:{port}");
            let h = &mut raw.oauth.github;
            h.client_id = "github-client".to_owned();
            h.client_secret = "github-secret".to_owned();
            h.authorize_url = format!("{issuer}/auth");
            h.token_url = format!("{closed}/token");
            h.api_url = format!("{issuer}/github");
        },
        |_| {},
    )
    .await;
    idp.next_login("583232", "octo@example.org", true).await;
    assert_refused(
        &sign_in(&app, &browser(), "github").await,
        "provider_unavailable",
    );
    // Google is not configured on this server.
    let res = TestApp::bare()
        .get(app.url("/api/v1/auth/oauth/google/start"))
        .send()
        .await
        .unwrap();
    crate::helpers::assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_replay_refusal_on_the_production_composition() {
    let port = free_port();
    let idp = IdentityProvider::start("provider", &format!("http://127.0.0.1:{port}")).await;
    let issuer = idp.issuer.clone();
    let Some(app) = TestApp::production_with(move |raw| {
        configure(raw, port, &issuer, &issuer);
    })
    .await
    else {
        return;
    };
    idp.next_login("g-prod", "prod@example.org", true).await;
    let browser = browser();
    let (flow, callback) = until_callback(&app, &browser, "google").await;
    assert_signed_in(&browser.get(&callback).send().await.unwrap());
    assert_eq!(identities(&app, &browser).await, vec!["google"]);
    let replay = self::browser()
        .get(&callback)
        .header("Cookie", format!("mentor-oauth={flow}"))
        .send()
        .await
        .unwrap();
    assert_refused(&replay, "invalid_state");
    app.finish().await;
}
