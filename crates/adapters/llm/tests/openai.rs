//! The OpenAI-compatible adapter against a fake provider on 127.0.0.1 that speaks the wire
//! format (HTTP/1.1, Server-Sent Events): streaming with usage, errors with and without
//! `Retry-After`, malformed events, a dropped connection, a slow first token and a stall.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use futures_util::StreamExt as _;
use mentor_llm::{OpenAiCompatibleModel, OpenAiCompatibleSettings};
use mentor_tutoring::{
    ChatMessage, FinishReason, JsonSchema, LanguageModel as _, ModelError, ModelRequest,
    StreamEvent, TimeoutKind, Usage,
};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// What the fake answers.
#[derive(Clone)]
enum Script {
    /// `200 text/event-stream`: each `(pause, raw event text)` in turn, then close.
    Events {
        before_headers: Duration,
        events: Vec<(Duration, String)>,
    },
    /// An error status with headers and a body.
    Status {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
}

/// A request the fake received.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    authorization: Option<String>,
    body: Value,
}

struct Fake {
    base: String,
    received: Arc<Mutex<Vec<Received>>>,
}

fn data(v: &Value) -> String {
    format!("data: {v}\n\n")
}

fn delta(text: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":text},"finish_reason":null}]}),
    )
}

fn finish(reason: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":reason}]}),
    )
}

fn usage(prompt: u32, completion: u32) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":prompt,"completion_tokens":completion,"total_tokens":prompt+completion}}),
    )
}

fn now(events: Vec<String>) -> Script {
    Script::Events {
        before_headers: Duration::ZERO,
        events: events.into_iter().map(|e| (Duration::ZERO, e)).collect(),
    }
}

async fn fake(script: Script) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let script = script.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                let head_end = loop {
                    let n = socket.read(&mut buf).await.unwrap();
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&buf[..n]);
                    if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&raw[..head_end]).to_string();
                let header = |name: &str| {
                    head.lines().find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
                    })
                };
                let length: usize = header("content-length").map_or(0, |v| v.parse().unwrap());
                while raw.len() < head_end + length {
                    let n = socket.read(&mut buf).await.unwrap();
                    raw.extend_from_slice(&buf[..n]);
                }
                log.lock().unwrap().push(Received {
                    path: head
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_owned(),
                    authorization: header("authorization"),
                    body: serde_json::from_slice(&raw[head_end..head_end + length]).unwrap(),
                });
                match script {
                    Script::Status {
                        status,
                        headers,
                        body,
                    } => {
                        let mut out = format!(
                            "HTTP/1.1 {status} Error\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                            body.len()
                        );
                        for (k, v) in headers {
                            out.push_str(&format!("{k}: {v}\r\n"));
                        }
                        out.push_str("\r\n");
                        out.push_str(&body);
                        let _ = socket.write_all(out.as_bytes()).await;
                    }
                    Script::Events {
                        before_headers,
                        events,
                    } => {
                        tokio::time::sleep(before_headers).await;
                        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
                        if socket.write_all(head.as_bytes()).await.is_err() {
                            return;
                        }
                        for (pause, event) in events {
                            tokio::time::sleep(pause).await;
                            if socket.write_all(event.as_bytes()).await.is_err() {
                                return;
                            }
                            let _ = socket.flush().await;
                        }
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    Fake { base, received }
}

fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn model(base: &str, first_token: Duration, idle: Duration) -> OpenAiCompatibleModel {
    install_crypto();
    OpenAiCompatibleModel::new(OpenAiCompatibleSettings {
        name: "fake".to_owned(),
        base_url: base.to_owned(),
        api_key: Some("sk-test-key".to_owned().into()),
        connect_timeout: Duration::from_secs(2),
        first_token_timeout: first_token,
        idle_timeout: idle,
        overall_timeout: Duration::from_secs(10),
    })
    .unwrap()
}

fn request() -> ModelRequest {
    ModelRequest {
        model: "tutor-small".to_owned(),
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
