//! A fake language-model provider on 127.0.0.1: HTTP/1.1 over a raw socket, answering each
//! request with a scripted status or a Server-Sent-Events body (pauses included), and
//! recording what it received. It speaks the wire formats of the OpenAI chat-completions API
//! and Anthropic's Messages API (the script decides which), so the real adapters run against
//! it in tests and benchmarks.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: a broken fake is a failed test

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// What the fake answers.
#[derive(Debug, Clone)]
pub enum Script {
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
pub struct Received {
    /// The request path.
    pub path: String,
    /// `Authorization`.
    pub authorization: Option<String>,
    /// `x-api-key`.
    pub api_key: Option<String>,
    /// `anthropic-version`.
    pub version: Option<String>,
    /// The JSON body.
    pub body: Value,
}

impl Received {
    /// Every message text of the request (system field included), joined.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some(system) = self.body["system"].as_str() {
            out.push_str(system);
            out.push('\n');
        }
        for m in self.body["messages"].as_array().into_iter().flatten() {
            if let Some(content) = m["content"].as_str() {
                out.push_str(content);
                out.push('\n');
            }
        }
        out
    }
}

/// A running fake provider.
#[derive(Debug, Clone)]
pub struct Fake {
    /// Its base URL (`http://127.0.0.1:PORT/v1`).
    pub base: String,
    /// Every request so far.
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Fake {
    /// The requests so far.
    #[must_use]
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// One SSE `data:` event.
#[must_use]
pub fn data(v: &Value) -> String {
    format!("data: {v}\n\n")
}

/// An OpenAI chunk carrying `text`.
#[must_use]
pub fn delta(text: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":text},"finish_reason":null}]}),
    )
}

/// An OpenAI chunk finishing with `reason`.
#[must_use]
pub fn finish(reason: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":reason}]}),
    )
}

/// An OpenAI usage chunk.
#[must_use]
pub fn usage(prompt: u32, completion: u32) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":prompt,"completion_tokens":completion,"total_tokens":prompt+completion}}),
    )
}

/// These events at once, without pauses.
#[must_use]
pub fn now(events: Vec<String>) -> Script {
    Script::Events {
        before_headers: Duration::ZERO,
        events: events.into_iter().map(|e| (Duration::ZERO, e)).collect(),
    }
}

/// An OpenAI-style answer: `chunks` as deltas, `stop`, usage, `[DONE]`.
#[must_use]
pub fn openai_answer(chunks: &[&str], prompt_tokens: u32, completion_tokens: u32) -> Script {
    let mut events: Vec<String> = chunks.iter().map(|c| delta(c)).collect();
    events.push(finish("stop"));
    events.push(usage(prompt_tokens, completion_tokens));
    events.push("data: [DONE]\n\n".to_owned());
    now(events)
}

/// A fake answering every request with `script`.
pub async fn fake(script: Script) -> Fake {
    fake_with(move |_| script.clone()).await
}

/// A fake answering each request with what `respond` makes of it.
pub async fn fake_with(respond: impl Fn(&Received) -> Script + Send + Sync + 'static) -> Fake {
    fake_on(0, respond).await
}

/// A fake on `port` of 127.0.0.1 (0 = any free port) answering with `respond`.
pub async fn fake_on(
    port: u16,
    respond: impl Fn(&Received) -> Script + Send + Sync + 'static,
) -> Fake {
    let respond = Arc::new(respond);
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let respond = respond.clone();
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
                let received = Received {
                    path: head
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_owned(),
                    authorization: header("authorization"),
                    api_key: header("x-api-key"),
                    version: header("anthropic-version"),
                    // A request without a JSON body (a health probe, a model list) is recorded as null.
                    body: serde_json::from_slice(&raw[head_end..head_end + length])
                        .unwrap_or(serde_json::Value::Null),
                };
                let script = respond(&received);
                log.lock().unwrap().push(received);
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
