//! `bench-stream`: opens streamed answers, `--concurrency` at once, `--requests` each, and
//! reports time to the first token and the gap between tokens (JSON on stdout). `--mode
//! direct` posts chat completions to a provider or proxy (`--url` = its base URL, `--bearer`
//! its key if it wants one); `--mode mentor` posts
//! turns to Mentor's SSE endpoint (`--url` = Mentor's base URL, with `--cookie` and `--csrf`),
//! each in a conversation of its own, started (untimed) just before. `--mode idle` opens
//! `--streams` turns that stay open (the provider holds its first token back) and reports the
//! time to each one's first event and the server's (`--server-pid`) memory per open stream;
//! `--mode ws-idle` does the same with quiet chat WebSockets.

use std::time::{Duration, Instant};

use serde_json::json;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// One answer: time to the first token, and the gaps between tokens, in milliseconds.
async fn one(request: reqwest::RequestBuilder, mentor: bool) -> Result<(f64, Vec<f64>), String> {
    let started = Instant::now();
    let mut response = request.send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()));
    }
    let mut buffer = String::new();
    let mut first: Option<Duration> = None;
    let mut last: Option<Instant> = None;
    let mut gaps = Vec::new();
    while let Some(bytes) = response.chunk().await.map_err(|e| e.to_string())? {
        buffer.push_str(&String::from_utf8_lossy(&bytes));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let token = if mentor {
                event.starts_with("event: delta")
            } else {
                event.contains("\"content\"")
            };
            if token {
                let now = Instant::now();
                match last {
                    None => first = Some(now - started),
                    Some(previous) => gaps.push((now - previous).as_secs_f64() * 1000.0),
                }
                last = Some(now);
            }
        }
    }
    let first = first.ok_or("no token arrived")?;
    Ok((first.as_secs_f64() * 1000.0, gaps))
}

/// Starts a conversation (not timed); its id.
async fn start(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    csrf: &str,
) -> Result<String, String> {
    let response = client
        .post(format!("{url}/api/v1/chat/conversations"))
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "title": "bench" }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!(
            "starting a conversation: HTTP {}",
            response.status()
        ));
    }
    let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    body["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "starting a conversation: no id".to_owned())
}

/// Resident memory of process `pid`, KiB (`VmRSS`).
fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Opens a turn and waits for its first event (the stored learner message); returns the time
/// that took and the still open response.
async fn open_turn(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    csrf: &str,
    conversation: &str,
) -> Result<(f64, reqwest::Response), String> {
    let started = Instant::now();
    let mut response = client
        .post(format!(
            "{url}/api/v1/chat/conversations/{conversation}/messages"
        ))
        .header("Accept", "text/event-stream")
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "content": "a question that waits" }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()));
    }
    let mut buffer = String::new();
    while !buffer.contains("\n\n") {
        match response.chunk().await.map_err(|e| e.to_string())? {
            Some(bytes) => buffer.push_str(&String::from_utf8_lossy(&bytes)),
            None => return Err("the stream ended before its first event".to_owned()),
        }
    }
    Ok((started.elapsed().as_secs_f64() * 1000.0, response))
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a chat WebSocket (cookie and Origin like a browser); returns the handshake time.
async fn open_socket(url: &str, cookie: &str) -> Result<(f64, Socket), String> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
    let started = Instant::now();
    let mut request = format!("{}/api/v1/chat/ws", url.replacen("http://", "ws://", 1))
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let headers = request.headers_mut();
    headers.insert("Cookie", cookie.parse().map_err(|_| "bad cookie")?);
    headers.insert("Origin", url.parse().map_err(|_| "bad origin")?);
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|e| e.to_string())?;
    Ok((started.elapsed().as_secs_f64() * 1000.0, socket))
}

/// An open connection being held.
enum Held {
    Turn(reqwest::Response),
    Socket(Box<Socket>),
}

impl Held {
    /// Reads what comes (heartbeats); `false` once the server ended it.
    async fn next(&mut self) -> bool {
        use futures_util::StreamExt as _;
        match self {
            Self::Turn(response) => matches!(response.chunk().await, Ok(Some(_))),
            Self::Socket(socket) => matches!(socket.next().await, Some(Ok(_))),
        }
    }
}

/// `--mode idle`: `--streams` turns whose answer does not come (the fake provider holds its
/// first token back), opened `--open-concurrency` at a time; reports the time to each
/// stream's first event and the server's (`--server-pid`) resident memory per open stream.
/// `--mode ws-idle`: the same with chat WebSockets that are open and quiet (time to the
/// completed handshake).
async fn idle(url: String, cookie: String, csrf: String, sockets: bool) {
    let streams: usize = arg("--streams")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let opening: usize = arg("--open-concurrency")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let hold = Duration::from_secs(arg("--hold-secs").and_then(|v| v.parse().ok()).unwrap_or(5));
    let pid: u32 = arg("--server-pid")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    // Conversations first (untimed), 50 at a time.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(50));
    let mut starts = Vec::new();
    for _ in 0..if sockets { 0 } else { streams } {
        let (client, url, cookie, csrf) =
            (client.clone(), url.clone(), cookie.clone(), csrf.clone());
        let permits = permits.clone();
        starts.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            start(&client, &url, &cookie, &csrf).await
        }));
    }
    let mut conversations = Vec::new();
    if sockets {
        conversations.resize(streams, String::new());
    }
    let (mut errors, mut last_error) = (0usize, String::new());
    for s in starts {
        match s.await.unwrap_or_else(|e| Err(e.to_string())) {
            Ok(id) => conversations.push(id),
            Err(e) => {
                errors += 1;
                last_error = e;
            }
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = rss_kib(pid);
    let (release, released) = tokio::sync::watch::channel(false);
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(opening));
    let (opened_tx, mut opened_rx) = tokio::sync::mpsc::unbounded_channel();
    for conversation in conversations {
        let (client, url, cookie, csrf) =
            (client.clone(), url.clone(), cookie.clone(), csrf.clone());
        let (permits, opened_tx, mut released) =
            (permits.clone(), opened_tx.clone(), released.clone());
        tokio::spawn(async move {
            let permit = permits.acquire_owned().await;
            let opened = if sockets {
                open_socket(&url, &cookie)
                    .await
                    .map(|(ms, s)| (ms, Held::Socket(Box::new(s))))
            } else {
                open_turn(&client, &url, &cookie, &csrf, &conversation)
                    .await
                    .map(|(ms, r)| (ms, Held::Turn(r)))
            };
            drop(permit);
            match opened {
                Ok((ms, mut held)) => {
                    let _ = opened_tx.send(Ok(ms));
                    // Hold it (reading heartbeats) until released.
                    loop {
                        tokio::select! {
                            _ = released.changed() => break,
                            open = held.next() => if !open { break },
                        }
                    }
                }
                Err(e) => {
                    let _ = opened_tx.send(Err(e));
                }
            }
        });
    }
    drop(opened_tx);
    drop(released);
    let mut first = Vec::new();
    while let Some(result) = opened_rx.recv().await {
        match result {
            Ok(ms) => first.push(ms),
            Err(e) => {
                errors += 1;
                last_error = e;
            }
        }
        if first.len() + errors >= streams {
            break;
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid);
    tokio::time::sleep(hold).await;
    let _ = release.send(true);
    first.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let per_stream = match (before, after) {
        (Some(b), Some(a)) if !first.is_empty() => {
            Some(a.saturating_sub(b) as f64 / first.len() as f64)
        }
        _ => None,
    };
    println!(
        "{}",
        json!({
            "open": first.len(),
            "errors": errors,
            "last_error": last_error,
            "first_event_ms": { "p50": percentile(&first, 0.5), "p99": percentile(&first, 0.99) },
            "rss_kib": { "before": before, "after": after },
            "kib_per_stream": per_stream,
        })
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = arg("--url").unwrap_or_default();
    if let Some(mode @ ("idle" | "ws-idle")) = arg("--mode").as_deref() {
        idle(
            url,
            arg("--cookie").unwrap_or_default(),
            arg("--csrf").unwrap_or_default(),
            mode == "ws-idle",
        )
        .await;
        return;
    }
    let mentor = arg("--mode").as_deref() == Some("mentor");
    let concurrency: usize = arg("--concurrency")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let requests: usize = arg("--requests").and_then(|v| v.parse().ok()).unwrap_or(10);
    let cookie = arg("--cookie").unwrap_or_default();
    let csrf = arg("--csrf").unwrap_or_default();
    let bearer = arg("--bearer");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let url = url.clone();
        let (cookie, csrf, bearer) = (cookie.clone(), csrf.clone(), bearer.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for i in 0..requests {
                let request = if mentor {
                    let conversation = match start(&client, &url, &cookie, &csrf).await {
                        Ok(id) => id,
                        Err(e) => {
                            out.push(Err(e));
                            continue;
                        }
                    };
                    client
                        .post(format!(
                            "{url}/api/v1/chat/conversations/{conversation}/messages"
                        ))
                        .header("Accept", "text/event-stream")
                        .header("Cookie", &cookie)
                        .header("X-CSRF-Token", &csrf)
                        .json(&json!({ "content": format!("question {i}") }))
                } else {
                    let request = client.post(format!("{url}/chat/completions")).json(&json!({
                        "model": "bench",
                        "stream": true,
                        "messages": [{ "role": "user", "content": format!("question {i}") }],
                    }));
                    match &bearer {
                        Some(key) => request.bearer_auth(key),
                        None => request,
                    }
                };
                out.push(one(request, mentor).await);
            }
            out
        }));
    }
    let (mut first, mut gaps, mut errors) = (Vec::new(), Vec::new(), 0usize);
    let mut last_error = String::new();
    for task in tasks {
        for result in task.await.unwrap_or_default() {
            match result {
                Ok((f, g)) => {
                    first.push(f);
                    gaps.extend(g);
                }
                Err(e) => {
                    errors += 1;
                    last_error = e;
                }
            }
        }
    }
    first.sort_by(f64::total_cmp);
    gaps.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let mean_gap = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    println!(
        "{}",
        json!({
            "answers": first.len(),
            "errors": errors,
            "last_error": last_error,
            "first_token_ms": { "p50": percentile(&first, 0.5), "p99": percentile(&first, 0.99) },
            "gap_ms": { "mean": mean_gap, "p50": percentile(&gaps, 0.5), "p99": percentile(&gaps, 0.99) },
        })
    );
}
