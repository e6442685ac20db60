//! Running and grading code over HTTP on the embedded composition with the real sandbox:
//! list → open → run → submit → per-test verdict; every kind of bad submission; ownership;
//! bad input; the sandbox missing; and a grading worker killed mid-job.

use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, set_policy};

const WORD_COUNT: &str =
    include_str!("../../../../content/exercises/python/word-count/reference.py");
const WORD_COUNT_STARTER: &str =
    include_str!("../../../../content/exercises/python/word-count/starter.py");

async fn grading_app(adjust: impl FnOnce(&mut mentor_server::config::RawSettings)) -> TestApp {
    TestApp::embedded_with(
        |raw| {
            raw.content.seed_on_start = Some(true);
            raw.grading.workers = Some(2);
            raw.grading.poll_ms = 100;
            adjust(raw);
        },
        |_| {},
    )
    .await
}

pub(crate) async fn get_json(client: &Client, url: &str) -> Value {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    res.json().await.unwrap()
}

/// The id of the Python exercise `slug`.
pub(crate) async fn exercise(app: &TestApp, client: &Client, slug: &str) -> String {
    let list = get_json(
        client,
        &app.url("/api/v1/exercises?language=python&limit=100"),
    )
    .await;
    list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == slug)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Submits `code` and returns the submission's id (checking 202 and `Location`).
pub(crate) async fn submit(
    app: &TestApp,
    client: &Client,
    csrf: &str,
    id: &str,
    code: &str,
) -> String {
    let res = app
        .post(
            client,
            &format!("/api/v1/exercises/{id}/submissions"),
            csrf,
            Some(json!({ "code": code })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "queued");
    let sid = body["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/submissions/{sid}"));
    sid
}

/// Waits (long-polling) until the submission is graded and returns it.
pub(crate) async fn graded(app: &TestApp, client: &Client, sid: &str) -> Value {
    for _ in 0..4 {
        let s = get_json(
            client,
            &app.url(&format!("/api/v1/submissions/{sid}?wait=30")),
        )
        .await;
        if s["status"] == "graded" || s["status"] == "failed" {
            return s;
        }
    }
    panic!("submission {sid} was not graded in two minutes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_opens_runs_submits_and_sees_the_per_test_verdict() {
    let app = grading_app(|_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    let one = get_json(&ada, &app.url(&format!("/api/v1/exercises/{id}"))).await;
    assert_eq!(one["starter"], WORD_COUNT_STARTER);
    assert_eq!(one["solved"], false);

    // Run: visible tests only, details shown, nothing recorded.
    let res = app
        .post(
            &ada,
            &format!("/api/v1/exercises/{id}/run"),
            &csrf,
            Some(json!({ "code": WORD_COUNT_STARTER })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let run: Value = res.json().await.unwrap();
    let verdict = &run["verdict"];
    assert_eq!(verdict["kind"], "tests_failed");
    let tests = verdict["tests"].as_array().unwrap();
    assert!(tests.iter().all(|t| t["hidden"] == false));
    let failed = tests.iter().find(|t| t["passed"] == false).unwrap();
    assert!(
        failed["message"].as_str().unwrap().contains("!="),
        "{failed}"
    );
    assert!(
        verdict["summary"]
            .as_str()
            .unwrap()
            .contains("tests passed")
    );
    let mine = get_json(&ada, &app.url("/api/v1/me/submissions")).await;
    assert_eq!(mine["submissions"], json!([]));

    // Submit: stored, graded against visible and hidden tests.
    let wrong = submit(&app, &ada, &csrf, &id, WORD_COUNT_STARTER).await;
    let right = submit(&app, &ada, &csrf, &id, WORD_COUNT).await;
    let s = graded(&app, &ada, &wrong).await;
    assert_eq!(s["verdict"]["kind"], "tests_failed");
    let s = graded(&app, &ada, &right).await;
    assert_eq!(s["status"], "graded");
    assert_eq!(s["code"], WORD_COUNT);
    let verdict = &s["verdict"];
    assert_eq!(verdict["kind"], "passed");
    assert_eq!(verdict["passed"], true);
    let tests = verdict["tests"].as_array().unwrap();
    let hidden: Vec<_> = tests.iter().filter(|t| t["hidden"] == true).collect();
    assert!(!hidden.is_empty() && hidden.len() < tests.len());
    assert!(
        hidden
            .iter()
            .all(|t| t["message"].is_null() && t["output"].is_null())
    );

    // Lists, newest first, with a cursor; the catalog knows it is solved.
    let page = get_json(
        &ada,
        &app.url(&format!("/api/v1/exercises/{id}/submissions?limit=1")),
    )
    .await;
    assert_eq!(page["submissions"][0]["id"], right.as_str());
    assert!(page["submissions"][0].get("code").is_none());
    let next = page["next"].as_str().unwrap();
    let page = get_json(
        &ada,
        &app.url(&format!(
            "/api/v1/me/submissions?limit=1&before={next}&exercise={id}"
        )),
    )
    .await;
    assert_eq!(page["submissions"][0]["id"], wrong.as_str());
    assert!(page["next"].is_null());
    let solved = get_json(&ada, &app.url("/api/v1/exercises?solved=true&limit=100")).await;
    let solved = solved["exercises"].as_array().unwrap();
    assert_eq!(solved.len(), 1);
    assert_eq!(
        (&solved[0]["id"], &solved[0]["solved"]),
        (&json!(id), &json!(true))
    );
    let unsolved = get_json(&ada, &app.url("/api/v1/exercises?solved=false&limit=100")).await;
    assert!(
        unsolved["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id.as_str() && e["solved"] == false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_crashing_looping_hungry_and_malicious_code_get_their_verdicts_and_the_server_stays_healthy()
 {
    let app = grading_app(|_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    let cases = [
        (
            "def word_count(text):\n    return {'x': 1}\n",
            "tests_failed",
        ),
        ("def word_count(text)\n    return {}\n", "compile_error"),
        ("raise ValueError('at import')\n", "runtime_error"),
        (
            "def word_count(text):\n    while True:\n        pass\n",
            "time_limit",
        ),
        (
            "def word_count(text):\n    hog = bytearray(2 * 1024 ** 3)\n    return {}\n",
            "memory_limit",
        ),
        (
            "def word_count(text):\n    while True:\n        print('x' * 100000)\n",
            "output_limit",
        ),
        // Reads the hidden tests and the environment and prints them, in every test and
        // in an exception: none of it may come back.
        (
            "import os, glob\n\
             def word_count(text):\n    \
                 for f in glob.glob('/work/*'):\n        \
                     print(open(f).read())\n    \
                 print(dict(os.environ))\n    \
                 raise RuntimeError(open('/work/test_hidden.py').read())\n",
            "tests_failed",
        ),
    ];
    let mut submitted = Vec::new();
    for (code, _) in &cases {
        submitted.push(submit(&app, &ada, &csrf, &id, code).await);
    }
    for ((_, kind), sid) in cases.iter().zip(&submitted) {
        let s = graded(&app, &ada, sid).await;
        assert_eq!(s["verdict"]["kind"], *kind, "{s}");
    }
    let malicious = graded(&app, &ada, submitted.last().unwrap()).await;
    let text = malicious.to_string();
    assert!(!text.contains("WordCountHidden"), "hidden tests leaked");
    assert!(!text.contains("CARGO"), "the server's environment leaked");
    assert!(
        text.contains("from main import word_count"),
        "what the code printed in visible tests is shown"
    );

    let compile = graded(&app, &ada, &submitted[1]).await;
    assert_eq!(compile["verdict"]["line"], 1);
    let ready = get_json(&ada, &app.url("/health/ready")).await;
    assert_eq!(ready["checks"]["sandbox"], "ok");
    // And it still grades.
    let again = submit(&app, &ada, &csrf, &id, WORD_COUNT).await;
    assert_eq!(
        graded(&app, &ada, &again).await["verdict"]["kind"],
        "passed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submissions_are_private_to_their_learner() {
    let app = grading_app(|raw| raw.grading.workers = Some(0)).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let (bob, _) = app.signed_in_user("bob@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    let sid = submit(&app, &ada, &csrf, &id, WORD_COUNT).await;
    for path in [
        format!("/api/v1/submissions/{sid}"),
        format!("/api/v1/submissions/{sid}/events"),
    ] {
        let res = bob.get(app.url(&path)).send().await.unwrap();
        assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    }
    for path in [
        "/api/v1/me/submissions".to_owned(),
        format!("/api/v1/exercises/{id}/submissions"),
    ] {
        assert_eq!(
            get_json(&bob, &app.url(&path)).await["submissions"],
            json!([])
        );
    }
    let (eve, eve_csrf) = app.signed_in_user("eve@example.org", false).await;
    let res = app
        .post(
            &eve,
            &format!("/api/v1/exercises/{id}/submissions"),
            &eve_csrf,
            Some(json!({ "code": WORD_COUNT })),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "email-not-verified").await;
    let res = TestApp::bare()
        .get(app.url(&format!("/api/v1/submissions/{sid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_clearly_and_stores_nothing() {
    let app = grading_app(|raw| {
        raw.grading.workers = Some(0);
        set_policy(raw, "run_user", 1, 60, 2);
    })
    .await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    let path = format!("/api/v1/exercises/{id}/submissions");
    for code in ["  \n", &"x".repeat(64 * 1024 + 1), "a\0b"] {
        let res = app
            .post(&ada, &path, &csrf, Some(json!({ "code": code })))
            .await;
        let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert!(body["errors"]["code"].is_array());
    }
    let res = app
        .post(
            &ada,
            &path,
            &csrf,
            Some(json!({ "code": "x", "user": "bob" })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed-body").await;
    let missing = format!("/api/v1/exercises/{}/submissions", uuid::Uuid::now_v7());
    let res = app
        .post(&ada, &missing, &csrf, Some(json!({ "code": "x = 1" })))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = ada
        .get(app.url(&format!(
            "/api/v1/submissions/{}?wait=31",
            uuid::Uuid::now_v7()
        )))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let res = ada
        .get(app.url("/api/v1/me/submissions?limit=0"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(
        get_json(&ada, &app.url("/api/v1/me/submissions")).await["submissions"],
        json!([])
    );
    // Submitting without the CSRF token is refused.
    let res = ada
        .post(app.url(&path))
        .json(&json!({ "code": "x = 1" }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::FORBIDDEN, "csrf").await;
    // Run is rate-limited per learner.
    let run = format!("/api/v1/exercises/{id}/run");
    for _ in 0..2 {
        let res = app
            .post(&ada, &run, &csrf, Some(json!({ "code": WORD_COUNT })))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app
        .post(&ada, &run, &csrf, Some(json!({ "code": WORD_COUNT })))
        .await;
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "rate-limited").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_reports_each_status_until_graded() {
    let app = grading_app(|_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    let sid = submit(&app, &ada, &csrf, &id, WORD_COUNT).await;
    let res = ada
        .get(app.url(&format!("/api/v1/submissions/{sid}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let text = tokio::time::timeout(Duration::from_secs(60), res.text())
        .await
        .expect("the stream ends once the submission is graded")
        .unwrap();
    let statuses: Vec<Value> = text
        .split("\n\n")
        .filter_map(|event| event.strip_prefix("event: status\ndata: "))
        .map(|data| serde_json::from_str(data).unwrap())
        .collect();
    let last = statuses.last().unwrap();
    assert_eq!(last["status"], "graded");
    assert_eq!(last["verdict"]["kind"], "passed");
    assert!(
        statuses
            .windows(2)
            .all(|w| w[0]["status"] != w[1]["status"]),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_sandbox_code_is_refused_never_run_and_readiness_says_so() {
    let app = grading_app(|raw| {
        raw.sandbox.bwrap = "/nonexistent/bwrap".into();
        raw.sandbox.check_on_start = true;
    })
    .await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    for path in [
        format!("/api/v1/exercises/{id}/submissions"),
        format!("/api/v1/exercises/{id}/run"),
    ] {
        let res = app
            .post(&ada, &path, &csrf, Some(json!({ "code": WORD_COUNT })))
            .await;
        let body =
            assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "sandbox-unavailable").await;
        assert!(!body.to_string().contains("nonexistent"), "no internals");
    }
    assert_eq!(
        get_json(&ada, &app.url("/api/v1/me/submissions")).await["submissions"],
        json!([])
    );
    let res = ada.get(app.url("/health/ready")).send().await.unwrap();
    let body = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "not-ready").await;
    assert_eq!(body["checks"]["sandbox"], "unavailable");
    assert_eq!(body["checks"]["database"], "ok");
}

fn worker(app: &TestApp) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_mentor"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MENTOR__DATA__DIR", app.data_dir())
        .env("MENTOR__GRADING__WORKERS", "1")
        .env("MENTOR__GRADING__LEASE_SECS", "5")
        .env("MENTOR__GRADING__POLL_MS", "100")
        .env("MENTOR__GRADING__RUN_CPU_MS", "500")
        .env("MENTOR__GRADING__RUN_WALL_MS", "1000")
        .env("MENTOR__LOG__FORMAT", "json")
        .env("MENTOR__LOG__LEVEL", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn graded_lines(child: std::process::Child) -> usize {
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter(|l| l.contains("\"submission graded\""))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_job_loses_nothing_and_the_submission_is_graded_once() {
    let app = grading_app(|raw| raw.grading.workers = Some(0)).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let id = exercise(&app, &ada, "word-count").await;
    // Code that keeps a worker busy until its CPU limit (2 s).
    let sid = submit(
        &app,
        &ada,
        &csrf,
        &id,
        "def word_count(text):\n    while True:\n        pass\n",
    )
    .await;

    let mut first = worker(&app);
    let url = app.url(&format!("/api/v1/submissions/{sid}"));
    let mut running = false;
    for _ in 0..200 {
        if get_json(&ada, &url).await["status"] == "running" {
            running = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(running, "the worker never took the submission");
    first.kill().unwrap();
    assert_eq!(graded_lines(first), 0, "killed before it recorded anything");

    // Another worker takes it over once the lease (5 s) has run out.
    let mut second = worker(&app);
    let s = graded(&app, &ada, &sid).await;
    assert_eq!(s["verdict"]["kind"], "time_limit");
    assert_eq!(s["verdict"]["limit"], "cpu");
    // Stop the worker gracefully (SIGTERM) and count what it published.
    let pid = i32::try_from(second.id()).unwrap();
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let waited = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            if second.try_wait().unwrap().is_some() {
                return Some(second);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = second.kill();
        None
    })
    .await
    .unwrap();
    let second = waited.expect("the worker stops on SIGTERM");
    assert_eq!(graded_lines(second), 1, "graded and published exactly once");

    let db = mentor_sql::connect(
        &format!(
            "sqlite://{}?mode=rw",
            app.data_dir().join("mentor.db").display()
        ),
        1,
    )
    .await
    .unwrap();
    use mentor_exercises::SubmissionRepository as _;
    let stored = mentor_sql::SqlSubmissionRepository::new(db)
        .get(sid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.attempts, 2,
        "claimed by the killed worker, then again"
    );
}
