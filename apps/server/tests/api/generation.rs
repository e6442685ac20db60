//! Generated exercises over HTTP, against the fake OpenAI-compatible provider and the real
//! sandbox: an admin generates an exercise (structured output), the sandbox proves it, it
//! waits for review out of the catalog, and once approved a learner finds it and passes it
//! with the reference; an exercise that fails its proof is refused and nothing is stored;
//! rejection needs a reason; reviews happen once; the same request again comes from the cache;
//! every step is in the audit trail.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mentor_fake_llm::{Fake, Script, fake_with, openai_answer};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::chat::{tutor_app, usage_with};
use crate::grading::{get_json, graded, submit};
use crate::helpers::{TestApp, assert_problem};

const REFERENCE: &str = "def double(n):\n    return 2 * n\n";

fn exercise(starter: &str) -> String {
    json!({
        "slug": "double-it",
        "title": "Double it",
        "topics": ["math"],
        "statement": "# Double it\n\nWrite `double(n)` that returns twice the number `n` (an integer, possibly negative).\n\n## Example\n\n```python\n>>> double(4)\n8\n```\n",
        "starter": starter,
        "reference": REFERENCE,
        "visible_test": "import unittest\n\nfrom main import double\n\n\nclass DoubleVisible(unittest.TestCase):\n    def test_doubles_a_small_number(self):\n        self.assertEqual(double(4), 8)\n",
        "hidden_test": "import unittest\n\nfrom main import double\n\n\nclass DoubleHidden(unittest.TestCase):\n    def test_zero(self):\n        self.assertEqual(double(0), 0)\n\n    def test_negative(self):\n        self.assertEqual(double(-3), -6)\n",
        "hints": ["What does twice mean?", "Multiply.", "Multiply `n` by 2 and return it."],
    })
    .to_string()
}

/// The answer streamed in three pieces, as a provider would.
fn streamed(json: &str) -> Script {
    let third = json.len() / 3;
    let (a, rest) = json.split_at(json.floor_char_boundary(third));
    let (b, c) = rest.split_at(rest.floor_char_boundary(third));
    openai_answer(&[a, b, c], 900, 400)
}

/// A fake answering the `n`th request with `answers[n]` (the last one from then on).
async fn provider(answers: Vec<String>) -> Fake {
    let count = Arc::new(AtomicUsize::new(0));
    fake_with(move |_| {
        let n = count.fetch_add(1, Ordering::SeqCst).min(answers.len() - 1);
        streamed(&answers[n])
    })
    .await
}

async fn generate(app: &TestApp, admin: &Client, csrf: &str, body: Value) -> reqwest::Response {
    app.post(admin, "/api/v1/admin/exercises/generate", csrf, Some(body))
        .await
}

fn doubling() -> Value {
    json!({"language": "python", "topic": "math", "difficulty": 1, "brief": "doubling numbers"})
}

async fn pending(app: &TestApp, admin: &Client) -> Vec<Value> {
    get_json(
        admin,
        &app.url("/api/v1/admin/exercises/generated?status=pending_review"),
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn in_catalog(app: &TestApp, client: &Client, slug: &str) -> Option<Value> {
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
        .cloned()
}

async fn audited(app: &TestApp, admin: &Client, action: &str) -> usize {
    get_json(
        admin,
        &app.url(&format!("/api/v1/admin/audit?action={action}")),
    )
    .await["events"]
        .as_array()
        .unwrap()
        .len()
}

async fn run_generate_verify_publish(app: TestApp, fake: &Fake) {
    let (admin, csrf) = app.admin("root@example.org").await;
    let (learner, learner_csrf) = app.signed_in_user("ada@example.org", true).await;

    let res = generate(&app, &admin, &csrf, doubling()).await;
    let status = res.status();
    let location = res.headers().get("location").cloned();
    let generated: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{generated}");
    let location = location.unwrap().to_str().unwrap().to_owned();
    let id = generated["id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/admin/exercises/generated/{id}"));
    assert_eq!(generated["status"], "pending_review");
    assert_eq!(generated["brief"], "doubling numbers");
    let draft = &generated["exercise"];
    assert_eq!(draft["slug"], "double-it");
    assert_eq!(draft["language"], "python");
    assert_eq!(draft["difficulty"], 1);
    assert_eq!(draft["reference"], REFERENCE, "reviewers see everything");
    assert_eq!(draft["hints"].as_array().unwrap().len(), 3);

    // One structured-output request; the brief went as data, not into the instructions.
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let body = &requests[0].body;
    assert_eq!(body["response_format"]["type"], "json_schema");
    let schema = &body["response_format"]["json_schema"]["schema"];
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&json!("hidden_test"))
    );
    assert_eq!(body["max_tokens"], 6000);
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert_eq!(body["messages"][0]["role"], "system");
    assert!(system.contains("Python") && system.contains("\"math\""));
    assert!(!system.contains("doubling numbers"));
    assert!(requests[0].text().contains("doubling numbers"));
    // Spent on the admin's budget, as a generation.
    assert_eq!(
        usage_with(&app, &admin, 1).await["today"]["prompt_tokens"],
        900
    );

    assert_eq!(
        get_json(&admin, &app.url(&location)).await["exercise"],
        generated["exercise"]
    );
    assert_eq!(pending(&app, &admin).await.len(), 1);
    assert!(
        in_catalog(&app, &learner, "double-it").await.is_none(),
        "not in the catalog before review"
    );

    let res = app
        .post(&admin, &format!("{location}/approve"), &csrf, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let published: Value = res.json().await.unwrap();
    assert_eq!(published["status"], "published");
    assert!(published["reviewed_at"].is_string());
    let exercise_id = published["exercise_id"].as_str().unwrap();
    assert!(pending(&app, &admin).await.is_empty());
    let again = app
        .post(&admin, &format!("{location}/approve"), &csrf, None)
        .await;
    assert_problem(again, StatusCode::CONFLICT, "not-pending").await;

    // A learner finds it and passes it with the reference; the starter fails.
    let listed = in_catalog(&app, &learner, "double-it").await.unwrap();
    assert_eq!(listed["id"], exercise_id);
    let shown = get_json(
        &learner,
        &app.url(&format!("/api/v1/exercises/{exercise_id}")),
    )
    .await;
    assert_eq!(shown["title"], "Double it");
    assert!(
        !shown.to_string().contains("2 * n"),
        "no reference for learners"
    );
    let sid = submit(&app, &learner, &learner_csrf, exercise_id, REFERENCE).await;
    assert_eq!(
        graded(&app, &learner, &sid).await["verdict"]["kind"],
        "passed"
    );

    assert_eq!(audited(&app, &admin, "exercise_generated").await, 1);
    assert_eq!(
        audited(&app, &admin, "generated_exercise_approved").await,
        1
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_generates_an_exercise_the_sandbox_proves_it_and_approval_publishes_it() {
    let fake = provider(vec![exercise("def double(n):\n    return 0\n")]).await;
    run_generate_verify_publish(tutor_app(&fake, |_| {}).await, &fake).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_exercises_work_on_postgres_and_redis() {
    let fake = provider(vec![exercise("def double(n):\n    return 0\n")]).await;
    let Some(app) = TestApp::production_with(|raw| {
        crate::chat::with_provider(raw, &fake);
        raw.grading.workers = Some(1);
    })
    .await
    else {
        eprintln!("skipped: Postgres/Redis not configured");
        return;
    };
    run_generate_verify_publish(app, &fake).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exercise_that_fails_its_proof_is_refused_and_rejection_needs_a_reason() {
    // First answer: the starter already solves it. Then a proper one.
    let fake = provider(vec![
        exercise("def double(n):\n    return n + n\n"),
        exercise("def double(n):\n    return 0\n"),
    ])
    .await;
    let app = tutor_app(&fake, |_| {}).await;
    let (admin, csrf) = app.admin("root@example.org").await;

    let res = generate(&app, &admin, &csrf, doubling()).await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "generation-failed").await;
    let problems = problem["problems"].to_string();
    assert!(
        problems.contains("starter code passes every test"),
        "{problems}"
    );
    let all = get_json(&admin, &app.url("/api/v1/admin/exercises/generated")).await;
    assert_eq!(all["items"], json!([]), "nothing stored");
    assert_eq!(audited(&app, &admin, "exercise_generated").await, 0);

    // Bad requests are refused before any model call.
    let calls = fake.requests().len();
    let res = generate(
        &app,
        &admin,
        &csrf,
        json!({"language": "cobol", "topic": "poetry", "difficulty": 9, "brief": "x".repeat(501)}),
    )
    .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    for field in ["language", "topic", "difficulty"] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let res = generate(
        &app,
        &admin,
        &csrf,
        json!({"language": "python", "topic": "math", "difficulty": 1, "brief": "x".repeat(501)}),
    )
    .await;
    let problem = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert!(problem["errors"]["brief"].is_array());
    let res = generate(
        &app,
        &admin,
        &csrf,
        json!({"language": "python", "topic": "math", "difficulty": 1, "model": "gpt"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(fake.requests().len(), calls);

    let res = generate(&app, &admin, &csrf, doubling()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reject = |reason: Value| {
        let (app, admin, csrf, id) = (&app, &admin, &csrf, &id);
        async move {
            app.post(
                admin,
                &format!("/api/v1/admin/exercises/generated/{id}/reject"),
                csrf,
                Some(json!({ "reason": reason })),
            )
            .await
        }
    };
    assert_problem(
        reject(json!("  ")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let res = reject(json!("Too close to an existing exercise.")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let rejected: Value = res.json().await.unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["reason"], "Too close to an existing exercise.");
    let res = app
        .post(
            &admin,
            &format!("/api/v1/admin/exercises/generated/{id}/approve"),
            &csrf,
            None,
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "not-pending").await;
    let listed = get_json(
        &admin,
        &app.url("/api/v1/admin/exercises/generated?status=rejected"),
    )
    .await;
    assert_eq!(listed["items"][0]["id"], id.as_str());
    let res = admin
        .get(app.url("/api/v1/admin/exercises/generated?status=maybe"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let res = admin
        .get(app.url("/api/v1/admin/exercises/generated/not-an-id"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    assert_eq!(
        audited(&app, &admin, "generated_exercise_rejected").await,
        1
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_model_generation_says_how_to_configure_one() {
    let app = TestApp::embedded().await;
    let (admin, csrf) = app.admin("root@example.org").await;
    let res = generate(&app, &admin, &csrf, doubling()).await;
    let problem = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "llm-unavailable").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("[[llm.providers]]")
    );
    app.finish().await;
}
