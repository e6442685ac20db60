//! Roles and the admin API, ownership of every per-user resource, the profile with
//! onboarding, and changing the sign-in address — over HTTP, on both compositions where the
//! storage differs.

use actix_web::http::Method;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};

async fn send(
    client: &Client,
    method: &Method,
    url: &str,
    csrf: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
    let mut req = client.request(method, url).header("X-CSRF-Token", csrf);
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

async fn get_json(client: &Client, url: &str) -> Value {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    res.json().await.unwrap()
}

async fn my_id(app: &TestApp, client: &Client) -> String {
    get_json(client, &app.url("/api/v1/me")).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learners_get_403_and_strangers_401_on_every_admin_route() {
    let app = TestApp::embedded().await;
    let (learner, csrf) = app.signed_in_user("ada@example.org", true).await;
    let stranger = TestApp::browser();
    let stranger_csrf = app.csrf(&stranger).await;
    let some_id = uuid::Uuid::new_v4().to_string();
    let admin_routes: Vec<_> = mentor_server::http::endpoints()
        .into_iter()
        .filter(|e| e.path.starts_with("/api/v1/admin"))
        .collect();
    assert!(admin_routes.len() >= 7);
    for route in admin_routes {
        let url = app.url(&route.path.replace("{id}", &some_id));
        let body = (route.method == Method::PUT).then(|| json!({"roles": ["admin"]}));
        let res = send(&learner, &route.method, &url, &csrf, body.clone()).await;
        assert_problem(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = send(&stranger, &route.method, &url, &stranger_csrf, body).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{} {}",
            route.method,
            route.path
        );
    }
}

async fn admin_manages_accounts(app: TestApp) {
    let (admin, admin_csrf) = app.admin("root@example.org").await;
    let admin_id = my_id(&app, &admin).await;
    let (bob, bob_csrf) = app.signed_in_user("bob@example.org", true).await;
    let (carol, _) = app.signed_in_user("carol@example.org", true).await;
    let bob_id = my_id(&app, &bob).await;
    let carol_id = my_id(&app, &carol).await;
    let users = |path: &str| app.url(&format!("/api/v1/admin/users{path}"));

    // Pages walk every user once; search finds by address.
    let first = get_json(&admin, &users("?limit=2")).await;
    assert_eq!(first["users"].as_array().unwrap().len(), 2);
    let next = first["next"].as_str().unwrap();
    let rest = get_json(&admin, &users(&format!("?limit=2&after={next}"))).await;
    assert_eq!(rest["users"].as_array().unwrap().len(), 1);
    assert!(rest["next"].is_null());
    let found = get_json(&admin, &users("?q=BOB")).await;
    assert_eq!(found["users"][0]["email"], "bob@example.org");
    assert_eq!(found["users"].as_array().unwrap().len(), 1);
    let none = get_json(&admin, &users("?q=%25")).await;
    assert!(
        none["users"].as_array().unwrap().is_empty(),
        "LIKE wildcards are literal"
    );
    assert_eq!(
        get_json(&admin, &users(&format!("/{bob_id}"))).await["email"],
        "bob@example.org"
    );
    let missing = admin
        .get(users(&format!("/{}", uuid::Uuid::new_v4())))
        .send()
        .await
        .unwrap();
    assert_problem(missing, StatusCode::NOT_FOUND, "not-found").await;

    // Disabling ends Bob's sessions at once and refuses his sign-in.
    let res = send(
        &admin,
        &Method::POST,
        &users(&format!("/{bob_id}/disable")),
        &admin_csrf,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.json::<Value>().await.unwrap()["disabled_at"].is_string());
    assert_eq!(
        bob.get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let again = TestApp::browser();
    let csrf = app.csrf(&again).await;
    let res = app
        .post(
            &again,
            "/api/v1/auth/login",
            &csrf,
            Some(json!({"email": "bob@example.org", "password": PASSWORD})),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "account-disabled").await;
    let res = send(
        &admin,
        &Method::POST,
        &users(&format!("/{bob_id}/enable")),
        &admin_csrf,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bob_csrf = app.login(&bob, &bob_csrf, "bob@example.org").await;

    // A role change takes effect on the next request, both ways.
    let admin_route = app.url("/api/v1/admin/users");
    assert_eq!(
        bob.get(&admin_route).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let res = send(
        &admin,
        &Method::PUT,
        &users(&format!("/{bob_id}/roles")),
        &admin_csrf,
        Some(json!({"roles": ["admin", "mentor"]})),
    )
    .await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["roles"],
        json!(["learner", "mentor", "admin"])
    );
    assert_eq!(
        bob.get(&admin_route).send().await.unwrap().status(),
        StatusCode::OK
    );
    let res = send(
        &admin,
        &Method::PUT,
        &users(&format!("/{bob_id}/roles")),
        &admin_csrf,
        Some(json!({"roles": []})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        bob.get(&admin_route).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let res = send(
        &admin,
        &Method::PUT,
        &users(&format!("/{bob_id}/roles")),
        &admin_csrf,
        Some(json!({"roles": ["owner"]})),
    )
    .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let _ = bob_csrf;

    // Admins cannot lock themselves out.
    let res = send(
        &admin,
        &Method::POST,
        &users(&format!("/{admin_id}/disable")),
        &admin_csrf,
        None,
    )
    .await;
    assert_problem(res, StatusCode::CONFLICT, "self-lockout").await;
    let res = send(
        &admin,
        &Method::PUT,
        &users(&format!("/{admin_id}/roles")),
        &admin_csrf,
        Some(json!({"roles": []})),
    )
    .await;
    assert_problem(res, StatusCode::CONFLICT, "self-lockout").await;

    // Ending Carol's sessions signs her out everywhere at once.
    let res = send(
        &admin,
        &Method::DELETE,
        &users(&format!("/{carol_id}/sessions")),
        &admin_csrf,
        None,
    )
    .await;
    assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 1);
    assert_eq!(
        carol
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // Every admin action is in the audit trail with the admin as actor.
    let trail = get_json(
        &admin,
        &app.url(&format!("/api/v1/admin/audit?user_id={bob_id}")),
    )
    .await;
    let actions: Vec<&str> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in ["account_disabled", "account_enabled", "role_changed"] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let roles = get_json(
        &admin,
        &app.url(&format!(
            "/api/v1/admin/audit?action=role_changed&user_id={bob_id}&limit=1"
        )),
    )
    .await;
    assert_eq!(roles["events"][0]["actor_id"], admin_id.as_str());
    assert_eq!(
        roles["events"][0]["ip"], "127.0.0.1",
        "admin actions record where from"
    );
    assert_eq!(roles["events"][0]["detail"], "learner");
    assert!(roles["next"].is_string());
    let res = admin
        .get(app.url("/api/v1/admin/audit?action=nope"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let ended = get_json(
        &admin,
        &app.url(&format!(
            "/api/v1/admin/audit?action=sessions_revoked_by_admin&user_id={carol_id}"
        )),
    )
    .await;
    assert_eq!(ended["events"].as_array().unwrap().len(), 1);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_manages_accounts_embedded() {
    admin_manages_accounts(TestApp::embedded().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_manages_accounts_in_production() {
    if let Some(app) = TestApp::production().await {
        admin_manages_accounts(app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_user_cannot_read_or_change_anothers_sessions_identities_profile_or_events() {
    let app = TestApp::embedded().await;
    let (ada, ada_csrf) = app.signed_in_user("ada@example.org", true).await;
    let (bob, bob_csrf) = app.signed_in_user("bob@example.org", true).await;
    let bob_sessions = get_json(&bob, &app.url("/api/v1/me/sessions")).await;
    let bob_session = bob_sessions[0]["id"].as_str().unwrap().to_owned();

    // Sessions: Ada cannot end Bob's, and her list does not show it.
    let res = send(
        &ada,
        &Method::DELETE,
        &app.url(&format!("/api/v1/me/sessions/{bob_session}")),
        &ada_csrf,
        None,
    )
    .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    assert_eq!(
        bob.get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let ada_sessions = get_json(&ada, &app.url("/api/v1/me/sessions")).await;
    assert!(!ada_sessions.to_string().contains(&bob_session));

    // Profile: Ada's change is hers only.
    let profile = json!({"display_name": "Ada", "languages": ["python"], "level": "advanced",
        "goals": "", "weekly_minutes": 60, "time_zone": "Europe/London"});
    let res = send(
        &ada,
        &Method::PUT,
        &app.url("/api/v1/me/profile"),
        &ada_csrf,
        Some(profile),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bobs = get_json(&bob, &app.url("/api/v1/me/profile")).await;
    assert_eq!(bobs["time_zone"], "UTC");
    assert_eq!(bobs["display_name"], "bob");

    // Identities: unlinking works on the caller's own identities only.
    let res = send(
        &ada,
        &Method::DELETE,
        &app.url("/api/v1/me/identities/google"),
        &ada_csrf,
        None,
    )
    .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;

    // Security events: each sees their own.
    let events = get_json(&ada, &app.url("/api/v1/me/security-events")).await;
    assert!(!events.to_string().contains(&my_id(&app, &bob).await));
    let _ = bob_csrf;
}

async fn profile_and_onboarding(app: TestApp) {
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let url = app.url("/api/v1/me/profile");
    let empty = get_json(&ada, &url).await;
    assert_eq!(empty["time_zone"], "UTC");
    assert_eq!(empty["languages"], json!([]));
    assert!(empty["onboarded_at"].is_null());

    let res = send(
        &ada,
        &Method::POST,
        &app.url("/api/v1/me/onboarding"),
        &csrf,
        None,
    )
    .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(body["errors"]["languages"].is_array() && body["errors"]["level"].is_array());

    let bad = json!({"display_name": "", "languages": ["cobol"], "level": "guru", "goals": "x".repeat(501),
        "weekly_minutes": 5, "time_zone": "Mars/Olympus", "help_level": "everything"});
    let res = send(&ada, &Method::PUT, &url, &csrf, Some(bad)).await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    for field in [
        "display_name",
        "languages",
        "level",
        "goals",
        "weekly_minutes",
        "time_zone",
        "help_level",
    ] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let unknown = json!({"display_name": "Ada", "languages": [], "level": null, "goals": "",
        "weekly_minutes": null, "time_zone": "UTC", "roles": ["admin"]});
    let res = send(&ada, &Method::PUT, &url, &csrf, Some(unknown)).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    assert_eq!(
        get_json(&ada, &url).await,
        empty,
        "bad input changed nothing"
    );

    let good = json!({"display_name": "Ada Lovelace", "languages": ["javascript", "python", "python"],
        "level": "intermediate", "goals": "Pass my exams", "weekly_minutes": 120,
        "time_zone": "America/New_York"});
    let saved: Value = send(&ada, &Method::PUT, &url, &csrf, Some(good))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["languages"], json!(["python", "javascript"]));
    assert_eq!(
        saved["help_level"],
        Value::Null,
        "no help level given: the default"
    );
    assert_eq!(get_json(&ada, &url).await, saved, "the profile reads back");
    assert_eq!(
        get_json(&ada, &app.url("/api/v1/me")).await["display_name"],
        "Ada Lovelace"
    );

    let done = send(
        &ada,
        &Method::POST,
        &app.url("/api/v1/me/onboarding"),
        &csrf,
        None,
    )
    .await;
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    assert!(done["onboarded_at"].is_string());
    let again: Value = send(
        &ada,
        &Method::POST,
        &app.url("/api/v1/me/onboarding"),
        &csrf,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        again["onboarded_at"], done["onboarded_at"],
        "completing twice keeps the first time"
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_validates_round_trips_and_gates_onboarding_embedded() {
    profile_and_onboarding(TestApp::embedded().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_validates_round_trips_and_gates_onboarding_in_production() {
    if let Some(app) = TestApp::production().await {
        profile_and_onboarding(app).await;
    }
}

async fn email_change(app: TestApp) {
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    app.signed_in_user("taken@example.org", true).await;
    let change = |new: &str, password: &str| json!({"new_email": new, "password": password});
    let url = app.url("/api/v1/me/email");

    let res = send(
        &ada,
        &Method::POST,
        &url,
        &csrf,
        Some(change("new@example.org", "wrong password!!")),
    )
    .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(body["errors"]["password"].is_array());
    assert!(app.messages_to("new@example.org").is_empty());

    // A taken address gets a notice, not a code; the answer is the same.
    let res = send(
        &ada,
        &Method::POST,
        &url,
        &csrf,
        Some(change("taken@example.org", PASSWORD)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let notices = app.messages_to("taken@example.org");
    assert!(notices.last().unwrap().contains("tried to"));
    assert!(!notices.last().unwrap().contains("confirmation code"));

    // Wait out the cool-down the taken-address request started.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let res = send(
        &ada,
        &Method::POST,
        &url,
        &csrf,
        Some(change("new@example.org", PASSWORD)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let code = app
        .wait_for_code("new@example.org", "Your confirmation code: ")
        .await;

    // Another signed-in user cannot use Ada's code.
    let (eve, eve_csrf) = app.signed_in_user("eve@example.org", true).await;
    let res = send(
        &eve,
        &Method::POST,
        &app.url("/api/v1/me/email/confirm"),
        &eve_csrf,
        Some(json!({"token": code})),
    )
    .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid-token").await;

    let res = send(
        &ada,
        &Method::POST,
        &app.url("/api/v1/me/email/confirm"),
        &csrf,
        Some(json!({"token": code})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let me = get_json(&ada, &app.url("/api/v1/me")).await;
    assert_eq!(me["email"], "new@example.org");
    assert_eq!(me["email_verified"], true);
    assert!(
        app.messages_to("ada@example.org")
            .last()
            .unwrap()
            .contains("sign-in address of your Mentor account was just changed")
    );
    let res = send(
        &ada,
        &Method::POST,
        &app.url("/api/v1/me/email/confirm"),
        &csrf,
        Some(json!({"token": code})),
    )
    .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid-token").await;

    // The new address signs in; the old one no longer does.
    let fresh = TestApp::browser();
    let fresh_csrf = app.csrf(&fresh).await;
    let fresh_csrf = app.login(&fresh, &fresh_csrf, "new@example.org").await;
    let res = app
        .post(
            &fresh,
            "/api/v1/auth/login",
            &fresh_csrf,
            Some(json!({"email": "ada@example.org", "password": PASSWORD})),
        )
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid-credentials").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_address_needs_the_password_and_a_code_sent_to_the_new_one_embedded() {
    email_change(TestApp::embedded_with(|raw| raw.auth.resend_cooldown_secs = 1, |_| {}).await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_address_needs_the_password_and_a_code_sent_to_the_new_one_in_production() {
    if let Some(app) = TestApp::production_with(|raw| raw.auth.resend_cooldown_secs = 1).await {
        email_change(app).await;
    }
}
