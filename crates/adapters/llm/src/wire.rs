//! What every HTTP provider shares: sending a request under the time limits, mapping an
//! error status and body to a [`ModelError`], and turning an SSE body into [`StreamEvent`]s
//! with a provider-specific [`Decode`]r (first-event and between-event limits included).

use std::collections::VecDeque;
use std::pin::Pin;
use std::time::Duration;

use futures_util::{Stream, StreamExt as _, stream};
use mentor_tutoring::{ModelError, ModelStream, StreamEvent, TimeoutKind};
use serde_json::Value;

use crate::sse::SseDecoder;

/// The time limits of one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting.
    pub connect: Duration,
    /// From sending the request to the first event.
    pub first_token: Duration,
    /// Between two events.
    pub idle: Duration,
    /// The whole request.
    pub overall: Duration,
}

/// What one SSE event's data meant.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Events for the caller.
    pub events: Vec<StreamEvent>,
    /// The answer is complete (a finish reason arrived).
    pub finished: bool,
    /// The provider ended the stream (nothing more will be read).
    pub done: bool,
}

/// A provider's streaming format.
pub trait Decode: Send + 'static {
    /// Decodes one event's data.
    ///
    /// # Errors
    /// A malformed event ([`ModelError::Protocol`]) or an error event.
    fn decode(&mut self, data: &str) -> Result<Decoded, ModelError>;
}

/// The provider's message from an error body (`{"error":{"message"}}`, `{"error":"…"}`,
/// `{"message"}` or text), at most 500 characters.
#[must_use]
pub fn error_message(text: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let message = parsed
        .as_ref()
        .and_then(|v| {
            v["error"]["message"]
                .as_str()
                .or_else(|| v["error"].as_str())
                .or_else(|| v["message"].as_str())
        })
        .unwrap_or(text);
    message.chars().take(500).collect()
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn send_error(e: &reqwest::Error) -> ModelError {
    if e.is_timeout() {
        ModelError::Timeout(if e.is_connect() {
            TimeoutKind::Connect
        } else {
            TimeoutKind::Overall
        })
    } else {
        ModelError::Unavailable(format!("{e}"))
    }
}

/// Sends `call`, checks the status, and streams the body's events through `decoder`.
///
/// # Errors
/// Before any event: 429 → [`ModelError::RateLimited`], 5xx (and 529) →
/// [`ModelError::Unavailable`], other 4xx → [`ModelError::Refused`], no answer in time →
/// [`ModelError::Timeout`], no connection → [`ModelError::Unavailable`].
pub async fn stream_events(
    call: reqwest::RequestBuilder,
    timeouts: Timeouts,
    decoder: impl Decode,
) -> Result<ModelStream, ModelError> {
    let response =
        tokio::time::timeout(timeouts.first_token, call.timeout(timeouts.overall).send())
            .await
            .map_err(|_| ModelError::Timeout(TimeoutKind::FirstToken))?
            .map_err(|e| send_error(&e))?;
    let status = response.status();
    if !status.is_success() {
        let wait = retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        return Err(match status.as_u16() {
            429 => ModelError::RateLimited { retry_after: wait },
            code if code >= 500 => {
                ModelError::Unavailable(format!("HTTP {code}: {}", error_message(&text)))
            }
            code => ModelError::Refused {
                status: code,
                message: error_message(&text),
            },
        });
    }
    let bytes: Bytes = Box::pin(response.bytes_stream().map(|r| r.map(|b| b.to_vec())));
    let reading = Reading {
        bytes,
        sse: SseDecoder::default(),
        decoder,
        queue: VecDeque::new(),
        started: false,
        finished: false,
        done: false,
        timeouts,
    };
    Ok(Box::pin(stream::unfold(reading, |mut r| async move {
        loop {
            if let Some(item) = r.queue.pop_front() {
                return Some((item, r));
            }
            if r.done {
                return None;
            }
            r.fill().await;
        }
    })))
}

type Bytes = Pin<Box<dyn Stream<Item = reqwest::Result<Vec<u8>>> + Send>>;

struct Reading<D> {
    bytes: Bytes,
    sse: SseDecoder,
    decoder: D,
    queue: VecDeque<Result<StreamEvent, ModelError>>,
    started: bool,
    finished: bool,
    done: bool,
    timeouts: Timeouts,
}

impl<D: Decode> Reading<D> {
    /// Reads the next chunk and queues its events; marks the stream done at its end, at the
    /// provider's end marker, or on an error.
    async fn fill(&mut self) {
        let wait = if self.started {
            self.timeouts.idle
        } else {
            self.timeouts.first_token
        };
        match tokio::time::timeout(wait, self.bytes.next()).await {
            Err(_) => self.fail(ModelError::Timeout(if self.started {
                TimeoutKind::BetweenTokens
            } else {
                TimeoutKind::FirstToken
            })),
            Ok(None) => {
                self.done = true;
                if !self.finished {
                    self.queue.push_back(Err(ModelError::Interrupted));
                }
            }
            Ok(Some(Err(e))) => self.fail(if e.is_timeout() {
                ModelError::Timeout(TimeoutKind::Overall)
            } else {
                ModelError::Interrupted
            }),
            Ok(Some(Ok(bytes))) => match self.sse.push(&bytes) {
                Err(e) => self.fail(ModelError::Protocol(e)),
                Ok(datas) => {
                    for data in datas {
                        self.started = true;
                        match self.decoder.decode(&data) {
                            Err(e) => return self.fail(e),
                            Ok(decoded) => {
                                self.finished |= decoded.finished;
                                self.queue.extend(decoded.events.into_iter().map(Ok));
                                if decoded.done {
                                    self.done = true;
                                    if !self.finished {
                                        self.queue.push_back(Err(ModelError::Protocol(
                                            "the stream ended before a finish reason".to_owned(),
                                        )));
                                    }
                                    return;
                                }
                            }
                        }
                    }
                }
            },
        }
    }

    fn fail(&mut self, error: ModelError) {
        self.done = true;
        self.queue.push_back(Err(error));
    }
}
