//! The requirements of "Sessions and tokens" and "Requests" in shared/security.md, each
//! tested over HTTP.

use actix_web::{HttpResponse, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use mentor_server::http::extract::VerifiedUser;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem, set_cookie, set_cookie_header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_requests_without_a_matching_csrf_token_are_refused() {
    let app = TestApp::embedded().await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let body = json!({"email": "ada@example.org", "password": PASSWORD});
    let register = || browser.post(app.url("/api/v1/auth/register")).json(&body);

    assert_problem(
        register().send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    assert_problem(
        register()
            .header("X-CSRF-Token", "forged")
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    let foreign_origin = register()
        .header("X-CSRF-Token", &csrf)
        .header("Origin", "https://evil.example");
    assert_problem(
        foreign_origin.send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    let cross_site = register()
        .header("X-CSRF-Token", &csrf)
        .header("Sec-Fetch-Site", "cross-site");
    assert_problem(
        cross_site.send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    let no_cookie = TestApp::bare()
        .post(app.url("/api/v1/auth/register"))
        .header("X-CSRF-Token", &csrf)
        .json(&body);
    assert_problem(
        no_cookie.send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    assert!(
        app.messages_to("ada@example.org").is_empty(),
        "a refused request changed nothing"
    );

    let own_origin = register()
        .header("X-CSRF-Token", &csrf)
        .header("Origin", app.base.clone());
    // The app's public URL is http://127.0.0.1:8080 by default, so the test server's own
    // origin (another port) is foreign too; the configured origin is accepted:
    assert_problem(
        own_origin.send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "csrf",
    )
    .await;
    let configured = register()
        .header("X-CSRF-Token", &csrf)
        .header("Origin", "http://127.0.0.1:8080")
        .header("Sec-Fetch-Site", "same-site");
    assert_eq!(
        configured.send().await.unwrap().status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_does_not_reveal_whether_an_email_is_registered() {
    let app = TestApp::embedded().await;
    let (_, _) = app.signed_in_user("taken@example.org", true).await;
    let browser = TestApp::browser();
    let csrf = app.csrf(&browser).await;
    let taken = app.register(&browser, &csrf, "taken@example.org").await;
    let fresh = app.register(&browser, &csrf, "fresh@example.org").await;
    assert_eq!(taken.status(), fresh.status());
    assert_eq!(taken.text().await.unwrap(), fresh.text().await.unwrap());
    // The owner of the taken address is told by mail instead.
    let last = app.messages_to("taken@example.org").pop().unwrap();
    assert!(last.contains("Someone tried to register with your address"));

    let resend = |email: &'static str| {
        let browser = browser.clone();
        let url = app.url("/api/v1/auth/resend-verification");
        let csrf = csrf.clone();
        async move {
            let res = browser
                .post(url)
                .header("X-CSRF-Token", csrf)
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    assert_eq!(
        resend("taken@example.org").await,
        resend("nobody@example.org").await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reusing_a_rotated_refresh_token_revokes_the_whole_session() {
    let app = TestApp::embedded().await;
    app.signed_in_user("ada@example.org", true).await;
    let session = app.raw_login("ada@example.org").await;
    let rotated = app.refresh_with(&session.csrf, &session.refresh).await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let new_refresh = set_cookie(&rotated, "mentor-refresh").unwrap();
    let new_access = set_cookie(&rotated, "mentor-access").unwrap();
    assert_ne!(new_refresh, session.refresh);
    assert_eq!(
        app.me_with_access(&new_access).await.status(),
        StatusCode::OK
    );

    let replay = app.refresh_with(&session.csrf, &session.refresh).await;
    assert!(set_cookie_header(&replay, "mentor-refresh").is_some_and(|c| c.contains("Max-Age=0")));
    assert_problem(replay, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // Everything of that session is dead now: the newest refresh token and access token too.
    assert_problem(
        app.refresh_with(&session.csrf, &new_refresh).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_problem(
        app.me_with_access(&new_access).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_sessions_access_token_is_refused_at_once() {
    let app = TestApp::embedded().await;
    app.signed_in_user("ada@example.org", true).await;
    let session = app.raw_login("ada@example.org").await;
    assert_eq!(
        app.me_with_access(&session.access).await.status(),
        StatusCode::OK
    );
    let res = TestApp::bare()
        .post(app.url("/api/v1/auth/logout"))
        .header("X-CSRF-Token", &session.csrf)
        .header(
            "Cookie",
            format!(
                "mentor-csrf={}; mentor-access={}",
                session.csrf, session.access
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.headers().get("clear-site-data").is_some());
    assert!(set_cookie_header(&res, "mentor-access").is_some_and(|c| c.contains("Max-Age=0")));
    // The JWT has not expired, but its session has: refused on the very next request.
    assert_problem(
        app.me_with_access(&session.access).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(header: &Header, claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(header, claims, &EncodingKey::from_secret(key)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_access_tokens_are_refused() {
    let app = TestApp::embedded().await;
    app.signed_in_user("ada@example.org", false).await;
    let session = app.raw_login("ada@example.org").await;
    let key = std::fs::read_to_string(app.data_dir().join("dev-jwt-secret")).unwrap();
    let key = key.trim().as_bytes();
    let claims = claims_of(&session.access);
    let mut at_header = Header::new(Algorithm::HS256);
    at_header.typ = Some("at+jwt".to_owned());

    // Control: the same claims, re-signed correctly, are accepted — so each refusal below
    // is caused by the one thing changed.
    assert_eq!(
        app.me_with_access(&sign(&at_header, &claims, key))
            .await
            .status(),
        StatusCode::OK
    );

    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"at+jwt"}"#),
        session.access.split('.').nth(1).unwrap()
    );
    let mut wrong_aud = claims.clone();
    wrong_aud["aud"] = json!("another-api");
    let mut wrong_iss = claims.clone();
    wrong_iss["iss"] = json!("https://evil.example");
    let mut expired = claims.clone();
    expired["exp"] = json!(claims["iat"].as_i64().unwrap() - 3600);
    let mut plain_typ = Header::new(Algorithm::HS256);
    plain_typ.typ = Some("JWT".to_owned());
    let mut hs512 = Header::new(Algorithm::HS512);
    hs512.typ = Some("at+jwt".to_owned());

    let forgeries = [
        ("alg none", none),
        (
            "wrong key",
            sign(
                &at_header,
                &claims,
                b"another-key-of-sufficient-length-0123456789",
            ),
        ),
        ("wrong audience", sign(&at_header, &wrong_aud, key)),
        ("wrong issuer", sign(&at_header, &wrong_iss, key)),
        ("expired", sign(&at_header, &expired, key)),
        ("wrong typ", sign(&plain_typ, &claims, key)),
        ("other algorithm", sign(&hs512, &claims, key)),
        ("refresh token as access token", session.refresh.clone()),
    ];
    for (what, token) in forgeries {
        let res = app.me_with_access(&token).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{what} was accepted"
        );
        assert_problem(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

async fn learning_probe(user: VerifiedUser) -> HttpResponse {
    HttpResponse::Ok().json(json!({"user": user.user.id.to_string()}))
}

fn mount_learning_probe(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/test/learning", web::get().to(learning_probe));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learning_routes_refuse_an_unverified_user_with_403() {
    let app = TestApp::embedded_with(|_| {}, mount_learning_probe).await;
    let (unverified, _) = app.signed_in_user("new@example.org", false).await;
    let res = unverified
        .get(app.url("/api/v1/test/learning"))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, StatusCode::FORBIDDEN, "email-not-verified").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("resend-verification")
    );

    let (verified, _) = app.signed_in_user("ada@example.org", true).await;
    assert_eq!(
        verified
            .get(app.url("/api/v1/test/learning"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let anonymous = TestApp::bare()
        .get(app.url("/api/v1/test/learning"))
        .send()
        .await
        .unwrap();
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::embedded().await;
    for path in ["/health/live", "/api/v1/me", "/nowhere", "/api"] {
        let res = TestApp::bare().get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        let get = |name: &str| {
            h.get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        assert!(
            get("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            get("content-security-policy").contains("default-src 'none'"),
            "{path}"
        );
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(get("x-frame-options"), "DENY", "{path}");
        assert_eq!(get("referrer-policy"), "no-referrer", "{path}");
        assert!(!get("x-request-id").is_empty(), "{path}");
        if path.starts_with("/api") {
            assert_eq!(get("cache-control"), "no-store", "{path}");
        }
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain http"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_http_only_strict_and_host_prefixed_and_secure_under_https() {
    let local = TestApp::embedded().await;
    local.signed_in_user("ada@example.org", false).await;
    let res = local.raw_login_response("ada@example.org").await;
    for name in ["mentor-access", "mentor-refresh"] {
        let cookie = set_cookie_header(&res, name).unwrap();
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict")
                && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Secure"),
            "plain-http development keeps cookies usable: {cookie}"
        );
    }
    let body = res.text().await.unwrap();
    assert!(!body.contains("eyJ"), "no token in the JSON body: {body}");

    let https = TestApp::embedded_with(
        |raw| raw.server.public_url = "https://mentor.test".to_owned(),
        |_| {},
    )
    .await;
    let res = TestApp::bare()
        .get(https.url("/api/v1/auth/csrf"))
        .send()
        .await
        .unwrap();
    let cookie = set_cookie_header(&res, "__Host-mentor-csrf").unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(res.headers().get("strict-transport-security").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_admits_only_allow_listed_origins() {
    let app = TestApp::embedded_with(
        |raw| raw.server.allowed_origins = vec!["https://app.mentor.test".to_owned()],
        |_| {},
    )
    .await;
    let client = TestApp::bare();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/auth/login"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type, x-csrf-token",
            )
            .send()
    };
    let ok = preflight("https://app.mentor.test").await.unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    let h = ok.headers();
    assert_eq!(h["access-control-allow-origin"], "https://app.mentor.test");
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert!(
        h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("x-csrf-token")
    );
    assert_problem(
        preflight("https://evil.example").await.unwrap(),
        StatusCode::FORBIDDEN,
        "cors",
    )
    .await;

    let read = |origin: &'static str| {
        client
            .get(app.url("/api/v1/me"))
            .header("Origin", origin)
            .send()
    };
    let allowed = read("https://app.mentor.test").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.mentor.test"
    );
    let foreign = read("https://evil.example").await.unwrap();
    assert!(
        foreign
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
