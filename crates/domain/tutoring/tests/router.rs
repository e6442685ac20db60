//! Routing over scripted providers, with paused time: retries only before the first event,
//! failover in order, circuits that open, refuse, probe and close.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{StreamExt as _, stream};
use mentor_tutoring::{
    ChatMessage, CircuitState, FinishReason, LanguageModel, ModelError, ModelRequest, ModelStream,
    Router, RouterSettings, StreamEvent, TimeoutKind,
};

/// What one call to a scripted provider does.
#[derive(Clone)]
enum Outcome {
    /// `stream` fails at once.
    Refuse(ModelError),
    /// `stream` succeeds with these items.
    Answer(Vec<Result<StreamEvent, ModelError>>),
    /// `stream` succeeds but no event ever comes.
    Hang,
}

struct Scripted {
    name: &'static str,
    script: Mutex<VecDeque<Outcome>>,
    calls: Mutex<u32>,
}

impl Scripted {
    fn new(name: &'static str, script: Vec<Outcome>) -> Arc<Self> {
        Arc::new(Self {
            name,
            script: Mutex::new(script.into()),
            calls: Mutex::new(0),
        })
    }

    fn calls(&self) -> u32 {
        *self.calls.lock().unwrap()
    }

    fn push(&self, outcome: Outcome) {
        self.script.lock().unwrap().push_back(outcome);
    }
}

#[async_trait]
impl LanguageModel for Scripted {
    fn provider(&self) -> &str {
        self.name
    }

    fn model(&self) -> &str {
        "scripted"
    }

    async fn stream(&self, _request: ModelRequest) -> Result<ModelStream, ModelError> {
        *self.calls.lock().unwrap() += 1;
        match self.script.lock().unwrap().pop_front() {
            Some(Outcome::Refuse(e)) => Err(e),
            Some(Outcome::Answer(items)) => Ok(Box::pin(stream::iter(items))),
            Some(Outcome::Hang) => Ok(Box::pin(stream::pending())),
            None => Err(ModelError::Unavailable("script exhausted".to_owned())),
        }
    }
}

fn ok(text: &str) -> Outcome {
    Outcome::Answer(vec![
        Ok(StreamEvent::Delta(text.to_owned())),
        Ok(StreamEvent::Finish(FinishReason::Stop)),
    ])
}

fn down() -> Outcome {
    Outcome::Refuse(ModelError::Unavailable("HTTP 503: overloaded".to_owned()))
}

fn request() -> ModelRequest {
    ModelRequest {
        messages: vec![ChatMessage::system("be brief")],
        max_output_tokens: 64,
        temperature: 0.0,
        json_schema: None,
    }
}

fn settings() -> RouterSettings {
    RouterSettings {
        attempts_per_provider: 2,
        backoff: Duration::from_millis(100),
        max_retry_after: Duration::from_secs(2),
        failure_threshold: 2,
        open_for: Duration::from_secs(30),
    }
}

fn router(providers: &[&Arc<Scripted>]) -> Router {
    Router::new(
        providers
            .iter()
            .map(|p| (*p).clone() as Arc<dyn LanguageModel>)
            .collect(),
        settings(),
    )
}

async fn text(router: &Router) -> Result<String, ModelError> {
    let items: Vec<_> = router.stream(request()).await?.collect().await;
    let mut out = String::new();
    for item in items {
        if let StreamEvent::Delta(t) = item? {
            out.push_str(&t);
        }
    }
    Ok(out)
}

#[tokio::test(start_paused = true)]
async fn a_transient_failure_is_retried_then_the_next_provider_answers() {
    let a = Scripted::new("a", vec![down(), down()]);
    let b = Scripted::new("b", vec![ok("from b")]);
    let r = router(&[&a, &b]);
    assert_eq!(text(&r).await.unwrap(), "from b");
    assert_eq!((a.calls(), b.calls()), (2, 1));
}

#[tokio::test(start_paused = true)]
async fn a_failure_before_the_first_event_counts_like_a_refusal() {
    let a = Scripted::new(
        "a",
        vec![
            Outcome::Answer(vec![Err(ModelError::Timeout(TimeoutKind::FirstToken))]),
            ok("second try"),
        ],
    );
    let r = router(&[&a]);
    assert_eq!(text(&r).await.unwrap(), "second try");
    assert_eq!(a.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_refused_request_is_not_retried_but_fails_over() {
    let a = Scripted::new(
        "a",
        vec![Outcome::Refuse(ModelError::Refused {
            status: 401,
            message: "bad key".to_owned(),
        })],
    );
    let b = Scripted::new("b", vec![ok("b")]);
    let r = router(&[&a, &b]);
    assert_eq!(text(&r).await.unwrap(), "b");
    assert_eq!(a.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn after_the_first_event_a_failure_is_passed_on_not_retried() {
    let a = Scripted::new(
        "a",
        vec![Outcome::Answer(vec![
            Ok(StreamEvent::Delta("half".to_owned())),
            Err(ModelError::Interrupted),
        ])],
    );
    let b = Scripted::new("b", vec![ok("b")]);
    let r = router(&[&a, &b]);
    let items: Vec<_> = r.stream(request()).await.unwrap().collect().await;
    assert_eq!(
        items,
        vec![
            Ok(StreamEvent::Delta("half".to_owned())),
            Err(ModelError::Interrupted)
        ]
    );
    assert_eq!(b.calls(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_short_retry_after_is_honoured_and_a_long_one_moves_on() {
    let a = Scripted::new(
        "a",
        vec![
            Outcome::Refuse(ModelError::RateLimited {
                retry_after: Some(Duration::from_secs(1)),
            }),
            ok("a after waiting"),
        ],
    );
    let r = router(&[&a]);
    let started = tokio::time::Instant::now();
    assert_eq!(text(&r).await.unwrap(), "a after waiting");
    assert!(started.elapsed() >= Duration::from_secs(1));

    let a = Scripted::new(
        "a",
        vec![Outcome::Refuse(ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(60)),
        })],
    );
    let b = Scripted::new("b", vec![ok("b")]);
    let r = router(&[&a, &b]);
    assert_eq!(text(&r).await.unwrap(), "b");
    assert_eq!(a.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_circuit_opens_refuses_then_probes_and_closes() {
    let a = Scripted::new("a", vec![down(), down(), down(), down()]);
    let b = Scripted::new("b", vec![ok("b1"), ok("b2"), ok("b3")]);
    let r = router(&[&a, &b]);
    // Two failed requests (two attempts each) open a's circuit.
    assert_eq!(text(&r).await.unwrap(), "b1");
    assert_eq!(text(&r).await.unwrap(), "b2");
    assert_eq!(a.calls(), 4);
    assert_eq!(r.circuits()[0], ("a".to_owned(), CircuitState::Open));
    // Open: a is not asked at all.
    assert_eq!(text(&r).await.unwrap(), "b3");
    assert_eq!(a.calls(), 4);
    // After open_for, one probe goes to a; it succeeds and the circuit closes.
    tokio::time::advance(Duration::from_secs(31)).await;
    assert_eq!(r.circuits()[0].1, CircuitState::HalfOpen);
    a.push(ok("a is back"));
    assert_eq!(text(&r).await.unwrap(), "a is back");
    assert_eq!(r.circuits()[0].1, CircuitState::Closed);
}

#[tokio::test(start_paused = true)]
async fn a_probe_whose_request_is_dropped_frees_the_probe_slot() {
    let a = Scripted::new("a", vec![down(), down(), down(), down()]);
    let b = Scripted::new("b", vec![ok("1"), ok("2")]);
    let r = router(&[&a, &b]);
    text(&r).await.unwrap();
    text(&r).await.unwrap();
    tokio::time::advance(Duration::from_secs(31)).await;
    // The probe never answers and the learner goes away: the request is dropped.
    a.push(Outcome::Hang);
    assert!(
        tokio::time::timeout(Duration::from_secs(1), text(&r))
            .await
            .is_err()
    );
    // The next request may probe again, instead of the circuit refusing for good.
    a.push(ok("a is back"));
    assert_eq!(text(&r).await.unwrap(), "a is back");
    assert_eq!(r.circuits()[0].1, CircuitState::Closed);
}

#[tokio::test(start_paused = true)]
async fn a_failed_probe_opens_the_circuit_again() {
    let a = Scripted::new("a", vec![down(), down(), down(), down(), down(), down()]);
    let b = Scripted::new("b", vec![ok("1"), ok("2"), ok("3")]);
    let r = router(&[&a, &b]);
    text(&r).await.unwrap();
    text(&r).await.unwrap();
    tokio::time::advance(Duration::from_secs(31)).await;
    assert_eq!(text(&r).await.unwrap(), "3");
    assert_eq!(r.circuits()[0].1, CircuitState::Open);
}

#[tokio::test(start_paused = true)]
async fn when_every_provider_fails_the_last_error_is_returned() {
    let a = Scripted::new("a", vec![down(), down()]);
    let r = router(&[&a]);
    assert_eq!(
        text(&r).await.err(),
        Some(ModelError::Unavailable("HTTP 503: overloaded".to_owned()))
    );
    let none = Router::new(Vec::new(), settings());
    assert!(matches!(
        none.stream(request()).await.err(),
        Some(ModelError::Unavailable(_))
    ));
}
