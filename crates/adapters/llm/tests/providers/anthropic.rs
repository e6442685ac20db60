//! The Anthropic Messages adapter against the fake provider: its streaming events, usage,
//! structured output through a forced tool, error events and statuses, a cut-off stream.

use std::time::Duration;

use futures_util::StreamExt as _;
use mentor_llm::{ANTHROPIC_VERSION, AnthropicModel, AnthropicSettings, Timeouts};
use mentor_tutoring::{
    ChatMessage, FinishReason, JsonSchema, LanguageModel as _, ModelError, ModelRequest,
    StreamEvent, Usage,
};
use serde_json::{Value, json};

use crate::fake::{Script, data, fake, install_crypto, now};

fn model(base: &str) -> AnthropicModel {
    install_crypto();
    AnthropicModel::new(AnthropicSettings {
        name: "anthropic".to_owned(),
        model: "claude-tutor".to_owned(),
        base_url: base.trim_end_matches("/v1").to_owned(),
        api_key: "sk-ant-test".to_owned().into(),
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            first_token: Duration::from_secs(5),
            idle: Duration::from_secs(5),
            overall: Duration::from_secs(10),
        },
    })
    .unwrap()
}

fn event(v: &Value) -> String {
    // Anthropic names each event; the data carries the same `type`.
    format!("event: {}\n{}", v["type"].as_str().unwrap(), data(v))
}

fn start(input: u32) -> String {
    event(
        &json!({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"usage":{"input_tokens":input,"output_tokens":1}}}),
    )
}

fn text(t: &str) -> String {
    event(&json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":t}}))
}

fn stop(reason: &str, output: u32) -> Vec<String> {
    vec![
        event(&json!({"type":"content_block_stop","index":0})),
        event(
            &json!({"type":"message_delta","delta":{"stop_reason":reason,"stop_sequence":null},"usage":{"output_tokens":output}}),
        ),
        event(&json!({"type":"message_stop"})),
    ]
}

fn request() -> ModelRequest {
    ModelRequest {
        messages: vec![
            ChatMessage::system("Guide with questions."),
            ChatMessage::system("Never give the solution."),
            ChatMessage::data("exercise", "Count the words."),
            ChatMessage::data("learner-message", "help"),
            ChatMessage::assistant("What does split() return?"),
            ChatMessage::data("learner-message", "a list"),
        ],
        max_output_tokens: 300,
        temperature: 0.3,
        json_schema: None,
    }
}

#[tokio::test]
async fn an_answer_streams_with_usage_from_start_and_delta() {
    let mut events = vec![
        start(42),
        event(
            &json!({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}),
        ),
        event(&json!({"type":"ping"})),
        text("And how "),
        text("many items?"),
    ];
    events.extend(stop("end_turn", 9));
    let f = fake(now(events)).await;
    let got: Vec<_> = model(&f.base)
        .stream(request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(
        got,
        vec![
            Ok(StreamEvent::Delta("And how ".to_owned())),
            Ok(StreamEvent::Delta("many items?".to_owned())),
            Ok(StreamEvent::Finish(FinishReason::Stop)),
            Ok(StreamEvent::Usage(Usage {
                prompt_tokens: 42,
                completion_tokens: 9
            })),
        ]
    );
    let r = f.received.lock().unwrap()[0].clone();
    assert_eq!(r.path, "/v1/messages");
    assert_eq!(r.api_key.as_deref(), Some("sk-ant-test"));
    assert_eq!(r.version.as_deref(), Some(ANTHROPIC_VERSION));
    assert!(r.authorization.is_none());
    assert_eq!(
        r.body["system"],
        "Guide with questions.\n\nNever give the solution."
    );
    assert_eq!(r.body["stream"], true);
    assert_eq!(r.body["model"], "claude-tutor");
    assert_eq!(r.body["max_tokens"], 300);
    let messages = r.body["messages"].as_array().unwrap();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["user", "assistant", "user"],
        "adjacent user messages are joined"
    );
    let first = messages[0]["content"].as_str().unwrap();
    assert!(
        first.contains("<<<exercise:0\nCount the words.\nexercise:0>>>")
            && first.contains("<<<learner-message:0\nhelp")
    );
}

#[tokio::test]
async fn structured_output_is_a_forced_tool_streamed_as_json() {
    let mut events = vec![
        start(10),
        event(
            &json!({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"exercise","input":{}}}),
        ),
        event(
            &json!({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"title\": "}}),
        ),
        event(
            &json!({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\"Sum\"}"}}),
        ),
    ];
    events.extend(stop("tool_use", 12));
    let f = fake(now(events)).await;
    let mut r = request();
    r.json_schema = Some(JsonSchema {
        name: "exercise".to_owned(),
        schema: json!({"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}),
    });
    let got: Vec<_> = model(&f.base).stream(r).await.unwrap().collect().await;
    let json: String = got
        .iter()
        .filter_map(|e| match e {
            Ok(StreamEvent::Delta(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap(),
        json!({"title":"Sum"})
    );
    let body = f.received.lock().unwrap()[0].body.clone();
    assert_eq!(
        body["tool_choice"],
        json!({"type":"tool","name":"exercise"})
    );
    assert_eq!(body["tools"][0]["input_schema"]["required"][0], "title");
}

#[tokio::test]
async fn error_events_and_statuses_are_typed() {
    let f = fake(now(vec![
        start(5),
        text("Hm"),
        event(&json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})),
    ]))
    .await;
    let got: Vec<_> = model(&f.base)
        .stream(request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(
        got[1],
        Err(ModelError::Unavailable("Overloaded".to_owned()))
    );

    let f = fake(Script::Status {
        status: 429,
        headers: vec![("retry-after".to_owned(), "3".to_owned())],
        body: json!({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})
            .to_string(),
    })
    .await;
    assert_eq!(
        model(&f.base).stream(request()).await.err(),
        Some(ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(3))
        })
    );
    let f = fake(Script::Status {
        status: 529,
        headers: vec![],
        body: json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})
            .to_string(),
    })
    .await;
    assert_eq!(
        model(&f.base).stream(request()).await.err(),
        Some(ModelError::Unavailable("HTTP 529: Overloaded".to_owned()))
    );
    let f = fake(Script::Status {
        status: 400,
        headers: vec![],
        body: json!({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}).to_string(),
    })
    .await;
    assert_eq!(
        model(&f.base).stream(request()).await.err(),
        Some(ModelError::Refused {
            status: 400,
            message: "max_tokens: too large".to_owned()
        })
    );
}

#[tokio::test]
async fn a_stream_cut_before_message_stop_is_an_interruption() {
    let f = fake(now(vec![start(5), text("Half")])).await;
    let got: Vec<_> = model(&f.base)
        .stream(request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(
        got,
        vec![
            Ok(StreamEvent::Delta("Half".to_owned())),
            Err(ModelError::Interrupted)
        ]
    );
    let f = fake(now(vec![
        start(5),
        text("x"),
        event(&json!({"type":"message_stop"})),
    ]))
    .await;
    let got: Vec<_> = model(&f.base)
        .stream(request())
        .await
        .unwrap()
        .collect()
        .await;
    assert!(
        matches!(got.last(), Some(Err(ModelError::Protocol(_)))),
        "message_stop without a stop reason: {got:?}"
    );
}
