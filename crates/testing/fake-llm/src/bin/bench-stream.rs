//! `bench-stream`: opens streamed answers, `--concurrency` at once, `--requests` each, and
//! reports time to the first token and the gap between tokens (JSON on stdout). `--mode
//! direct` posts chat completions to a provider (`--url` = its base URL); `--mode mentor` posts
//! turns to Mentor's SSE endpoint (`--url` = Mentor's base URL, with `--cookie` and `--csrf`),
//! each in a conversation of its own, started (untimed) just before.

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

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = arg("--url").unwrap_or_default();
    let mentor = arg("--mode").as_deref() == Some("mentor");
    let concurrency: usize = arg("--concurrency")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let requests: usize = arg("--requests").and_then(|v| v.parse().ok()).unwrap_or(10);
    let cookie = arg("--cookie").unwrap_or_default();
    let csrf = arg("--csrf").unwrap_or_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let url = url.clone();
        let (cookie, csrf) = (cookie.clone(), csrf.clone());
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
                    client.post(format!("{url}/chat/completions")).json(&json!({
                        "model": "bench",
                        "stream": true,
                        "messages": [{ "role": "user", "content": format!("question {i}") }],
                    }))
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
