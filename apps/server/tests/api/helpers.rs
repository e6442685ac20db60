//! Starting the app and talking to it.

use std::path::{Path, PathBuf};
use std::sync::Once;

use mentor_conformance::smtp::{SmtpCapture, read_messages};
use mentor_conformance::support::{TestDatabase, redis_url};
use mentor_server::app::Application;
use mentor_server::config::{RawSettings, SmtpTlsSetting};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery staple";

/// Where the app's mail ends up.
enum Mailbox {
    Outbox(PathBuf),
    Maildir(PathBuf),
}

/// A running server and what it needs.
pub struct TestApp {
    pub base: String,
    settings: mentor_server::config::Settings,
    mailbox: Mailbox,
    _data: tempfile::TempDir,
    _smtp: Option<SmtpCapture>,
    database: Option<TestDatabase>,
}

fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn base_settings(data: &Path) -> RawSettings {
    let mut raw = RawSettings::default();
    raw.server.listen = "127.0.0.1:0".to_owned();
    raw.server.workers = 2;
    raw.server.shutdown_timeout_secs = 1;
    raw.data.dir = data.to_path_buf();
    raw.content.dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/exercises").into();
    raw.content.seed_on_start = Some(false);
    // The sandbox is checked on first use, and only the grading tests start workers.
    raw.sandbox.check_on_start = false;
    raw.grading.workers = Some(0);
    // Every test client comes from 127.0.0.1: lift the per-IP limits (the throttling tests
    // set tight ones).
    for policy in raw.rate_limits.policies.values_mut() {
        policy.requests = 10_000;
        policy.burst = 10_000;
    }
    raw
}

/// Sets one named rate policy.
pub fn set_policy(raw: &mut RawSettings, name: &str, requests: u32, per_secs: u64, burst: u32) {
    raw.rate_limits.policies.insert(
        name.to_owned(),
        mentor_server::config::RawRatePolicy {
            requests,
            per_secs,
            burst,
        },
    );
}

impl TestApp {
    /// The embedded default: SQLite file, sessions in SQLite, mail to the outbox folder.
    pub async fn embedded() -> Self {
        Self::embedded_with(|_| {}, |_| {}).await
    }

    /// The embedded default with adjusted settings and extra routes.
    pub async fn embedded_with(
        adjust: impl FnOnce(&mut RawSettings),
        routes: fn(&mut actix_web::web::ServiceConfig),
    ) -> Self {
        install_crypto();
        let data = tempfile::tempdir().unwrap();
        let mut raw = base_settings(data.path());
        adjust(&mut raw);
        let settings = raw.validate().unwrap();
        let outbox = data.path().join("outbox");
        Self::start(settings, routes, Mailbox::Outbox(outbox), data, None, None).await
    }

    /// The production composition (Postgres, Redis, SMTP), or `None` when the test services
    /// are not configured.
    pub async fn production() -> Option<Self> {
        Self::production_with(|_| {}).await
    }

    /// The production composition with adjusted settings.
    pub async fn production_with(adjust: impl FnOnce(&mut RawSettings)) -> Option<Self> {
        install_crypto();
        let (Some(_), Some(redis)) = (TestDatabase::admin_url(), redis_url()) else {
            eprintln!(
                "skipped: MENTOR_TEST_DATABASE_URL and MENTOR_TEST_REDIS_URL are not both set"
            );
            return None;
        };
        let database = TestDatabase::create().await?;
        let data = tempfile::tempdir().unwrap();
        let maildir = data.path().join("maildir");
        let smtp = SmtpCapture::start(&maildir).await;
        let smtp_port = smtp.port();
        let mut raw = base_settings(data.path());
        raw.database.url = database.url();
        raw.database.migrate_on_start = Some(false);
        raw.redis.url = redis;
        raw.redis.key_prefix = format!("mentor-test:{}:", uuid::Uuid::new_v4().simple());
        raw.mail.smtp_host = "127.0.0.1".to_owned();
        raw.mail.smtp_port = smtp_port;
        raw.mail.smtp_tls = SmtpTlsSetting::None;
        raw.auth.jwt_secret = "Zq7!vN2#xK5wT8pL0aY3cE6gH9jM1bD4fS7uW0".to_owned();
        adjust(&mut raw);
        let settings = raw.validate().unwrap();
        Some(
            Self::start(
                settings,
                |_| {},
                Mailbox::Maildir(maildir),
                data,
                Some(smtp),
                Some(database),
            )
            .await,
        )
    }

    async fn start(
        settings: mentor_server::config::Settings,
        routes: fn(&mut actix_web::web::ServiceConfig),
        mailbox: Mailbox,
        data: tempfile::TempDir,
        smtp: Option<SmtpCapture>,
        database: Option<TestDatabase>,
    ) -> Self {
        let app = Application::build_with_routes(settings.clone(), routes)
            .await
            .unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        Self {
            base,
            settings,
            mailbox,
            _data: data,
            _smtp: smtp,
            database,
        }
    }

    /// Drops the test database (call at the end of production tests).
    pub async fn finish(self) {
        if let Some(database) = self.database {
            database.drop_database().await;
        }
    }

    /// The server's data folder (the embedded default keeps its signing key there).
    pub fn data_dir(&self) -> &Path {
        self._data.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies, like a browser.
    pub fn browser() -> Client {
        install_crypto();
        Client::builder().cookie_store(true).build().unwrap()
    }

    /// A client without cookies.
    pub fn bare() -> Client {
        install_crypto();
        Client::builder().build().unwrap()
    }

    /// Fetches a CSRF token (and its cookie).
    pub async fn csrf(&self, client: &Client) -> String {
        let res = client
            .get(self.url("/api/v1/auth/csrf"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn post(
        &self,
        client: &Client,
        path: &str,
        csrf: &str,
        body: Option<Value>,
    ) -> Response {
        let mut req = client.post(self.url(path)).header("X-CSRF-Token", csrf);
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap()
    }

    pub async fn register(&self, client: &Client, csrf: &str, email: &str) -> Response {
        self.post(
            client,
            "/api/v1/auth/register",
            csrf,
            Some(json!({"email": email, "password": PASSWORD})),
        )
        .await
    }

    /// Signs in; returns the new CSRF token.
    pub async fn login(&self, client: &Client, csrf: &str, email: &str) -> String {
        let res = self
            .post(
                client,
                "/api/v1/auth/login",
                csrf,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Registers, verifies and signs in a new account; returns the browser and CSRF token.
    pub async fn signed_in_user(&self, email: &str, verify: bool) -> (Client, String) {
        let client = Self::browser();
        let csrf = self.csrf(&client).await;
        assert_eq!(
            self.register(&client, &csrf, email).await.status(),
            StatusCode::ACCEPTED
        );
        if verify {
            let code = self.verification_code(email);
            let res = self
                .post(
                    &client,
                    "/api/v1/auth/verify-email",
                    &csrf,
                    Some(json!({"token": code})),
                )
                .await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT);
        }
        let csrf = self.login(&client, &csrf, email).await;
        (client, csrf)
    }

    /// Creates an admin account the way `mentor admin create-user --role admin` does (through
    /// the same composition, on the same database) and signs it in.
    pub async fn admin(&self, email: &str) -> (Client, String) {
        let state = mentor_server::app::compose(&self.settings).await.unwrap();
        let address = mentor_auth::Email::parse(email).unwrap();
        state
            .auth
            .create_user(mentor_auth::NewAccount {
                password: mentor_auth::Password::new(
                    secrecy::SecretString::from(PASSWORD),
                    &address,
                )
                .unwrap(),
                email: address,
                display_name: None,
                roles: vec![mentor_auth::Role::Admin],
            })
            .await
            .unwrap();
        let client = Self::browser();
        let csrf = self.csrf(&client).await;
        let csrf = self.login(&client, &csrf, email).await;
        (client, csrf)
    }

    /// Every message sent to `email`, oldest first, as raw text.
    pub fn messages_to(&self, email: &str) -> Vec<String> {
        let messages = match &self.mailbox {
            Mailbox::Outbox(dir) => read_messages(dir),
            Mailbox::Maildir(dir) => read_messages(&dir.join("new")),
        };
        messages
            .into_iter()
            .filter(|text| {
                text.lines()
                    .any(|l| l.eq_ignore_ascii_case(&format!("To: {email}")))
            })
            .collect()
    }

    /// The code after `prefix` in the newest message to `email` that has one, waiting up to
    /// two seconds for mail that is sent after the answer.
    pub async fn wait_for_code(&self, email: &str, prefix: &str) -> String {
        for _ in 0..100 {
            let found = self.messages_to(email).iter().rev().find_map(|m| {
                m.lines()
                    .find_map(|l| l.trim().strip_prefix(prefix).map(|c| c.trim().to_owned()))
            });
            if let Some(code) = found {
                return code;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("no message with {prefix:?} to {email}");
    }

    /// The code in the newest verification message to `email`.
    pub fn verification_code(&self, email: &str) -> String {
        self.messages_to(email)
            .iter()
            .rev()
            .find_map(|m| {
                m.lines().find_map(|l| {
                    l.trim()
                        .strip_prefix("Your verification code: ")
                        .map(|c| c.trim().to_owned())
                })
            })
            .unwrap_or_else(|| panic!("no verification message to {email}"))
    }
}

/// Asserts an RFC 9457 problem of type `slug` and status; returns the body.
pub async fn assert_problem(res: Response, status: StatusCode, slug: &str) -> Value {
    assert_eq!(res.status(), status, "status of {}", res.url());
    let content_type = res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["type"],
        format!("https://mentor.dev/problems/{slug}"),
        "{body}"
    );
    assert_eq!(body["status"], status.as_u16());
    assert!(body["title"].is_string());
    assert!(body["error_id"].as_str().is_some_and(|id| !id.is_empty()));
    body
}

/// The value of cookie `name` set by a response.
pub fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()?
                .trim()
                .strip_prefix(&format!("{name}="))
                .map(str::to_owned)
        })
}

/// The whole `Set-Cookie` header for cookie `name`.
pub fn set_cookie_header(res: &Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Cookies of a signed-in client without a cookie store.
pub struct RawSession {
    pub csrf: String,
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    /// Signs in with a cookie-less client; returns the login response.
    pub async fn raw_login_response(&self, email: &str) -> Response {
        let client = Self::bare();
        let res = client
            .get(self.url("/api/v1/auth/csrf"))
            .send()
            .await
            .unwrap();
        let csrf = set_cookie(&res, "mentor-csrf").unwrap();
        let res = client
            .post(self.url("/api/v1/auth/login"))
            .header("X-CSRF-Token", &csrf)
            .header("Cookie", format!("mentor-csrf={csrf}"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res
    }

    /// Signs in with a cookie-less client and returns the raw cookie values.
    pub async fn raw_login(&self, email: &str) -> RawSession {
        let res = self.raw_login_response(email).await;
        RawSession {
            csrf: set_cookie(&res, "mentor-csrf").unwrap(),
            access: set_cookie(&res, "mentor-access").unwrap(),
            refresh: set_cookie(&res, "mentor-refresh").unwrap(),
        }
    }

    /// `GET /api/v1/me` with exactly this access cookie.
    pub async fn me_with_access(&self, access: &str) -> Response {
        Self::bare()
            .get(self.url("/api/v1/me"))
            .header("Cookie", format!("mentor-access={access}"))
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/auth/refresh` with exactly this refresh cookie.
    pub async fn refresh_with(&self, csrf: &str, refresh: &str) -> Response {
        Self::bare()
            .post(self.url("/api/v1/auth/refresh"))
            .header("X-CSRF-Token", csrf)
            .header(
                "Cookie",
                format!("mentor-csrf={csrf}; mentor-refresh={refresh}"),
            )
            .send()
            .await
            .unwrap()
    }
}
