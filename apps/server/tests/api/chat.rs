//! The tutor over HTTP against a fake provider speaking the OpenAI wire format on 127.0.0.1:
//! a learner chats about an exercise and sees the answer stream (SSE) or whole (JSON); the
//! upstream request carries the exercise, the learner's code and verdict as data blocks but
//! never the reference solution or hidden tests; a copied reference is withheld; a failed
//! answer is stored and retried; limits answer 429; no provider answers 503; another learner
//! cannot read or post to a conversation; a learner who goes away leaves an interrupted answer.

use std::time::Duration;

use mentor_fake_llm::{Fake, Script, delta, fake, fake_with, finish, openai_answer, usage};
use mentor_server::config::{ProviderKind, RawProvider, RawSettings};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::grading::{exercise, get_json, graded, submit};
use crate::helpers::{TestApp, assert_problem, set_policy};

const WORD_COUNT: &str =
    include_str!("../../../../content/exercises/python/word-count/reference.py");
const WORD_COUNT_STARTER: &str =
    include_str!("../../../../content/exercises/python/word-count/starter.py");
const WORD_COUNT_HIDDEN: &str =
    include_str!("../../../../content/exercises/python/word-count/test_hidden.py");
const WORD_COUNT_VISIBLE: &str =
    include_str!("../../../../content/exercises/python/word-count/test_visible.py");

pub(crate) fn with_provider(raw: &mut RawSettings, fake: &Fake) {
    raw.llm.providers.push(RawProvider {
        name: "fake".to_owned(),
        kind: ProviderKind::Openai,
        base_url: fake.base.clone(),
        model: "tutor-small".to_owned(),
        api_key: "sk-test-key".to_owned(),
        api_key_env: String::new(),
        prompt_price_per_mtok: 1.0,
        completion_price_per_mtok: 2.0,
    });
    raw.llm.routing.backoff_ms = 1;
    raw.content.seed_on_start = Some(true);
}

pub(crate) async fn tutor_app(fake: &Fake, adjust: impl FnOnce(&mut RawSettings)) -> TestApp {
    TestApp::embedded_with(
        |raw| {
            with_provider(raw, fake);
            raw.grading.workers = Some(1);
            raw.grading.poll_ms = 100;
            adjust(raw);
        },
        |_| {},
    )
    .await
}

async fn start(app: &TestApp, client: &Client, csrf: &str, body: Value) -> Value {
    let res = app
        .post(client, "/api/v1/chat/conversations", csrf, Some(body))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// Sends a message asking for an event stream; returns `(event, data)` pairs.
async fn send_sse(
    app: &TestApp,
    client: &Client,
    csrf: &str,
    id: &str,
    content: &str,
) -> Vec<(String, Value)> {
    let res = client
        .post(app.url(&format!("/api/v1/chat/conversations/{id}/messages")))
        .header("X-CSRF-Token", csrf)
        .header("Accept", "text/event-stream")
        .json(&json!({ "content": content }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    events(&res.text().await.unwrap())
}

fn events(body: &str) -> Vec<(String, Value)> {
    body.split("\n\n")
        .filter_map(|block| {
            let mut name = None;
            let mut data = None;
            for line in block.lines() {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = Some(n.to_owned());
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = Some(serde_json::from_str(d).unwrap());
                }
            }
            Some((name?, data?))
        })
        .collect()
}

/// `GET /me/usage` once today's recorded calls reach `requests` (a call is recorded just
/// after its answer ends).
pub(crate) async fn usage_with(app: &TestApp, client: &Client, requests: u64) -> Value {
    for _ in 0..50 {
        let usage = get_json(client, &app.url("/api/v1/me/usage")).await;
        if usage["today"]["requests"] == requests {
            return usage;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("usage never showed {requests} calls");
}

async fn metrics_text(app: &TestApp) -> String {
    TestApp::bare()
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn messages(app: &TestApp, client: &Client, id: &str) -> Vec<Value> {
    let detail = get_json(
        client,
        &app.url(&format!("/api/v1/chat/conversations/{id}")),
    )
    .await;
    detail["messages"].as_array().unwrap().clone()
}

async fn a_learner_chats_about_an_exercise(app: &TestApp, fake: &Fake, with_verdict: bool) {
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let word_count = exercise(app, &ada, "word-count").await;
    if with_verdict {
        let sid = submit(app, &ada, &csrf, &word_count, WORD_COUNT_STARTER).await;
        assert_eq!(graded(app, &ada, &sid).await["verdict"]["passed"], false);
    }
    let conversation = start(app, &ada, &csrf, json!({ "exercise_id": word_count })).await;
    assert_eq!(conversation["exercise_id"], word_count.as_str());
    let id = conversation["id"].as_str().unwrap();

    let events = send_sse(app, &ada, &csrf, id, "Why does my count\u{0} stop early?").await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["message", "delta", "delta", "delta", "usage", "done"]
    );
    assert_eq!(events[0].1["content"], "Why does my count stop early?");
    let streamed: String = events
        .iter()
        .filter(|(n, _)| n == "delta")
        .map(|(_, d)| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(streamed, "Which test fails first?");
    assert_eq!(events[5].1["content"], "Which test fails first?");
    assert_eq!(events[5].1["status"], "complete");
    assert_eq!(events[5].1["prompt_tokens"], 120);

    let stored = messages(app, &ada, id).await;
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0]["author"], "learner");
    assert_eq!(stored[1]["author"], "tutor");
    assert_eq!(stored[1]["completion_tokens"], 8);

    // What the model was sent: instructions, then the exercise and the learner's words as
    // data blocks; never the reference solution or the hidden tests.
    let sent = fake.requests();
    let request = sent.last().unwrap();
    assert_eq!(request.body["model"], "tutor-small");
    assert_eq!(request.authorization.as_deref(), Some("Bearer sk-test-key"));
    let text = request.text();
    assert!(text.contains("<<<exercise:0"), "{text}");
    assert!(text.contains("<<<learner-message:0\nWhy does my count stop early?"));
    assert!(
        !text.contains(WORD_COUNT.trim()),
        "the reference reached the model"
    );
    let hidden_only = WORD_COUNT_HIDDEN
        .lines()
        .filter(|l| l.trim().len() > 20 && !WORD_COUNT_VISIBLE.contains(l.trim()));
    for line in hidden_only {
        assert!(
            !text.contains(line.trim()),
            "a hidden test reached the model: {line}"
        );
    }
    if with_verdict {
        assert!(text.contains("<<<learner-code:0"));
        assert!(text.contains("<<<latest-verdict:0"));
    }
    let system = request.body["messages"][0]["content"].as_str().unwrap();
    assert!(
        !system.contains("stop early"),
        "learner text in the instructions"
    );
    assert!(
        system.contains("pointers —"),
        "the default help level: {system}"
    );

    // The same turn as one JSON document.
    let res = app
        .post(
            &ada,
            &format!("/api/v1/chat/conversations/{id}/messages"),
            &csrf,
            Some(json!({ "content": "And now?" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let turn: Value = res.json().await.unwrap();
    assert_eq!(turn["message"]["content"], "And now?");
    assert_eq!(turn["answer"]["content"], "Which test fails first?");
    // The second request carries the first turn as history.
    let text = fake.requests().last().unwrap().text();
    assert!(text.contains("Why does my count stop early?"));

    // The learner asks for less help: the next answer is told so.
    let res = client_put(
        &ada,
        &app.url("/api/v1/me/profile"),
        &csrf,
        json!({"display_name": "Ada", "languages": ["python"], "level": "beginner",
            "weekly_minutes": null, "time_zone": "UTC", "help_level": "nudge"}),
    )
    .await;
    assert_eq!(res["help_level"], "nudge");
    let res = app
        .post(
            &ada,
            &format!("/api/v1/chat/conversations/{id}/messages"),
            &csrf,
            Some(json!({ "content": "Just a nudge, please." })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let system = fake.requests().last().unwrap().body["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(system.contains("nudges only"), "{system}");
    assert!(system.contains("beginner"), "{system}");

    let usage = usage_with(app, &ada, 3).await;
    assert_eq!(usage["today"]["prompt_tokens"], 360);
    assert_eq!(usage["today"]["cost_micros"], 3 * (120 + 8 * 2));
    assert_eq!(usage["days"].as_array().unwrap().len(), 1);

    let list = get_json(&ada, &app.url("/api/v1/chat/conversations")).await;
    assert_eq!(list["conversations"].as_array().unwrap().len(), 1);
    assert_eq!(
        list["conversations"][0]["title"],
        "Why does my count stop early?"
    );
}

async fn client_put(client: &Client, url: &str, csrf: &str, body: Value) -> Value {
    let res = client
        .put(url)
        .header("X-CSRF-Token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn answering() -> Script {
    openai_answer(&["Which ", "test ", "fails first?"], 120, 8)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_chats_about_an_exercise_and_sees_the_answer_stream() {
    let fake = fake(answering()).await;
    let app = tutor_app(&fake, |_| {}).await;
    a_learner_chats_about_an_exercise(&app, &fake, true).await;
    let ready = get_json(&TestApp::bare(), &app.url("/health/ready")).await;
    assert_eq!(ready["checks"]["llm:fake"], "closed");
    let metrics = metrics_text(&app).await;
    assert!(metrics.contains("mentor_llm_requests_total{provider=\"fake\"}"));
    assert!(metrics.contains("mentor_llm_first_token_seconds"));
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tutor_works_on_the_production_composition() {
    let fake = fake(answering()).await;
    let Some(app) = TestApp::production_with(|raw| with_provider(raw, &fake)).await else {
        return;
    };
    a_learner_chats_about_an_exercise(&app, &fake, false).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_provider_the_tutor_answers_503_and_nothing_is_stored() {
    let app = TestApp::embedded().await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let conversation = start(&app, &ada, &csrf, json!({ "title": "Loops" })).await;
    let id = conversation["id"].as_str().unwrap();
    let res = app
        .post(
            &ada,
            &format!("/api/v1/chat/conversations/{id}/messages"),
            &csrf,
            Some(json!({ "content": "hello?" })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "llm-unavailable").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("[[llm.providers]]")
    );
    assert!(messages(&app, &ada, id).await.is_empty());
    let ready = get_json(&TestApp::bare(), &app.url("/health/ready")).await;
    assert_eq!(ready["checks"]["llm"], "not_configured");
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_near_copy_of_the_reference_solution_is_withheld() {
    let renamed = WORD_COUNT.replace("text", "sentence");
    let answer = format!("Here is one way:\n```python\n{renamed}\n```\nDoes that help?");
    let fake = fake(openai_answer(&[&answer[..20], &answer[20..]], 50, 60)).await;
    let app = tutor_app(&fake, |_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let word_count = exercise(&app, &ada, "word-count").await;
    let conversation = start(&app, &ada, &csrf, json!({ "exercise_id": word_count })).await;
    let id = conversation["id"].as_str().unwrap();
    let events = send_sse(&app, &ada, &csrf, id, "just give me the code").await;
    let streamed: String = events
        .iter()
        .filter(|(n, _)| n == "delta")
        .map(|(_, d)| d["text"].as_str().unwrap())
        .collect();
    assert!(streamed.starts_with("Here is one way:"));
    assert!(streamed.contains(mentor_tutoring::WITHHELD));
    assert!(streamed.ends_with("Does that help?"));
    assert!(!streamed.contains("def "), "{streamed}");
    let stored = messages(&app, &ada, id).await;
    assert!(!stored[1]["content"].as_str().unwrap().contains("def "));
    let metrics = metrics_text(&app).await;
    assert!(metrics.contains("mentor_tutor_withheld_total"));
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_answer_keeps_the_message_and_can_be_retried() {
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = calls.clone();
    let fake = fake_with(move |_| {
        if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            Script::Status {
                status: 500,
                headers: vec![],
                body: r#"{"error":{"message":"overloaded"}}"#.to_owned(),
            }
        } else {
            answering()
        }
    })
    .await;
    let app = tutor_app(&fake, |raw| {
        raw.llm.routing.attempts_per_provider = 2;
        raw.llm.routing.failure_threshold = 10;
    })
    .await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let conversation = start(&app, &ada, &csrf, json!({})).await;
    let id = conversation["id"].as_str().unwrap();
    let events = send_sse(&app, &ada, &csrf, id, "Is recursion slow?").await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["message", "error"]);
    assert_eq!(events[1].1["retryable"], true);
    let stored = messages(&app, &ada, id).await;
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0]["content"], "Is recursion slow?");
    assert_eq!(stored[1]["status"], "failed");

    let res = app
        .post(
            &ada,
            &format!("/api/v1/chat/conversations/{id}/retry"),
            &csrf,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let turn: Value = res.json().await.unwrap();
    assert!(turn["message"].is_null());
    assert_eq!(turn["answer"]["status"], "complete");
    let text = fake.requests().last().unwrap().text();
    assert!(text.contains("Is recursion slow?"));
    let res = app
        .post(
            &ada,
            &format!("/api/v1/chat/conversations/{id}/retry"),
            &csrf,
            None,
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "nothing-to-retry").await;
    assert_eq!(messages(&app, &ada, id).await.len(), 3);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tutor_limits_answer_429_with_retry_after_and_store_nothing() {
    let fake = fake(answering()).await;
    let app = tutor_app(&fake, |raw| {
        set_policy(raw, "tutor_user", 2, 3600, 2);
        raw.tutor.daily_tokens.insert("learner".to_owned(), 100);
    })
    .await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let conversation = start(&app, &ada, &csrf, json!({})).await;
    let id = conversation["id"].as_str().unwrap();
    let path = format!("/api/v1/chat/conversations/{id}/messages");
    let res = app
        .post(&ada, &path, &csrf, Some(json!({ "content": "one" })))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // 128 tokens spent of a 100-token budget (recorded just after the answer).
    usage_with(&app, &ada, 1).await;
    let res = app
        .post(&ada, &path, &csrf, Some(json!({ "content": "two" })))
        .await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=86_400).contains(&retry_after));
    let problem = assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "tutor-limit").await;
    assert!(problem["detail"].as_str().unwrap().contains("budget"));
    // A refusal spends nothing: the budget refuses again, not the rate (2 per hour).
    let res = app
        .post(&ada, &path, &csrf, Some(json!({ "content": "three" })))
        .await;
    let problem = assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "tutor-limit").await;
    assert!(problem["detail"].as_str().unwrap().contains("budget"));
    assert_eq!(messages(&app, &ada, id).await.len(), 2);
    assert_eq!(fake.requests().len(), 1);
    let usage = usage_with(&app, &ada, 1).await;
    assert_eq!(usage["daily_token_budget"], 100);
    assert_eq!(usage["remaining_tokens"], 0);

    // An admin's budget is larger; the rate still applies.
    let (boss, csrf) = app.admin("boss@example.org").await;
    let conversation = start(&app, &boss, &csrf, json!({})).await;
    let path = format!(
        "/api/v1/chat/conversations/{}/messages",
        conversation["id"].as_str().unwrap()
    );
    for content in ["one", "two"] {
        let res = app
            .post(&boss, &path, &csrf, Some(json!({ "content": content })))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app
        .post(&boss, &path, &csrf, Some(json!({ "content": "three" })))
        .await;
    let problem = assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "tutor-limit").await;
    assert!(problem["detail"].as_str().unwrap().contains("faster"));
    assert_eq!(fake.requests().len(), 3);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_learner_cannot_read_or_post_to_a_conversation() {
    let fake = fake(answering()).await;
    let app = tutor_app(&fake, |_| {}).await;
    let (ada, ada_csrf) = app.signed_in_user("ada@example.org", true).await;
    let (bob, csrf) = app.signed_in_user("bob@example.org", true).await;
    let conversation = start(&app, &ada, &ada_csrf, json!({ "title": "Mine" })).await;
    let id = conversation["id"].as_str().unwrap();
    let path = format!("/api/v1/chat/conversations/{id}");
    let res = bob.get(app.url(&path)).send().await.unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = app
        .post(
            &bob,
            &format!("{path}/messages"),
            &csrf,
            Some(json!({ "content": "hi" })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = bob
        .patch(app.url(&path))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({ "title": "Stolen" }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let res = bob
        .delete(app.url(&path))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;
    let list = get_json(&bob, &app.url("/api/v1/chat/conversations")).await;
    assert!(list["conversations"].as_array().unwrap().is_empty());
    assert!(fake.requests().is_empty());
    // Ada still has it, untouched; then renames and deletes it.
    let detail = get_json(&ada, &app.url(&path)).await;
    assert_eq!(detail["conversation"]["title"], "Mine");
    let res = ada
        .patch(app.url(&path))
        .header("X-CSRF-Token", &ada_csrf)
        .json(&json!({ "title": "Loops, again" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = ada
        .delete(app.url(&path))
        .header("X-CSRF-Token", &ada_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = ada.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_chat_input_is_refused_and_changes_nothing() {
    let fake = fake(answering()).await;
    let app = tutor_app(&fake, |raw| raw.chat.max_message_chars = 50).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    for body in [
        json!({ "title": "" }),
        json!({ "title": "x".repeat(121) }),
        json!({ "exercise_id": "not-an-id" }),
        json!({ "exercise_id": "0190b6a4-0000-7000-8000-000000000000" }),
    ] {
        let res = app
            .post(
                &ada,
                "/api/v1/chat/conversations",
                &csrf,
                Some(body.clone()),
            )
            .await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    }
    let conversation = start(&app, &ada, &csrf, json!({})).await;
    let id = conversation["id"].as_str().unwrap();
    let path = format!("/api/v1/chat/conversations/{id}/messages");
    for content in [" \u{200B}\n", &"y".repeat(51)] {
        let res = app
            .post(&ada, &path, &csrf, Some(json!({ "content": content })))
            .await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    }
    let res = app
        .post(
            &ada,
            &path,
            &csrf,
            Some(json!({ "content": "x", "role": "system" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(messages(&app, &ada, id).await.is_empty());
    assert!(fake.requests().is_empty());
    let list = get_json(&ada, &app.url("/api/v1/chat/conversations")).await;
    assert_eq!(list["conversations"].as_array().unwrap().len(), 1);
    let res = TestApp::bare()
        .get(app.url("/api/v1/chat/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (eve, _) = app.signed_in_user("eve@example.org", false).await;
    let res = eve
        .get(app.url("/api/v1/chat/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_who_goes_away_leaves_an_interrupted_answer() {
    let mut events: Vec<(Duration, String)> = vec![(Duration::ZERO, delta("First, "))];
    for _ in 0..50 {
        events.push((Duration::from_millis(100), delta("more ")));
    }
    events.push((Duration::ZERO, finish("stop")));
    events.push((Duration::ZERO, usage(10, 51)));
    let fake = fake(Script::Events {
        before_headers: Duration::ZERO,
        events,
    })
    .await;
    let app = tutor_app(&fake, |_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let conversation = start(&app, &ada, &csrf, json!({})).await;
    let id = conversation["id"].as_str().unwrap();
    let mut res = ada
        .post(app.url(&format!("/api/v1/chat/conversations/{id}/messages")))
        .header("X-CSRF-Token", &csrf)
        .header("Accept", "text/event-stream")
        .json(&json!({ "content": "Explain slowly" }))
        .send()
        .await
        .unwrap();
    let mut seen = String::new();
    while !seen.contains("First, ") {
        seen.push_str(&String::from_utf8_lossy(
            &res.chunk().await.unwrap().unwrap(),
        ));
    }
    drop(res);
    let mut stored = Vec::new();
    for _ in 0..100 {
        stored = messages(&app, &ada, id).await;
        if stored.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(stored.len(), 2, "the partial answer was not stored");
    assert_eq!(stored[1]["status"], "interrupted");
    assert!(
        stored[1]["content"]
            .as_str()
            .unwrap()
            .starts_with("First, ")
    );
    assert!(stored[1]["content"].as_str().unwrap().len() < "more ".len() * 50);
    app.finish().await;
}

async fn take_hint(app: &TestApp, client: &Client, csrf: &str, id: &str) -> Value {
    let res = app
        .post(client, &format!("/api/v1/exercises/{id}/hints"), csrf, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_hints_continue_the_ladder_and_repeat_requests_come_from_the_cache() {
    let fake = fake(openai_answer(&["Look at ", "how you split."], 40, 6)).await;
    let app = tutor_app(&fake, |_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let word_count = exercise(&app, &ada, "word-count").await;
    let first = take_hint(&app, &ada, &csrf, &word_count).await;
    assert_eq!(first["source"], "authored");
    let authored = first["total"].as_u64().unwrap();
    for _ in 1..authored {
        assert_eq!(
            take_hint(&app, &ada, &csrf, &word_count).await["source"],
            "authored"
        );
    }
    assert!(fake.requests().is_empty());
    let ai = take_hint(&app, &ada, &csrf, &word_count).await;
    assert_eq!(ai["source"], "ai");
    assert_eq!(ai["index"], authored + 1);
    assert_eq!(ai["total"], authored);
    assert_eq!(ai["text"], "Look at how you split.");
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    let text = sent[0].text();
    assert!(text.contains("<<<exercise:0"));
    assert!(
        !text.contains(WORD_COUNT.trim()),
        "the reference reached the model"
    );

    // Another learner at the same point (same exercise, no code yet, first AI hint): cached.
    let (bob, bob_csrf) = app.signed_in_user("bob@example.org", true).await;
    for _ in 0..authored {
        take_hint(&app, &bob, &bob_csrf, &word_count).await;
    }
    let cached = take_hint(&app, &bob, &bob_csrf, &word_count).await;
    assert_eq!(cached["text"], "Look at how you split.");
    assert_eq!(
        fake.requests().len(),
        1,
        "a cached hint asked the model again"
    );

    // Ada's next AI hint is a new rung: the model is asked again.
    let second = take_hint(&app, &ada, &csrf, &word_count).await;
    assert_eq!(second["index"], authored + 2);
    assert_eq!(fake.requests().len(), 2);
    usage_with(&app, &ada, 2).await;
    let bob_usage = get_json(&bob, &app.url("/api/v1/me/usage")).await;
    assert_eq!(bob_usage["today"]["requests"], 0);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_feedback_explains_a_failed_submission_once_and_only_to_its_owner() {
    let fake = fake(openai_answer(
        &[
            "The first failing test expects 2 for `a`; ",
            "what does your code do with `A`?",
        ],
        80,
        20,
    ))
    .await;
    let app = tutor_app(&fake, |_| {}).await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let word_count = exercise(&app, &ada, "word-count").await;
    let failed = submit(&app, &ada, &csrf, &word_count, WORD_COUNT_STARTER).await;
    assert_eq!(
        graded(&app, &ada, &failed).await["verdict"]["passed"],
        false
    );
    let path = format!("/api/v1/submissions/{failed}/feedback");
    let res = app.post(&ada, &path, &csrf, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let feedback: Value = res.json().await.unwrap();
    assert!(
        feedback["text"]
            .as_str()
            .unwrap()
            .starts_with("The first failing test")
    );
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    let text = sent[0].text();
    assert!(text.contains("<<<learner-code:0"));
    assert!(text.contains("<<<latest-verdict:0"));
    assert!(
        !text.contains(WORD_COUNT.trim()),
        "the reference reached the model"
    );

    let res = app.post(&ada, &path, &csrf, None).await;
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["text"], feedback["text"]);
    assert_eq!(fake.requests().len(), 1);

    let (bob, bob_csrf) = app.signed_in_user("bob@example.org", true).await;
    let res = app.post(&bob, &path, &bob_csrf, None).await;
    assert_problem(res, StatusCode::NOT_FOUND, "not-found").await;

    let passed = submit(&app, &ada, &csrf, &word_count, WORD_COUNT).await;
    assert_eq!(graded(&app, &ada, &passed).await["verdict"]["passed"], true);
    let res = app
        .post(
            &ada,
            &format!("/api/v1/submissions/{passed}/feedback"),
            &csrf,
            None,
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "no-feedback").await;
    assert_eq!(fake.requests().len(), 1);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_that_copied_the_reference_is_withheld_and_not_cached() {
    let answer = format!("Try this:\n```python\n{WORD_COUNT}\n```\n");
    let fake = fake(openai_answer(&[&answer], 40, 60)).await;
    let app = tutor_app(&fake, |_| {}).await;
    let mut texts = Vec::new();
    for email in ["ada@example.org", "bob@example.org"] {
        let (client, csrf) = app.signed_in_user(email, true).await;
        let word_count = exercise(&app, &client, "word-count").await;
        loop {
            let hint = take_hint(&app, &client, &csrf, &word_count).await;
            if hint["source"] == "ai" {
                texts.push(hint["text"].as_str().unwrap().to_owned());
                break;
            }
        }
    }
    for text in &texts {
        assert!(text.contains(mentor_tutoring::WITHHELD), "{text}");
        assert!(!text.contains("def "), "{text}");
    }
    assert_eq!(
        fake.requests().len(),
        2,
        "a withheld answer was served from the cache"
    );
    app.finish().await;
}
