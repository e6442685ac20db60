//! The OpenAI-compatible adapter against the fake provider: streaming with usage, errors with
//! and without `Retry-After`, malformed events, a dropped connection, a slow first token and
//! a stall, and failover through the router.

use std::time::Duration;

use futures_util::StreamExt as _;
use mentor_llm::{OpenAiCompatibleModel, OpenAiCompatibleSettings, Timeouts};
use mentor_tutoring::{
    ChatMessage, FinishReason, JsonSchema, LanguageModel as _, ModelError, ModelRequest,
    StreamEvent, TimeoutKind, Usage,
};
use serde_json::json;

use crate::fake::{Script, data, delta, fake, finish, install_crypto, now, usage};

fn model(base: &str, first_token: Duration, idle: Duration) -> OpenAiCompatibleModel {
    install_crypto();
    OpenAiCompatibleModel::new(OpenAiCompatibleSettings {
        name: "fake".to_owned(),
        model: "tutor-small".to_owned(),
        base_url: base.to_owned(),
        api_key: Some("sk-test-key".to_owned().into()),
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            first_token,
            idle,
            overall: Duration::from_secs(10),
        },
    })
    .unwrap()
}

fn request() -> ModelRequest {
    ModelRequest {
        messages: vec![
            ChatMessage::system("Guide with questions."),
            ChatMessage::data("learner-message", "why does my loop stop?"),
        ],
        max_output_tokens: 256,
        temperature: 0.2,
        json_schema: None,
    }
}

async fn collect(
    m: &OpenAiCompatibleModel,
    r: ModelRequest,
) -> Vec<Result<StreamEvent, ModelError>> {
    m.stream(r).await.unwrap().collect().await
}

const SLOW: Duration = Duration::from_secs(5);

#[tokio::test]
async fn an_answer_streams_as_deltas_then_finish_and_usage() {
    let f = fake(now(vec![
        data(&json!({"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})),
        delta("Wh"),
        delta("at does "),
        delta("`range` return?"),
        finish("stop"),
        usage(31, 7),
        "data: [DONE]\n\n".to_owned(),
    ]))
    .await;
    let m = model(&f.base, SLOW, SLOW);
    let events = collect(&m, request()).await;
    assert_eq!(
        events,
        vec![
            Ok(StreamEvent::Delta("Wh".to_owned())),
            Ok(StreamEvent::Delta("at does ".to_owned())),
            Ok(StreamEvent::Delta("`range` return?".to_owned())),
            Ok(StreamEvent::Finish(FinishReason::Stop)),
            Ok(StreamEvent::Usage(Usage {
                prompt_tokens: 31,
                completion_tokens: 7
            })),
        ]
    );
    let received = f.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(r.authorization.as_deref(), Some("Bearer sk-test-key"));
    assert_eq!(r.body["model"], "tutor-small");
    assert_eq!(r.body["stream"], true);
    assert_eq!(r.body["stream_options"]["include_usage"], true);
    assert_eq!(r.body["max_tokens"], 256);
    assert_eq!(
        r.body["messages"][0],
        json!({"role":"system","content":"Guide with questions."})
    );
    assert_eq!(r.body["messages"][1]["role"], "user");
    let learner = r.body["messages"][1]["content"].as_str().unwrap();
    assert!(
        learner.starts_with("<<<learner-message:0\n") && learner.contains("why does my loop stop?")
    );
    assert!(r.body.get("response_format").is_none());
}

#[tokio::test]
async fn structured_output_asks_for_the_schema() {
    let f = fake(now(vec![
        delta("{\"a\":1}"),
        finish("stop"),
        "data: [DONE]\n\n".to_owned(),
    ]))
    .await;
    let m = model(&f.base, SLOW, SLOW);
    let mut r = request();
    r.json_schema = Some(JsonSchema {
        name: "exercise".to_owned(),
        schema: json!({"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}),
    });
    let events = collect(&m, r).await;
    assert_eq!(events[0], Ok(StreamEvent::Delta("{\"a\":1}".to_owned())));
    let body = f.received.lock().unwrap()[0].body.clone();
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["name"], "exercise");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["required"][0],
        "a"
    );
}

#[tokio::test]
async fn a_429_says_when_to_retry() {
    let f = fake(Script::Status {
        status: 429,
        headers: vec![("retry-after".to_owned(), "7".to_owned())],
        body: json!({"error":{"message":"Rate limit reached","type":"requests"}}).to_string(),
    })
    .await;
    let err = model(&f.base, SLOW, SLOW)
        .stream(request())
        .await
        .err()
        .unwrap();
    assert_eq!(
        err,
        ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn server_errors_are_transient_and_client_errors_are_not() {
    let f = fake(Script::Status {
        status: 503,
        headers: vec![],
        body: json!({"error":{"message":"overloaded"}}).to_string(),
    })
    .await;
    let err = model(&f.base, SLOW, SLOW)
        .stream(request())
        .await
        .err()
        .unwrap();
    assert_eq!(
        err,
        ModelError::Unavailable("HTTP 503: overloaded".to_owned())
    );
    assert!(err.is_transient());
    let f = fake(Script::Status {
        status: 401,
        headers: vec![],
        body: json!({"error":{"message":"Incorrect API key provided"}}).to_string(),
    })
    .await;
    let err = model(&f.base, SLOW, SLOW)
        .stream(request())
        .await
        .err()
        .unwrap();
    assert_eq!(
        err,
        ModelError::Refused {
            status: 401,
            message: "Incorrect API key provided".to_owned()
        }
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn a_malformed_event_ends_the_stream_with_a_protocol_error() {
    let f = fake(now(vec![
        delta("Hi"),
        "data: {not json\n\n".to_owned(),
        delta("never"),
    ]))
    .await;
    let events = collect(&model(&f.base, SLOW, SLOW), request()).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0], Ok(StreamEvent::Delta("Hi".to_owned())));
    assert!(
        matches!(events[1], Err(ModelError::Protocol(_))),
        "{events:?}"
    );
}

#[tokio::test]
async fn an_error_event_mid_stream_is_reported() {
    let f = fake(now(vec![
        delta("Hi"),
        data(&json!({"error":{"message":"upstream died"}})),
    ]))
    .await;
    let events = collect(&model(&f.base, SLOW, SLOW), request()).await;
    assert_eq!(
        events[1],
        Err(ModelError::Unavailable("upstream died".to_owned()))
    );
}

#[tokio::test]
async fn a_dropped_connection_mid_answer_is_an_interruption() {
    let f = fake(now(vec![delta("Half an ans")])).await;
    let events = collect(&model(&f.base, SLOW, SLOW), request()).await;
    assert_eq!(
        events,
        vec![
            Ok(StreamEvent::Delta("Half an ans".to_owned())),
            Err(ModelError::Interrupted)
        ]
    );
}

#[tokio::test]
async fn a_slow_first_token_and_a_stall_time_out() {
    let f = fake(Script::Events {
        before_headers: Duration::from_millis(800),
        events: vec![(Duration::ZERO, delta("late"))],
    })
    .await;
    let err = model(&f.base, Duration::from_millis(200), SLOW)
        .stream(request())
        .await
        .err()
        .unwrap();
    assert_eq!(err, ModelError::Timeout(TimeoutKind::FirstToken));

    let f = fake(Script::Events {
        before_headers: Duration::ZERO,
        events: vec![
            (Duration::ZERO, delta("one")),
            (Duration::from_millis(800), delta("two")),
        ],
    })
    .await;
    let events = collect(&model(&f.base, SLOW, Duration::from_millis(200)), request()).await;
    assert_eq!(
        events,
        vec![
            Ok(StreamEvent::Delta("one".to_owned())),
            Err(ModelError::Timeout(TimeoutKind::BetweenTokens))
        ]
    );
}

#[tokio::test]
async fn an_unreachable_provider_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let err = model(&base, SLOW, SLOW)
        .stream(request())
        .await
        .err()
        .unwrap();
    assert!(matches!(err, ModelError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn the_router_fails_over_to_the_second_provider_over_the_wire() {
    let down = fake(Script::Status {
        status: 502,
        headers: vec![],
        body: "bad gateway".to_owned(),
    })
    .await;
    let up = fake(now(vec![
        delta("from the second"),
        finish("stop"),
        "data: [DONE]\n\n".to_owned(),
    ]))
    .await;
    let router = mentor_tutoring::Router::new(
        vec![
            std::sync::Arc::new(model(&down.base, SLOW, SLOW)),
            std::sync::Arc::new(model(&up.base, SLOW, SLOW)),
        ],
        mentor_tutoring::RouterSettings {
            attempts_per_provider: 2,
            backoff: Duration::from_millis(10),
            ..mentor_tutoring::RouterSettings::default()
        },
    );
    let events: Vec<_> = router.stream(request()).await.unwrap().collect().await;
    assert_eq!(
        events[0],
        Ok(StreamEvent::Delta("from the second".to_owned()))
    );
    assert_eq!(
        down.received.lock().unwrap().len(),
        2,
        "retried once before failing over"
    );
    assert_eq!(up.received.lock().unwrap().len(), 1);
}
