//! `fake-llm`: the fake provider as a process, for `make bench`. Every request gets an
//! OpenAI-style streamed answer of `--chunks` deltas, `--interval-ms` apart, then usage and
//! `[DONE]`; `--first-token-delay-ms` holds the first delta back (for idle streams). Prints its
//! base URL on the first line of stdout.

use std::time::Duration;

use mentor_fake_llm::{Script, delta, fake_on, finish, usage};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let port = u16::try_from(arg("--port", 0)).unwrap_or(0);
    let chunks = arg("--chunks", 20);
    let interval = Duration::from_millis(arg("--interval-ms", 5));
    let first_delay = Duration::from_millis(arg("--first-token-delay-ms", 0));
    let mut events = Vec::new();
    for i in 0..chunks {
        let pause = if i == 0 { first_delay } else { interval };
        events.push((pause, delta(&format!("word{i} "))));
    }
    events.push((Duration::ZERO, finish("stop")));
    events.push((
        Duration::ZERO,
        usage(50, u32::try_from(chunks).unwrap_or(0)),
    ));
    events.push((Duration::ZERO, "data: [DONE]\n\n".to_owned()));
    let script = Script::Events {
        before_headers: Duration::ZERO,
        events,
    };
    let fake = fake_on(port, move |_| script.clone()).await;
    println!("{}", fake.base);
    tokio::signal::ctrl_c().await.ok();
}
