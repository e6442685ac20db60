//! A fake language-model provider on 127.0.0.1: HTTP/1.1 over a raw socket, answering each
//! request with a scripted status or a Server-Sent-Events body (pauses included), and
//! recording what it received.

use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// What the fake answers.
#[derive(Clone)]
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
    pub path: String,
    pub authorization: Option<String>,
    pub api_key: Option<String>,
    pub version: Option<String>,
    pub body: Value,
}

pub struct Fake {
    pub base: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

pub fn data(v: &Value) -> String {
    format!("data: {v}\n\n")
}

pub fn delta(text: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":text},"finish_reason":null}]}),
    )
}

pub fn finish(reason: &str) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":reason}]}),
    )
}

pub fn usage(prompt: u32, completion: u32) -> String {
    data(
        &json!({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":prompt,"completion_tokens":completion,"total_tokens":prompt+completion}}),
    )
}

pub fn now(events: Vec<String>) -> Script {
    Script::Events {
        before_headers: Duration::ZERO,
        events: events.into_iter().map(|e| (Duration::ZERO, e)).collect(),
    }
}

pub async fn fake(script: Script) -> Fake {
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
                    api_key: header("x-api-key"),
                    version: header("anthropic-version"),
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

pub fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
